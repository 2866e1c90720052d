//! The reference answers: the same dispatch code the harness runs, compiled
//! here against the `solutions` crate instead of a student's file. Without
//! the `reference` feature (the student edition), the answers come from the
//! bank of hidden cases (`bank.rs`).

#[cfg(feature = "reference")]
use std::panic::{self, AssertUnwindSafe};

use serde_json::Value;

macro_rules! chapter {
    ($name:ident, $file:literal) => {
        #[cfg(feature = "reference")]
        pub mod $name {
            use solutions::$name as student;
            include!($file);
        }
    };
}

chapter!(perceptron, "../harness/chapters/perceptron.rs");
chapter!(xor, "../harness/chapters/xor.rs");
chapter!(activations, "../harness/chapters/activations.rs");
chapter!(vectorization, "../harness/chapters/vectorization.rs");
chapter!(backprop, "../harness/chapters/backprop.rs");
chapter!(generalization, "../harness/chapters/generalization.rs");
chapter!(cnn_rnn, "../harness/chapters/cnn_rnn.rs");
chapter!(capstone, "../harness/chapters/capstone.rs");

/// The reference output for one input (from the bank of hidden cases in
/// the student edition).
#[cfg(not(feature = "reference"))]
pub fn call(chapter: &str, exercise: &str, input: &Value) -> Result<Value, String> {
    crate::bank::expected(chapter, exercise, input)
}

/// The reference output for one input.
#[cfg(feature = "reference")]
pub fn call(chapter: &str, exercise: &str, input: &Value) -> Result<Value, String> {
    let dispatch: fn(&str, &Value) -> Result<Value, String> = match chapter {
        "perceptron" => perceptron::call,
        "xor" => xor::call,
        "activations" => activations::call,
        "vectorization" => vectorization::call,
        "backprop" => backprop::call,
        "generalization" => generalization::call,
        "cnn_rnn" => cnn_rnn::call,
        "capstone" => capstone::call,

        _ => return Err(format!("el corrector no conoce el capítulo {chapter}")),
    };
    panic::catch_unwind(AssertUnwindSafe(|| dispatch(exercise, input))).unwrap_or_else(|_| {
        Err(format!(
            "la solución de referencia {chapter}::{exercise} entró en pánico con la entrada {input}"
        ))
    })
}
