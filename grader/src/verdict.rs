//! Turns one harness run into a status, points and the evidence behind
//! them: the first problem, a line per case, what the code printed.

use serde_json::Value;

use crate::cases::Case;
use crate::diagnose;
use crate::judge::{self, Mismatch, MismatchKind};
use crate::outcome::{CaseFailure, CaseLine, ExerciseOutcome, Status};
use crate::runner::{self, RawCase, Run, Termination};
use crate::spec::Spec;

/// Turns a harness run into a status, points and a report of the first
/// problem.
pub fn judge_run(outcome: &mut ExerciseOutcome, spec: &Spec, cases: &[Case], run: &Run) {
    outcome.elapsed_ms = run.elapsed.as_millis() as u64;
    let printed = strip_runtime_noise(&run.output);
    if !printed.trim().is_empty() {
        outcome.printed = Some(printed.trim_end().to_string());
        outcome.printed_cut_bytes = run.output_bytes.saturating_sub(run.output.len() as u64);
    }
    let mut first_problem: Option<(Status, String, Option<CaseFailure>)> = None;
    for (case, raw) in cases.iter().zip(&run.cases) {
        let verdict = judge_case(spec, case, raw, cases, &run.cases);
        let passed = verdict.is_none();
        outcome.cases_run.add(case.kind);
        if passed {
            outcome.cases_passed += 1;
            if !case.public() {
                outcome.hidden_passed += 1;
            }
        }
        outcome.cases.push(CaseLine {
            case: case.name.clone(),
            public: case.public(),
            kind: case.kind,
            passed,
            note: verdict
                .as_ref()
                .map(|(_, s, _)| {
                    let suffix = format!(", en el {}", case.label());
                    s.strip_suffix(&suffix).unwrap_or(s).to_string()
                })
                .unwrap_or_default(),
            input: render_input(&case.input),
            expected: case.expected.as_ref().map(judge::render),
            got: match raw {
                RawCase::Output(v) => Some(judge::render(v)),
                _ => None,
            },
        });
        if let Some(problem) = verdict {
            if problem.0 == Status::Pending {
                outcome.status = Status::Pending;
                outcome.summary = pending_summary(&outcome.id, &problem.1);
                outcome.cases.clear();
                outcome.cases_passed = 0;
                outcome.cases_run = Default::default();
                outcome.hidden_passed = 0;
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
            _ => (
                Status::Crashed,
                died(&run.termination, &run.output, run.memory_limit_mb),
            ),
        };
        first_problem = Some((
            status,
            format!("{explanation}, en el {}", case.label()),
            Some(CaseFailure {
                case: case.name.clone(),
                public: case.public(),
                kind: case.kind,
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

fn died(termination: &Termination, stderr: &str, memory_limit_mb: u64) -> String {
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
        return format!(
            "se quedó sin memoria: superó el límite de {memory_limit_mb} MiB (el pedido que no entró fue de {bytes} bytes); ¿un vector que crece sin fin, o uno mucho más grande de lo necesario?"
        );
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
        } => format!(
            "el programa fue terminado desde afuera (¿superó el límite de {memory_limit_mb} MiB de memoria?)"
        ),
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
        public: case.public(),
        kind: case.kind,
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
                _ => panic_diagnosis(message),
            };
            Some((
                Status::Crashed,
                format!("{explanation}, en el {}", case.label()),
                Some(failure(explanation, None, None, diagnosis)),
            ))
        }
        RawCase::Internal(message) => Some((
            Status::InternalError,
            format!(
                "el corrector no pudo preparar el {}: {message}",
                case.label()
            ),
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
                let mut details = failure(
                    explanation.clone(),
                    Some(expected),
                    Some(got_text),
                    diagnosis,
                );
                if !judge::has_float(&m.expected) {
                    details.tolerance = None;
                }
                return Some((
                    Status::Wrong,
                    format!("{explanation}, en el {}", case.label()),
                    Some(details),
                ));
            }
            if let Some(property) = spec.property
                && let Err(why) = property(&case.input, got)
            {
                let explanation = why;
                return Some((
                    Status::Wrong,
                    format!("{explanation}, en el {}", case.label()),
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

/// The loop-bound mistakes behind the runtime's own panics.
fn panic_diagnosis(message: &str) -> Option<String> {
    if message.contains("subtract with overflow") {
        return Some(
            "una resta de enteros sin signo (usize) dio negativa, como `len() - 1` con una lista vacía o `0 - 1`: revisá los límites del ciclo para entradas vacías o de un elemento (`saturating_sub`, o `windows(2)`)".into(),
        );
    }
    if message.contains("index out of bounds") {
        return Some(
            "un índice se pasó del final: revisá los límites del ciclo (¿`0..=n` en lugar de `0..n`, o un `i + 1` en la última vuelta?)".into(),
        );
    }
    None
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
