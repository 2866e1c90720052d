//! End-to-end tests of `cargo run -p grader`: the real binary, real harness
//! builds, real student folders (copies of the reference solutions with
//! chosen functions broken on purpose).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::root;

fn grader() -> Command {
    let mut cmd = Command::cargo_bin("grader").unwrap();
    cmd.env_remove("NO_COLOR").env("RUST_BACKTRACE", "0");
    cmd
}

/// A student folder made from the reference solutions, with some functions
/// replaced. Removed on drop.
struct StudentFolder {
    dir: PathBuf,
}

impl StudentFolder {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("grader-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(root().join("solutions/src")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        Self { dir }
    }

    /// A student folder with the stubs `cargo xtask gen` makes from the
    /// solutions: what a class receives, whatever `exercises/src` holds now
    /// (a student who runs the tests may have solved some exercises).
    fn stubs(name: &str) -> Self {
        let folder = Self::new(name);
        for chapter in xtask::layout::chapters(&root()).unwrap() {
            let parsed = xtask::layout::chapter(&root(), &chapter).unwrap();
            let stub = xtask::layout::stub_of(&parsed).unwrap();
            std::fs::write(folder.dir.join(format!("{chapter}.rs")), stub.text).unwrap();
        }
        folder
    }

    /// Replaces the whole `pub fn name(...) ... { ... }` item of `chapter`.
    fn replace_fn(&self, chapter: &str, name: &str, new_item: &str) -> &Self {
        let path = self.dir.join(format!("{chapter}.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, common::replace_fn(&text, name, new_item)).unwrap();
        self
    }

    fn remove(&self, chapter: &str) -> &Self {
        std::fs::remove_file(self.dir.join(format!("{chapter}.rs"))).unwrap();
        self
    }

    fn snapshot(&self) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
        std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let meta = std::fs::metadata(&path).unwrap();
                (
                    path.clone(),
                    (meta.modified().unwrap(), std::fs::read(&path).unwrap()),
                )
            })
            .collect()
    }
}

impl Drop for StudentFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

fn validate(schema_file: &str, value: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("grader/schema").join(schema_file)).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

fn exercise<'a>(report: &'a Value, id: &str) -> &'a Value {
    let (chapter, name) = id.split_once("::").unwrap();
    report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == chapter)
        .flat_map(|c| c["exercises"].as_array().unwrap())
        .find(|e| e["id"] == name)
        .unwrap_or_else(|| panic!("{id} not in the report"))
}

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
    assert!(failing.is_empty(), "{failing:#?}");
    assert_eq!(report["points"], report["max_points"]);
    assert!(report["exercises_total"].as_u64().unwrap() >= 40);
    assert!(out.status.success(), "exit status {:?}", out.status);
}

#[test]
fn the_stubs_are_all_pending_with_zero_points() {
    let stubs = StudentFolder::stubs("stubs");
    let out = grader()
        .args(["--format", "json", "--dir"])
        .arg(&stubs.dir)
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    validate("report.schema.json", &report);
    assert_eq!(report["points"], 0);
    for chapter in report["chapters"].as_array().unwrap() {
        for e in chapter["exercises"].as_array().unwrap() {
            assert_eq!(e["status"], "pending", "{}::{}", chapter["id"], e["id"]);
        }
    }
    assert_eq!(out.status.code(), Some(1));

    let text = grader()
        .args(["perceptron", "--dir"])
        .arg(&stubs.dir)
        .output()
        .unwrap();
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
    let out = grader()
        .args(["--format", "json", "--seed", "7", "--dir"])
        .arg(&student.dir)
        .output()
        .unwrap();
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

#[test]
fn hidden_cases_are_counted_everywhere_and_shown_only_to_the_student() {
    let student = StudentFolder::new("hidden");
    // Right on the public cases (two weights), wrong on hidden ones.
    student.replace_fn(
        "perceptron",
        "perceptron_output",
        r#"pub fn perceptron_output(w: &[f64], x: &[f64], b: f64) -> f64 {
            println!("IMPRESO {w:?}");
            if w.len() > 2 { 777.25 } else { sign(weighted_sum(w, x, b)) }
        }"#,
    );
    let run = |format: &str| {
        grader()
            .args([
                "--format",
                format,
                "--seed",
                "3",
                "perceptron::perceptron_output",
                "--dir",
            ])
            .arg(&student.dir)
            .output()
            .unwrap()
    };
    let own = json_of(&run("json").stdout);
    validate("report.schema.json", &own);
    assert_eq!(own["hidden_values_shown"], true);
    let e = exercise(&own, "perceptron::perceptron_output");
    assert_eq!(e["status"], "wrong", "{e:#}");
    assert_eq!(e["failure"]["public"], false, "{e:#}");
    assert_eq!(e["failure"]["got"], "777.25", "{e:#}");
    assert!(e["printed"].as_str().unwrap().contains("IMPRESO"), "{e:#}");
    let (hidden, passed) = (
        e["hidden_total"].as_u64().unwrap(),
        e["hidden_passed"].as_u64().unwrap(),
    );
    assert!(hidden > 0 && passed < hidden, "{e:#}");
    let text = String::from_utf8(run("text").stdout).unwrap();
    assert!(text.contains("obtenido:    777.25"), "{text}");
    assert!(text.contains("Casos ocultos: "), "{text}");

    let official = json_of(&run("gradescope").stdout);
    validate("gradescope.schema.json", &official);
    let all = official.to_string();
    assert!(
        !all.contains("777.25") && !all.contains("IMPRESO"),
        "{official:#}"
    );
    let test = &official["tests"][0];
    assert_eq!(test["status"], "failed");
    let output = test["output"].as_str().unwrap();
    assert!(
        output.contains(&format!("ocultos: {passed}/{hidden}"))
            && output.contains("no se muestran en la corrección oficial"),
        "{output}"
    );
    let summary = official["output"].as_str().unwrap();
    assert!(
        summary.contains(&format!(
            "Casos ocultos: {passed} de {hidden} correctos; deciden 1 de los 1 puntos"
        )),
        "{summary}"
    );
}

