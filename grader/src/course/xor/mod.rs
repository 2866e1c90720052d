//! Hidden cases and known mistakes of the `xor` chapter.
//!
//! The slides define OR and AND as neurons over real inputs: the four rows
//! of the ±1 truth table are boundary cases, and the random cases are real
//! inputs, so a truth table or a logical OR of the signs does not pass.

use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::spec::{Mistake, Spec};
use crate::wire::{f64_arg, num};

const LOGIC_OR: &str = "calculaste el OR lógico de los signos de x1 y x2, que coincide con la neurona sólo en ±1: la neurona es y1 = sgn(x1 + x2 + 1) para cualquier entrada real (por ejemplo, (0.5, −2) da −1)";
const LOGIC_AND: &str = "calculaste el AND lógico de los signos de x1 y x2, que coincide con la neurona sólo en ±1: la neurona es y2 = sgn(x1 + x2 − 1) para cualquier entrada real (por ejemplo, (0.25, 0.5) da −1)";

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "xor",
            id: "or_neuron",
            hidden: real_inputs,
            boundary: |_| neuron_edges(),
            mistakes: vec![
                Mistake {
                    diagnosis: "tu neurona calcula AND, no OR: revisá el sesgo, que en y1 = sgn(x1 + x2 + 1) es +1 (con sesgo −1, o sin sesgo, la neurona da AND)",
                    answer: |i| Some(num(neuron(i, -1.0)?)),
                },
                Mistake {
                    diagnosis: LOGIC_OR,
                    answer: |i| {
                        let (x1, x2) = inputs(i)?;
                        Some(num(if x1 > 0.0 || x2 > 0.0 { 1.0 } else { -1.0 }))
                    },
                },
                Mistake {
                    diagnosis: "devolviste z = x1 + x2 + 1 sin aplicarle sgn: la salida de la neurona tiene que ser +1 o −1",
                    answer: |i| {
                        let (x1, x2) = inputs(i)?;
                        Some(num(x1 + x2 + 1.0))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "xor",
            id: "and_neuron",
            hidden: real_inputs,
            boundary: |_| neuron_edges(),
            mistakes: vec![
                Mistake {
                    diagnosis: "tu neurona calcula OR, no AND: revisá el sesgo, que en y2 = sgn(x1 + x2 − 1) es −1",
                    answer: |i| Some(num(neuron(i, 1.0)?)),
                },
                Mistake {
                    diagnosis: LOGIC_AND,
                    answer: |i| {
                        let (x1, x2) = inputs(i)?;
                        Some(num(if x1 > 0.0 && x2 > 0.0 { 1.0 } else { -1.0 }))
                    },
                },
                Mistake {
                    diagnosis: "devolviste z = x1 + x2 − 1 sin aplicarle sgn: la salida de la neurona tiene que ser +1 o −1",
                    answer: |i| {
                        let (x1, x2) = inputs(i)?;
                        Some(num(x1 + x2 - 1.0))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "xor",
            id: "xor_network",
            hidden: real_inputs,
            boundary: |_| neuron_edges(),
            mistakes: vec![
                Mistake {
                    diagnosis: "tus neuronas ocultas calculan el OR y el AND lógicos de los signos de x1 y x2, que coinciden con las neuronas sólo en ±1: y1 = sgn(x1 + x2 + 1) e y2 = sgn(x1 + x2 − 1) valen para cualquier entrada real",
                    answer: |i| {
                        let (x1, x2) = inputs(i)?;
                        let y1 = if x1 > 0.0 || x2 > 0.0 { 1.0 } else { -1.0 };
                        let y2 = if x1 > 0.0 && x2 > 0.0 { 1.0 } else { -1.0 };
                        Some(trace(y1, y2, sgn(y1 - y2 - 1.0)))
                    },
                },
                Mistake {
                    diagnosis: "intercambiaste las neuronas ocultas: y1 es la neurona OR, sgn(x1 + x2 + 1), e y2 la AND, sgn(x1 + x2 − 1)",
                    answer: |i| {
                        let (y1, y2) = (neuron(i, -1.0)?, neuron(i, 1.0)?);
                        Some(trace(y1, y2, sgn(y1 - y2 - 1.0)))
                    },
                },
                Mistake {
                    diagnosis: "el sesgo de la neurona de salida está mal: es y3 = sgn(y1 − y2 − 1), con −1 (con +1 la salida vale siempre +1)",
                    answer: |i| {
                        let (y1, y2) = hidden_layer(i)?;
                        Some(trace(y1, y2, sgn(y1 - y2 + 1.0)))
                    },
                },
                Mistake {
                    diagnosis: "la resta de la neurona de salida está al revés: es y3 = sgn(y1 − y2 − 1), «OR pero no AND», no y2 − y1",
                    answer: |i| {
                        let (y1, y2) = hidden_layer(i)?;
                        Some(trace(y1, y2, sgn(y2 - y1 - 1.0)))
                    },
                },
                Mistake {
                    diagnosis: "en la neurona de salida sumaste y2 en lugar de restarlo: y3 = sgn(y1 − y2 − 1) (con + la red calcula AND)",
                    answer: |i| {
                        let (y1, y2) = hidden_layer(i)?;
                        Some(trace(y1, y2, sgn(y1 + y2 - 1.0)))
                    },
                },
            ],
            property: None,
        },
    ]
}

/// Real inputs in [−2, 2], on a grid of 0.25 so that ties (z = 0) happen.
fn real_inputs(rng: &mut Rng, n: usize) -> Vec<Value> {
    let mut coordinate = || (rng.below(17) as f64 - 8.0) / 4.0;
    (0..n)
        .map(|_| json!({"x1": coordinate(), "x2": coordinate()}))
        .collect()
}

fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

fn inputs(input: &Value) -> Option<(f64, f64)> {
    Some((f64_arg(input, "x1").ok()?, f64_arg(input, "x2").ok()?))
}

/// `sgn(x1 + x2 + bias)`: OR with bias +1, AND with bias −1.
fn neuron(input: &Value, bias: f64) -> Option<f64> {
    let (x1, x2) = inputs(input)?;
    Some(sgn(x1 + x2 + bias))
}

/// The correct hidden layer `(y1, y2) = (OR, AND)`.
fn hidden_layer(input: &Value) -> Option<(f64, f64)> {
    Some((neuron(input, 1.0)?, neuron(input, -1.0)?))
}

fn trace(y1: f64, y2: f64, y3: f64) -> Value {
    json!({ "y1": num(y1), "y2": num(y2), "y3": num(y3) })
}

/// The boundary cases of `or_neuron`, `and_neuron`, `xor_network`.
fn neuron_edges() -> Vec<(String, Value)> {
    named(vec![
        ("x = (−1, −1)", json!({"x1": -1.0, "x2": -1.0})),
        ("x = (−1, +1)", json!({"x1": -1.0, "x2": 1.0})),
        ("x = (+1, −1)", json!({"x1": 1.0, "x2": -1.0})),
        ("x = (+1, +1)", json!({"x1": 1.0, "x2": 1.0})),
        (
            "x = (−1, 0): z₁ = 0, así que y1 = −1",
            json!({"x1": -1.0, "x2": 0.0}),
        ),
        (
            "x = (1, 0): z₂ = 0, así que y2 = −1",
            json!({"x1": 1.0, "x2": 0.0}),
        ),
        (
            "x = (0.5, −2): entradas reales",
            json!({"x1": 0.5, "x2": -2.0}),
        ),
        (
            "x = (0.25, 0.5): entradas reales",
            json!({"x1": 0.25, "x2": 0.5}),
        ),
    ])
}
