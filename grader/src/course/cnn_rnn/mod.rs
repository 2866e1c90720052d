//! Hidden cases and known mistakes of the `cnn_rnn` chapter.

mod convolution;
mod recurrent;

use ndarray::{Array1, Array2};
use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{floats, int, matrix, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, field, usize_arg};

pub fn specs() -> Vec<Spec> {
    let mut specs = vec![];
    specs.extend(convolution::specs());
    specs.extend(recurrent::specs());
    specs
}

// ---------------------------------------------------------------------------
// Recurrent cell
// ---------------------------------------------------------------------------

/// Random `wx` (`nh × nx`), `wh` (`nh × nh`) and `b`.
fn cell(rng: &mut Rng, nh: usize, nx: usize) -> Value {
    json!({
        "wx": matrix(rng, nh, nx, -1.0, 1.0),
        "wh": matrix(rng, nh, nh, -1.0, 1.0),
        "b": wire::nums(&floats(rng, nh, -0.5, 0.5)),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Correct,
    Linear,
    NoMemory,
    NoBias,
    Sigmoid,
}

/// These tests ask the reference solutions.
#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::*;

    #[test]
    fn hidden_inputs_fit_their_own_shapes() {
        let mut rng = Rng::new(5);
        let specs = specs();
        for spec in &specs {
            for input in (spec.hidden)(&mut rng, 30) {
                assert!(
                    crate::reference::call("cnn_rnn", spec.id, &input).is_ok(),
                    "{}: {input}",
                    spec.id
                );
            }
        }
    }
}
