//! Convolution, pooling and the parameter counts of dense and convolutional layers.

use super::*;
use crate::course::generate::mistakes;

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
            mistakes: mistakes![pool_with;
                Pool::Average => "calculaste el promedio de cada ventana (average pooling): max pooling se queda con el máximo",
                Pool::StepOne => "ignoraste el paso (stride): la ventana se mueve de a `stride` posiciones, no de a 1",
                Pool::StepSize => "moviste la ventana de a `size` posiciones: se mueve de a `stride` (pueden ser distintos, y entonces las ventanas se superponen o dejan huecos)",
                Pool::MaxFromZero => "empezaste el máximo en 0: si toda la ventana es negativa, el máximo es negativo; empezá con f64::NEG_INFINITY o con el primer elemento de la ventana",
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
            mistakes: mistakes![conv_count_with;
                |kh, kw, c, f| kh * kw * c * f => "contaste sólo los pesos: cada filtro tiene además un sesgo, (k_h · k_w · canales + 1) · filtros",
                |kh, kw, _, f| (kh * kw + 1) * f => "falta multiplicar por los canales de entrada: cada filtro tiene un núcleo de k_h × k_w por canal, (k_h · k_w · canales + 1) · filtros",
                |kh, kw, c, f| kh * kw * c * f + 1 => "pusiste un solo sesgo para toda la capa: hay uno por filtro, (k_h · k_w · canales + 1) · filtros",
                |kh, kw, c, _| kh * kw * c + 1 => "contaste un solo filtro: la capa tiene `filters` filtros, cada uno con k_h · k_w · canales pesos y un sesgo",
                |kh, kw, c, f| (kh * kw + 1) * c * f => "pusiste un sesgo por canal: cada filtro suma sobre todos sus canales y tiene un solo sesgo, (k_h · k_w · canales + 1) · filtros",
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
