//! Judging simulated students in process, with no harness: the answer to
//! each case is a function of its input. The course check and the grader's
//! self-tests judge the reference, each known mistake and a hard-coded
//! answer this way.

use anyhow::Result;
use serde_json::Value;

use crate::cases::{self, Case};
use crate::catalog::{Catalog, Chapter, Exercise};
use crate::outcome::ExerciseOutcome;
use crate::reference;
use crate::runner::{RawCase, Run};
use crate::spec::Spec;
use crate::verdict;

/// An exercise of the catalog with its spec: what a simulated student is
/// judged on.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub catalog: &'a Catalog,
    pub chapter: &'a Chapter,
    pub exercise: &'a Exercise,
    pub spec: &'a Spec,
}

impl Subject<'_> {
    /// Judges a simulated student whose answer to each case is `answer(case)`.
    pub fn judge(&self, seed: u64, answer: &dyn Fn(&Case) -> Value) -> Result<ExerciseOutcome> {
        let cases = cases::cases(self.catalog, self.exercise, self.spec, seed)?;
        let run = Run::finished(cases.iter().map(|c| RawCase::Output(answer(c))).collect());
        let mut outcome = ExerciseOutcome::new(self.chapter, self.exercise);
        outcome.cases_total = cases.len();
        verdict::judge_run(&mut outcome, self.spec, &cases, &run);
        Ok(outcome)
    }
}

/// The reference's answer to a case (a JSON string saying so if it fails,
/// which no case expects).
pub fn reference_answer(spec: &Spec) -> impl Fn(&Case) -> Value + '_ {
    move |case: &Case| {
        reference::call(spec.chapter, spec.id, &case.input)
            .unwrap_or_else(|e| Value::String(format!("la referencia falló: {e}")))
    }
}
