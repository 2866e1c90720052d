//! The network's outputs read: softmax, one-hot labels, accuracy.

use super::*;

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
    ]
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
