//! # Capítulo «Capacidad de generalización»
//!
//! Libro: `book/src/generalizacion.md`. Sobreajuste y la caja de
//! herramientas para combatirlo: mini-lotes, tasas de aprendizaje
//! adaptativas, momento, parada temprana, decaimiento de pesos y dropout.
//! Los vectores de parámetros y gradientes son `&[f64]` del mismo largo.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- generalization`.

use nncore::{Mlp, Rng};

/// Divide los índices `0..n` en mini-lotes de `batch_size` elementos.
///
/// Primero mezclá `(0..n)` con `Rng::new(seed).shuffle(…)` (así cualquiera
/// que use la misma semilla obtiene los mismos lotes); después cortá el
/// resultado, en orden, en trozos de `batch_size`. El último lote puede
/// quedar más corto. Ningún índice se repite ni falta.
///
/// Libro: «Capacidad de generalización» → «Mini-lotes».
pub fn minibatch_indices(n: usize, batch_size: usize, seed: u64) -> Vec<Vec<usize>> {
    todo!("minibatch_indices")
}

/// Tasa de aprendizaje con decaimiento: `η_t = η₀ / (1 + k·t)`, donde `t`
/// es la época (desde 0) y `k` la constante de decaimiento.
///
/// Libro: «Capacidad de generalización» → «Tasa de aprendizaje».
pub fn decayed_learning_rate(eta0: f64, decay: f64, epoch: usize) -> f64 {
    todo!("decayed_learning_rate")
}

/// Un paso de descenso por el gradiente con momento.
///
/// `v ← β v − η g` y después `w ← w + v`. Devuelve `(w nuevo, v nuevo)`.
///
/// Libro: «Capacidad de generalización» → «Momento».
pub fn momentum_step(
    w: &[f64],
    velocity: &[f64],
    grad: &[f64],
    eta: f64,
    beta: f64,
) -> (Vec<f64>, Vec<f64>) {
    todo!("momentum_step")
}

/// Estado de Adam: promedios móviles del gradiente (`m`) y de su cuadrado
/// (`v`), y la cantidad de pasos dados (`t`).
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub t: u32,
}

/// Un paso de Adam.
///
/// `t ← t + 1`; `m ← β₁ m + (1 − β₁) g`; `v ← β₂ v + (1 − β₂) g²`;
/// corrección de sesgo `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`;
/// `w ← w − η m̂ / (√v̂ + ε)`. Todo elemento a elemento. Devuelve
/// `(w nuevo, estado nuevo)`.
///
/// Libro: «Capacidad de generalización» → «Métodos adaptativos».
pub fn adam_step(
    w: &[f64],
    grad: &[f64],
    state: &AdamState,
    eta: f64,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
) -> (Vec<f64>, AdamState) {
    todo!("adam_step")
}

/// Un paso de RMSprop.
///
/// `s ← ρ s + (1 − ρ) g²` y `w ← w − η g / (√s + ε)`, elemento a elemento.
/// Devuelve `(w nuevo, s nuevo)`.
///
/// Libro: «Capacidad de generalización» → «Métodos adaptativos».
pub fn rmsprop_step(
    w: &[f64],
    grad: &[f64],
    cache: &[f64],
    eta: f64,
    rho: f64,
    epsilon: f64,
) -> (Vec<f64>, Vec<f64>) {
    todo!("rmsprop_step")
}

/// Costo con decaimiento de pesos (*weight decay*, regularización L2):
/// `C = C₀ + λ ‖w‖² = C₀ + λ Σᵢ wᵢ²`, donde `C₀` (`loss`) es el costo sin
/// regularizar. La diapositiva escribe `L(w, b) = L₀ + λ ‖w‖²`.
///
/// Libro: «Capacidad de generalización» → «Decaimiento de pesos».
pub fn weight_decay_loss(loss: f64, w: &[f64], lambda: f64) -> f64 {
    todo!("weight_decay_loss")
}

/// Gradiente del costo con decaimiento de pesos:
/// `∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ`, donde `grad` es `∂C₀/∂w`.
///
/// Libro: «Capacidad de generalización» → «Decaimiento de pesos».
pub fn weight_decay_gradient(grad: &[f64], w: &[f64], lambda: f64) -> Vec<f64> {
    todo!("weight_decay_gradient")
}

/// Dropout invertido sobre las activaciones `a` de una capa.
///
/// En entrenamiento (`training = true`), para cada activación, en orden,
/// sorteá `u = rng.uniform()`: si `u < keep_prob` la neurona se conserva y
/// vale `aᵢ / keep_prob`; si no, se apaga y vale `0`. Dividir por
/// `keep_prob` mantiene el valor esperado de cada activación. En prueba
/// (`training = false`) devolvé `a` sin cambios y no sortees nada.
///
/// Libro: «Capacidad de generalización» → «Dropout».
pub fn dropout(a: &[f64], keep_prob: f64, rng: &mut Rng, training: bool) -> Vec<f64> {
    todo!("dropout")
}

/// Resultado de la parada temprana.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlyStop {
    /// Índice de la época con menor pérdida de validación (la primera, si
    /// hay empates): los pesos que conviene conservar.
    pub best_epoch: usize,
    /// Índice de la época en la que se detiene el entrenamiento.
    pub stop_epoch: usize,
}

/// Parada temprana sobre la historia de pérdidas de validación.
///
/// Recorré `val_losses` (índices desde 0). Una época *mejora* si su pérdida es
/// estrictamente menor que la mejor vista hasta ahí. Si pasan `patience`
/// épocas seguidas sin mejorar, el entrenamiento se detiene en esa época
/// (`stop_epoch = best_epoch + patience`). Si eso no ocurre nunca,
/// `stop_epoch` es la última época. `val_losses` tiene al menos un elemento.
///
/// Libro: «Capacidad de generalización» → «Parada temprana».
pub fn early_stopping(val_losses: &[f64], patience: usize) -> EarlyStop {
    todo!("early_stopping")
}

/// Resultado de entrenar una red para XOR.
#[derive(Debug, Clone, PartialEq)]
pub struct XorTraining {
    /// La red entrenada, de forma `[2, hidden, 1]`.
    pub net: Mlp,
    /// La entropía cruzada media sobre los 4 ejemplos, una por época,
    /// calculada antes de actualizar los pesos en esa época.
    pub losses: Vec<f64>,
}

/// Entrena una red sigmoide `2 → hidden → 1` que aprende XOR con etiquetas
/// en `{0, 1}` (los datos están en `nncore::data::xor_01()`).
///
/// - Inicializá con `Mlp::random(&[2, hidden, 1], &mut Rng::new(seed))`.
/// - Sigmoide en las dos capas; costo de entropía cruzada, cuyo gradiente
///   en la salida es `δ[2] = ŷ − y`.
/// - En cada una de las `epochs` épocas, calculá el gradiente medio sobre
///   los 4 ejemplos (lote completo), guardá la pérdida media en `losses` y
///   aplicá `θ ← θ − η ∇θ`.
///
/// Con los parámetros que usa el corrector, la red termina clasificando bien
/// los 4 ejemplos (salida > 0.5 sólo para `(0, 1)` y `(1, 0)`).
///
/// Libro: «Capacidad de generalización» → «Un ciclo de entrenamiento completo».
pub fn train_xor(hidden: usize, eta: f64, epochs: usize, seed: u64) -> XorTraining {
    todo!("train_xor")
}
