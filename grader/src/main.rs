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
use crate::cli::{Command, Format, GradeOptions};
use crate::report::style::Style;
use crate::report::text::TextOptions;
use crate::sandbox::Policy;

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
    if let Command::Check(chapters) = &command {
        return check(chapters);
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
            let mut grading = Grading::start(&catalog, &specs, opts)?;
            if grading.opts.watch {
                // One seed for every run of the watch.
                grading.opts.seed = Some(run_seed(grading.opts.seed)?);
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

/// One `grade` command: its options and the sandbox it grades in.
pub struct Grading<'a> {
    pub catalog: &'a Catalog,
    pub specs: &'a [spec::Spec],
    pub opts: GradeOptions,
    pub policy: Policy,
    pub driver_shield: Result<(), String>,
    pub student_dir: std::path::PathBuf,
}

impl<'a> Grading<'a> {
    fn start(catalog: &'a Catalog, specs: &'a [spec::Spec], opts: GradeOptions) -> Result<Self> {
        let policy = Policy::from_env(opts.strict)?;
        policy.check_strict()?;
        let student_dir = if opts.solutions {
            let dir = workspace::solutions_dir()?;
            if !dir.is_dir() {
                bail!(
                    "esta copia del cuaderno de trabajo no tiene soluciones de referencia (solutions/src)"
                );
            }
            dir
        } else {
            match &opts.dir {
                Some(dir) => dir.clone(),
                None => workspace::default_student_dir()?,
            }
        };
        if let Some(path) = &opts.output {
            output::prepare(path, &student_dir)?;
        }
        // Before any student code runs.
        let driver_shield = sandbox::shield_driver(&policy);
        if let (true, Err(why)) = (policy.strict, &driver_shield) {
            anyhow::bail!(
                "con --strict el corrector sólo corrige con todas las protecciones, y falta: driver_shield ({why})"
            );
        }
        Ok(Self {
            catalog,
            specs,
            opts,
            policy,
            driver_shield,
            student_dir,
        })
    }

    pub fn grade_once(&self) -> Result<outcome::Report> {
        self.grade_cancellable(None)
    }

    /// Grades, stopping early (with [`grade::Cancelled`]) once `cancel` is set.
    pub fn grade_cancellable(
        &self,
        cancel: Option<&std::sync::atomic::AtomicBool>,
    ) -> Result<outcome::Report> {
        let seed = run_seed(self.opts.seed)?;
        grade::grade(&grade::Request {
            catalog: self.catalog,
            specs: self.specs,
            student_dir: &self.student_dir,
            seed,
            selection: &self.opts.selection,
            policy: &self.policy,
            driver_shield: &self.driver_shield,
            cancel,
            reuse: !self.opts.strict && self.opts.output.is_none(),
        })
    }

    /// The report in the chosen format.
    pub fn render(&self, report: &outcome::Report) -> String {
        render_report(report, self.catalog, &self.opts)
    }
}

pub fn render_report(report: &outcome::Report, catalog: &Catalog, opts: &GradeOptions) -> String {
    match opts.format {
        Format::Text => {
            let mut rerun = String::from("cargo run -p grader --");
            for s in &opts.selection {
                rerun.push_str(&format!(" {s}"));
            }
            if opts.solutions {
                rerun.push_str(" --solutions");
            }
            if let Some(dir) = &opts.dir {
                rerun.push_str(&format!(" --dir {}", dir.display()));
            }
            rerun.push_str(&format!(" --seed {}", report.seed));
            let style = if opts.output.is_some() {
                Style::plain()
            } else {
                Style::for_stdout()
            };
            report::text::render(
                report,
                catalog,
                style,
                &TextOptions {
                    verbose: opts.verbose,
                    rerun: report::inert::line(&rerun).into_owned(),
                    ..Default::default()
                },
            )
        }
        Format::Json => format!("{}\n", report::json::to_text(&report::json::report(report))),
        Format::Gradescope => format!(
            "{}\n",
            report::json::to_text(&report::json::gradescope(report, catalog))
        ),
    }
}

/// `grader check`: the course's check of itself (needs the reference).
#[cfg(feature = "reference")]
fn check(chapters: &[String]) -> Result<ExitCode> {
    let findings = check::run(
        &workspace::root()?,
        &course::specs(),
        &check::Options {
            generated: true,
            chapters: chapters.to_vec(),
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
fn check(_: &[String]) -> Result<ExitCode> {
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

/// The seed of a run: the one asked for or a random one; in the student
/// edition, one the bank of hidden cases has.
fn run_seed(requested: Option<u64>) -> Result<u64> {
    if cfg!(feature = "reference") {
        Ok(requested.unwrap_or_else(random_seed))
    } else {
        bank::seed(requested, random_seed())
    }
}

fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Keep seeds short enough to type.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
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
