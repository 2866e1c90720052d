//! Hidden cases and known mistakes of the `capstone` chapter (the final
//! project: softmax, one-hot, accuracy, softmax + cross-entropy, one
//! mini-batch SGD step, and a training loop with early stopping).
//!
//! `train` is judged by a property (see [`train_property`]), not by
//! equality with the reference: hundreds of steps of sums in another order
//! end in another network.

use ndarray::{Array2, Axis};
use nncore::{Mlp, Rng};
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{float, int, matrix};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, arg, as_mlp, f64_arg, matrix_arg, usize_arg, vector_arg};

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "capstone",
            id: "softmax",
            hidden: |rng, n| (0..n).map(|k| softmax_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    ("un solo valor: softmax = [1]", json!({"z": [3.5]})),
                    ("todos iguales: 1/3 cada uno", json!({"z": [2.0, 2.0, 2.0]})),
                    ("e^710 ya desborda un f64", json!({"z": [710.0, 0.0]})),
                    (
                        "muy negativos: e^−800 redondea a 0",
                        json!({"z": [-800.0, -801.0]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "no restaste el máximo antes de exponenciar: con z grandes e^z desborda (∞/∞ = NaN) y con z muy negativos da 0/0; calculá e^{zₖ − m} con m = max(z)",
                    answer: |i| {
                        let z = vector_arg(i, "z").ok()?;
                        let e = z.mapv(f64::exp);
                        let s = e.sum();
                        Some(wire::array1(&(e / s)))
                    },
                },
                Mistake {
                    diagnosis: "no dividiste por la suma: softmax(z)ₖ = e^{zₖ − m} / Σⱼ e^{zⱼ − m}, y el resultado suma 1",
                    answer: |i| {
                        let z = vector_arg(i, "z").ok()?;
                        let m = max(z.iter());
                        Some(wire::array1(&z.mapv(|t| (t - m).exp())))
                    },
                },
                Mistake {
                    diagnosis: "aplicaste la sigmoide a cada elemento: la softmax mira todo el vector, e^{zₖ} / Σⱼ e^{zⱼ}",
                    answer: |i| {
                        let z = vector_arg(i, "z").ok()?;
                        Some(wire::array1(&z.mapv(|t| 1.0 / (1.0 + (-t).exp()))))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "one_hot",
            hidden: |rng, n| (0..n).map(|k| one_hot_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "sin etiquetas: 0 filas",
                        json!({"labels": [], "classes": 3}),
                    ),
                    ("una sola clase", json!({"labels": [0, 0], "classes": 1})),
                    ("la etiqueta 0", json!({"labels": [0], "classes": 4})),
                    (
                        "la etiqueta igual a classes: error",
                        json!({"labels": [2], "classes": 2}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "la matriz quedó transpuesta: tiene una fila por etiqueta (labels.len() filas) y una columna por clase",
                    answer: |i| {
                        let (labels, classes) = one_hot_args(i)?;
                        let y = one_hot(&labels, classes, 0)?;
                        (labels.len() != classes).then(|| ok(wire::array2(&y.reversed_axes())))
                    },
                },
                Mistake {
                    diagnosis: "pusiste el 1 en la columna labels[i] − 1: las clases se cuentan desde 0, así que la etiqueta 0 va en la columna 0",
                    answer: |i| {
                        let (labels, classes) = one_hot_args(i)?;
                        let shifted: Option<Vec<usize>> =
                            labels.iter().map(|l| l.checked_sub(1)).collect();
                        Some(match one_hot(&shifted?, classes, 0) {
                            Some(y) if labels.iter().all(|&l| l < classes) => ok(wire::array2(&y)),
                            _ => json!({"err": "etiqueta fuera de rango"}),
                        })
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "accuracy",
            hidden: |rng, n| (0..n).map(|k| accuracy_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "una fila, acertada",
                        json!({"scores": [[0.2, 0.8]], "labels": [1]}),
                    ),
                    (
                        "un empate: gana la primera columna",
                        json!({"scores": [[1.0, 1.0, 1.0], [0.0, 2.0, 2.0]], "labels": [0, 2]}),
                    ),
                    (
                        "ninguna acertada: 0",
                        json!({"scores": [[1.0, 0.0], [0.0, 1.0]], "labels": [1, 0]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "devolviste un porcentaje: la exactitud es una fracción entre 0 y 1 (aciertos / filas), sin multiplicar por 100",
                    answer: |i| Some(wire::num(100.0 * accuracy_with(i, false)?)),
                },
                Mistake {
                    diagnosis: "contaste los errores en lugar de los aciertos: la exactitud es la fracción de filas cuya clase predicha es su etiqueta",
                    answer: |i| Some(wire::num(1.0 - accuracy_with(i, false)?)),
                },
                Mistake {
                    diagnosis: "con empates elegiste la última columna del máximo: la clase predicha es la primera columna con el mayor valor",
                    answer: |i| Some(wire::num(accuracy_with(i, true)?)),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "softmax_cross_entropy",
            hidden: |rng, n| (0..n).map(|k| cross_entropy_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "una sola clase: costo 0",
                        json!({"z": [[5.0]], "y": [[1.0]]}),
                    ),
                    (
                        "z = 0: C = ln k",
                        json!({"z": [[0.0, 0.0, 0.0, 0.0]], "y": [[0.0, 1.0, 0.0, 0.0]]}),
                    ),
                    (
                        "un lote de uno con z grandes",
                        json!({"z": [[900.0, 1000.0]], "y": [[1.0, 0.0]]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "no dividiste el gradiente por n: el costo es un promedio sobre las filas, así que ∂C/∂z = (P − Y) / n",
                    answer: |i| cross_entropy_with(i, CeMistake::GradNotMean),
                },
                Mistake {
                    diagnosis: "sumaste el costo de las filas sin dividir por n: C es el promedio, −(1/n) Σᵢ Σₖ yᵢₖ ln Pᵢₖ",
                    answer: |i| cross_entropy_with(i, CeMistake::LossNotMean),
                },
                Mistake {
                    diagnosis: "no dividiste por n ni el costo ni el gradiente: los dos son promedios sobre las filas del lote",
                    answer: |i| cross_entropy_with(i, CeMistake::NeitherMean),
                },
                Mistake {
                    diagnosis: "el gradiente tiene el signo al revés: ∂C/∂z = (P − Y) / n, no (Y − P) / n",
                    answer: |i| cross_entropy_with(i, CeMistake::GradSign),
                },
                Mistake {
                    diagnosis: "calculaste ln(softmax(z)) sin restar el máximo: con z grandes da NaN o ∞; usá ln Pₖ = zₖ − m − ln Σⱼ e^{zⱼ − m}",
                    answer: |i| cross_entropy_with(i, CeMistake::Naive),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "sgd_step",
            hidden: |rng, n| (0..n).map(|k| sgd_case(rng, k)).collect(),
            boundary: |drawn| {
                let mut cases = drawn(&[
                    "una capa oculta",
                    "dos capas ocultas",
                    "sin capa oculta (sólo softmax)",
                ]);
                let mut zero = cases[0].1.clone();
                zero["eta"] = json!(0.0);
                cases.push(("η = 0: la red no cambia".into(), zero));
                cases
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "sumaste el gradiente en lugar de restarlo: θ ← θ − η ∂C/∂θ",
                    answer: |i| sgd_with(i, SgdMistake::Ascent),
                },
                Mistake {
                    diagnosis: "no promediaste sobre el lote: Δ[L] = (P − Y) / n (el costo es un promedio, y lo mismo su gradiente)",
                    answer: |i| sgd_with(i, SgdMistake::NotMean),
                },
                Mistake {
                    diagnosis: "al pasar a la capa anterior te olvidaste de σ': Δ[l−1] = (Δ[l] W[l]) ⊙ A[l−1] ⊙ (1 − A[l−1])",
                    answer: |i| sgd_with(i, SgdMistake::NoSigmoidDerivative),
                },
                Mistake {
                    diagnosis: "retropropagaste con los pesos ya actualizados: Δ[l−1] usa W[l] de antes del paso (actualizá una copia, o guardá los gradientes y actualizá al final)",
                    answer: |i| sgd_with(i, SgdMistake::UpdatedWeights),
                },
                Mistake {
                    diagnosis: "devolviste el costo después del paso: el costo que se devuelve es el del lote con la red de antes de actualizar",
                    answer: |i| sgd_with(i, SgdMistake::LossAfter),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "train",
            hidden: |rng, n| (0..n).map(|_| train_case(rng)).collect(),
            boundary: |drawn| {
                let mut cases = drawn(&["patience = 0: para después de la primera época"]);
                cases[0].1["config"]["patience"] = json!(0);
                cases
            },
            mistakes: Vec::new(),
            property: Some(train_property),
        },
    ]
}

fn ok(v: Value) -> Value {
    json!({ "ok": v })
}

fn max<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.cloned().fold(f64::NEG_INFINITY, f64::max)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn labels_arg(input: &Value) -> Option<Vec<usize>> {
    arg::<Vec<usize>>(input, "labels").ok()
}

// ---------------------------------------------------------------------------
// Softmax, one-hot, accuracy
// ---------------------------------------------------------------------------

/// Short vectors; every third case shifted far from zero (±1000), where
/// exponentials overflow or underflow unless the maximum is subtracted.
fn softmax_case(rng: &mut Rng, k: usize) -> Value {
    let len = if k == 0 { 1 } else { int(rng, 2, 8) };
    let shift = match k % 3 {
        1 => 1000.0,
        2 if k.is_multiple_of(2) => -1000.0,
        _ => 0.0,
    };
    let z: Vec<f64> = (0..len).map(|_| float(rng, -5.0, 5.0) + shift).collect();
    json!({ "z": wire::nums(&z) })
}

fn one_hot_args(input: &Value) -> Option<(Vec<usize>, usize)> {
    Some((labels_arg(input)?, usize_arg(input, "classes").ok()?))
}

/// The one-hot matrix with each label moved by `shift` columns, or None if
/// one has no column.
fn one_hot(labels: &[usize], classes: usize, shift: usize) -> Option<Array2<f64>> {
    let mut y = Array2::zeros((labels.len(), classes));
    for (r, &l) in labels.iter().enumerate() {
        *y.get_mut([r, l + shift])? = 1.0;
    }
    Some(y)
}

/// Labels of 1 to 10 classes; every fifth case has a label out of range.
fn one_hot_case(rng: &mut Rng, k: usize) -> Value {
    let classes = int(rng, 1, 10);
    let n = int(rng, 1, 8);
    let mut labels: Vec<usize> = (0..n).map(|_| rng.below(classes)).collect();
    if k % 5 == 4 {
        let at = rng.below(n);
        labels[at] = classes + rng.below(3);
    } else if k % 5 == 1 {
        // A 0 label, so that counting classes from 1 shows.
        labels[0] = 0;
    }
    json!({ "labels": labels, "classes": classes })
}

/// The accuracy, with ties going to the first (or, mistaken, the last)
/// largest column.
fn accuracy_with(input: &Value, last_on_ties: bool) -> Option<f64> {
    let scores = matrix_arg(input, "scores").ok()?;
    let labels = labels_arg(input)?;
    if scores.nrows() != labels.len() || labels.is_empty() {
        return None;
    }
    let correct = scores
        .rows()
        .into_iter()
        .zip(&labels)
        .filter(|(row, label)| {
            let m = max(row.iter());
            let mut hits = row.iter().enumerate().filter(|(_, v)| **v == m);
            let predicted = if last_on_ties {
                hits.next_back()
            } else {
                hits.next()
            };
            predicted.map(|(c, _)| c) == Some(**label)
        })
        .count();
    Some(correct as f64 / labels.len() as f64)
}

/// Scores of 2 to 10 classes, often with ties (values on a coarse grid),
/// and labels that are mostly, not always, the first largest column.
fn accuracy_case(rng: &mut Rng, k: usize) -> Value {
    let classes = int(rng, 2, 10);
    let n = int(rng, 3, 12);
    let coarse = k.is_multiple_of(2);
    let scores = Array2::from_shape_fn((n, classes), |_| {
        if coarse {
            rng.below(3) as f64 / 2.0
        } else {
            float(rng, -3.0, 3.0)
        }
    });
    let labels: Vec<usize> = scores
        .rows()
        .into_iter()
        .map(|row| {
            if rng.uniform() < 0.6 {
                let m = max(row.iter());
                row.iter().position(|v| *v == m).unwrap_or(0)
            } else {
                rng.below(classes)
            }
        })
        .collect();
    json!({ "scores": wire::array2(&scores), "labels": labels })
}

// ---------------------------------------------------------------------------
// Softmax + cross-entropy
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum CeMistake {
    None,
    GradNotMean,
    LossNotMean,
    NeitherMean,
    GradSign,
    Naive,
}

fn cross_entropy_with(input: &Value, mistake: CeMistake) -> Option<Value> {
    let z = matrix_arg(input, "z").ok()?;
    let y = matrix_arg(input, "y").ok()?;
    let (loss, grad) = cross_entropy(&z, &y, mistake)?;
    Some(json!({ "loss": wire::num(loss), "grad": wire::array2(&grad) }))
}

fn cross_entropy(
    z: &Array2<f64>,
    y: &Array2<f64>,
    mistake: CeMistake,
) -> Option<(f64, Array2<f64>)> {
    if z.dim() != y.dim() || z.nrows() == 0 {
        return None;
    }
    let n = z.nrows() as f64;
    let mut loss = 0.0;
    let mut grad = Array2::zeros(z.raw_dim());
    for ((zr, yr), mut gr) in z.rows().into_iter().zip(y.rows()).zip(grad.rows_mut()) {
        let m = if mistake == CeMistake::Naive {
            0.0
        } else {
            max(zr.iter())
        };
        let log_sum = zr.iter().map(|v| (v - m).exp()).sum::<f64>().ln();
        for ((zk, yk), gk) in zr.iter().zip(yr).zip(gr.iter_mut()) {
            let log_p = zk - m - log_sum;
            loss -= yk * log_p;
            *gk = log_p.exp() - yk;
        }
    }
    let (loss_div, grad_div) = match mistake {
        CeMistake::GradNotMean => (n, 1.0),
        CeMistake::LossNotMean => (1.0, n),
        CeMistake::NeitherMean => (1.0, 1.0),
        CeMistake::GradSign => (n, -n),
        CeMistake::None | CeMistake::Naive => (n, n),
    };
    Some((loss / loss_div, grad / grad_div))
}

/// Batches of 1 to 6 rows and 2 to 10 classes; every fourth case has
/// logits in the hundreds, where the unshifted exponential overflows.
fn cross_entropy_case(rng: &mut Rng, k: usize) -> Value {
    let n = if k == 0 { 1 } else { int(rng, 2, 6) };
    let classes = int(rng, 2, 10);
    let scale = if k % 4 == 3 { 400.0 } else { 4.0 };
    let z = Array2::from_shape_fn((n, classes), |_| float(rng, -scale, scale));
    let labels: Vec<usize> = (0..n).map(|_| rng.below(classes)).collect();
    let y = one_hot(&labels, classes, 0).expect("labels below classes");
    json!({ "z": wire::array2(&z), "y": wire::array2(&y) })
}

// ---------------------------------------------------------------------------
// One SGD step
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum SgdMistake {
    #[cfg_attr(not(all(test, feature = "reference")), allow(dead_code))]
    None,
    Ascent,
    NotMean,
    NoSigmoidDerivative,
    UpdatedWeights,
    LossAfter,
}

fn sgd_with(input: &Value, mistake: SgdMistake) -> Option<Value> {
    let net = as_mlp(wire::field(input, "net").ok()?).ok()?;
    let x = matrix_arg(input, "x").ok()?;
    let y = matrix_arg(input, "y").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let (net, loss) = sgd(&net, &x, &y, eta, mistake)?;
    Some(json!({ "net": wire::mlp(&net), "loss": wire::num(loss) }))
}

/// Forward pass keeping every activation; the last entry is the output z.
fn forward(net: &Mlp, x: &Array2<f64>) -> Option<Vec<Array2<f64>>> {
    let mut acts = vec![x.clone()];
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let a = &acts[l];
        if w.ncols() != a.ncols() || w.nrows() != b.len() {
            return None;
        }
        let z = a.dot(&w.t()) + b;
        acts.push(if l + 1 == net.depth() {
            z
        } else {
            z.mapv(sigmoid)
        });
    }
    Some(acts)
}

fn sgd(
    net: &Mlp,
    x: &Array2<f64>,
    y: &Array2<f64>,
    eta: f64,
    mistake: SgdMistake,
) -> Option<(Mlp, f64)> {
    let mut acts = forward(net, x)?;
    let z = acts.pop()?;
    let (loss, grad) = cross_entropy(&z, y, CeMistake::None)?;
    let mut delta = if mistake == SgdMistake::NotMean {
        grad * z.nrows() as f64
    } else {
        grad
    };
    let sign = if mistake == SgdMistake::Ascent {
        1.0
    } else {
        -1.0
    };
    let mut updated = net.clone();
    for l in (0..net.depth()).rev() {
        let a_prev = &acts[l];
        updated.weights[l].scaled_add(sign * eta, &delta.t().dot(a_prev));
        updated.biases[l].scaled_add(sign * eta, &delta.sum_axis(Axis(0)));
        if l > 0 {
            let w = if mistake == SgdMistake::UpdatedWeights {
                &updated.weights[l]
            } else {
                &net.weights[l]
            };
            delta = delta.dot(w);
            if mistake != SgdMistake::NoSigmoidDerivative {
                delta = delta * a_prev.mapv(|a| a * (1.0 - a));
            }
        }
    }
    let loss = if mistake == SgdMistake::LossAfter {
        let z = forward(&updated, x)?.pop()?;
        cross_entropy(&z, y, CeMistake::None)?.0
    } else {
        loss
    };
    Some((updated, loss))
}

/// Networks of one to three layers with random weights, batches of 1 to 5.
fn sgd_case(rng: &mut Rng, k: usize) -> Value {
    let d = int(rng, 1, 4);
    let classes = int(rng, 2, 4);
    let sizes: Vec<usize> = match k % 3 {
        0 => vec![d, int(rng, 1, 4), classes],
        1 => vec![d, int(rng, 2, 4), int(rng, 2, 4), classes],
        _ => vec![d, classes],
    };
    let net = Mlp::random(&sizes, rng);
    let n = int(rng, 1, 5);
    let labels: Vec<usize> = (0..n).map(|_| rng.below(classes)).collect();
    json!({
        "net": wire::mlp(&net),
        "x": matrix(rng, n, d, -2.0, 2.0),
        "y": wire::array2(&one_hot(&labels, classes, 0).expect("labels below classes")),
        "eta": float(rng, 0.05, 1.0),
    })
}

// ---------------------------------------------------------------------------
// Training with validation and early stopping
// ---------------------------------------------------------------------------

/// Blobs of 2 to 4 classes in 2 to 4 dimensions, centres far apart, rows
/// interleaved by class.
fn train_case(rng: &mut Rng) -> Value {
    let classes = int(rng, 2, 4);
    let d = int(rng, 2, 4);
    let n = 20 * classes + int(rng, 0, 10);
    let centres = Array2::from_shape_fn((classes, d), |_| float(rng, -3.0, 3.0));
    let labels: Vec<usize> = (0..n).map(|i| i % classes).collect();
    // Centres at least 2 apart: otherwise pushed along the first axis.
    let mut centres = centres;
    for c in 1..classes {
        let close = (0..c).any(|o| {
            let diff = &centres.row(c) - &centres.row(o);
            diff.dot(&diff) < 4.0
        });
        if close {
            centres[[c, 0]] = 4.0 * c as f64;
        }
    }
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        ((centres[[labels[i], j]] + 0.4 * rng.normal()) * 1000.0).round() / 1000.0
    });
    json!({
        "x": wire::array2(&x),
        "labels": labels,
        "config": {
            "hidden": int(rng, 3, 8),
            "classes": classes,
            "eta": 0.5,
            "batch_size": int(rng, 4, 10),
            "max_epochs": 40,
            "patience": int(rng, 2, 5),
            "validation": n / 4,
            "seed": rng.below(1000),
        },
    })
}

/// What `train` promises, checked on the answer alone: see the catalog.
fn train_property(input: &Value, output: &Value) -> Result<(), String> {
    let internal = |e: String| format!("el corrector no pudo leer el caso: {e}");
    let x = matrix_arg(input, "x").map_err(internal)?;
    let labels = labels_arg(input).ok_or("el corrector no pudo leer las etiquetas del caso")?;
    let config = wire::field(input, "config").map_err(internal)?;
    let get = |key: &str| usize_arg(config, key).map_err(internal);
    let (hidden, classes) = (get("hidden")?, get("classes")?);
    let (max_epochs, patience, validation) =
        (get("max_epochs")?, get("patience")?, get("validation")?);
    let seed = wire::u64_arg(config, "seed").map_err(internal)?;
    let render = crate::judge::render_float;

    let net = output
        .get("net")
        .and_then(|n| as_mlp(n).ok())
        .ok_or("la respuesta no tiene una red `net` legible")?;
    let sizes = Mlp::new(net.weights.clone(), net.biases.clone())
        .map_err(|e| format!("las capas de la red no encajan: {e}"))?
        .layer_sizes();
    let want_sizes = [x.ncols(), hidden, classes];
    if sizes != want_sizes {
        return Err(format!(
            "la red tiene capas {sizes:?} y tenía que ser {want_sizes:?}: creala con Mlp::random(&[d, hidden, classes], &mut rng)"
        ));
    }
    let list = |key: &str| {
        output
            .get(key)
            .and_then(|l| wire::as_vec(l).ok())
            .ok_or(format!("la respuesta no tiene una lista `{key}` legible"))
    };
    let losses = list("val_losses")?;
    let accuracies = list("val_accuracies")?;
    let best = output
        .get("best_epoch")
        .and_then(Value::as_u64)
        .ok_or("la respuesta no tiene un `best_epoch` legible")? as usize;
    let epochs = losses.len();
    if epochs == 0 || epochs > max_epochs || accuracies.len() != epochs {
        return Err(format!(
            "`val_losses` tiene {epochs} valores y `val_accuracies` {}: tiene que haber uno de cada uno por época entrenada, entre 1 y max_epochs = {max_epochs}",
            accuracies.len()
        ));
    }
    if let Some(k) = losses
        .iter()
        .chain(&accuracies)
        .position(|v| !v.is_finite())
    {
        return Err(format!(
            "el valor {k} de val_losses/val_accuracies no es un número finito: ¿un ln(0), o pesos que divergen?"
        ));
    }
    let first_min = losses
        .iter()
        .enumerate()
        .fold(
            (0, f64::INFINITY),
            |b, (k, &l)| if l < b.1 { (k, l) } else { b },
        )
        .0;
    if best != first_min {
        return Err(format!(
            "best_epoch = {best}, pero la menor pérdida de validación es la de la época {first_min} ({}); con empates vale la primera",
            render(losses[first_min])
        ));
    }
    let last = epochs - 1;
    if last - best > patience {
        return Err(format!(
            "siguió entrenando {} épocas sin mejorar, y con patience = {patience} tenía que parar en la época {}",
            last - best,
            best + patience
        ));
    }
    if epochs < max_epochs && last - best < patience {
        return Err(format!(
            "paró en la época {last}, a {} épocas de la mejor ({best}): tenía que seguir hasta {} épocas sin mejorar (patience) o hasta max_epochs = {max_epochs}",
            last - best,
            patience
        ));
    }

    let n_train = x.nrows() - validation;
    let x_val = x.slice(ndarray::s![n_train.., ..]).to_owned();
    let y_val =
        one_hot(&labels[n_train..], classes, 0).ok_or("el caso tiene etiquetas fuera de rango")?;
    let z = forward(&net, &x_val)
        .and_then(|mut a| a.pop())
        .ok_or("la red no se puede evaluar")?;
    let loss = cross_entropy(&z, &y_val, CeMistake::None)
        .ok_or("la red no se puede evaluar")?
        .0;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 + 1e-9 * b.abs();
    if !close(losses[best], loss) {
        return Err(format!(
            "la red devuelta tiene pérdida de validación {} y la de la mejor época es {}: devolvé la red de la mejor época (una copia guardada entonces), no la última; la validación son las últimas {validation} filas",
            render(loss),
            render(losses[best])
        ));
    }
    let acc_input = json!({"scores": wire::array2(&z), "labels": &labels[n_train..]});
    let acc = accuracy_with(&acc_input, false).ok_or("la red no se puede evaluar")?;
    if !close(accuracies[best], acc) {
        return Err(format!(
            "val_accuracies[{best}] = {} pero la exactitud de validación de la red devuelta es {}",
            render(accuracies[best]),
            render(acc)
        ));
    }
    let initial = Mlp::random(&want_sizes, &mut Rng::new(seed));
    let z0 = forward(&initial, &x_val)
        .and_then(|mut a| a.pop())
        .ok_or("la red no se puede evaluar")?;
    let loss0 = cross_entropy(&z0, &y_val, CeMistake::None)
        .ok_or("la red no se puede evaluar")?
        .0;
    if loss >= loss0 {
        return Err(format!(
            "la red no aprendió: su pérdida de validación ({}) no es menor que la de la red inicial ({}); revisá el signo del paso y el gradiente",
            render(loss),
            render(loss0)
        ));
    }
    if acc < 0.75 {
        return Err(format!(
            "la red aprendió poco: exactitud de validación {} en nubes de puntos bien separadas (la referencia pasa de 0.9)",
            render(acc)
        ));
    }
    Ok(())
}

#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;

    fn reference(input: &Value) -> Value {
        crate::reference::call("capstone", "train", input).expect("reference")
    }

    #[test]
    fn the_train_property_accepts_the_reference_on_many_seeds() {
        let mut rng = Rng::new(7);
        for _ in 0..40 {
            let input = train_case(&mut rng);
            assert_eq!(
                train_property(&input, &reference(&input)),
                Ok(()),
                "{input}"
            );
        }
    }

    #[test]
    fn the_train_property_rejects_wrong_training() {
        let input = train_case(&mut Rng::new(3));
        let good = reference(&input);
        let why = |out: &Value| train_property(&input, out).unwrap_err();

        // The last network instead of the best one (one more step away).
        let mut last = good.clone();
        let mut net = as_mlp(&good["net"]).unwrap();
        net.biases[1][0] += 0.3;
        last["net"] = wire::mlp(&net);
        assert!(why(&last).contains("mejor época"), "{}", why(&last));

        // best_epoch not the first minimum.
        let mut off = good.clone();
        off["best_epoch"] = json!(good["best_epoch"].as_u64().unwrap() + 1);
        assert!(why(&off).contains("menor pérdida"), "{}", why(&off));

        // Never stops: more epochs without improvement than the patience.
        let mut long = good.clone();
        let losses = long["val_losses"].as_array_mut().unwrap();
        let extra = vec![json!(1e9); 10];
        losses.extend(extra.clone());
        long["val_accuracies"].as_array_mut().unwrap().extend(extra);
        let patience = input["config"]["patience"].as_u64().unwrap() as usize;
        if good["val_losses"].as_array().unwrap().len() + 10 <= 40 {
            assert!(why(&long).contains("sin mejorar"), "{}", why(&long));
        }

        // Stops too early: cut the history right after the best epoch.
        let best = good["best_epoch"].as_u64().unwrap() as usize;
        if patience > 1 {
            let mut early = good.clone();
            early["val_losses"]
                .as_array_mut()
                .unwrap()
                .truncate(best + 1);
            early["val_accuracies"]
                .as_array_mut()
                .unwrap()
                .truncate(best + 1);
            assert!(why(&early).contains("tenía que seguir"), "{}", why(&early));
        }

        // The initial network, never trained.
        let sizes = as_mlp(&good["net"]).unwrap().layer_sizes();
        let seed = input["config"]["seed"].as_u64().unwrap();
        let initial = Mlp::random(&sizes, &mut Rng::new(seed));
        let n = input["x"].as_array().unwrap().len();
        let validation = input["config"]["validation"].as_u64().unwrap() as usize;
        let x = matrix_arg(&input, "x").unwrap();
        let labels = labels_arg(&input).unwrap();
        let classes = sizes[2];
        let x_val = x.slice(ndarray::s![n - validation.., ..]).to_owned();
        let z0 = forward(&initial, &x_val).unwrap().pop().unwrap();
        let y_val = one_hot(&labels[n - validation..], classes, 0).unwrap();
        let loss0 = cross_entropy(&z0, &y_val, CeMistake::None).unwrap().0;
        let acc_input = json!({"scores": wire::array2(&z0), "labels": &labels[n - validation..]});
        let acc0 = accuracy_with(&acc_input, false).unwrap();
        let untrained = json!({
            "net": wire::mlp(&initial),
            "best_epoch": 0,
            "val_losses": vec![loss0; patience + 1],
            "val_accuracies": vec![acc0; patience + 1],
        });
        assert!(
            why(&untrained).contains("no aprendió"),
            "{}",
            why(&untrained)
        );

        // A wrong shape, and a NaN.
        let mut wide = good.clone();
        let mut net = as_mlp(&good["net"]).unwrap();
        net.weights.pop();
        net.biases.pop();
        wide["net"] = wire::mlp(&net);
        assert!(why(&wide).contains("tenía que ser"), "{}", why(&wide));
        let mut nan = good.clone();
        nan["val_losses"][0] = json!("NaN");
        assert!(
            why(&nan).contains("no es un número finito"),
            "{}",
            why(&nan)
        );
    }

    #[test]
    fn the_grader_copies_agree_with_the_reference() {
        let mut rng = Rng::new(5);
        for k in 0..12 {
            let input = sgd_case(&mut rng, k);
            let want = crate::reference::call("capstone", "sgd_step", &input).unwrap();
            let got = sgd_with(&input, SgdMistake::None).unwrap();
            assert!(
                crate::judge::compare(&want, &got, &tight()).is_ok(),
                "{input}"
            );
            let input = cross_entropy_case(&mut rng, k);
            let want = crate::reference::call("capstone", "softmax_cross_entropy", &input).unwrap();
            let got = cross_entropy_with(&input, CeMistake::None).unwrap();
            assert!(
                crate::judge::compare(&want, &got, &tight()).is_ok(),
                "{input}"
            );
        }
    }

    fn tight() -> crate::judge::Tolerance {
        crate::judge::Tolerance {
            abs: 1e-12,
            rel: 1e-12,
        }
    }
}
