//! Machine-readable reports: the grader's own JSON (schema in
//! `grader/schema/report.schema.json`) and Gradescope's `results.json`
//! (schema in `grader/schema/gradescope.schema.json`).

use serde_json::{Value, json};

use crate::outcome::{ExerciseOutcome, Report, Status};
use crate::report::inert;
use crate::report::style::Style;
use crate::report::text::{self, TextOptions};

pub const SCHEMA_VERSION: u32 = 4;

/// A JSON value as text, with nothing in it a terminal would obey.
pub fn to_text(value: &Value) -> String {
    inert::json(format!("{value:#}"))
}

pub fn report(report: &Report) -> Value {
    let (points, max_points) = report.points();
    let (passed, total) = report.passed();
    let mut value = json!({
        "schema_version": SCHEMA_VERSION,
        "course": report.course,
        "graded_folder": report.graded_folder,
        "seed": report.seed,
        "points": points,
        "max_points": max_points,
        "exercises_passed": passed,
        "exercises_total": total,
        "cases_run": report.cases_run(),
        "all_passed": report.all_passed(),
        "hidden_values_shown": report.hidden_values_shown,
    });
    value["chapters"] = serde_json::to_value(&report.chapters).unwrap_or(Value::Null);
    value["sandbox"] = serde_json::to_value(&report.sandbox).unwrap_or(Value::Null);
    value
}

pub fn gradescope(report: &Report, catalog: &crate::catalog::Catalog) -> Value {
    let (points, max_points) = report.points();
    let tests: Vec<Value> = report
        .exercises()
        .map(|e| {
            json!({
                "name": format!("{}::{} — {}", e.chapter, e.id, e.title),
                "score": e.points,
                "max_score": e.max_points,
                "status": if e.status == Status::Passed { "passed" } else { "failed" },
                "output": exercise_text(e),
                "visibility": "visible",
            })
        })
        .collect();
    let summary = text::render(
        report,
        catalog,
        Style::plain(),
        &TextOptions {
            verbose: false,
            rerun: format!("--seed {}", report.seed),
            ..Default::default()
        },
    );
    json!({
        "score": points,
        "max_score": max_points,
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": { "sandbox": report.sandbox, "cases_run": report.cases_run() },
    })
}

/// One exercise's result as plain text, for Gradescope's per-test output.
fn exercise_text(e: &ExerciseOutcome) -> String {
    let mut lines = vec![format!(
        "{} ({}/{} casos; corrieron {}; ocultos: {}/{})",
        e.status.label(),
        e.cases_passed,
        e.cases_total,
        e.cases_run.describe(),
        e.hidden_passed,
        e.hidden_total
    )];
    if !e.summary.is_empty() {
        lines.push(inert::line(&e.summary).into_owned());
    }
    if let Some(note) = &e.helper_note {
        lines.push(format!("ojo: {}", inert::line(note)));
    }
    if let Some(f) = &e.failure {
        let mut field = |name: &str, value: &str| {
            lines.push(format!("{name}: {}", inert::line(value)));
        };
        field("caso", &crate::cases::label(f.kind, &f.case));
        field("entrada", &f.input);
        if let Some(x) = &f.expected {
            field("esperado", x);
        }
        if let Some(x) = &f.got {
            field("obtenido", x);
        }
        if let Some(x) = &f.tolerance {
            field("tolerancia", x);
        }
        if let Some(x) = &f.diagnosis {
            field("diagnóstico", x);
        }
    }
    lines.join("\n")
}
