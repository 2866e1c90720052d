//! Mini-batches and the decayed learning rate.

use super::*;

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "generalization",
            id: "minibatch_indices",
            hidden: |rng, n| {
                let fixed = [(10, 4), (7, 1), (5, 5), (3, 8), (1, 1), (12, 3)];
                (0..n)
                    .map(|k| {
                        let (size, batch) = fixed.get(k).copied().unwrap_or_else(|| {
                            let size = int(rng, 1, 30);
                            (size, int(rng, 1, size + 2))
                        });
                        json!({"n": size, "batch_size": batch, "seed": rng.below(1_000_000)})
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "n = 10, lotes de 4: el último más corto",
                    "lotes de 1",
                    "un solo lote justo",
                    "lote más grande que n",
                    "n = 1",
                    "n = 12, lotes de 3: justos",
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "los lotes salieron en orden 0, 1, 2, …: primero hay que mezclar los índices con Rng::new(seed).shuffle(&mut indices) y después cortarlos",
                    answer: |i| {
                        let (n, batch, _) = batch_args(i)?;
                        Some(chunks((0..n).collect(), batch, true))
                    },
                },
                Mistake {
                    diagnosis: "falta el último lote, el más corto: con n = 10 y batch_size = 4 hay 3 lotes, de 4, 4 y 2 índices (ningún índice puede faltar)",
                    answer: |i| {
                        let (n, batch, seed) = batch_args(i)?;
                        Some(chunks(shuffled(n, seed), batch, false))
                    },
                },
                Mistake {
                    diagnosis: "mezclaste el orden de los lotes, pero no los índices: hay que mezclar (0..n) con Rng::new(seed).shuffle(…) y recién después cortar en lotes",
                    answer: |i| {
                        let (n, batch, seed) = batch_args(i)?;
                        let mut batches: Vec<Vec<usize>> = (0..n)
                            .collect::<Vec<_>>()
                            .chunks(batch)
                            .map(<[usize]>::to_vec)
                            .collect();
                        Rng::new(seed).shuffle(&mut batches);
                        Some(json!(batches))
                    },
                },
                Mistake {
                    diagnosis: "sorteaste los índices con reposición: así algunos se repiten y otros faltan; hay que mezclar una permutación de 0..n con Rng::new(seed).shuffle(&mut indices)",
                    answer: |i| {
                        let (n, batch, seed) = batch_args(i)?;
                        let mut rng = Rng::new(seed);
                        Some(chunks((0..n).map(|_| rng.below(n)).collect(), batch, true))
                    },
                },
                Mistake {
                    diagnosis: "mezclaste con tu propia versión del algoritmo (recorriendo desde el principio): para obtener los mismos lotes usá exactamente Rng::new(seed).shuffle(&mut indices) sobre 0..n",
                    answer: |i| {
                        let (n, batch, seed) = batch_args(i)?;
                        let mut rng = Rng::new(seed);
                        let mut order: Vec<usize> = (0..n).collect();
                        for k in 0..n.saturating_sub(1) {
                            let j = k + rng.below(n - k);
                            order.swap(k, j);
                        }
                        Some(chunks(order, batch, true))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "decayed_learning_rate",
            hidden: |rng, n| {
                let mut inputs = vec![
                    json!({"eta0": 0.5, "decay": 0.1, "epoch": 0}),
                    json!({"eta0": 0.3, "decay": 0.0, "epoch": 7}),
                    json!({"eta0": 1.0, "decay": 0.5, "epoch": 100}),
                ];
                while inputs.len() < n {
                    inputs.push(json!({
                        "eta0": float(rng, 0.01, 1.0),
                        "decay": float(rng, 0.01, 1.0),
                        "epoch": int(rng, 1, 50),
                    }));
                }
                inputs
            },
            boundary: |drawn| drawn(&["época 0: η = η₀", "sin decaimiento", "época 100"]),
            mistakes: vec![
                Mistake {
                    diagnosis: "la tasa no cambia con la época: η_t = η₀ / (1 + k·t) depende de t (¿usaste 1 + k en lugar de 1 + k·t?)",
                    answer: |i| {
                        let (eta0, k, _) = decay_args(i)?;
                        Some(num(eta0 / (1.0 + k)))
                    },
                },
                Mistake {
                    diagnosis: "cuidado con la precedencia: `eta0 / 1.0 + decay * t` divide sólo por 1; escribí `eta0 / (1.0 + decay * t)`",
                    answer: |i| {
                        let (eta0, k, t) = decay_args(i)?;
                        Some(num(eta0 / 1.0 + k * t))
                    },
                },
                Mistake {
                    diagnosis: "las épocas se cuentan desde 0: en la época t = 0 la tasa tiene que ser η₀ (usaste t + 1)",
                    answer: |i| {
                        let (eta0, k, t) = decay_args(i)?;
                        Some(num(eta0 / (1.0 + k * (t + 1.0))))
                    },
                },
            ],
            property: None,
        },
    ]
}

// ---------------------------------------------------------------------------
// Mini-batches and learning rates
// ---------------------------------------------------------------------------

fn batch_args(input: &Value) -> Option<(usize, usize, u64)> {
    let batch = usize_arg(input, "batch_size").ok()?;
    if batch == 0 {
        return None;
    }
    Some((
        usize_arg(input, "n").ok()?,
        batch,
        u64_arg(input, "seed").ok()?,
    ))
}

fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut order);
    order
}

fn chunks(order: Vec<usize>, batch: usize, keep_short: bool) -> Value {
    let batches: Vec<Vec<usize>> = order
        .chunks(batch)
        .filter(|c| keep_short || c.len() == batch)
        .map(<[usize]>::to_vec)
        .collect();
    json!(batches)
}

fn decay_args(input: &Value) -> Option<(f64, f64, f64)> {
    Some((
        f64_arg(input, "eta0").ok()?,
        f64_arg(input, "decay").ok()?,
        usize_arg(input, "epoch").ok()? as f64,
    ))
}
