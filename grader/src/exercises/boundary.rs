//! The boundary cases of every exercise: fixed inputs at the edges where
//! students' code breaks (ties such as sgn(0), zeros, empty and one-element
//! inputs, 1×1 shapes, a batch of one, the last epoch...). They are the same
//! on every run and run before the random cases, so a solution with an
//! edge-case bug fails every time, whatever the seed.
//!
//! Where an exercise's generator already starts with edge shapes, its
//! boundary cases are that prefix drawn from a fixed seed.

use nncore::Rng;
use serde_json::{Value, json};

use crate::spec::Spec;

/// The seed of the generators' edge prefixes: fixed, so these cases never change.
const FIXED_SEED: u64 = 0x5eed_b0da;

/// The boundary cases of `spec`, with a short name for each.
pub fn cases(spec: &Spec) -> Vec<(String, Value)> {
    let named = |list: Vec<(&str, Value)>| -> Vec<(String, Value)> {
        list.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
    };
    // The first `names.len()` inputs of the exercise's own generator.
    let prefix = |names: &[&str]| -> Vec<(String, Value)> {
        let inputs = (spec.hidden)(&mut Rng::new(FIXED_SEED), names.len());
        names.iter().map(|n| n.to_string()).zip(inputs).collect()
    };
    match (spec.chapter, spec.id) {
        ("perceptron", "sign") => named(vec![
            ("z = 0: sgn(0) = −1", json!({"z": 0.0})),
            ("z = −0", json!({"z": -0.0})),
            ("el z positivo más chico", json!({"z": 5e-324})),
            ("un z negativo muy chico", json!({"z": -1e-12})),
        ]),
        ("perceptron", "weighted_sum") => named(vec![
            ("un solo peso", json!({"w": [2.5], "x": [-1.5], "b": 0.25})),
            ("sin entradas: z = b", json!({"w": [], "x": [], "b": 0.7})),
            (
                "x = 0: z = b",
                json!({"w": [1.2, 0.7], "x": [0.0, 0.0], "b": -2.0}),
            ),
            (
                "todo en cero",
                json!({"w": [0.0, 0.0], "x": [0.0, 0.0], "b": 0.0}),
            ),
        ]),
        ("perceptron", "perceptron_output") => named(vec![
            (
                "z = 0 exacto: ŷ = −1",
                json!({"w": [1.0, 1.0], "x": [1.0, -1.0], "b": 0.0}),
            ),
            (
                "z = 0 por el sesgo",
                json!({"w": [1.0], "x": [2.0], "b": -2.0}),
            ),
            ("sin entradas, b > 0", json!({"w": [], "x": [], "b": 0.5})),
            (
                "un solo peso, z < 0",
                json!({"w": [0.5], "x": [-1.0], "b": 0.25}),
            ),
        ]),
        ("perceptron", "train_step") => named(vec![
            (
                "z = 0 con y = +1: ŷ = −1, hay corrección",
                json!({"w": [0.0, 0.0], "b": 0.0, "x": [1.0, 1.0], "y": 1.0, "eta": 0.5}),
            ),
            (
                "z = 0 con y = −1: nada cambia",
                json!({"w": [0.0, 0.0], "b": 0.0, "x": [1.0, 1.0], "y": -1.0, "eta": 0.5}),
            ),
            (
                "un xᵢ = 0: ese peso no cambia",
                json!({"w": [0.5, -0.5], "b": 0.2, "x": [0.0, 2.0], "y": 1.0, "eta": 0.1}),
            ),
            (
                "un solo peso, ŷ = +1 e y = −1",
                json!({"w": [0.8], "b": 0.1, "x": [1.5], "y": -1.0, "eta": 0.25}),
            ),
        ]),
        ("perceptron", "train") => perceptron_train(),
        ("xor", "or_neuron" | "and_neuron" | "xor_network") => named(vec![
            ("x = (−1, −1)", json!({"x1": -1.0, "x2": -1.0})),
            ("x = (−1, +1)", json!({"x1": -1.0, "x2": 1.0})),
            ("x = (+1, −1)", json!({"x1": 1.0, "x2": -1.0})),
            ("x = (+1, +1)", json!({"x1": 1.0, "x2": 1.0})),
            (
                "x = (−1, 0): z₁ = 0, así que y1 = −1",
                json!({"x1": -1.0, "x2": 0.0}),
            ),
            (
                "x = (1, 0): z₂ = 0, así que y2 = −1",
                json!({"x1": 1.0, "x2": 0.0}),
            ),
            (
                "x = (0.5, −2): entradas reales",
                json!({"x1": 0.5, "x2": -2.0}),
            ),
            (
                "x = (0.25, 0.5): entradas reales",
                json!({"x1": 0.25, "x2": 0.5}),
            ),
        ]),
        ("activations", id) => activations(id),
        ("vectorization", "dense_layer") => named(vec![
            ("W de 1×1", json!({"w": [[2.0]], "b": [0.5], "x": [-1.0]})),
            (
                "x = 0: z = b",
                json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.1, -0.2], "x": [0.0, 0.0]}),
            ),
            (
                "una sola neurona",
                json!({"w": [[1.0, -1.0, 0.5]], "b": [0.25], "x": [2.0, 1.0, -2.0]}),
            ),
            (
                "b de un elemento con 2 neuronas: no encaja",
                json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [1.0], "x": [1.0, 1.0]}),
            ),
            (
                "x de más: no encaja",
                json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.0, 0.0], "x": [1.0, 1.0, 1.0]}),
            ),
        ]),
        ("vectorization", "dense_layer_batch") => named(vec![
            (
                "un lote de un ejemplo, 1×1",
                json!({"w": [[2.0]], "b": [0.5], "x": [[-1.0]]}),
            ),
            (
                "un lote de un ejemplo",
                json!({"w": [[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]], "b": [0.1, 0.2, 0.3], "x": [[1.0, -1.0]]}),
            ),
            (
                "X = 0: cada fila es b",
                json!({"w": [[1.0, 2.0], [3.0, 4.0]], "b": [0.1, -0.2], "x": [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]}),
            ),
            (
                "X con una columna por ejemplo: no encaja",
                json!({"w": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "b": [0.0, 0.0, 0.0], "x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
            ),
        ]),
        ("vectorization", "layer_shapes") => named(vec![
            ("una sola capa", json!({"sizes": [3, 2]})),
            ("sólo la entrada: ninguna capa", json!({"sizes": [5]})),
            ("ningún tamaño", json!({"sizes": []})),
            ("todas de ancho 1", json!({"sizes": [1, 1, 1]})),
        ]),
        ("vectorization", "forward_pass") => named(vec![
            (
                "una capa de 1×1",
                json!({"net": {"weights": [[[2.0]]], "biases": [[-1.0]]}, "x": [1.0]}),
            ),
            (
                "x = 0",
                json!({"net": {"weights": [[[1.0, 2.0], [-1.0, 0.5]], [[1.0, -1.0]]], "biases": [[0.5, -0.5], [0.25]]}, "x": [0.0, 0.0]}),
            ),
            (
                "x de menos: no encaja",
                json!({"net": {"weights": [[[1.0, 2.0, 3.0]]], "biases": [[0.0]]}, "x": [1.0, 2.0]}),
            ),
        ]),
        ("backprop", "neuron_gradient_squared_error" | "neuron_gradient_cross_entropy") => {
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
        ("backprop", "gradient_descent_step") => named(vec![
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
        ]),
        ("backprop", "backprop") => prefix(&[
            "capas cuadradas 2-3-3",
            "capas cuadradas 3-3-3-3",
            "una sola capa 2-1",
            "anchos de 1 en los extremos 1-2-2-1",
        ]),
        ("backprop", "numerical_gradient") => prefix(&[
            "cuadrática, h = 0.1",
            "senos, h = 0.01",
            "costo de una neurona, h = 0.001",
            "cuadrática, h = 0.0001",
        ]),
        ("cnn_rnn", "conv2d") => prefix(&[
            "paso 2 que no entra justo",
            "núcleo no cuadrado, paso 1",
            "paso igual al núcleo",
            "núcleo de 1×1",
            "núcleo tan grande como la entrada: salida 1×1",
        ]),
        ("cnn_rnn", "max_pool") => {
            let mut cases = prefix(&[
                "ventanas sin superponerse",
                "ventanas que se superponen",
                "paso mayor que la ventana",
                "todo negativo",
                "ventana de 1×1",
            ]);
            cases.extend(named(vec![
                (
                    "empates en cada ventana",
                    json!({"input": [[2.0, 2.0], [2.0, 2.0]], "size": 2, "stride": 2}),
                ),
                (
                    "ventana del tamaño de la entrada",
                    json!({"input": [[-3.0, 1.0, -2.0], [0.5, -1.0, 4.0]], "size": 2, "stride": 1}),
                ),
            ]));
            cases
        }
        ("cnn_rnn", "dense_parameter_count") => named(vec![
            (
                "una entrada, una salida",
                json!({"inputs": 1, "outputs": 1}),
            ),
            (
                "la capa de la diapositiva, 784 → 128",
                json!({"inputs": 784, "outputs": 128}),
            ),
            ("una sola salida", json!({"inputs": 10, "outputs": 1})),
        ]),
        ("cnn_rnn", "conv_parameter_count") => named(vec![
            (
                "núcleo 1×1, un canal, un filtro",
                json!({"kernel_h": 1, "kernel_w": 1, "in_channels": 1, "filters": 1}),
            ),
            (
                "núcleo no cuadrado",
                json!({"kernel_h": 3, "kernel_w": 5, "in_channels": 4, "filters": 7}),
            ),
            (
                "núcleo 1×1, muchos canales",
                json!({"kernel_h": 1, "kernel_w": 1, "in_channels": 16, "filters": 8}),
            ),
        ]),
        ("cnn_rnn", "rnn_step") => named(vec![
            (
                "todo de 1×1",
                json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "x": [2.0], "h_prev": [0.5]}),
            ),
            (
                "estado anterior cero",
                json!({"wx": [[1.0, -1.0], [0.5, 0.5]], "wh": [[0.3, 0.1], [-0.2, 0.4]], "b": [0.1, -0.1], "x": [1.0, 2.0], "h_prev": [0.0, 0.0]}),
            ),
            (
                "entrada cero: sólo la memoria",
                json!({"wx": [[1.0], [2.0]], "wh": [[0.5, -0.5], [1.0, 0.25]], "b": [0.0, 0.0], "x": [0.0], "h_prev": [0.8, -0.6]}),
            ),
        ]),
        ("cnn_rnn", "rnn_run") => named(vec![
            (
                "secuencia vacía",
                json!({"wx": [[0.5]], "wh": [[0.5]], "b": [0.0], "xs": [], "h0": [0.3]}),
            ),
            (
                "un solo paso",
                json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "xs": [[2.0]], "h0": [0.5]}),
            ),
            (
                "tres pasos, estado inicial cero",
                json!({"wx": [[1.0], [-0.5]], "wh": [[0.5, -0.25], [0.75, 0.5]], "b": [0.1, 0.2], "xs": [[1.0], [0.0], [-1.0]], "h0": [0.0, 0.0]}),
            ),
        ]),
        ("generalization", id) => crate::exercises::boundary_generalization::cases(id, &prefix),
        ("capstone", id) => crate::exercises::boundary_capstone::cases(id, &prefix),
        _ => Vec::new(),
    }
}