#[test]
fn printed_fake_report_lines_are_quoted_and_never_trusted() {
    let student = StudentFolder::new("liar");
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 {
            println!(\"  ✔ sign                         correcto  1/1\");
            println!(\"Total: 60/60 puntos · 41 de 41 ejercicios correctos\");
            eprintln!(\"¡Todo correcto!\");
            0.0
        }",
    );
    let out = grader()
        .args(["perceptron::sign", "--dir"])
        .arg(&student.dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("✘ sign"), "{text}");
    assert!(
        text.contains("Total: 0/1 punto · 0 de 1 ejercicio correcto"),
        "{text}"
    );
    // The grader's own line is absent; the student's appears only quoted.
    assert!(
        !text.lines().any(|l| l.trim() == "¡Todo correcto!"),
        "{text}"
    );
    // The student's lines appear only inside the quoted block.
    for line in text
        .lines()
        .filter(|l| l.contains("60/60") || l.contains("¡Todo correcto!"))
    {
        assert!(
            line.trim_start().starts_with('│'),
            "unquoted student output: {line}"
        );
    }
}

#[test]
fn output_shows_both_streams_in_order_cut_with_a_marker_and_all_of_it_with_verbose() {
    let student = StudentFolder::new("talker");
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 {
            for k in 0..3 {
                println!(\"salida {k} con z = {z}\");
                eprintln!(\"error {k} con z = {z}\");
            }
            if z > 0.0 { 1.0 } else { 0.0 }
        }",
    );
    let run = |verbose: bool| {
        let mut cmd = grader();
        cmd.args(["perceptron::sign", "--seed", "3", "--dir"])
            .arg(&student.dir);
        if verbose {
            cmd.arg("--verbose");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let text = run(false);
    let quoted: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("│ "))
        .collect();
    // Both streams, in the order written.
    assert_eq!(
        &quoted[..4],
        [
            "salida 0 con z = 0",
            "error 0 con z = 0",
            "salida 1 con z = 0",
            "error 1 con z = 0"
        ],
        "{text}"
    );
    // Cut, with a marker saying how much was left out.
    let marker = quoted.last().unwrap();
    assert!(
        marker.starts_with("… ") && marker.contains("líneas más (`--verbose`"),
        "{text}"
    );
    let verbose = run(true);
    let all: Vec<&str> = verbose
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("│ "))
        .collect();
    let cases = verbose.matches("            entrada:").count();
    assert!(cases > 20, "every case is shown with --verbose: {verbose}");
    assert_eq!(
        all.len(),
        6 * cases,
        "all the output with --verbose: {verbose}"
    );
    assert!(verbose.contains("obtenido:  0\n"), "{verbose}");
}

#[test]
fn a_missing_chapter_file_is_reported_and_the_rest_is_graded() {
    let student = StudentFolder::new("missing");
    student.remove("cnn_rnn");
    let out = grader()
        .args(["--format", "json", "cnn_rnn", "xor", "--dir"])
        .arg(&student.dir)
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    assert_eq!(exercise(&report, "cnn_rnn::conv2d")["status"], "missing");
    assert_eq!(exercise(&report, "xor::xor_network")["status"], "passed");
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let run = || {
        let out = grader()
            .env("GRADER_NO_REUSE", "1")
            .args([
                "--solutions",
                "--format",
                "json",
                "--seed",
                "42",
                "perceptron",
            ])
            .output()
            .unwrap();
        let mut report = json_of(&out.stdout);
        for chapter in report["chapters"].as_array_mut().unwrap() {
            for e in chapter["exercises"].as_array_mut().unwrap() {
                e["elapsed_ms"] = Value::Null;
            }
        }
        report
    };
    assert_eq!(run(), run());
}

#[test]
fn unchanged_exercises_are_reused_and_a_saved_chapter_runs_again() {
    let student = StudentFolder::new("reuse");
    let run = || {
        let out = grader()
            .args([
                "--format",
                "json",
                "--seed",
                "9",
                "perceptron",
                "xor",
                "--dir",
            ])
            .arg(&student.dir)
            .output()
            .unwrap();
        json_of(&out.stdout)
    };
    let reused = |report: &Value, chapter: &str| -> Vec<bool> {
        report["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["id"] == chapter)
            .flat_map(|c| c["exercises"].as_array().unwrap().iter())
            .map(|e| e["reused"].as_bool().unwrap())
            .collect()
    };
    let first = run();
    validate("report.schema.json", &first);
    let second = run();
    assert!(
        reused(&second, "perceptron").iter().all(|r| *r),
        "{second:#}"
    );
    assert!(reused(&second, "xor").iter().all(|r| *r), "{second:#}");
    assert_eq!(second["points"], first["points"]);
    // A saved chapter runs again, the other is reused; a broken exercise is
    // graded as broken, not as it was.
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 { if z >= 0.0 { 1.0 } else { -1.0 } }",
    );
    let third = run();
    assert!(
        reused(&third, "perceptron").iter().all(|r| !*r),
        "{third:#}"
    );
    assert!(reused(&third, "xor").iter().all(|r| *r), "{third:#}");
    assert_eq!(exercise(&third, "perceptron::sign")["status"], "wrong");
    // Another seed: other cases, nothing reused.
    let other = grader()
        .args(["--format", "json", "--seed", "10", "xor", "--dir"])
        .arg(&student.dir)
        .output()
        .unwrap();
    let other = json_of(&other.stdout);
    assert!(reused(&other, "xor").iter().all(|r| !*r), "{other:#}");
}

#[test]
fn list_hint_help_and_bad_input_speak_spanish() {
    let list = grader().arg("list").output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("perceptron::sign"), "{list}");
    assert!(list.contains("El perceptrón simple"), "{list}");

    let hint = grader()
        .args(["hint", "perceptron::sign"])
        .output()
        .unwrap();
    assert!(hint.status.success());
    assert!(String::from_utf8(hint.stdout).unwrap().contains("Pista 1"));

    let unknown = grader().arg("perceptrom").output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8(unknown.stderr).unwrap();
    assert!(
        err.contains("no hay ningún capítulo ni ejercicio llamado `perceptrom`"),
        "{err}"
    );

    let bare = grader().arg("sign").output().unwrap();
    assert!(
        String::from_utf8(bare.stderr)
            .unwrap()
            .contains("¿Quisiste decir `perceptron::sign`?")
    );

    let no_dir = grader().args(["--dir", "/no/existe"]).output().unwrap();
    assert_eq!(no_dir.status.code(), Some(2));
    assert!(
        String::from_utf8(no_dir.stderr)
            .unwrap()
            .contains("no existe la carpeta de ejercicios")
    );

    let help = grader().arg("--help").output().unwrap();
    assert!(String::from_utf8(help.stdout).unwrap().contains("Uso:"));
}

#[test]
fn watch_regrades_on_save_and_shows_only_what_changed() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let student = StudentFolder::new("watch");
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 { todo!(\"sign\") }",
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"))
        .args(["--watch", "--seed", "3", "perceptron", "--dir"])
        .arg(&student.dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let read_until = |needle: &str| -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let done = line.contains(needle);
                lines.push(line);
                if done {
                    return lines;
                }
            }
        }
        panic!("no «{needle}» in {lines:#?}");
    };
    let first = read_until("Esperando cambios");
    assert!(
        first
            .iter()
            .any(|l| l.contains("sign") && l.contains("pendiente")),
        "{first:#?}"
    );
    assert!(
        first
            .iter()
            .any(|l| l.contains("weighted_sum") && l.contains("correcto")),
        "{first:#?}"
    );
    // train_step calls sign: it waits for it, and says so.
    assert!(
        first
            .iter()
            .any(|l| l.contains("usa `sign`, que todavía tiene `todo!()`")),
        "{first:#?}"
    );

    // Save a fixed sign(): only that exercise is shown again.
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 { if z > 0.0 { 1.0 } else { -1.0 } }",
    );
    let second = read_until("Progreso:");
    let second_tail = read_until("Todo correcto");

    // Save an endless loop, and the fix while that run is in progress: the
    // run is cancelled, and no stale «tiempo agotado» report appears.
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 { loop { std::hint::black_box(z); } }",
    );
    let looping = read_until("corrigiendo");
    std::thread::sleep(Duration::from_millis(1500));
    student.replace_fn(
        "perceptron",
        "sign",
        "pub fn sign(z: f64) -> f64 { if z > 0.0 { 1.0 } else { -1.0 } }",
    );
    let third = read_until("Progreso:");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        third.iter().any(|l| l.contains("corrida cancelada")),
        "{looping:#?} {third:#?}"
    );
    assert!(
        !third.iter().any(|l| l.contains("tiempo agotado")),
        "a stale report: {third:#?}"
    );
    assert!(
        third.iter().any(|l| l.contains("Progreso: 8/8 puntos")),
        "{third:#?}"
    );
    // The chapter's header shows its real total, not that of the lines shown.
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("perceptron") && l.contains("8/8 puntos")),
        "{second:#?}"
    );
    assert!(
        second_tail.iter().any(|l| l.contains("¡Todo correcto!")),
        "{second_tail:#?}"
    );
    assert!(
        second.iter().any(|l| l.contains("Cambió perceptron.rs")),
        "{second:#?}"
    );
    assert!(
        second
            .iter()
            .any(|l| l.contains("sign") && l.contains("correcto")),
        "{second:#?}"
    );
    assert!(
        second
            .iter()
            .any(|l| l.contains("train_step") && l.contains("correcto")),
        "{second:#?}"
    );
    assert!(
        !second.iter().any(|l| l.contains("weighted_sum")),
        "unchanged exercises repeated: {second:#?}"
    );
    assert!(
        second.iter().any(|l| l.contains("Progreso: 8/8 puntos")),
        "{second:#?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn processes_left_running_by_student_code_are_killed_and_do_not_stall_the_grader() {
    let student = StudentFolder::new("orphan");
    // A child process (fork, no exec: the sandbox allows no other program)
    // that holds the harness's stdout open long after the harness exits.
    let marker = format!("orphan{}", std::process::id() % 100_000);
    student.replace_fn(
        "perceptron",
        "sign",
        &format!(
            "pub fn sign(z: f64) -> f64 {{
                unsafe extern \"C\" {{
                    fn fork() -> i32;
                    fn prctl(option: i32, name: *const u8, a: u64, b: u64, c: u64) -> i32;
                }}
                if unsafe {{ fork() }} == 0 {{
                    unsafe {{ prctl(15, \"{marker}\\0\".as_ptr(), 0, 0, 0) }};
                    loop {{ std::thread::sleep(std::time::Duration::from_secs(1)); }}
                }}
                if z > 0.0 {{ 1.0 }} else {{ -1.0 }}
            }}"
        ),
    );
    let out = grader()
        .args(["perceptron::sign", "--dir"])
        .arg(&student.dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    let survivors: Vec<std::path::PathBuf> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            std::fs::read_to_string(p.join("comm")).is_ok_and(|c| c.trim() == marker)
                && !std::fs::read_to_string(p.join("stat")).is_ok_and(|s| s.contains(") Z"))
        })
        .collect();
    for p in &survivors {
        if let Some(pid) = p.file_name() {
            let _ = std::process::Command::new("kill")
                .arg("-9")
                .arg(pid)
                .status();
        }
    }
    assert!(survivors.is_empty(), "left running: {survivors:?}");
}

/// Colour only on a terminal, and never with NO_COLOR (run under a pseudo
/// terminal with util-linux's `script`).
#[cfg(target_os = "linux")]
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let exe = assert_cmd::cargo::cargo_bin("grader");
    let stubs = StudentFolder::stubs("colour");
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = std::process::Command::new("script");
        cmd.args([
            "-qec",
            &format!(
                "{} perceptron::sign --seed 1 --dir {}",
                exe.display(),
                stubs.dir.display()
            ),
            "/dev/null",
        ]);
        cmd.env_remove("NO_COLOR");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let out = cmd
            .output()
            .expect("util-linux `script` runs the grader under a terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_terminal(None);
    assert!(
        coloured.contains("\x1b[1m"),
        "no colour on a terminal: {coloured:?}"
    );
    assert!(coloured.contains("pendiente"), "{coloured:?}");
    let plain = on_terminal(Some("1"));
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
    assert!(plain.contains("pendiente"), "{plain:?}");
}
