//! Grading: builds the harnesses, makes the cases, runs each exercise in its
//! own process and judges the outputs against the reference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use nncore::Rng;
use serde_json::Value;

use crate::catalog::{Catalog, Chapter, Exercise};
use crate::diagnose;
use crate::harness::{self, Build};
use crate::judge::{self, Mismatch, MismatchKind, Tolerance};
use crate::outcome::{CaseFailure, CaseLine, ChapterOutcome, ExerciseOutcome, Report, Status};
use crate::reference;
use crate::runner::{self, Limits, RawCase, Run, Setting, Termination};
use crate::sandbox::{Policy, Protection, Refused, Tally};
use crate::spec::Spec;
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
}

/// One case ready to run: its input and how to judge the output.
pub struct Case {
    pub name: String,
    pub public: bool,
    pub input: Value,
    /// For public cases, the catalog's expected value; for hidden ones, the
    /// reference output (None when a property judges instead).
    pub expected: Option<Value>,
    pub tolerance: Tolerance,
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
    let builds = harness::build_all(
        req.student_dir,
        &all_ids,
        &chapter_ids,
        req.policy.enabled(Protection::SingleFile),
    )?;

    let scratch = workspace::target_dir()?
        .join("grader")
        .join(format!("run-{}", std::process::id()));
    // A fresh folder: nothing left by an earlier run with the same number.
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("no se pudo crear la carpeta temporal {}", scratch.display()))?;
    let setting = Setting {
        scratch: &scratch,
        policy: req.policy,
        identity: &builds.identity,
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
                    if refused.lock().map_or(true, |r| r.is_some()) {
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
                        builds.chapters.get(&chapter.id),
                        &setting,
                        &tally,
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
            exercises: chapter
                .exercises
                .iter()
                .filter_map(|e| results.remove(&(chapter.id.clone(), e.id.clone())))
                .collect(),
        })
        .filter(|c| !c.exercises.is_empty())
        .collect();
    Ok(Report {
        course: req.catalog.course.clone(),
        graded_folder: workspace::display_path(req.student_dir),
        seed: req.seed,
        chapters,
        sandbox,
    })
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

/// The seed of one exercise's hidden cases: the run's seed mixed with the
/// exercise's name, so exercises get independent cases.
pub fn exercise_seed(seed: u64, qualified_id: &str) -> u64 {
    qualified_id
        .bytes()
        .fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// The cases of one exercise: the catalog's public ones, then the hidden ones.
pub fn cases(catalog: &Catalog, exercise: &Exercise, spec: &Spec, seed: u64) -> Result<Vec<Case>> {
    let defaults = &catalog.defaults;
    let tolerance = exercise.tolerance(defaults);
    let mut cases: Vec<Case> = exercise
        .cases
        .iter()
        .map(|c| Case {
            name: c.name.clone(),
            public: true,
            input: c.input.clone(),
            expected: Some(c.expected.clone()),
            tolerance: c.tolerance.unwrap_or(tolerance),
        })
        .collect();
    let mut rng = Rng::new(exercise_seed(seed, &spec.qualified_id()));
    let hidden = (spec.hidden)(&mut rng, exercise.hidden_cases(defaults));
    for (k, input) in hidden.into_iter().enumerate() {
        let expected = if spec.property.is_some() {
            None
        } else {
            Some(
                reference::call(spec.chapter, spec.id, &input)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| {
                        format!("la solución de referencia falló en {}", spec.qualified_id())
                    })?,
            )
        };
        cases.push(Case {
            name: format!("caso oculto n.º {}", k + 1),
            public: false,
            input,
            expected,
            tolerance,
        });
    }
    Ok(cases)
}

/// Grades one exercise; fails only when the sandbox refused to launch its
/// harness (strict mode), which stops the whole run.
fn grade_exercise(
    req: &Request,
    chapter: &Chapter,
    exercise: &Exercise,
    build: Option<&Build>,
    setting: &Setting,
    tally: &Mutex<Tally>,
) -> Result<ExerciseOutcome, Refused> {
    let qualified = format!("{}::{}", chapter.id, exercise.id);
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
    let inputs: Vec<Value> = cases.iter().map(|c| c.input.clone()).collect();
    let limits = Limits {
        time_ms: exercise.time_limit_ms(&req.catalog.defaults),
        memory_mb: exercise.memory_limit_mb(&req.catalog.defaults),
    };
    let run = match runner::run(&exe, &chapter.id, &exercise.id, &inputs, &limits, setting) {
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
            "el programa de prueba se compiló para otra carpeta ({other}); volvé a correr el corrector"
        );
        return Ok(outcome);
    }
    judge_run(&mut outcome, spec, &cases, &run);
    Ok(outcome)
}

