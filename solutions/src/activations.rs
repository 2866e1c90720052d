//! # Capítulo «Arquitectura»: funciones de activación y de costo
//!
//! Libro: `book/src/arquitectura.md`, secciones «Funciones de activación» y
//! «Funciones de costo». Etiquetas en `{0, 1}` para la entropía cruzada.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- activations`.

/// How far from 0 and 1 `cross_entropy_cost` clips ŷ before the logarithms.
const CLIP: f64 = 1e-12;

/// Sigmoide: `σ(z) = 1 / (1 + e^(−z))`. Por ejemplo `σ(0) = 0.5` y
/// `σ(2) ≈ 0.880797`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Derivada de la sigmoide respecto de `z`: `σ'(z) = σ(z) (1 − σ(z))`.
///
/// Ojo: recibe `z`, no `σ(z)`. Por ejemplo `σ'(0) = 0.25` y
/// `σ'(2) ≈ 0.104994`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn sigmoid_derivative(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s)
}

/// Tangente hiperbólica: `tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn tanh(z: f64) -> f64 {
    // `f64::tanh` is the formula above, computed without overflowing
    // `e^z` for large |z|.
    z.tanh()
}

/// Derivada de la tangente hiperbólica: `tanh'(z) = 1 − tanh²(z)`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn tanh_derivative(z: f64) -> f64 {
    let t = tanh(z);
    1.0 - t * t
}

/// ReLU: `max(0, z)`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn relu(z: f64) -> f64 {
    if z > 0.0 { z } else { 0.0 }
}

/// Derivada de ReLU: `1` si `z > 0`, `0` si no (en `z = 0` usamos `0`).
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn relu_derivative(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { 0.0 }
}

/// Leaky ReLU: `z` si `z > 0`, `α z` si no (`α` pequeño, por ejemplo 0.01).
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn leaky_relu(z: f64, alpha: f64) -> f64 {
    if z > 0.0 { z } else { alpha * z }
}

/// Derivada de leaky ReLU: `1` si `z > 0`, `α` si no (en `z = 0` usamos `α`).
///
/// Libro: «Arquitectura» → «Funciones de activación».
// exercise
pub fn leaky_relu_derivative(z: f64, alpha: f64) -> f64 {
    if z > 0.0 { 1.0 } else { alpha }
}

/// Costo de error cuadrático medio sobre `m` ejemplos:
/// `J = 1/(2m) Σᵢ (yᵢ − ŷᵢ)²`.
///
/// `y` son las etiquetas y `y_hat` las predicciones (mismo largo `m ≥ 1`).
/// No te olvides del `½`: simplifica la derivada.
///
/// Libro: «Arquitectura» → «Funciones de costo».
// exercise
pub fn squared_error_cost(y: &[f64], y_hat: &[f64]) -> f64 {
    let m = y.len() as f64;
    let sum: f64 = y.iter().zip(y_hat).map(|(yi, pi)| (yi - pi).powi(2)).sum();
    sum / (2.0 * m)
}

/// Entropía cruzada binaria media sobre `m` ejemplos, con etiquetas en
/// `{0, 1}` y predicciones en `[0, 1]`:
/// `J = −1/m Σᵢ [ yᵢ ln ŷᵢ + (1 − yᵢ) ln(1 − ŷᵢ) ]` (logaritmo natural).
///
/// Tiene que dar un número finito aun cuando `ŷ` vale exactamente `0` o `1`:
/// antes del logaritmo recortá `ŷ` al intervalo `[1e-12, 1 − 1e-12]`.
///
/// Libro: «Arquitectura» → «Funciones de costo».
// exercise
pub fn cross_entropy_cost(y: &[f64], y_hat: &[f64]) -> f64 {
    let m = y.len() as f64;
    let sum: f64 = y
        .iter()
        .zip(y_hat)
        .map(|(&yi, &pi)| {
            // Keep both logarithms finite when ŷ is exactly 0 or 1.
            let p = pi.clamp(CLIP, 1.0 - CLIP);
            yi * p.ln() + (1.0 - yi) * (1.0 - p).ln()
        })
        .sum();
    -sum / m
}
