//! Generates the workbook's Jupyter notebooks (evcxr Rust kernel) from the
//! book: one notebook per chapter that has something to run, made of the
//! chapter's prose and formulas, its snippet programs, its figures and, for
//! each exercise, a cell that calls the student's function beside the
//! reference one (`notebooks/checks/`).
//!
//! The generator writes sources and metadata. The outputs of the committed
//! notebooks come from running them with the real kernel
//! (`bash .ci/notebooks --update`); when the generator rewrites a notebook
//! it keeps the outputs of the code cells whose source, and that of every
//! code cell before them, did not change, and drops the rest.

mod blocks;
pub mod book;
mod chapter;
pub mod checks;
mod figures;
pub mod ipynb;
mod markdown;

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use book::Book;
use ipynb::Executed;

/// Which crate the cells that call the student's functions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `exercises`, the student's crate: the committed notebooks.
    Student,
    /// `solutions` in place of `exercises`: every exercise finished (CI).
    Reference,
}

/// A generated notebook: its file name in `notebooks/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notebook {
    pub file_name: String,
    pub text: String,
}

/// Every notebook, from the book under the workspace `root`. For the
/// student variant, outputs are kept from the notebook already in
/// `notebooks/` where the code has not changed.
pub fn generate(root: &Path, variant: Variant) -> Result<Vec<Notebook>> {
    let book = Book::read(root)?;
    let mut out = Vec::new();
    for chapter in &book.chapters {
        let Some(file_name) = &chapter.notebook else {
            continue;
        };
        let mut cells = chapter::cells(&book, chapter)?;
        if variant == Variant::Reference {
            for cell in &mut cells {
                if let ipynb::Cell::Code(code) = cell
                    && code.contains(book::EXERCISES_DEP)
                {
                    *code = format!(
                        "{}\n{}",
                        code.replace(&format!("{}\n", book::EXERCISES_DEP), ""),
                        book::REFERENCE_ALIAS
                    );
                }
            }
        }
        let previous = match variant {
            Variant::Student => previous_outputs(&root.join("notebooks").join(file_name))?,
            Variant::Reference => Vec::new(),
        };
        let executed = kept_outputs(&cells, &previous);
        let id_prefix = file_name.trim_end_matches(".ipynb");
        let json = ipynb::notebook(&cells, id_prefix, &executed);
        out.push(Notebook {
            file_name: file_name.clone(),
            text: ipynb::to_string(&json),
        });
    }
    Ok(out)
}

/// The code cells of the notebook at `path` (none if there is no file).
fn previous_outputs(path: &Path) -> Result<Vec<(String, Executed)>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(ipynb::code_cells(&ipynb::parse(
        &text,
        &path.display().to_string(),
    )?))
}

/// The outputs to keep: those of the longest run of leading code cells
/// whose sources are unchanged (a cell's output depends on the cells run
/// before it, never on the Markdown between them).
fn kept_outputs(cells: &[ipynb::Cell], previous: &[(String, Executed)]) -> Vec<Option<Executed>> {
    let mut same_so_far = true;
    cells
        .iter()
        .filter_map(|c| match c {
            ipynb::Cell::Code(code) => Some(code),
            ipynb::Cell::Markdown(_) => None,
        })
        .enumerate()
        .map(|(i, code)| {
            same_so_far = same_so_far && previous.get(i).is_some_and(|(old, _)| old == code);
            same_so_far.then(|| previous[i].1.clone())
        })
        .collect()
}

/// The `NN-<chapter>.ipynb` files in a folder, sorted.
pub fn notebook_files(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().to_string();
        let numbered = name.len() > 3
            && name.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && name.as_bytes()[2] == b'-';
        if numbered && name.ends_with(".ipynb") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipynb::Cell;
    use serde_json::json;

    fn run(n: i64) -> Executed {
        Executed {
            execution_count: json!(n),
            outputs: vec![
                json!({"output_type": "stream", "name": "stdout", "text": [format!("{n}\n")]}),
            ],
        }
    }

    #[test]
    fn outputs_are_kept_up_to_the_first_changed_code_cell() {
        let cells = [
            Cell::Markdown("texto nuevo".into()),
            Cell::Code("a".into()),
            Cell::Code("b cambiada".into()),
            Cell::Markdown("más".into()),
            Cell::Code("c".into()),
        ];
        let previous = [
            ("a".to_string(), run(1)),
            ("b".to_string(), run(2)),
            ("c".to_string(), run(3)),
        ];
        assert_eq!(kept_outputs(&cells, &previous), [Some(run(1)), None, None]);
        let unchanged = [Cell::Code("a".into()), Cell::Code("b".into())];
        assert_eq!(
            kept_outputs(&unchanged, &previous),
            [Some(run(1)), Some(run(2))]
        );
        assert_eq!(kept_outputs(&unchanged, &[]), [None, None]);
    }
}
