//! What a batch writes: one record per student (kept as it is graded, so
//! an interrupted batch resumes), and at the end the gradebook, a CSV with
//! one row per student and one column per exercise plus the total, and a
//! JSON file with every detail. Each file is written whole or not at all
//! (a temporary file renamed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::Catalog;
use crate::harness::fnv1a;
use crate::outcome::{Report, Status};
use crate::output;

/// The gradebook's name, and the details'.
pub const CSV_NAME: &str = "notas.csv";
pub const JSON_NAME: &str = "notas.json";
/// The seed of the batch, kept for a resumed run.
pub const STATE_NAME: &str = "lote.json";
/// One record per student, as graded.
pub const RECORDS_DIR: &str = "entregas";

/// What happened to one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Graded (whatever each exercise got).
    Graded,
    /// No chapter file in it.
    Empty,
    /// It could not be read (a broken zip, a folder that cannot be listed).
    Unreadable,
    /// The grader failed on it (never the student's fault): grade again.
    GraderError,
}

impl SubmissionStatus {
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Graded => "corregida",
            SubmissionStatus::Empty => "vacía",
            SubmissionStatus::Unreadable => "ilegible",
            SubmissionStatus::GraderError => "error del corrector",
        }
    }
}

/// One student's line of the gradebook, and the details behind it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub student: String,
    /// The entry in the batch folder (folder or zip name).
    pub entry: String,
    pub layout: String,
    pub status: SubmissionStatus,
    pub seed: u64,
    /// Of the chapter files graded: an unchanged submission is not graded
    /// again.
    pub fingerprint: String,
    pub points: u32,
    pub max_points: u32,
    /// `chapter::exercise` → points.
    pub exercises: BTreeMap<String, u32>,
    /// Why points were lost, in a few words each.
    pub reasons: Vec<String>,
    /// Files in the submission that were not used.
    pub ignored_files: Vec<String>,
    pub elapsed_ms: u64,
    /// The full report (hidden cases counted, their values withheld).
    pub report: Option<Value>,
}

impl Record {
    /// A submission that was not graded, with its reasons.
    pub fn ungraded(
        student: &str,
        entry: &str,
        status: SubmissionStatus,
        seed: u64,
        catalog: &Catalog,
        reasons: Vec<String>,
    ) -> Self {
        Record {
            student: student.into(),
            entry: entry.into(),
            layout: String::new(),
            status,
            seed,
            fingerprint: String::new(),
            points: 0,
            max_points: catalog.exercises().map(|(_, e)| e.points).sum(),
            exercises: BTreeMap::new(),
            reasons,
            ignored_files: Vec::new(),
            elapsed_ms: 0,
            report: None,
        }
    }
}

impl Record {
    /// The record without its full report: what the gradebook's CSV needs.
    pub fn without_report(self) -> Self {
        Record {
            report: None,
            ..self
        }
    }
}

/// Why a graded submission lost points, grouped by status.
pub fn reasons(report: &Report) -> Vec<String> {
    let mut reasons = Vec::new();
    for chapter in &report.chapters {
        if let Some(e) = &chapter.compile_error {
            reasons.push(format!(
                "{}: no compila ({}:{}: {})",
                chapter.id,
                short_file(&e.file),
                e.line,
                e.message
            ));
        }
        if let Some(r) = &chapter.other_file {
            reasons.push(format!(
                "{}: usa otro archivo ({})",
                chapter.id, r.construct
            ));
        }
    }
    let mut by_status: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for e in report.exercises() {
        if matches!(
            e.status,
            Status::Passed | Status::CompileError | Status::UsesOtherFile
        ) {
            continue;
        }
        by_status
            .entry(e.status.label())
            .or_default()
            .push(format!("{}::{}", e.chapter, e.id));
    }
    for (label, ids) in by_status {
        reasons.push(format!("{label}: {}", ids.join(", ")));
    }
    reasons
}

