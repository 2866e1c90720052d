//! # Capítulo «Arquitectura»: vectorización y propagación hacia adelante
//!
//! Libro: `book/src/arquitectura.md`, secciones «Vectorización» y
//! «Propagación hacia adelante». Una imagen de 28×28 es un vector de
//! `d = 784` entradas; una primera capa oculta de `m = 128` neuronas tiene
//! `W` de forma `128×784`, `b` de largo 128 y `z` de largo 128.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- vectorization`.

use ndarray::{Array1, Array2};
use nncore::{Mlp, ShapeError};

/// Capa densa: `z = W x + b`.
///
/// `w` tiene forma `m × d` (una fila por neurona), `x` largo `d` y `b` largo
/// `m`; el resultado tiene largo `m`. Si las formas no encajan, devolvé
/// `Err(ShapeError::new("…"))` con un mensaje que diga qué forma se esperaba
/// (no entres en pánico: ndarray entra en pánico si multiplicás formas
/// incompatibles, así que comprobalas antes).
///
/// Libro: «Arquitectura» → «Vectorización».
// exercise
pub fn dense_layer(
    w: &Array2<f64>,
    b: &Array1<f64>,
    x: &Array1<f64>,
) -> Result<Array1<f64>, ShapeError> {
    check_layer(w, b)?;
    if w.ncols() != x.len() {
        return Err(ShapeError::new(format!(
            "W es {}×{}, así que x debería tener {} elementos, pero tiene {}",
            w.nrows(),
            w.ncols(),
            w.ncols(),
            x.len()
        )));
    }
    Ok(w.dot(x) + b)
}

/// Capa densa para un lote de `n` ejemplos a la vez.
///
/// `x` tiene forma `n × d`: **una fila por ejemplo**. El resultado tiene
/// forma `n × m` y su fila `i` es `W xᵢ + b`; en forma matricial,
/// `Z = X Wᵀ + b` (sumando `b` a cada fila). Formas incompatibles:
/// `Err(ShapeError)`, como en [`dense_layer`].
///
/// Libro: «Arquitectura» → «Vectorización».
// exercise
pub fn dense_layer_batch(
    w: &Array2<f64>,
    b: &Array1<f64>,
    x: &Array2<f64>,
) -> Result<Array2<f64>, ShapeError> {
    check_layer(w, b)?;
    if w.ncols() != x.ncols() {
        return Err(ShapeError::new(format!(
            "W es {}×{}, así que X debería tener {} columnas (una fila por ejemplo), \
             pero es {}×{}",
            w.nrows(),
            w.ncols(),
            w.ncols(),
            x.nrows(),
            x.ncols()
        )));
    }
    // Row i of X Wᵀ is W xᵢ; adding `b` broadcasts it onto every row.
    Ok(x.dot(&w.t()) + b)
}

/// Las formas de los parámetros de una red densa con capas `sizes` (entrada
/// primero).
///
/// Para cada capa `l = 1, …, L` devolvé `((filas de W, columnas de W), largo de b)`.
/// Por ejemplo `[784, 128, 10]` da `[((128, 784), 128), ((10, 128), 10)]`.
///
/// Libro: «Arquitectura» → «Vectorización».
// exercise: output (w, b)
pub fn layer_shapes(sizes: &[usize]) -> Vec<((usize, usize), usize)> {
    sizes
        .windows(2)
        .map(|pair| {
            let (inputs, outputs) = (pair[0], pair[1]);
            ((outputs, inputs), outputs)
        })
        .collect()
}

/// Propagación hacia adelante de una red sigmoide de varias capas.
///
/// Devolvé todas las activaciones: el elemento `0` es la entrada
/// `a[0] = x`, y para `l = 1, …, L`,
/// `a[l] = σ(z[l])` con `z[l] = W[l] a[l−1] + b[l]`, donde `W[l]` es
/// `net.weights[l − 1]` y `b[l]` es `net.biases[l − 1]`. Así, en una red de
/// tres capas el resultado es `[a[0], a[1], a[2], a[3]]`, con la notación de
/// las diapositivas. Todas las capas usan la sigmoide
/// `σ(z) = 1 / (1 + e^(−z))`.
///
/// Si `x` no tiene el largo que espera la primera capa, devolvé
/// `Err(ShapeError)`.
///
/// Libro: «Arquitectura» → «Propagación hacia adelante».
// exercise
pub fn forward_pass(net: &Mlp, x: &Array1<f64>) -> Result<Vec<Array1<f64>>, ShapeError> {
    if net.weights.len() != net.biases.len() {
        return Err(ShapeError::new(format!(
            "la red tiene {} matrices de pesos pero {} vectores de sesgo",
            net.weights.len(),
            net.biases.len()
        )));
    }
    let mut activations = Vec::with_capacity(net.weights.len() + 1);
    activations.push(x.clone());
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        // `activations[l]` is a[l−1] in the slides' numbering (layers from 1).
        let z = dense_layer(w, b, &activations[l])
            .map_err(|e| ShapeError::new(format!("capa {}: {}", l + 1, e.message)))?;
        activations.push(z.mapv(sigmoid));
    }
    Ok(activations)
}

/// Checks that `W` has one row per element of `b`.
fn check_layer(w: &Array2<f64>, b: &Array1<f64>) -> Result<(), ShapeError> {
    if w.nrows() == b.len() {
        Ok(())
    } else {
        Err(ShapeError::new(format!(
            "W es {}×{}, así que b debería tener {} elementos, pero tiene {}",
            w.nrows(),
            w.ncols(),
            w.nrows(),
            b.len()
        )))
    }
}

/// The sigmoid `σ(z) = 1 / (1 + e^(−z))` (this file may not use another chapter's).
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}
