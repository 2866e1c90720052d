//! One SGD step: the five products and the element-wise passes between
//! them, compiled once per instruction set (`cpu.rs`), and the same five
//! products alone.

use faer::linalg::matmul::matmul;
use faer::{Accum, Par};

use crate::cpu::Isa;
use crate::passes::{bias_sigmoid, sigmoid_delta, softmax_delta};
use crate::{Data, Mlp, Real, Trainer, mat, mat_mut};

impl<T: Real> Trainer<T> {
    /// One SGD step on the rows `rows` of `data` (at most the batch size):
    /// returns the batch's mean cross-entropy before the step.
    pub fn step(&mut self, net: &mut Mlp<T>, data: &Data<'_, T>, rows: &[usize], eta: T) -> T {
        assert!(rows.len() <= self.batch, "batch larger than the buffers");
        assert_eq!(
            data.features, net.inputs,
            "data and network differ in inputs"
        );
        assert_eq!(
            (net.w1.len(), net.b1.len(), net.w2.len(), net.b2.len()),
            (
                net.hidden * net.inputs,
                net.hidden,
                net.classes * net.hidden,
                net.classes
            ),
            "the network's parameters do not have its sizes"
        );
        match self.isa {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Isa::detect` found these features on this processor.
            Isa::Avx512 => unsafe { step_avx512(self, net, data, rows, eta) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Isa::Avx2 => unsafe { step_avx2(self, net, data, rows, eta) },
            Isa::Baseline => step_body(self, net, data, rows, eta),
        }
    }

    /// Only the five matrix products of [`Trainer::step`], on the same
    /// buffers and shapes (what a step would cost if everything else were
    /// free). The numbers it leaves are meaningless (the updates use a tiny
    /// step, so that nothing grows without bound).
    pub fn products_only(&mut self, net: &mut Mlp<T>, n: usize) {
        hidden_product(self, net, n);
        output_product(self, net, n);
        error_product(self, net, n);
        update_w2(self, net, n, T::of(1e-7));
        update_w1(self, net, n, T::of(1e-7));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn step_avx512<T: Real>(
    t: &mut Trainer<T>,
    net: &mut Mlp<T>,
    data: &Data<'_, T>,
    rows: &[usize],
    eta: T,
) -> T {
    step_body(t, net, data, rows, eta)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn step_avx2<T: Real>(
    t: &mut Trainer<T>,
    net: &mut Mlp<T>,
    data: &Data<'_, T>,
    rows: &[usize],
    eta: T,
) -> T {
    step_body(t, net, data, rows, eta)
}

/// The step, inlined into each instruction set's version.
#[inline(always)]
fn step_body<T: Real>(
    t: &mut Trainer<T>,
    net: &mut Mlp<T>,
    data: &Data<'_, T>,
    rows: &[usize],
    eta: T,
) -> T {
    let (n, d, h) = (rows.len(), net.inputs, net.hidden);
    // The batch's rows, copied together.
    for (i, &r) in rows.iter().enumerate() {
        t.x[i * d..(i + 1) * d].copy_from_slice(&data.x[r * d..(r + 1) * d]);
        t.labels[i] = data.labels[r];
    }

    // A₁ = σ(X W₁ᵀ + b₁): one product, then bias and sigmoid in one pass.
    hidden_product(t, net, n);
    bias_sigmoid(&mut t.a1[..n * h], &net.b1);

    // Z₂ = A₁ W₂ᵀ; then softmax, loss, Δ₂ = (P − Y)/n and b₂'s update.
    output_product(t, net, n);
    let loss = softmax_delta(&mut t.z2, &mut net.b2, &t.labels[..n], eta);

    // Δ₁ = (Δ₂ W₂) ⊙ A₁ ⊙ (1 − A₁), with W₂ from before the step, and b₁'s
    // update in the same pass.
    error_product(t, net, n);
    sigmoid_delta(&mut t.d1[..n * h], &t.a1[..n * h], &mut net.b1, eta);

    // W ← W − η Δᵀ A, accumulated straight into the weights.
    update_w2(t, net, n, eta);
    update_w1(t, net, n, eta);
    loss / T::of(n as f64)
}

// The five products of a step on its first `n` rows, shared by the step
// and by `products_only`, so both time exactly the same products.

/// A₁ ← X W₁ᵀ (before the bias and the sigmoid).
#[inline(always)]
fn hidden_product<T: Real>(t: &mut Trainer<T>, net: &Mlp<T>, n: usize) {
    let (d, h) = (net.inputs, net.hidden);
    matmul(
        mat_mut(&mut t.a1, n, h),
        Accum::Replace,
        mat(&t.x, n, d),
        mat(&net.w1, h, d).transpose(),
        T::ONE,
        Par::Seq,
    );
}

/// Z₂ ← A₁ W₂ᵀ (before the bias and the softmax).
#[inline(always)]
fn output_product<T: Real>(t: &mut Trainer<T>, net: &Mlp<T>, n: usize) {
    let (h, k) = (net.hidden, net.classes);
    matmul(
        mat_mut(&mut t.z2, n, k),
        Accum::Replace,
        mat(&t.a1, n, h),
        mat(&net.w2, k, h).transpose(),
        T::ONE,
        Par::Seq,
    );
}

/// Δ₁ ← Δ₂ W₂ (before the sigmoid's derivative); Δ₂ is in `z2`.
#[inline(always)]
fn error_product<T: Real>(t: &mut Trainer<T>, net: &Mlp<T>, n: usize) {
    let (h, k) = (net.hidden, net.classes);
    matmul(
        mat_mut(&mut t.d1, n, h),
        Accum::Replace,
        mat(&t.z2, n, k),
        mat(&net.w2, k, h),
        T::ONE,
        Par::Seq,
    );
}

/// W₂ ← W₂ − η Δ₂ᵀ A₁.
#[inline(always)]
fn update_w2<T: Real>(t: &Trainer<T>, net: &mut Mlp<T>, n: usize, eta: T) {
    let (h, k) = (net.hidden, net.classes);
    matmul(
        mat_mut(&mut net.w2, k, h),
        Accum::Add,
        mat(&t.z2, n, k).transpose(),
        mat(&t.a1, n, h),
        -eta,
        Par::Seq,
    );
}

/// W₁ ← W₁ − η Δ₁ᵀ X.
#[inline(always)]
fn update_w1<T: Real>(t: &Trainer<T>, net: &mut Mlp<T>, n: usize, eta: T) {
    let (d, h) = (net.inputs, net.hidden);
    matmul(
        mat_mut(&mut net.w1, h, d),
        Accum::Add,
        mat(&t.d1, n, h).transpose(),
        mat(&t.x, n, d),
        -eta,
        Par::Seq,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use nncore::Rng;

    /// Three steps (the last one short) on sizes that leave a remainder
    /// after every vector width: the final network and the losses.
    fn run<T: Real>(isa: Isa) -> (Mlp<T>, Vec<T>) {
        let (n, d, h, k) = (27, 19, 13, 7);
        let mut rng = Rng::new(3);
        let x: Vec<T> = (0..n * d)
            .map(|_| T::of(rng.uniform_range(-2.0, 2.0)))
            .collect();
        let labels: Vec<usize> = (0..n).map(|_| rng.below(k)).collect();
        let data = Data {
            x: &x,
            labels: &labels,
            features: d,
        };
        let mut net = Mlp::random(d, h, k, &mut rng);
        let mut trainer = Trainer::new(&net, 10);
        trainer.isa = isa;
        let order: Vec<usize> = (0..n).rev().collect();
        let losses = order
            .chunks(10)
            .map(|rows| trainer.step(&mut net, &data, rows, T::of(0.3)))
            .collect();
        (net, losses)
    }

    #[test]
    fn every_instruction_set_computes_the_same_numbers() {
        let here = Isa::detect();
        #[cfg(target_arch = "x86_64")]
        let isas = match here {
            Isa::Avx512 => vec![Isa::Baseline, Isa::Avx2, Isa::Avx512],
            Isa::Avx2 => vec![Isa::Baseline, Isa::Avx2],
            Isa::Baseline => vec![Isa::Baseline],
        };
        #[cfg(not(target_arch = "x86_64"))]
        let isas = vec![Isa::Baseline];
        assert_eq!(isas.last(), Some(&here));
        let (want64, want32) = (run::<f64>(Isa::Baseline), run::<f32>(Isa::Baseline));
        assert!(want64.1.iter().all(|l| l.is_finite() && *l > 0.0));
        for isa in isas {
            // The same operations in the same order: equal to the last bit.
            assert_eq!(run::<f64>(isa), want64, "{isa:?}");
            assert_eq!(run::<f32>(isa), want32, "{isa:?}");
        }
    }
}
