//! Attacks on the grader, as a mischievous student would write them, run
//! through the real binary: each must be contained (the exercise reported,
//! the grader alive, nothing written outside, no process left, no
//! connection made, no forged pass).
//!
//! Every run sets `GRADER_NO_REUSE=1`: the attacks must run each time, never
//! come back as the outcome of an earlier run.
//!
//! Every attack succeeds when its protections are off: run this file with
//! `GRADER_SANDBOX_DISABLE=all` (or the protections an attack names) and
//! its test fails. Where this system lacks a protection altogether (an old
//! kernel, no user namespaces), the test checks that the report says so and
//! skips what only that protection contains.
//!
//! One student folder holds every attack (each in its own exercise, so one
//! build serves all the tests); it lives in the temporary folder and is
//! removed by the next run.

#![cfg(target_os = "linux")]
#[path = "../common/mod.rs"]
mod common;

mod arena;
mod attacks;
mod containment;
mod refusals;
