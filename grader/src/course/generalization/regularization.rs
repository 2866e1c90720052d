//! Regularization: weight decay and dropout.

use super::*;
use crate::course::generate::mistakes;

pub fn specs() -> Vec<Spec> {
    vec![
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
            mistakes: mistakes![decay_loss_with;
                |w| w.iter().map(|x| x * x).sum::<f64>().sqrt() => "usaste λ ‖w‖ en lugar de λ ‖w‖²: el castigo es la suma de los cuadrados, Σ wᵢ², sin raíz",
                |w| w.iter().map(|x| x.abs()).sum() => "sumaste |wᵢ| (regularización L1): el decaimiento de pesos suma los cuadrados, λ Σ wᵢ²",
                |w| w.iter().sum() => "sumaste los wᵢ sin elevarlos al cuadrado: C = C₀ + λ Σ wᵢ²",
                |w| 0.5 * w.iter().map(|x| x * x).sum::<f64>() => "sobra un ½: en este cuaderno C = C₀ + λ ‖w‖² (la forma de las diapositivas, que lo escriben L = L₀ + λ ‖w‖²), no C₀ + ½ λ ‖w‖²",
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
            mistakes: mistakes![decay_gradient_with;
                |g, w, l| g + l * w => "falta el 2: la derivada de λ wᵢ² es 2 λ wᵢ, así que ∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ",
                |g, w, l| g - 2.0 * l * w => "el signo del término de decaimiento está invertido: ∂C/∂wᵢ = ∂C₀/∂wᵢ + 2 λ wᵢ",
                |_, w, l| 2.0 * l * w => "devolviste sólo 2 λ wᵢ: falta sumarle el gradiente original ∂C₀/∂wᵢ",
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
            mistakes: mistakes![dropout_with;
                DropoutFlaw::NotRescaled => "las neuronas que se conservan no se reescalaron: en dropout invertido valen aᵢ / keep_prob, para que el valor esperado no cambie",
                DropoutFlaw::TimesKeepProb => "multiplicaste por keep_prob en lugar de dividir: las neuronas que se conservan valen aᵢ / keep_prob",
                DropoutFlaw::InvertedMask => "la condición está al revés: la neurona se conserva cuando u < keep_prob (con probabilidad keep_prob) y se apaga en el resto",
                DropoutFlaw::AtTestTime => "aplicaste dropout en modo prueba: con training = false hay que devolver a sin cambios (y sin sortear números)",
                DropoutFlaw::DrawsAtTestTime => "en modo prueba sorteaste números al azar: con training = false no hay que llamar a rng (el resultado queda bien, pero cambia la secuencia del generador para todo lo que sigue)",
                DropoutFlaw::ScaledAtTestTime => "en modo prueba multiplicaste por keep_prob: eso es el dropout clásico; con dropout invertido el reescalado ya se hizo en entrenamiento y en prueba a queda sin cambios",
            ],
            property: None,
        },
    ]
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
