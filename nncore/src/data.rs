//! Small data sets used in the slides: logic gates with labels ±1 (for the
//! perceptron) or {0, 1} (for sigmoid networks), and the spam example.

/// Un ejemplo etiquetado: entradas `x` y etiqueta `y`.
pub type Sample = (Vec<f64>, f64);

fn gate(outputs: [f64; 4], low: f64, high: f64) -> Vec<Sample> {
    let inputs = [[low, low], [low, high], [high, low], [high, high]];
    inputs
        .iter()
        .zip(outputs)
        .map(|(x, y)| (x.to_vec(), y))
        .collect()
}

/// Compuerta AND con entradas y etiquetas ±1 (linealmente separable).
pub fn and_gate() -> Vec<Sample> {
    gate([-1.0, -1.0, -1.0, 1.0], -1.0, 1.0)
}

/// Compuerta OR con entradas y etiquetas ±1 (linealmente separable).
pub fn or_gate() -> Vec<Sample> {
    gate([-1.0, 1.0, 1.0, 1.0], -1.0, 1.0)
}

/// Compuerta XOR con entradas y etiquetas ±1 (no es linealmente separable).
pub fn xor_gate() -> Vec<Sample> {
    gate([-1.0, 1.0, 1.0, -1.0], -1.0, 1.0)
}

/// Compuerta XOR con entradas y etiquetas en {0, 1}, para redes sigmoides.
pub fn xor_01() -> Vec<Sample> {
    gate([0.0, 1.0, 1.0, 0.0], 0.0, 1.0)
}

/// Pesos y sesgo del perceptrón del ejemplo de spam de las diapositivas:
/// `w = (1.2, 0.7)`, `b = −2.0`.
pub const SPAM_WEIGHTS: [f64; 2] = [1.2, 0.7];
/// Sesgo del ejemplo de spam (`b = −2.0`).
pub const SPAM_BIAS: f64 = -2.0;
/// El correo del ejemplo: 3 veces «gratis» y 4 enlaces.
pub const SPAM_EMAIL: [f64; 2] = [3.0, 4.0];

/// Correos de juguete para ilustrar el ejemplo de spam: `x1` = cantidad de
/// veces que aparece «gratis», `x2` = cantidad de enlaces; etiqueta +1 si es
/// spam, −1 si no. Son datos ilustrativos (no salen de un corpus real),
/// elegidos para que sean linealmente separables.
pub fn spam_emails() -> Vec<Sample> {
    let raw: [(f64, f64, f64); 11] = [
        (0.0, 0.0, -1.0),
        (0.0, 1.0, -1.0),
        (1.0, 0.0, -1.0),
        (1.0, 1.0, -1.0),
        (0.0, 2.0, -1.0),
        (3.0, 4.0, 1.0),
        (2.0, 3.0, 1.0),
        (4.0, 1.0, 1.0),
        (1.0, 4.0, 1.0),
        (5.0, 2.0, 1.0),
        (3.0, 2.0, 1.0),
    ];
    raw.iter().map(|&(a, b, y)| (vec![a, b], y)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_is_the_only_gate_that_is_not_and_or_or() {
        let labels = |d: Vec<Sample>| d.into_iter().map(|(_, y)| y).collect::<Vec<_>>();
        assert_eq!(labels(and_gate()), vec![-1.0, -1.0, -1.0, 1.0]);
        assert_eq!(labels(or_gate()), vec![-1.0, 1.0, 1.0, 1.0]);
        assert_eq!(labels(xor_gate()), vec![-1.0, 1.0, 1.0, -1.0]);
        assert_eq!(labels(xor_01()), vec![0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn the_slide_perceptron_separates_the_toy_spam_emails() {
        for (x, y) in spam_emails() {
            let z = SPAM_WEIGHTS[0] * x[0] + SPAM_WEIGHTS[1] * x[1] + SPAM_BIAS;
            let y_hat = if z > 0.0 { 1.0 } else { -1.0 };
            assert_eq!(y_hat, y, "email {x:?}");
        }
    }
}
