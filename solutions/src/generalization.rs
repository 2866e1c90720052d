//! # Capítulo «Capacidad de generalización»
//!
//! Libro: `book/src/generalizacion.md`. Sobreajuste y la caja de
//! herramientas para combatirlo: mini-lotes, tasas de aprendizaje
//! adaptativas, momento, parada temprana, decaimiento de pesos y dropout.
//! Los vectores de parámetros y gradientes son `&[f64]` del mismo largo.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- generalization`.

use ndarray::{Array1, Array2};
use nncore::{Mlp, Rng};

/// Divide los índices `0..n` en mini-lotes de `batch_size` elementos.
///
/// Primero mezclá `(0..n)` con `Rng::new(seed).shuffle(…)` (así cualquiera
/// que use la misma semilla obtiene los mismos lotes); después cortá el
/// resultado, en orden, en trozos de `batch_size`. El último lote puede
/// quedar más corto. Ningún índice se repite ni falta.
///
/// Libro: «Capacidad de generalización» → «Mini-lotes».
// exercise
pub fn minibatch_indices(n: usize, batch_size: usize, seed: u64) -> Vec<Vec<usize>> {
    assert!(batch_size > 0, "batch_size tiene que ser al menos 1");
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut order);
    order.chunks(batch_size).map(<[usize]>::to_vec).collect()
}

/// Tasa de aprendizaje con decaimiento: `η_t = η₀ / (1 + k·t)`, donde `t`
/// es la época (desde 0) y `k` la constante de decaimiento.
///
/// Libro: «Capacidad de generalización» → «Tasa de aprendizaje».
// exercise
pub fn decayed_learning_rate(eta0: f64, decay: f64, epoch: usize) -> f64 {
    eta0 / (1.0 + decay * epoch as f64)
}

