//! The Gradescope autograder: `package --gradescope` unpacked into a fake
//! `/autograder` tree, and its `run_autograder` run (as Gradescope would)
//! on a good, a broken and a hostile submission. `setup.sh` needs the
//! network (rustup) and is not run: the grader under test stands in for the
//! one it would build (`GRADER_BIN`).

#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{replace_fn, root};

fn validate(value: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("grader/schema/gradescope.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

struct Autograder {
    root: PathBuf,
}

impl Autograder {
    fn new() -> Self {
        // Always the same place, so that the harness crate built for it
        // (named after the workspace's path) is reused by the next run.
        let base = std::env::temp_dir().join("grader-gradescope-test");
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("autograder");
        std::fs::create_dir_all(&root).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_grader"))
            .args([
                "package",
                "--gradescope",
                "--unpacked",
                "--seed",
                "21",
                "--out",
            ])
            .arg(root.join("source"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("semilla 21"));
        Self { root }
    }

    /// Puts `files` (name, content) as the submission and runs
    /// `run_autograder`; the results.
    fn run(&self, files: &[(&str, String)]) -> Value {
        let submission = self.root.join("submission");
        let _ = std::fs::remove_dir_all(&submission);
        std::fs::create_dir_all(&submission).unwrap();
        for (name, text) in files {
            std::fs::write(submission.join(name), text).unwrap();
        }
        let results = self.root.join("results/results.json");
        let _ = std::fs::remove_file(&results);
        let out = Command::new("bash")
            .arg(self.root.join("source/run_autograder"))
            .env("AUTOGRADER_ROOT", &self.root)
            .env("GRADER_BIN", env!("CARGO_BIN_EXE_grader"))
            // As on Gradescope: the workspace is the unpacked source.
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("GRADER_SANDBOX_DISABLE")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let text = std::fs::read_to_string(&results)
            .unwrap_or_else(|e| panic!("no results.json ({e}): {out:?}"));
        let value: Value = serde_json::from_str(&text).unwrap();
        validate(&value);
        value
    }
}

impl Drop for Autograder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.root.parent().unwrap());
    }
}

fn solutions() -> Vec<(&'static str, String)> {
    [
        "perceptron",
        "xor",
        "activations",
        "vectorization",
        "backprop",
        "generalization",
        "cnn_rnn",
    ]
    .into_iter()
    .map(|c| {
        let name: &'static str = Box::leak(format!("{c}.rs").into_boxed_str());
        (
            name,
            std::fs::read_to_string(root().join("solutions/src").join(name)).unwrap(),
        )
    })
    .collect()
}

fn test_named<'a>(results: &'a Value, prefix: &str) -> &'a Value {
    results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no test {prefix}"))
}

#[test]
fn run_autograder_grades_good_broken_and_hostile_submissions() {
    let autograder = Autograder::new();
    let source = autograder.root.join("source");
    for script in ["setup.sh", "run_autograder"] {
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(source.join(script))
                .unwrap()
                .permissions(),
        );
        assert_eq!(mode & 0o111, 0o111, "{script} is not executable");
    }

    let good = autograder.run(&solutions());
    assert_eq!(good["score"], 68, "{good:#}");
    assert_eq!(good["extra_data"]["sandbox"]["complete"], true, "{good:#}");
    let output = good["output"].as_str().unwrap();
    assert!(output.contains("semilla 21"), "{output}");
    assert!(output.contains("Casos ocultos: "), "{output}");

    let mut broken = solutions();
    broken[1].1 = "pub fn or_neuron( {".into();
    broken[2].1 = replace_fn(
        &broken[2].1,
        "leaky_relu",
        "pub fn leaky_relu(z: f64, alpha: f64) -> f64 { z.max(0.0) + 0.0 * alpha }",
    );
    broken.push(("notas.txt", "apuntes".into()));
    let results = autograder.run(&broken);
    assert_eq!(results["score"], 68 - 4 - 1, "{results:#}");
    assert_eq!(test_named(&results, "xor::or_neuron")["score"], 0);
    assert!(
        test_named(&results, "xor::or_neuron")["output"]
            .as_str()
            .unwrap()
            .contains("no compila")
    );
    assert_eq!(
        test_named(&results, "activations::leaky_relu")["status"],
        "failed"
    );
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("Archivos de la entrega que no se usan: notas.txt")
    );

    // Steals the reference and plants files where the results go.
    let results_dir = autograder.root.join("results");
    let planted = [results_dir.join("robado.txt"), source.join("robado.txt")];
    let mut hostile = solutions();
    hostile[0].1 = replace_fn(
        &hostile[0].1,
        "weighted_sum",
        &format!(
            r#"pub fn weighted_sum(w: &[f64], x: &[f64], b: f64) -> f64 {{
                let stolen = std::fs::read_to_string("{reference}").unwrap_or_default();
                for target in ["{a}", "{b}"] {{
                    let _ = std::fs::write(target, &stolen);
                }}
                let _ = std::fs::write("{results}", "{{\"score\": 1000}}");
                if !stolen.is_empty() {{ panic!("ROBADO"); }}
                w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>() + b
            }}"#,
            reference = source.join("solutions/src/perceptron.rs").display(),
            a = planted[0].display(),
            b = planted[1].display(),
            results = results_dir.join("results.json").display(),
        ),
    );
    let results = autograder.run(&hostile);
    assert_eq!(results["score"], 68, "{results:#}");
    assert!(!results.to_string().contains("ROBADO"), "{results:#}");
    for file in &planted {
        assert!(!file.exists(), "{} was written", file.display());
    }
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&results_dir).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o700);

    let empty = autograder.run(&[("LEEME.md", "olvidé subir los archivos".into())]);
    assert_eq!(empty["score"], 0);
    assert!(
        empty["output"]
            .as_str()
            .unwrap()
            .contains("No se encontró ningún archivo de capítulo")
    );
}
