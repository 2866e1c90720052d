//! One `grade` command resolved once: the graded folder, the seed, the
//! sandbox policy and the driver's own protection, before anything runs;
//! then each grading (one, or one per save in watch mode) and its report
//! in the chosen format.

use anyhow::{Result, bail};

use crate::catalog::Catalog;
use crate::cli::{Format, GradeOptions};
use crate::outcome::Report;
use crate::report::style::Style;
use crate::report::text::TextOptions;
use crate::sandbox::{self, Policy};
use crate::spec::Spec;
use crate::{bank, grade, output, report, workspace};

/// One `grade` command: its options and the sandbox it grades in.
pub struct Grading<'a> {
    pub catalog: &'a Catalog,
    pub specs: &'a [Spec],
    pub opts: GradeOptions,
    pub policy: Policy,
    pub driver_shield: Result<(), String>,
    pub student_dir: std::path::PathBuf,
    /// The run's seed, drawn once (every run of a watch uses it).
    pub seed: u64,
}

impl<'a> Grading<'a> {
    pub fn start(catalog: &'a Catalog, specs: &'a [Spec], mut opts: GradeOptions) -> Result<Self> {
        let seed = run_seed(opts.seed)?;
        opts.seed = Some(seed);
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
            seed,
        })
    }

    pub fn grade_once(&self) -> Result<Report> {
        self.grade_cancellable(None)
    }

    /// Grades, stopping early (with [`grade::Cancelled`]) once `cancel` is set.
    pub fn grade_cancellable(
        &self,
        cancel: Option<&std::sync::atomic::AtomicBool>,
    ) -> Result<Report> {
        grade::grade(&grade::Request {
            catalog: self.catalog,
            specs: self.specs,
            student_dir: &self.student_dir,
            seed: self.seed,
            selection: &self.opts.selection,
            policy: &self.policy,
            driver_shield: &self.driver_shield,
            cancel,
            reuse: !self.opts.strict && self.opts.output.is_none(),
            // One program per chapter: a save rebuilds only its chapter.
            one_program: false,
        })
    }

    /// The report in the chosen format.
    pub fn render(&self, report: &Report) -> String {
        render_report(report, self.catalog, &self.opts)
    }
}

pub fn render_report(report: &Report, catalog: &Catalog, opts: &GradeOptions) -> String {
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

/// The seed of a run: the one asked for or a random one; in the student
/// edition, one the bank of hidden cases has.
pub fn run_seed(requested: Option<u64>) -> Result<u64> {
    if cfg!(feature = "reference") {
        Ok(requested.unwrap_or_else(random_seed))
    } else {
        bank::seed(requested, random_seed())
    }
}

pub fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Keep seeds short enough to type.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000
}