/// Un paso de descenso por el gradiente con momento.
///
/// `v ← β v − η g` y después `w ← w + v`. Devuelve `(w nuevo, v nuevo)`.
///
/// Libro: «Capacidad de generalización» → «Momento».
// exercise: output (w, velocity)
pub fn momentum_step(
    w: &[f64],
    velocity: &[f64],
    grad: &[f64],
    eta: f64,
    beta: f64,
) -> (Vec<f64>, Vec<f64>) {
    check_same_len(&[w, velocity, grad]);
    let new_velocity: Vec<f64> = velocity
        .iter()
        .zip(grad)
        .map(|(v, g)| beta * v - eta * g)
        .collect();
    let new_w = w.iter().zip(&new_velocity).map(|(wi, v)| wi + v).collect();
    (new_w, new_velocity)
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
// exercise: output (w, state)
pub fn adam_step(
    w: &[f64],
    grad: &[f64],
    state: &AdamState,
    eta: f64,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
) -> (Vec<f64>, AdamState) {
    check_same_len(&[w, grad, &state.m, &state.v]);
    let t = state.t + 1;
    let m: Vec<f64> = state
        .m
        .iter()
        .zip(grad)
        .map(|(m, g)| beta1 * m + (1.0 - beta1) * g)
        .collect();
    let v: Vec<f64> = state
        .v
        .iter()
        .zip(grad)
        .map(|(v, g)| beta2 * v + (1.0 - beta2) * g * g)
        .collect();
    // Bias correction: m and v start at 0, so early averages are too small.
    let m_correction = 1.0 - beta1.powf(f64::from(t));
    let v_correction = 1.0 - beta2.powf(f64::from(t));
    let new_w = w
        .iter()
        .zip(m.iter().zip(&v))
        .map(|(wi, (mi, vi))| {
            let m_hat = mi / m_correction;
            let v_hat = vi / v_correction;
            wi - eta * m_hat / (v_hat.sqrt() + epsilon)
        })
        .collect();
    (new_w, AdamState { m, v, t })
}

/// Un paso de RMSprop.
///
/// `s ← ρ s + (1 − ρ) g²` y `w ← w − η g / (√s + ε)`, elemento a elemento.
/// Devuelve `(w nuevo, s nuevo)`.
///
/// Libro: «Capacidad de generalización» → «Métodos adaptativos».
// exercise: output (w, cache)
pub fn rmsprop_step(
    w: &[f64],
    grad: &[f64],
    cache: &[f64],
    eta: f64,
    rho: f64,
    epsilon: f64,
) -> (Vec<f64>, Vec<f64>) {
    check_same_len(&[w, grad, cache]);
    let new_cache: Vec<f64> = cache
        .iter()
        .zip(grad)
        .map(|(s, g)| rho * s + (1.0 - rho) * g * g)
        .collect();
    let new_w = w
        .iter()
        .zip(grad.iter().zip(&new_cache))
        .map(|(wi, (g, s))| wi - eta * g / (s.sqrt() + epsilon))
        .collect();
    (new_w, new_cache)
}

/// Costo con decaimiento de pesos (*weight decay*, regularización L2):
/// `C = C₀ + λ ‖w‖² = C₀ + λ Σᵢ wᵢ²`, donde `C₀` (`loss`) es el costo sin
/// regularizar. La diapositiva escribe `L(w, b) = L₀ + λ ‖w‖²`.
///
/// Libro: «Capacidad de generalización» → «Decaimiento de pesos».
// exercise
pub fn weight_decay_loss(loss: f64, w: &[f64], lambda: f64) -> f64 {
    loss + lambda * w.iter().map(|wi| wi * wi).sum::<f64>()
}

/// Gradiente del costo con decaimiento de pesos:
/// `∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ`, donde `grad` es `∂C₀/∂w`.
///
/// Libro: «Capacidad de generalización» → «Decaimiento de pesos».
// exercise
pub fn weight_decay_gradient(grad: &[f64], w: &[f64], lambda: f64) -> Vec<f64> {
    check_same_len(&[grad, w]);
    grad.iter()
        .zip(w)
        .map(|(g, wi)| g + 2.0 * lambda * wi)
        .collect()
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
// exercise
pub fn dropout(a: &[f64], keep_prob: f64, rng: &mut Rng, training: bool) -> Vec<f64> {
    if !training {
        return a.to_vec();
    }
    a.iter()
        .map(|&ai| {
            // Exactly one draw per activation, in order.
            if rng.uniform() < keep_prob {
                ai / keep_prob
            } else {
                0.0
            }
        })
        .collect()
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
// exercise
pub fn early_stopping(val_losses: &[f64], patience: usize) -> EarlyStop {
    let mut best_epoch = 0;
    let mut best_loss = f64::INFINITY;
    for (epoch, &loss) in val_losses.iter().enumerate() {
        // The first epoch always sets the reference (even an infinite loss).
        if epoch == 0 || loss < best_loss {
            best_epoch = epoch;
            best_loss = loss;
        }
        if epoch - best_epoch == patience {
            return EarlyStop {
                best_epoch,
                stop_epoch: epoch,
            };
        }
    }
    EarlyStop {
        best_epoch,
        stop_epoch: val_losses.len().saturating_sub(1),
    }
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
/// Como la semilla fija la inicialización, tu entrenamiento tiene que seguir
/// paso a paso al de referencia: el corrector compara la pérdida de cada
/// época y los parámetros finales con los de la referencia (con una
/// tolerancia que admite sumar en otro orden, no un gradiente distinto).
/// Calculá los cuatro gradientes con la red de la época, antes de tocar
/// ningún parámetro.
///
/// Libro: «Capacidad de generalización» → «Un ciclo de entrenamiento completo».
// exercise
pub fn train_xor(hidden: usize, eta: f64, epochs: usize, seed: u64) -> XorTraining {
    let data = nncore::data::xor_01();
    let mut net = Mlp::random(&[2, hidden, 1], &mut Rng::new(seed));
    let mut losses = Vec::with_capacity(epochs);
    let n = data.len() as f64;

    for _ in 0..epochs {
        let mut grad_w1 = Array2::<f64>::zeros(net.weights[0].raw_dim());
        let mut grad_b1 = Array1::<f64>::zeros(net.biases[0].raw_dim());
        let mut grad_w2 = Array2::<f64>::zeros(net.weights[1].raw_dim());
        let mut grad_b2 = Array1::<f64>::zeros(net.biases[1].raw_dim());
        let mut total_loss = 0.0;

        for (x, y) in &data {
            let x = Array1::from(x.clone());
            // Forward pass.
            let z1 = net.weights[0].dot(&x) + &net.biases[0];
            let a1 = z1.mapv(sigmoid);
            let z2 = net.weights[1].dot(&a1) + &net.biases[1];
            let a2 = z2.mapv(sigmoid);
            total_loss += cross_entropy(z2[0], *y);

            // Backward pass: δ[2] = ŷ − y (cross-entropy with a sigmoid),
            // δ[1] = (W[2]ᵀ δ[2]) ⊙ a[1] ⊙ (1 − a[1]).
            let delta2 = a2.mapv(|y_hat| y_hat - y);
            let delta1 = net.weights[1].t().dot(&delta2) * a1.mapv(|a| a * (1.0 - a));

            grad_w2 += &outer(&delta2, &a1);
            grad_b2 += &delta2;
            grad_w1 += &outer(&delta1, &x);
            grad_b1 += &delta1;
        }

        losses.push(total_loss / n);
        // θ ← θ − η · (mean gradient over the 4 examples).
        let step = eta / n;
        net.weights[0].scaled_add(-step, &grad_w1);
        net.biases[0].scaled_add(-step, &grad_b1);
        net.weights[1].scaled_add(-step, &grad_w2);
        net.biases[1].scaled_add(-step, &grad_b2);
    }

    XorTraining { net, losses }
}

/// Panics with a clear message if the parameter vectors differ in length.
fn check_same_len(vectors: &[&[f64]]) {
    if let Some(first) = vectors.first() {
        assert!(
            vectors.iter().all(|v| v.len() == first.len()),
            "los vectores de parámetros, gradientes y estado deben tener el mismo largo"
        );
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Cross-entropy `−[y ln σ(z) + (1 − y) ln(1 − σ(z))]`, written with
/// `ln σ(z) = −softplus(−z)` so that it stays finite when σ(z) rounds to 0 or 1.
fn cross_entropy(z: f64, y: f64) -> f64 {
    let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
    y * softplus(-z) + (1.0 - y) * softplus(z)
}

/// The outer product `u vᵀ`.
fn outer(u: &Array1<f64>, v: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((u.len(), v.len()), |(i, j)| u[i] * v[j])
}
