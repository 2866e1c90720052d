//! Hidden cases and known mistakes of the `backprop` chapter.
//!
//! Every exercise gets reference inputs: `backprop` receives a network and
//! the activations of a forward pass computed here, so a wrong forward pass
//! elsewhere cannot fail it. `numerical_gradient` receives a function named
//! by the input (see `objective` in `harness/chapters/backprop.rs`).

pub mod neuron;

use ndarray::{Array1, Array2};
use nncore::{Mlp, Rng};
use serde_json::{Value, json};

use crate::course::generate::named;
use crate::course::generate::{float, floats, int, mistakes, vector};
use crate::spec::Spec;
use crate::wire::{self, f64_arg, field, nums, vec_arg};

/// The chapter's other exercises; the two one-neuron ones are in
/// `backprop_neuron.rs`.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "backprop",
            id: "gradient_descent_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let d = int(rng, 1, 5);
                        let mut grads = floats(rng, d, -1.0, 1.0);
                        if k == 0 {
                            grads[0] = 0.0;
                        }
                        json!({
                            "params": vector(rng, d, -2.0, 2.0),
                            "grads": wire::nums(&grads),
                            "eta": float(rng, 0.01, 0.9),
                        })
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "η = 0: nada cambia",
                        json!({"params": [1.0, -2.0], "grads": [0.5, 0.25], "eta": 0.0}),
                    ),
                    (
                        "gradiente cero",
                        json!({"params": [0.3, 0.7], "grads": [0.0, 0.0], "eta": 0.5}),
                    ),
                    (
                        "un solo parámetro",
                        json!({"params": [1.0], "grads": [-0.0125155], "eta": 0.1}),
                    ),
                    (
                        "ningún parámetro",
                        json!({"params": [], "grads": [], "eta": 0.1}),
                    ),
                ])
            },
            mistakes: mistakes![step_with;
                |theta, g, eta| theta + eta * g => "el signo de la actualización está invertido: para bajar el costo hay que ir contra el gradiente, θ ← θ − η ∂C/∂θ",
                |theta, g, eta| theta - eta * eta * g => "aplicaste η dos veces: el paso es θ − η ∂C/∂θ, no θ − η² ∂C/∂θ",
                |theta, g, _| theta - g => "falta multiplicar el gradiente por la tasa de aprendizaje: θ ← θ − η ∂C/∂θ",
                |_, g, eta| -eta * g => "devolviste sólo el paso −η ∂C/∂θ: falta sumárselo a los parámetros, θ ← θ − η ∂C/∂θ",
            ],
            property: None,
        },
        Spec {
            chapter: "backprop",
            id: "backprop",
            hidden: |rng, n| {
                // Square layers first: with them a missing transpose gives a
                // wrong answer (and a diagnosis) instead of a shape panic.
                let fixed: [&[usize]; 4] = [&[2, 3, 3], &[3, 3, 3, 3], &[2, 1], &[1, 2, 2, 1]];
                (0..n)
                    .map(|k| match fixed.get(k) {
                        Some(sizes) => network_input(rng, sizes),
                        None => {
                            let depth = int(rng, 1, 3);
                            let sizes: Vec<usize> = (0..=depth).map(|_| int(rng, 1, 4)).collect();
                            network_input(rng, &sizes)
                        }
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "capas cuadradas 2-3-3",
                    "capas cuadradas 3-3-3-3",
                    "una sola capa 2-1",
                    "anchos de 1 en los extremos 1-2-2-1",
                ])
            },
            mistakes: mistakes![backprop_with;
                Flaw::SigmaPrimeOfActivation => "aplicaste σ' a la activación: σ'(a[l]) = σ(a[l])(1 − σ(a[l])) usa a donde iba z; como a[l] = σ(z[l]) ya está calculada, σ'(z[l]) = a[l] ⊙ (1 − a[l])",
                Flaw::NotTransposed => "falta transponer W al propagar el error hacia atrás: δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l]) (con W sin transponer sólo «encaja» cuando las capas tienen el mismo ancho)",
                Flaw::NoSigmaPrimeInHiddenLayers => "en las capas ocultas falta multiplicar por σ'(z[l]): δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ a[l] ⊙ (1 − a[l])",
                Flaw::NoSigmaPrime => "falta σ'(z) en todas las capas: con error cuadrático δ[L] = (a[L] − y) ⊙ a[L] ⊙ (1 − a[L]), y cada capa oculta también multiplica por a[l] ⊙ (1 − a[l])",
                Flaw::NotPropagated => "el error δ no se propagó: las capas ocultas quedaron con gradiente cero; calculá δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l]) desde la salida hacia la entrada",
                Flaw::NotReversed => "los gradientes están en orden inverso: los calculaste de la salida hacia la entrada, pero weights[0] y biases[0] tienen que ser los de la capa 1 (dalos vuelta al final)",
                Flaw::OuterTransposed => "∂C/∂W[l] quedó transpuesta: es δ[l] a[l−1]ᵀ (una fila por neurona de la capa l, una columna por entrada), de la misma forma que W[l]",
            ],
            property: None,
        },
        Spec {
            chapter: "backprop",
            id: "numerical_gradient",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        // Edge cases first: each kind, with products between
                        // coordinates so that every mistake shows.
                        let kind = match k {
                            0 | 3 => "quadratic",
                            1 => "sines",
                            2 => "neuron_cost",
                            _ => ["quadratic", "sines", "neuron_cost"][rng.below(3)],
                        };
                        let size = if k < 3 { 3 } else { int(rng, 1, 4) };
                        let h = [1e-1, 1e-2, 1e-3, 1e-4][if k < 3 { k } else { rng.below(4) }];
                        function_input(rng, kind, size, h)
                    })
                    .collect()
            },
            boundary: |drawn| {
                drawn(&[
                    "cuadrática, h = 0.1",
                    "senos, h = 0.01",
                    "costo de una neurona, h = 0.001",
                    "cuadrática, h = 0.0001",
                ])
            },
            mistakes: mistakes![numerical_with;
                Difference::Forward => "usaste diferencias hacia adelante, (f(θ + h eᵢ) − f(θ))/h: hay que usar diferencias centrales, (f(θ + h eᵢ) − f(θ − h eᵢ))/(2h), que son mucho más precisas",
                Difference::OverH => "dividiste por h en lugar de por 2h: entre θ − h eᵢ y θ + h eᵢ hay una distancia 2h",
                Difference::Precedence => "cuidado con la precedencia: `/ 2.0 * h` divide por 2 y después multiplica por h; escribí `/ (2.0 * h)`",
                Difference::NotRestored => "no devolviste θᵢ a su valor después de moverlo: cada derivada parcial se calcula moviendo sólo θᵢ, con todos los demás parámetros en su valor original",
            ],
            property: None,
        },
    ]
}

