//! `cargo run -p grader`: grades the workbook's exercises.
//!
//! See ARCHITECTURE.md for the driver/harness boundary.

mod bank;
mod batch;
mod book;
mod callers;
mod cases;
mod catalog;
#[cfg(feature = "reference")]
mod check;
mod cli;
mod course;
mod crc32;
mod diagnose;
mod families;
mod grade;
mod gradescope;
mod harness;
mod hash;
mod judge;
mod outcome;
mod output;
#[cfg(feature = "reference")]
mod package;
mod reference;
mod report;
mod reuse;
mod rules;
mod runner;
mod sandbox;
#[cfg(all(test, feature = "reference"))]
mod selfcheck;
mod session;
mod single_file;
mod spec;
mod verdict;
mod watch;
mod workspace;

#[path = "../harness/wire.rs"]
mod wire;

#[path = "../harness/protocol.rs"]
mod protocol;

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::catalog::Catalog;
use crate::cli::{Command, Format};
use crate::session::Grading;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let command = cli::parse(std::env::args().skip(1))?;
    if let Command::Check(opts) = &command {
        return check(opts);
    }
    let catalog = Catalog::load(&workspace::catalog_path()?)?;
    let specs = course::specs();
    match command {
        Command::Help => {
            print!("{}", cli::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Command::List => {
            print!("{}", list(&catalog));
            Ok(ExitCode::SUCCESS)
        }
        Command::Hint(id) => {
            print!("{}", hint(&catalog, &id)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Batch(opts) => batch::run(&catalog, &specs, &opts),
        Command::PackageGradescope(opts) => gradescope::package(&opts),
        Command::Autograde(opts) => gradescope::autograde(&catalog, &specs, &opts),
        Command::Check(_) => unreachable!("handled before the catalog is loaded"),
        Command::Package(what) => package(&what, &catalog, &specs),
        Command::Grade(opts) => {
            check_selection(&catalog, &opts.selection)?;
            // The folder and the seed are resolved once: every run of a
            // watch uses the same seed.
            let grading = Grading::start(&catalog, &specs, opts)?;
            if grading.opts.watch {
                watch::run(
                    &grading.student_dir,
                    grading.catalog,
                    |cancel| grading.grade_cancellable(cancel),
                    |report| grading.render(report),
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut report = grading.grade_once()?;
            // Gradescope's results are the official grade: hidden cases are
            // counted, not shown.
            if grading.opts.format == Format::Gradescope {
                report.withhold_hidden();
            }
            let text = grading.render(&report);
            match &grading.opts.output {
                Some(path) => output::write(path, &text)?,
                None => print!("{text}"),
            }
            Ok(if report.all_passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

/// `grader check`: the course's check of itself (needs the reference).
#[cfg(feature = "reference")]
fn check(opts: &cli::CheckOptions) -> Result<ExitCode> {
    let findings = check::run(
        &workspace::root()?,
        &course::specs(),
        &check::Options {
            generated: true,
            chapters: opts.chapters.clone(),
            seeds: check::seeds(opts.seeds),
        },
    )?;
    print!("{}", check::render(&findings));
    Ok(if findings.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(not(feature = "reference"))]
fn check(_: &cli::CheckOptions) -> Result<ExitCode> {
    bail!(
        "`check` revisa el curso contra las soluciones de referencia, y esta edición no las tiene"
    )
}

/// `grader package`: what an instructor hands out (needs the reference).
#[cfg(feature = "reference")]
fn package(what: &cli::Package, catalog: &Catalog, specs: &[spec::Spec]) -> Result<ExitCode> {
    print!(
        "{}",
        package::run(what, &workspace::root()?, catalog, specs)?
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "reference"))]
fn package(_: &cli::Package, _: &Catalog, _: &[spec::Spec]) -> Result<ExitCode> {
    bail!(
        "`package` arma ediciones a partir de las soluciones de referencia, y esta edición no las tiene"
    )
}

fn check_selection(catalog: &Catalog, selection: &[String]) -> Result<()> {
    for s in selection {
        let known = catalog.chapters.iter().any(|c| &c.id == s) || catalog.find(s).is_some();
        if !known {
            let suggestion = catalog
                .exercises()
                .find(|(_, e)| &e.id == s)
                .map(|(c, e)| format!(" ¿Quisiste decir `{}::{}`?", c.id, e.id))
                .unwrap_or_default();
            bail!(
                "no hay ningún capítulo ni ejercicio llamado `{s}`.{suggestion} \
                 Mirá la lista con `cargo run -p grader -- list`."
            );
        }
    }
    Ok(())
}

fn list(catalog: &Catalog) -> String {
    let mut out = format!("{}\n", catalog.course);
    for chapter in &catalog.chapters {
        let max: u32 = chapter.exercises.iter().map(|e| e.points).sum();
        out.push_str(&format!(
            "\n{}  {}  ({max} puntos, exercises/src/{}.rs)\n  libro: {}\n",
            chapter.id,
            chapter.title,
            chapter.id,
            book::page_url(catalog, chapter)
        ));
        for e in &chapter.exercises {
            out.push_str(&format!(
                "  {:<36} {:>2} p.  {}\n      § {}\n",
                format!("{}::{}", chapter.id, e.id),
                e.points,
                e.title,
                book::pointer(catalog, chapter, e)
            ));
        }
    }
    let total: u32 = catalog.exercises().map(|(_, e)| e.points).sum();
    out.push_str(&format!(
        "\nTotal: {} ejercicios, {total} puntos\n\
         Las direcciones del libro funcionan con `mdbook serve book` corriendo.\n",
        catalog.exercises().count()
    ));
    out
}

fn hint(catalog: &Catalog, id: &str) -> Result<String> {
    let (chapter, exercise) = catalog
        .find(id)
        .or_else(|| catalog.exercises().find(|(_, e)| e.id == id))
        .with_context(|| {
            format!("no hay ningún ejercicio llamado `{id}`: mirá la lista con `cargo run -p grader -- list`")
        })?;
    let mut out = format!("{}::{} — {}\n", chapter.id, exercise.id, exercise.title);
    out.push_str(&format!(
        "Leé en el libro {}\n(con `mdbook serve book` corriendo)\n",
        book::pointer(catalog, chapter, exercise)
    ));
    if exercise.hints.is_empty() {
        out.push_str("Este ejercicio no tiene pistas: la documentación de la función tiene todo lo necesario.\n");
    }
    for (i, h) in exercise.hints.iter().enumerate() {
        out.push_str(&format!("\nPista {}: {h}\n", i + 1));
    }
    Ok(out)
}
