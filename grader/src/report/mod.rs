//! Output formats of a grading report.

pub mod json;
pub mod style;
pub mod text;
