//! Hidden cases and known mistakes of the `xor` chapter.
//!
//! The chapter's inputs are ±1 (the stub says so), so the hidden cases are
//! the four rows of the truth table in a seeded order: an implementation by
//! truth table is within the contract and must pass.

use nncore::Rng;
use serde_json::{Value, json};

use crate::spec::{Mistake, Spec};
use crate::wire::{f64_arg, num};

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "xor",
            id: "or_neuron",
            hidden: table_rows,
            mistakes: vec![
                Mistake {
                    diagnosis: "tu neurona calcula AND, no OR: revisá el sesgo, que en y1 = sgn(x1 + x2 + 1) es +1 (con sesgo −1, o sin sesgo, la neurona da AND)",
                    answer: |i| Some(num(neuron(i, -1.0)?)),
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
            hidden: table_rows,
            mistakes: vec![
                Mistake {
                    diagnosis: "tu neurona calcula OR, no AND: revisá el sesgo, que en y2 = sgn(x1 + x2 − 1) es −1",
                    answer: |i| Some(num(neuron(i, 1.0)?)),
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
            hidden: table_rows,
            mistakes: vec![
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

/// The four rows of the ±1 truth table, in a seeded order, repeated up to `n`.
fn table_rows(rng: &mut Rng, n: usize) -> Vec<Value> {
    let mut rows = vec![(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)];
    rng.shuffle(&mut rows);
    rows.iter()
        .cycle()
        .take(n.max(rows.len()))
        .map(|&(x1, x2)| json!({"x1": x1, "x2": x2}))
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
