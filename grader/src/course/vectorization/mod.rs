//! Hidden cases and known mistakes of the `vectorization` chapter.
//!
//! Shape errors are generated only where the stub asks for them: any misfit
//! of `W`, `b` and `x` in the dense layers, and an `x` of the wrong length in
//! `forward_pass` (whose networks are always consistent).

use ndarray::{Array1, Array2, Axis};
use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{int, matrix, mistakes, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, as_mlp, field, matrix_arg, vector_arg};

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "vectorization",
            id: "dense_layer",
            hidden: |rng, n| (0..n).map(|k| dense_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    ("W de 1×1", json!({"w": [[2.0]], "b": [0.5], "x": [-1.0]})),
                    (
                        "x = 0: z = b",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.1, -0.2], "x": [0.0, 0.0]}),
                    ),
                    (
                        "una sola neurona",
                        json!({"w": [[1.0, -1.0, 0.5]], "b": [0.25], "x": [2.0, 1.0, -2.0]}),
                    ),
                    (
                        "b de un elemento con 2 neuronas: no encaja",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [1.0], "x": [1.0, 1.0]}),
                    ),
                    (
                        "x de más: no encaja",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.0, 0.0], "x": [1.0, 1.0, 1.0]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "multiplicaste por Wᵀ en lugar de W: W tiene una fila por neurona, así que zᵢ = (fila i de W)·x + bᵢ",
                    answer: |i| {
                        let (w, b, x) = dense_inputs(i)?;
                        w.is_square().then(|| ok1(&(w.t().dot(&x) + &b)))
                    },
                },
                Mistake {
                    diagnosis: "te olvidaste de sumar el sesgo: z = W x + b",
                    answer: |i| {
                        let (w, _, x) = dense_inputs(i)?;
                        Some(ok1(&w.dot(&x)))
                    },
                },
                Mistake {
                    diagnosis: "restaste b en lugar de sumarlo: en este cuaderno z = W x + b (las diapositivas también escriben W x − b, con el signo de b al revés)",
                    answer: |i| {
                        let (w, b, x) = dense_inputs(i)?;
                        Some(ok1(&(w.dot(&x) - &b)))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "vectorization",
            id: "dense_layer_batch",
            hidden: |rng, n| (0..n).map(|k| batch_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "un lote de un ejemplo, 1×1",
                        json!({"w": [[2.0]], "b": [0.5], "x": [[-1.0]]}),
                    ),
                    (
                        "un lote de un ejemplo",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]], "b": [0.1, 0.2, 0.3], "x": [[1.0, -1.0]]}),
                    ),
                    (
                        "X = 0: cada fila es b",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.1, -0.2], "x": [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]}),
                    ),
                    (
                        "X con una columna por ejemplo: no encaja",
                        json!({"w": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "b": [0.0, 0.0, 0.0], "x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "multiplicaste X W en lugar de X Wᵀ: con una fila por ejemplo, la fila i del resultado es W xᵢ + b, o sea Z = X Wᵀ + b",
                    answer: |i| {
                        let (w, b, x) = batch_inputs(i)?;
                        w.is_square().then(|| ok2(&(x.dot(&w) + &b)))
                    },
                },
                Mistake {
                    diagnosis: "devolviste Zᵀ (m×n, una columna por ejemplo): el resultado tiene una fila por ejemplo, forma n×m, Z = X Wᵀ + b",
                    answer: |i| {
                        let (w, b, x) = batch_inputs(i)?;
                        Some(ok2(&(x.dot(&w.t()) + &b).reversed_axes()))
                    },
                },
                Mistake {
                    diagnosis: "sumaste bᵢ a toda la fila i, como si hubiera un sesgo por ejemplo: el sesgo es por neurona, así que bⱼ va en la columna j y a cada fila se le suma el vector b entero",
                    answer: |i| {
                        let (w, b, x) = batch_inputs(i)?;
                        (x.nrows() == w.nrows())
                            .then(|| ok2(&(x.dot(&w.t()) + b.view().insert_axis(Axis(1)))))
                    },
                },
                Mistake {
                    diagnosis: "te olvidaste de sumar el sesgo: cada fila es W xᵢ + b, Z = X Wᵀ + b",
                    answer: |i| {
                        let (w, _, x) = batch_inputs(i)?;
                        Some(ok2(&x.dot(&w.t())))
                    },
                },
                Mistake {
                    diagnosis: "restaste b en lugar de sumarlo: en este cuaderno Z = X Wᵀ + b",
                    answer: |i| {
                        let (w, b, x) = batch_inputs(i)?;
                        Some(ok2(&(x.dot(&w.t()) - &b)))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "vectorization",
            id: "layer_shapes",
            hidden: |rng, n| {
                let mut cases = vec![json!({"sizes": [int(rng, 1, 1000)]})];
                while cases.len() < n {
                    let layers = int(rng, 1, 5);
                    let big = cases.len().is_multiple_of(3);
                    let sizes: Vec<usize> = (0..=layers)
                        .map(|_| {
                            if big {
                                int(rng, 1, 1000)
                            } else {
                                int(rng, 1, 12)
                            }
                        })
                        .collect();
                    cases.push(json!({ "sizes": sizes }));
                }
                cases
            },
            boundary: |_| {
                named(vec![
                    ("una sola capa", json!({"sizes": [3, 2]})),
                    ("sólo la entrada: ninguna capa", json!({"sizes": [5]})),
                    ("ningún tamaño", json!({"sizes": []})),
                    ("todas de ancho 1", json!({"sizes": [1, 1, 1]})),
                ])
            },
            mistakes: mistakes![shapes_with;
                |inputs, outputs| ((inputs, outputs), outputs) => "las dimensiones de W están al revés: W[l] tiene una fila por neurona de la capa l y una columna por entrada, (n_l, n_{l−1}), por ejemplo 128×784",
                |inputs, outputs| ((outputs, inputs), inputs) => "b tiene un elemento por neurona de la capa: su largo es n_l (las salidas de la capa), no n_{l−1}",
                |inputs, outputs| ((inputs, outputs), inputs) => "tomaste cada capa al revés: para la capa l, W es n_l × n_{l−1} y b tiene n_l elementos (para [784, 128]: W de 128×784 y b de 128)",
            ],
            property: None,
        },
        Spec {
            chapter: "vectorization",
            id: "forward_pass",
            hidden: |rng, n| (0..n).map(|k| forward_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "una capa de 1×1",
                        json!({"net": {"weights": [[[2.0]]], "biases": [[-1.0]]}, "x": [1.0]}),
                    ),
                    (
                        "x = 0",
                        json!({"net": {"weights": [[[1.0, 2.0], [-1.0, 0.5]], [[1.0, -1.0]]], "biases": [[0.5, -0.5], [0.25]]}, "x": [0.0, 0.0]}),
                    ),
                    (
                        "x de menos: no encaja",
                        json!({"net": {"weights": [[[1.0, 2.0, 3.0]]], "biases": [[0.0]]}, "x": [1.0, 2.0]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "devolviste z[l] en lugar de a[l] = σ(z[l]): aplicá la sigmoide a la salida de cada capa",
                    answer: |i| forward_with(i, |_, _| false, true),
                },
                Mistake {
                    diagnosis: "falta a[0] = x al principio: el resultado tiene L + 1 vectores, [a[0], a[1], …, a[L]]",
                    answer: |i| {
                        let mut a = forward(i)?;
                        a.remove(0);
                        Some(ok_list(&a))
                    },
                },
                Mistake {
                    diagnosis: "devolviste sólo la salida a[L]: hay que devolver todas las activaciones, [a[0], a[1], …, a[L]]",
                    answer: |i| {
                        let a = forward(i)?;
                        Some(ok_list(std::slice::from_ref(a.last()?)))
                    },
                },
                Mistake {
                    diagnosis: "aplicaste σ sólo en la última capa: todas las capas usan la sigmoide, también las ocultas (a[l] = σ(z[l]) y la capa siguiente usa a[l])",
                    answer: |i| forward_with(i, |l, depth| l + 1 == depth, true),
                },
                Mistake {
                    diagnosis: "te olvidaste de sumar el sesgo: z[l] = W[l] a[l−1] + b[l]",
                    answer: |i| forward_with(i, |_, _| true, false),
                },
            ],
            property: None,
        },
    ]
}

fn ok1(z: &Array1<f64>) -> Value {
    json!({ "ok": wire::array1(z) })
}

fn ok2(z: &Array2<f64>) -> Value {
    json!({ "ok": wire::array2(z) })
}

fn ok_list(a: &[Array1<f64>]) -> Value {
    json!({ "ok": wire::arrays1(a) })
}

/// `W`, `b`, `x` of `dense_layer`, only when their shapes fit.
fn dense_inputs(input: &Value) -> Option<(Array2<f64>, Array1<f64>, Array1<f64>)> {
    let w = matrix_arg(input, "w").ok()?;
    let b = vector_arg(input, "b").ok()?;
    let x = vector_arg(input, "x").ok()?;
    (w.nrows() == b.len() && w.ncols() == x.len()).then_some((w, b, x))
}

/// `W`, `b`, `X` of `dense_layer_batch`, only when their shapes fit.
fn batch_inputs(input: &Value) -> Option<(Array2<f64>, Array1<f64>, Array2<f64>)> {
    let w = matrix_arg(input, "w").ok()?;
    let b = vector_arg(input, "b").ok()?;
    let x = matrix_arg(input, "x").ok()?;
    (w.nrows() == b.len() && w.ncols() == x.ncols()).then_some((w, b, x))
}

/// A `dense_layer` input: mostly shapes that fit (often square, so that a
/// transposed W shows); from the eleventh case on, the last four of every ten
/// are each kind of misfit.
fn dense_case(rng: &mut Rng, k: usize) -> Value {
    let (mut m, d) = match k % 10 {
        0 => (1, 1),
        1 => (1, int(rng, 2, 7)),
        2 => (int(rng, 2, 7), 1),
        3 | 4 => {
            let s = int(rng, 2, 6);
            (s, s)
        }
        5 => (int(rng, 9, 17), int(rng, 20, 40)),
        _ => (int(rng, 1, 6), int(rng, 1, 6)),
    };
    let (mut b_len, mut x_len) = (m, d);
    if k >= 10 {
        (m, b_len) = bias_misfit(k % 10, m);
        match k % 10 {
            8 => x_len = d + 1,
            // x with one element per neuron (m) instead of per input (d).
            9 => x_len = if m == d { d + 2 } else { m },
            _ => {}
        }
    }
    json!({
        "w": matrix(rng, m, d, -2.0, 2.0),
        "b": vector(rng, b_len, -1.0, 1.0),
        "x": vector(rng, x_len, -3.0, 3.0),
    })
}

/// A `dense_layer_batch` input: n examples of d features into m neurons,
/// with square W, n = m, n ≠ m and single rows; from the eleventh case on, the
/// last four of every ten are each kind of misfit.
fn batch_case(rng: &mut Rng, k: usize) -> Value {
    let (n, mut m, d) = match k % 10 {
        0 => (1, 1, 1),
        1 => (1, int(rng, 2, 5), int(rng, 2, 5)),
        2 | 3 => {
            let s = int(rng, 2, 5);
            (int(rng, 2, 5), s, s)
        }
        4 => {
            let s = int(rng, 2, 5);
            (s, s, int(rng, 1, 5))
        }
        5 => (int(rng, 6, 12), int(rng, 2, 4), int(rng, 5, 9)),
        _ => (int(rng, 1, 5), int(rng, 1, 5), int(rng, 1, 5)),
    };
    let (mut b_len, mut x_rows, mut x_cols) = (m, n, d);
    if k >= 10 {
        (m, b_len) = bias_misfit(k % 10, m);
        match k % 10 {
            8 => x_cols = d + 1,
            // X given as d×n (one column per example) where n ≠ d.
            9 => (x_rows, x_cols) = if n == d { (d, n + 1) } else { (d, n) },
            _ => {}
        }
    }
    json!({
        "w": matrix(rng, m, d, -2.0, 2.0),
        "b": vector(rng, b_len, -1.0, 1.0),
        "x": matrix(rng, x_rows, x_cols, -3.0, 3.0),
    })
}

/// The neurons and the length of b of a misfit case of kind `kind` (`k % 10`)
/// with `m` neurons: kind 6, b one too long; kind 7, a one-element b (it
/// broadcasts in ndarray, so a misfit only for m > 1); other kinds, b fits.
fn bias_misfit(kind: usize, m: usize) -> (usize, usize) {
    match kind {
        6 => (m, m + 1),
        7 => (m.max(2), 1),
        _ => (m, m),
    }
}

/// The shapes of `sizes` with each layer's shape made by `f(inputs, outputs)`.
fn shapes_with(input: &Value, f: fn(u64, u64) -> ((u64, u64), u64)) -> Option<Value> {
    let sizes: Vec<u64> = field(input, "sizes")
        .ok()?
        .as_array()?
        .iter()
        .map(Value::as_u64)
        .collect::<Option<_>>()?;
    Some(Value::Array(
        sizes
            .windows(2)
            .map(|pair| {
                let ((rows, cols), len) = f(pair[0], pair[1]);
                json!({ "w": [rows, cols], "b": len })
            })
            .collect(),
    ))
}

/// A consistent network and an input; from the eighth case on, every fourth
/// case has an `x` of the wrong length (the only misfit the stub asks for).
fn forward_case(rng: &mut Rng, k: usize) -> Value {
    let depth = match k % 5 {
        0 => 1,
        1 => 2,
        2 => 3,
        _ => int(rng, 1, 4),
    };
    let sizes: Vec<usize> = (0..=depth)
        .map(|l| {
            if k % 7 == 6 && l == 0 {
                int(rng, 10, 20)
            } else {
                int(rng, 1, 6)
            }
        })
        .collect();
    let weights: Vec<Value> = sizes
        .windows(2)
        .map(|p| matrix(rng, p[1], p[0], -2.0, 2.0))
        .collect();
    let biases: Vec<Value> = sizes[1..]
        .iter()
        .map(|&s| vector(rng, s, -1.0, 1.0))
        .collect();
    let d = sizes[0];
    let x_len = if k >= 4 && k % 4 == 3 {
        if d > 1 && rng.uniform() < 0.5 {
            d - 1
        } else {
            d + int(rng, 1, 3)
        }
    } else {
        d
    };
    json!({
        "net": {"weights": weights, "biases": biases},
        "x": vector(rng, x_len, -2.0, 2.0),
    })
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The layers of the input's network and its x, only when x fits.
fn net_and_x(input: &Value) -> Option<(nncore::Mlp, Array1<f64>)> {
    let net = as_mlp(field(input, "net").ok()?).ok()?;
    let x = vector_arg(input, "x").ok()?;
    (net.weights.first()?.ncols() == x.len()).then_some((net, x))
}

/// The correct activations.
fn forward(input: &Value) -> Option<Vec<Array1<f64>>> {
    let out = crate::reference::call("vectorization", "forward_pass", input).ok()?;
    let list = out.get("ok")?;
    wire::as_arrays1(list).ok()
}

/// A forward pass where layer `l` (from 0) applies σ only if
/// `activate(l, depth)`, and adds b only if `bias`.
fn forward_with(input: &Value, activate: fn(usize, usize) -> bool, bias: bool) -> Option<Value> {
    let (net, x) = net_and_x(input)?;
    let depth = net.weights.len();
    let mut a = vec![x];
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let prev = a.last()?;
        if w.ncols() != prev.len() || w.nrows() != b.len() {
            return None;
        }
        let mut z = w.dot(prev);
        if bias {
            z += b;
        }
        a.push(if activate(l, depth) {
            z.mapv(sigmoid)
        } else {
            z
        });
    }
    Some(ok_list(&a))
}
