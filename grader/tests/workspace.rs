//! The grader finds its workspace when it runs: two copies of the
//! repository that share one target directory (a global
//! `CARGO_TARGET_DIR`, and copies that keep their files' times, as `cp -a`
//! does) each grade their own files, although cargo runs one grader binary
//! for both.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{copy_workspace, root, target_dir};

fn grade_in(copy: &Path) -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(copy)
        .args([
            "run",
            "-q",
            "-p",
            "grader",
            "--",
            "perceptron",
            "--format",
            "json",
        ])
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no report from {} ({e}): {}",
            copy.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn two_copies_sharing_a_target_directory_grade_their_own_files() {
    let base = std::env::temp_dir().join(format!("grader-copies-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (stubs, solved) = (base.join("a"), base.join("b"));
    copy_workspace(&stubs);
    copy_workspace(&solved);
    // The first copy's perceptron chapter is the stub a class receives
    // (this workspace's own may be solved).
    let chapter = xtask::layout::chapter(&root(), "perceptron").unwrap();
    std::fs::write(
        stubs.join("exercises/src/perceptron.rs"),
        xtask::layout::stub_of(&chapter).unwrap().text,
    )
    .unwrap();
    // The second copy's student solved the perceptron chapter.
    std::fs::copy(
        solved.join("solutions/src/perceptron.rs"),
        solved.join("exercises/src/perceptron.rs"),
    )
    .unwrap();

    let statuses = |report: &Value| -> Vec<String> {
        report["chapters"][0]["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["status"].as_str().unwrap().to_string())
            .collect()
    };
    let first = grade_in(&stubs);
    let second = grade_in(&solved);
    let first_again = grade_in(&stubs);
    let _ = std::fs::remove_dir_all(&base);

    assert!(
        statuses(&first).iter().all(|s| s == "pending"),
        "{:?}",
        statuses(&first)
    );
    assert!(
        statuses(&second).iter().all(|s| s == "passed"),
        "the second copy was graded with the first one's files: {:?}",
        statuses(&second)
    );
    assert_eq!(statuses(&first_again), statuses(&first));
    assert_eq!(first["graded_folder"], "exercises/src");
    assert_eq!(second["graded_folder"], "exercises/src");
}
