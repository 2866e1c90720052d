//! The final project's network written as fast numerical code: a
//! `d → h → k` perceptron with a sigmoid hidden layer, softmax output and
//! cross-entropy, trained by plain mini-batch SGD, in `f32` or `f64`.
//!
//! It computes exactly what `solutions::capstone::sgd_step` computes (the
//! tests compare them), written for speed:
//!
//! - the whole mini-batch as matrix products (faer, on one thread), no loop
//!   over examples;
//! - no allocation per step: every buffer is made once, in [`Trainer::new`];
//! - few element-wise passes, each a branch-free loop over a contiguous
//!   buffer that compiles to vector instructions: bias + sigmoid (with an
//!   exponential that vectorizes, [`Real::exp_fast`]); softmax, loss,
//!   output error and `b₂`'s update (the exponentials of the whole batch in
//!   one loop); back-propagated error times σ' and `b₁`'s update;
//! - the step compiled once per vector width (SSE2, AVX2, AVX-512 on
//!   x86-64) and the widest the processor has chosen at run time, as faer
//!   does for its products;
//! - the updates folded into the products: `W ← W − η Δᵀ A` is one product
//!   that accumulates into `W`, so no gradient matrix is stored. `W₂` is
//!   updated only after `Δ₁ = (Δ₂ W₂) ⊙ σ'` used it.
//!
//! Matrices are row-major `Vec`s: `w1` is `h × d` (one row per hidden
//! neuron, as `W[1]` in the book), `w2` is `k × h`, a batch is one row per
//! example.

use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};
use nncore::Rng;

mod cpu;
mod passes;
mod real;
mod step;

pub use real::Real;

/// The parameters of a `d → h → k` network.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp<T> {
    pub inputs: usize,
    pub hidden: usize,
    pub classes: usize,
    /// `hidden × inputs`, row-major.
    pub w1: Vec<T>,
    pub b1: Vec<T>,
    /// `classes × hidden`, row-major.
    pub w2: Vec<T>,
    pub b2: Vec<T>,
}

impl<T: Real> Mlp<T> {
    /// Weights drawn as `nncore::Mlp::random` draws them (normal, scaled by
    /// `1/√fan_in`, layer by layer, row by row), biases zero.
    pub fn random(inputs: usize, hidden: usize, classes: usize, rng: &mut Rng) -> Self {
        let mut draw = |n: usize, fan_in: usize| -> Vec<T> {
            let scale = 1.0 / (fan_in.max(1) as f64).sqrt();
            (0..n).map(|_| T::of(rng.normal() * scale)).collect()
        };
        let w1 = draw(hidden * inputs, inputs);
        let w2 = draw(classes * hidden, hidden);
        Self {
            inputs,
            hidden,
            classes,
            w1,
            b1: vec![T::ZERO; hidden],
            w2,
            b2: vec![T::ZERO; classes],
        }
    }
}

/// A data set in memory: `rows × features`, row-major, and one label per row.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a, T> {
    pub x: &'a [T],
    pub labels: &'a [usize],
    pub features: usize,
}

impl<T> Data<'_, T> {
    pub fn rows(&self) -> usize {
        self.labels.len()
    }
}

/// The buffers of one training step, sized for a batch, reused every step.
#[derive(Debug, Clone)]
pub struct Trainer<T> {
    batch: usize,
    /// The batch's inputs, gathered: `batch × d`.
    x: Vec<T>,
    /// Hidden activations `A₁`: `batch × h`.
    a1: Vec<T>,
    /// Output values, then the output error `Δ₂`: `batch × k`.
    z2: Vec<T>,
    /// Back-propagated error `Δ₁`: `batch × h`.
    d1: Vec<T>,
    labels: Vec<usize>,
    /// The instruction set the element-wise passes run with.
    isa: cpu::Isa,
}

pub(crate) fn mat<T>(s: &[T], rows: usize, cols: usize) -> MatRef<'_, T> {
    MatRef::from_row_major_slice(&s[..rows * cols], rows, cols)
}

pub(crate) fn mat_mut<T>(s: &mut [T], rows: usize, cols: usize) -> MatMut<'_, T> {
    MatMut::from_row_major_slice_mut(&mut s[..rows * cols], rows, cols)
}

impl<T: Real> Trainer<T> {
    /// Buffers for batches of up to `batch` rows of `net`.
    pub fn new(net: &Mlp<T>, batch: usize) -> Self {
        Self {
            batch,
            x: vec![T::ZERO; batch * net.inputs],
            a1: vec![T::ZERO; batch * net.hidden],
            z2: vec![T::ZERO; batch * net.classes],
            d1: vec![T::ZERO; batch * net.hidden],
            labels: vec![0; batch],
            isa: cpu::Isa::detect(),
        }
    }

    /// One epoch: the rows in the order `order`, cut into batches. Returns
    /// the mean of the batch losses.
    pub fn epoch(&mut self, net: &mut Mlp<T>, data: &Data<'_, T>, order: &[usize], eta: T) -> f64 {
        let mut total = 0.0;
        let mut batches = 0;
        for rows in order.chunks(self.batch) {
            total += self.step(net, data, rows, eta).to_f64();
            batches += 1;
        }
        total / f64::from(batches.max(1))
    }
}

/// The output values `z` (before the softmax) of `net` for every row of
/// `data`, row-major `rows × classes`. Allocates; for evaluation, not for
/// the training loop.
pub fn logits<T: Real>(net: &Mlp<T>, data: &Data<'_, T>) -> Vec<T> {
    let (n, d, h, k) = (data.rows(), net.inputs, net.hidden, net.classes);
    let mut a1 = vec![T::ZERO; n * h];
    matmul(
        mat_mut(&mut a1, n, h),
        Accum::Replace,
        mat(data.x, n, d),
        mat(&net.w1, h, d).transpose(),
        T::ONE,
        Par::Seq,
    );
    passes::bias_sigmoid(&mut a1, &net.b1);
    let mut z = vec![T::ZERO; n * k];
    matmul(
        mat_mut(&mut z, n, k),
        Accum::Replace,
        mat(&a1, n, h),
        mat(&net.w2, k, h).transpose(),
        T::ONE,
        Par::Seq,
    );
    for row in z.chunks_exact_mut(k) {
        for (v, &b) in row.iter_mut().zip(&net.b2) {
            *v += b;
        }
    }
    z
}

/// The fraction of rows whose largest output (the first, on ties) is
/// their label.
pub fn accuracy<T: Real>(net: &Mlp<T>, data: &Data<'_, T>) -> f64 {
    let z = logits(net, data);
    let k = net.classes;
    let correct = z
        .chunks_exact(k)
        .zip(data.labels)
        .filter(|(row, label)| {
            let mut best = 0;
            for c in 1..k {
                if row[c] > row[best] {
                    best = c;
                }
            }
            best == **label
        })
        .count();
    correct as f64 / data.rows().max(1) as f64
}
