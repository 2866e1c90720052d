//! What the processor offers beyond the build's baseline, found at run
//! time: the step's element-wise passes are compiled once per vector width
//! and the widest the processor has is chosen (faer does the same for its
//! products). Elsewhere than x86-64 there is one version, the baseline's
//! (NEON on aarch64).

/// The instruction set a step runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Isa {
    /// What the build targets (SSE2 on x86-64).
    Baseline,
    /// AVX2 and FMA: 256-bit vectors.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// AVX-512 (F, DQ, VL): 512-bit vectors.
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Isa {
    /// The widest this processor runs.
    pub(crate) fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("avx2")
                && is_x86_feature_detected!("fma")
            {
                return Self::Avx512;
            }
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                return Self::Avx2;
            }
        }
        Self::Baseline
    }
}
