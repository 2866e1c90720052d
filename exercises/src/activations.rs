//! # Capítulo «Arquitectura»: funciones de activación y de costo
//!
//! Libro: `book/src/arquitectura.md`, secciones «Funciones de activación» y
//! «Funciones de costo». Etiquetas en `{0, 1}` para la entropía cruzada.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- activations`.

/// Sigmoide: `σ(z) = 1 / (1 + e^(−z))`. Por ejemplo `σ(0) = 0.5` y
/// `σ(2) ≈ 0.880797`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn sigmoid(z: f64) -> f64 {
    todo!("sigmoid")
}

/// Derivada de la sigmoide respecto de `z`: `σ'(z) = σ(z) (1 − σ(z))`.
///
/// Ojo: recibe `z`, no `σ(z)`. Por ejemplo `σ'(0) = 0.25` y
/// `σ'(2) ≈ 0.104994`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn sigmoid_derivative(z: f64) -> f64 {
    todo!("sigmoid_derivative")
}

/// Tangente hiperbólica: `tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn tanh(z: f64) -> f64 {
    todo!("tanh")
}

/// Derivada de la tangente hiperbólica: `tanh'(z) = 1 − tanh²(z)`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn tanh_derivative(z: f64) -> f64 {
    todo!("tanh_derivative")
}

/// ReLU: `max(0, z)`.
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn relu(z: f64) -> f64 {
    todo!("relu")
}

/// Derivada de ReLU: `1` si `z > 0`, `0` si no (en `z = 0` usamos `0`).
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn relu_derivative(z: f64) -> f64 {
    todo!("relu_derivative")
}

/// Leaky ReLU: `z` si `z > 0`, `α z` si no (`α` pequeño, por ejemplo 0.01).
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn leaky_relu(z: f64, alpha: f64) -> f64 {
    todo!("leaky_relu")
}

/// Derivada de leaky ReLU: `1` si `z > 0`, `α` si no (en `z = 0` usamos `α`).
///
/// Libro: «Arquitectura» → «Funciones de activación».
pub fn leaky_relu_derivative(z: f64, alpha: f64) -> f64 {
    todo!("leaky_relu_derivative")
}

/// Costo de error cuadrático medio sobre `m` ejemplos:
/// `J = 1/(2m) Σᵢ (yᵢ − ŷᵢ)²`.
///
/// `y` son las etiquetas y `y_hat` las predicciones (mismo largo `m ≥ 1`).
/// No te olvides del `½`: simplifica la derivada.
///
/// Libro: «Arquitectura» → «Funciones de costo».
pub fn squared_error_cost(y: &[f64], y_hat: &[f64]) -> f64 {
    todo!("squared_error_cost")
}

/// Entropía cruzada binaria media sobre `m` ejemplos, con etiquetas en
/// `{0, 1}` y predicciones en `[0, 1]`:
/// `J = −1/m Σᵢ [ yᵢ ln ŷᵢ + (1 − yᵢ) ln(1 − ŷᵢ) ]` (logaritmo natural).
///
/// Tiene que dar un número finito aun cuando `ŷ` vale exactamente `0` o `1`:
/// antes del logaritmo recortá `ŷ` al intervalo `[1e-12, 1 − 1e-12]`.
///
/// Libro: «Arquitectura» → «Funciones de costo».
pub fn cross_entropy_cost(y: &[f64], y_hat: &[f64]) -> f64 {
    todo!("cross_entropy_cost")
}
