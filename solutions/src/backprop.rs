//! # Capítulo «Backpropagation»
//!
//! Libro: `book/src/backpropagation.md`. Neuronas sigmoides; etiquetas en
//! `{0, 1}`. Los dos ejemplos resueltos de las diapositivas usan una neurona
//! con `x = (1, 0)`, `w = (1, −1)`, `b = 1` (así `z = 1·1 + (−1)·0 + 1 = 2`),
//! etiqueta `y = 1` y `η = 0.1`.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- backprop`.

use ndarray::{Array1, Array2};
use nncore::Mlp;

/// Sigmoide (ya resuelta: no es un ejercicio de este capítulo).
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Todo lo que calcula la regla de la cadena para una neurona sigmoide.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuronGradient {
    /// `z = w·x + b`.
    pub z: f64,
    /// `ŷ = σ(z)`.
    pub y_hat: f64,
    /// El costo `C` de este ejemplo.
    pub cost: f64,
    /// `∂C/∂ŷ`.
    pub dc_dyhat: f64,
    /// `∂ŷ/∂z = σ'(z) = ŷ (1 − ŷ)`.
    pub dyhat_dz: f64,
    /// `∂C/∂wᵢ` para cada peso.
    pub grad_w: Vec<f64>,
    /// `∂C/∂b`.
    pub grad_b: f64,
}

/// Gradiente de una neurona sigmoide con error cuadrático
/// `C = ½ (y − ŷ)²` (primer ejemplo resuelto de las diapositivas).
///
/// Regla de la cadena: `∂C/∂ŷ = ŷ − y`, `∂ŷ/∂z = ŷ (1 − ŷ)`,
/// `∂C/∂wᵢ = ∂C/∂ŷ · ∂ŷ/∂z · xᵢ` y `∂C/∂b = ∂C/∂ŷ · ∂ŷ/∂z`.
///
/// Con el ejemplo de las diapositivas: `z = 2`, `ŷ = σ(2) ≈ 0.880797`,
/// `C ≈ 0.0071047` (la diapositiva muestra 0.0072 por un redondeo),
/// `∂C/∂ŷ ≈ −0.119203`, `∂ŷ/∂z ≈ 0.104994` (la diapositiva trunca a 0.1049),
/// `∂C/∂w1 ≈ −0.0125155`, `∂C/∂w2 = 0` (porque `x2 = 0`) y
/// `∂C/∂b ≈ −0.0125155`.
///
/// Libro: «Backpropagation» → «Ejemplo 1: error cuadrático».
// exercise
pub fn neuron_gradient_squared_error(w: &[f64], b: f64, x: &[f64], y: f64) -> NeuronGradient {
    let z = pre_activation(w, b, x);
    let y_hat = sigmoid(z);
    let cost = 0.5 * (y - y_hat).powi(2);
    let dc_dyhat = y_hat - y;
    let dyhat_dz = y_hat * (1.0 - y_hat);
    // Chain rule: ∂C/∂z = ∂C/∂ŷ · ∂ŷ/∂z, and ∂z/∂wᵢ = xᵢ, ∂z/∂b = 1.
    let dc_dz = dc_dyhat * dyhat_dz;
    NeuronGradient {
        z,
        y_hat,
        cost,
        dc_dyhat,
        dyhat_dz,
        grad_w: x.iter().map(|xi| dc_dz * xi).collect(),
        grad_b: dc_dz,
    }
}

/// Gradiente de una neurona sigmoide con entropía cruzada
/// `C = −[y ln ŷ + (1 − y) ln(1 − ŷ)]` (segundo ejemplo de las diapositivas).
///
/// Ahora `∂C/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ)` y, al multiplicar por
/// `∂ŷ/∂z = ŷ (1 − ŷ)`, todo se simplifica a `∂C/∂z = ŷ − y`: así
/// `∂C/∂wᵢ = (ŷ − y) xᵢ` y `∂C/∂b = ŷ − y`.
///
/// Con el ejemplo de las diapositivas (`y = 1`): `C = −ln ŷ ≈ 0.126928`,
/// `∂C/∂w1 ≈ −0.119203`, `∂C/∂w2 = 0` (porque `x2 = 0`) y
/// `∂C/∂b ≈ −0.119203`.
///
/// Libro: «Backpropagation» → «Ejemplo 2: entropía cruzada».
// exercise
pub fn neuron_gradient_cross_entropy(w: &[f64], b: f64, x: &[f64], y: f64) -> NeuronGradient {
    let z = pre_activation(w, b, x);
    let y_hat = sigmoid(z);
    // ln ŷ = −softplus(−z) and ln(1 − ŷ) = −softplus(z): the same formula,
    // written so that it stays finite when σ(z) rounds to 0 or 1.
    let cost = y * softplus(-z) + (1.0 - y) * softplus(z);
    let dc_dyhat = -y / y_hat + (1.0 - y) / (1.0 - y_hat);
    let dyhat_dz = y_hat * (1.0 - y_hat);
    // σ' cancels out: ∂C/∂z = ŷ − y.
    let dc_dz = y_hat - y;
    NeuronGradient {
        z,
        y_hat,
        cost,
        dc_dyhat,
        dyhat_dz,
        grad_w: x.iter().map(|xi| dc_dz * xi).collect(),
        grad_b: dc_dz,
    }
}