/// Turns a harness run into a status, points and a report of the first
/// problem.
pub fn judge_run(outcome: &mut ExerciseOutcome, spec: &Spec, cases: &[Case], run: &Run) {
    outcome.elapsed_ms = run.elapsed.as_millis() as u64;
    let printed = format!("{}{}", run.stdout, strip_runtime_noise(&run.stderr));
    if !printed.trim().is_empty() {
        outcome.printed = Some(printed.trim_end().to_string());
    }
    let mut first_problem: Option<(Status, String, Option<CaseFailure>)> = None;
    for (case, raw) in cases.iter().zip(&run.cases) {
        let verdict = judge_case(spec, case, raw, cases, &run.cases);
        let passed = verdict.is_none();
        if passed {
            outcome.cases_passed += 1;
        }
        outcome.cases.push(CaseLine {
            case: case.name.clone(),
            public: case.public,
            passed,
            note: verdict
                .as_ref()
                .map(|(_, s, _)| s.clone())
                .unwrap_or_default(),
        });
        if let Some(problem) = verdict {
            if problem.0 == Status::Pending {
                outcome.status = Status::Pending;
                outcome.summary = pending_summary(&outcome.id, &problem.1);
                outcome.cases.clear();
                outcome.cases_passed = 0;
                return;
            }
            if first_problem.is_none() {
                first_problem = Some(problem);
            }
        }
    }
    if first_problem.is_none() && run.cases.len() < cases.len() {
        let case = &cases[run.cases.len()];
        let (status, explanation) = match run.termination {
            Termination::TimedOut { limit_ms } => (
                Status::TimedOut,
                format!(
                    "no terminó en {} s (¿un ciclo infinito?)",
                    limit_ms as f64 / 1000.0
                ),
            ),
            _ => (Status::Crashed, died(&run.termination, &run.stderr)),
        };
        first_problem = Some((
            status,
            format!("{explanation}, en el {}", case.name),
            Some(CaseFailure {
                case: case.name.clone(),
                public: case.public,
                input: render_input(&case.input),
                expected: None,
                got: None,
                tolerance: None,
                explanation,
                diagnosis: None,
            }),
        ));
    }
    match first_problem {
        None => {
            outcome.status = Status::Passed;
            outcome.points = outcome.max_points;
        }
        Some((status, summary, failure)) => {
            outcome.status = status;
            outcome.summary = summary;
            outcome.failure = failure;
        }
    }
}

/// Why an exercise is pending: its own `todo!()`, or one of a function it
/// calls (the stubs say `todo!("name")`).
fn pending_summary(exercise: &str, todo_message: &str) -> String {
    let named = todo_message
        .strip_prefix("not yet implemented: ")
        .map(str::trim)
        .filter(|name| !name.is_empty() && *name != exercise);
    match named {
        Some(other) => {
            format!("usa `{other}`, que todavía tiene `todo!()`: escribí primero `{other}`")
        }
        None => "todavía tiene `todo!()`: falta escribir la implementación".into(),
    }
}

