// El dropout invertido conserva el valor esperado de cada activación.

/// Un generador chiquito con semilla (SplitMix64): números uniformes en [0, 1).
struct SplitMix(u64);

impl SplitMix {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() {
    let a = [1.0, 2.0, 3.0, 4.0];
    let keep = 0.5;
    let mut rng = SplitMix(42);
    let mut mask = || -> Vec<f64> {
        a.iter()
            .map(|&ai| if rng.uniform() < keep { ai / keep } else { 0.0 })
            .collect()
    };

    println!("una pasada: {:?}", mask());
    let trials = 100_000;
    let mut sum = [0.0; 4];
    for _ in 0..trials {
        for (s, v) in sum.iter_mut().zip(mask()) {
            *s += v;
        }
    }
    let mean: Vec<String> = sum
        .iter()
        .map(|s| format!("{:.2}", s / trials as f64))
        .collect();
    println!("promedio de {trials} pasadas: [{}]", mean.join(", "));
}
