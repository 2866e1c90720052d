//! The error returned when array shapes do not fit together.

use std::fmt;

/// Error de formas: las dimensiones de los arreglos no son compatibles.
///
/// `message` explica en palabras qué forma se esperaba y cuál llegó, por
/// ejemplo `"W es 128×784 pero x tiene 10 elementos"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub message: String,
}

impl ShapeError {
    /// Crea un error de formas con un mensaje para la persona que lo lea.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "formas incompatibles: {}", self.message)
    }
}

impl std::error::Error for ShapeError {}
