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
//! - one pass per element-wise stage: bias + sigmoid (with an exponential
//!   that compiles to vector instructions, [`Real::exp_fast`]); softmax,
//!   loss and output error together; back-propagated error times σ'
//!   together;
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

mod real;

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
}

fn mat<T>(s: &[T], rows: usize, cols: usize) -> MatRef<'_, T> {
    MatRef::from_row_major_slice(&s[..rows * cols], rows, cols)
}

fn mat_mut<T>(s: &mut [T], rows: usize, cols: usize) -> MatMut<'_, T> {
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
        }
    }

    /// Copies the rows `rows` of `data` into the batch buffers.
    fn gather(&mut self, data: &Data<'_, T>, rows: &[usize]) {
        let d = data.features;
        for (i, &r) in rows.iter().enumerate() {
            self.x[i * d..(i + 1) * d].copy_from_slice(&data.x[r * d..(r + 1) * d]);
            self.labels[i] = data.labels[r];
        }
    }

    /// One SGD step on the rows `rows` of `data` (at most the batch size):
    /// returns the batch's mean cross-entropy before the step.
    pub fn step(&mut self, net: &mut Mlp<T>, data: &Data<'_, T>, rows: &[usize], eta: T) -> T {
        assert!(rows.len() <= self.batch, "batch larger than the buffers");
        assert_eq!(
            data.features, net.inputs,
            "data and network differ in inputs"
        );
        self.gather(data, rows);
        let (n, d, h, k) = (rows.len(), net.inputs, net.hidden, net.classes);

        // A₁ = σ(X W₁ᵀ + b₁): one product, then bias and sigmoid in one pass.
        matmul(
            mat_mut(&mut self.a1, n, h),
            Accum::Replace,
            mat(&self.x, n, d),
            mat(&net.w1, h, d).transpose(),
            T::ONE,
            Par::Seq,
        );
        for row in self.a1[..n * h].chunks_exact_mut(h) {
            for (a, &b) in row.iter_mut().zip(&net.b1) {
                *a = T::ONE / (T::ONE + (-(*a + b)).exp_fast());
            }
        }

        // Z₂ = A₁ W₂ᵀ + b₂; then per row softmax, loss and Δ₂ = (P − Y)/n.
        matmul(
            mat_mut(&mut self.z2, n, k),
            Accum::Replace,
            mat(&self.a1, n, h),
            mat(&net.w2, k, h).transpose(),
            T::ONE,
            Par::Seq,
        );
        let inv_n = T::ONE / T::of(n as f64);
        let mut loss = T::ZERO;
        for (row, &label) in self.z2[..n * k].chunks_exact_mut(k).zip(&self.labels) {
            let mut max = row[0] + net.b2[0];
            for (z, &b) in row.iter_mut().zip(&net.b2) {
                *z += b;
                max = max.max(*z);
            }
            // −ln P_label = ln Σⱼ e^{zⱼ − m} − (z_label − m): never ln 0.
            let shifted_label = row[label] - max;
            let mut sum = T::ZERO;
            for z in row.iter_mut() {
                *z = (*z - max).exp();
                sum += *z;
            }
            loss += sum.ln() - shifted_label;
            let scale = inv_n / sum;
            for z in row.iter_mut() {
                *z = *z * scale;
            }
            row[label] = row[label] - inv_n;
        }

        // Δ₁ = (Δ₂ W₂) ⊙ A₁ ⊙ (1 − A₁), with W₂ from before the step.
        matmul(
            mat_mut(&mut self.d1, n, h),
            Accum::Replace,
            mat(&self.z2, n, k),
            mat(&net.w2, k, h),
            T::ONE,
            Par::Seq,
        );
        for (d, &a) in self.d1[..n * h].iter_mut().zip(&self.a1) {
            *d = *d * a * (T::ONE - a);
        }

        // W ← W − η Δᵀ A, accumulated straight into the weights; b ← b − η Σ Δ.
        matmul(
            mat_mut(&mut net.w2, k, h),
            Accum::Add,
            mat(&self.z2, n, k).transpose(),
            mat(&self.a1, n, h),
            -eta,
            Par::Seq,
        );
        matmul(
            mat_mut(&mut net.w1, h, d),
            Accum::Add,
            mat(&self.d1, n, h).transpose(),
            mat(&self.x, n, d),
            -eta,
            Par::Seq,
        );
        for row in self.z2[..n * k].chunks_exact(k) {
            for (b, &g) in net.b2.iter_mut().zip(row) {
                *b = *b - eta * g;
            }
        }
        for row in self.d1[..n * h].chunks_exact(h) {
            for (b, &g) in net.b1.iter_mut().zip(row) {
                *b = *b - eta * g;
            }
        }
        loss * inv_n
    }

    /// Only the five matrix products of [`Trainer::step`], on the same
    /// buffers and shapes (what a step would cost if everything else were
    /// free). The numbers it leaves are meaningless (the updates use a tiny
    /// step, so that nothing grows without bound).
    pub fn products_only(&mut self, net: &mut Mlp<T>, n: usize) {
        let (d, h, k) = (net.inputs, net.hidden, net.classes);
        matmul(
            mat_mut(&mut self.a1, n, h),
            Accum::Replace,
            mat(&self.x, n, d),
            mat(&net.w1, h, d).transpose(),
            T::ONE,
            Par::Seq,
        );
        matmul(
            mat_mut(&mut self.z2, n, k),
            Accum::Replace,
            mat(&self.a1, n, h),
            mat(&net.w2, k, h).transpose(),
            T::ONE,
            Par::Seq,
        );
        matmul(
            mat_mut(&mut self.d1, n, h),
            Accum::Replace,
            mat(&self.z2, n, k),
            mat(&net.w2, k, h),
            T::ONE,
            Par::Seq,
        );
        matmul(
            mat_mut(&mut net.w2, k, h),
            Accum::Add,
            mat(&self.z2, n, k).transpose(),
            mat(&self.a1, n, h),
            T::of(-1e-7),
            Par::Seq,
        );
        matmul(
            mat_mut(&mut net.w1, h, d),
            Accum::Add,
            mat(&self.d1, n, h).transpose(),
            mat(&self.x, n, d),
            T::of(-1e-7),
            Par::Seq,
        );
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
    for row in a1.chunks_exact_mut(h) {
        for (a, &b) in row.iter_mut().zip(&net.b1) {
            *a = T::ONE / (T::ONE + (-(*a + b)).exp_fast());
        }
    }
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
