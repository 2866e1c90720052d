//! `grader batch <DIR>`: grades every submission of a class with the same
//! checks and one seed, in the strict sandbox, and writes a gradebook.
//!
//! Each worker (one per core) owns one folder (see [`slots`]) under
//! `<target>/grader/batch/slot-<k>/`: a submission's chapter files are
//! copied there and graded like a student's folder, with its chapters in
//! one harness program where they can share it (see
//! [`crate::harness::build_all`]). So each worker reuses one harness crate
//! (rebuilt incrementally, by rustc alone after the first time, against
//! dependencies built once) and nothing piles up per submission. A harness
//! carries the content of the chapter file it was built from, so a binary
//! left by the previous submission can never grade the next one.
//!
//! A student's record is written as soon as they are graded; a batch run
//! again grades only the submissions whose files changed (or all, with
//! `--regrade`). The gradebook is written at the end, whole.

mod gradebook;
mod progress;
pub mod slots;
pub mod submission;
mod zipfile;

pub use gradebook::list;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::catalog::Catalog;
use crate::cli::BatchOptions;
use crate::grade;
use crate::harness::fnv1a;
use crate::report;
use crate::sandbox::{self, Policy, Refused};
use crate::spec::Spec;
use crate::workspace;

use gradebook::{Record, SubmissionStatus};
use submission::{Source, Submission};

