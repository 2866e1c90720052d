//! # Capítulo «Variantes»: redes convolucionales y recurrentes
//!
//! Libro: `book/src/variantes.md`. Las imágenes y los núcleos son matrices
//! `Array2<f64>` (fila, columna); las secuencias, listas de vectores.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- cnn_rnn`.

use ndarray::s;
use ndarray::{Array1, Array2};

/// Convolución 2-D «válida» (sin relleno) con paso `stride`, como se usa en
/// redes neuronales (sin invertir el núcleo):
/// `out[i, j] = Σₚ Σ_q input[i·s + p, j·s + q] · kernel[p, q]`.
///
/// Con entrada `H × W` y núcleo `k_h × k_w`, la salida tiene
/// `⌊(H − k_h)/s⌋ + 1` filas y `⌊(W − k_w)/s⌋ + 1` columnas. El núcleo cabe
/// en la entrada y `stride ≥ 1`.
///
/// Libro: «Variantes» → «Convolución».
// exercise
pub fn conv2d(input: &Array2<f64>, kernel: &Array2<f64>, stride: usize) -> Array2<f64> {
    let (kh, kw) = kernel.dim();
    let rows = output_len(input.nrows(), kh, stride);
    let cols = output_len(input.ncols(), kw, stride);
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        let window = input.slice(s![i * stride..i * stride + kh, j * stride..j * stride + kw]);
        (&window * kernel).sum()
    })
}

/// *Max pooling*: el máximo de cada ventana `size × size`, moviendo la
/// ventana de a `stride` (sin relleno; misma cuenta de tamaño que [`conv2d`]).
///
/// Libro: «Variantes» → «Pooling».
// exercise
pub fn max_pool(input: &Array2<f64>, size: usize, stride: usize) -> Array2<f64> {
    assert!(
        size >= 1,
        "la ventana de pooling tiene que medir al menos 1"
    );
    let rows = output_len(input.nrows(), size, stride);
    let cols = output_len(input.ncols(), size, stride);
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        input
            .slice(s![
                i * stride..i * stride + size,
                j * stride..j * stride + size
            ])
            .fold(f64::NEG_INFINITY, |max, &v| max.max(v))
    })
}

/// Cantidad de parámetros de una capa densa: pesos más sesgos,
/// `entradas · salidas + salidas`. Por ejemplo `784 → 128` tiene
/// `784 · 128 + 128 = 100 480`.
///
/// Libro: «Variantes» → «Cuántos parámetros».
// exercise
pub fn dense_parameter_count(inputs: usize, outputs: usize) -> usize {
    inputs * outputs + outputs
}

/// Cantidad de parámetros de una capa convolucional con `filters` filtros de
/// `kernel_h × kernel_w` sobre `in_channels` canales: cada filtro tiene
/// `kernel_h · kernel_w · in_channels` pesos y un sesgo. No depende del
/// tamaño de la imagen: los pesos se comparten.
///
/// Libro: «Variantes» → «Cuántos parámetros».
// exercise
pub fn conv_parameter_count(
    kernel_h: usize,
    kernel_w: usize,
    in_channels: usize,
    filters: usize,
) -> usize {
    (kernel_h * kernel_w * in_channels + 1) * filters
}

/// Un paso de una celda recurrente simple:
/// `h_t = tanh(W_x x_t + W_h h_{t−1} + b)`.
///
/// `wx` es `n_h × n_x`, `wh` es `n_h × n_h`, `b` y `h_prev` tienen largo `n_h`
/// y `x` largo `n_x`.
///
/// Libro: «Variantes» → «Redes recurrentes».
// exercise
pub fn rnn_step(
    wx: &Array2<f64>,
    wh: &Array2<f64>,
    b: &Array1<f64>,
    x: &Array1<f64>,
    h_prev: &Array1<f64>,
) -> Array1<f64> {
    (wx.dot(x) + wh.dot(h_prev) + b).mapv(f64::tanh)
}

/// Corre la celda recurrente sobre toda la secuencia `xs`, empezando en
/// `h0`, y devuelve los estados `h_1, …, h_T` (uno por elemento de `xs`, sin
/// incluir `h0`).
///
/// Libro: «Variantes» → «Redes recurrentes».
// exercise
pub fn rnn_run(
    wx: &Array2<f64>,
    wh: &Array2<f64>,
    b: &Array1<f64>,
    xs: &[Array1<f64>],
    h0: &Array1<f64>,
) -> Vec<Array1<f64>> {
    let mut states = Vec::with_capacity(xs.len());
    let mut h = h0.clone();
    for x in xs {
        h = rnn_step(wx, wh, b, x, &h);
        states.push(h.clone());
    }
    states
}

/// How many positions a window of `window` cells takes along an axis of `len`
/// cells, moving `stride` at a time without padding: `⌊(len − window)/stride⌋ + 1`,
/// or 0 if the window does not fit.
fn output_len(len: usize, window: usize, stride: usize) -> usize {
    assert!(stride >= 1, "el paso (stride) tiene que ser al menos 1");
    match len.checked_sub(window) {
        Some(room) => room / stride + 1,
        None => 0,
    }
}
