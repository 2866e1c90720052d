//! Early stopping and the XOR training loop (see `xor_training.rs`).

use super::*;

pub fn specs() -> Vec<Spec> {
    vec![
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
