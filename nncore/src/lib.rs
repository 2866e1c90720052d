//! Tipos, datos y utilidades compartidos por los ejercicios, las soluciones y
//! el corrector del cuaderno de trabajo de la Unidad IV – Redes Neuronales.
//!
//! Shared types, data sets and helpers used by the exercises, the reference
//! solutions and the grader. Nothing here solves an exercise.

pub mod data;
pub mod mlp;
pub mod rng;
pub mod shape;

pub use mlp::Mlp;
pub use rng::Rng;
pub use shape::ShapeError;
