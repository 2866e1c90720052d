//! `cargo xtask <command>`: maintenance commands of the workbook.
//!
//! - `gen`: writes the student stubs (`exercises/src/<c>.rs`), the
//!   grader's harness dispatch (`grader/harness/chapters/<c>.rs`) and the
//!   notebook cells of the exercises without a hand-written one
//!   (`notebooks/checks/generated/<c>.rs`) from the reference solutions
//!   (`solutions/src/<c>.rs`) and the catalog's public cases.
//! - `gen --check`: regenerates in memory and fails if any committed file
//!   differs from what it would write, or if an exercise in `exercises/src`
//!   is not a `todo!()` stub (CI runs it; in a student's clone, with
//!   exercises solved, it fails by design).
//! - `new <chapter>::<exercise>`: writes the skeleton of a new exercise in
//!   each file written by hand (solution and its test, catalog, the grader's
//!   spec, the book) and regenerates.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use xtask::{conformance, layout, scaffold};

const USAGE: &str =
    "usage: cargo xtask gen [--check]\n       cargo xtask new <chapter>::<exercise>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["gen"] => generate(false),
        ["gen", "--check"] => generate(true),
        ["new", qualified] => new_exercise(qualified),
        _ => Err(anyhow::anyhow!(USAGE)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn generate(check: bool) -> Result<()> {
    let root = layout::root();
    let generated = layout::generate_all(&root)?;
    let mut stale = Vec::new();
    for file in &generated {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.text.as_str()) {
            continue;
        }
        if check {
            stale.push(describe(&file.path, current.as_deref(), &file.text));
        } else {
            layout::write(&root, file)?;
            println!("wrote {}", file.path.display());
        }
    }
    for stray in layout::strays(&root, &generated)? {
        stale.push(format!(
            "{} is generated from no solution (solutions/src has no such chapter)",
            stray.display()
        ));
    }
    if check {
        for name in layout::chapters(&root)? {
            let chapter = layout::chapter(&root, &name)?;
            let path = Path::new(layout::STUBS).join(format!("{name}.rs"));
            let text = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
            let exercises: Vec<String> = chapter.exercises.iter().map(|e| e.name.clone()).collect();
            let problems = conformance::not_stubs(&text, &exercises)
                .with_context(|| format!("{} does not parse", path.display()))?;
            for problem in problems {
                stale.push(format!("{}: {problem}", path.display()));
            }
        }
    }
    if !stale.is_empty() {
        bail!(
            "{}\n\nThe stubs, dispatch files and generated notebook cells are generated from solutions/src: run \
             `cargo xtask gen` and commit them. (A clone where exercises have been solved \
             fails this check by design.)",
            stale.join("\n")
        );
    }
    if check {
        println!("{} generated files are up to date", generated.len());
    }
    Ok(())
}

fn new_exercise(qualified: &str) -> Result<()> {
    let Some((chapter, exercise)) = qualified.split_once("::") else {
        bail!("name the exercise with its chapter, as in `perceptron::train_step`\n{USAGE}");
    };
    let written = scaffold::new_exercise(&layout::root(), chapter, exercise)?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "\nNext: fill in each TODO (the reference solution first: its doc comment is the \
         student's statement), then run `cargo xtask gen`, `cargo test -p solutions` and \
         `cargo run -p grader -- --solutions {chapter}::{exercise}`; then \
         `bash .ci/notebooks --update` runs the notebooks, the exercise's generated cell included."
    );
    Ok(())
}

/// Where a committed file first differs from what `gen` writes.
fn describe(path: &Path, current: Option<&str>, wanted: &str) -> String {
    let Some(current) = current else {
        return format!("{} is missing", path.display());
    };
    let mut ours = wanted.lines();
    let mut theirs = current.lines();
    let mut line = 1;
    loop {
        match (ours.next(), theirs.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                return format!(
                    "{}:{line} differs\n  generated: {}\n  committed: {}",
                    path.display(),
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                );
            }
        }
    }
}
