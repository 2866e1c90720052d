//! Gradescope: the autograder package (`package --gradescope`, see
//! [`package`]) and what its `run_autograder` runs for each submission
//! (`autograde`): the submission's chapter files, found in any layout
//! `batch` accepts, are copied to one folder under `<target>/grader/`
//! (the one `setup.sh` already built harnesses for), graded in the strict
//! sandbox with the package's seed, and the results written whole to
//! `results.json`, hidden cases counted but not shown. Whatever happens,
//! a `results.json` is written: a failure of the grader itself says so
//! there, with a score of 0, for the instructor to see.

pub mod package;

use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::json;

use crate::batch::submission;
use crate::catalog::Catalog;
use crate::cli::{AutogradeOptions, PackageOptions};
use crate::grade;
use crate::output;
use crate::report;
use crate::sandbox::{self, Policy};
use crate::spec::Spec;
use crate::workspace;

pub fn package(opts: &PackageOptions) -> Result<ExitCode> {
    let seed = opts.seed.unwrap_or_else(package::new_seed);
    package::write(&opts.out, seed, opts.unpacked)?;
    eprintln!(
        "Paquete de Gradescope en {}: semilla {seed} para los casos ocultos de todas las entregas.\n\
         Subilo en «Configure Autograder» (Ubuntu, la imagen base que Gradescope ofrece).",
        opts.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn autograde(catalog: &Catalog, specs: &[Spec], opts: &AutogradeOptions) -> Result<ExitCode> {
    if let Some(parent) = opts.results.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("no se pudo crear {}", parent.display()))?;
    }
    match grade_submission(catalog, specs, opts) {
        Ok((text, all_passed)) => {
            output::write(&opts.results, &text)?;
            Ok(if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Err(e) => {
            let results = json!({
                "score": 0,
                "output": format!(
                    "El corrector no pudo corregir esta entrega (no es culpa de la entrega): {e:#}"
                ),
                "visibility": "visible",
                "tests": [],
                "extra_data": {"sandbox": {"complete": false, "harness_processes": 0, "protections": []}},
            });
            output::write(&opts.results, &format!("{results:#}\n"))?;
            Err(e)
        }
    }
}

/// The results' text, and whether every exercise passed.
fn grade_submission(
    catalog: &Catalog,
    specs: &[Spec],
    opts: &AutogradeOptions,
) -> Result<(String, bool)> {
    let policy = Policy::from_env(opts.strict)?;
    policy.check_strict()?;
    let driver_shield = sandbox::shield_driver(&policy);
    if let (true, Err(why)) = (policy.strict, &driver_shield) {
        anyhow::bail!(
            "con --strict el corrector sólo corrige con todas las protecciones, y falta: driver_shield ({why})"
        );
    }
    let chapters: Vec<&str> = catalog.chapters.iter().map(|c| c.id.as_str()).collect();
    let entries = submission::walk(&opts.submission, &chapters).map_err(anyhow::Error::msg)?;
    let collected = submission::collect(&entries, &chapters, false);
    let slot = workspace::target_dir()?.join("grader").join("gradescope");
    submission::stage(&collected, &slot)
        .with_context(|| format!("no se pudo copiar la entrega a {}", slot.display()))?;
    let seed = opts.seed.unwrap_or_else(crate::session::random_seed);
    let mut report = grade::grade(&grade::Request {
        catalog,
        specs,
        student_dir: &slot,
        seed,
        selection: &[],
        policy: &policy,
        driver_shield: &driver_shield,
        cancel: None,
        // Official grades: every submission runs every case.
        reuse: false,
        one_program: true,
    })?;
    report.graded_folder = format!("tu entrega ({})", collected.layout);
    report.withhold_hidden();
    let mut results = report::json::gradescope(&report, catalog);
    let mut notes = Vec::new();
    if collected.chapters.is_empty() {
        notes.push(format!(
            "No se encontró ningún archivo de capítulo ({}.rs): subí los archivos de exercises/src.",
            chapters.join(".rs, ")
        ));
    }
    notes.extend(collected.problems.iter().cloned());
    if !collected.ignored.is_empty() {
        notes.push(format!(
            "Archivos de la entrega que no se usan: {}",
            crate::batch::list(&collected.ignored, 10)
        ));
    }
    if !notes.is_empty() {
        let summary = results["output"].as_str().unwrap_or("").to_string();
        results["output"] = json!(format!(
            "{}\n\n{summary}",
            report::inert::block(&notes.join("\n"))
        ));
    }
    Ok((
        format!("{}\n", report::json::to_text(&results)),
        report.all_passed(),
    ))
}
