//! The element-wise passes of a training step, each one loop over a
//! contiguous buffer with no branch in its body, so that the compiler turns
//! it into vector instructions (of the width the step is compiled for, see
//! `cpu.rs`). They are `#[inline(always)]` so that they take on the target
//! features of the function they are inlined into.

use crate::Real;

/// `A ← σ(A + b)` for each row of `a` (`b.len()` columns).
#[inline(always)]
pub(crate) fn bias_sigmoid<T: Real>(a: &mut [T], b: &[T]) {
    for row in a.chunks_exact_mut(b.len()) {
        for (a, &b) in row.iter_mut().zip(b) {
            *a = T::ONE / (T::ONE + (-(*a + b)).exp_fast());
        }
    }
}

/// Softmax, cross-entropy and output error in place: each row of `z`
/// (`b.len()` columns, one label per row) becomes `(softmax(z + b) − y)/n`
/// with `n = labels.len()`; then `b ← b − η Σ rows`. Returns the sum of
/// the rows' cross-entropies.
///
/// Three passes: bias and shift by the row's largest value (per row); the
/// exponentials of the whole buffer in one loop (it vectorizes, a row of
/// ten does not); normalization, loss and the bias update (per row).
#[inline(always)]
pub(crate) fn softmax_delta<T: Real>(z: &mut [T], b: &mut [T], labels: &[usize], eta: T) -> T {
    let k = b.len();
    let n = labels.len();
    let z = &mut z[..n * k];
    let mut loss = T::ZERO;
    for (row, &label) in z.chunks_exact_mut(k).zip(labels) {
        let mut max = row[0] + b[0];
        for (v, &b) in row.iter_mut().zip(b.iter()) {
            *v += b;
            max = max.max(*v);
        }
        for v in row.iter_mut() {
            *v = *v - max;
        }
        // −ln P_label = ln Σⱼ e^{zⱼ − m} − (z_label − m): never ln 0.
        loss = loss - row[label];
    }
    for v in z.iter_mut() {
        *v = v.exp_fast();
    }
    let inv_n = T::ONE / T::of(n as f64);
    for (row, &label) in z.chunks_exact_mut(k).zip(labels) {
        let mut sum = T::ZERO;
        for &v in row.iter() {
            sum += v;
        }
        loss += sum.ln();
        let scale = inv_n / sum;
        for v in row.iter_mut() {
            *v = *v * scale;
        }
        row[label] = row[label] - inv_n;
        for (b, &g) in b.iter_mut().zip(row.iter()) {
            *b = *b - eta * g;
        }
    }
    loss
}

/// `Δ ← Δ ⊙ A ⊙ (1 − A)` (the sigmoid's derivative from its output), and
/// in the same pass `b ← b − η Σ rows of Δ`.
#[inline(always)]
pub(crate) fn sigmoid_delta<T: Real>(d: &mut [T], a: &[T], b: &mut [T], eta: T) {
    let h = b.len();
    for (drow, arow) in d.chunks_exact_mut(h).zip(a.chunks_exact(h)) {
        for ((d, &a), b) in drow.iter_mut().zip(arow).zip(b.iter_mut()) {
            *d = *d * a * (T::ONE - a);
            *b = *b - eta * *d;
        }
    }
}
