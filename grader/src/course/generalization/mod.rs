//! Hidden cases and known mistakes of the `generalization` chapter.
//!
//! `train_xor` is judged by a property (the trained network classifies XOR,
//! the losses go down) and by its losses and final parameters against the
//! reference's, within a tolerance that admits sums in another order: see
//! `xor_training.rs`.

mod batches;
mod optimizers;
mod regularization;
mod stopping;
mod xor_training;

use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::{edge, float, floats, int, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{bool_arg, f64_arg, field, num, nums, u64_arg, usize_arg, vec_arg};
use xor_training::{XOR_RUNS, xor_property};

pub fn specs() -> Vec<Spec> {
    let mut specs = vec![];
    specs.extend(batches::specs());
    specs.extend(optimizers::specs());
    specs.extend(regularization::specs());
    specs.extend(stopping::specs());
    specs
}
