//! Hidden cases and known mistakes of the `backprop` chapter's two one-neuron
//! exercises (squared error and cross-entropy); the rest is in `backprop.rs`.

use nncore::Rng;
use serde_json::{Value, json};

use super::{bit, sigmoid, softplus};
use crate::course::generate::named;
use crate::course::generate::{float, int, vector};
use crate::spec::{Mistake, Spec};
use crate::wire::{f64_arg, num, nums, vec_arg};

const HALF_KEPT_TWO_DERIVED: &str = "mantuviste el ½ en el costo, C = ½ (y − ŷ)², pero lo derivaste como si no estuviera: ∂C/∂ŷ = ŷ − y (el 2 del exponente se cancela con el ½), no 2(ŷ − y); por eso los gradientes salen el doble";
const Z_IN_SIGMA_PRIME: &str = "en ∂ŷ/∂z usaste z donde iba ŷ: σ'(z) = ŷ (1 − ŷ) con ŷ = σ(z) ya calculado, no z (1 − z) (en el ejemplo de la diapositiva, z = 2 da −2 en lugar de 0.104994)";
const Z_IN_DC_DYHAT: &str = "en ∂C/∂ŷ usaste z donde iba ŷ: ∂C/∂ŷ = ŷ − y, con ŷ = σ(z) (no z − y)";

