//! The course: what the grader knows about each exercise beyond the
//! catalog (random hidden cases, boundary cases, known mistakes,
//! properties), one module per chapter, or a folder of modules for a
//! chapter with many exercises. This folder and `grader/catalog/` are the
//! instructors' to edit; the engine (the rest of `grader/src/`) knows no
//! chapter and reads the course only through [`specs`] and the
//! [`crate::spec::Spec`] type.

mod activations;
mod backprop;
mod capstone;
mod cnn_rnn;
mod generalization;
mod generate;
mod perceptron;
mod vectorization;
mod xor;

use crate::spec::Spec;

/// Every exercise of the course, chapter by chapter.
pub fn specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    specs.extend(perceptron::specs());
    specs.extend(xor::specs());
    specs.extend(activations::specs());
    specs.extend(vectorization::specs());
    specs.extend(backprop::neuron::specs());
    specs.extend(backprop::specs());
    specs.extend(generalization::specs());
    specs.extend(cnn_rnn::specs());
    specs.extend(capstone::specs());
    specs
}
