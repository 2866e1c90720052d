//! Builds the bank of hidden cases of the student edition
//! (`crate::bank`): grades nothing, but asks the reference everything
//! grading would ask it on the bank's seeds (the expected value of every
//! hidden case, the reference's answer where a property judges, and what
//! the known mistakes compute, on public, boundary and random inputs) and
//! keeps every answer.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::bank::{Bank, Entry};
use crate::cases;
use crate::catalog::Catalog;
use crate::reference;
use crate::spec::Spec;

/// The seeds of the bank: a student's run draws one of them.
pub const SEEDS: [u64; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

pub const NOTE: &str = "Casos ocultos del corrector para esta edición del cuaderno de trabajo, \
generados con las soluciones de referencia: cada entrada es una entrada de un ejercicio y la \
respuesta de la referencia. Quien abra este archivo puede leerlas; la nota oficial no sale de \
acá sino de la corrección del docente (`grader batch` o Gradescope), que usa las soluciones \
mismas y otras semillas.";

pub fn build(catalog: &Catalog, specs: &[Spec]) -> Result<Bank> {
    reference::start_recording();
    let asked = ask_everything(catalog, specs);
    let calls = reference::stop_recording();
    asked?;
    let mut exercises: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for call in calls {
        let entries = exercises.entry(call.exercise).or_default();
        if !entries.iter().any(|e| e.input == call.input) {
            entries.push(Entry {
                input: call.input,
                expected: call.output,
            });
        }
    }
    Ok(Bank {
        nota: NOTE.to_string(),
        seeds: SEEDS.to_vec(),
        exercises,
    })
}

fn ask_everything(catalog: &Catalog, specs: &[Spec]) -> Result<()> {
    for (chapter, exercise) in catalog.exercises() {
        let id = format!("{}::{}", chapter.id, exercise.id);
        let Some(spec) = specs.iter().find(|s| s.qualified_id() == id) else {
            continue;
        };
        for seed in SEEDS {
            let cases = cases::cases(catalog, exercise, spec, seed)
                .with_context(|| format!("{id}, semilla {seed}"))?;
            for case in &cases {
                // A property may compare with the reference's own answer.
                if spec.property.is_some() {
                    let _ = reference::call(spec.chapter, spec.id, &case.input);
                }
                for mistake in &spec.mistakes {
                    let _ = (mistake.answer)(&case.input);
                }
            }
        }
    }
    Ok(())
}
