//! # Capítulo «Redes neuronales»: el perceptrón simple
//!
//! Libro: `book/src/redes-neuronales.md`. Convenciones de todo el cuaderno:
//! números `f64`; `z = w·x + b` (las diapositivas escriben `w·x − b`: es el
//! mismo modelo con `b` cambiado de signo); `sgn(z) = 1` si `z > 0` y `−1` si
//! no (así `sgn(0) = −1`, como en la diapositiva); etiquetas `±1`.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- perceptron`.

/// Función signo del perceptrón.
///
/// `sgn(z) = 1` si `z > 0`, y `−1` en otro caso. Ojo: `sgn(0) = −1`
/// (no `0`, ni `+1`), como en la diapositiva del perceptrón.
///
/// Libro: «Redes neuronales» → «El perceptrón simple».
// exercise
pub fn sign(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

/// Suma ponderada de una neurona: `z = w·x + b = Σᵢ wᵢ xᵢ + b`.
///
/// `w` y `x` tienen el mismo largo. Ejemplo de spam de las diapositivas:
/// `w = (1.2, 0.7)`, `x = (3, 4)` (3 veces «gratis», 4 enlaces), `b = −2.0`
/// dan `z = 1.2·3 + 0.7·4 − 2.0 = 4.4`.
///
/// Libro: «Redes neuronales» → «El perceptrón simple».
// exercise
pub fn weighted_sum(w: &[f64], x: &[f64], b: f64) -> f64 {
    w.iter().zip(x).map(|(wi, xi)| wi * xi).sum::<f64>() + b
}

/// Salida del perceptrón: `ŷ = sgn(w·x + b)`, que vale `+1` o `−1`.
///
/// En el ejemplo de spam, `z = 4.4 > 0`, así que `ŷ = +1` (es spam).
///
/// Libro: «Redes neuronales» → «El perceptrón simple».
// exercise
pub fn perceptron_output(w: &[f64], x: &[f64], b: f64) -> f64 {
    sign(weighted_sum(w, x, b))
}

/// Un paso de aprendizaje por corrección del error sobre el ejemplo `(x, y)`.
///
/// 1. Calculá la salida actual `ŷ = sgn(w·x + b)`.
/// 2. El error es `ε = (y − ŷ) / 2`, que vale `−1`, `0` o `+1`.
/// 3. Actualizá `wᵢ ← wᵢ + η ε xᵢ` y `b ← b + η ε`.
///
/// Si el ejemplo ya está bien clasificado (`ε = 0`) nada cambia. Devuelve
/// los pesos y el sesgo nuevos; no modifica los de entrada.
///
/// Libro: «Redes neuronales» → «Entrenamiento por corrección del error».
// exercise: output (w, b)
pub fn train_step(w: &[f64], b: f64, x: &[f64], y: f64, eta: f64) -> (Vec<f64>, f64) {
    let y_hat = sign(weighted_sum(w, x, b));
    // ε is −1, 0 or +1: zero when the example is already classified right.
    let error = (y - y_hat) / 2.0;
    let new_w = w
        .iter()
        .zip(x)
        .map(|(wi, xi)| wi + eta * error * xi)
        .collect();
    (new_w, b + eta * error)
}

/// Resultado de entrenar un perceptrón.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingResult {
    /// Pesos finales.
    pub w: Vec<f64>,
    /// Sesgo final.
    pub b: f64,
    /// Épocas recorridas (contando la última, la que no tuvo errores si
    /// convergió).
    pub epochs: usize,
    /// `true` si hubo una época completa sin ningún error.
    pub converged: bool,
}

/// Entrena un perceptrón por corrección del error hasta converger o hasta
/// `max_epochs` épocas.
///
/// Empezá con `w = w0`, `b = b0`. En cada época recorré `data` **en orden** y,
/// para cada ejemplo mal clasificado (`sgn(w·x + b) ≠ y`), aplicá el paso de
/// [`train_step`] (escribilo de nuevo acá o copialo: cada archivo es
/// independiente). Si en una época no hubo ningún error, el perceptrón
/// convergió: devolvé `converged = true` y `epochs` = el número de esa época
/// (contando desde 1). Si se acaban las épocas, `converged = false` y
/// `epochs = max_epochs`.
///
/// AND y OR convergen; XOR no converge nunca (no es linealmente separable).
///
/// Libro: «Redes neuronales» → «Los límites del perceptrón».
// exercise
pub fn train(
    data: &[(Vec<f64>, f64)],
    w0: &[f64],
    b0: f64,
    eta: f64,
    max_epochs: usize,
) -> TrainingResult {
    let mut w = w0.to_vec();
    let mut b = b0;
    for epoch in 1..=max_epochs {
        let mut mistakes = 0;
        for (x, y) in data {
            if perceptron_output(&w, x, b) != *y {
                mistakes += 1;
                (w, b) = train_step(&w, b, x, *y, eta);
            }
        }
        if mistakes == 0 {
            return TrainingResult {
                w,
                b,
                epochs: epoch,
                converged: true,
            };
        }
    }
    TrainingResult {
        w,
        b,
        epochs: max_epochs,
        converged: false,
    }
}
