//! The boundary cases of the `generalization` chapter (see
//! [`super::boundary`]).

use serde_json::{Value, json};

/// Named inputs.
pub type Named = Vec<(String, Value)>;

/// `prefix(names)` gives the first `names.len()` inputs of the exercise's
/// generator drawn from a fixed seed, named.
pub fn cases(id: &str, prefix: &dyn Fn(&[&str]) -> Named) -> Named {
    let mut cases = match id {
        "minibatch_indices" => prefix(&[
            "n = 10, lotes de 4: el último más corto",
            "lotes de 1",
            "un solo lote justo",
            "lote más grande que n",
            "n = 1",
            "n = 12, lotes de 3: justos",
        ]),
        "decayed_learning_rate" => prefix(&["época 0: η = η₀", "sin decaimiento", "época 100"]),
        "momentum_step" => prefix(&["velocidad cero: el primer paso"]),
        "adam_step" => prefix(&[
            "primer paso (t = 0, m = v = 0), β₁ = 0.9, β₂ = 0.999",
            "primer paso (t = 0, m = v = 0)",
        ]),
        "rmsprop_step" => prefix(&["caché cero: el primer paso"]),
        "weight_decay_loss" => prefix(&["w = (3, −4)"]),
        "dropout" => prefix(&[
            "sin entrenar, keep_prob = 0.5",
            "sin entrenar, keep_prob = 0.8",
            "entrenando con keep_prob = 1",
            "entrenando, con un a = 0",
        ]),
        "early_stopping" => prefix(&[
            "el ejemplo del libro, paciencia 3",
            "empates con la mejor pérdida",
            "mejora siempre",
            "una sola época",
            "mejora en la última época",
            "nunca mejora después de la primera",
            "todas iguales",
            "una mejora tardía",
        ]),
        "train_xor" => prefix(&["una corrida con semilla fija"]),
        _ => Vec::new(),
    };
    let named = |n: &str, v: Value| (n.to_string(), v);
    match id {
        "momentum_step" => cases.extend([
            named(
                "β = 0: descenso por gradiente común",
                json!({"w": [1.0, -1.0], "velocity": [0.5, 0.5], "grad": [0.2, -0.4], "eta": 0.1, "beta": 0.0}),
            ),
            named(
                "gradiente cero: sólo la inercia",
                json!({"w": [1.0], "velocity": [0.3], "grad": [0.0], "eta": 0.1, "beta": 0.9}),
            ),
        ]),
        "weight_decay_loss" => cases.extend([
            named("λ = 0: el costo no cambia", json!({"loss": 0.5, "w": [1.0, 2.0], "lambda": 0.0})),
            named("sin pesos", json!({"loss": 0.5, "w": [], "lambda": 0.1})),
            named("w = 0", json!({"loss": 0.7, "w": [0.0, 0.0], "lambda": 0.3})),
        ]),
        "weight_decay_gradient" => cases.extend([
            named("λ = 0: el gradiente no cambia", json!({"grad": [0.5, -0.5], "w": [1.0, 2.0], "lambda": 0.0})),
            named("sin pesos", json!({"grad": [], "w": [], "lambda": 0.1})),
            named("un solo peso", json!({"grad": [0.25], "w": [-2.0], "lambda": 0.05})),
            named("gradiente cero: sólo el decaimiento", json!({"grad": [0.0, 0.0], "w": [3.0, -4.0], "lambda": 0.1})),
        ]),
        _ => {}
    }
    cases
}
