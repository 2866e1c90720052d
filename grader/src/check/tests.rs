//! `grader check` on scratch courses: a copy of the catalog, the
//! solutions, the book's chapters and stubs made from the solutions, then
//! one thing broken at a time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::{Options, Problem, run, seeds, source};
use crate::spec::Spec;

/// A scratch course, removed when dropped.
struct Course(PathBuf);

impl Drop for Course {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_files(from: &Path, to: &Path, ext: &str, transform: impl Fn(&str) -> String) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(to.join(path.file_name().unwrap()), transform(&text)).unwrap();
        }
    }
}

fn course() -> Course {
    static N: AtomicUsize = AtomicUsize::new(0);
    let root = crate::workspace::root().unwrap();
    let dir = std::env::temp_dir().join(format!(
        "grader-check-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_files(
        &root.join("grader/catalog"),
        &dir.join("grader/catalog"),
        "yaml",
        str::to_string,
    );
    copy_files(
        &root.join("solutions/src"),
        &dir.join("solutions/src"),
        "rs",
        str::to_string,
    );
    copy_files(
        &root.join("solutions/src"),
        &dir.join("exercises/src"),
        "rs",
        source::stubbed,
    );
    copy_files(
        &root.join("book/src"),
        &dir.join("book/src"),
        "md",
        str::to_string,
    );
    Course(dir)
}

fn edit(course: &Course, file: &str, from: &str, to: &str) {
    let path = course.0.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no «{from}»");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn problems(course: &Course, chapters: &[&str]) -> Vec<Problem> {
    problems_with(course, &crate::course::specs(), chapters, seeds(None))
}

fn problems_with(
    course: &Course,
    specs: &[Spec],
    chapters: &[&str],
    seeds: Vec<u64>,
) -> Vec<Problem> {
    run(
        &course.0,
        specs,
        &Options {
            generated: false,
            chapters: chapters.iter().map(|c| c.to_string()).collect(),
            seeds,
        },
    )
    .unwrap()
    .problems
}

fn about<'a>(problems: &'a [Problem], place: &str) -> Vec<&'a str> {
    problems
        .iter()
        .filter(|p| p.place == place)
        .map(|p| p.what.as_str())
        .collect()
}

#[test]
fn a_sound_course_passes_every_check() {
    let course = course();
    let found = run(
        &course.0,
        &crate::course::specs(),
        &Options {
            generated: false,
            chapters: Vec::new(),
            seeds: seeds(None),
        },
    )
    .unwrap();
    assert!(found.exercises > 40, "only {} exercises", found.exercises);
    assert_eq!(found.seeds, 12);
    assert_eq!(found.problems, Vec::new());
}

/// The one input the property below refuses (set by the test that uses it).
static REFUSED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();

fn refuses_one_input(input: &Value, _: &Value) -> Result<(), String> {
    if REFUSED.get() == Some(input) {
        Err("falla a propósito".into())
    } else {
        Ok(())
    }
}

#[test]
fn more_seeds_find_a_reference_that_fails_once_in_many() {
    // perceptron::sign judged by a property that refuses one hidden input:
    // that of a seed beyond the fixed twelve.
    let course = course();
    let mut specs = crate::course::specs();
    let spec = specs
        .iter_mut()
        .find(|s| s.qualified_id() == "perceptron::sign")
        .unwrap();
    spec.property = Some(refuses_one_input);
    let catalog = crate::catalog::Catalog::load(&course.0.join("grader/catalog")).unwrap();
    let (_, exercise) = catalog.find("perceptron::sign").unwrap();
    let rare = seeds(Some(30))[25];
    let cases = crate::cases::cases(&catalog, exercise, spec, rare).unwrap();
    let hidden = cases.last().unwrap();
    assert_eq!(hidden.kind, crate::cases::CaseKind::Random);
    REFUSED.set(hidden.input.clone()).unwrap();

    let fixed = problems_with(&course, &specs, &["perceptron"], seeds(None));
    assert_eq!(about(&fixed, "perceptron::sign"), Vec::<&str>::new());
    let many = problems_with(&course, &specs, &["perceptron"], seeds(Some(30)));
    let sign = about(&many, "perceptron::sign");
    assert!(
        sign.len() == 1
            && sign[0].contains(&format!("no pasa con la semilla {rare}"))
            && sign[0].contains("falla a propósito"),
        "{many:#?}"
    );
}

