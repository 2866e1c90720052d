//! Grading: builds the harnesses, makes the cases, runs each exercise in its
//! own process and judges the outputs against the reference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cases::cases;
use crate::catalog::{Catalog, Chapter, Exercise};
use crate::harness::{self, Build};
use crate::outcome::{ChapterOutcome, ExerciseOutcome, Report, Status};
use crate::runner::{self, Limits, Setting, Termination};
use crate::sandbox::{Policy, Protection, Refused, Tally};
use crate::spec::Spec;
use crate::verdict::judge_run;
use crate::workspace;

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
    let all_ids: Vec<&str> = req.catalog.chapters.iter().map(|c| c.id.as_str()).collect();
    let mut builds = harness::build_all(
        req.student_dir,
        &all_ids,
        &chapter_ids,
        req.policy.enabled(Protection::SingleFile),
    )?;
    if cancelled(req) {
        return Err(Cancelled.into());
    }
    for (chapter, build) in builds.chapters.iter_mut() {
        if let Build::CompileError(error) = build {
            error.rule = explain_rule(error, chapter, &all_ids, req.student_dir);
        }
    }

    let reuse = Reuse::prepare(req, &builds, &chapter_ids);
    // Harnesses running as another user (the driver is root) may not reach
    // the project at all (a clone below a private folder): their scratch
    // folder is in /tmp, with a copy of each harness program.
    let unprivileged = crate::sandbox::harness_owner(req.policy).is_some();
    let scratch_parent = if unprivileged {
        PathBuf::from("/tmp")
    } else {
        workspace::target_dir()?.join("grader")
    };
    let scratch = scratch_parent.join(format!("grader-run-{}-{}", std::process::id(), next_run()));
    if unprivileged {
        remove_stale_scratch(&scratch_parent);
    }
    // A fresh folder: nothing left by an earlier run with the same number,
    // and made here (never one planted in /tmp by someone else).
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch_parent)
        .and_then(|()| std::fs::create_dir(&scratch))
        .with_context(|| format!("no se pudo crear la carpeta temporal {}", scratch.display()))?;
    #[cfg(unix)]
    if unprivileged {
        use std::os::unix::fs::PermissionsExt;
        // Gone through to their own files, never listed.
        std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(0o711))
            .with_context(|| format!("no se pudo preparar {}", scratch.display()))?;
        for (chapter, build) in builds.chapters.iter_mut() {
            if let Build::Ready(exe) = build {
                let copy = scratch.join(format!("harness-{chapter}"));
                std::fs::copy(&*exe, &copy)
                    .and_then(|_| {
                        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
                    })
                    .with_context(|| format!("no se pudo copiar {}", exe.display()))?;
                *exe = copy;
            }
        }
    }
    let setting = Setting {
        scratch: &scratch,
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
    let results: Mutex<BTreeMap<(String, String), ExerciseOutcome>> = Mutex::default();
    let tally: Mutex<Tally> = Mutex::default();
    // A launch the sandbox refused (strict mode): grading stops.
    let refused: Mutex<Option<Refused>> = Mutex::default();
    let next = Mutex::new(0usize);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    if refused.lock().map_or(true, |r| r.is_some()) || cancelled(req) {
                        return;
                    }
                    let job = {
                        let Ok(mut i) = next.lock() else { return };
                        let job = jobs.get(*i).copied();
                        *i += 1;
                        job
                    };
                    let Some((chapter, exercise)) = job else {
                        return;
                    };
                    let outcome = grade_exercise(
                        req,
                        chapter,
                        exercise,
                        &builds,
                        &setting,
                        &tally,
                        reuse.as_ref(),
                    );
                    match outcome {
                        Ok(outcome) => {
                            if let Ok(mut map) = results.lock() {
                                map.insert((chapter.id.clone(), exercise.id.clone()), outcome);
                            }
                        }
                        Err(e) => {
                            if let Ok(mut r) = refused.lock() {
                                r.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    if cancelled(req) {
        return Err(Cancelled.into());
    }
    if let Some(refused) = refused.into_inner().ok().flatten() {
        return Err(refused.into());
    }
    let mut results = results.into_inner().unwrap_or_default();
    let sandbox = tally
        .into_inner()
        .unwrap_or_default()
        .summary(req.policy, req.driver_shield);
    let builds = builds.chapters;

    let chapters = chapters
        .into_iter()
        .map(|chapter| ChapterOutcome {
            id: chapter.id.clone(),
            title: chapter.title.clone(),
            book: chapter.book.clone(),
            compile_error: match builds.get(&chapter.id) {
                Some(Build::CompileError(e)) => Some(e.clone()),
                _ => None,
            },
            other_file: match builds.get(&chapter.id) {
                Some(Build::OtherFile(r)) => Some(r.clone()),
                _ => None,
            },
            exercises: {
                let mut exercises: Vec<ExerciseOutcome> = chapter
                    .exercises
                    .iter()
                    .filter_map(|e| results.remove(&(chapter.id.clone(), e.id.clone())))
                    .collect();
                let file = req.student_dir.join(format!("{}.rs", chapter.id));
                if let Ok(source) = std::fs::read_to_string(file) {
                    crate::callers::annotate(&source, &mut exercises);
                }
                exercises
            },
        })
        .filter(|c| !c.exercises.is_empty())
        .collect();
    Ok(Report {
        course: req.catalog.course.clone(),
        graded_folder: workspace::display_path(req.student_dir),
        seed: req.seed,
        chapters,
        sandbox,
        hidden_values_shown: true,
    })
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

/// Removes the scratch folders that graders killed midway left in `parent`
/// (their process is gone), if they are this user's.
fn remove_stale_scratch(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("grader-run-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        #[cfg(unix)]
        let ours = {
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            // SAFETY: geteuid has no preconditions.
            let me = unsafe { libc::geteuid() };
            meta.is_dir() && std::os::unix::fs::MetadataExt::uid(&meta) == me
        };
        #[cfg(not(unix))]
        let ours = false;
        if ours && !crate::batch::slots::alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A number for each grading of this process (a batch grades several at
/// once), so that their scratch folders differ.
fn next_run() -> usize {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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

/// Grades one exercise; fails only when the sandbox refused to launch its
/// harness (strict mode), which stops the whole run.
fn grade_exercise(
    req: &Request,
    chapter: &Chapter,
    exercise: &Exercise,
    builds: &harness::Builds,
    setting: &Setting,
    tally: &Mutex<Tally>,
    reuse: Option<&Reuse>,
) -> Result<ExerciseOutcome, Refused> {
    let build = builds.chapters.get(&chapter.id);
    let identity = builds.identity(&chapter.id);
    let qualified = format!("{}::{}", chapter.id, exercise.id);
    let limits = Limits {
        time_ms: exercise.time_limit_ms(&req.catalog.defaults),
        memory_mb: exercise.memory_limit_mb(&req.catalog.defaults),
    };
    let key = reuse.and_then(|r| r.key(&chapter.id, &qualified, req.seed, &limits));
    if let (Some(r), Some(key)) = (reuse, &key)
        && let Some(mut kept) = r.store.load(&qualified, key)
    {
        kept.reused = true;
        kept.helper_note = None;
        return Ok(kept);
    }
    let mut outcome = ExerciseOutcome::new(chapter, exercise);
    let exe: PathBuf = match build {
        Some(Build::Ready(exe)) => exe.clone(),
        Some(Build::CompileError(e)) => {
            outcome.status = Status::CompileError;
            outcome.summary = if e.in_signature {
                format!(
                    "el capítulo no compila: la firma de una función no coincide con la original ({})",
                    e.message
                )
            } else {
                format!(
                    "el capítulo no compila: {} ({}:{})",
                    e.message, e.file, e.line
                )
            };
            return Ok(outcome);
        }
        Some(Build::Missing(path)) => {
            outcome.status = Status::Missing;
            outcome.summary = format!("no se encontró el archivo {}", path.display());
            return Ok(outcome);
        }
        Some(Build::OtherFile(refusal)) => {
            outcome.status = Status::UsesOtherFile;
            outcome.summary = format!("el capítulo {}", refusal.message);
            return Ok(outcome);
        }
        None => {
            outcome.summary = "el capítulo no se compiló".into();
            return Ok(outcome);
        }
    };
    let Some(spec) = req.specs.iter().find(|s| s.qualified_id() == qualified) else {
        outcome.summary = format!("el corrector no conoce el ejercicio {qualified}");
        return Ok(outcome);
    };
    let cases = match cases(req.catalog, exercise, spec, req.seed) {
        Ok(cases) => cases,
        Err(e) => {
            outcome.summary = format!("{e:#}");
            return Ok(outcome);
        }
    };
    outcome.cases_total = cases.len();
    outcome.hidden_total = cases.iter().filter(|c| !c.public()).count();
    let inputs: Vec<Value> = cases.iter().map(|c| c.input.clone()).collect();
    let launch = runner::Harness {
        exe: &exe,
        chapter: &chapter.id,
        exercise: &exercise.id,
        identity,
    };
    let run = match runner::run(&launch, &inputs, &limits, setting) {
        Ok(run) => run,
        Err(e) => match e.downcast::<Refused>() {
            Ok(refused) => return Err(refused),
            Err(e) => {
                outcome.summary = format!("{e:#}");
                return Ok(outcome);
            }
        },
    };
    if let Ok(mut tally) = tally.lock() {
        tally.record(run.applied, run.notes.clone());
    }
    if let Some(other) = &run.built_for {
        outcome.summary = format!(
            "el programa de prueba se compiló para otra carpeta u otra versión del archivo ({other}); volvé a correr el corrector"
        );
        return Ok(outcome);
    }
    judge_run(&mut outcome, spec, &cases, &run);
    if let (Some(r), Some(key)) = (reuse, &key) {
        let complete = run.termination == Termination::Finished
            && (run.cases.len() == cases.len() || outcome.status == Status::Pending);
        r.store.save(&qualified, key, &outcome, complete);
    }
    Ok(outcome)
}

/// What reusing outcomes needs for one run: the store, the digest of what
/// makes the cases, and each built chapter's harness digest.
struct Reuse {
    store: crate::reuse::Store,
    context: String,
    digests: BTreeMap<String, String>,
}

impl Reuse {
    fn prepare(req: &Request, builds: &harness::Builds, chapters: &[&str]) -> Option<Reuse> {
        let store = crate::reuse::Store::open(req.reuse, &builds.folder)?;
        let context = crate::reuse::context_digest(
            &workspace::catalog_path().ok()?,
            &format!("{:?}", req.policy),
        );
        let digests = chapters
            .iter()
            .filter_map(|c| match builds.chapters.get(*c) {
                Some(Build::Ready(exe)) => {
                    Some((c.to_string(), crate::reuse::digest_file(&store, exe)?))
                }
                _ => None,
            })
            .collect();
        Some(Reuse {
            store,
            context,
            digests,
        })
    }

    fn key(&self, chapter: &str, qualified: &str, seed: u64, limits: &Limits) -> Option<String> {
        let digest = self.digests.get(chapter)?;
        Some(crate::reuse::key(
            digest,
            &self.context,
            qualified,
            seed,
            limits,
        ))
    }
}
