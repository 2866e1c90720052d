//! Hidden cases and known mistakes of the `cnn_rnn` chapter.

use ndarray::{Array1, Array2};
use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{floats, int, matrix, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, field, usize_arg};

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "cnn_rnn",
            id: "conv2d",
            hidden: |rng, n| {
                // (rows, cols, kernel rows, kernel cols, stride): non-square
                // inputs and kernels, strides 1–3, a 1×1 kernel and a kernel
                // as large as the input first.
                let fixed = [
                    (5, 7, 2, 3, 2),
                    (6, 4, 3, 2, 1),
                    (7, 7, 3, 3, 3),
                    (4, 5, 1, 1, 2),
                    (3, 4, 3, 4, 1),
                ];
                (0..n)
                    .map(|k| {
                        let (h, w, kh, kw, stride) = fixed.get(k).copied().unwrap_or_else(|| {
                            let h = int(rng, 2, 7);
                            let w = int(rng, 2, 7);
                            (
                                h,
                                w,
                                int(rng, 1, h.min(3)),
                                int(rng, 1, w.min(3)),
                                int(rng, 1, 3),
                            )
                        });
                        json!({
                            "input": int_matrix(rng, h, w, -5, 5),
                            "kernel": asymmetric_kernel(rng, kh, kw),
                            "stride": stride,
                        })
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "paso 2 que no entra justo",
                    "núcleo no cuadrado, paso 1",
                    "paso igual al núcleo",
                    "núcleo de 1×1",
                    "núcleo tan grande como la entrada: salida 1×1",
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "invertiste el núcleo (la convolución de la matemática): en redes neuronales out[i, j] = Σ input[i·s + p, j·s + q] · kernel[p, q], con el núcleo tal cual",
                    answer: |i| {
                        let (input, kernel, stride) = conv_args(i)?;
                        let flipped = Array2::from_shape_fn(kernel.dim(), |(p, q)| {
                            kernel[[kernel.nrows() - 1 - p, kernel.ncols() - 1 - q]]
                        });
                        Some(wire::array2(&conv(&input, &flipped, stride, stride)))
                    },
                },
                Mistake {
                    diagnosis: "ignoraste el paso (stride): la ventana se mueve de a `stride` posiciones y la salida tiene ⌊(H − k_h)/s⌋ + 1 filas y ⌊(W − k_w)/s⌋ + 1 columnas",
                    answer: |i| {
                        let (input, kernel, _) = conv_args(i)?;
                        Some(wire::array2(&conv(&input, &kernel, 1, 1)))
                    },
                },
                Mistake {
                    diagnosis: "a la salida le falta la última fila y la última columna: el ciclo tiene que llegar a la última ventana que entra, así que la salida tiene ⌊(H − k_h)/s⌋ + 1 filas y ⌊(W − k_w)/s⌋ + 1 columnas (¿te olvidaste del + 1, o usaste < en lugar de ≤?)",
                    answer: |i| {
                        let (input, kernel, stride) = conv_args(i)?;
                        let full = conv(&input, &kernel, stride, stride);
                        let (rows, cols) = full.dim();
                        let cut = full.slice(ndarray::s![
                            ..rows.saturating_sub(1),
                            ..cols.saturating_sub(1)
                        ]);
                        Some(wire::array2(&cut.to_owned()))
                    },
                },
                Mistake {
                    diagnosis: "el tamaño de la salida está bien, pero la ventana no se mueve de a `stride`: la ventana de out[i, j] empieza en la fila i·s y la columna j·s, no en (i, j)",
                    answer: |i| {
                        let (input, kernel, stride) = conv_args(i)?;
                        Some(wire::array2(&conv(&input, &kernel, stride, 1)))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "max_pool",
            hidden: |rng, n| {
                // (rows, cols, size, stride); the fourth is all negative.
                let fixed = [
                    (4, 6, 2, 2),
                    (5, 5, 3, 2),
                    (6, 7, 2, 3),
                    (3, 4, 2, 1),
                    (4, 4, 1, 1),
                ];
                (0..n)
                    .map(|k| {
                        let (h, w, size, stride) = fixed.get(k).copied().unwrap_or_else(|| {
                            let h = int(rng, 2, 7);
                            let w = int(rng, 2, 7);
                            (h, w, int(rng, 1, h.min(w).min(3)), int(rng, 1, 3))
                        });
                        let (low, high) = if k == 3 { (-9, -1) } else { (-9, 9) };
                        json!({
                            "input": int_matrix(rng, h, w, low, high),
                            "size": size,
                            "stride": stride,
                        })
                    })
                    .collect()
            },
            boundary: |drawn| {
                let mut cases = drawn(&[
                    "ventanas sin superponerse",
                    "ventanas que se superponen",
                    "paso mayor que la ventana",
                    "todo negativo",
                    "ventana de 1×1",
                ]);
                cases.extend(named(vec![
                (
                    "empates en cada ventana",
                    json!({"input": [[2.0, 2.0], [2.0, 2.0]], "size": 2, "stride": 2}),
                ),
                (
                    "ventana del tamaño de la entrada",
                    json!({"input": [[-3.0, 1.0, -2.0], [0.5, -1.0, 4.0]], "size": 2, "stride": 1}),
                ),
            ]));
                cases
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "calculaste el promedio de cada ventana (average pooling): max pooling se queda con el máximo",
                    answer: |i| pool_with(i, Pool::Average),
                },
                Mistake {
                    diagnosis: "ignoraste el paso (stride): la ventana se mueve de a `stride` posiciones, no de a 1",
                    answer: |i| pool_with(i, Pool::StepOne),
                },
                Mistake {
                    diagnosis: "moviste la ventana de a `size` posiciones: se mueve de a `stride` (pueden ser distintos, y entonces las ventanas se superponen o dejan huecos)",
                    answer: |i| pool_with(i, Pool::StepSize),
                },
                Mistake {
                    diagnosis: "empezaste el máximo en 0: si toda la ventana es negativa, el máximo es negativo; empezá con f64::NEG_INFINITY o con el primer elemento de la ventana",
                    answer: |i| pool_with(i, Pool::MaxFromZero),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "dense_parameter_count",
            hidden: |rng, n| {
                let mut inputs = vec![json!({"inputs": 1, "outputs": 1})];
                while inputs.len() < n {
                    inputs.push(json!({"inputs": int(rng, 1, 2000), "outputs": int(rng, 1, 1000)}));
                }
                inputs
            },
            boundary: |_| {
                named(vec![
                    (
                        "una entrada, una salida",
                        json!({"inputs": 1, "outputs": 1}),
                    ),
                    (
                        "la capa de la diapositiva, 784 → 128",
                        json!({"inputs": 784, "outputs": 128}),
                    ),
                    ("una sola salida", json!({"inputs": 10, "outputs": 1})),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "contaste sólo los pesos: falta un sesgo por cada neurona de salida, entradas · salidas + salidas",
                    answer: |i| {
                        let (inputs, outputs) = dense_args(i)?;
                        Some(json!(inputs * outputs))
                    },
                },
                Mistake {
                    diagnosis: "los sesgos son uno por neurona de salida, no por entrada: entradas · salidas + salidas",
                    answer: |i| {
                        let (inputs, outputs) = dense_args(i)?;
                        Some(json!(inputs * outputs + inputs))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "conv_parameter_count",
            hidden: |rng, n| {
                let mut inputs = vec![
                    json!({"kernel_h": 3, "kernel_w": 5, "in_channels": 4, "filters": 7}),
                    json!({"kernel_h": 1, "kernel_w": 1, "in_channels": 16, "filters": 8}),
                ];
                while inputs.len() < n {
                    inputs.push(json!({
                        "kernel_h": int(rng, 1, 7),
                        "kernel_w": int(rng, 1, 7),
                        "in_channels": int(rng, 1, 64),
                        "filters": int(rng, 1, 128),
                    }));
                }
                inputs
            },
            boundary: |_| {
                named(vec![
                    (
                        "núcleo 1×1, un canal, un filtro",
                        json!({"kernel_h": 1, "kernel_w": 1, "in_channels": 1, "filters": 1}),
                    ),
                    (
                        "núcleo no cuadrado",
                        json!({"kernel_h": 3, "kernel_w": 5, "in_channels": 4, "filters": 7}),
                    ),
                    (
                        "núcleo 1×1, muchos canales",
                        json!({"kernel_h": 1, "kernel_w": 1, "in_channels": 16, "filters": 8}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "contaste sólo los pesos: cada filtro tiene además un sesgo, (k_h · k_w · canales + 1) · filtros",
                    answer: |i| conv_count_with(i, |kh, kw, c, f| kh * kw * c * f),
                },
                Mistake {
                    diagnosis: "falta multiplicar por los canales de entrada: cada filtro tiene un núcleo de k_h × k_w por canal, (k_h · k_w · canales + 1) · filtros",
                    answer: |i| conv_count_with(i, |kh, kw, _, f| (kh * kw + 1) * f),
                },
                Mistake {
                    diagnosis: "pusiste un solo sesgo para toda la capa: hay uno por filtro, (k_h · k_w · canales + 1) · filtros",
                    answer: |i| conv_count_with(i, |kh, kw, c, f| kh * kw * c * f + 1),
                },
                Mistake {
                    diagnosis: "contaste un solo filtro: la capa tiene `filters` filtros, cada uno con k_h · k_w · canales pesos y un sesgo",
                    answer: |i| conv_count_with(i, |kh, kw, c, _| kh * kw * c + 1),
                },
                Mistake {
                    diagnosis: "pusiste un sesgo por canal: cada filtro suma sobre todos sus canales y tiene un solo sesgo, (k_h · k_w · canales + 1) · filtros",
                    answer: |i| conv_count_with(i, |kh, kw, c, f| (kh * kw + 1) * c * f),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "rnn_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|_| {
                        let (nh, nx) = (int(rng, 1, 4), int(rng, 1, 4));
                        let mut input = cell(rng, nh, nx);
                        input["x"] = vector(rng, nx, -2.0, 2.0);
                        input["h_prev"] = vector(rng, nh, -1.0, 1.0);
                        input
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "todo de 1×1",
                        json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "x": [2.0], "h_prev": [0.5]}),
                    ),
                    (
                        "estado anterior cero",
                        json!({"wx": [[1.0, -1.0], [0.5, 0.5]], "wh": [[0.3, 0.1], [-0.2, 0.4]], "b": [0.1, -0.1], "x": [1.0, 2.0], "h_prev": [0.0, 0.0]}),
                    ),
                    (
                        "entrada cero: sólo la memoria",
                        json!({"wx": [[1.0], [2.0]], "wh": [[0.5, -0.5], [1.0, 0.25]], "b": [0.0, 0.0], "x": [0.0], "h_prev": [0.8, -0.6]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "falta la tangente hiperbólica: h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                    answer: |i| step_answer(i, Cell::Linear),
                },
                Mistake {
                    diagnosis: "ignoraste el estado anterior: h_t = tanh(W_x x_t + W_h h_{t−1} + b), el término W_h h_{t−1} es la memoria de la red",
                    answer: |i| step_answer(i, Cell::NoMemory),
                },
                Mistake {
                    diagnosis: "falta sumar el sesgo b: h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                    answer: |i| step_answer(i, Cell::NoBias),
                },
                Mistake {
                    diagnosis: "usaste la sigmoide: la celda recurrente usa tanh, h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                    answer: |i| step_answer(i, Cell::Sigmoid),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "rnn_run",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let (nh, nx) = (int(rng, 1, 4), int(rng, 1, 4));
                        let len = match k {
                            0 => 1,
                            1 => 6,
                            _ => int(rng, 1, 6),
                        };
                        let mut input = cell(rng, nh, nx);
                        input["xs"] = matrix(rng, len, nx, -2.0, 2.0);
                        input["h0"] = if k % 4 == 3 {
                            wire::nums(&vec![0.0; nh])
                        } else {
                            vector(rng, nh, -1.0, 1.0)
                        };
                        input
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "secuencia vacía",
                        json!({"wx": [[0.5]], "wh": [[0.5]], "b": [0.0], "xs": [], "h0": [0.3]}),
                    ),
                    (
                        "un solo paso",
                        json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "xs": [[2.0]], "h0": [0.5]}),
                    ),
                    (
                        "tres pasos, estado inicial cero",
                        json!({"wx": [[1.0], [-0.5]], "wh": [[0.5, -0.25], [0.75, 0.5]], "b": [0.1, 0.2], "xs": [[1.0], [0.0], [-1.0]], "h0": [0.0, 0.0]}),
                    ),
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "falta la tangente hiperbólica: cada estado es h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                    answer: |i| run_answer(i, Cell::Linear, Run::States),
                },
                Mistake {
                    diagnosis: "el estado no avanza: cada paso usa h0 en lugar del estado anterior h_{t−1}; después de cada paso, el h nuevo pasa a ser el anterior",
                    answer: |i| run_answer(i, Cell::Correct, Run::AlwaysH0),
                },
                Mistake {
                    diagnosis: "ignoraste el estado anterior: h_t = tanh(W_x x_t + W_h h_{t−1} + b), el término W_h h_{t−1} es la memoria de la red",
                    answer: |i| run_answer(i, Cell::NoMemory, Run::States),
                },
                Mistake {
                    diagnosis: "devolviste también h0: la lista tiene que tener un estado por elemento de xs, h_1, …, h_T",
                    answer: |i| run_answer(i, Cell::Correct, Run::WithH0),
                },
                Mistake {
                    diagnosis: "devolviste sólo el último estado: la lista tiene que tener todos los estados h_1, …, h_T, uno por elemento de xs",
                    answer: |i| run_answer(i, Cell::Correct, Run::LastOnly),
                },
            ],
            property: None,
        },
    ]
}

// ---------------------------------------------------------------------------
// Convolution and pooling
// ---------------------------------------------------------------------------

fn int_matrix(rng: &mut Rng, rows: usize, cols: usize, low: i64, high: i64) -> Value {
    let span = (high - low + 1) as usize;
    Value::Array(
        (0..rows)
            .map(|_| {
                Value::Array(
                    (0..cols)
                        .map(|_| json!((low + rng.below(span) as i64) as f64))
                        .collect(),
                )
            })
            .collect(),
    )
}

/// A kernel with small integer entries that changes when rotated by 180°
/// (unless it is 1×1), so that a flipped kernel shows.
fn asymmetric_kernel(rng: &mut Rng, rows: usize, cols: usize) -> Value {
    loop {
        let kernel = int_matrix(rng, rows, cols, -2, 2);
        let Ok(k) = wire::as_array2(&kernel) else {
            return kernel;
        };
        let symmetric = k
            .indexed_iter()
            .all(|((p, q), &v)| v == k[[rows - 1 - p, cols - 1 - q]]);
        if rows * cols == 1 || !symmetric {
            return kernel;
        }
    }
}

fn conv_args(input: &Value) -> Option<(Array2<f64>, Array2<f64>, usize)> {
    let image = wire::array2_arg(input, "input").ok()?;
    let kernel = wire::array2_arg(input, "kernel").ok()?;
    let stride = usize_arg(input, "stride").ok()?;
    let fits = stride >= 1
        && kernel.nrows() >= 1
        && kernel.ncols() >= 1
        && kernel.nrows() <= image.nrows()
        && kernel.ncols() <= image.ncols();
    fits.then_some((image, kernel, stride))
}

/// Output positions along one axis: `⌊(len − window)/stride⌋ + 1`.
fn positions(len: usize, window: usize, stride: usize) -> usize {
    len.checked_sub(window).map_or(0, |room| room / stride + 1)
}

/// A valid cross-correlation whose output has the size of step `size_step`
/// and whose windows start every `offset_step` positions.
fn conv(
    image: &Array2<f64>,
    kernel: &Array2<f64>,
    size_step: usize,
    offset_step: usize,
) -> Array2<f64> {
    let (kh, kw) = kernel.dim();
    let rows = positions(image.nrows(), kh, size_step);
    let cols = positions(image.ncols(), kw, size_step);
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        let mut sum = 0.0;
        for p in 0..kh {
            for q in 0..kw {
                sum += image[[i * offset_step + p, j * offset_step + q]] * kernel[[p, q]];
            }
        }
        sum
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Pool {
    Average,
    StepOne,
    StepSize,
    MaxFromZero,
}

fn pool_with(input: &Value, kind: Pool) -> Option<Value> {
    let image = wire::array2_arg(input, "input").ok()?;
    let size = usize_arg(input, "size").ok()?;
    let stride = usize_arg(input, "stride").ok()?;
    if size == 0 || stride == 0 || size > image.nrows() || size > image.ncols() {
        return None;
    }
    let step = match kind {
        Pool::StepOne => 1,
        Pool::StepSize => size,
        _ => stride,
    };
    let rows = positions(image.nrows(), size, step);
    let cols = positions(image.ncols(), size, step);
    let out = Array2::from_shape_fn((rows, cols), |(i, j)| {
        let window = (0..size).flat_map(|p| (0..size).map(move |q| (p, q)));
        let values = window.map(|(p, q)| image[[i * step + p, j * step + q]]);
        match kind {
            Pool::Average => values.sum::<f64>() / (size * size) as f64,
            Pool::MaxFromZero => values.fold(0.0, f64::max),
            _ => values.fold(f64::NEG_INFINITY, f64::max),
        }
    });
    Some(wire::array2(&out))
}

// ---------------------------------------------------------------------------
// Parameter counts
// ---------------------------------------------------------------------------

fn dense_args(input: &Value) -> Option<(usize, usize)> {
    Some((
        usize_arg(input, "inputs").ok()?,
        usize_arg(input, "outputs").ok()?,
    ))
}

fn conv_count_with(input: &Value, count: fn(usize, usize, usize, usize) -> usize) -> Option<Value> {
    Some(json!(count(
        usize_arg(input, "kernel_h").ok()?,
        usize_arg(input, "kernel_w").ok()?,
        usize_arg(input, "in_channels").ok()?,
        usize_arg(input, "filters").ok()?,
    )))
}

// ---------------------------------------------------------------------------
// Recurrent cell
// ---------------------------------------------------------------------------

/// Random `wx` (`nh × nx`), `wh` (`nh × nh`) and `b`.
fn cell(rng: &mut Rng, nh: usize, nx: usize) -> Value {
    json!({
        "wx": matrix(rng, nh, nx, -1.0, 1.0),
        "wh": matrix(rng, nh, nh, -1.0, 1.0),
        "b": wire::nums(&floats(rng, nh, -0.5, 0.5)),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Correct,
    Linear,
    NoMemory,
    NoBias,
    Sigmoid,
}

#[derive(Clone, Copy, PartialEq)]
enum Run {
    States,
    AlwaysH0,
    WithH0,
    LastOnly,
}

struct Weights {
    wx: Array2<f64>,
    wh: Array2<f64>,
    b: Array1<f64>,
}

impl Weights {
    fn from(input: &Value) -> Option<Self> {
        let wx = wire::array2_arg(input, "wx").ok()?;
        let wh = wire::array2_arg(input, "wh").ok()?;
        let b = wire::array1_arg(input, "b").ok()?;
        let nh = b.len();
        (wx.nrows() == nh && wh.dim() == (nh, nh)).then_some(Weights { wx, wh, b })
    }

    /// One step with the cell's flaw (None when the shapes do not fit).
    fn step(&self, x: &Array1<f64>, h: &Array1<f64>, flaw: Cell) -> Option<Array1<f64>> {
        if x.len() != self.wx.ncols() || h.len() != self.wh.ncols() {
            return None;
        }
        let memory = if flaw == Cell::NoMemory {
            Array1::zeros(h.len())
        } else {
            self.wh.dot(h)
        };
        let bias = if flaw == Cell::NoBias {
            Array1::zeros(self.b.len())
        } else {
            self.b.clone()
        };
        let z = self.wx.dot(x) + memory + bias;
        Some(match flaw {
            Cell::Linear => z,
            Cell::Sigmoid => z.mapv(|v| 1.0 / (1.0 + (-v).exp())),
            _ => z.mapv(f64::tanh),
        })
    }
}

fn step_answer(input: &Value, flaw: Cell) -> Option<Value> {
    let weights = Weights::from(input)?;
    let x = wire::array1_arg(input, "x").ok()?;
    let h = wire::array1_arg(input, "h_prev").ok()?;
    Some(wire::array1(&weights.step(&x, &h, flaw)?))
}

fn run_answer(input: &Value, flaw: Cell, run: Run) -> Option<Value> {
    let weights = Weights::from(input)?;
    let xs = wire::as_arrays1(field(input, "xs").ok()?).ok()?;
    let h0 = wire::array1_arg(input, "h0").ok()?;
    let mut h = h0.clone();
    let mut states = Vec::new();
    if run == Run::WithH0 {
        states.push(h0.clone());
    }
    for x in &xs {
        let previous = if run == Run::AlwaysH0 { &h0 } else { &h };
        h = weights.step(x, previous, flaw)?;
        states.push(h.clone());
    }
    if run == Run::LastOnly {
        states = states.split_off(states.len().saturating_sub(1));
    }
    Some(wire::arrays1(&states))
}

/// These tests ask the reference solutions.
#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;

    #[test]
    fn hidden_inputs_fit_their_own_shapes() {
        let mut rng = Rng::new(5);
        let specs = specs();
        for spec in &specs {
            for input in (spec.hidden)(&mut rng, 30) {
                assert!(
                    crate::reference::call("cnn_rnn", spec.id, &input).is_ok(),
                    "{}: {input}",
                    spec.id
                );
            }
        }
    }
}
