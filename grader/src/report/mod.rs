//! Output formats of a grading report.

pub mod inert;
pub mod json;
pub mod style;
pub mod text;
