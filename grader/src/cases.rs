//! The cases of one exercise, in the order they run: the catalog's public
//! cases (the slides' numbers), the exercise's fixed boundary cases (ties,
//! zeros, empty inputs, the last epoch...: the same on every run, so an
//! edge-case bug fails every time) and the random cases drawn from the seed.

use anyhow::{Context, Result};
use nncore::Rng;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{Catalog, Exercise};
use crate::judge::Tolerance;
use crate::reference;
use crate::spec::Spec;

/// Where a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// From the catalog, with the slides' numbers.
    Public,
    /// Fixed by the grader: the same on every run.
    Boundary,
    /// Drawn from the run's seed.
    Random,
}

/// One case ready to run: its input and how to judge the output.
pub struct Case {
    pub name: String,
    pub kind: CaseKind,
    pub input: Value,
    /// For public cases, the catalog's expected value; for the others, the
    /// reference output (None when a property judges instead).
    pub expected: Option<Value>,
    pub tolerance: Tolerance,
}

impl Case {
    pub fn public(&self) -> bool {
        self.kind == CaseKind::Public
    }

    /// The case as a student reads it: «caso público «…»», «caso límite
    /// «…»» or «caso oculto n.º 3».
    pub fn label(&self) -> String {
        label(self.kind, &self.name)
    }
}

pub fn label(kind: CaseKind, name: &str) -> String {
    match kind {
        CaseKind::Public => format!("caso público «{name}»"),
        CaseKind::Boundary => format!("caso límite «{name}»"),
        CaseKind::Random => name.to_string(),
    }
}

/// How many cases of each kind ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCounts {
    pub public: usize,
    pub boundary: usize,
    pub random: usize,
}

impl CaseCounts {
    pub fn add(&mut self, kind: CaseKind) {
        match kind {
            CaseKind::Public => self.public += 1,
            CaseKind::Boundary => self.boundary += 1,
            CaseKind::Random => self.random += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.public + self.boundary + self.random
    }

    pub fn plus(self, other: CaseCounts) -> CaseCounts {
        CaseCounts {
            public: self.public + other.public,
            boundary: self.boundary + other.boundary,
            random: self.random + other.random,
        }
    }

    /// «2 públicos, 6 límite y 20 aleatorios».
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {} y {}",
            plural(self.public, "público", "públicos"),
            plural(self.boundary, "límite", "límite"),
            plural(self.random, "aleatorio", "aleatorios")
        )
    }
}

/// The seed of one exercise's random cases: the run's seed mixed with the
/// exercise's name, so exercises get independent cases.
pub fn exercise_seed(seed: u64, qualified_id: &str) -> u64 {
    crate::hash::fnv1a_from(seed ^ crate::hash::FNV_OFFSET, qualified_id.as_bytes())
}

/// The seed of the boundary cases drawn from an exercise's generator: fixed,
/// so these cases never change.
const BOUNDARY_SEED: u64 = 0x5eed_b0da;

/// The boundary cases of `spec`, with a short name for each: the same on
/// every run, so a solution with an edge-case bug fails whatever the seed.
pub fn boundary(spec: &Spec) -> Vec<(String, Value)> {
    let drawn = |names: &[&str]| -> Vec<(String, Value)> {
        let inputs = (spec.hidden)(&mut Rng::new(BOUNDARY_SEED), names.len());
        names.iter().map(|n| n.to_string()).zip(inputs).collect()
    };
    (spec.boundary)(&drawn)
}

/// The cases of one exercise: public, then boundary, then random.
pub fn cases(catalog: &Catalog, exercise: &Exercise, spec: &Spec, seed: u64) -> Result<Vec<Case>> {
    let defaults = &catalog.defaults;
    let tolerance = exercise.tolerance(defaults);
    let mut cases: Vec<Case> = exercise
        .cases
        .iter()
        .map(|c| Case {
            name: c.name.clone(),
            kind: CaseKind::Public,
            input: c.input.clone(),
            expected: Some(c.expected.clone()),
            tolerance: c.tolerance.unwrap_or(tolerance),
        })
        .collect();
    let expected = |input: &Value| -> Result<Option<Value>> {
        if spec.property.is_some() {
            return Ok(None);
        }
        reference::call(spec.chapter, spec.id, input)
            .map(Some)
            .map_err(anyhow::Error::msg)
            .with_context(|| {
                format!(
                    "no se pudo obtener la respuesta esperada de {}",
                    spec.qualified_id()
                )
            })
    };
    for (name, input) in boundary(spec) {
        cases.push(Case {
            name: name.to_string(),
            kind: CaseKind::Boundary,
            expected: expected(&input)?,
            input,
            tolerance,
        });
    }
    let mut rng = Rng::new(exercise_seed(seed, &spec.qualified_id()));
    let random = (spec.hidden)(&mut rng, exercise.hidden_cases(defaults));
    // A generator's fixed first inputs are boundary cases already: each
    // input runs once, under the kind it really is.
    let random: Vec<Value> = random
        .into_iter()
        .filter(|input| !cases.iter().any(|c| &c.input == input))
        .collect();
    for (k, input) in random.into_iter().enumerate() {
        cases.push(Case {
            name: format!("caso oculto n.º {}", k + 1),
            kind: CaseKind::Random,
            expected: expected(&input)?,
            input,
            tolerance,
        });
    }
    Ok(cases)
}
