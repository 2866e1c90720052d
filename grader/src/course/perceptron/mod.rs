//! Hidden cases and known mistakes of the `perceptron` chapter.

use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{float, floats, int, pm1, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, f64_arg, num, vec_arg};

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "perceptron",
            id: "sign",
            hidden: |rng, n| {
                (0..n)
                    .map(|_| json!({"z": float(rng, -5.0, 5.0)}))
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    ("z = 0: sgn(0) = −1", json!({"z": 0.0})),
                    ("z = −0", json!({"z": -0.0})),
                    ("el z positivo más chico", json!({"z": 5e-324})),
                    ("un z negativo muy chico", json!({"z": -1e-12})),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "sgn(0) tiene que valer −1 (la diapositiva usa z > 0 para el +1): revisá la comparación en z = 0",
                    answer: |i| {
                        Some(num(if f64_arg(i, "z").ok()? >= 0.0 {
                            1.0
                        } else {
                            -1.0
                        }))
                    },
                },
                Mistake {
                    diagnosis: "sgn(0) tiene que valer −1, no 0: el perceptrón siempre responde +1 o −1",
                    answer: |i| {
                        let z = f64_arg(i, "z").ok()?;
                        Some(num(if z > 0.0 {
                            1.0
                        } else if z < 0.0 {
                            -1.0
                        } else {
                            0.0
                        }))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "perceptron",
            id: "weighted_sum",
            hidden: |rng, n| (0..n).map(|_| neuron_input(rng)).collect(),
            boundary: |_| {
                named(vec![
                    ("un solo peso", json!({"w": [2.5], "x": [-1.5], "b": 0.25})),
                    ("sin entradas: z = b", json!({"w": [], "x": [], "b": 0.7})),
                    (
                        "x = 0: z = b",
                        json!({"w": [1.2, 0.7], "x": [0.0, 0.0], "b": -2.0}),
                    ),
                    (
                        "todo en cero",
                        json!({"w": [0.0, 0.0], "x": [0.0, 0.0], "b": 0.0}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "parece que restaste b en lugar de sumarlo: en este cuaderno z = w·x + b (las diapositivas escriben w·x − b con el signo de b al revés)",
                    answer: |i| Some(num(dot(i)? - f64_arg(i, "b").ok()?)),
                },
                Mistake {
                    diagnosis: "falta sumar el sesgo b",
                    answer: |i| Some(num(dot(i)?)),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "perceptron",
            id: "perceptron_output",
            hidden: |rng, n| (0..n).map(|_| neuron_input(rng)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "z = 0 exacto: ŷ = −1",
                        json!({"w": [1.0, 1.0], "x": [1.0, -1.0], "b": 0.0}),
                    ),
                    (
                        "z = 0 por el sesgo",
                        json!({"w": [1.0], "x": [2.0], "b": -2.0}),
                    ),
                    ("sin entradas, b > 0", json!({"w": [], "x": [], "b": 0.5})),
                    (
                        "un solo peso, z < 0",
                        json!({"w": [0.5], "x": [-1.0], "b": 0.25}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "devolviste z en lugar de sgn(z): la salida del perceptrón es +1 o −1",
                    answer: |i| Some(num(dot(i)? + f64_arg(i, "b").ok()?)),
                },
                Mistake {
                    diagnosis: "parece que restaste b en lugar de sumarlo: en este cuaderno z = w·x + b",
                    answer: |i| Some(num(sgn(dot(i)? - f64_arg(i, "b").ok()?))),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "perceptron",
            id: "train_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|_| {
                        let d = int(rng, 1, 4);
                        json!({
                            "w": vector(rng, d, -1.0, 1.0),
                            "b": float(rng, -1.0, 1.0),
                            "x": vector(rng, d, -2.0, 2.0),
                            "y": pm1(rng),
                            "eta": float(rng, 0.05, 1.0),
                        })
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "z = 0 con y = +1: ŷ = −1, hay corrección",
                        json!({"w": [0.0, 0.0], "b": 0.0, "x": [1.0, 1.0], "y": 1.0, "eta": 0.5}),
                    ),
                    (
                        "z = 0 con y = −1: nada cambia",
                        json!({"w": [0.0, 0.0], "b": 0.0, "x": [1.0, 1.0], "y": -1.0, "eta": 0.5}),
                    ),
                    (
                        "un xᵢ = 0: ese peso no cambia",
                        json!({"w": [0.5, -0.5], "b": 0.2, "x": [0.0, 2.0], "y": 1.0, "eta": 0.1}),
                    ),
                    (
                        "un solo peso, ŷ = +1 e y = −1",
                        json!({"w": [0.8], "b": 0.1, "x": [1.5], "y": -1.0, "eta": 0.25}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "el signo de la actualización está invertido: con ε = (y − ŷ)/2 se suma η·ε·x",
                    answer: |i| step_with(i, -1.0, 0.5),
                },
                Mistake {
                    diagnosis: "falta dividir por 2 el error: ε = (y − ŷ)/2 vale −1, 0 o +1",
                    answer: |i| step_with(i, 1.0, 1.0),
                },
                Mistake {
                    diagnosis: "el signo de la actualización está invertido sólo en el sesgo: los pesos están bien (w ← w + η·ε·x), pero b también suma, b ← b + η·ε",
                    answer: |i| {
                        let mut out = step_with(i, 1.0, 0.5)?;
                        let b = f64_arg(i, "b").ok()?;
                        let moved = out["b"].as_f64()? - b;
                        out["b"] = num(b - moved);
                        Some(out)
                    },
                },
                Mistake {
                    diagnosis: "el sesgo no se actualizó: también b ← b + η·ε",
                    answer: |i| {
                        let mut out = step_with(i, 1.0, 0.5)?;
                        out["b"] = num(f64_arg(i, "b").ok()?);
                        Some(out)
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "perceptron",
            id: "train",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        // Alternate separable and (likely) non-separable data.
                        let d = int(rng, 2, 3);
                        let points = int(rng, 4, 10);
                        let true_w = floats(rng, d, -1.0, 1.0);
                        let data: Vec<Value> = (0..points)
                            .map(|_| {
                                let x = floats(rng, d, -3.0, 3.0);
                                let z: f64 =
                                    true_w.iter().zip(&x).map(|(a, b)| a * b).sum::<f64>() + 0.1;
                                let y = if k % 2 == 0 { sgn(z) } else { pm1(rng) };
                                json!([x, y])
                            })
                            .collect();
                        json!({
                            "data": data,
                            "w0": vec![0.0; d],
                            "b0": 0.0,
                            "eta": float(rng, 0.1, 1.0),
                            "max_epochs": int(rng, 5, 60),
                        })
                    })
                    .collect()
            },
            boundary: |_| train_edges(),
            mistakes: vec![
                Mistake {
                    diagnosis: "tu ciclo corre una época de menos: con `1..max_epochs` (o `epoch < max_epochs` en la condición de corte) la época número max_epochs no se corre; el rango es `1..=max_epochs`",
                    answer: |i| train_with(i, |max| max.saturating_sub(1)),
                },
                Mistake {
                    diagnosis: "tu ciclo corre una época de más: con `0..=max_epochs` (o `epoch <= max_epochs` empezando en 0) se corren max_epochs + 1 épocas; el rango es `1..=max_epochs`",
                    answer: |i| train_with(i, |max| max + 1),
                },
                Mistake {
                    diagnosis: "la cuenta de épocas no coincide: si converge, `epochs` es el número de la época sin errores (contando desde 1); si no, es `max_epochs`",
                    answer: |i| {
                        let mut out = crate::reference::call("perceptron", "train", i).ok()?;
                        let epochs = out["epochs"].as_u64()?;
                        if out["converged"] == json!(true) {
                            out["epochs"] = json!(epochs.saturating_sub(1));
                        } else {
                            return None;
                        }
                        Some(out)
                    },
                },
            ],
            property: None,
        },
    ]
}

/// The training loop of the stub, running `epochs(max_epochs)` epochs
/// instead of `max_epochs` (and reporting `max_epochs` when it runs out).
fn train_with(input: &Value, epochs: fn(usize) -> usize) -> Option<Value> {
    let data = input.get("data")?.as_array()?;
    let data: Vec<(Vec<f64>, f64)> = data
        .iter()
        .map(|pair| {
            let x = wire::as_vec(pair.get(0)?).ok()?;
            Some((x, pair.get(1)?.as_f64()?))
        })
        .collect::<Option<_>>()?;
    let mut w = vec_arg(input, "w0").ok()?;
    let mut b = f64_arg(input, "b0").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let max_epochs = input.get("max_epochs")?.as_u64()? as usize;
    let result = |w: &[f64], b: f64, epochs: usize, converged: bool| json!({"w": wire::nums(w), "b": num(b), "epochs": epochs, "converged": converged});
    for epoch in 1..=epochs(max_epochs) {
        let mut errors = 0;
        for (x, y) in &data {
            let z = w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>() + b;
            let eps = (y - sgn(z)) / 2.0;
            if eps != 0.0 {
                errors += 1;
                for (wi, xi) in w.iter_mut().zip(x) {
                    *wi += eta * eps * xi;
                }
                b += eta * eps;
            }
        }
        if errors == 0 {
            return Some(result(&w, b, epoch, true));
        }
    }
    Some(result(&w, b, max_epochs, false))
}

fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

fn neuron_input(rng: &mut Rng) -> Value {
    let d = int(rng, 1, 5);
    json!({
        "w": vector(rng, d, -2.0, 2.0),
        "x": vector(rng, d, -5.0, 5.0),
        "b": float(rng, -3.0, 3.0),
    })
}

fn dot(input: &Value) -> Option<f64> {
    let w = vec_arg(input, "w").ok()?;
    let x = vec_arg(input, "x").ok()?;
    Some(w.iter().zip(&x).map(|(a, b)| a * b).sum())
}

/// A training step with the update's sign and the error's divisor changed.
fn step_with(input: &Value, sign: f64, half: f64) -> Option<Value> {
    let w = vec_arg(input, "w").ok()?;
    let x = vec_arg(input, "x").ok()?;
    let (b, y, eta) = (
        f64_arg(input, "b").ok()?,
        f64_arg(input, "y").ok()?,
        f64_arg(input, "eta").ok()?,
    );
    let y_hat = sgn(dot(input)? + b);
    let eps = sign * (y - y_hat) * half;
    let w: Vec<f64> = w
        .iter()
        .zip(&x)
        .map(|(wi, xi)| wi + eta * eps * xi)
        .collect();
    Some(json!({ "w": wire::nums(&w), "b": num(b + eta * eps) }))
}

/// The training loop's edges: converging exactly in the last epoch, running
/// out of epochs after one or two, no epochs, no data, already separated.
fn train_edges() -> Vec<(String, Value)> {
    let and = json!([[[-1, -1], -1], [[-1, 1], -1], [[1, -1], -1], [[1, 1], 1]]);
    let xor = json!([[[-1, -1], -1], [[-1, 1], 1], [[1, -1], 1], [[1, 1], -1]]);
    let input = |data: &Value, eta: f64, max_epochs: u64| json!({"data": data, "w0": [0.0, 0.0], "b0": 0.0, "eta": eta, "max_epochs": max_epochs});
    // The epoch in which AND converges from zero, so that the case gives
    // exactly that many epochs.
    let and_epochs = crate::reference::call("perceptron", "train", &input(&and, 0.5, 100))
        .ok()
        .and_then(|out| out["epochs"].as_u64())
        .unwrap_or(3);
    vec![
        (
            format!("AND converge justo en la última época (max_epochs = {and_epochs})"),
            input(&and, 0.5, and_epochs),
        ),
        ("XOR con max_epochs = 1".into(), input(&xor, 1.0, 1)),
        ("XOR con max_epochs = 2".into(), input(&xor, 0.5, 2)),
        ("max_epochs = 0: ninguna época".into(), input(&xor, 1.0, 0)),
        (
            "sin datos: converge en la época 1".into(),
            input(&json!([]), 1.0, 5),
        ),
        (
            "un solo ejemplo, ya bien clasificado".into(),
            json!({"data": [[[1.0, 2.0], -1.0]], "w0": [0.0, 0.0], "b0": 0.0, "eta": 1.0, "max_epochs": 5}),
        ),
    ]
}
