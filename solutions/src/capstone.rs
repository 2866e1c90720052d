//! # Capítulo «Proyecto final: reconocer dígitos»
//!
//! Libro: `book/src/proyecto.md`. Una red que reconoce dígitos escritos a
//! mano: salida *softmax* con una neurona por clase (los dígitos 0–9),
//! costo de entropía cruzada, capas ocultas sigmoides y descenso por el
//! gradiente con mini-lotes.
//!
//! Convenciones de este capítulo: un lote de ejemplos es una matriz con
//! **una fila por ejemplo** (`X` de `n × d`); la capa `l` calcula
//! `Z[l] = A[l−1] W[l]ᵀ + b[l]` (la fila `i` es `W[l] aᵢ + b[l]`, como en
//! «Vectorización»); las etiquetas son números de clase `0..k`, o su
//! codificación *one-hot* (una fila por ejemplo, un 1 en la columna de su
//! clase).
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- capstone`.

use ndarray::{Array1, Array2, Axis};
use nncore::{Mlp, Rng, ShapeError};

/// Softmax de un vector: `softmax(z)ₖ = e^{zₖ} / Σⱼ e^{zⱼ}`.
///
/// Tiene que funcionar también con números grandes: `e^{1000}` no entra en
/// un `f64` (da infinito, y infinito sobre infinito es NaN). Como
/// `softmax(z) = softmax(z − c)` para cualquier constante `c`, restá
/// primero el máximo `m = maxⱼ zⱼ`: así el exponente más grande es
/// `e⁰ = 1` y nada desborda.
///
/// Ejemplos: `softmax([1, 2, 3]) ≈ [0.0900, 0.2447, 0.6652]`;
/// `softmax([1000, 1001]) ≈ [0.2689, 0.7311]`. Un `z` vacío da un vector
/// vacío.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Softmax sin desbordes».
// exercise
pub fn softmax(z: &Array1<f64>) -> Array1<f64> {
    let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let exp = z.mapv(|zk| (zk - max).exp());
    let sum = exp.sum();
    exp / sum
}

/// Codificación *one-hot*: una fila por etiqueta y `classes` columnas, con
/// un 1 en la columna de la etiqueta y 0 en las demás.
///
/// Por ejemplo, `one_hot(&[2, 0], 3)` es `[[0, 0, 1], [1, 0, 0]]`. Una
/// etiqueta que no es menor que `classes` no tiene columna: devolvé un
/// `ShapeError` que la nombre.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Etiquetas one-hot».
// exercise
pub fn one_hot(labels: &[usize], classes: usize) -> Result<Array2<f64>, ShapeError> {
    let mut y = Array2::zeros((labels.len(), classes));
    for (i, &label) in labels.iter().enumerate() {
        if label >= classes {
            return Err(ShapeError::new(format!(
                "la etiqueta {label} (fila {i}) no es una de las {classes} clases 0..{classes}"
            )));
        }
        y[[i, label]] = 1.0;
    }
    Ok(y)
}

/// Exactitud (*accuracy*): la fracción de ejemplos bien clasificados.
///
/// `scores` tiene una fila por ejemplo y una columna por clase
/// (probabilidades, o los `z` de la última capa: el orden es el mismo). La
/// clase predicha es la columna del mayor valor de la fila (la primera, si
/// hay empates); la exactitud es la cantidad de filas cuya clase predicha
/// es su etiqueta, dividida por la cantidad de filas: un número entre 0 y
/// 1. `scores` tiene tantas filas como `labels` elementos, y al menos una.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Exactitud».
// exercise
pub fn accuracy(scores: &Array2<f64>, labels: &[usize]) -> f64 {
    assert_eq!(
        scores.nrows(),
        labels.len(),
        "scores tiene que tener una fila por etiqueta"
    );
    let correct = scores
        .rows()
        .into_iter()
        .zip(labels)
        .filter(|(row, label)| argmax(row.iter()) == **label)
        .count();
    correct as f64 / labels.len() as f64
}

/// Entropía cruzada de una salida softmax, y su gradiente, para un lote.
///
/// `z` son los valores de la última capa (una fila por ejemplo, una columna
/// por clase) y `y` las etiquetas *one-hot* (misma forma). Con
/// `P = softmax` de cada fila de `z` y `n` filas:
///
/// - el costo medio `C = −(1/n) Σᵢ Σₖ yᵢₖ ln Pᵢₖ`; calculá
///   `ln Pᵢₖ = zᵢₖ − m − ln Σⱼ e^{zᵢⱼ − m}` (con `m` el máximo de la fila),
///   que nunca es `ln 0`;
/// - el gradiente respecto de `z`: `∂C/∂z = (P − Y) / n`, tan simple como
///   el `ŷ − y` de la neurona sigmoide de «Backpropagation» (dividido por
///   `n` porque el costo es un promedio).
///
/// Devuelve `(C, ∂C/∂z)`.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Softmax y entropía cruzada».
// exercise: output (loss, grad)
pub fn softmax_cross_entropy(z: &Array2<f64>, y: &Array2<f64>) -> (f64, Array2<f64>) {
    assert_eq!(z.dim(), y.dim(), "z e y tienen que tener la misma forma");
    let n = z.nrows() as f64;
    let mut grad = Array2::zeros(z.raw_dim());
    let mut loss = 0.0;
    for ((z_row, y_row), mut g_row) in z.rows().into_iter().zip(y.rows()).zip(grad.rows_mut()) {
        let max = z_row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = z_row.iter().map(|zk| (zk - max).exp()).sum::<f64>().ln();
        for ((zk, yk), gk) in z_row.iter().zip(y_row).zip(g_row.iter_mut()) {
            let log_p = zk - max - log_sum;
            loss -= yk * log_p;
            *gk = (log_p.exp() - yk) / n;
        }
    }
    (loss / n, grad)
}

/// Los valores `z` de la última capa de `net` para un lote `x` (una fila
/// por ejemplo): capas ocultas sigmoides, `A[l] = σ(A[l−1] W[l]ᵀ + b[l])`, y
/// la última sin activación, `Z[L] = A[L−1] W[L]ᵀ + b[L]`. La softmax de
/// cada fila son las probabilidades de cada clase. (Ya resuelta: no es un
/// ejercicio.)
pub fn logits(net: &Mlp, x: &Array2<f64>) -> Array2<f64> {
    let mut a = x.clone();
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let z = a.dot(&w.t()) + b;
        a = if l + 1 == net.depth() {
            z
        } else {
            z.mapv(|t| 1.0 / (1.0 + (-t).exp()))
        };
    }
    a
}

/// Un paso de descenso por el gradiente con un mini-lote.
///
/// La red tiene capas ocultas sigmoides y salida softmax con entropía
/// cruzada (la de `softmax_cross_entropy`). `x` es el lote (`n × d`) e `y`
/// sus etiquetas *one-hot* (`n × k`).
///
/// 1. Hacia adelante, guardando cada activación: `A[0] = X`,
///    `A[l] = σ(A[l−1] W[l]ᵀ + b[l])` en las ocultas, y en la última
///    `Z[L] = A[L−1] W[L]ᵀ + b[L]`. El costo medio `C` del lote es el de
///    `softmax_cross_entropy(Z[L], Y)`.
/// 2. Hacia atrás, todo el lote a la vez: `Δ[L] = (P − Y) / n`; para cada
///    capa, `∂C/∂W[l] = Δ[l]ᵀ A[l−1]`, `∂C/∂b[l]` = la suma de las filas de
///    `Δ[l]`, y para la capa anterior
///    `Δ[l−1] = (Δ[l] W[l]) ⊙ A[l−1] ⊙ (1 − A[l−1])`, con los pesos de
///    antes del paso.
/// 3. `θ ← θ − η ∂C/∂θ` para cada peso y sesgo.
///
/// Devuelve `(red actualizada, C)`, con el costo medio calculado antes del
/// paso.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Un paso con un mini-lote».
// exercise: output (net, loss)
pub fn sgd_step(net: &Mlp, x: &Array2<f64>, y: &Array2<f64>, eta: f64) -> (Mlp, f64) {
    let depth = net.depth();
    // Forward: activations[l] is A[l]; the last layer keeps its z.
    let mut activations = vec![x.clone()];
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let z = activations[l].dot(&w.t()) + b;
        activations.push(if l + 1 == depth {
            z
        } else {
            z.mapv(|t| 1.0 / (1.0 + (-t).exp()))
        });
    }
    let z_last = activations
        .pop()
        .expect("the network has at least one layer");
    let (loss, mut delta) = softmax_cross_entropy(&z_last, y);

    // Backward, layer by layer, with the weights from before the step.
    let mut updated = net.clone();
    for l in (0..depth).rev() {
        let a_prev = &activations[l];
        let grad_w = delta.t().dot(a_prev);
        let grad_b = delta.sum_axis(Axis(0));
        if l > 0 {
            delta = delta.dot(&net.weights[l]) * a_prev.mapv(|a| a * (1.0 - a));
        }
        updated.weights[l].scaled_add(-eta, &grad_w);
        updated.biases[l].scaled_add(-eta, &grad_b);
    }
    (updated, loss)
}

/// Parámetros del entrenamiento de `train`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Neuronas de la capa oculta.
    pub hidden: usize,
    /// Cantidad de clases `k` (la red tiene `k` salidas).
    pub classes: usize,
    /// Tasa de aprendizaje `η`.
    pub eta: f64,
    /// Ejemplos por mini-lote (el último de cada época puede ser más corto).
    pub batch_size: usize,
    /// Máximo de épocas.
    pub max_epochs: usize,
    /// Épocas seguidas sin mejorar la pérdida de validación antes de parar.
    pub patience: usize,
    /// Cuántas filas, las últimas de `x`, se apartan para validación.
    pub validation: usize,
    /// Semilla de la inicialización y de la mezcla de los mini-lotes.
    pub seed: u64,
}

/// Resultado de `train`.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// La red de la mejor época: la de menor pérdida de validación.
    pub net: Mlp,
    /// Índice (desde 0) de esa época.
    pub best_epoch: usize,
    /// La pérdida media de validación al final de cada época entrenada.
    pub val_losses: Vec<f64>,
    /// La exactitud de validación al final de cada época entrenada.
    pub val_accuracies: Vec<f64>,
}

/// Entrena una red `d → hidden → classes` con mini-lotes, separando datos de
/// validación y con parada temprana.
///
/// - Validación: las últimas `config.validation` filas de `x` (y de
///   `labels`); las demás son de entrenamiento. Pasá las etiquetas a
///   *one-hot* con `one_hot`.
/// - `let mut rng = Rng::new(config.seed)` y la red
///   `Mlp::random(&[d, hidden, classes], &mut rng)`.
/// - Cada época: mezclá los índices de las filas de entrenamiento
///   (`0..n_entrenamiento`) con `rng.shuffle(…)` (el mismo `rng`), cortalos
///   en lotes de `batch_size` y da un `sgd_step` con cada lote
///   (`x.select(Axis(0), &lote)` arma sus filas).
/// - Al final de la época, la pérdida (`softmax_cross_entropy` sobre
///   `logits(&red, &x_validación)`) y la exactitud de validación van a
///   `val_losses` y `val_accuracies`.
/// - Parada temprana, como `early_stopping` de «Capacidad de
///   generalización»: una época mejora si su pérdida de validación es
///   estrictamente menor que la mejor hasta ahí (la época 0 siempre fija la
///   primera); guardá una copia de la red de la mejor época; tras
///   `patience` épocas seguidas sin mejorar, o al llegar a `max_epochs`,
///   terminá y devolvé la mejor red.
///
/// Libro: «Proyecto final: reconocer dígitos» → «Entrenar con validación y
/// parada temprana».
// exercise
pub fn train(x: &Array2<f64>, labels: &[usize], config: &TrainConfig) -> Training {
    let n = x.nrows();
    assert_eq!(labels.len(), n, "x tiene que tener una fila por etiqueta");
    assert!(
        config.validation > 0 && config.validation < n,
        "tienen que quedar filas para validación y para entrenamiento"
    );
    assert!(config.batch_size > 0, "batch_size tiene que ser al menos 1");
    assert!(config.max_epochs > 0, "max_epochs tiene que ser al menos 1");
    let n_train = n - config.validation;
    let y = match one_hot(labels, config.classes) {
        Ok(y) => y,
        Err(e) => panic!("{e}"),
    };
    let x_val = x.slice(ndarray::s![n_train.., ..]).to_owned();
    let y_val = y.slice(ndarray::s![n_train.., ..]).to_owned();
    let labels_val = &labels[n_train..];

    let mut rng = Rng::new(config.seed);
    let mut net = Mlp::random(&[x.ncols(), config.hidden, config.classes], &mut rng);
    let mut best = (net.clone(), 0, f64::INFINITY);
    let mut val_losses = Vec::new();
    let mut val_accuracies = Vec::new();
    let mut order: Vec<usize> = (0..n_train).collect();

    for epoch in 0..config.max_epochs {
        rng.shuffle(&mut order);
        for batch in order.chunks(config.batch_size) {
            let x_batch = x.select(Axis(0), batch);
            let y_batch = y.select(Axis(0), batch);
            net = sgd_step(&net, &x_batch, &y_batch, config.eta).0;
        }
        let z_val = logits(&net, &x_val);
        let loss = softmax_cross_entropy(&z_val, &y_val).0;
        val_losses.push(loss);
        val_accuracies.push(accuracy(&z_val, labels_val));
        if epoch == 0 || loss < best.2 {
            best = (net.clone(), epoch, loss);
        }
        if epoch - best.1 == config.patience {
            break;
        }
    }

    Training {
        net: best.0,
        best_epoch: best.1,
        val_losses,
        val_accuracies,
    }
}

/// The index of the largest value (the first one on ties).
fn argmax<'a>(values: impl Iterator<Item = &'a f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (k, &v) in values.enumerate() {
        if v > best.1 {
            best = (k, v);
        }
    }
    best.0
}
