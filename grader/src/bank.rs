//! The bank of hidden cases of the student edition (`grader/bank.json`,
//! written by `grader package --student`): for a fixed list of seeds, every
//! hidden input of every exercise judged by equality, with the reference's
//! output. A grader built without the `reference` feature (no `solutions`
//! crate) takes its expected values from here, so a class gets full
//! feedback without the solutions. A student who opens the file can read
//! them: the official grade comes from graders that link the reference.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the bank lives, relative to the workspace root.
pub const FILE: &str = "grader/bank.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// What this file is, for whoever opens it.
    pub nota: String,
    /// The seeds whose hidden cases are in the bank.
    pub seeds: Vec<u64>,
    /// `chapter::exercise` → every hidden case of every seed.
    pub exercises: BTreeMap<String, Vec<Entry>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub input: Value,
    pub expected: Value,
}

/// The bank of this workspace, read once.
#[cfg_attr(feature = "reference", allow(dead_code))]
pub fn load() -> Result<&'static Bank> {
    static BANK: OnceLock<Result<Bank, String>> = OnceLock::new();
    BANK.get_or_init(|| {
        let path = crate::workspace::root()
            .map_err(|e| e.to_string())?
            .join(FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "no se pudo leer el banco de casos ocultos {}: {e} (esta edición del corrector no tiene las soluciones de referencia y los necesita)",
                path.display()
            )
        })?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "el banco de casos ocultos {} no es válido: {e}",
                path.display()
            )
        })
    })
    .as_ref()
    .map_err(|e| anyhow!("{e}"))
}

/// The seed of a run: the one asked for, which must be in the bank, or one
/// of the bank's drawn at random.
#[cfg_attr(feature = "reference", allow(dead_code))]
pub fn seed(requested: Option<u64>, random: u64) -> Result<u64> {
    let bank = load()?;
    if bank.seeds.is_empty() {
        return Err(anyhow!(
            "el banco de casos ocultos no tiene ninguna semilla"
        ));
    }
    match requested {
        Some(s) if bank.seeds.contains(&s) => Ok(s),
        Some(s) => Err(anyhow!(
            "esta edición del corrector tiene casos ocultos sólo para las semillas {}: la {s} no está",
            bank.seeds
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Ok(bank.seeds[(random % bank.seeds.len() as u64) as usize]),
    }
}

/// The expected output of a hidden input, from the bank.
#[cfg_attr(feature = "reference", allow(dead_code))]
pub fn expected(chapter: &str, exercise: &str, input: &Value) -> Result<Value, String> {
    let bank = load().map_err(|e| e.to_string())?;
    let id = format!("{chapter}::{exercise}");
    bank.exercises
        .get(&id)
        .and_then(|entries| entries.iter().find(|e| &e.input == input))
        .map(|e| e.expected.clone())
        .ok_or_else(|| {
            format!(
                "el banco de casos ocultos no tiene este caso de {id}: el banco es de otra versión del catálogo o de los casos ocultos (volvé a generar la edición con `grader package --student`)"
            )
        })
}
