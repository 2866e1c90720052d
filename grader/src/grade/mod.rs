//! One grading run, as a pipeline: the chapters selected → their harnesses
//! built (`harness.rs`, with the workbook rule behind a compile error) → a
//! scratch folder (`scratch.rs`) → each exercise graded by the worker pool
//! (`pool.rs`; `exercise.rs`: cases, run, judge, diagnose) → the report's
//! chapters assembled. The seed and the graded folder come resolved in the
//! [`Request`].

mod exercise;
pub mod pool;
pub mod scratch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use crate::catalog::{Catalog, Chapter, Exercise};
use crate::harness::{self, Build, Builds};
use crate::outcome::{ChapterOutcome, ExerciseOutcome, Report};
use crate::reuse::Reuse;
use crate::runner::Setting;
use crate::sandbox::{Policy, Protection, Tally};
use crate::spec::Spec;
use crate::workspace;
use scratch::Scratch;

pub struct Request<'a> {
    pub catalog: &'a Catalog,
    pub specs: &'a [Spec],
    pub student_dir: &'a Path,
    pub seed: u64,
    /// Chapter ids or `chapter::exercise` ids to grade; empty means all.
    pub selection: &'a [String],
    pub policy: &'a Policy,
    /// Whether the driver made itself impossible to inspect (and why not).
    pub driver_shield: &'a Result<(), String>,
    /// When set (watch mode, on a new save), grading stops as soon as it can
    /// and [`grade`] fails with [`Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
    /// Whether outcomes of unchanged exercises may be reused (see
    /// [`crate::reuse`]).
    pub reuse: bool,
    /// Whether the chapters are built into one harness program where they
    /// can be (official grading: one build per submission; see
    /// [`harness::build_all`]).
    pub one_program: bool,
}

/// The error of a grading run cancelled through [`Request::cancel`].
#[derive(Debug)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("corrida cancelada")
    }
}

impl std::error::Error for Cancelled {}

fn cancelled(req: &Request) -> bool {
    req.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
}

pub fn grade(req: &Request) -> Result<Report> {
    let chapters: Vec<&Chapter> = req
        .catalog
        .chapters
        .iter()
        .filter(|c| selected_chapter(req.selection, c))
        .collect();
    let chapter_ids: Vec<&str> = chapters.iter().map(|c| c.id.as_str()).collect();
    let mut builds = build(req, &chapter_ids)?;
    if cancelled(req) {
        return Err(Cancelled.into());
    }
    let reuse = Reuse::prepare(req.reuse, &builds, req.policy, &chapter_ids);
    let scratch = Scratch::make(req.policy, &mut builds)?;
    let setting = Setting {
        scratch: &scratch.dir,
        policy: req.policy,
        cancel: req.cancel,
    };
    let mut jobs = Vec::new();
    for chapter in &chapters {
        for exercise in &chapter.exercises {
            if selected_exercise(req.selection, chapter, exercise) {
                jobs.push((*chapter, exercise));
            }
        }
    }
    // Longest first (the time limit says which exercises are slow, such as
    // training loops), so that they overlap with all the short ones.
    jobs.sort_by_key(|(_, exercise)| {
        std::cmp::Reverse(exercise.time_limit_ms(&req.catalog.defaults))
    });
    let tally: Mutex<Tally> = Mutex::default();
    let shared = exercise::Shared {
        req,
        builds: &builds,
        setting: &setting,
        tally: &tally,
        reuse: reuse.as_ref(),
    };
    let (outcomes, refused) = pool::run(&jobs, pool::workers(), &|| cancelled(req), &|(
        chapter,
        exercise,
    )| {
        exercise::grade(&shared, chapter, exercise)
            .map(|outcome| ((chapter.id.clone(), exercise.id.clone()), outcome))
    });
    drop(scratch);
    if cancelled(req) {
        return Err(Cancelled.into());
    }
    // A launch the sandbox refused (strict mode): grading stops.
    if let Some(refused) = refused {
        return Err(refused.into());
    }
    let sandbox = tally
        .into_inner()
        .unwrap_or_default()
        .summary(req.policy, req.driver_shield);
    Ok(Report {
        course: req.catalog.course.clone(),
        graded_folder: workspace::display_path(req.student_dir),
        seed: req.seed,
        chapters: assemble(req, chapters, &builds, outcomes.into_iter().collect()),
        sandbox,
        hidden_values_shown: true,
    })
}

