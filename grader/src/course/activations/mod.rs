//! Hidden cases and known mistakes of the `activations` chapter.

use nncore::Rng;
use serde_json::{Value, json};

use crate::course::generate::{float, floats, int, mistakes};
use crate::spec::{Mistake, Spec};
use crate::wire::{f64_arg, num, vec_arg};

/// The clipping margin of `cross_entropy_cost`, as the stub states it.
const CLIP: f64 = 1e-12;

const NO_CLIP: &str = "no recortaste ŷ antes del logaritmo: con ŷ exactamente 0 o 1 sale ln(0) = −∞ (y 0·(−∞) da NaN); recortá ŷ al intervalo [1e-12, 1 − 1e-12] antes de calcular los logaritmos";
const OTHER_CLIP: &str = "recortaste ŷ con otro margen: el enunciado pide el intervalo [1e-12, 1 − 1e-12] (ni 1e-7, ni 1e-15, ni f64::EPSILON), y el resultado cambia justo cuando ŷ vale 0 o 1";

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "activations",
            id: "sigmoid",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("sigmoid"),
            mistakes: mistakes![at_z;
                |z| 1.0 / (1.0 + z.exp()) => "el signo del exponente está al revés: σ(z) = 1 / (1 + e^(−z)); con e^(+z) obtenés σ(−z) = 1 − σ(z)",
                |z| 1.0 + (-z).exp() => "te olvidaste de invertir: σ(z) = 1 / (1 + e^(−z)), no 1 + e^(−z)",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "sigmoid_derivative",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("sigmoid_derivative"),
            mistakes: mistakes![at_z;
                sigmoid => "devolviste σ(z), no su derivada: σ'(z) = σ(z) (1 − σ(z))",
                |z| z * (1.0 - z) => "aplicaste la fórmula a z en lugar de a σ(z): la función recibe z, así que primero calculá s = σ(z) y después devolvé s (1 − s)",
                |z| 1.0 - sigmoid(z).powi(2) => "usaste 1 − σ(z)², que es la forma de la derivada de tanh; la de la sigmoide es σ(z) (1 − σ(z))",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "tanh",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("tanh"),
            mistakes: mistakes![at_z;
                |z| -z.tanh() => "el numerador está al revés: tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)); obtuviste −tanh(z)",
                |z| z.exp() - (-z).exp() => "falta dividir por e^z + e^(−z): tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
                sigmoid => "devolviste la sigmoide σ(z); tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)) va de −1 a 1",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "tanh_derivative",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("tanh_derivative"),
            mistakes: mistakes![at_z;
                |z| 1.0 - z.tanh() => "te falta elevar al cuadrado: tanh'(z) = 1 − tanh²(z), no 1 − tanh(z)",
                |z| 1.0 - z * z => "aplicaste la fórmula a z en lugar de a tanh(z): primero calculá t = tanh(z) y después devolvé 1 − t²",
                |z| z.tanh() * (1.0 - z.tanh()) => "usaste t (1 − t), que es la forma de la derivada de la sigmoide; la de tanh es 1 − tanh²(z)",
                f64::tanh => "devolviste tanh(z), no su derivada: tanh'(z) = 1 − tanh²(z)",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "relu",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("relu"),
            mistakes: mistakes![at_z;
                |z| z => "no recortaste los negativos: ReLU es max(0, z), así que para z < 0 vale 0",
                |z| if z > 0.0 { 1.0 } else { 0.0 } => "devolviste la derivada (1 o 0): ReLU devuelve el mismo z cuando z > 0, y 0 si no",
                |z| z.min(0.0) => "usaste min en lugar de max: ReLU es max(0, z), deja pasar los positivos y anula los negativos",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "relu_derivative",
            hidden: |rng, n| z_cases(rng, n),
            boundary: |_| edges("relu_derivative"),
            mistakes: mistakes![at_z;
                |z| if z >= 0.0 { 1.0 } else { 0.0 } => "en z = 0 la derivada de ReLU vale 0 en este cuaderno: la condición es z > 0, no z ≥ 0",
                |z| if z > 0.0 { 1.0 } else if z == 0.0 { 0.5 } else { 0.0 } => "en z = 0 usamos 0, no ½: la derivada es 1 si z > 0 y 0 si no",
                |z| z.max(0.0) => "devolviste ReLU(z) y no su derivada: vale 1 si z > 0 y 0 si no, sin importar cuán grande sea z",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "leaky_relu",
            hidden: |rng, n| leaky_cases(rng, n),
            boundary: |_| edges("leaky_relu"),
            mistakes: mistakes![at_z_alpha;
                |z, a| if z > 0.0 { a * z } else { z } => "aplicaste la pendiente α del lado equivocado: para z > 0 se devuelve z tal cual, y α·z va cuando z ≤ 0",
                |z, _| z.max(0.0) => "te olvidaste de α: para z ≤ 0 leaky ReLU da α·z, no 0 (eso es la ReLU común)",
                |z, a| if z > 0.0 { z } else { a } => "para z ≤ 0 devolviste α; leaky ReLU da α·z (α multiplica a z)",
                |z, _| if z > 0.0 { z } else { 0.01 * z } => "usaste una pendiente fija de 0.01: la pendiente es el parámetro `alpha` que recibe la función",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "leaky_relu_derivative",
            hidden: |rng, n| leaky_cases(rng, n),
            boundary: |_| edges("leaky_relu_derivative"),
            mistakes: mistakes![at_z_alpha;
                |z, a| if z >= 0.0 { 1.0 } else { a } => "en z = 0 la derivada vale α en este cuaderno: la condición es z > 0, no z ≥ 0",
                |z, a| if z > 0.0 { a } else { 1.0 } => "aplicaste la pendiente α del lado equivocado: la derivada es 1 si z > 0 y α si z ≤ 0",
                |z, _| if z > 0.0 { 1.0 } else { 0.0 } => "te olvidaste de α: para z ≤ 0 la derivada de leaky ReLU es α, no 0 (eso es la derivada de la ReLU común)",
                |z, a| if z > 0.0 { 1.0 } else { a * z } => "para z ≤ 0 devolviste α·z, que es leaky ReLU; su derivada ahí es α, una constante",
                |z, _| if z > 0.0 { 1.0 } else { 0.01 } => "usaste una pendiente fija de 0.01: la pendiente es el parámetro `alpha` que recibe la función",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "squared_error_cost",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        // Sizes 1 to 9, with every third case at least 3 long
                        // so that ½ and 1/m can be told apart.
                        let m = if k.is_multiple_of(3) {
                            int(rng, 3, 9)
                        } else {
                            int(rng, 1, 9)
                        };
                        json!({
                            "y": floats(rng, m, -3.0, 3.0),
                            "y_hat": floats(rng, m, -3.0, 3.0),
                        })
                    })
                    .collect()
            },
            boundary: |_| edges("squared_error_cost"),
            mistakes: mistakes![cost;
                |y, p| sum_sq(y, p) / y.len() as f64 => "te olvidaste del ½: J = 1/(2m) Σ (yᵢ − ŷᵢ)², así que obtuviste el doble",
                |y, p| sum_sq(y, p) / 2.0 => "te olvidaste de dividir por m: el costo es un promedio, J = 1/(2m) Σ (yᵢ − ŷᵢ)², no ½ de la suma",
                sum_sq => "devolviste la suma Σ (yᵢ − ŷᵢ)² sin el factor 1/(2m): dividí por 2m",
                |y, p| y.iter().zip(p).map(|(a, b)| a - b).sum::<f64>() / (2.0 * y.len() as f64) => "te olvidaste de elevar al cuadrado cada diferencia: J = 1/(2m) Σ (yᵢ − ŷᵢ)²",
                |y, p| y.iter().zip(p).map(|(a, b)| a - b).sum::<f64>().powi(2) / (2.0 * y.len() as f64) => "elevaste al cuadrado la suma de las diferencias: hay que elevar al cuadrado cada (yᵢ − ŷᵢ) y después sumar",
            ],
            property: None,
        },
        Spec {
            chapter: "activations",
            id: "cross_entropy_cost",
            hidden: |rng, n| (0..n).map(|k| cross_entropy_case(rng, k)).collect(),
            boundary: |_| edges("cross_entropy_cost"),
            mistakes: vec![
                Mistake {
                    diagnosis: "te olvidaste del signo menos: J = −1/m Σ [yᵢ ln ŷᵢ + (1 − yᵢ) ln(1 − ŷᵢ)]; sin él el costo sale negativo",
                    answer: |i| cost(i, |y, p| -cross_entropy(y, p, CLIP, f64::ln)),
                },
                Mistake {
                    diagnosis: "usaste log10: la entropía cruzada usa el logaritmo natural, `ln()` en Rust",
                    answer: |i| cost(i, |y, p| cross_entropy(y, p, CLIP, f64::log10)),
                },
                Mistake {
                    diagnosis: "te olvidaste de dividir por m: el costo es el promedio sobre los m ejemplos, no la suma",
                    answer: |i| {
                        cost(i, |y, p| {
                            y.len() as f64 * cross_entropy(y, p, CLIP, f64::ln)
                        })
                    },
                },
                Mistake {
                    diagnosis: "te falta el término (1 − yᵢ) ln(1 − ŷᵢ): sin él, los ejemplos con etiqueta 0 no cuestan nada",
                    answer: |i| {
                        cost(i, |y, p| {
                            -y.iter()
                                .zip(p)
                                .map(|(yi, pi)| yi * pi.clamp(CLIP, 1.0 - CLIP).ln())
                                .sum::<f64>()
                                / y.len() as f64
                        })
                    },
                },
                Mistake {
                    diagnosis: NO_CLIP,
                    answer: |i| cost(i, |y, p| cross_entropy(y, p, 0.0, f64::ln)),
                },
                Mistake {
                    // The same mistake written with one logarithm per label.
                    diagnosis: NO_CLIP,
                    answer: |i| {
                        cost(i, |y, p| {
                            -y.iter()
                                .zip(p)
                                .map(|(&yi, &pi)| if yi == 1.0 { pi.ln() } else { (1.0 - pi).ln() })
                                .sum::<f64>()
                                / y.len() as f64
                        })
                    },
                },
                Mistake {
                    diagnosis: OTHER_CLIP,
                    answer: |i| cost(i, |y, p| cross_entropy(y, p, 1e-7, f64::ln)),
                },
                Mistake {
                    diagnosis: OTHER_CLIP,
                    answer: |i| cost(i, |y, p| cross_entropy(y, p, 1e-15, f64::ln)),
                },
                Mistake {
                    diagnosis: OTHER_CLIP,
                    answer: |i| cost(i, |y, p| cross_entropy(y, p, f64::EPSILON, f64::ln)),
                },
            ],
            property: None,
        },
    ]
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Random values of z (the edges, z = 0 and large |z|, are boundary cases).
fn z_cases(rng: &mut Rng, n: usize) -> Vec<Value> {
    let mut zs: Vec<f64> = Vec::new();
    while zs.len() < n {
        // Mostly moderate values, some large ones (|z| ≤ 30).
        let wide = zs.len().is_multiple_of(4);
        zs.push(if wide {
            float(rng, -30.0, 30.0)
        } else {
            float(rng, -6.0, 6.0)
        });
    }
    zs.into_iter().map(|z| json!({ "z": z })).collect()
}

/// Both signs, and slopes other than the usual 0.01 (z = 0 is a boundary case).
fn leaky_cases(rng: &mut Rng, n: usize) -> Vec<Value> {
    let mut cases = vec![json!({"z": 0.0, "alpha": float(rng, 0.02, 0.3)})];
    while cases.len() < n {
        let z = if cases.len().is_multiple_of(2) {
            float(rng, -8.0, -0.001)
        } else {
            float(rng, -8.0, 8.0)
        };
        cases.push(json!({"z": z, "alpha": float(rng, 0.02, 0.5)}));
    }
    cases
}

/// Labels in {0, 1}; predictions inside (0, 1), with some exactly 0 or 1
/// (both right and wrong) in every other case.
fn cross_entropy_case(rng: &mut Rng, k: usize) -> Value {
    let m = if k.is_multiple_of(3) {
        int(rng, 3, 8)
    } else {
        int(rng, 1, 8)
    };
    let y: Vec<f64> = (0..m)
        .map(|_| if rng.uniform() < 0.5 { 0.0 } else { 1.0 })
        .collect();
    let mut y_hat = floats(rng, m, 0.001, 0.999);
    if k % 2 == 1 {
        for p in y_hat.iter_mut() {
            match int(rng, 0, 3) {
                0 => *p = 0.0,
                1 => *p = 1.0,
                _ => {}
            }
        }
    }
    json!({ "y": y, "y_hat": y_hat })
}

fn at_z(input: &Value, f: fn(f64) -> f64) -> Option<Value> {
    Some(num(f(f64_arg(input, "z").ok()?)))
}

fn at_z_alpha(input: &Value, f: fn(f64, f64) -> f64) -> Option<Value> {
    Some(num(f(
        f64_arg(input, "z").ok()?,
        f64_arg(input, "alpha").ok()?,
    )))
}

fn cost(input: &Value, f: fn(&[f64], &[f64]) -> f64) -> Option<Value> {
    let y = vec_arg(input, "y").ok()?;
    let y_hat = vec_arg(input, "y_hat").ok()?;
    (!y.is_empty() && y.len() == y_hat.len()).then(|| num(f(&y, &y_hat)))
}

fn sum_sq(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum()
}

/// Mean binary cross-entropy with ŷ clipped to `[clip, 1 − clip]` (no
/// clipping when `clip` is 0) and the logarithm `log`.
fn cross_entropy(y: &[f64], y_hat: &[f64], clip: f64, log: fn(f64) -> f64) -> f64 {
    let sum: f64 = y
        .iter()
        .zip(y_hat)
        .map(|(&yi, &pi)| {
            let p = if clip > 0.0 {
                pi.clamp(clip, 1.0 - clip)
            } else {
                pi
            };
            yi * log(p) + (1.0 - yi) * log(1.0 - p)
        })
        .sum();
    -sum / y.len() as f64
}

/// The boundary cases of each activation and cost.
fn edges(id: &str) -> Vec<(String, Value)> {
    let zs: &[(&str, f64)] = match id {
        "relu" | "relu_derivative" => &[
            ("z = 0", 0.0),
            ("z = −0", -0.0),
            ("z positivo chico", 1e-3),
            ("z negativo chico", -1e-3),
            ("z = 4", 4.0),
            ("z = −4", -4.0),
        ],
        "sigmoid" | "sigmoid_derivative" | "tanh" | "tanh_derivative" => &[
            ("z = 0", 0.0),
            ("z = 2, el de la diapositiva", 2.0),
            ("z = −2", -2.0),
            ("z = 1", 1.0),
            ("z = 30: saturada", 30.0),
            ("z = −30: saturada", -30.0),
        ],
        "leaky_relu" | "leaky_relu_derivative" => {
            return [
                ("z = 0", 0.0, 0.1),
                ("z = −0", -0.0, 0.01),
                ("z = −2.5, α = 0.2", -2.5, 0.2),
                ("z = 2.5, α = 0.2", 2.5, 0.2),
                ("z negativo chico, α = 0.3", -1e-3, 0.3),
            ]
            .iter()
            .map(|(n, z, a)| (n.to_string(), json!({"z": z, "alpha": a})))
            .collect();
        }
        "squared_error_cost" => {
            return vec![
                (
                    "un solo ejemplo".into(),
                    json!({"y": [1.0], "y_hat": [0.5]}),
                ),
                (
                    "predicción perfecta: J = 0".into(),
                    json!({"y": [1.0, 0.0, 1.0], "y_hat": [1.0, 0.0, 1.0]}),
                ),
                (
                    "tres ejemplos".into(),
                    json!({"y": [1.0, 0.0, 0.5], "y_hat": [0.0, 0.0, 0.0]}),
                ),
            ];
        }
        "cross_entropy_cost" => {
            return vec![
                (
                    "ŷ = y exactos, 0 y 1".into(),
                    json!({"y": [1.0, 0.0], "y_hat": [1.0, 0.0]}),
                ),
                (
                    "ŷ = 0 con y = 1".into(),
                    json!({"y": [1.0], "y_hat": [0.0]}),
                ),
                (
                    "ŷ = 1 con y = 0".into(),
                    json!({"y": [0.0], "y_hat": [1.0]}),
                ),
                (
                    "ŷ = ½".into(),
                    json!({"y": [1.0, 0.0], "y_hat": [0.5, 0.5]}),
                ),
                (
                    "un solo ejemplo, el de la diapositiva".into(),
                    json!({"y": [1.0], "y_hat": [0.880797]}),
                ),
            ];
        }
        _ => &[],
    };
    zs.iter()
        .map(|(n, z)| (n.to_string(), json!({ "z": z })))
        .collect()
}
