//! The workbook's maintenance commands (`cargo xtask …`).
//!
//! The reference solutions (`solutions/src/<chapter>.rs`) are the one source
//! of each chapter: the student's stub (`exercises/src/<chapter>.rs`) and the
//! grader's harness dispatch (`grader/harness/chapters/<chapter>.rs`) are
//! generated from them, and checked; so are the notebook cells of the
//! exercises that have none written by hand (`notebooks/checks/generated/`),
//! from the solutions' signatures and the catalog's public cases.

pub mod cells;
pub mod chapter;
pub mod conformance;
pub mod dispatch;
pub mod layout;
pub mod literal;
pub mod scaffold;
pub mod stub;
pub mod types;
