//! Hidden cases and known mistakes of the `capstone` chapter (the final
//! project: softmax, one-hot, accuracy, softmax + cross-entropy, one
//! mini-batch SGD step, and a training loop with early stopping).
//!
//! `train` is judged by a property (see `training.rs`), not by
//! equality with the reference: hundreds of steps of sums in another order
//! end in another network.

mod outputs;
mod step;
mod training;

use ndarray::{Array2, Axis};
use nncore::{Mlp, Rng};
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{float, int, matrix};
use crate::spec::{Mistake, Spec};
use crate::wire::{self, arg, as_mlp, f64_arg, matrix_arg, usize_arg, vector_arg};

pub fn specs() -> Vec<Spec> {
    let mut specs = vec![];
    specs.extend(outputs::specs());
    specs.extend(step::specs());
    specs.extend(training::specs());
    specs
}

fn ok(v: Value) -> Value {
    json!({ "ok": v })
}

fn max<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.cloned().fold(f64::NEG_INFINITY, f64::max)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn labels_arg(input: &Value) -> Option<Vec<usize>> {
    arg::<Vec<usize>>(input, "labels").ok()
}

/// The one-hot matrix with each label moved by `shift` columns, or None if
/// one has no column.
fn one_hot(labels: &[usize], classes: usize, shift: usize) -> Option<Array2<f64>> {
    let mut y = Array2::zeros((labels.len(), classes));
    for (r, &l) in labels.iter().enumerate() {
        *y.get_mut([r, l + shift])? = 1.0;
    }
    Some(y)
}

/// The accuracy, with ties going to the first (or, mistaken, the last)
/// largest column.
fn accuracy_with(input: &Value, last_on_ties: bool) -> Option<f64> {
    let scores = matrix_arg(input, "scores").ok()?;
    let labels = labels_arg(input)?;
    if scores.nrows() != labels.len() || labels.is_empty() {
        return None;
    }
    let correct = scores
        .rows()
        .into_iter()
        .zip(&labels)
        .filter(|(row, label)| {
            let m = max(row.iter());
            let mut hits = row.iter().enumerate().filter(|(_, v)| **v == m);
            let predicted = if last_on_ties {
                hits.next_back()
            } else {
                hits.next()
            };
            predicted.map(|(c, _)| c) == Some(**label)
        })
        .count();
    Some(correct as f64 / labels.len() as f64)
}

// ---------------------------------------------------------------------------
// Softmax + cross-entropy
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum CeMistake {
    None,
    GradNotMean,
    LossNotMean,
    NeitherMean,
    GradSign,
    Naive,
}

fn cross_entropy(
    z: &Array2<f64>,
    y: &Array2<f64>,
    mistake: CeMistake,
) -> Option<(f64, Array2<f64>)> {
    if z.dim() != y.dim() || z.nrows() == 0 {
        return None;
    }
    let n = z.nrows() as f64;
    let mut loss = 0.0;
    let mut grad = Array2::zeros(z.raw_dim());
    for ((zr, yr), mut gr) in z.rows().into_iter().zip(y.rows()).zip(grad.rows_mut()) {
        let m = if mistake == CeMistake::Naive {
            0.0
        } else {
            max(zr.iter())
        };
        let log_sum = zr.iter().map(|v| (v - m).exp()).sum::<f64>().ln();
        for ((zk, yk), gk) in zr.iter().zip(yr).zip(gr.iter_mut()) {
            let log_p = zk - m - log_sum;
            loss -= yk * log_p;
            *gk = log_p.exp() - yk;
        }
    }
    let (loss_div, grad_div) = match mistake {
        CeMistake::GradNotMean => (n, 1.0),
        CeMistake::LossNotMean => (1.0, n),
        CeMistake::NeitherMean => (1.0, 1.0),
        CeMistake::GradSign => (n, -n),
        CeMistake::None | CeMistake::Naive => (n, n),
    };
    Some((loss / loss_div, grad / grad_div))
}

/// Forward pass keeping every activation; the last entry is the output z.
fn forward(net: &Mlp, x: &Array2<f64>) -> Option<Vec<Array2<f64>>> {
    let mut acts = vec![x.clone()];
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let a = &acts[l];
        if w.ncols() != a.ncols() || w.nrows() != b.len() {
            return None;
        }
        let z = a.dot(&w.t()) + b;
        acts.push(if l + 1 == net.depth() {
            z
        } else {
            z.mapv(sigmoid)
        });
    }
    Some(acts)
}
