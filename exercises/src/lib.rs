//! # Ejercicios de la Unidad IV – Redes Neuronales
//!
//! Un archivo por capítulo del libro. Cada función con `todo!()` es un
//! ejercicio: leé su documentación, escribí la implementación y corré
//! `cargo run -p grader` para ver qué está bien, qué está mal y por qué.
//!
//! Cada archivo es independiente: puede usar `std`, `ndarray` y `nncore`,
//! pero no otro capítulo (el corrector compila cada archivo por separado).

// The stubs do not use their parameters yet; keep `cargo build` quiet.
#![allow(unused_variables)]

pub mod activations;
pub mod backprop;
pub mod capstone;
pub mod cnn_rnn;
pub mod generalization;
pub mod perceptron;
pub mod vectorization;
pub mod xor;