/// Un paso de descenso por el gradiente: `θᵢ ← θᵢ − η ∂C/∂θᵢ`.
///
/// Devuelve los parámetros nuevos. En el ejemplo de error cuadrático, con
/// `η = 0.1`, `(w1, w2, b) = (1, −1, 1)` pasa a `(1.0012516, −1, 1.0012516)`
/// (la diapositiva calcula sólo `w1 = 1 − 0.1 · (−0.0125) = 1.00125`); con
/// entropía cruzada, a `(1.0119203, −1, 1.0119203)`.
///
/// Libro: «Backpropagation» → «Descenso por el gradiente».
// exercise
pub fn gradient_descent_step(params: &[f64], grads: &[f64], eta: f64) -> Vec<f64> {
    assert_eq!(
        params.len(),
        grads.len(),
        "params y grads deben tener el mismo largo"
    );
    params
        .iter()
        .zip(grads)
        .map(|(theta, g)| theta - eta * g)
        .collect()
}

/// Gradientes de todos los pesos y sesgos de una red (mismas formas que la red).
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    /// `∂C/∂W[l]`, de la misma forma que `net.weights[l − 1]`.
    pub weights: Vec<Array2<f64>>,
    /// `∂C/∂b[l]`, del mismo largo que `net.biases[l − 1]`.
    pub biases: Vec<Array1<f64>>,
}

/// Backpropagation en una red sigmoide de varias capas, con costo
/// `C = ½ Σⱼ (a[L]ⱼ − yⱼ)²` para un solo ejemplo.
///
/// `activations` son las de la propagación hacia adelante, ya calculadas:
/// `activations[0] = x`, …, `activations[L] = a[L]` (la salida). Usalas, no
/// las recalcules. Con `σ'(z[l]) = a[l] ⊙ (1 − a[l])`:
///
/// - `δ[L] = (a[L] − y) ⊙ σ'(z[L])`,
/// - `δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l])` para `l = L−1, …, 1`,
/// - `∂C/∂W[l] = δ[l] a[l−1]ᵀ` y `∂C/∂b[l] = δ[l]`.
///
/// Libro: «Backpropagation» → «Backpropagation en toda la red».
// exercise
pub fn backprop(net: &Mlp, activations: &[Array1<f64>], y: &Array1<f64>) -> Gradients {
    let depth = net.depth();
    assert_eq!(
        activations.len(),
        depth + 1,
        "se esperaban {} activaciones (la entrada y una por capa)",
        depth + 1
    );
    let mut weights = Vec::with_capacity(depth);
    let mut biases = Vec::with_capacity(depth);

    // Output layer: δ[L] = (a[L] − y) ⊙ σ'(z[L]), with σ'(z) = a (1 − a).
    let a_out = &activations[depth];
    let mut delta = (a_out - y) * sigmoid_prime_from_output(a_out);

    // Walk the layers backwards; layer l (1-based) is index l − 1 in `net`.
    for l in (1..=depth).rev() {
        let a_prev = &activations[l - 1];
        weights.push(outer(&delta, a_prev));
        biases.push(delta.clone());
        if l > 1 {
            // δ[l−1] = (W[l]ᵀ δ[l]) ⊙ σ'(z[l−1]).
            delta = net.weights[l - 1].t().dot(&delta) * sigmoid_prime_from_output(a_prev);
        }
    }
    weights.reverse();
    biases.reverse();
    Gradients { weights, biases }
}

/// Gradiente numérico por diferencias centrales, para verificar backprop:
/// `∂f/∂θᵢ ≈ (f(θ + h eᵢ) − f(θ − h eᵢ)) / (2h)`,
/// donde `eᵢ` es el vector con un 1 en la posición `i`.
///
/// Libro: «Backpropagation» → «Verificación del gradiente».
// exercise
pub fn numerical_gradient(f: &dyn Fn(&[f64]) -> f64, params: &[f64], h: f64) -> Vec<f64> {
    let mut shifted = params.to_vec();
    (0..params.len())
        .map(|i| {
            shifted[i] = params[i] + h;
            let plus = f(&shifted);
            shifted[i] = params[i] - h;
            let minus = f(&shifted);
            shifted[i] = params[i];
            (plus - minus) / (2.0 * h)
        })
        .collect()
}

/// `z = w·x + b` for a single neuron.
fn pre_activation(w: &[f64], b: f64, x: &[f64]) -> f64 {
    assert_eq!(w.len(), x.len(), "w y x deben tener el mismo largo");
    w.iter().zip(x).map(|(wi, xi)| wi * xi).sum::<f64>() + b
}

/// `softplus(t) = ln(1 + eᵗ)`, computed without overflow.
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// `σ'(z) = a ⊙ (1 − a)`, from the layer's output `a = σ(z)`.
fn sigmoid_prime_from_output(a: &Array1<f64>) -> Array1<f64> {
    a.mapv(|ai| ai * (1.0 - ai))
}

/// The outer product `u vᵀ`.
fn outer(u: &Array1<f64>, v: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((u.len(), v.len()), |(i, j)| u[i] * v[j])
}
