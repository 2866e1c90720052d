//! Grading again: unchanged exercises reused, `--watch` on saves.

use serde_json::Value;

use crate::folder::*;

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
    let other = student.grade(&["--format", "json", "--seed", "10", "xor"]);
    let other = json_of(&other.stdout);
    assert!(reused(&other, "xor").iter().all(|r| !*r), "{other:#}");
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
    // The grader's stderr goes to a file beside the folder, shown if a wait
    // fails; the guard stops the grader however the test ends.
    let stderr_path = student.dir.with_extension("stderr");
    let mut child = KillOnDrop(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"))
            .args(["--watch", "--seed", "3", "perceptron", "--dir"])
            .arg(&student.dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap(),
    );
    let (tx, rx) = mpsc::channel();
    let stdout = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    // A guard against a hang, not a time limit: the first build is cold and
    // the machine may be loaded (120 s was once not enough).
    let mut read_until = |needle: &str| -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(600);
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
        let status = child.0.try_wait();
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        panic!(
            "no «{needle}» in {lines:#?}\nthe grader: {status:?} (None: still running)\nits stderr:\n{stderr}"
        );
    };
    let first = read_until("Esperando cambios");
    assert!(line_with(&first, &["sign", "pendiente"]), "{first:#?}");
    assert!(
        line_with(&first, &["weighted_sum", "correcto"]),
        "{first:#?}"
    );
    // train_step calls sign: it waits for it, and says so.
    assert!(
        line_with(&first, &["usa `sign`, que todavía tiene `todo!()`"]),
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
    drop(child);
    let _ = std::fs::remove_file(&stderr_path);
    assert!(
        line_with(&third, &["corrida cancelada"]),
        "{looping:#?} {third:#?}"
    );
    assert!(
        !line_with(&third, &["tiempo agotado"]),
        "a stale report: {third:#?}"
    );
    assert!(line_with(&third, &["Progreso: 8/8 puntos"]), "{third:#?}");
    // The chapter's header shows its real total, not that of the lines shown.
    assert!(
        second
            .iter()
            .any(|l| l.starts_with("perceptron") && l.contains("8/8 puntos")),
        "{second:#?}"
    );
    assert!(
        line_with(&second_tail, &["¡Todo correcto!"]),
        "{second_tail:#?}"
    );
    assert!(line_with(&second, &["Cambió perceptron.rs"]), "{second:#?}");
    assert!(line_with(&second, &["sign", "correcto"]), "{second:#?}");
    assert!(
        line_with(&second, &["train_step", "correcto"]),
        "{second:#?}"
    );
    assert!(
        !line_with(&second, &["weighted_sum"]),
        "unchanged exercises repeated: {second:#?}"
    );
    assert!(line_with(&second, &["Progreso: 8/8 puntos"]), "{second:#?}");
}

/// A child process killed and reaped when dropped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether some line holds every one of `parts`.
fn line_with(lines: &[String], parts: &[&str]) -> bool {
    lines.iter().any(|l| parts.iter().all(|p| l.contains(p)))
}
