//! `--watch`: grade, then grade again whenever a chapter file is saved,
//! showing only what changed and the progress so far. Polls modification
//! times (portable, no dependency); saves are debounced so an editor's burst
//! of writes triggers one run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use crate::catalog::Catalog;
use crate::outcome::{Report, Status};
use crate::report::inert;
use crate::report::style::Style;

const POLL: Duration = Duration::from_millis(200);
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Watches the chapter files of `dir`, grading with what the caller gives:
/// `grade` grades the folder (always with the same seed, so that nothing
/// changes unless a file does) and stops early, with
/// [`crate::grade::Cancelled`], once its flag is set; `render` shows the
/// first run's report in full, in the format asked for.
pub fn run<G, R>(dir: &Path, catalog: &Catalog, grade: G, render: R) -> Result<()>
where
    G: Fn(Option<&AtomicBool>) -> Result<Report> + Sync,
    R: Fn(&Report) -> String,
{
    watch(dir, catalog, grade, render, None)
}

/// [`run`], returning after `runs` gradings when given (for tests).
fn watch<G, R>(
    dir: &Path,
    catalog: &Catalog,
    grade: G,
    render: R,
    runs: Option<usize>,
) -> Result<()>
where
    G: Fn(Option<&AtomicBool>) -> Result<Report> + Sync,
    R: Fn(&Report) -> String,
{
    let style = Style::for_stdout();
    // The files as they were when the first run began: a save while it
    // runs is a change, seen as soon as it ends.
    let mut stamps = snapshot(dir);
    let mut previous = grade(None)?;
    let mut graded = 1;
    print!("{}", render(&previous));
    println!(
        "{}",
        style.dim(&format!(
            "Esperando cambios en {} (Ctrl+C para salir)…",
            inert::line(&dir.display().to_string())
        ))
    );
    let mut pending_change = false;
    loop {
        if runs.is_some_and(|runs| graded >= runs) {
            return Ok(());
        }
        if !pending_change {
            std::thread::sleep(POLL);
            if snapshot(dir) == stamps {
                continue;
            }
        }
        pending_change = false;
        let settled = settle(dir);
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
        // Grade on a thread of its own while this one keeps watching: a new
        // save cancels the run in progress (its report would be stale).
        let cancel = AtomicBool::new(false);
        let result = std::thread::scope(|scope| {
            let grade = &grade;
            let cancel = &cancel;
            let run = scope.spawn(move || grade(Some(cancel)));
            while !run.is_finished() {
                std::thread::sleep(POLL / 4);
                if !cancel.load(Ordering::Relaxed) && snapshot(dir) != stamps {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
            run.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("el corrector falló")))
        });
        graded += 1;
        match result {
            Ok(report) => {
                print!("{}", differences(&previous, &report, catalog, style));
                previous = report;
            }
            Err(e) if e.is::<crate::grade::Cancelled>() => {
                println!(
                    "{}",
                    style.dim("Guardaste de nuevo: corrida cancelada, vuelvo a corregir.")
                );
                pending_change = true;
            }
            Err(e) => println!("{} {}", style.red("error:"), inert::line(&format!("{e:#}"))),
        }
    }
}

