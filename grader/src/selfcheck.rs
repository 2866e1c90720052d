//! The grader's check of itself, on every exercise of the catalog: the
//! reference passes every case, each known mistake fails and is named, and a
//! hard-coded answer (the slide's number returned for every input) fails.
//! Runs in process with simulated harness runs, so it is fast and covers
//! every exercise that has a spec.

use serde_json::Value;

use crate::cases::{self, Case, CaseKind};
use crate::catalog::Catalog;
use crate::check::judged::Subject;
use crate::outcome::{ExerciseOutcome, Status};
use crate::reference;
use crate::runner::{RawCase, Run};
use crate::spec::Spec;
use crate::verdict;
use crate::workspace;

const SEEDS: [u64; 8] = [1, 2, 3, 100, 101, 2026, 31_337, 999_999];

fn catalog() -> Catalog {
    Catalog::load(&workspace::catalog_path().unwrap()).expect("the catalog loads")
}

/// Judges a simulated student whose answer to each case is `answer(case)`.
fn judge(subject: Subject, seed: u64, answer: &dyn Fn(&Case) -> Value) -> ExerciseOutcome {
    subject.judge(seed, answer).expect("cases build")
}

fn each_exercise(mut f: impl FnMut(Subject)) {
    let catalog = catalog();
    let specs = crate::course::specs();
    for (chapter, exercise) in catalog.exercises() {
        let id = format!("{}::{}", chapter.id, exercise.id);
        let spec = specs
            .iter()
            .find(|s| s.qualified_id() == id)
            .unwrap_or_else(|| panic!("{id} is in the catalog but has no spec"));
        f(Subject {
            catalog: &catalog,
            chapter,
            exercise,
            spec,
        });
    }
}

/// Runs `f` on the exercise `qualified` (`chapter::exercise`).
fn on_exercise<R>(qualified: &str, f: impl FnOnce(Subject) -> R) -> R {
    let catalog = catalog();
    let specs = crate::course::specs();
    let (chapter, exercise) = catalog.find(qualified).expect("in the catalog");
    let spec = specs
        .iter()
        .find(|s| s.qualified_id() == qualified)
        .expect("has a spec");
    f(Subject {
        catalog: &catalog,
        chapter,
        exercise,
        spec,
    })
}

fn reference_answer(spec: &Spec) -> impl Fn(&Case) -> Value + '_ {
    move |case: &Case| {
        reference::call(spec.chapter, spec.id, &case.input).expect("reference answers")
    }
}

#[test]
fn every_spec_is_in_the_catalog_and_every_exercise_is_a_stub_function() {
    let catalog = catalog();
    for spec in crate::course::specs() {
        assert!(
            catalog.find(&spec.qualified_id()).is_some(),
            "{} has a spec but is not in the catalog",
            spec.qualified_id()
        );
    }
    for chapter in &catalog.chapters {
        let path = workspace::default_student_dir()
            .unwrap()
            .join(format!("{}.rs", chapter.id));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stub_fns: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("pub fn "))
            .filter_map(|l| l.split(['(', '<']).next())
            .collect();
        for exercise in &chapter.exercises {
            assert!(
                stub_fns.contains(&exercise.id.as_str()),
                "{}::{} is not a pub fn of {}",
                chapter.id,
                exercise.id,
                path.display()
            );
        }
    }
}

#[test]
fn every_stub_function_is_graded() {
    let catalog = catalog();
    for chapter in &catalog.chapters {
        let path = workspace::default_student_dir()
            .unwrap()
            .join(format!("{}.rs", chapter.id));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // A stub function is one whose body panics with todo!().
        let mut name = None;
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub fn ") {
                name = rest.split(['(', '<']).next().map(str::to_string);
            }
            if line.contains("todo!(")
                && let Some(n) = name.take()
            {
                assert!(
                    chapter.exercises.iter().any(|e| e.id == n),
                    "{}::{n} is an exercise in exercises/src but the catalog does not grade it",
                    chapter.id
                );
            }
        }
    }
}

#[test]
fn the_reference_passes_every_case() {
    each_exercise(|subject| {
        let spec = subject.spec;
        for seed in SEEDS {
            let outcome = judge(subject, seed, &reference_answer(spec));
            assert_eq!(
                outcome.status,
                Status::Passed,
                "the reference fails {} (seed {seed}): {} {:?}",
                spec.qualified_id(),
                outcome.summary,
                outcome.failure
            );
        }
    });
}