fn short_file(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The file of a student's record: a readable name plus a hash of the
/// whole name, so that no two students share one.
pub fn record_path(out: &Path, student: &str) -> PathBuf {
    let safe: String = student
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    out.join(RECORDS_DIR).join(format!(
        "{safe}-{:08x}.json",
        fnv1a(student.as_bytes()) as u32
    ))
}

pub fn read_record(out: &Path, student: &str) -> Option<Record> {
    let text = std::fs::read_to_string(record_path(out, student)).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn write_record(out: &Path, record: &Record) -> Result<()> {
    let text = serde_json::to_string_pretty(record)?;
    output::write(&record_path(out, &record.student), &text)
}

/// The batch's state: its seed.
#[derive(Debug, Serialize, Deserialize)]
pub struct State {
    pub seed: u64,
}

pub fn read_state(out: &Path) -> Option<State> {
    serde_json::from_str(&std::fs::read_to_string(out.join(STATE_NAME)).ok()?).ok()
}

pub fn write_state(out: &Path, state: &State) -> Result<()> {
    output::write(&out.join(STATE_NAME), &serde_json::to_string_pretty(state)?)
}

/// Writes the gradebook (CSV) and the details (JSON) of `records`. The
/// records may come without their reports: each one's details are read
/// back from its file in `out` (the record itself where that file does not
/// hold the same grading).
pub fn write(out: &Path, catalog: &Catalog, seed: u64, records: &[Record]) -> Result<()> {
    let ids: Vec<(String, u32)> = catalog
        .exercises()
        .map(|(c, e)| (format!("{}::{}", c.id, e.id), e.points))
        .collect();
    let max: u32 = ids.iter().map(|(_, p)| p).sum();
    let mut csv = String::new();
    let mut header = vec!["estudiante".to_string(), "estado".to_string()];
    header.extend(ids.iter().map(|(id, p)| format!("{id} ({p})")));
    header.extend([format!("total ({max})"), "motivos".into()]);
    push_row(&mut csv, &header);
    for r in records {
        let mut row = vec![r.student.clone(), r.status.label().to_string()];
        row.extend(
            ids.iter()
                .map(|(id, _)| r.exercises.get(id).copied().unwrap_or(0).to_string()),
        );
        row.push(r.points.to_string());
        let mut why = r.reasons.clone();
        if !r.ignored_files.is_empty() {
            why.push(format!("archivos no usados: {}", list(&r.ignored_files, 5)));
        }
        row.push(why.join("; "));
        push_row(&mut csv, &row);
    }
    let details = serde_json::json!({
        "schema_version": 1,
        "course": catalog.course,
        "seed": seed,
        "max_points": max,
        "exercises": ids.iter().map(|(id, p)| serde_json::json!({"id": id, "points": p})).collect::<Vec<_>>(),
        "students": records.iter().map(|r| detailed(out, r)).collect::<Vec<_>>(),
    });
    output::write(&out.join(JSON_NAME), &format!("{details:#}\n"))
        .context("no se pudo escribir el detalle de las notas")?;
    output::write(&out.join(CSV_NAME), &csv).context("no se pudo escribir la planilla de notas")
}

/// `record` with its report, from its file when the file holds the same
/// grading (same seed, files and points).
fn detailed(out: &Path, record: &Record) -> Value {
    let full = match &record.report {
        Some(_) => None,
        None => read_record(out, &record.student).filter(|kept| {
            kept.seed == record.seed
                && kept.fingerprint == record.fingerprint
                && kept.points == record.points
                && kept.status == record.status
        }),
    };
    serde_json::to_value(full.as_ref().unwrap_or(record)).unwrap_or(Value::Null)
}

/// The first `n` items, and how many more.
pub fn list(items: &[String], n: usize) -> String {
    let mut text = items
        .iter()
        .take(n)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > n {
        text.push_str(&format!(" y {} más", items.len() - n));
    }
    text
}

fn push_row(csv: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    csv.push_str(&cells.join(","));
    csv.push_str("\r\n");
}

/// One CSV cell (RFC 4180), safe to open in a spreadsheet: control
/// characters become spaces and a cell that a spreadsheet would run as a
/// formula starts with `'`.
fn cell(text: &str) -> String {
    let mut text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.starts_with(['=', '+', '-', '@']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', ';']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("ana"), "ana");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("di \"hola\""), "\"di \"\"hola\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("una\nlínea"), "una línea");
    }

    #[test]
    fn record_files_differ_for_names_that_look_alike() {
        let out = Path::new("/tmp/x");
        assert_ne!(record_path(out, "a b"), record_path(out, "a_b"));
        assert!(record_path(out, "../../etc").starts_with("/tmp/x/entregas"));
    }
}