pub fn specs() -> Vec<Spec> {
    vec![
        neuron_spec(
            "neuron_gradient_squared_error",
            vec![
                Mistake {
                    diagnosis: "el costo es el doble del esperado: te olvidaste del ½ en C = ½ (y − ŷ)²",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let mut out = p.squared_error();
                        out["cost"] = num((p.y - p.y_hat).powi(2));
                        Some(out)
                    },
                },
                Mistake {
                    diagnosis: "parece que usaste C = (y − ŷ)², sin el ½: así ∂C/∂ŷ = 2(ŷ − y) y todos los gradientes salen el doble; con el ½ de la diapositiva el 2 se cancela y ∂C/∂ŷ = ŷ − y",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.chained((p.y - p.y_hat).powi(2), 2.0 * (p.y_hat - p.y)))
                    },
                },
                Mistake {
                    diagnosis: HALF_KEPT_TWO_DERIVED,
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.chained(p.half_square(), 2.0 * (p.y_hat - p.y)))
                    },
                },
                Mistake {
                    diagnosis: Z_IN_SIGMA_PRIME,
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let dc_dyhat = p.y_hat - p.y;
                        let wrong = p.z * (1.0 - p.z);
                        Some(p.encode(p.half_square(), dc_dyhat, wrong, dc_dyhat * wrong))
                    },
                },
                Mistake {
                    diagnosis: Z_IN_SIGMA_PRIME,
                    answer: z_in_sigma_prime_alone,
                },
                Mistake {
                    diagnosis: Z_IN_DC_DYHAT,
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.chained(p.half_square(), p.z - p.y))
                    },
                },
                Mistake {
                    diagnosis: Z_IN_DC_DYHAT,
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(json!({"dc_dyhat": num(p.z - p.y)}))
                    },
                },
                Mistake {
                    diagnosis: "te olvidaste de σ'(z) en la regla de la cadena: ∂C/∂wᵢ = ∂C/∂ŷ · ∂ŷ/∂z · xᵢ, con ∂ŷ/∂z = ŷ (1 − ŷ)",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let dc_dyhat = p.y_hat - p.y;
                        Some(p.encode(p.half_square(), dc_dyhat, p.sigma_prime(), dc_dyhat))
                    },
                },
                Mistake {
                    diagnosis: "el signo de ∂C/∂ŷ está invertido: la derivada de ½ (y − ŷ)² respecto de ŷ es −(y − ŷ) = ŷ − y",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.chained(p.half_square(), p.y - p.y_hat))
                    },
                },
                Mistake {
                    diagnosis: "evaluaste σ' en ŷ en lugar de en z: ∂ŷ/∂z = σ'(z) = σ(z)(1 − σ(z)) = ŷ (1 − ŷ), sin volver a aplicar la sigmoide",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let s = sigmoid(p.y_hat);
                        let dyhat_dz = s * (1.0 - s);
                        let dc_dyhat = p.y_hat - p.y;
                        Some(p.encode(p.half_square(), dc_dyhat, dyhat_dz, dc_dyhat * dyhat_dz))
                    },
                },
            ],
        ),
        neuron_spec(
            "neuron_gradient_cross_entropy",
            vec![
                Mistake {
                    diagnosis: "el signo del gradiente está invertido: con entropía cruzada ∂C/∂z = ŷ − y, no y − ŷ",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.cross_entropy_with(p.y - p.y_hat))
                    },
                },
                Mistake {
                    diagnosis: "parece que usaste las fórmulas del error cuadrático: acá el costo es C = −[y ln ŷ + (1 − y) ln(1 − ŷ)] y ∂C/∂z = ŷ − y",
                    answer: |i| Some(Neuron::from(i)?.squared_error()),
                },
                Mistake {
                    diagnosis: "multiplicaste otra vez por σ'(z): con entropía cruzada ∂C/∂ŷ · ∂ŷ/∂z ya da ŷ − y (σ' se cancela), así que ∂C/∂wᵢ = (ŷ − y) xᵢ",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        Some(p.cross_entropy_with((p.y_hat - p.y) * p.sigma_prime()))
                    },
                },
                Mistake {
                    diagnosis: Z_IN_SIGMA_PRIME,
                    answer: z_in_sigma_prime_alone,
                },
                Mistake {
                    diagnosis: "en ∂C/∂ŷ usaste z donde iba ŷ: con entropía cruzada ∂C/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ), con ŷ = σ(z) (no z)",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let wrong = -p.y / p.z + (1.0 - p.y) / (1.0 - p.z);
                        wrong.is_finite().then(|| json!({"dc_dyhat": num(wrong)}))
                    },
                },
                Mistake {
                    diagnosis: "el costo te dio negativo: te olvidaste del signo − delante de [y ln ŷ + (1 − y) ln(1 − ŷ)]",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let mut out = p.cross_entropy_answer();
                        out["cost"] = num(-p.cross_entropy());
                        Some(out)
                    },
                },
                Mistake {
                    diagnosis: "al costo le falta el término −(1 − y) ln(1 − ŷ): con y = 1 (el ejemplo de la diapositiva) C = −ln ŷ, pero con y = 0 es C = −ln(1 − ŷ)",
                    answer: |i| {
                        let p = Neuron::from(i)?;
                        let mut out = p.cross_entropy_answer();
                        out["cost"] = num(-p.y * p.y_hat.ln());
                        Some(out)
                    },
                },
            ],
        ),
    ]
}

// ---------------------------------------------------------------------------
// One sigmoid neuron
// ---------------------------------------------------------------------------

/// Inputs `{w, b, x, y}` with `|z|` kept moderate (so that a textbook
/// implementation of the costs stays within tolerance); the edge cases are
/// boundary cases.
fn neuron_inputs(rng: &mut Rng, n: usize) -> Vec<Value> {
    let mut inputs = Vec::new();
    while inputs.len() < n {
        let d = int(rng, 1, 3);
        let y = bit(rng);
        inputs.push(json!({
            "w": vector(rng, d, -1.0, 1.0),
            "b": float(rng, -1.0, 1.0),
            "x": vector(rng, d, -2.0, 2.0),
            "y": y,
        }));
    }
    inputs.truncate(n.max(3));
    inputs
}

/// The spec of either neuron exercise: both take the same inputs.
fn neuron_spec(id: &'static str, mistakes: Vec<Mistake>) -> Spec {
    Spec {
        chapter: "backprop",
        id,
        hidden: |rng, n| neuron_inputs(rng, n),
        boundary: |_| neuron_edges(),
        mistakes,
        property: None,
    }
}

