//! The exercise cells: `notebooks/checks/<chapter>.rs`, one per chapter of
//! exercises, written as Rust so the tests compile them.
//!
//! A file holds `use` lines (the imports its cells need; they go into the
//! notebook's first cell) and one `pub fn <exercise>() { … }` per exercise of
//! the chapter, whose body becomes the cell. Nothing else: comments and doc
//! comments aside, anything at the top level is an error.
//!
//! `cargo xtask gen` writes the same kind of file in
//! `notebooks/checks/generated/` for the exercises that have no cell written
//! by hand; a hand-written cell wins (`merged`).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// A parsed checks file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checks {
    /// The `use` items, each as one line.
    pub uses: Vec<String>,
    /// `(exercise, cell source)`, in file order.
    pub cells: Vec<(String, String)>,
}

impl Checks {
    /// The cell of one exercise.
    pub fn cell(&self, exercise: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(name, _)| name == exercise)
            .map(|(_, body)| body.as_str())
    }
}

/// The hand-written exercise cells, one file per chapter.
pub const HAND_WRITTEN: &str = "notebooks/checks";
/// The cells `cargo xtask gen` writes for the exercises without a
/// hand-written one.
pub const GENERATED: &str = "notebooks/checks/generated";

/// The checks files of a folder (none if it does not exist), by chapter.
pub fn read_folder(root: &Path, folder: &str) -> Result<BTreeMap<String, Checks>> {
    let mut checks = BTreeMap::new();
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(checks);
    }
    for entry in fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .context("a checks file name that is not UTF-8")?
                .to_string();
            let shown = format!("{folder}/{name}.rs");
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            checks.insert(name, parse(&text, &shown)?);
        }
    }
    Ok(checks)
}

/// A chapter's cells: the hand-written ones, then the generated ones of
/// the exercises that have no hand-written cell.
pub fn merged(hand: Option<&Checks>, generated: Option<&Checks>) -> Checks {
    let mut merged = hand.cloned().unwrap_or_default();
    if let Some(generated) = generated {
        for item in &generated.uses {
            if !merged.uses.contains(item) {
                merged.uses.push(item.clone());
            }
        }
        for (name, cell) in &generated.cells {
            if merged.cell(name).is_none() {
                merged.cells.push((name.clone(), cell.clone()));
            }
        }
    }
    merged
}

/// Parses a checks file; `name` is its path, for errors.
pub fn parse(text: &str, name: &str) -> Result<Checks> {
    let mut checks = Checks::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            i += 1;
        } else if line.starts_with("use ") {
            let mut item = String::new();
            while i < lines.len() {
                item.push_str(lines[i].trim());
                item.push(' ');
                i += 1;
                if item.trim_end().ends_with(';') {
                    break;
                }
            }
            checks.uses.push(
                item.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace("{ ", "{")
                    .replace(" }", "}"),
            );
        } else if let Some(rest) = line.strip_prefix("pub fn ") {
            let Some(exercise) = rest.strip_suffix("() {") else {
                bail!(
                    "{name}:{}: write the cell as `pub fn <exercise>() {{` on one line",
                    i + 1
                );
            };
            let start = i + 1;
            let Some(len) = lines[start..].iter().position(|l| *l == "}") else {
                bail!(
                    "{name}:{}: `pub fn {exercise}` has no closing `}}` at the start of a line",
                    i + 1
                );
            };
            let body: Vec<&str> = lines[start..start + len]
                .iter()
                .map(|l| l.strip_prefix("    ").unwrap_or(l.trim_start()))
                .collect();
            if checks.cell(exercise).is_some() {
                bail!("{name}:{}: `{exercise}` appears twice", i + 1);
            }
            checks
                .cells
                .push((exercise.to_string(), body.join("\n").trim().to_string()));
            i = start + len + 1;
        } else {
            bail!(
                "{name}:{}: only `use` lines and `pub fn <exercise>() {{ … }}` may be at the top level",
                i + 1
            );
        }
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_and_cells() {
        let text = "//! Docs.\n\nuse ndarray::{\n    array, Array1,\n};\nuse nncore::Rng;\n\n\
                    /// sgn.\npub fn sign() {\n    let z = 0.0;\n    check!(perceptron => sign(z));\n\n    if true {\n        z;\n    }\n}\n\n\
                    pub fn train() {\n    check!(perceptron => train(&[], &[], 0.0, 1.0, 1));\n}\n";
        let checks = parse(text, "p.rs").unwrap();
        assert_eq!(
            checks.uses,
            ["use ndarray::{array, Array1,};", "use nncore::Rng;"]
        );
        assert_eq!(
            checks.cell("sign"),
            Some("let z = 0.0;\ncheck!(perceptron => sign(z));\n\nif true {\n    z;\n}")
        );
        assert_eq!(checks.cells[1].0, "train");
        assert_eq!(checks.cell("otra"), None);
    }

    #[test]
    fn a_hand_written_cell_wins_over_a_generated_one() {
        let hand = parse(
            "use nncore::Rng;\npub fn a() {\n    check!(c => a(x));\n}\n",
            "h.rs",
        )
        .unwrap();
        let generated = parse(
            "// Generated.\npub fn a() {\n    check!(c => a(1.0));\n}\npub fn b() {\n    check!(c => b(2.0));\n}\n",
            "g.rs",
        )
        .unwrap();
        let both = merged(Some(&hand), Some(&generated));
        assert_eq!(both.cell("a"), Some("check!(c => a(x));"));
        assert_eq!(both.cell("b"), Some("check!(c => b(2.0));"));
        assert_eq!(both.uses, ["use nncore::Rng;"]);
        assert_eq!(merged(None, Some(&generated)), generated);
        assert_eq!(merged(Some(&hand), None), hand);
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("fn helper() {}\n", "p.rs").unwrap_err().to_string();
        assert!(err.starts_with("p.rs:1: only `use`"), "{err}");
        let err = parse("pub fn a(x: f64) {\n}\n", "p.rs")
            .unwrap_err()
            .to_string();
        assert!(err.contains("p.rs:1: write the cell"), "{err}");
        let err = parse("pub fn a() {\n    x\n", "p.rs")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no closing"), "{err}");
        let err = parse("pub fn a() {\n}\npub fn a() {\n}\n", "p.rs")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`a` appears twice"), "{err}");
    }
}
