//! The optimizers: momentum, Adam, RMSProp.

use super::*;
use crate::course::generate::mistakes;

pub fn specs() -> Vec<Spec> {
    vec![
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
            mistakes: mistakes![adam_with;
                AdamFlaw::NoBiasCorrection => "falta la corrección de sesgo: m̂ = m / (1 − β₁ᵗ) y v̂ = v / (1 − β₂ᵗ), con el t ya incrementado; sin ella los primeros pasos son demasiado chicos o grandes",
                AdamFlaw::OldT => "t no se incrementó: en cada paso t ← t + 1 antes de corregir el sesgo (en el primer paso t = 1, y 1 − β₁⁰ = 0 divide por cero)",
                AdamFlaw::StaleT => "el w está bien, pero el estado que devolviste conserva el t viejo: guardá t + 1 en el estado nuevo",
                AdamFlaw::GradNotSquared => "el promedio v es de los cuadrados del gradiente: v ← β₂ v + (1 − β₂) g², no (1 − β₂) g",
                AdamFlaw::Sign => "el signo del paso está invertido: w ← w − η m̂ / (√v̂ + ε)",
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
            mistakes: mistakes![rmsprop_with;
                RmsFlaw::GradNotSquared => "el promedio s es de los cuadrados del gradiente: s ← ρ s + (1 − ρ) g², no (1 − ρ) g",
                RmsFlaw::OldCache => "dividiste por la s vieja: primero s ← ρ s + (1 − ρ) g² y después w ← w − η g / (√s + ε) con la s nueva",
                RmsFlaw::NoSqrt => "falta la raíz cuadrada: w ← w − η g / (√s + ε)",
                RmsFlaw::RhoSwapped => "intercambiaste ρ y 1 − ρ: s ← ρ s + (1 − ρ) g² (ρ, cerca de 1, pesa la historia)",
            ],
            property: None,
        },
    ]
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