#[test]
fn every_known_mistake_fails_and_is_named() {
    each_exercise(|subject| {
        let spec = subject.spec;
        for mistake in &spec.mistakes {
            for seed in SEEDS {
                let reference = reference_answer(spec);
                // A mistake that names only some fields leaves the others right.
                let answer = |case: &Case| match (mistake.answer)(&case.input) {
                    Some(Value::Object(fields)) => {
                        let mut out = reference(case);
                        for (k, v) in fields {
                            out[k] = v;
                        }
                        out
                    }
                    Some(wrong) => wrong,
                    None => reference(case),
                };
                let outcome = judge(subject, seed, &answer);
                assert_eq!(
                    outcome.status,
                    Status::Wrong,
                    "{}: the mistake «{}» is not caught (seed {seed})",
                    spec.qualified_id(),
                    mistake.diagnosis
                );
                let named = outcome
                    .failure
                    .as_ref()
                    .and_then(|f| f.diagnosis.as_deref());
                assert_eq!(
                    named,
                    Some(mistake.diagnosis),
                    "{}: the mistake «{}» is caught but diagnosed as {named:?} (seed {seed})",
                    spec.qualified_id(),
                    mistake.diagnosis
                );
            }
        }
    });
}

#[test]
fn a_hard_coded_answer_fails() {
    each_exercise(|subject| {
        let spec = subject.spec;
        let Some(first) = subject.exercise.cases.first() else {
            return;
        };
        let fixed =
            reference::call(spec.chapter, spec.id, &first.input).expect("reference answers");
        let outcome = judge(subject, 1, &|_| fixed.clone());
        assert_ne!(
            outcome.status,
            Status::Passed,
            "{}: returning the answer of «{}» for every input passes",
            spec.qualified_id(),
            first.name
        );
    });
}

#[test]
fn a_wrong_type_of_answer_is_wrong_not_a_crash() {
    each_exercise(|subject| {
        let outcome = judge(subject, 1, &|_| Value::String("basura".into()));
        assert_eq!(
            outcome.status,
            Status::Wrong,
            "{}",
            subject.spec.qualified_id()
        );
    });
}

#[test]
fn every_exercise_has_boundary_cases_that_run_before_the_random_ones() {
    each_exercise(
        |Subject {
             catalog,
             exercise,
             spec,
             ..
         }| {
            let cases = cases::cases(catalog, exercise, spec, 7).expect("cases build");
            let kinds: Vec<CaseKind> = cases.iter().map(|c| c.kind).collect();
            let boundary = kinds.iter().filter(|k| **k == CaseKind::Boundary).count();
            assert!(boundary > 0, "{} has no boundary case", spec.qualified_id());
            let mut sorted = kinds.clone();
            sorted.sort_by_key(|k| *k as u8);
            assert_eq!(kinds, sorted, "{}: cases out of order", spec.qualified_id());
            // The same boundary cases on every seed.
            let other = cases::cases(catalog, exercise, spec, 8).expect("cases build");
            let inputs = |cs: &[Case]| -> Vec<Value> {
                cs.iter()
                    .filter(|c| c.kind == CaseKind::Boundary)
                    .map(|c| c.input.clone())
                    .collect()
            };
            assert_eq!(inputs(&cases), inputs(&other), "{}", spec.qualified_id());
        },
    );
}

/// An edge-case bug fails on every seed, not on some: a training loop that
/// runs one epoch too few, tried on many seeds.
#[test]
fn an_off_by_one_epoch_loop_fails_on_every_seed() {
    on_exercise("perceptron::train", |subject| {
        let spec = subject.spec;
        let one_epoch_short = spec
            .mistakes
            .iter()
            .find(|m| m.diagnosis.contains("una época de menos"))
            .expect("the mistake is known");
        let reference = reference_answer(spec);
        for seed in 0..40 {
            let outcome = judge(subject, seed, &|case| {
                (one_epoch_short.answer)(&case.input).unwrap_or_else(|| reference(case))
            });
            assert_eq!(outcome.status, Status::Wrong, "passes with seed {seed}");
            let failure = outcome.failure.expect("a failure is reported");
            assert_eq!(failure.kind, CaseKind::Boundary, "seed {seed}");
            assert_eq!(
                failure.diagnosis.as_deref(),
                Some(one_epoch_short.diagnosis)
            );
        }
    });
}