/// Builds every selected chapter's harness (the crate declares them all)
/// and explains the workbook rule behind each compile error.
fn build(req: &Request, chapter_ids: &[&str]) -> Result<Builds> {
    let all_ids: Vec<&str> = req.catalog.chapters.iter().map(|c| c.id.as_str()).collect();
    let mut builds = harness::build_all(
        req.student_dir,
        &all_ids,
        chapter_ids,
        req.policy.enabled(Protection::SingleFile),
        req.one_program,
    )?;
    for (chapter, build) in builds.chapters.iter_mut() {
        if let Build::CompileError(error) = build {
            error.rule = explain_rule(error, chapter, &all_ids, req.student_dir);
        }
    }
    Ok(builds)
}

/// The report's chapters, in the catalog's order, each with its build's
/// failure and its exercises' outcomes (and which helper a failing one
/// calls that fails too).
fn assemble(
    req: &Request,
    chapters: Vec<&Chapter>,
    builds: &Builds,
    mut outcomes: BTreeMap<(String, String), ExerciseOutcome>,
) -> Vec<ChapterOutcome> {
    chapters
        .into_iter()
        .map(|chapter| ChapterOutcome {
            id: chapter.id.clone(),
            title: chapter.title.clone(),
            book: chapter.book.clone(),
            compile_error: match builds.chapters.get(&chapter.id) {
                Some(Build::CompileError(e)) => Some(e.clone()),
                _ => None,
            },
            other_file: match builds.chapters.get(&chapter.id) {
                Some(Build::OtherFile(r)) => Some(r.clone()),
                _ => None,
            },
            exercises: {
                let mut exercises: Vec<ExerciseOutcome> = chapter
                    .exercises
                    .iter()
                    .filter_map(|e| outcomes.remove(&(chapter.id.clone(), e.id.clone())))
                    .collect();
                let file = req.student_dir.join(format!("{}.rs", chapter.id));
                if let Ok(source) = std::fs::read_to_string(file) {
                    crate::callers::annotate(&source, &mut exercises);
                }
                exercises
            },
        })
        .filter(|c| !c.exercises.is_empty())
        .collect()
}

/// The workbook rule behind a compile error, read from the student's file,
/// the dispatch file the error is in and the reference file.
fn explain_rule(
    error: &harness::CompileError,
    chapter: &str,
    chapters: &[&str],
    student_dir: &Path,
) -> Option<String> {
    let read = |path: PathBuf| std::fs::read_to_string(path).ok();
    let source = read(student_dir.join(format!("{chapter}.rs")));
    let dispatch = error
        .in_signature
        .then(|| read(PathBuf::from(&error.file)))
        .flatten();
    let original = workspace::solutions_dir()
        .ok()
        .and_then(|dir| read(dir.join(format!("{chapter}.rs"))));
    crate::rules::explain(
        error,
        &crate::rules::Context {
            chapter,
            chapters,
            source: source.as_deref(),
            dispatch: dispatch.as_deref(),
            original: original.as_deref(),
        },
    )
}

fn selected_chapter(selection: &[String], chapter: &Chapter) -> bool {
    selection.is_empty()
        || selection
            .iter()
            .any(|s| s == &chapter.id || s.split("::").next() == Some(chapter.id.as_str()))
}

fn selected_exercise(selection: &[String], chapter: &Chapter, exercise: &Exercise) -> bool {
    selection.is_empty()
        || selection
            .iter()
            .any(|s| s == &chapter.id || *s == format!("{}::{}", chapter.id, exercise.id))
}
