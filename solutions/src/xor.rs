//! # Capítulo «Arquitectura»: la red XOR
//!
//! Libro: `book/src/arquitectura.md`, sección «XOR con dos capas».
//! Las salidas valen `±1`; las entradas de la tabla también, pero cada
//! neurona es una neurona de verdad: vale para cualquier entrada real (el
//! corrector la prueba también con, por ejemplo, `(0.5, −2)`).
//! `sgn(z) = 1` si `z > 0` y `−1` si no.
//!
//! Reemplazá cada `todo!()` y corré `cargo run -p grader -- xor`.

/// Función signo (ya resuelta: no es un ejercicio).
pub fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

/// Neurona OR de la diapositiva: `y1 = sgn(x1 + x2 + 1)`.
///
/// Con entradas `±1` vale `−1` sólo cuando las dos valen `−1`; con entradas
/// reales, calculá la neurona tal cual (por ejemplo, `(0.5, −2)` da `−1`).
///
/// Libro: «Arquitectura» → «XOR con dos capas».
// exercise
pub fn or_neuron(x1: f64, x2: f64) -> f64 {
    sgn(x1 + x2 + 1.0)
}

/// Neurona AND de la diapositiva: `y2 = sgn(x1 + x2 − 1)`.
///
/// Con entradas `±1` vale `+1` sólo cuando las dos valen `+1`; con entradas
/// reales, calculá la neurona tal cual (por ejemplo, `(0.25, 0.5)` da `−1`).
///
/// Libro: «Arquitectura» → «XOR con dos capas».
// exercise
pub fn and_neuron(x1: f64, x2: f64) -> f64 {
    sgn(x1 + x2 - 1.0)
}

/// Los valores de la red XOR para una entrada: las dos neuronas ocultas y la
/// salida.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XorTrace {
    /// Salida de la neurona OR (capa oculta).
    pub y1: f64,
    /// Salida de la neurona AND (capa oculta).
    pub y2: f64,
    /// Salida de la red: `y3 = sgn(y1 − y2 − 1)`.
    pub y3: f64,
}

/// La red de dos capas de la diapositiva que calcula XOR:
///
/// - `y1 = sgn(x1 + x2 + 1)` (OR),
/// - `y2 = sgn(x1 + x2 − 1)` (AND),
/// - `y3 = sgn(y1 − y2 − 1)` («OR pero no AND»).
///
/// Devuelve los tres valores. La tabla de la diapositiva: para
/// `(−1,−1), (−1,1), (1,−1), (1,1)` la salida `y3` es `−1, 1, 1, −1`.
///
/// Libro: «Arquitectura» → «XOR con dos capas».
// exercise
pub fn xor_network(x1: f64, x2: f64) -> XorTrace {
    let y1 = or_neuron(x1, x2);
    let y2 = and_neuron(x1, x2);
    let y3 = sgn(y1 - y2 - 1.0);
    XorTrace { y1, y2, y3 }
}