/// Judges a student that answers with `answer(reference answer)` on one
/// exercise and returns the diagnosis of its first failure.
fn diagnosis_of(qualified: &str, answer: &dyn Fn(Value) -> Value) -> Option<String> {
    on_exercise(qualified, |subject| {
        let reference = reference_answer(subject.spec);
        let outcome = judge(subject, 5, &|case| answer(reference(case)));
        assert_eq!(outcome.status, Status::Wrong, "{qualified}");
        outcome.failure.and_then(|f| f.diagnosis)
    })
}

fn map_field(mut out: Value, key: &str, f: fn(f64) -> f64) -> Value {
    out[key] = crate::judge::map_floats(&out[key], &|x| f(x));
    out
}

#[test]
fn a_computation_in_f32_is_named() {
    let to_f32 = |v: Value| crate::judge::map_floats(&v, &|x| f64::from(x as f32));
    for qualified in [
        "backprop::neuron_gradient_squared_error",
        "activations::sigmoid",
        "backprop::gradient_descent_step",
    ] {
        let d = diagnosis_of(qualified, &to_f32).unwrap_or_default();
        assert!(d.contains("f32"), "{qualified}: {d}");
    }
}

#[test]
fn the_slides_rounded_numbers_are_named() {
    let round5 = |v: Value| crate::judge::map_floats(&v, &|x| (x * 1e5).round() / 1e5);
    let d = diagnosis_of("backprop::gradient_descent_step", &round5).unwrap_or_default();
    assert!(d.contains("redondeado a 5 decimales"), "{d}");
    let cut4 = |v: Value| map_field(v, "dyhat_dz", |x| (x * 1e4).trunc() / 1e4);
    let d = diagnosis_of("backprop::neuron_gradient_squared_error", &cut4).unwrap_or_default();
    assert!(d.contains("truncado a 4 decimales"), "{d}");
}

#[test]
fn swapped_fields_and_a_sign_flipped_in_one_field_are_named() {
    let swap = |mut v: Value| {
        let a = v["dc_dyhat"].clone();
        v["dc_dyhat"] = v["dyhat_dz"].clone();
        v["dyhat_dz"] = a;
        v
    };
    let d = diagnosis_of("backprop::neuron_gradient_squared_error", &swap).unwrap_or_default();
    assert!(d.contains("intercambiaste `dc_dyhat` y `dyhat_dz`"), "{d}");
    let flip_b = |v: Value| map_field(v, "grad_b", |x| -x);
    let d = diagnosis_of("backprop::neuron_gradient_cross_entropy", &flip_b).unwrap_or_default();
    assert!(d.contains("signo de `grad_b`"), "{d}");
}

#[test]
fn panics_from_loop_bounds_are_explained() {
    on_exercise(
        "vectorization::layer_shapes",
        |Subject {
             catalog,
             chapter,
             exercise,
             spec,
         }| {
            let cases = cases::cases(catalog, exercise, spec, 1).expect("cases build");
            let reference = reference_answer(spec);
            for (message, needle) in [
                ("attempt to subtract with overflow", "`len() - 1`"),
                (
                    "index out of bounds: the len is 3 but the index is 3",
                    "`0..=n`",
                ),
            ] {
                // Right until the empty list, then the panic.
                let raw: Vec<RawCase> = cases
                    .iter()
                    .map(|c| {
                        if c.input["sizes"].as_array().is_some_and(|a| a.is_empty()) {
                            RawCase::Panic {
                                message: message.into(),
                                location: "src/vectorization.rs:80:5".into(),
                                todo: false,
                            }
                        } else {
                            RawCase::Output(reference(c))
                        }
                    })
                    .collect();
                let run = Run::finished(raw);
                let mut outcome = ExerciseOutcome::new(chapter, exercise);
                verdict::judge_run(&mut outcome, spec, &cases, &run);
                assert_eq!(outcome.status, Status::Crashed);
                let failure = outcome.failure.expect("a failure");
                assert_eq!(failure.kind, CaseKind::Boundary);
                let d = failure.diagnosis.unwrap_or_default();
                assert!(d.contains(needle), "{d}");
            }
        },
    );
}
