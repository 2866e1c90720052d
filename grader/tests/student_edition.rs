//! `grader package --student`: the edition a class receives has no
//! solutions, builds without them, its grader gives full feedback from
//! the public cases and the bank of hidden cases, and its
//! `cargo test --workspace` passes. The edition is built in a
//! target directory of its own, kept between runs
//! (`<target>/student-edition`), offline.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{copy_workspace, exercise, root, target_dir};

/// A copy of the workspace whose `exercises/src` holds the generated stubs
/// (this workspace's own may be solved).
fn pristine_copy(to: &Path) {
    copy_workspace(to);
    for chapter in xtask::layout::chapters(&root()).unwrap() {
        let parsed = xtask::layout::chapter(&root(), &chapter).unwrap();
        std::fs::write(
            to.join("exercises/src").join(format!("{chapter}.rs")),
            xtask::layout::stub_of(&parsed).unwrap().text,
        )
        .unwrap();
    }
}

/// `cargo <args>` in the edition, offline, in its own target directory.
fn cargo_in(edition: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .current_dir(edition)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir().join("student-edition"))
        .env_remove("CARGO_MANIFEST_DIR")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap()
}

fn grade(edition: &Path, args: &[&str]) -> Output {
    let mut all = vec!["run", "-q", "--offline", "-p", "grader", "--"];
    all.extend_from_slice(args);
    cargo_in(edition, &all)
}

fn report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no report ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_student_edition_has_no_solutions_builds_and_gives_feedback() {
    let base = std::env::temp_dir().join(format!("grader-edition-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (source, edition) = (base.join("course"), base.join("edition"));
    pristine_copy(&source);

    let package = || {
        Command::new(env!("CARGO_BIN_EXE_grader"))
            .current_dir(&source)
            .env_remove("CARGO_MANIFEST_DIR")
            .args(["package", "--student"])
            .arg(&edition)
            .output()
            .unwrap()
    };
    let packaged = package();
    assert!(
        packaged.status.success(),
        "{}",
        String::from_utf8_lossy(&packaged.stderr)
    );
    // Never over an existing folder.
    let again = package();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("ya existe"));

    // No solutions, and nothing that needs them.
    for gone in [
        "solutions",
        "notebooks",
        "xtask",
        "book/figures",
        "grader/tests",
    ] {
        assert!(!edition.join(gone).exists(), "{gone} is in the edition");
    }
    for manifest in ["Cargo.toml", "grader/Cargo.toml"] {
        let text = std::fs::read_to_string(edition.join(manifest)).unwrap();
        assert!(!text.contains("solutions\""), "{manifest}: {text}");
        assert!(!text.contains("solutions ="), "{manifest}: {text}");
    }
    let bank: Value =
        serde_json::from_str(&std::fs::read_to_string(edition.join("grader/bank.json")).unwrap())
            .unwrap();
    assert_eq!(bank["seeds"].as_array().unwrap().len(), 10);
    assert!(bank["exercises"].as_object().unwrap().len() > 40);
    assert_eq!(
        std::fs::read_to_string(edition.join("exercises/src/perceptron.rs")).unwrap(),
        std::fs::read_to_string(source.join("exercises/src/perceptron.rs")).unwrap()
    );

    let built = cargo_in(&edition, &["build", "-q", "--offline", "-p", "grader"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );

    // The stubs: pending.
    let stubs = report(&grade(
        &edition,
        &["perceptron", "--format", "json", "--seed", "3"],
    ));
    assert_eq!(exercise(&stubs, "perceptron::sign")["status"], "pending");

    // The solutions, as a student who solved everything: full marks,
    // hidden cases included.
    let solved = base.join("solved");
    std::fs::create_dir_all(&solved).unwrap();
    for entry in std::fs::read_dir(root().join("solutions/src")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, solved.join(path.file_name().unwrap())).unwrap();
    }
    let dir = solved.to_str().unwrap();
    let full = report(&grade(
        &edition,
        &["--format", "json", "--seed", "7", "--dir", dir],
    ));
    assert_eq!(full["points"], full["max_points"], "{full:#}");
    let train = exercise(&full, "perceptron::train_step");
    let public = 2;
    assert!(
        train["cases_total"].as_u64().unwrap() > public,
        "no hidden case ran: {train:#}"
    );

    // A mistake: sgn(0) = +1 fails on the bank's cases, and is explained.
    let text = std::fs::read_to_string(solved.join("perceptron.rs")).unwrap();
    let start = text.find("pub fn sign(").unwrap();
    let end = start + text[start..].find("\n}\n").unwrap() + 3;
    let wrong = format!(
        "{}pub fn sign(z: f64) -> f64 {{ if z >= 0.0 {{ 1.0 }} else {{ -1.0 }} }}\n{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(solved.join("perceptron.rs"), wrong).unwrap();
    let wrong = report(&grade(
        &edition,
        &[
            "perceptron::sign",
            "--format",
            "json",
            "--seed",
            "7",
            "--dir",
            dir,
        ],
    ));
    assert_eq!(
        exercise(&wrong, "perceptron::sign")["status"],
        "wrong",
        "{wrong:#}"
    );

    // Seeds outside the bank, and the instructors' commands, say why not.
    let outside = grade(&edition, &["--seed", "77"]);
    assert!(!outside.status.success());
    assert!(String::from_utf8_lossy(&outside.stderr).contains("sólo para las semillas"));
    let check = grade(&edition, &["check"]);
    assert!(String::from_utf8_lossy(&check.stderr).contains("esta edición no las tiene"));
    let reference = grade(&edition, &["--solutions"]);
    assert!(String::from_utf8_lossy(&reference.stderr).contains("no tiene soluciones"));

    // The README's test command passes in the edition.
    let tested = cargo_in(&edition, &["test", "-q", "--offline", "--workspace"]);
    assert!(
        tested.status.success(),
        "{}{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );

    let _ = std::fs::remove_dir_all(&base);
}
