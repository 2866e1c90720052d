//! What the grader refuses and reports: chapter files that read other files,
//! harnesses built for another folder, the protections in force, `--strict`,
//! and the report file.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::arena::*;

#[test]
pub(crate) fn chapter_files_that_read_other_files_are_refused_and_the_rest_is_graded() {
    let run = grade(
        &["vectorization", "backprop", "cnn_rnn", "generalization"],
        &[],
    );
    assert!(run.output.status.code().is_some());
    let chapters = run.report()["chapters"].as_array().unwrap();
    let chapter = |id: &str| chapters.iter().find(|c| c["id"] == id).unwrap();
    if present("single_file") {
        for (id, construct) in [
            ("vectorization", "#[path]"),
            ("backprop", "include_str!"),
            ("cnn_rnn", "enlace simbólico"),
        ] {
            let c = chapter(id);
            let refusal = &c["other_file"];
            assert!(
                refusal["construct"]
                    .as_str()
                    .unwrap()
                    .starts_with(construct),
                "{c:#}"
            );
            assert!(
                refusal["message"]
                    .as_str()
                    .unwrap()
                    .contains("cada capítulo tiene que ser un solo archivo")
                    || refusal["message"]
                        .as_str()
                        .unwrap()
                        .contains("enlace simbólico"),
                "{c:#}"
            );
            for e in c["exercises"].as_array().unwrap() {
                assert_eq!(e["status"], "uses_other_file", "{e:#}");
                assert_eq!(e["points"], 0);
            }
        }
    }
    for e in chapter("generalization")["exercises"].as_array().unwrap() {
        assert_eq!(e["status"], "passed", "{e:#}");
    }
    let text = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["vectorization", "--dir"])
        .arg(&arena().student)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains(
            "usa otro archivo (`#[path]`, línea 1): cada capítulo tiene que ser un solo archivo"
        ),
        "{text}"
    );
}

#[test]
pub(crate) fn a_harness_built_for_another_folder_refuses_to_run() {
    let run = grade(&["perceptron::weighted_sum"], &[]);
    assert_eq!(run.exercise("perceptron::weighted_sum")["status"], "passed");
    // The harness binaries of the arena, found in the target folder.
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("debug"),
        None => grader_exe().parent().unwrap().to_path_buf(),
    };
    let harness = std::fs::read_dir(&target)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("harness-") && name.ends_with("-perceptron")
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("a perceptron harness");
    let dir = arena().base.join("identity");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("cases.json");
    let results = dir.join("results.jsonl");
    std::fs::write(&cases, "[{\"z\": 1.0}]").unwrap();
    std::fs::write(&results, "").unwrap();
    let out = Command::new(&harness)
        .args(["sign"])
        .arg(&cases)
        .arg(&results)
        .arg("/some/other/folder|/some/other/workspace")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let lines = std::fs::read_to_string(&results).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(lines.contains("\"identity\""), "{lines}");
}

#[test]
pub(crate) fn the_report_says_which_protections_were_in_force() {
    let arena = arena();
    let run = |disable: Option<&str>, format: &str| {
        let mut cmd = Command::new(grader_exe());
        cmd.env("GRADER_NO_REUSE", "1");
        cmd.args(["--format", format, "perceptron::weighted_sum", "--dir"])
            .arg(&arena.student)
            .env_remove("GRADER_SANDBOX_DISABLE");
        if let Some(d) = disable {
            cmd.env("GRADER_SANDBOX_DISABLE", d);
        }
        cmd.output().unwrap()
    };
    let json: Value = serde_json::from_slice(&run(None, "json").stdout).unwrap();
    let sandbox = &json["sandbox"];
    assert_eq!(sandbox["harness_processes"], 1, "{sandbox:#}");
    let off: Value = serde_json::from_slice(&run(Some("namespaces"), "json").stdout).unwrap();
    let ns = off["sandbox"]["protections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "namespaces")
        .unwrap();
    assert_eq!(ns["in_force"], false);
    assert!(
        ns["why_not"]
            .as_str()
            .unwrap()
            .contains("GRADER_SANDBOX_DISABLE")
    );
    assert_eq!(off["sandbox"]["complete"], false);

    let text = String::from_utf8(run(Some("namespaces"), "text").stdout).unwrap();
    assert!(
        text.contains("Aislamiento parcial: faltan espacios de nombres (desactivada con GRADER_SANDBOX_DISABLE)"),
        "{text}"
    );
    let gradescope: Value =
        serde_json::from_slice(&run(Some("namespaces"), "gradescope").stdout).unwrap();
    assert!(
        gradescope["output"]
            .as_str()
            .unwrap()
            .contains("Aislamiento parcial"),
        "{gradescope:#}"
    );
    assert_eq!(gradescope["extra_data"]["sandbox"]["complete"], false);
    let typo = run(Some("namespace"), "json");
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("no hay ninguna protección"));
}

#[test]
pub(crate) fn strict_refuses_to_grade_without_the_full_sandbox() {
    let arena = arena();
    let report = arena.base.join("estricto.json");
    let run = |disable: &str| {
        Command::new(grader_exe())
            .env("GRADER_NO_REUSE", "1")
            .args([
                "--strict",
                "--format",
                "json",
                "perceptron::weighted_sum",
                "--output",
            ])
            .arg(&report)
            .arg("--dir")
            .arg(&arena.student)
            .env("GRADER_SANDBOX_DISABLE", disable)
            .output()
            .unwrap()
    };
    let off = run("landlock_network");
    assert_eq!(off.status.code(), Some(2), "{off:?}");
    let err = String::from_utf8_lossy(&off.stderr);
    assert!(
        err.contains("--strict") && err.contains("landlock_network"),
        "{err}"
    );
    assert!(!report.exists());

    let full = run("");
    let probe = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--format", "json", "perceptron::weighted_sum", "--dir"])
        .arg(&arena.student)
        .env_remove("GRADER_SANDBOX_DISABLE")
        .output()
        .unwrap();
    let probe: Value = serde_json::from_slice(&probe.stdout).unwrap();
    if probe["sandbox"]["complete"] == true {
        assert_eq!(full.status.code(), Some(0), "{full:?}");
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(written["sandbox"]["complete"], true);
    } else {
        // Root, or a system without some protection: strict refuses.
        assert_eq!(full.status.code(), Some(2), "{full:?}");
        assert!(!report.exists());
    }
    let _ = std::fs::remove_file(&report);
}

#[test]
pub(crate) fn the_output_file_is_written_whole_at_the_end_and_never_inside_the_graded_folder() {
    let arena = arena();
    let folder = arena.base.join("salida");
    std::fs::create_dir_all(&folder).unwrap();
    let report = folder.join("results.json");
    let out = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args([
            "--format",
            "gradescope",
            "perceptron::weighted_sum",
            "--output",
        ])
        .arg(&report)
        .arg("--dir")
        .arg(&arena.student)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "the report went to stdout too");
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(results["score"], 1);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["results.json".to_string()],
        "temporary files left"
    );

    let inside = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["perceptron::weighted_sum", "--output"])
        .arg(arena.student.join("informe.txt"))
        .arg("--dir")
        .arg(&arena.student)
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("dentro de la carpeta que se corrige")
    );
    assert!(!arena.student.join("informe.txt").exists());
}
