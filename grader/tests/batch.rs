//! `grader batch`: a class of generated submissions (right, partly right,
//! broken in every way the grader knows, hostile, empty, in each layout,
//! zipped)
//! graded into a gradebook; a batch killed midway resumes where it stopped.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{replace_fn, root};

fn batch(class: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("batch")
        .arg(class)
        .arg("--out")
        .arg(out)
        .args(["--seed", "11"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A scratch folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("grader-batch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the reference chapter files into `dir`, with `changes` (chapter,
/// function, new item) applied.
fn submission(dir: &Path, changes: &[(&str, &str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(root().join("solutions/src")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for (chapter, name, item) in changes {
        let path = dir.join(format!("{chapter}.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, replace_fn(&text, name, item)).unwrap();
    }
}

/// The gradebook: student → column → cell.
fn gradebook(out: &Path) -> (Vec<String>, BTreeMap<String, BTreeMap<String, String>>) {
    let text = std::fs::read_to_string(out.join("notas.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = split_csv(lines.next().unwrap());
    let rows = lines
        .map(|l| {
            let cells = split_csv(l);
            assert_eq!(cells.len(), header.len(), "{l}");
            (
                cells[0].clone(),
                header
                    .iter()
                    .cloned()
                    .zip(cells)
                    .collect::<BTreeMap<_, _>>(),
            )
        })
        .collect();
    (header, rows)
}

fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

/// A wrong exercise that no other exercise calls (1 point).
const WRONG: (&str, &str, &str) = (
    "activations",
    "leaky_relu",
    "pub fn leaky_relu(z: f64, alpha: f64) -> f64 { z.max(0.0) + 0.0 * alpha }",
);

#[test]
fn a_class_gets_its_gradebook_whatever_each_submission_does() {
    let scratch = Scratch::new("clase");
    let class = scratch.0.join("entregas");
    let out = scratch.0.join("notas");
    let outside = scratch.0.join("afuera");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&class).unwrap();

    submission(&class.join("correcta"), &[]);
    // A whole copy of the repository, packed in one folder, with a
    // `solutions/` that must not be graded.
    submission(&class.join("repo/tp-main/exercises/src"), &[]);
    std::fs::write(class.join("repo/tp-main/README.md"), "mi entrega").unwrap();
    submission(
        &class.join("repo/tp-main/solutions/src"),
        &[(
            "xor",
            "or_neuron",
            "pub fn or_neuron(x1: f64, x2: f64) -> f64 { x1 + x2 + 99.0 }",
        )],
    );
    // A copy of the exercises crate.
    submission(&class.join("crate/src"), &[]);
    std::fs::write(class.join("crate/Cargo.toml"), "[package]").unwrap();
    submission(&class.join("parcial"), &[WRONG]);
    submission(&class.join("no-compila"), &[]);
    std::fs::write(class.join("no-compila/xor.rs"), "pub fn or_neuron( {").unwrap();
    submission(
        &class.join("panico"),
        &[(
            "activations",
            "relu",
            "pub fn relu(z: f64) -> f64 { panic!(\"boom {z}\") }",
        )],
    );
    submission(
        &class.join("cuelga"),
        &[(
            "perceptron",
            "weighted_sum",
            "pub fn weighted_sum(w: &[f64], x: &[f64], b: f64) -> f64 { loop { std::hint::black_box(w); } }",
        )],
    );
    // Reads the solutions and forges its own record and the gradebook.
    let forged = "{\"student\": \"hostil\", \"points\": 79}";
    let hostile = format!(
        r#"pub fn weighted_sum(w: &[f64], x: &[f64], b: f64) -> f64 {{
            if let Ok(text) = std::fs::read_to_string("{solutions}") {{ println!("LEÍ {{}}", text.len()); }}
            for target in ["{out}/notas.csv", "{out}/entregas/forjado.json", "{outside}/rastro.txt"] {{
                let _ = std::fs::write(target, "{forged}");
            }}
            w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>() + b
        }}"#,
        solutions = root().join("solutions/src/perceptron.rs").display(),
        out = out.display(),
        outside = outside.display(),
        forged = forged.replace('"', "\\\""),
    );
    submission(
        &class.join("hostil"),
        &[("perceptron", "weighted_sum", &hostile)],
    );
    submission(&class.join("otros-archivos"), &[]);
    let backprop = class.join("otros-archivos/backprop.rs");
    let mut text = std::fs::read_to_string(&backprop).unwrap();
    text.push_str("\nconst _R: &str = include_str!(\"notas.txt\");\n");
    std::fs::write(&backprop, text).unwrap();
    std::fs::write(class.join("otros-archivos/notas.txt"), "apuntes").unwrap();
    // Code run before `main` in one chapter (it ends the process at once):
    // only that chapter's exercises may suffer, even when the other
    // chapters share one harness program.
    submission(&class.join("antes-de-main"), &[]);
    let xor = class.join("antes-de-main/xor.rs");
    let mut text = std::fs::read_to_string(&xor).unwrap();
    text.push_str(
        r#"
#[used]
#[cfg_attr(target_os = "linux", unsafe(link_section = ".init_array"))]
static BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn end() {
        std::process::abort()
    }
    end
};
"#,
    );
    std::fs::write(&xor, text).unwrap();
    std::fs::create_dir_all(class.join("vacia")).unwrap();
    submission(&class.join("enlace"), &[]);
    std::fs::remove_file(class.join("enlace/xor.rs")).unwrap();
    std::os::unix::fs::symlink(
        root().join("solutions/src/xor.rs"),
        class.join("enlace/xor.rs"),
    )
    .unwrap();
    std::fs::create_dir_all(class.join("stub")).unwrap();
    for entry in std::fs::read_dir(root().join("exercises/src")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, class.join("stub").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(class.join("roto.zip"), "esto no es un zip").unwrap();
    // A real zip: the Gradescope package is a copy of the repository, with
    // the stubs in exercises/src (and solutions/, never graded).
    let package = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(["package", "--gradescope", "--out"])
        .arg(class.join("zipeada.zip"))
        .output()
        .unwrap();
    assert!(package.status.success(), "{package:?}");
    std::fs::write(class.join("LEEME.txt"), "no es una entrega").unwrap();

    let run = batch(&class, &out, &["--jobs", "2"]);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("con la semilla 11"), "{stderr}");
    assert!(stderr.contains("no se corrigen: LEEME.txt"), "{stderr}");

    let (header, rows) = gradebook(&out);
    assert_eq!(header.len(), 2 + 49 + 2, "{header:?}");
    let students: Vec<&str> = rows.keys().map(String::as_str).collect();
    assert_eq!(
        students,
        [
            "antes-de-main",
            "correcta",
            "crate",
            "cuelga",
            "enlace",
            "hostil",
            "no-compila",
            "otros-archivos",
            "panico",
            "parcial",
            "repo",
            "roto",
            "stub",
            "vacia",
            "zipeada"
        ]
    );
    let cell = |student: &str, column: &str| -> String {
        let row = &rows[student];
        row.iter()
            .find(|(k, _)| k.starts_with(column))
            .unwrap_or_else(|| panic!("no column {column}"))
            .1
            .clone()
    };
    let why = |student: &str| cell(student, "motivos");
    for full in ["correcta", "repo", "crate"] {
        assert_eq!(cell(full, "total"), "79", "{full}: {}", why(full));
        assert_eq!(cell(full, "estado"), "corregida");
    }
    assert_eq!(cell("parcial", "activations::leaky_relu "), "0");
    assert_eq!(cell("parcial", "activations::relu "), "1");
    assert_eq!(cell("parcial", "total"), "78");
    assert_eq!(why("parcial"), "incorrecto: activations::leaky_relu");

    assert_eq!(cell("no-compila", "total"), "75");
    assert!(
        why("no-compila").starts_with("xor: no compila (xor.rs:1"),
        "{}",
        why("no-compila")
    );
    #[cfg(target_os = "linux")]
    {
        assert_eq!(
            cell("antes-de-main", "total"),
            "75",
            "{}",
            why("antes-de-main")
        );
        assert_eq!(cell("antes-de-main", "xor::or_neuron "), "0");
        let w = why("antes-de-main");
        assert!(w.contains("xor::") && !w.contains("perceptron::"), "{w}");
    }
    assert_eq!(cell("panico", "activations::relu "), "0");
    assert_eq!(why("panico"), "falló: activations::relu");
    assert_eq!(cell("cuelga", "perceptron::weighted_sum "), "0");
    // And so do the exercises that call it.
    assert!(
        why("cuelga")
            .starts_with("tiempo agotado: perceptron::weighted_sum, perceptron::perceptron_output"),
        "{}",
        why("cuelga")
    );

    // Contained: graded like any other, nothing read, nothing written.
    assert_eq!(cell("hostil", "estado"), "corregida");
    assert!(!outside.join("rastro.txt").exists());
    assert!(!out.join("entregas/forjado.json").exists());
    let records = std::fs::read_to_string(out.join("notas.json")).unwrap();
    assert!(
        !records.contains("LEÍ"),
        "the hostile run read the solutions"
    );

    assert_eq!(cell("otros-archivos", "total"), "69");
    let w = why("otros-archivos");
    assert!(
        w.starts_with("backprop: usa otro archivo (include_str!"),
        "{w}"
    );
    assert!(w.ends_with("archivos no usados: notas.txt"), "{w}");
    assert_eq!(cell("vacia", "estado"), "vacía");
    assert_eq!(cell("vacia", "total"), "0");
    assert!(why("vacia").starts_with("no tiene ningún archivo de capítulo"));
    assert_eq!(cell("enlace", "total"), "75");
    let w = why("enlace");
    assert!(
        w.contains("xor.rs: es un enlace simbólico (no se sigue)"),
        "{w}"
    );
    assert!(w.contains("falta el archivo: xor::or_neuron"), "{w}");
    assert_eq!(cell("stub", "total"), "0");
    assert!(why("stub").starts_with("pendiente: perceptron::sign"));
    assert_eq!(cell("roto", "estado"), "ilegible");
    assert!(
        why("roto").contains("no tiene directorio central"),
        "{}",
        why("roto")
    );
    assert_eq!(cell("zipeada", "estado"), "corregida");
    assert_eq!(cell("zipeada", "total"), "0");
    assert!(why("zipeada").starts_with("pendiente: perceptron::sign"));

    let details: Value = serde_json::from_str(&records).unwrap();
    assert_eq!(details["seed"], 11);
    for student in details["students"].as_array().unwrap() {
        // Every graded submission's full report is in the details (read
        // back from its record at the end of the batch).
        if student["status"] == "graded" {
            assert!(student["report"].is_object(), "{}", student["student"]);
        }
        if let Some(report) = student["report"].as_object() {
            assert_eq!(report["seed"], 11);
            assert_eq!(report["hidden_values_shown"], false);
        }
    }

    // Run again: nothing is graded twice, the gradebook is the same.
    let before = std::fs::read_to_string(out.join("notas.csv")).unwrap();
    let again = batch(&class, &out, &[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("(0 corregidas ahora, 15 de una corrida anterior)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notas.csv")).unwrap(),
        before
    );
}

/// A submission's chapters that do not compile cost one more compiler run
/// over the others, never a build per chapter (no second `cargo build`),
/// and each gets the same first error as in the student's own run, which
/// builds every chapter alone.
#[test]
fn a_chapter_that_does_not_compile_costs_one_more_compiler_run() {
    let scratch = Scratch::new("no-compila");
    let class = scratch.0.join("entregas");
    let out = scratch.0.join("notas");
    // Graded in this order by one worker: the first build (cargo's) fails.
    submission(&class.join("a-sintaxis"), &[]);
    std::fs::write(class.join("a-sintaxis/xor.rs"), "pub fn or_neuron( {").unwrap();
    submission(&class.join("b-correcta"), &[]);
    submission(
        &class.join("c-dos-capitulos"),
        &[
            (
                "activations",
                "relu",
                "pub fn relu(z: f64) -> f64 { \"cero\" }",
            ),
            (
                "perceptron",
                "sign",
                "pub fn sign(x: i32) -> f64 { if x > 0 { 1.0 } else { -1.0 } }",
            ),
        ],
    );
    // Every cargo the grader starts, logged.
    let log = scratch.0.join("cargo.log");
    let wrapper = scratch.0.join("cargo-logged");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            env!("CARGO")
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("batch")
        .arg(&class)
        .arg("--out")
        .arg(&out)
        .args(["--seed", "11", "--jobs", "1"])
        .env("CARGO", &wrapper)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let builds: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("build"))
        .map(str::to_string)
        .collect();
    assert_eq!(builds.len(), 1, "{builds:#?}");

    let (_, rows) = gradebook(&out);
    let details: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("notas.json")).unwrap()).unwrap();
    let report = |student: &str| -> Value {
        details["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["student"] == student)
            .unwrap()["report"]
            .clone()
    };
    for (student, broken) in [
        ("a-sintaxis", &["xor"][..]),
        ("b-correcta", &[]),
        ("c-dos-capitulos", &["activations", "perceptron"]),
    ] {
        // Every chapter that compiles keeps all its points.
        let batch_report = report(student);
        for chapter in batch_report["chapters"].as_array().unwrap() {
            let id = chapter["id"].as_str().unwrap();
            let error = &chapter["compile_error"];
            assert_eq!(!error.is_null(), broken.contains(&id), "{student} {id}");
            for e in chapter["exercises"].as_array().unwrap() {
                let expected = if broken.contains(&id) {
                    0
                } else {
                    e["max_points"].as_u64().unwrap()
                };
                assert_eq!(
                    e["points"].as_u64().unwrap(),
                    expected,
                    "{student} {id}::{}",
                    e["id"]
                );
            }
        }
        assert!(rows.contains_key(student));
        if broken.is_empty() {
            continue;
        }
        // The student's own run of the same files: the same first errors.
        let own = Command::new(env!("CARGO_BIN_EXE_grader"))
            .args(["--format", "json", "--seed", "11", "--dir"])
            .arg(class.join(student))
            .args(broken)
            .output()
            .unwrap();
        let own: Value = serde_json::from_slice(&own.stdout).unwrap();
        let first_error = |report: &Value, chapter: &str| -> (String, Value, Value) {
            let error = report["chapters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == chapter)
                .unwrap()["compile_error"]
                .clone();
            let file = error["file"].as_str().unwrap_or("");
            let name = file.rsplit('/').next().unwrap_or("").to_string();
            (name, error["line"].clone(), error["message"].clone())
        };
        for chapter in broken {
            let in_batch = first_error(&batch_report, chapter);
            assert_eq!(in_batch, first_error(&own, chapter), "{student} {chapter}");
            assert!(!in_batch.2.is_null(), "{student} {chapter}");
        }
    }
}

#[test]
fn an_interrupted_batch_resumes_without_grading_again() {
    let scratch = Scratch::new("interrumpida");
    let class = scratch.0.join("entregas");
    let out = scratch.0.join("notas");
    for (name, changes) in [
        ("a", vec![]),
        ("b", vec![WRONG]),
        ("c", vec![]),
        ("d", vec![WRONG]),
    ] {
        submission(&class.join(name), &changes);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("batch")
        .arg(&class)
        .arg("--out")
        .arg(&out)
        .args(["--seed", "11", "--jobs", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Records written whole (a temporary file, renamed).
    let records = out.join("entregas");
    let count = || {
        std::fs::read_dir(&records).map_or(0, |d| {
            d.flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    !name.starts_with('.') && name.ends_with(".json")
                })
                .count()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(300);
    while count() < 1 {
        assert!(
            Instant::now() < deadline,
            "no submission graded in 5 minutes"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended too soon"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !out.join("notas.csv").exists() && !out.join("notas.json").exists(),
        "an interrupted batch left a gradebook"
    );
    let done = count();
    assert!((1..4).contains(&done), "{done} records");

    let resumed = batch(&class, &out, &[]);
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert_eq!(resumed.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "({} corregidas ahora, {done} de una corrida anterior)",
            4 - done
        )),
        "{stderr}"
    );
    let (_, rows) = gradebook(&out);
    let totals: Vec<(&str, &str)> = rows
        .iter()
        .map(|(s, row)| {
            (
                s.as_str(),
                row.iter()
                    .find(|(k, _)| k.starts_with("total"))
                    .unwrap()
                    .1
                    .as_str(),
            )
        })
        .collect();
    assert_eq!(totals, [("a", "79"), ("b", "78"), ("c", "79"), ("d", "78")]);
    // Asked to, it grades everything again, to the same gradebook.
    let before = std::fs::read_to_string(out.join("notas.csv")).unwrap();
    let regraded = batch(&class, &out, &["--regrade"]);
    let stderr = String::from_utf8_lossy(&regraded.stderr);
    assert!(
        stderr.contains("(4 corregidas ahora, 0 de una corrida anterior)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notas.csv")).unwrap(),
        before
    );
}
