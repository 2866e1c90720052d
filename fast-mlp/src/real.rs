//! The two precisions the trainer runs in.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// `f32` or `f64`: what the trainer's element-wise passes need, plus what
/// faer's matrix product needs.
pub trait Real:
    faer::traits::ComplexField
    + Copy
    + PartialOrd
    + Send
    + Sync
    + std::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    /// The nearest value to `x`.
    fn of(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    /// `e^self` without a call into the math library, branch-free, so that
    /// a loop of them compiles to vector instructions: `2^k · p(r)` with
    /// `k` rounded by adding a large constant and `p` a Taylor polynomial
    /// on `|r| ≤ ln2/2` (relative error below 2·10⁻⁷ in f32 and 10⁻¹⁵ in
    /// f64). Arguments are clamped to the range where the result is a
    /// normal number.
    fn exp_fast(self) -> Self;
    fn ln(self) -> Self;
    /// The larger of the two (NaN-free inputs).
    fn max(self, other: Self) -> Self;
}

macro_rules! real {
    ($t:ty) => {
        impl Real for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline]
            fn of(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                f64::from(self)
            }
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline(always)]
            fn exp_fast(self) -> Self {
                <$t as ExpFast>::exp_fast_impl(self)
            }
            #[inline]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline]
            fn max(self, other: Self) -> Self {
                <$t>::max(self, other)
            }
        }
    };
}

real!(f32);
real!(f64);

impl ExpFast for f32 {
    #[inline(always)]
    fn exp_fast_impl(x: f32) -> f32 {
        // 2²³ + 127: adding it rounds x·log₂e to an integer k and leaves
        // k + 127 (the biased exponent of 2^k) in the low bits.
        const SHIFT: f32 = 8_388_608.0 + 127.0;
        let x = x.clamp(-87.0, 88.0);
        let t = x * std::f32::consts::LOG2_E + SHIFT;
        let k = t - SHIFT;
        let r = x - k * 0.693_145_75 - k * 1.428_606_8e-6;
        let p = 1.0
            + r * (1.0
                + r * (0.5
                    + r * (1.0 / 6.0
                        + r * (1.0 / 24.0
                            + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
        p * f32::from_bits(t.to_bits() << 23)
    }
}

impl ExpFast for f64 {
    #[inline(always)]
    fn exp_fast_impl(x: f64) -> f64 {
        const SHIFT: f64 = 4_503_599_627_370_496.0 + 1023.0;
        let x = x.clamp(-708.0, 709.0);
        let t = x * std::f64::consts::LOG2_E + SHIFT;
        let k = t - SHIFT;
        let r = x - k * 6.931_471_803_691_238e-1 - k * 1.908_214_929_270_587_7e-10;
        // Horner form of Σ rⁱ/i!, i ≤ 13.
        let mut p = 1.0 / 6_227_020_800.0;
        for c in [
            1.0 / 479_001_600.0,
            1.0 / 39_916_800.0,
            1.0 / 3_628_800.0,
            1.0 / 362_880.0,
            1.0 / 40_320.0,
            1.0 / 5_040.0,
            1.0 / 720.0,
            1.0 / 120.0,
            1.0 / 24.0,
            1.0 / 6.0,
            0.5,
            1.0,
            1.0,
        ] {
            p = p * r + c;
        }
        p * f64::from_bits(t.to_bits() << 52)
    }
}

/// The per-type body of [`Real::exp_fast`].
trait ExpFast: Sized {
    fn exp_fast_impl(x: Self) -> Self;
}

#[cfg(test)]
mod tests {
    use super::Real;

    #[test]
    fn exp_fast_is_close_to_exp() {
        let mut worst32: f64 = 0.0;
        let mut worst64: f64 = 0.0;
        for i in -80_000..=80_000 {
            let x = f64::from(i) * 1e-3;
            let want = x.exp();
            worst64 = worst64.max(((x.exp_fast() - want) / want).abs());
            let x32 = x as f32;
            let want32 = f64::from(x32).exp();
            worst32 = worst32.max(((f64::from(x32.exp_fast()) - want32) / want32).abs());
        }
        assert!(worst64 < 1e-15, "f64: {worst64}");
        assert!(worst32 < 2e-7, "f32: {worst32}");
        // Clamped, not infinite or NaN, far out; and e^0 = 1.
        assert!(1000.0f64.exp_fast().is_finite() && (-1000.0f64).exp_fast() >= 0.0);
        assert!(100.0f32.exp_fast().is_finite() && (-100.0f32).exp_fast() >= 0.0);
        assert_eq!(0.0f64.exp_fast(), 1.0);
        assert_eq!(0.0f32.exp_fast(), 1.0);
    }
}
