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
    let out = panic::catch_unwind(AssertUnwindSafe(|| dispatch(exercise, input)))
        .unwrap_or_else(|_| {
            Err(format!(
                "la solución de referencia {chapter}::{exercise} entró en pánico con la entrada {input}"
            ))
        });
    if let (Ok(output), Ok(mut recording)) = (&out, RECORDING.lock())
        && let Some(calls) = recording.as_mut()
    {
        calls.push(Call {
            exercise: format!("{chapter}::{exercise}"),
            input: input.clone(),
            output: output.clone(),
        });
    }
    out
}

/// One answer of the reference, as recorded.
#[cfg(feature = "reference")]
pub struct Call {
    /// `chapter::exercise`.
    pub exercise: String,
    pub input: Value,
    pub output: Value,
}

#[cfg(feature = "reference")]
static RECORDING: std::sync::Mutex<Option<Vec<Call>>> = std::sync::Mutex::new(None);

/// Records every answer of the reference from now on (for the bank of
/// hidden cases of the student edition: whatever grading asks the
/// reference, diagnoses included, is what the bank must answer).
#[cfg(feature = "reference")]
pub fn start_recording() {
    if let Ok(mut recording) = RECORDING.lock() {
        *recording = Some(Vec::new());
    }
}

/// Stops recording and returns the answers recorded.
#[cfg(feature = "reference")]
pub fn stop_recording() -> Vec<Call> {
    RECORDING
        .lock()
        .ok()
        .and_then(|mut r| r.take())
        .unwrap_or_default()
}