#[test]
fn the_seeds_begin_with_the_fixed_ones_and_do_not_repeat() {
    assert_eq!(seeds(None), super::SEEDS.to_vec());
    let many = seeds(Some(500));
    assert_eq!(many.len(), 500);
    assert_eq!(many[..12], super::SEEDS);
    let distinct: std::collections::BTreeSet<u64> = many.iter().copied().collect();
    assert_eq!(distinct.len(), 500);
    assert_eq!(seeds(Some(3)), vec![1, 2, 3]);
}

#[test]
fn a_solved_stub_fails() {
    let course = course();
    let solution = std::fs::read_to_string(course.0.join("solutions/src/perceptron.rs")).unwrap();
    std::fs::write(course.0.join("exercises/src/perceptron.rs"), solution).unwrap();
    let found = problems(&course, &["perceptron"]);
    let sign = about(&found, "perceptron::sign");
    assert!(
        sign.len() == 1 && sign[0].contains("ya no es un stub"),
        "{found:#?}"
    );
}

#[test]
fn a_missing_or_unfinished_solution_fails() {
    let course = course();
    edit(
        &course,
        "solutions/src/perceptron.rs",
        "pub fn sign(",
        "pub fn sign_renamed(",
    );
    let found = problems(&course, &["perceptron"]);
    assert!(
        about(&found, "perceptron::sign")
            .iter()
            .any(|p| p.contains("falta la solución de referencia")),
        "{found:#?}"
    );

    let course = self::course();
    edit(
        &course,
        "solutions/src/perceptron.rs",
        "// exercise\npub fn sign(",
        "pub fn sign(",
    );
    let found = problems(&course, &["perceptron"]);
    assert!(
        about(&found, "perceptron::sign")
            .iter()
            .any(|p| p.contains("falta la marca `// exercise`")),
        "{found:#?}"
    );
}

#[test]
fn a_broken_yaml_line_fails_with_file_line_and_field() {
    let course = course();
    edit(
        &course,
        "grader/catalog/xor.yaml",
        "    points: 1\n",
        "    points: uno\n",
    );
    let found = problems(&course, &[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].place, "catálogo");
    assert!(
        found[0].what.contains("xor.yaml, línea 10, columna")
            && found[0].what.contains("campo `exercises[0].points`"),
        "{}",
        found[0].what
    );
}

#[test]
fn missing_hints_a_missing_section_and_no_public_case_fail() {
    let course = course();
    let yaml = std::fs::read_to_string(course.0.join("grader/catalog/xor.yaml")).unwrap();
    // The first exercise of the chapter loses its hints and its cases.
    let (head, tail) = yaml.split_at(yaml.find("  - id: and_neuron").unwrap());
    let head: String = head
        .lines()
        .filter(|l| !l.starts_with("      - \"") && !l.trim_start().starts_with("hints:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let head = head[..head.find("    cases:").unwrap()].to_string();
    let head = head.replace("section: \"XOR con dos capas\"", "section: \"No existe\"");
    std::fs::write(
        course.0.join("grader/catalog/xor.yaml"),
        format!("{head}{tail}"),
    )
    .unwrap();
    let found = problems(&course, &["xor"]);
    let or = about(&found, "xor::or_neuron");
    assert!(
        or.iter().any(|p| p.contains("no tiene pistas")),
        "{found:#?}"
    );
    assert!(
        or.iter()
            .any(|p| p.contains("la sección «No existe» no existe")),
        "{found:#?}"
    );
    assert!(
        or.iter().any(|p| p.contains("no tiene casos públicos")),
        "{found:#?}"
    );
    assert!(about(&found, "xor::and_neuron").is_empty(), "{found:#?}");
}
