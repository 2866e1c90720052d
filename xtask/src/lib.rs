//! The workbook's maintenance commands (`cargo xtask …`).
//!
//! The reference solutions (`solutions/src/<chapter>.rs`) are the one source
//! of each chapter: the student's stub (`exercises/src/<chapter>.rs`) and the
//! grader's harness dispatch (`grader/harness/chapters/<chapter>.rs`) are
//! generated from them, and checked.

pub mod chapter;
pub mod conformance;
pub mod dispatch;
pub mod layout;
pub mod scaffold;
pub mod stub;
pub mod types;
