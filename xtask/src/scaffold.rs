//! `cargo xtask new <chapter>::<exercise>`: writes the skeleton of a new
//! exercise in each place written by hand, then regenerates the stub and the
//! dispatch. Every skeleton fails until it is filled in: the reference is a
//! `todo!()`, its test and the catalog's public case expect a placeholder.
//!
//! The places: the solution (a marked function, and its test in the
//! file's `#[cfg(test)] mod tests`, which the stub leaves out), the
//! catalog entry (`grader/catalog/<chapter>.yaml`), the course's spec
//! (`grader/src/course/<chapter>/mod.rs`: hidden cases, boundary cases,
//! mistakes), and a section of the book chapter with a row in its exercise table (and the
//! book's index of exercises, generated from the catalog). The regenerated
//! files include the chapter's generated notebook cells, so the exercise
//! gets its notebook cell from the catalog's public case.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::layout;

/// The files written, from the root.
pub fn new_exercise(root: &Path, chapter: &str, exercise: &str) -> Result<Vec<PathBuf>> {
    for name in [chapter, exercise] {
        let snake = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake || syn::parse_str::<syn::Ident>(name).is_err() {
            bail!("`{name}` is not a valid name: use snake_case, as in `perceptron::train_step`");
        }
    }
    if !layout::chapters(root)?.iter().any(|c| c == chapter) {
        bail!(
            "there is no chapter `{chapter}` (no solutions/src/{chapter}.rs); a new chapter \
             also needs its module in solutions/src/lib.rs and exercises/src/lib.rs, a \
             catalog file listed in grader/catalog/course.yaml, a spec folder in \
             grader/src/course/ (listed in its mod.rs) and its line in grader/src/reference.rs"
        );
    }
    if layout::chapter(root, chapter)?
        .file
        .items
        .iter()
        .any(|item| matches!(item, syn::Item::Fn(f) if f.sig.ident == exercise))
    {
        bail!("solutions/src/{chapter}.rs already has a function `{exercise}`");
    }

    let catalog_path = PathBuf::from(format!("grader/catalog/{chapter}.yaml"));
    let catalog = read(root, &catalog_path)?;
    if catalog
        .lines()
        .any(|l| l.trim() == format!("- id: {exercise}"))
    {
        bail!(
            "{} already has an exercise `{exercise}`",
            catalog_path.display()
        );
    }
    let book_file = catalog
        .lines()
        .find_map(|l| l.strip_prefix("book:"))
        .map(|b| b.trim().trim_matches('"').to_string())
        .with_context(|| format!("{} names no book chapter (`book:`)", catalog_path.display()))?;
    let book_path = PathBuf::from(format!("book/src/{book_file}"));
    let book = read(root, &book_path)?;
    let book_title = book
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .with_context(|| format!("{} has no title (`# …`)", book_path.display()))?
        .trim()
        .to_string();
    let section = format!("Nueva sección: {exercise}");

    // Everything is read and checked before anything is written.
    let last_key = catalog
        .lines()
        .rfind(|l| !l.starts_with([' ', '#', '-']) && !l.trim().is_empty());
    if last_key.map(str::trim_end) != Some("exercises:") {
        bail!(
            "{}: the exercise list is not the file's last key; add the entry by hand",
            catalog_path.display()
        );
    }
    let catalog = format!(
        "{}\n{}",
        catalog.trim_end(),
        catalog_skeleton(exercise, &section)
    );

    let spec_path = PathBuf::from(format!("grader/src/course/{chapter}/mod.rs"));
    let specs = read(root, &spec_path)?;
    let specs = with_spec(&specs, &spec_skeleton(chapter, exercise)).with_context(|| {
        format!(
            "{} has no `pub fn specs() -> Vec<Spec>` whose first list is `vec![ … ]`",
            spec_path.display()
        )
    })?;

    let solution_path = PathBuf::from(format!("{}/{chapter}.rs", layout::SOLUTIONS));
    let solution = with_solution(
        &read(root, &solution_path)?,
        &solution_skeleton(exercise, &book_title, &section),
        &test_skeleton(exercise),
    );
    let book = book_with_section(&book, chapter, exercise, &section);

    let mut written = Vec::new();
    for (path, text) in [
        (&solution_path, &solution),
        (&catalog_path, &catalog),
        (&spec_path, &specs),
        (&book_path, &book),
    ] {
        write(root, path, text, &mut written)?;
    }
    // The book's index of exercises is generated from the catalog.
    let index_path = PathBuf::from("book/src/ejercicios.md");
    if root.join(&index_path).exists() {
        let index =
            book_exercise_index::render(&root.join("grader/catalog"), &root.join("book/src"))
                .map_err(|e| anyhow::anyhow!(e))
                .context("regenerating the book's exercise index")?;
        write(root, &index_path, &index, &mut written)?;
    }
    for generated in layout::generate_all(root)? {
        let path = root.join(&generated.path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.text.as_str()) {
            layout::write(root, &generated)?;
            written.push(generated.path);
        }
    }
    Ok(written)
}