pub(super) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `ln(1 + eᵗ)`, finite for every `t`.
pub(super) fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// Round to 3 decimals, so inputs read well in a report.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(super) fn bit(rng: &mut Rng) -> f64 {
    if rng.uniform() < 0.5 { 0.0 } else { 1.0 }
}

/// `gradient_descent_step` with its update rule replaced by `rule(θ, g, η)`.
fn step_with(input: &Value, rule: fn(f64, f64, f64) -> f64) -> Option<Value> {
    let params = vec_arg(input, "params").ok()?;
    let grads = vec_arg(input, "grads").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    if params.len() != grads.len() {
        return None;
    }
    let out: Vec<f64> = params
        .iter()
        .zip(&grads)
        .map(|(&t, &g)| rule(t, g, eta))
        .collect();
    Some(nums(&out))
}

// ---------------------------------------------------------------------------
// A whole network
// ---------------------------------------------------------------------------

/// A random sigmoid network with layers `sizes`, an input and a {0, 1}
/// target, and the activations of its forward pass (computed here).
fn network_input(rng: &mut Rng, sizes: &[usize]) -> Value {
    let mut net = Mlp::random(sizes, rng);
    for w in &mut net.weights {
        w.mapv_inplace(round3);
    }
    for b in &mut net.biases {
        *b = Array1::from(floats(rng, b.len(), -0.5, 0.5));
    }
    let x = Array1::from(floats(rng, sizes[0], -2.0, 2.0));
    let activations = forward(&net, x);
    let outputs = sizes.last().copied().unwrap_or(0);
    let y: Vec<f64> = (0..outputs).map(|_| bit(rng)).collect();
    json!({
        "net": wire::mlp(&net),
        "activations": wire::arrays1(&activations),
        "y": nums(&y),
    })
}

/// `a[0] = x`, `a[l] = σ(W[l] a[l−1] + b[l])`.
fn forward(net: &Mlp, x: Array1<f64>) -> Vec<Array1<f64>> {
    let mut activations = vec![x];
    for (w, b) in net.weights.iter().zip(&net.biases) {
        let last = &activations[activations.len() - 1];
        let next = (w.dot(last) + b).mapv(sigmoid);
        activations.push(next);
    }
    activations
}

#[derive(Clone, Copy, PartialEq)]
enum Flaw {
    SigmaPrimeOfActivation,
    NotTransposed,
    NoSigmaPrimeInHiddenLayers,
    NoSigmaPrime,
    NotPropagated,
    OuterTransposed,
    NotReversed,
}

