//! `grader check`: the course's check of itself, for instructors and CI.
//! For every exercise of the catalog: its stub is still `todo!("<name>")`,
//! the reference exists, is marked and passes every case on many seeds,
//! it has hints, a book section that exists, public and hidden cases, and
//! each known mistake fails and is named; the catalog reads without error
//! (or the error names file, line and field); the generated files are up
//! to date (`cargo xtask gen --check`).

pub mod judged;
mod rules;
pub mod source;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::catalog::Catalog;
use crate::spec::Spec;

/// The seeds the reference and the known mistakes are judged on, unless
/// more are asked for.
pub const SEEDS: [u64; 12] = [
    1, 2, 3, 7, 42, 100, 101, 2026, 31_337, 65_536, 123_456, 999_999,
];

/// `count` seeds: the fixed ones first, then as many more as asked
/// (`check --seeds N`, to find a reference that fails once in hundreds).
pub fn seeds(count: Option<usize>) -> Vec<u64> {
    let Some(count) = count else {
        return SEEDS.to_vec();
    };
    SEEDS
        .into_iter()
        .chain((0u64..).map(|k| 1_000_003 + 7_919 * k))
        .take(count)
        .collect()
}

pub struct Options {
    /// Also run `cargo xtask gen --check` (needs `xtask/`).
    pub generated: bool,
    /// Chapter ids to check; empty means all.
    pub chapters: Vec<String>,
    /// The seeds each exercise is judged on (see [`seeds`]).
    pub seeds: Vec<u64>,
}

/// One thing wrong with the course.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `chapter::exercise`, a file, or `catálogo`.
    pub place: String,
    /// What is wrong, in Spanish.
    pub what: String,
}

impl Problem {
    fn new(place: impl Into<String>, what: impl Into<String>) -> Self {
        Self {
            place: place.into(),
            what: what.into(),
        }
    }
}

/// What the check found in the course rooted at `root`.
pub struct Findings {
    pub exercises: usize,
    /// How many seeds each exercise was judged on.
    pub seeds: usize,
    pub problems: Vec<Problem>,
}

/// Checks the course at `root` (the folder with `grader/catalog/`).
pub fn run(root: &Path, specs: &[Spec], opts: &Options) -> Result<Findings> {
    let dir = root.join("grader").join("catalog");
    let catalog = match Catalog::load(&dir) {
        Ok(catalog) => catalog,
        Err(e) => {
            return Ok(Findings {
                exercises: 0,
                seeds: opts.seeds.len(),
                problems: vec![Problem::new("catálogo", format!("{e:#}"))],
            });
        }
    };
    let mut catalog = catalog;
    if let Some(unknown) = opts
        .chapters
        .iter()
        .find(|id| !catalog.chapters.iter().any(|c| &c.id == *id))
    {
        anyhow::bail!(
            "no hay ningún capítulo llamado `{unknown}`: mirá la lista con `cargo run -p grader -- list`"
        );
    }
    if !opts.chapters.is_empty() {
        catalog.chapters.retain(|c| opts.chapters.contains(&c.id));
    }
    let specs: Vec<&Spec> = specs
        .iter()
        .filter(|s| opts.chapters.is_empty() || opts.chapters.iter().any(|c| c == s.chapter))
        .collect();
    if opts.seeds.is_empty() {
        anyhow::bail!("`--seeds` tiene que ser al menos 1");
    }
    let mut problems = rules::exercises(root, &catalog, &specs, &opts.seeds)?;
    if opts.generated {
        problems.extend(generated(root)?);
    }
    Ok(Findings {
        exercises: catalog.exercises().count(),
        seeds: opts.seeds.len(),
        problems,
    })
}

/// The report, in Spanish.
pub fn render(findings: &Findings) -> String {
    let mut out = format!(
        "Revisión del curso: {} ejercicios, {} semillas por ejercicio\n",
        findings.exercises, findings.seeds
    );
    for p in &findings.problems {
        out.push_str(&format!("✗ {}: {}\n", p.place, p.what));
    }
    if findings.problems.is_empty() {
        out.push_str("✓ todo en orden\n");
    } else {
        out.push_str(&format!("{} problema(s)\n", findings.problems.len()));
    }
    out
}

/// `cargo xtask gen --check` in `root`: the stubs, the dispatch files and
/// the generated notebook cells are what the generator writes from the
/// solutions and the catalog.
fn generated(root: &Path) -> Result<Vec<Problem>> {
    if !root.join("xtask").join("Cargo.toml").is_file() {
        return Ok(vec![Problem::new(
            "archivos generados",
            "no se pudieron comprobar: falta xtask/ (el generador)",
        )]);
    }
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let out = std::process::Command::new(cargo)
        .args(["run", "--quiet", "-p", "xtask", "--", "gen", "--check"])
        .current_dir(root)
        .output()
        .context("no se pudo correr `cargo xtask gen --check`")?;
    if out.status.success() {
        return Ok(Vec::new());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = crate::report::inert::block(said.trim());
    Ok(vec![Problem::new(
        "archivos generados",
        format!(
            "`cargo xtask gen --check` falla (corré `cargo xtask gen` y revisá el cambio):\n{said}"
        ),
    )])
}
