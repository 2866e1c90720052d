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