/// Waits until the files stop changing (an editor's burst of writes is one
/// save) and returns their modification times.
fn settle(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut settled = snapshot(dir);
    let mut last_change = Instant::now();
    while last_change.elapsed() < DEBOUNCE {
        std::thread::sleep(POLL / 2);
        let again = snapshot(dir);
        if again != settled {
            settled = again;
            last_change = Instant::now();
        }
    }
    settled
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
        // The chapters' blocks; the totals come below, for the whole run.
        out.push_str(&crate::report::text::chapters(
            &changed,
            style,
            &crate::report::text::TextOptions {
                chapter_points: after
                    .chapters
                    .iter()
                    .map(|c| (c.id.clone(), c.points()))
                    .collect(),
                ..Default::default()
            },
        ));
    }
    let (points, max) = after.points();
    let (passed, total) = after.passed();
    out.push_str(&format!(
        "{} {}\n",
        style.bold("Progreso:"),
        crate::report::text::progress(points, max, passed, total)
    ));
    if let Some(next) = after.exercises().find(|e| e.status != Status::Passed) {
        out.push_str(&crate::report::text::next_step(
            next,
            &after.graded_folder,
            catalog,
            style,
        ));
        out.push('\n');
    } else if total > 0 {
        out.push_str(&style.green("¡Todo correcto!"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ChapterOutcome, ExerciseOutcome};

    fn exercise(chapter: &str, id: &str, status: Status, summary: &str) -> ExerciseOutcome {
        let mut e = ExerciseOutcome::blank(chapter, id, 2);
        e.status = status;
        e.points = if status == Status::Passed { 2 } else { 0 };
        e.summary = summary.into();
        e
    }

    fn report(exercises: Vec<ExerciseOutcome>) -> Report {
        Report {
            course: "Curso".into(),
            graded_folder: "exercises/src".into(),
            seed: 3,
            chapters: vec![ChapterOutcome {
                id: "perceptron".into(),
                title: "Perceptrón".into(),
                book: "perceptron.md".into(),
                compile_error: None,
                other_file: None,
                exercises,
            }],
            sandbox: crate::sandbox::Summary {
                complete: true,
                harness_processes: 0,
                protections: Vec::new(),
            },
            hidden_values_shown: true,
        }
    }

    fn catalog() -> Catalog {
        Catalog::load(&crate::workspace::catalog_path().unwrap()).unwrap()
    }

    #[test]
    fn only_the_exercises_whose_result_changed_are_shown_under_the_real_total() {
        let before = report(vec![
            exercise("perceptron", "sign", Status::Wrong, "sign(0) dio -1"),
            exercise("perceptron", "perceptron_output", Status::Pending, "falta"),
        ]);
        let after = report(vec![
            exercise("perceptron", "sign", Status::Passed, ""),
            exercise("perceptron", "perceptron_output", Status::Pending, "falta"),
        ]);
        let text = differences(&before, &after, &catalog(), Style::plain());
        assert!(text.contains("sign"), "{text}");
        assert!(!text.contains("perceptron_output  "), "{text}");
        // The chapter's real points, not those of the exercises shown.
        assert!(text.contains("2/4 puntos"), "{text}");
        assert!(
            text.contains("Progreso: 2/4 puntos · 1 de 2 ejercicios correctos"),
            "{text}"
        );
        assert!(text.contains("perceptron::perceptron_output"), "{text}");
        // Nothing of the full report's footer.
        assert!(!text.contains("Total:"), "{text}");
        assert!(!text.contains("semilla"), "{text}");
    }

    #[test]
    fn a_save_while_the_first_run_grades_is_graded_again() {
        let dir = std::env::temp_dir().join(format!("grader-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("perceptron.rs");
        std::fs::write(&file, "// before").unwrap();
        let runs = std::sync::Arc::new(std::sync::Mutex::new(0));
        let grade = {
            let (runs, file) = (runs.clone(), file.clone());
            move |_: Option<&AtomicBool>| {
                let mut runs = runs.lock().unwrap();
                *runs += 1;
                if *runs == 1 {
                    // Saved while the first run grades (a second later,
                    // for file systems with coarse times).
                    std::fs::write(&file, "// after").unwrap();
                    let later = SystemTime::now() + Duration::from_secs(1);
                    std::fs::File::options()
                        .write(true)
                        .open(&file)
                        .and_then(|f| f.set_modified(later))
                        .unwrap();
                }
                Ok(report(vec![exercise(
                    "perceptron",
                    "sign",
                    Status::Passed,
                    "",
                )]))
            }
        };
        let (done, finished) = std::sync::mpsc::channel();
        let watched = dir.clone();
        // A thread of its own, not joined: without the second run the watch
        // would wait for ever, and the test fails instead.
        std::thread::spawn(move || {
            let result = watch(&watched, &catalog(), grade, |_| String::new(), Some(2));
            let _ = done.send(result.is_ok());
        });
        let ended = finished.recv_timeout(Duration::from_secs(30));
        assert_eq!(ended, Ok(true), "the save was never graded");
        assert_eq!(*runs.lock().unwrap(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_same_results_are_no_change_and_all_passed_is_said() {
        let passed = report(vec![exercise("perceptron", "sign", Status::Passed, "")]);
        let text = differences(&passed, &passed, &catalog(), Style::plain());
        assert!(text.starts_with("Sin cambios en los resultados."), "{text}");
        assert!(text.contains("¡Todo correcto!"), "{text}");
        // A new summary is a change even with the same status.
        let before = report(vec![exercise("perceptron", "sign", Status::Wrong, "uno")]);
        let after = report(vec![exercise("perceptron", "sign", Status::Wrong, "otro")]);
        let text = differences(&before, &after, &catalog(), Style::plain());
        assert!(!text.contains("Sin cambios"), "{text}");
        assert!(text.contains("otro"), "{text}");
    }
}
