//! Whole folders graded: the solutions, the stubs, students broken on
//! purpose.

use crate::folder::*;

#[test]
fn the_solutions_get_full_marks_and_exit_zero() {
    let out = grader()
        .args(["--solutions", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    validate("report.schema.json", &report);
    let failing: Vec<String> = report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["exercises"].as_array().unwrap())
        .filter(|e| e["status"] != "passed")
        .map(|e| {
            format!(
                "{}::{} {} {}",
                e["chapter"], e["id"], e["status"], e["summary"]
            )
        })
        .collect();
    // A new seed every run: the seed says how to repeat a failure
    // (`--solutions --seed N`); `grader check --seeds 300` looks wider.
    assert!(
        failing.is_empty(),
        "with seed {}: {failing:#?}",
        report["seed"]
    );
    assert_eq!(report["points"], report["max_points"]);
    assert!(report["exercises_total"].as_u64().unwrap() >= 40);
    assert!(out.status.success(), "exit status {:?}", out.status);
}

#[test]
fn the_stubs_are_all_pending_with_zero_points() {
    let stubs = StudentFolder::stubs("stubs");
    let out = stubs.grade(&["--format", "json"]);
    let report = json_of(&out.stdout);
    validate("report.schema.json", &report);
    assert_eq!(report["points"], 0);
    for chapter in report["chapters"].as_array().unwrap() {
        for e in chapter["exercises"].as_array().unwrap() {
            assert_eq!(e["status"], "pending", "{}::{}", chapter["id"], e["id"]);
        }
    }
    assert_eq!(out.status.code(), Some(1));

    let text = stubs.grade(&["perceptron"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("pendiente"), "{text}");
    let next = text
        .lines()
        .find(|l| l.starts_with("Siguiente paso: escribí `sign` en "))
        .unwrap_or_else(|| panic!("no next step for sign: {text}"));
    assert!(next.contains("grader-e2e-stubs-"), "{next}");
    assert!(next.contains("/perceptron.rs."), "{next}");
    assert!(
        !text.contains('\x1b'),
        "colour codes outside a terminal: {text}"
    );
}

/// One folder with one broken exercise of each kind; every other exercise is
/// the reference and must still pass.
#[test]
fn broken_students_get_the_right_status_and_diagnosis_and_nothing_else_suffers() {
    let student = StudentFolder::new("broken");
    student
        // A hard-coded slide value: passes the public case, fails hidden ones.
        .replace_fn(
            "activations",
            "sigmoid_derivative",
            "pub fn sigmoid_derivative(z: f64) -> f64 { 0.10499358540350662 }",
        )
        // The ½ forgotten.
        .replace_fn(
            "activations",
            "squared_error_cost",
            "pub fn squared_error_cost(y: &[f64], y_hat: &[f64]) -> f64 {
                y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / y.len() as f64
            }",
        )
        .replace_fn(
            "activations",
            "relu",
            "pub fn relu(z: f64) -> f64 { panic!(\"boom en relu\") }",
        )
        .replace_fn(
            "activations",
            "relu_derivative",
            "pub fn relu_derivative(z: f64) -> f64 { loop {} }",
        )
        .replace_fn(
            "activations",
            "leaky_relu",
            "pub fn leaky_relu(z: f64, alpha: f64) -> f64 { leaky_relu(z + 1.0, alpha) + 1.0 }",
        )
        .replace_fn(
            "activations",
            "leaky_relu_derivative",
            "pub fn leaky_relu_derivative(z: f64, alpha: f64) -> f64 { std::process::exit(0) }",
        )
        .replace_fn(
            "activations",
            "cross_entropy_cost",
            "pub fn cross_entropy_cost(y: &[f64], y_hat: &[f64]) -> f64 {
                let v = vec![1.0f64; 1 << 40];
                v[v.len() - 1]
            }",
        )
        .replace_fn(
            "activations",
            "tanh_derivative",
            "pub fn tanh_derivative(z: f64) -> f64 { f64::NAN }",
        )
        // The update's sign flipped (train calls it, so train is wrong too).
        .replace_fn(
            "perceptron",
            "train_step",
            "pub fn train_step(w: &[f64], b: f64, x: &[f64], y: f64, eta: f64) -> (Vec<f64>, f64) {
                let y_hat = sign(weighted_sum(w, x, b));
                let eps = (y - y_hat) / 2.0;
                (w.iter().zip(x).map(|(wi, xi)| wi - eta * eps * xi).collect(), b - eta * eps)
            }",
        )
        // A chapter that does not compile.
        .replace_fn(
            "xor",
            "or_neuron",
            "pub fn or_neuron(x1: f64, x2: f64) -> f64 { let n: u32 = \"uno\"; x1 }",
        )
        // A changed signature.
        .replace_fn(
            "vectorization",
            "layer_shapes",
            "pub fn layer_shapes(sizes: &[u32]) -> Vec<((usize, usize), usize)> { Vec::new() }",
        )
        // Another chapter used: compiles with `cargo build`, not alone.
        .replace_fn(
            "cnn_rnn",
            "dense_parameter_count",
            "pub fn dense_parameter_count(inputs: usize, outputs: usize) -> usize {
                crate::xor::sgn(1.0) as usize * (inputs * outputs + outputs)
            }",
        );
    let before = student.snapshot();
    let out = student.grade(&["--format", "json", "--seed", "7"]);
    assert_eq!(
        before,
        student.snapshot(),
        "the grader changed the student's files"
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out.stdout);
    validate("report.schema.json", &report);

    // Each broken exercise: its status and a phrase its report must contain.
    let broken = [
        (
            "activations::sigmoid_derivative",
            "wrong",
            "devuelve siempre 0.10499359",
        ),
        ("activations::squared_error_cost", "wrong", "½"),
        ("activations::relu", "crashed", "boom en relu"),
        (
            "activations::relu_derivative",
            "timed_out",
            "ciclo infinito",
        ),
        ("activations::leaky_relu", "crashed", "desbordó la pila"),
        (
            "activations::leaky_relu_derivative",
            "crashed",
            "std::process::exit",
        ),
        ("activations::cross_entropy_cost", "crashed", "sin memoria"),
        ("activations::tanh_derivative", "wrong", "no finito"),
        (
            "perceptron::train_step",
            "wrong",
            "el signo de la actualización está invertido",
        ),
        (
            "perceptron::train",
            "wrong",
            "`train` usa `train_step`, que está mal: corregí `train_step` primero",
        ),
        ("cnn_rnn::rnn_run", "compile_error", "no compila"),
        ("xor::xor_network", "compile_error", "no compila"),
        ("vectorization::dense_layer", "compile_error", "firma"),
    ];
    for (id, status, needle) in broken {
        let e = exercise(&report, id);
        assert_eq!(e["status"], status, "{id}: {e:#}");
        let text = e.to_string();
        assert!(text.contains(needle), "{id}: expected «{needle}» in {e:#}");
        assert_eq!(e["points"], 0, "{id}");
    }

    let xor = report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "xor")
        .unwrap();
    let error = &xor["compile_error"];
    assert!(
        error["file"].as_str().unwrap().ends_with("xor.rs"),
        "{error:#}"
    );
    assert!(error["line"].as_u64().unwrap() > 0);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("mismatched types"),
        "{error:#}"
    );
    let vectorization = report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "vectorization")
        .unwrap();
    assert_eq!(vectorization["compile_error"]["in_signature"], true);
    let rule = vectorization["compile_error"]["rule"].as_str().unwrap();
    assert!(
        rule.contains("la firma de `layer_shapes`")
            && rule
                .contains("`pub fn layer_shapes(sizes: &[usize]) -> Vec<((usize, usize), usize)>`"),
        "{rule}"
    );
    let cnn = report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cnn_rnn")
        .unwrap();
    let rule = cnn["compile_error"]["rule"].as_str().unwrap();
    assert!(
        rule.contains("`crate::xor`") && rule.contains("independiente"),
        "{rule}"
    );
    assert!(report["cases_run"]["boundary"].as_u64().unwrap() > 0);
    assert!(report["cases_run"]["random"].as_u64().unwrap() > 0);

    // Everything not broken on purpose keeps its full grade.
    for chapter in report["chapters"].as_array().unwrap() {
        if ["xor", "vectorization", "cnn_rnn"].contains(&chapter["id"].as_str().unwrap()) {
            continue;
        }
        for e in chapter["exercises"].as_array().unwrap() {
            let id = format!(
                "{}::{}",
                chapter["id"].as_str().unwrap(),
                e["id"].as_str().unwrap()
            );
            if !broken.iter().any(|(b, _, _)| *b == id) {
                assert_eq!(e["status"], "passed", "{id}: {e:#}");
                assert_eq!(e["points"], e["max_points"], "{id}");
            }
        }
    }

    let gradescope = grader()
        .args([
            "--format",
            "gradescope",
            "--seed",
            "7",
            "activations",
            "--dir",
        ])
        .arg(&student.dir)
        .output()
        .unwrap();
    let results = json_of(&gradescope.stdout);
    validate("gradescope.schema.json", &results);
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 10);
    let relu = tests
        .iter()
        .find(|t| {
            t["name"]
                .as_str()
                .unwrap()
                .starts_with("activations::relu ")
        })
        .unwrap();
    assert_eq!(relu["status"], "failed");
    assert_eq!(relu["score"], 0);
    assert!(relu["output"].as_str().unwrap().contains("boom en relu"));
    let sigmoid = tests
        .iter()
        .find(|t| {
            t["name"]
                .as_str()
                .unwrap()
                .starts_with("activations::sigmoid ")
        })
        .unwrap();
    assert_eq!(sigmoid["status"], "passed");
    assert_eq!(sigmoid["score"], sigmoid["max_score"]);
}