/// What `backprop` returns with one flaw (None where the flaw cannot run,
/// e.g. a missing transpose on layers of different widths).
fn backprop_with(input: &Value, flaw: Flaw) -> Option<Value> {
    let net = wire::as_mlp(field(input, "net").ok()?).ok()?;
    let net = Mlp::new(net.weights, net.biases).ok()?;
    let activations = wire::as_arrays1(field(input, "activations").ok()?).ok()?;
    let y = wire::array1_arg(input, "y").ok()?;
    let depth = net.depth();
    let sizes = net.layer_sizes();
    let fits = activations.len() == depth + 1
        && activations.iter().zip(&sizes).all(|(a, &n)| a.len() == n)
        && sizes.last() == Some(&y.len());
    if depth == 0 || !fits {
        return None;
    }
    let sigma_prime = |a: &Array1<f64>, hidden: bool| -> Array1<f64> {
        match flaw {
            Flaw::SigmaPrimeOfActivation => a.mapv(|v| sigmoid(v) * (1.0 - sigmoid(v))),
            Flaw::NoSigmaPrime => a.mapv(|_| 1.0),
            Flaw::NoSigmaPrimeInHiddenLayers if hidden => a.mapv(|_| 1.0),
            _ => a.mapv(|v| v * (1.0 - v)),
        }
    };
    let mut delta = (&activations[depth] - &y) * sigma_prime(&activations[depth], false);
    let mut weights = Vec::new();
    let mut biases = Vec::new();
    for l in (1..=depth).rev() {
        let a_prev = &activations[l - 1];
        weights.push(if flaw == Flaw::OuterTransposed {
            outer(a_prev, &delta)
        } else {
            outer(&delta, a_prev)
        });
        biases.push(delta.clone());
        if l > 1 {
            let w = &net.weights[l - 1];
            let back = if flaw == Flaw::NotTransposed {
                if !w.is_square() {
                    return None;
                }
                w.dot(&delta)
            } else {
                w.t().dot(&delta)
            };
            delta = if flaw == Flaw::NotPropagated {
                Array1::zeros(a_prev.len())
            } else {
                back * sigma_prime(a_prev, true)
            };
        }
    }
    if flaw != Flaw::NotReversed {
        weights.reverse();
        biases.reverse();
    }
    Some(json!({
        "weights": weights.iter().map(wire::array2).collect::<Vec<_>>(),
        "biases": wire::arrays1(&biases),
    }))
}

fn outer(u: &Array1<f64>, v: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((u.len(), v.len()), |(i, j)| u[i] * v[j])
}

// ---------------------------------------------------------------------------
// Numerical gradient
// ---------------------------------------------------------------------------

/// `{function, params, h}` for a function of the family that the dispatch
/// knows, with `size` parameters.
fn function_input(rng: &mut Rng, kind: &str, size: usize, h: f64) -> Value {
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    let function = match kind {
        "quadratic" => {
            let a: Vec<Vec<f64>> = (0..size)
                .map(|_| {
                    floats(rng, size, -2.0, 2.0)
                        .into_iter()
                        .map(round1)
                        .collect()
                })
                .collect();
            json!({"kind": "quadratic", "a": a, "c": vector(rng, size, -2.0, 2.0)})
        }
        "sines" => json!({
            "kind": "sines",
            "a": vector(rng, size, -2.0, 2.0),
            "k": vector(rng, size, 0.5, 3.0),
            "c": float(rng, 0.2, 1.0),
        }),
        _ => {
            let y = bit(rng);
            json!({
                "kind": "neuron_cost",
                "x": vector(rng, size.saturating_sub(1).max(1), -2.0, 2.0),
                "y": y,
            })
        }
    };
    let size = match kind {
        "neuron_cost" => size.max(2),
        _ => size,
    };
    json!({
        "function": function,
        "params": vector(rng, size, -2.0, 2.0),
        "h": h,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Difference {
    Forward,
    OverH,
    Precedence,
    NotRestored,
}

/// Without the reference (the student edition) these mistakes are not
/// diagnosed: the objectives are decoded by the harness dispatch, which
/// is compiled here only against the solutions.
#[cfg(not(feature = "reference"))]
fn numerical_with(_: &Value, _: Difference) -> Option<Value> {
    None
}

#[cfg(feature = "reference")]
fn numerical_with(input: &Value, kind: Difference) -> Option<Value> {
    let f = crate::reference::backprop::objective(field(input, "function").ok()?).ok()?;
    let params = vec_arg(input, "params").ok()?;
    let h = f64_arg(input, "h").ok()?;
    let mut theta = params.clone();
    let mut grad = Vec::with_capacity(params.len());
    for i in 0..params.len() {
        let g = match kind {
            Difference::Forward => {
                let base = f(&theta);
                theta[i] = params[i] + h;
                let plus = f(&theta);
                theta[i] = params[i];
                (plus - base) / h
            }
            Difference::OverH | Difference::Precedence => {
                theta[i] = params[i] + h;
                let plus = f(&theta);
                theta[i] = params[i] - h;
                let minus = f(&theta);
                theta[i] = params[i];
                if kind == Difference::OverH {
                    (plus - minus) / h
                } else {
                    (plus - minus) / 2.0 * h
                }
            }
            Difference::NotRestored => {
                theta[i] += h;
                let plus = f(&theta);
                theta[i] -= 2.0 * h;
                let minus = f(&theta);
                (plus - minus) / (2.0 * h)
            }
        };
        grad.push(g);
    }
    Some(nums(&grad))
}
