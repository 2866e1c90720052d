//! `grader package`: what an instructor hands out, built from this
//! workspace. Each kind of package is a module of its own; today
//! `--student` (`student.rs`, the repository a class receives, with its
//! bank of hidden cases built by `hidden_bank.rs`).

mod hidden_bank;
mod student;

use std::path::Path;

use anyhow::Result;

use crate::catalog::Catalog;
use crate::cli::Package;
use crate::spec::Spec;

pub fn run(package: &Package, root: &Path, catalog: &Catalog, specs: &[Spec]) -> Result<String> {
    match package {
        Package::Student(out) => {
            let files = student::write(root, out, catalog, specs)?;
            Ok(format!(
                "Edición para estudiantes en {} ({files} archivos, sin solutions/).\n\
                 Casos ocultos: grader/bank.json, semillas {:?}.\n\
                 Probala: cd {} && cargo run -p grader\n",
                out.display(),
                hidden_bank::SEEDS,
                out.display()
            ))
        }
    }
}
