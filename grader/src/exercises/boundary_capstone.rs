//! The boundary cases of the `capstone` chapter (see [`super::boundary`]).

use serde_json::{Value, json};

/// Named inputs.
pub type Named = Vec<(String, Value)>;

fn named(list: Vec<(&str, Value)>) -> Named {
    list.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

/// `prefix(names)` gives the first `names.len()` inputs of the exercise's
/// generator drawn from a fixed seed, named.
pub fn cases(id: &str, prefix: &dyn Fn(&[&str]) -> Named) -> Named {
    match id {
        "softmax" => named(vec![
            ("un solo valor: softmax = [1]", json!({"z": [3.5]})),
            ("todos iguales: 1/3 cada uno", json!({"z": [2.0, 2.0, 2.0]})),
            ("e^710 ya desborda un f64", json!({"z": [710.0, 0.0]})),
            (
                "muy negativos: e^−800 redondea a 0",
                json!({"z": [-800.0, -801.0]}),
            ),
        ]),
        "one_hot" => named(vec![
            (
                "sin etiquetas: 0 filas",
                json!({"labels": [], "classes": 3}),
            ),
            ("una sola clase", json!({"labels": [0, 0], "classes": 1})),
            ("la etiqueta 0", json!({"labels": [0], "classes": 4})),
            (
                "la etiqueta igual a classes: error",
                json!({"labels": [2], "classes": 2}),
            ),
        ]),
        "accuracy" => named(vec![
            (
                "una fila, acertada",
                json!({"scores": [[0.2, 0.8]], "labels": [1]}),
            ),
            (
                "un empate: gana la primera columna",
                json!({"scores": [[1.0, 1.0, 1.0], [0.0, 2.0, 2.0]], "labels": [0, 2]}),
            ),
            (
                "ninguna acertada: 0",
                json!({"scores": [[1.0, 0.0], [0.0, 1.0]], "labels": [1, 0]}),
            ),
        ]),
        "softmax_cross_entropy" => named(vec![
            (
                "una sola clase: costo 0",
                json!({"z": [[5.0]], "y": [[1.0]]}),
            ),
            (
                "z = 0: C = ln k",
                json!({"z": [[0.0, 0.0, 0.0, 0.0]], "y": [[0.0, 1.0, 0.0, 0.0]]}),
            ),
            (
                "un lote de uno con z grandes",
                json!({"z": [[900.0, 1000.0]], "y": [[1.0, 0.0]]}),
            ),
        ]),
        "sgd_step" => {
            let mut cases = prefix(&[
                "una capa oculta",
                "dos capas ocultas",
                "sin capa oculta (sólo softmax)",
            ]);
            let mut zero = cases[0].1.clone();
            zero["eta"] = json!(0.0);
            cases.push(("η = 0: la red no cambia".into(), zero));
            cases
        }
        "train" => {
            let mut cases = prefix(&["patience = 0: para después de la primera época"]);
            cases[0].1["config"]["patience"] = json!(0);
            cases
        }
        _ => Vec::new(),
    }
}
