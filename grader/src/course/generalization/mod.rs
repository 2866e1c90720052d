//! Hidden cases and known mistakes of the `generalization` chapter.
//!
//! `train_xor` is judged by a property (the trained network classifies XOR,
//! the losses go down) and by its losses and final parameters against the
//! reference's, within a tolerance that admits sums in another order: see
//! `xor_training.rs`.

use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::{float, floats, int, vector};
mod xor_training;

use crate::course::generate::edge;
use crate::spec::{Mistake, Spec};
use crate::wire::{bool_arg, f64_arg, field, num, nums, u64_arg, usize_arg, vec_arg};
use xor_training::{XOR_RUNS, xor_property};

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
        Spec {
            chapter: "generalization",
            id: "momentum_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let d = int(rng, 1, 5);
                        let velocity = if k == 0 {
                            vec![0.0; d]
                        } else {
                            floats(rng, d, -1.0, 1.0)
                        };
                        json!({
                            "w": vector(rng, d, -2.0, 2.0),
                            "velocity": nums(&velocity),
                            "grad": vector(rng, d, -2.0, 2.0),
                            "eta": float(rng, 0.01, 0.5),
                            "beta": float(rng, 0.5, 0.99),
                        })
                    })
                    .collect()
            },
            boundary: |drawn| {
                let mut cases = drawn(&["velocidad cero: el primer paso"]);
                cases.extend([
            edge(
                "β = 0: descenso por gradiente común",
                json!({"w": [1.0, -1.0], "velocity": [0.5, 0.5], "grad": [0.2, -0.4], "eta": 0.1, "beta": 0.0}),
            ),
            edge(
                "gradiente cero: sólo la inercia",
                json!({"w": [1.0], "velocity": [0.3], "grad": [0.0], "eta": 0.1, "beta": 0.9}),
            ),
        ]);
                cases
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "el signo del gradiente en la velocidad está invertido: v ← β v − η g (y después w ← w + v)",
                    answer: |i| momentum_with(i, 1.0, 1.0, false),
                },
                Mistake {
                    diagnosis: "usaste la otra convención (v ← β v + η g y w ← w − v): el w nuevo sale bien, pero este cuaderno guarda v ← β v − η g y w ← w + v, así que la velocidad tiene el signo opuesto",
                    answer: |i| {
                        let mut out = momentum_with(i, -1.0, 1.0, false)?;
                        out["velocity"] = crate::judge::map_floats(&out["velocity"], &|x| -x);
                        Some(out)
                    },
                },
                Mistake {
                    diagnosis: "actualizaste w con la velocidad vieja: primero v ← β v − η g, y después w ← w + v con la v nueva",
                    answer: |i| momentum_with(i, -1.0, 1.0, true),
                },
                Mistake {
                    diagnosis: "falta multiplicar la velocidad anterior por β: v ← β v − η g",
                    answer: |i| momentum_with(i, -1.0, 0.0, false),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "adam_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let d = int(rng, 1, 4);
                        // The first two are first steps (t = 0, m = v = 0).
                        let (m, v, t) = if k < 2 {
                            (vec![0.0; d], vec![0.0; d], 0)
                        } else {
                            (
                                floats(rng, d, -1.0, 1.0),
                                floats(rng, d, 0.0, 1.0),
                                int(rng, 1, 100),
                            )
                        };
                        let (beta1, beta2) = if k % 3 == 0 {
                            (0.9, 0.999)
                        } else {
                            (float(rng, 0.8, 0.95), float(rng, 0.9, 0.999))
                        };
                        json!({
                            "w": vector(rng, d, -2.0, 2.0),
                            "grad": vector(rng, d, -2.0, 2.0),
                            "state": {"m": nums(&m), "v": nums(&v), "t": t},
                            "eta": float(rng, 0.001, 0.1),
                            "beta1": beta1,
                            "beta2": beta2,
                            "epsilon": 1e-8,
                        })
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "primer paso (t = 0, m = v = 0), β₁ = 0.9, β₂ = 0.999",
                    "primer paso (t = 0, m = v = 0)",
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "falta la corrección de sesgo: m̂ = m / (1 − β₁ᵗ) y v̂ = v / (1 − β₂ᵗ), con el t ya incrementado; sin ella los primeros pasos son demasiado chicos o grandes",
                    answer: |i| adam_with(i, AdamFlaw::NoBiasCorrection),
                },
                Mistake {
                    diagnosis: "t no se incrementó: en cada paso t ← t + 1 antes de corregir el sesgo (en el primer paso t = 1, y 1 − β₁⁰ = 0 divide por cero)",
                    answer: |i| adam_with(i, AdamFlaw::OldT),
                },
                Mistake {
                    diagnosis: "el w está bien, pero el estado que devolviste conserva el t viejo: guardá t + 1 en el estado nuevo",
                    answer: |i| adam_with(i, AdamFlaw::StaleT),
                },
                Mistake {
                    diagnosis: "el promedio v es de los cuadrados del gradiente: v ← β₂ v + (1 − β₂) g², no (1 − β₂) g",
                    answer: |i| adam_with(i, AdamFlaw::GradNotSquared),
                },
                Mistake {
                    diagnosis: "el signo del paso está invertido: w ← w − η m̂ / (√v̂ + ε)",
                    answer: |i| adam_with(i, AdamFlaw::Sign),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "rmsprop_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let d = int(rng, 1, 5);
                        let cache = if k == 0 {
                            vec![0.0; d]
                        } else {
                            floats(rng, d, 0.0, 1.0)
                        };
                        json!({
                            "w": vector(rng, d, -2.0, 2.0),
                            "grad": vector(rng, d, -2.0, 2.0),
                            "cache": nums(&cache),
                            "eta": float(rng, 0.001, 0.1),
                            "rho": float(rng, 0.8, 0.99),
                            "epsilon": 1e-8,
                        })
                    })
                    .collect()
            },
            boundary: |drawn| drawn(&["caché cero: el primer paso"]),
            mistakes: vec![
                Mistake {
                    diagnosis: "el promedio s es de los cuadrados del gradiente: s ← ρ s + (1 − ρ) g², no (1 − ρ) g",
                    answer: |i| rmsprop_with(i, RmsFlaw::GradNotSquared),
                },
                Mistake {
                    diagnosis: "dividiste por la s vieja: primero s ← ρ s + (1 − ρ) g² y después w ← w − η g / (√s + ε) con la s nueva",
                    answer: |i| rmsprop_with(i, RmsFlaw::OldCache),
                },
                Mistake {
                    diagnosis: "falta la raíz cuadrada: w ← w − η g / (√s + ε)",
                    answer: |i| rmsprop_with(i, RmsFlaw::NoSqrt),
                },
                Mistake {
                    diagnosis: "intercambiaste ρ y 1 − ρ: s ← ρ s + (1 − ρ) g² (ρ, cerca de 1, pesa la historia)",
                    answer: |i| rmsprop_with(i, RmsFlaw::RhoSwapped),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "weight_decay_loss",
            hidden: |rng, n| {
                let mut inputs = vec![json!({"loss": 0.25, "w": [3.0, -4.0], "lambda": 0.1})];
                while inputs.len() < n {
                    let d = int(rng, 1, 5);
                    inputs.push(json!({
                        "loss": float(rng, 0.0, 3.0),
                        "w": vector(rng, d, -2.0, 2.0),
                        "lambda": float(rng, 0.001, 0.5),
                    }));
                }
                inputs
            },
            boundary: |drawn| {
                let mut cases = drawn(&["w = (3, −4)"]);
                cases.extend([
                    edge(
                        "λ = 0: el costo no cambia",
                        json!({"loss": 0.5, "w": [1.0, 2.0], "lambda": 0.0}),
                    ),
                    edge("sin pesos", json!({"loss": 0.5, "w": [], "lambda": 0.1})),
                    edge(
                        "w = 0",
                        json!({"loss": 0.7, "w": [0.0, 0.0], "lambda": 0.3}),
                    ),
                ]);
                cases
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "usaste λ ‖w‖ en lugar de λ ‖w‖²: el castigo es la suma de los cuadrados, Σ wᵢ², sin raíz",
                    answer: |i| decay_loss_with(i, |w| w.iter().map(|x| x * x).sum::<f64>().sqrt()),
                },
                Mistake {
                    diagnosis: "sumaste |wᵢ| (regularización L1): el decaimiento de pesos suma los cuadrados, λ Σ wᵢ²",
                    answer: |i| decay_loss_with(i, |w| w.iter().map(|x| x.abs()).sum()),
                },
                Mistake {
                    diagnosis: "sumaste los wᵢ sin elevarlos al cuadrado: C = C₀ + λ Σ wᵢ²",
                    answer: |i| decay_loss_with(i, |w| w.iter().sum()),
                },
                Mistake {
                    diagnosis: "sobra un ½: en este cuaderno C = C₀ + λ ‖w‖² (la forma de las diapositivas, que lo escriben L = L₀ + λ ‖w‖²), no C₀ + ½ λ ‖w‖²",
                    answer: |i| decay_loss_with(i, |w| 0.5 * w.iter().map(|x| x * x).sum::<f64>()),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "weight_decay_gradient",
            hidden: |rng, n| {
                (0..n)
                    .map(|_| {
                        let d = int(rng, 1, 5);
                        json!({
                            "grad": vector(rng, d, -1.0, 1.0),
                            "w": vector(rng, d, -2.0, 2.0),
                            "lambda": float(rng, 0.001, 0.5),
                        })
                    })
                    .collect()
            },
            boundary: |_| {
                [
                    edge(
                        "λ = 0: el gradiente no cambia",
                        json!({"grad": [0.5, -0.5], "w": [1.0, 2.0], "lambda": 0.0}),
                    ),
                    edge("sin pesos", json!({"grad": [], "w": [], "lambda": 0.1})),
                    edge(
                        "un solo peso",
                        json!({"grad": [0.25], "w": [-2.0], "lambda": 0.05}),
                    ),
                    edge(
                        "gradiente cero: sólo el decaimiento",
                        json!({"grad": [0.0, 0.0], "w": [3.0, -4.0], "lambda": 0.1}),
                    ),
                ]
                .into()
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "falta el 2: la derivada de λ wᵢ² es 2 λ wᵢ, así que ∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ",
                    answer: |i| decay_gradient_with(i, |g, w, l| g + l * w),
                },
                Mistake {
                    diagnosis: "el signo del término de decaimiento está invertido: ∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ",
                    answer: |i| decay_gradient_with(i, |g, w, l| g - 2.0 * l * w),
                },
                Mistake {
                    diagnosis: "devolviste sólo 2 λ wᵢ: falta sumarle el gradiente original ∂C₀/∂wᵢ",
                    answer: |i| decay_gradient_with(i, |_, w, l| 2.0 * l * w),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "dropout",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let d = int(rng, 1, 8);
                        let mut a = floats(rng, d, -2.0, 2.0);
                        if k == 3 {
                            a[0] = 0.0;
                        }
                        let keep_prob = match k {
                            0 | 3 => 0.5,
                            1 => 0.8,
                            2 => 1.0,
                            _ => float(rng, 0.3, 0.95),
                        };
                        let training = match k {
                            0 | 1 => false,
                            2 | 3 => true,
                            _ => rng.uniform() < 0.8,
                        };
                        json!({
                            "a": nums(&a),
                            "keep_prob": keep_prob,
                            "seed": rng.below(1_000_000),
                            "training": training,
                        })
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "sin entrenar, keep_prob = 0.5",
                    "sin entrenar, keep_prob = 0.8",
                    "entrenando con keep_prob = 1",
                    "entrenando, con un a = 0",
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "las neuronas que se conservan no se reescalaron: en dropout invertido valen aᵢ / keep_prob, para que el valor esperado no cambie",
                    answer: |i| dropout_with(i, DropoutFlaw::NotRescaled),
                },
                Mistake {
                    diagnosis: "multiplicaste por keep_prob en lugar de dividir: las neuronas que se conservan valen aᵢ / keep_prob",
                    answer: |i| dropout_with(i, DropoutFlaw::TimesKeepProb),
                },
                Mistake {
                    diagnosis: "la condición está al revés: la neurona se conserva cuando u < keep_prob (con probabilidad keep_prob) y se apaga en el resto",
                    answer: |i| dropout_with(i, DropoutFlaw::InvertedMask),
                },
                Mistake {
                    diagnosis: "aplicaste dropout en modo prueba: con training = false hay que devolver a sin cambios (y sin sortear números)",
                    answer: |i| dropout_with(i, DropoutFlaw::AtTestTime),
                },
                Mistake {
                    diagnosis: "en modo prueba sorteaste números al azar: con training = false no hay que llamar a rng (el resultado queda bien, pero cambia la secuencia del generador para todo lo que sigue)",
                    answer: |i| dropout_with(i, DropoutFlaw::DrawsAtTestTime),
                },
                Mistake {
                    diagnosis: "en modo prueba multiplicaste por keep_prob: eso es el dropout clásico; con dropout invertido el reescalado ya se hizo en entrenamiento y en prueba a queda sin cambios",
                    answer: |i| dropout_with(i, DropoutFlaw::ScaledAtTestTime),
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "early_stopping",
            hidden: early_stopping_inputs,
            boundary: |drawn| {
                drawn(&[
                    "el ejemplo del libro, paciencia 3",
                    "empates con la mejor pérdida",
                    "mejora siempre",
                    "una sola época",
                    "mejora en la última época",
                    "nunca mejora después de la primera",
                    "todas iguales",
                    "una mejora tardía",
                ])
            },
            mistakes: vec![
                Mistake {
                    diagnosis: "devolviste la época en que se detiene como la mejor: best_epoch es la de menor pérdida de validación (los pesos que conviene guardar), y stop_epoch = best_epoch + patience",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        let stop = early(&losses, patience, false);
                        // Only where it stops early: when it never stops,
                        // some write the last epoch as best and some do not.
                        stop.stopped.then(|| encode_stop(stop.stop, stop.stop))
                    },
                },
                Mistake {
                    diagnosis: "te detuviste una época tarde: apenas se cumplen `patience` épocas seguidas sin mejorar hay que parar (stop_epoch = best_epoch + patience; ¿usaste > en lugar de ==?)",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        let stop = early(&losses, patience + 1, false);
                        Some(encode_stop(stop.best, stop.stop))
                    },
                },
                Mistake {
                    diagnosis: "te detuviste una época antes: hay que esperar `patience` épocas seguidas sin mejorar (stop_epoch = best_epoch + patience)",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        if patience < 2 {
                            return None;
                        }
                        let stop = early(&losses, patience - 1, false);
                        Some(encode_stop(stop.best, stop.stop))
                    },
                },
                Mistake {
                    diagnosis: "un empate no es una mejora: una época mejora sólo si su pérdida es estrictamente menor que la mejor vista (con empates, best_epoch es la primera)",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        let stop = early(&losses, patience, true);
                        Some(encode_stop(stop.best, stop.stop))
                    },
                },
                Mistake {
                    diagnosis: "si la paciencia nunca se agota, stop_epoch es la última época, val_losses.len() − 1 (los índices empiezan en 0)",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        let stop = early(&losses, patience, false);
                        let last = if stop.stopped {
                            stop.stop
                        } else {
                            losses.len()
                        };
                        Some(encode_stop(stop.best, last))
                    },
                },
                Mistake {
                    diagnosis: "las épocas se numeran desde 0: la primera pérdida de val_losses es la época 0",
                    answer: |i| {
                        let (losses, patience) = early_args(i)?;
                        let stop = early(&losses, patience, false);
                        Some(encode_stop(stop.best + 1, stop.stop + 1))
                    },
                },
            ],
            property: None,
        },
        Spec {
            chapter: "generalization",
            id: "train_xor",
            hidden: |rng, n| {
                let offset = rng.below(XOR_RUNS.len());
                (0..n)
                    .map(|k| {
                        let run = &XOR_RUNS[(offset + k) % XOR_RUNS.len()];
                        json!({
                            "hidden": run.hidden,
                            "eta": run.eta,
                            "epochs": run.epochs,
                            "seed": rng.below(run.seeds as usize),
                        })
                    })
                    .collect()
            },
            boundary: |drawn| drawn(&["una corrida con semilla fija"]),
            mistakes: Vec::new(),
            property: Some(xor_property),
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

/// `v ← keep·β v + sign·η g` and `w ← w + v` (with the old v when `old_v`).
fn momentum_with(input: &Value, sign: f64, keep: f64, old_v: bool) -> Option<Value> {
    let w = vec_arg(input, "w").ok()?;
    let v = vec_arg(input, "velocity").ok()?;
    let g = vec_arg(input, "grad").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let beta = f64_arg(input, "beta").ok()?;
    if v.len() != w.len() || g.len() != w.len() {
        return None;
    }
    let new_v: Vec<f64> = v
        .iter()
        .zip(&g)
        .map(|(vi, gi)| keep * beta * vi + sign * eta * gi)
        .collect();
    let step = if old_v { &v } else { &new_v };
    let new_w: Vec<f64> = w.iter().zip(step).map(|(wi, vi)| wi + vi).collect();
    Some(json!({"w": nums(&new_w), "velocity": nums(&new_v)}))
}

// ---------------------------------------------------------------------------
// Adam and RMSprop
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum AdamFlaw {
    NoBiasCorrection,
    OldT,
    StaleT,
    GradNotSquared,
    Sign,
}

fn adam_with(input: &Value, flaw: AdamFlaw) -> Option<Value> {
    let w = vec_arg(input, "w").ok()?;
    let g = vec_arg(input, "grad").ok()?;
    let state = field(input, "state").ok()?;
    let m = vec_arg(state, "m").ok()?;
    let v = vec_arg(state, "v").ok()?;
    let t = u64_arg(state, "t").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let beta1 = f64_arg(input, "beta1").ok()?;
    let beta2 = f64_arg(input, "beta2").ok()?;
    let epsilon = f64_arg(input, "epsilon").ok()?;
    if [g.len(), m.len(), v.len()].iter().any(|&n| n != w.len()) {
        return None;
    }
    let new_t = t + 1;
    let correction_t = if flaw == AdamFlaw::OldT { t } else { new_t } as f64;
    let m: Vec<f64> = m
        .iter()
        .zip(&g)
        .map(|(mi, gi)| beta1 * mi + (1.0 - beta1) * gi)
        .collect();
    let v: Vec<f64> = v
        .iter()
        .zip(&g)
        .map(|(vi, gi)| {
            let g2 = if flaw == AdamFlaw::GradNotSquared {
                *gi
            } else {
                gi * gi
            };
            beta2 * vi + (1.0 - beta2) * g2
        })
        .collect();
    let (c1, c2) = if flaw == AdamFlaw::NoBiasCorrection {
        (1.0, 1.0)
    } else {
        (
            1.0 - beta1.powf(correction_t),
            1.0 - beta2.powf(correction_t),
        )
    };
    let sign = if flaw == AdamFlaw::Sign { 1.0 } else { -1.0 };
    let new_w: Vec<f64> = w
        .iter()
        .zip(m.iter().zip(&v))
        .map(|(wi, (mi, vi))| wi + sign * eta * (mi / c1) / ((vi / c2).sqrt() + epsilon))
        .collect();
    let returned_t = match flaw {
        AdamFlaw::OldT | AdamFlaw::StaleT => t,
        _ => new_t,
    };
    Some(json!({
        "w": nums(&new_w),
        "state": {"m": nums(&m), "v": nums(&v), "t": returned_t},
    }))
}

#[derive(Clone, Copy, PartialEq)]
enum RmsFlaw {
    GradNotSquared,
    OldCache,
    NoSqrt,
    RhoSwapped,
}

fn rmsprop_with(input: &Value, flaw: RmsFlaw) -> Option<Value> {
    let w = vec_arg(input, "w").ok()?;
    let g = vec_arg(input, "grad").ok()?;
    let s = vec_arg(input, "cache").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let rho = f64_arg(input, "rho").ok()?;
    let epsilon = f64_arg(input, "epsilon").ok()?;
    if g.len() != w.len() || s.len() != w.len() {
        return None;
    }
    let new_s: Vec<f64> = s
        .iter()
        .zip(&g)
        .map(|(si, gi)| match flaw {
            RmsFlaw::GradNotSquared => rho * si + (1.0 - rho) * gi,
            RmsFlaw::RhoSwapped => (1.0 - rho) * si + rho * gi * gi,
            _ => rho * si + (1.0 - rho) * gi * gi,
        })
        .collect();
    let divisor_s = if flaw == RmsFlaw::OldCache {
        &s
    } else {
        &new_s
    };
    let new_w: Vec<f64> = w
        .iter()
        .zip(g.iter().zip(divisor_s))
        .map(|(wi, (gi, si))| {
            let root = if flaw == RmsFlaw::NoSqrt {
                *si
            } else {
                si.sqrt()
            };
            wi - eta * gi / (root + epsilon)
        })
        .collect();
    Some(json!({"w": nums(&new_w), "cache": nums(&new_s)}))
}

// ---------------------------------------------------------------------------
// Weight decay and dropout
// ---------------------------------------------------------------------------

/// `C₀ + λ · penalty(w)`.
fn decay_loss_with(input: &Value, penalty: fn(&[f64]) -> f64) -> Option<Value> {
    let loss = f64_arg(input, "loss").ok()?;
    let w = vec_arg(input, "w").ok()?;
    let lambda = f64_arg(input, "lambda").ok()?;
    Some(num(loss + lambda * penalty(&w)))
}

fn decay_gradient_with(input: &Value, rule: fn(f64, f64, f64) -> f64) -> Option<Value> {
    let g = vec_arg(input, "grad").ok()?;
    let w = vec_arg(input, "w").ok()?;
    let lambda = f64_arg(input, "lambda").ok()?;
    if g.len() != w.len() {
        return None;
    }
    let out: Vec<f64> = g
        .iter()
        .zip(&w)
        .map(|(&gi, &wi)| rule(gi, wi, lambda))
        .collect();
    Some(nums(&out))
}

#[derive(Clone, Copy, PartialEq)]
enum DropoutFlaw {
    NotRescaled,
    TimesKeepProb,
    InvertedMask,
    AtTestTime,
    DrawsAtTestTime,
    ScaledAtTestTime,
}

/// The answer of a dropout with one flaw; None where the flaw does not
/// change anything (training-time flaws at test time and vice versa).
fn dropout_with(input: &Value, flaw: DropoutFlaw) -> Option<Value> {
    let a = vec_arg(input, "a").ok()?;
    let p = f64_arg(input, "keep_prob").ok()?;
    let seed = u64_arg(input, "seed").ok()?;
    let training = bool_arg(input, "training").ok()?;
    let test_time_flaw = matches!(
        flaw,
        DropoutFlaw::AtTestTime | DropoutFlaw::DrawsAtTestTime | DropoutFlaw::ScaledAtTestTime
    );
    if training == test_time_flaw {
        return None;
    }
    let mut rng = Rng::new(seed);
    let out: Vec<f64> = match flaw {
        DropoutFlaw::DrawsAtTestTime => a
            .iter()
            .map(|&ai| {
                rng.uniform();
                ai
            })
            .collect(),
        DropoutFlaw::ScaledAtTestTime => {
            return Some(dropout_output(
                &a.iter().map(|ai| ai * p).collect::<Vec<_>>(),
                0,
            ));
        }
        _ => a
            .iter()
            .map(|&ai| {
                let kept = rng.uniform() < p;
                match (flaw, kept) {
                    (DropoutFlaw::NotRescaled, true) => ai,
                    (DropoutFlaw::TimesKeepProb, true) => ai * p,
                    (DropoutFlaw::InvertedMask, false) => ai / p,
                    (DropoutFlaw::InvertedMask, true) => 0.0,
                    (_, true) => ai / p,
                    (_, false) => 0.0,
                }
            })
            .collect(),
    };
    Some(dropout_output(&out, a.len()))
}

fn dropout_output(a: &[f64], draws: usize) -> Value {
    json!({"a": nums(a), "draws": draws})
}

// ---------------------------------------------------------------------------
// Early stopping
// ---------------------------------------------------------------------------

fn early_stopping_inputs(rng: &mut Rng, n: usize) -> Vec<Value> {
    let fixed: [(&[f64], usize); 8] = [
        (&[0.90, 0.70, 0.60, 0.62, 0.59, 0.61, 0.63, 0.64], 3),
        (&[1.0, 0.8, 0.8, 0.8, 0.9, 0.7], 2),
        (&[0.9, 0.8, 0.7, 0.6], 2),
        (&[0.5], 1),
        (&[0.5, 0.6, 0.4], 1),
        (&[0.5, 0.6, 0.7, 0.8, 0.9], 2),
        (&[0.3, 0.3, 0.3, 0.3], 3),
        (&[0.8, 0.6, 0.65, 0.7, 0.55, 0.6, 0.62, 0.58, 0.61], 3),
    ];
    let mut inputs: Vec<Value> = fixed
        .iter()
        .map(|(losses, patience)| json!({"val_losses": losses, "patience": patience}))
        .collect();
    while inputs.len() < n {
        let len = int(rng, 1, 15);
        let mut loss = float(rng, 0.5, 1.5);
        let mut losses = Vec::with_capacity(len);
        for _ in 0..len {
            losses.push(loss);
            let r = rng.uniform();
            // Mostly down at first, then noisy; sometimes an exact tie.
            loss = if r < 0.2 {
                loss
            } else {
                ((loss * (1.0 + rng.uniform_range(-0.2, 0.15))) * 100.0).round() / 100.0
            };
        }
        inputs.push(json!({"val_losses": losses, "patience": int(rng, 1, 4)}));
    }
    inputs.truncate(n.max(fixed.len()));
    inputs
}

fn early_args(input: &Value) -> Option<(Vec<f64>, usize)> {
    let losses = vec_arg(input, "val_losses").ok()?;
    if losses.is_empty() {
        return None;
    }
    Some((losses, usize_arg(input, "patience").ok()?))
}

struct Stop {
    best: usize,
    stop: usize,
    stopped: bool,
}

/// Early stopping with the given patience; `ties_improve` counts an equal
/// loss as an improvement.
fn early(losses: &[f64], patience: usize, ties_improve: bool) -> Stop {
    let mut best = 0;
    let mut best_loss = f64::INFINITY;
    for (epoch, &loss) in losses.iter().enumerate() {
        let improves = loss < best_loss || (ties_improve && loss == best_loss);
        if epoch == 0 || improves {
            best = epoch;
            best_loss = loss;
        }
        if epoch - best == patience {
            return Stop {
                best,
                stop: epoch,
                stopped: true,
            };
        }
    }
    Stop {
        best,
        stop: losses.len().saturating_sub(1),
        stopped: false,
    }
}

fn encode_stop(best: usize, stop: usize) -> Value {
    json!({"best_epoch": best, "stop_epoch": stop})
}
