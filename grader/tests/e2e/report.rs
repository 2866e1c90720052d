//! What the report shows: hidden cases, what the student's code printed,
//! a missing file, the same report for the same seed.

use serde_json::Value;

use crate::folder::*;

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
    let out = student.grade(&["perceptron::sign"]);
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
    let out = student.grade(&["--format", "json", "cnn_rnn", "xor"]);
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