/// The training loop's edges: converging exactly in the last epoch, running
/// out of epochs after one or two, no epochs, no data, already separated.
fn perceptron_train() -> Vec<(String, Value)> {
    let and = json!([[[-1, -1], -1], [[-1, 1], -1], [[1, -1], -1], [[1, 1], 1]]);
    let xor = json!([[[-1, -1], -1], [[-1, 1], 1], [[1, -1], 1], [[1, 1], -1]]);
    let input = |data: &Value, eta: f64, max_epochs: u64| json!({"data": data, "w0": [0.0, 0.0], "b0": 0.0, "eta": eta, "max_epochs": max_epochs});
    // The epoch in which AND converges from zero, so that the case gives
    // exactly that many epochs.
    let and_epochs = crate::reference::call("perceptron", "train", &input(&and, 0.5, 100))
        .ok()
        .and_then(|out| out["epochs"].as_u64())
        .unwrap_or(3);
    vec![
        (
            format!("AND converge justo en la última época (max_epochs = {and_epochs})"),
            input(&and, 0.5, and_epochs),
        ),
        ("XOR con max_epochs = 1".into(), input(&xor, 1.0, 1)),
        ("XOR con max_epochs = 2".into(), input(&xor, 0.5, 2)),
        ("max_epochs = 0: ninguna época".into(), input(&xor, 1.0, 0)),
        (
            "sin datos: converge en la época 1".into(),
            input(&json!([]), 1.0, 5),
        ),
        (
            "un solo ejemplo, ya bien clasificado".into(),
            json!({"data": [[[1.0, 2.0], -1.0]], "w0": [0.0, 0.0], "b0": 0.0, "eta": 1.0, "max_epochs": 5}),
        ),
    ]
}

fn activations(id: &str) -> Vec<(String, Value)> {
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