/// The runtime's own last words on a crash, which are not the student's prints.
fn strip_runtime_noise(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            !(l.contains("has overflowed its stack")
                || l.starts_with("fatal runtime error")
                || l.starts_with("memory allocation of")
                || l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn died(termination: &Termination, stderr: &str) -> String {
    if stderr.contains("has overflowed its stack") {
        return "desbordó la pila (¿una recursión sin fin?)".into();
    }
    if let Some(line) = stderr
        .lines()
        .find(|l| l.starts_with("memory allocation of"))
    {
        let bytes = line
            .trim_start_matches("memory allocation of ")
            .split_whitespace()
            .next()
            .unwrap_or("?");
        return format!("se quedó sin memoria: intentó reservar {bytes} bytes");
    }
    match termination {
        Termination::Died { code: Some(0), .. } => {
            "el programa terminó antes de tiempo, sin devolver nada (¿llamaste a std::process::exit?)".into()
        }
        Termination::Died {
            code: Some(code), ..
        } => format!("el programa terminó con el código {code} (¿llamaste a std::process::exit?)"),
        Termination::Died {
            signal: Some(6), ..
        } => "el programa abortó (std::process::abort o un error fatal)".into(),
        Termination::Died {
            signal: Some(9), ..
        } => "el programa fue terminado desde afuera (¿se quedó sin memoria?)".into(),
        Termination::Died {
            signal: Some(11), ..
        } => "el programa se cayó por un acceso inválido a memoria".into(),
        Termination::Died {
            signal: Some(25), ..
        } => format!(
            "el programa escribió demasiado en su archivo de resultados (más de {} MiB)",
            runner::RESULTS_MAX_BYTES / (1024 * 1024)
        ),
        Termination::Died {
            signal: Some(s), ..
        } => format!("el programa terminó con la señal {s}"),
        _ => "el programa terminó de forma inesperada".into(),
    }
}

/// `None` when the case passed; otherwise the status it implies, one line
/// about it, and the details.
fn judge_case(
    spec: &Spec,
    case: &Case,
    raw: &RawCase,
    all_cases: &[Case],
    all_raw: &[RawCase],
) -> Option<(Status, String, Option<CaseFailure>)> {
    let failure = |explanation: String,
                   expected: Option<String>,
                   got: Option<String>,
                   diagnosis: Option<String>| CaseFailure {
        case: case.name.clone(),
        public: case.public,
        input: render_input(&case.input),
        expected,
        got,
        tolerance: Some(case.tolerance.describe()),
        explanation,
        diagnosis,
    };
    match raw {
        RawCase::Panic {
            todo: true,
            message,
            ..
        } => Some((Status::Pending, message.clone(), None)),
        RawCase::Panic {
            message, location, ..
        } => {
            let place = location
                .rsplit_once(['/', '\\'])
                .map_or(location.as_str(), |(_, f)| f);
            let explanation = format!("entró en pánico: «{message}» ({place})");
            let diagnosis = match &case.expected {
                Some(Value::Object(o)) if o.contains_key("err") => Some(
                    "con formas incompatibles la función tiene que devolver Err(ShapeError), no entrar en pánico: comprobá las formas antes de operar".to_string(),
                ),
                _ => None,
            };
            Some((
                Status::Crashed,
                format!("{explanation}, en el {}", case.name),
                Some(failure(explanation, None, None, diagnosis)),
            ))
        }
        RawCase::Internal(message) => Some((
            Status::InternalError,
            format!("el corrector no pudo preparar el {}: {message}", case.name),
            None,
        )),
        RawCase::Output(got) => {
            let mismatch: Option<Box<Mismatch>> = match &case.expected {
                Some(expected) => judge::compare(expected, got, &case.tolerance).err(),
                None => None,
            };
            if let Some(m) = mismatch {
                let diagnosis = diagnose::diagnose(spec, case, got, &m, all_cases, all_raw);
                let explanation = m.explain();
                let (expected, got_text) = match m.kind {
                    MismatchKind::ExpectedErr => {
                        ("Err(ShapeError)".to_string(), judge::render(got))
                    }
                    MismatchKind::UnexpectedErr => (
                        judge::render(case.expected.as_ref().unwrap_or(&Value::Null)),
                        format!("Err({})", judge::render(&m.got)),
                    ),
                    _ => (judge::render(&m.expected), judge::render(&m.got)),
                };
                // Two different numbers must not look the same.
                let (expected, got_text) = if expected == got_text {
                    (
                        judge::render_precise(&m.expected),
                        judge::render_precise(&m.got),
                    )
                } else {
                    (expected, got_text)
                };
                return Some((
                    Status::Wrong,
                    format!("{explanation}, en el {}", case.name),
                    Some(failure(
                        explanation,
                        Some(expected),
                        Some(got_text),
                        diagnosis,
                    )),
                ));
            }
            if let Some(property) = spec.property
                && let Err(why) = property(&case.input, got)
            {
                let explanation = why;
                return Some((
                    Status::Wrong,
                    format!("{explanation}, en el {}", case.name),
                    Some(CaseFailure {
                        tolerance: None,
                        ..failure(explanation, None, Some(judge::render(got)), None)
                    }),
                ));
            }
            None
        }
    }
}

/// An input in words: `w = [1.2, 0.7], x = [3, 4], b = -2`.
pub fn render_input(input: &Value) -> String {
    match input {
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k} = {}", judge::render(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => judge::render(other),
    }
}