/// The one field `dyhat_dz` computed as z (1 − z), σ' applied to z itself.
fn z_in_sigma_prime_alone(input: &Value) -> Option<Value> {
    let p = Neuron::from(input)?;
    Some(json!({"dyhat_dz": num(p.z * (1.0 - p.z))}))
}

/// A neuron's input and its correct forward pass.
struct Neuron {
    x: Vec<f64>,
    y: f64,
    z: f64,
    y_hat: f64,
}

impl Neuron {
    fn from(input: &Value) -> Option<Self> {
        let w = vec_arg(input, "w").ok()?;
        let x = vec_arg(input, "x").ok()?;
        if w.len() != x.len() {
            return None;
        }
        let z = w.iter().zip(&x).map(|(a, b)| a * b).sum::<f64>() + f64_arg(input, "b").ok()?;
        Some(Neuron {
            y: f64_arg(input, "y").ok()?,
            y_hat: sigmoid(z),
            z,
            x,
        })
    }

    fn sigma_prime(&self) -> f64 {
        self.y_hat * (1.0 - self.y_hat)
    }

    fn half_square(&self) -> f64 {
        0.5 * (self.y - self.y_hat).powi(2)
    }

    fn cross_entropy(&self) -> f64 {
        self.y * softplus(-self.z) + (1.0 - self.y) * softplus(self.z)
    }

    fn ce_dc_dyhat(&self) -> f64 {
        -self.y / self.y_hat + (1.0 - self.y) / (1.0 - self.y_hat)
    }

    /// The output of either exercise, with `∂C/∂z = dc_dz`.
    fn encode(&self, cost: f64, dc_dyhat: f64, dyhat_dz: f64, dc_dz: f64) -> Value {
        let grad_w: Vec<f64> = self.x.iter().map(|xi| dc_dz * xi).collect();
        json!({
            "z": num(self.z),
            "y_hat": num(self.y_hat),
            "cost": num(cost),
            "dc_dyhat": num(dc_dyhat),
            "dyhat_dz": num(dyhat_dz),
            "grad_w": nums(&grad_w),
            "grad_b": num(dc_dz),
        })
    }

    /// The output with this `∂C/∂ŷ`, chained through the right `σ'(z)`.
    fn chained(&self, cost: f64, dc_dyhat: f64) -> Value {
        let dyhat_dz = self.sigma_prime();
        self.encode(cost, dc_dyhat, dyhat_dz, dc_dyhat * dyhat_dz)
    }

    fn squared_error(&self) -> Value {
        self.chained(self.half_square(), self.y_hat - self.y)
    }

    /// The cross-entropy output with `∂C/∂z = dc_dz`.
    fn cross_entropy_with(&self, dc_dz: f64) -> Value {
        self.encode(
            self.cross_entropy(),
            self.ce_dc_dyhat(),
            self.sigma_prime(),
            dc_dz,
        )
    }

    fn cross_entropy_answer(&self) -> Value {
        self.cross_entropy_with(self.y_hat - self.y)
    }
}

/// The boundary cases of `neuron_gradient_squared_error`, `neuron_gradient_cross_entropy`.
fn neuron_edges() -> Vec<(String, Value)> {
    named(vec![
        (
            "z = 0, y = 0",
            json!({"w": [0.5, -0.5], "b": 0.0, "x": [1.0, 1.0], "y": 0.0}),
        ),
        (
            "un solo peso, y = 0",
            json!({"w": [1.5], "b": -0.25, "x": [2.0], "y": 0.0}),
        ),
        (
            "un xᵢ = 0",
            json!({"w": [-0.8, 0.3, 1.1], "b": 0.4, "x": [1.0, 0.0, -2.0], "y": 1.0}),
        ),
        (
            "x = 0: sólo cuenta b",
            json!({"w": [0.7], "b": 0.3, "x": [0.0], "y": 1.0}),
        ),
    ])
}
