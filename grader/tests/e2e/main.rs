//! End-to-end tests of `cargo run -p grader`: the real binary, real harness
//! builds, real student folders (copies of the reference solutions with
//! chosen functions broken on purpose).

#[path = "../common/mod.rs"]
mod common;

mod folder;
mod grading;
mod report;
mod reuse_and_watch;
mod terminal;