fn read(root: &Path, path: &Path) -> Result<String> {
    std::fs::read_to_string(root.join(path))
        .with_context(|| format!("cannot read {}", path.display()))
}

fn write(root: &Path, path: &Path, text: &str, written: &mut Vec<PathBuf>) -> Result<()> {
    std::fs::write(root.join(path), text)
        .with_context(|| format!("cannot write {}", path.display()))?;
    written.push(path.to_path_buf());
    Ok(())
}

fn solution_skeleton(exercise: &str, book_title: &str, section: &str) -> String {
    format!(
        "
/// TODO: qué calcula `{exercise}`, en castellano, con la fórmula de las
/// diapositivas y un ejemplo con sus números.
///
/// Libro: «{book_title}» → «{section}».
// exercise
pub fn {exercise}(x: f64) -> f64 {{
    todo!(\"the reference solution of {exercise}\")
}}
"
    )
}

fn test_skeleton(exercise: &str) -> String {
    format!(
        "
    #[test]
    fn {exercise}_gives_the_slides_numbers() {{
        // TODO: the example of the slides, worked out by hand.
        let expected = f64::NAN;
        assert_eq!({exercise}(0.0), expected);
    }}
"
    )
}

/// The solution with the new exercise before its `#[cfg(test)] mod tests`
/// (made at the end if there is none) and the new test at the end of it.
/// The stub generator drops that module: the tests stay with the reference.
fn with_solution(solution: &str, function: &str, test: &str) -> String {
    const TESTS: &str = "\n#[cfg(test)]\nmod tests {\n";
    let body = solution.trim_end();
    match body.find(TESTS) {
        // The module ends the file: the test goes before its last brace.
        Some(at) if body.ends_with('}') => {
            let inside = body[at..body.len() - 1].trim_end();
            format!("{}{function}{inside}\n{test}}}\n", &body[..at + 1])
        }
        _ => format!("{body}\n{function}{TESTS}    use super::*;\n{test}}}\n"),
    }
}

/// The course file with `spec` at the end of the first `vec![ … ]` of its
/// `specs()` (also an empty `vec![]`); `None` when there is no such list.
fn with_spec(course: &str, spec: &str) -> Option<String> {
    let start = course.find("pub fn specs() -> Vec<Spec> {\n")?;
    let list = start + course[start..].find("vec![")?;
    let after = list + "vec![".len();
    if course[after..].starts_with(']') {
        return Some(format!(
            "{}\n{spec}    ]{}",
            &course[..after],
            &course[after + 1..]
        ));
    }
    // The list's closing line: `    ]` or `    ];`, at the indentation of `vec![`'s line.
    let end = after + course[after..].find("\n    ]")? + 1;
    Some(format!("{}{spec}{}", &course[..end], &course[end..]))
}

fn catalog_skeleton(exercise: &str, section: &str) -> String {
    format!(
        "  - id: {exercise}
    title: \"TODO: título corto\"
    points: 1
    section: \"{section}\"
    hints:
      - \"TODO: una pista que no dé la respuesta.\"
    cases:
      - name: \"TODO: de qué diapositiva sale el caso\"
        input: {{x: 0.0}}
        expected: \"NaN\"
"
    )
}

fn spec_skeleton(chapter: &str, exercise: &str) -> String {
    format!(
        "        Spec {{
            chapter: \"{chapter}\",
            id: \"{exercise}\",
            // TODO: hidden inputs, made from the seeded generator.
            hidden: |rng, n| (0..n).map(|_| serde_json::json!({{ \"x\": rng.uniform() }})).collect(),
            // TODO: fixed inputs at the edges (zeros, ties, empty inputs), each with a name
            // in Spanish; `drawn(&[names])` takes the first inputs of `hidden` instead.
            boundary: |_| vec![],
            // TODO: the answers of the mistakes students make, each with its diagnosis.
            mistakes: vec![],
            property: None,
        }},
"
    )
}

/// The chapter with a new section before its exercise list, and a row for
/// the exercise in that list's table.
fn book_with_section(book: &str, chapter: &str, exercise: &str, section: &str) -> String {
    let new_section = format!(
        "## {section}\n\nTODO: la teoría de `{exercise}`, con la fórmula de las diapositivas y su ejemplo.\n\n"
    );
    let mut out = match book.find("\n## Ejercicios") {
        Some(at) => format!("{}{new_section}{}", &book[..at + 1], &book[at + 1..]),
        None => format!("{}\n\n{}", book.trim_end(), new_section.trim_end()) + "\n",
    };
    let row_prefix = format!("| `{chapter}::");
    if let Some(last_row) = out.match_indices(&row_prefix).map(|(i, _)| i).last() {
        let end = out[last_row..]
            .find('\n')
            .map_or(out.len(), |i| last_row + i + 1);
        let anchor: String = section
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let row = format!(
            "| `{chapter}::{exercise}` | TODO: qué hay que hacer | [{section}](#{anchor}) |\n"
        );
        out.insert_str(end, &row);
    }
    out
}
