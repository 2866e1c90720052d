//! The result of grading: statuses, points and the evidence behind them.
//! Every output format is made from these types.

use serde::{Deserialize, Serialize};

use crate::cases::{CaseCounts, CaseKind};
use crate::harness::CompileError;
use crate::sandbox;
use crate::single_file::Refusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Wrong,
    Pending,
    Crashed,
    TimedOut,
    CompileError,
    Missing,
    /// The chapter file reads another file at compile time: not run.
    UsesOtherFile,
    /// The grader itself failed on this exercise (never the student's fault).
    InternalError,
}

impl Status {
    /// The status in the student's words.
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "correcto",
            Status::Wrong => "incorrecto",
            Status::Pending => "pendiente",
            Status::Crashed => "falló",
            Status::TimedOut => "tiempo agotado",
            Status::CompileError => "no compila",
            Status::Missing => "falta el archivo",
            Status::UsesOtherFile => "usa otro archivo",
            Status::InternalError => "error del corrector",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseOutcome {
    pub chapter: String,
    pub id: String,
    pub title: String,
    pub status: Status,
    pub points: u32,
    pub max_points: u32,
    pub cases_passed: usize,
    pub cases_total: usize,
    /// How many cases of each kind ran (public, boundary, random).
    pub cases_run: CaseCounts,
    /// How many of the cases were hidden (generated from the seed), and how
    /// many of those passed.
    pub hidden_total: usize,
    pub hidden_passed: usize,
    /// One sentence saying what happened (empty when passed).
    pub summary: String,
    /// The first case that went wrong, when there is one.
    pub failure: Option<CaseFailure>,
    /// Another exercise of the same file that this one calls and that fails
    /// too: fix that one first.
    pub helper_note: Option<String>,
    /// Every case, for `--verbose`.
    pub cases: Vec<CaseLine>,
    /// What the student's code printed (its first 64 KiB, both streams in
    /// the order written), if anything.
    pub printed: Option<String>,
    /// How many more bytes it printed that the grader did not keep.
    pub printed_cut_bytes: u64,
    pub elapsed_ms: u64,
    /// Reused from an earlier run with the same program, cases and limits.
    pub reused: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseFailure {
    pub case: String,
    pub public: bool,
    pub kind: CaseKind,
    pub input: String,
    pub expected: Option<String>,
    pub got: Option<String>,
    pub tolerance: Option<String>,
    pub explanation: String,
    pub diagnosis: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseLine {
    pub case: String,
    pub public: bool,
    pub kind: CaseKind,
    pub passed: bool,
    pub note: String,
    pub input: String,
    /// Null when a property judges the output.
    pub expected: Option<String>,
    /// Null when the function did not return.
    pub got: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterOutcome {
    pub id: String,
    pub title: String,
    pub book: String,
    pub compile_error: Option<CompileError>,
    /// Why the chapter file was refused, when it reads another file.
    pub other_file: Option<Refusal>,
    pub exercises: Vec<ExerciseOutcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub course: String,
    pub graded_folder: String,
    pub seed: u64,
    pub chapters: Vec<ChapterOutcome>,
    /// The protections in force while the student's code ran.
    pub sandbox: sandbox::Summary,
    /// False in the official modes (batch, Gradescope): the inputs, values
    /// and notes of hidden cases, and what the student's code printed, are
    /// withheld (see [`Report::withhold_hidden`]).
    pub hidden_values_shown: bool,
}

impl ExerciseOutcome {
    /// A not-yet-graded outcome (status `InternalError` until judged).
    pub fn new(chapter: &crate::catalog::Chapter, exercise: &crate::catalog::Exercise) -> Self {
        Self {
            title: exercise.title.clone(),
            ..Self::blank(&chapter.id, &exercise.id, exercise.points)
        }
    }

    /// An outcome with only its names and points.
    pub fn blank(chapter: &str, id: &str, max_points: u32) -> Self {
        Self {
            chapter: chapter.to_string(),
            id: id.to_string(),
            title: String::new(),
            status: Status::InternalError,
            points: 0,
            max_points,
            cases_passed: 0,
            cases_total: 0,
            cases_run: CaseCounts::default(),
            hidden_total: 0,
            hidden_passed: 0,
            summary: String::new(),
            failure: None,
            helper_note: None,
            cases: Vec::new(),
            printed: None,
            printed_cut_bytes: 0,
            elapsed_ms: 0,
            reused: false,
        }
    }
}

impl ChapterOutcome {
    pub fn points(&self) -> (u32, u32) {
        self.exercises
            .iter()
            .fold((0, 0), |(p, m), e| (p + e.points, m + e.max_points))
    }
}

impl Report {
    pub fn exercises(&self) -> impl Iterator<Item = &ExerciseOutcome> {
        self.chapters.iter().flat_map(|c| c.exercises.iter())
    }

    pub fn points(&self) -> (u32, u32) {
        self.exercises()
            .fold((0, 0), |(p, m), e| (p + e.points, m + e.max_points))
    }

    /// How many cases of each kind ran, over every exercise.
    pub fn cases_run(&self) -> CaseCounts {
        self.exercises()
            .fold(CaseCounts::default(), |acc, e| acc.plus(e.cases_run))
    }

    /// How many exercises were reused from an earlier run.
    pub fn reused(&self) -> usize {
        self.exercises().filter(|e| e.reused).count()
    }

    pub fn passed(&self) -> (usize, usize) {
        let total = self.exercises().count();
        let passed = self
            .exercises()
            .filter(|e| e.status == Status::Passed)
            .count();
        (passed, total)
    }

    pub fn all_passed(&self) -> bool {
        self.exercises().all(|e| e.status == Status::Passed)
    }
}

impl Report {
    /// Hidden cases in numbers: passed, total, and the points of the
    /// exercises that have any (an exercise gives its points only if every
    /// case passes, public and hidden).
    pub fn hidden(&self) -> (usize, usize, u32) {
        self.exercises()
            .fold((0, 0, 0), |(passed, total, points), e| {
                (
                    passed + e.hidden_passed,
                    total + e.hidden_total,
                    points + if e.hidden_total > 0 { e.max_points } else { 0 },
                )
            })
    }

    /// For the official modes: keeps how many hidden cases ran and passed,
    /// and withholds what they are (inputs, expected and obtained values,
    /// notes, diagnoses) and what the student's code printed, which could
    /// hold them. Public cases keep every detail.
    pub fn withhold_hidden(&mut self) {
        self.hidden_values_shown = false;
        for chapter in &mut self.chapters {
            for e in &mut chapter.exercises {
                e.printed = None;
                e.printed_cut_bytes = 0;
                for line in e.cases.iter_mut().filter(|l| !l.public) {
                    line.note.clear();
                    line.input = "(no se muestra)".into();
                    line.expected = None;
                    line.got = None;
                }
                let Some(f) = e.failure.as_mut().filter(|f| !f.public) else {
                    continue;
                };
                let explanation = match e.status {
                    Status::Wrong => "respuesta incorrecta",
                    Status::Crashed => "falló (pánico, desbordamiento de pila, memoria o exit)",
                    Status::TimedOut => "no terminó a tiempo",
                    other => other.label(),
                };
                f.input = "(no se muestra)".into();
                f.expected = None;
                f.got = None;
                f.tolerance = None;
                f.diagnosis = None;
                f.explanation = explanation.into();
                e.summary = format!("{explanation}, en el {} ({WITHHELD})", f.case);
            }
        }
    }
}

/// What the official modes show instead of a hidden case's values.
pub const WITHHELD: &str = "sus valores no se muestran en la corrección oficial";
