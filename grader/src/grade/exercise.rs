//! One exercise of a grading run: its chapter's build, its cases, one
//! harness run, the verdict (judge and diagnosis).

use std::path::PathBuf;
use std::sync::Mutex;

use serde_json::Value;

use super::Request;
use crate::cases::cases;
use crate::catalog::{Chapter, Exercise};
use crate::harness::{Build, Builds};
use crate::outcome::{ExerciseOutcome, Status};
use crate::reuse::Reuse;
use crate::runner::{self, Limits, Setting, Termination};
use crate::sandbox::{Refused, Tally};
use crate::verdict::judge_run;

/// What every exercise of one run shares.
pub struct Shared<'a> {
    pub req: &'a Request<'a>,
    pub builds: &'a Builds,
    pub setting: &'a Setting<'a>,
    pub tally: &'a Mutex<Tally>,
    pub reuse: Option<&'a Reuse>,
}

/// Grades one exercise; fails only when the sandbox refused to launch its
/// harness (strict mode), which stops the whole run.
pub fn grade(
    run: &Shared,
    chapter: &Chapter,
    exercise: &Exercise,
) -> Result<ExerciseOutcome, Refused> {
    let req = run.req;
    let qualified = format!("{}::{}", chapter.id, exercise.id);
    let limits = Limits {
        time_ms: exercise.time_limit_ms(&req.catalog.defaults),
        memory_mb: exercise.memory_limit_mb(&req.catalog.defaults),
    };
    let key = run
        .reuse
        .and_then(|r| r.key(&chapter.id, &qualified, req.seed, &limits));
    if let (Some(r), Some(key)) = (run.reuse, &key)
        && let Some(mut kept) = r.store.load(&qualified, key)
    {
        kept.reused = true;
        kept.helper_note = None;
        return Ok(kept);
    }
    let mut outcome = ExerciseOutcome::new(chapter, exercise);
    let exe = match ready(run.builds.chapters.get(&chapter.id), &mut outcome) {
        Some(exe) => exe,
        None => return Ok(outcome),
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
        identity: run.builds.identity(&chapter.id),
    };
    let result = match run_harness(&launch, &inputs, &limits, run.setting) {
        Ok(result) => result,
        Err(e) => match e.downcast::<Refused>() {
            Ok(refused) => return Err(refused),
            Err(e) => {
                outcome.summary = format!("{e:#}");
                return Ok(outcome);
            }
        },
    };
    if let Ok(mut tally) = run.tally.lock() {
        tally.record(result.applied, result.notes.clone());
    }
    if let Some(other) = &result.built_for {
        outcome.summary = format!(
            "el programa de prueba se compiló para otra carpeta u otra versión del archivo ({other}); volvé a correr el corrector"
        );
        return Ok(outcome);
    }
    judge_run(&mut outcome, spec, &cases, &result);
    if let (Some(r), Some(key)) = (run.reuse, &key) {
        let complete = result.termination == Termination::Finished
            && (result.cases.len() == cases.len() || outcome.status == Status::Pending);
        r.store.save(&qualified, key, &outcome, complete);
    }
    Ok(outcome)
}

/// The harness program of a chapter that built; otherwise the outcome says
/// why there is none (in the student's words) and `None`.
fn ready(build: Option<&Build>, outcome: &mut ExerciseOutcome) -> Option<PathBuf> {
    match build {
        Some(Build::Ready(exe)) => return Some(exe.clone()),
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
        }
        Some(Build::Missing(path)) => {
            outcome.status = Status::Missing;
            outcome.summary = format!("no se encontró el archivo {}", path.display());
        }
        Some(Build::OtherFile(refusal)) => {
            outcome.status = Status::UsesOtherFile;
            outcome.summary = format!("el capítulo {}", refusal.message);
        }
        None => outcome.summary = "el capítulo no se compiló".into(),
    }
    None
}

/// Runs the harness, again when its program was busy: a copy of a harness
/// program made for another grading of this process (a batch grades two at
/// once) is open for writing in every child forked while it was being
/// written, until that child runs its own program, and meanwhile the copy
/// cannot be run (`ETXTBSY`).
fn run_harness(
    launch: &runner::Harness,
    inputs: &[Value],
    limits: &Limits,
    setting: &Setting,
) -> anyhow::Result<runner::Run> {
    let mut tries = 0;
    loop {
        match runner::run(launch, inputs, limits, setting) {
            Err(e) if tries < 50 && program_busy(&e) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result,
        }
    }
}

#[cfg(unix)]
fn program_busy(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.raw_os_error() == Some(libc::ETXTBSY))
    })
}

#[cfg(not(unix))]
fn program_busy(_: &anyhow::Error) -> bool {
    false
}
