//! `--watch`: grade, then grade again whenever a chapter file is saved,
//! showing only what changed and the progress so far. Polls modification
//! times (portable, no dependency); saves are debounced so an editor's burst
//! of writes triggers one run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use crate::Grading;
use crate::catalog::Catalog;
use crate::outcome::{Report, Status};
use crate::report::inert;
use crate::report::style::Style;

const POLL: Duration = Duration::from_millis(200);
const DEBOUNCE: Duration = Duration::from_millis(300);

pub fn run(mut grading: Grading) -> Result<()> {
    let style = Style::for_stdout();
    let catalog = grading.catalog;
    // One seed for every run of this watch, so that nothing changes unless a file does.
    grading.opts.seed = Some(
        grading
            .opts
            .seed
            .unwrap_or_else(|| crate::cases::exercise_seed(now_nanos(), "watch") % 1_000_000),
    );
    let dir = grading.student_dir.clone();
    let mut previous = grading.grade_once()?;
    print!("{}", grading.render(&previous));
    println!(
        "{}",
        style.dim(&format!(
            "Esperando cambios en {} (Ctrl+C para salir)…",
            inert::line(&dir.display().to_string())
        ))
    );
    let mut stamps = snapshot(&dir);
    loop {
        std::thread::sleep(POLL);
        let now = snapshot(&dir);
        if now == stamps {
            continue;
        }
        // Debounce: wait until the files stop changing.
        let mut settled = now;
        let mut last_change = Instant::now();
        while last_change.elapsed() < DEBOUNCE {
            std::thread::sleep(POLL / 2);
            let again = snapshot(&dir);
            if again != settled {
                settled = again;
                last_change = Instant::now();
            }
        }
        let changed: Vec<String> = changed_files(&stamps, &settled);
        stamps = settled;
        println!();
        println!(
            "{}",
            style.bold(&format!(
                "Cambió {} — corrigiendo…",
                inert::line(&changed.join(", "))
            ))
        );
        match grading.grade_once() {
            Ok(report) => {
                print!("{}", differences(&previous, &report, catalog, style));
                previous = report;
            }
            Err(e) => println!("{} {}", style.red("error:"), inert::line(&format!("{e:#}"))),
        }
    }
}

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut stamps = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs")
                && let Ok(modified) = entry.metadata().and_then(|m| m.modified())
            {
                stamps.insert(path, modified);
            }
        }
    }
    stamps
}

fn changed_files(
    before: &BTreeMap<PathBuf, SystemTime>,
    after: &BTreeMap<PathBuf, SystemTime>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .chain(before.iter().filter(|(path, _)| !after.contains_key(*path)))
        .filter_map(|(path, _)| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

/// The exercises whose result changed, in full, then the progress line.
pub fn differences(before: &Report, after: &Report, catalog: &Catalog, style: Style) -> String {
    let old: BTreeMap<(String, String), (Status, String)> = before
        .exercises()
        .map(|e| {
            (
                (e.chapter.clone(), e.id.clone()),
                (e.status, e.summary.clone()),
            )
        })
        .collect();
    let mut changed = after.clone();
    for chapter in &mut changed.chapters {
        chapter.exercises.retain(|e| {
            old.get(&(e.chapter.clone(), e.id.clone())) != Some(&(e.status, e.summary.clone()))
        });
    }
    let unchanged_errors = |c: &crate::outcome::ChapterOutcome| {
        before
            .chapters
            .iter()
            .any(|b| b.id == c.id && b.compile_error == c.compile_error)
    };
    changed
        .chapters
        .retain(|c| !c.exercises.is_empty() || (c.compile_error.is_some() && !unchanged_errors(c)));
    let mut out = String::new();
    if changed.chapters.is_empty() {
        out.push_str(&style.dim("Sin cambios en los resultados.\n"));
    } else {
        let text = crate::report::text::render(
            &changed,
            catalog,
            style,
            &crate::report::text::TextOptions {
                verbose: false,
                rerun: String::new(),
            },
        );
        // Keep the chapters' lines; the totals come below, for the whole run.
        for line in text.lines().skip(1).take_while(|l| !l.contains("Total:")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    let (points, max) = after.points();
    let (passed, total) = after.passed();
    out.push_str(&format!(
        "{} {points}/{max} puntos · {passed} de {total} ejercicios correctos\n",
        style.bold("Progreso:")
    ));
    out
}