pub fn run(catalog: &Catalog, specs: &[Spec], opts: &BatchOptions) -> Result<ExitCode> {
    let dir = opts
        .dir
        .canonicalize()
        .with_context(|| format!("no existe la carpeta de entregas {}", opts.dir.display()))?;
    if !dir.is_dir() {
        bail!("{} no es una carpeta de entregas", dir.display());
    }
    let out = match &opts.out {
        Some(out) => out.clone(),
        None => {
            let name = dir
                .file_name()
                .map_or("entregas".into(), |n| n.to_string_lossy());
            dir.with_file_name(format!("{name}-notas"))
        }
    };
    std::fs::create_dir_all(out.join(gradebook::RECORDS_DIR))
        .with_context(|| format!("no se pudo crear la carpeta de notas {}", out.display()))?;
    let out = out.canonicalize()?;
    if out.starts_with(&dir) {
        bail!(
            "las notas no pueden ir dentro de la carpeta de entregas ({}): serían otra entrega",
            dir.display()
        );
    }
    let policy = Policy::from_env(opts.strict)?;
    policy.check_strict().context(
        "`batch` corrige sólo con el aislamiento completo (con `--no-strict` corrige igual, \
         y cada informe dice qué protecciones faltaron)",
    )?;
    let driver_shield = sandbox::shield_driver(&policy);
    if let (true, Err(why)) = (policy.strict, &driver_shield) {
        bail!(
            "con --strict el corrector sólo corrige con todas las protecciones, y falta: driver_shield ({why})"
        );
    }

    let previous = gradebook::read_state(&out).map(|s| s.seed);
    let seed = opts
        .seed
        .or(previous)
        .unwrap_or_else(crate::session::random_seed);
    gradebook::write_state(&out, &gradebook::State { seed })?;
    let (submissions, skipped) = submission::discover(&dir)
        .with_context(|| format!("no se pudo leer la carpeta de entregas {}", dir.display()))?;
    eprintln!(
        "Corrigiendo {} entregas de {} con la semilla {seed}{}; notas en {}",
        submissions.len(),
        dir.display(),
        if previous == Some(seed) {
            " (la de la corrida anterior)"
        } else {
            ""
        },
        out.display()
    );
    if !skipped.is_empty() {
        eprintln!(
            "No son entregas (ni carpeta ni .zip), no se corrigen: {}",
            gradebook::list(&skipped, 10)
        );
    }

    let batch = Batch {
        catalog,
        specs,
        policy: &policy,
        driver_shield: &driver_shield,
        seed,
        out: &out,
        regrade: opts.regrade,
    };
    let kept: Vec<bool> = submissions
        .iter()
        .map(|s| batch.kept(s).is_some())
        .collect();
    let progress = progress::Progress::new(submissions.len(), 0);
    let workers = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let slots = slots::take(
        &workspace::target_dir()?.join("grader").join("batch"),
        workers,
    )?;
    let next = Mutex::new(0usize);
    let records: Mutex<BTreeMap<usize, Record>> = Mutex::default();
    let stop: Mutex<Option<anyhow::Error>> = Mutex::default();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for slot in &slots {
            let slot = &slot.dir;
            let (next, records, stop, batch, progress) =
                (&next, &records, &stop, &batch, &progress);
            let (submissions, kept) = (&submissions, &kept);
            scope.spawn(move || {
                loop {
                    if stop.lock().map_or(true, |s| s.is_some()) {
                        return;
                    }
                    let i = {
                        let Ok(mut n) = next.lock() else { return };
                        *n += 1;
                        *n - 1
                    };
                    let Some(sub) = submissions.get(i) else {
                        return;
                    };
                    let result = if kept[i] {
                        batch
                            .kept(sub)
                            .map(|r| (r, false))
                            .ok_or_else(|| anyhow::anyhow!("el registro de {} desapareció", sub.id))
                    } else {
                        batch.grade(sub, slot).map(|r| (r, true))
                    };
                    match result {
                        Ok((record, regraded)) => {
                            progress.finished(&sub.id, &summary(&record), regraded);
                            // Only the gradebook line stays in memory: the
                            // details are in the record's file, read back
                            // for the JSON at the end. A driver that grows
                            // makes every sandbox launch slower (each fork
                            // copies its page tables).
                            if let Ok(mut map) = records.lock() {
                                map.insert(i, record.without_report());
                            }
                        }
                        Err(e) => {
                            if let Ok(mut s) = stop.lock() {
                                s.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = stop.into_inner().ok().flatten() {
        return Err(e.context(
            "la corrección en lote se detuvo; lo ya corregido quedó guardado y no se vuelve a corregir",
        ));
    }
    let records: Vec<Record> = records
        .into_inner()
        .unwrap_or_default()
        .into_values()
        .collect();
    gradebook::write(&out, catalog, seed, &records)?;
    let graded = kept.iter().filter(|k| !**k).count();
    eprintln!(
        "Listo: {} entregas ({graded} corregidas ahora, {} de una corrida anterior) en {:.1} s. Semilla {seed}.",
        records.len(),
        records.len() - graded,
        started.elapsed().as_secs_f64(),
    );
    println!("{}", out.join(gradebook::CSV_NAME).display());
    println!("{}", out.join(gradebook::JSON_NAME).display());
    Ok(ExitCode::SUCCESS)
}

struct Batch<'a> {
    catalog: &'a Catalog,
    specs: &'a [Spec],
    policy: &'a Policy,
    driver_shield: &'a Result<(), String>,
    seed: u64,
    out: &'a Path,
    regrade: bool,
}

impl Batch<'_> {
    fn chapters(&self) -> Vec<&str> {
        self.catalog
            .chapters
            .iter()
            .map(|c| c.id.as_str())
            .collect()
    }

    /// The record of an earlier run still valid for `sub`: same seed, same
    /// files, and graded (a grader error is tried again).
    fn kept(&self, sub: &Submission) -> Option<Record> {
        if self.regrade {
            return None;
        }
        let record = gradebook::read_record(self.out, &sub.id)?;
        (record.seed == self.seed
            && record.status != SubmissionStatus::GraderError
            && record.fingerprint == self.fingerprint(sub))
        .then_some(record)
    }

    /// What an unchanged submission keeps: its chapter files, or for one
    /// that cannot be read, its bytes.
    fn fingerprint(&self, sub: &Submission) -> String {
        match (self.collect(sub), &sub.source) {
            (Ok(collected), _) => collected.fingerprint(),
            (Err(_), Source::Zip(path)) => format!(
                "ilegible-{:016x}",
                fnv1a(&std::fs::read(path).unwrap_or_default())
            ),
            (Err(_), Source::Folder(_)) => "ilegible".into(),
        }
    }

    fn collect(&self, sub: &Submission) -> Result<submission::Collected, String> {
        let chapters = self.chapters();
        match &sub.source {
            Source::Folder(path) => {
                let entries = submission::walk(path, &chapters)?;
                Ok(submission::collect(&entries, &chapters, false))
            }
            Source::Zip(path) => {
                let entries = zipfile::entries(path, &chapters)?;
                Ok(submission::collect(&entries, &chapters, true))
            }
        }
    }

    /// Grades one submission and keeps its record. Fails only when grading
    /// cannot go on (the sandbox refused, the record cannot be written).
    fn grade(&self, sub: &Submission, slot: &Path) -> Result<Record> {
        let started = Instant::now();
        let entry = sub.entry_name();
        let ungraded = |status, reasons| {
            Record::ungraded(&sub.id, &entry, status, self.seed, self.catalog, reasons)
        };
        let record = match self.collect(sub) {
            Err(why) => Record {
                fingerprint: self.fingerprint(sub),
                ..ungraded(SubmissionStatus::Unreadable, vec![why])
            },
            Ok(collected) if collected.chapters.is_empty() => {
                let mut reasons = vec![format!(
                    "no tiene ningún archivo de capítulo ({}.rs)",
                    self.chapters().join(".rs, ")
                )];
                reasons.extend(collected.problems.iter().cloned());
                let mut record = ungraded(SubmissionStatus::Empty, reasons);
                record.layout = collected.layout.clone();
                record.ignored_files = collected.ignored.clone();
                record.fingerprint = collected.fingerprint();
                record
            }
            Ok(collected) => self.grade_files(sub, &entry, &collected, slot)?,
        };
        let record = Record {
            elapsed_ms: started.elapsed().as_millis() as u64,
            ..record
        };
        gradebook::write_record(self.out, &record)
            .with_context(|| format!("no se pudo guardar la nota de {}", sub.id))?;
        Ok(record)
    }

    fn grade_files(
        &self,
        sub: &Submission,
        entry: &str,
        collected: &submission::Collected,
        slot: &Path,
    ) -> Result<Record> {
        submission::stage(collected, slot).with_context(|| {
            format!(
                "no se pudo copiar la entrega de {} a {}",
                sub.id,
                slot.display()
            )
        })?;
        let result = grade::grade(&grade::Request {
            catalog: self.catalog,
            specs: self.specs,
            student_dir: slot,
            seed: self.seed,
            selection: &[],
            policy: self.policy,
            driver_shield: self.driver_shield,
            cancel: None,
            // Official grades: every submission runs every case.
            reuse: false,
            one_program: true,
        });
        let mut report = match result {
            Ok(report) => report,
            Err(e) if e.downcast_ref::<Refused>().is_some() => return Err(e),
            Err(e) => {
                let mut record = Record::ungraded(
                    &sub.id,
                    entry,
                    SubmissionStatus::GraderError,
                    self.seed,
                    self.catalog,
                    vec![format!("{e:#}")],
                );
                record.layout = collected.layout.clone();
                return Ok(record);
            }
        };
        report.graded_folder = format!("{} ({})", entry, collected.layout);
        report.withhold_hidden();
        let (points, max_points) = report.points();
        let mut reasons = collected.problems.clone();
        reasons.extend(gradebook::reasons(&report));
        Ok(Record {
            student: sub.id.clone(),
            entry: entry.to_string(),
            layout: collected.layout.clone(),
            status: SubmissionStatus::Graded,
            seed: self.seed,
            fingerprint: collected.fingerprint(),
            points,
            max_points,
            exercises: report
                .exercises()
                .map(|e| (format!("{}::{}", e.chapter, e.id), e.points))
                .collect(),
            reasons,
            ignored_files: collected.ignored.clone(),
            elapsed_ms: 0,
            report: Some(report::json::report(&report)),
        })
    }
}

/// One line on a graded submission, for the progress.
fn summary(record: &Record) -> String {
    match record.status {
        SubmissionStatus::Graded => format!("{}/{} puntos", record.points, record.max_points),
        other => format!(
            "{} ({})",
            other.label(),
            record.reasons.first().map_or("", String::as_str)
        ),
    }
}
