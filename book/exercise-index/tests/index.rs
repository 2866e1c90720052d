//! The committed `book/src/ejercicios.md` must be exactly what the catalog
//! gives today, and the generator must refuse a section the book lacks.

use std::fs;

use book_exercise_index::{catalog_dir, output_path, render};

#[test]
fn committed_index_is_up_to_date() {
    let page = render(&catalog_dir(), &book_snippets::src_dir()).unwrap_or_else(|e| panic!("{e}"));
    let path = output_path();
    let committed =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        committed.replace("\r\n", "\n") == page,
        "{} is out of date: run `cargo run -p book-exercise-index` and commit the result",
        path.display()
    );
}

#[test]
fn every_exercise_of_the_catalog_is_listed_once() {
    let page = render(&catalog_dir(), &book_snippets::src_dir()).unwrap_or_else(|e| panic!("{e}"));
    let rows = page.lines().filter(|l| l.starts_with("| `")).count();
    let catalog = fs::read_dir(catalog_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "course.yaml"))
        .map(|p| fs::read_to_string(p).unwrap())
        .map(|text| {
            text.lines()
                .filter(|l| l.trim_start().starts_with("- id: "))
                .count()
        })
        .sum::<usize>();
    assert!(
        catalog > 40,
        "only {catalog} exercises found in the catalog"
    );
    assert_eq!(rows, catalog);
}

#[test]
fn a_section_missing_from_the_book_is_an_error() {
    let dir = std::env::temp_dir().join(format!("exercise-index-test-{}", std::process::id()));
    let catalog = dir.join("catalog");
    let src = dir.join("src");
    fs::create_dir_all(&catalog).unwrap();
    fs::create_dir_all(&src).unwrap();
    fs::write(catalog.join("course.yaml"), "chapters: [a]\n").unwrap();
    fs::write(
        catalog.join("a.yaml"),
        "title: A\nbook: a.md\nexercises:\n  - {id: f, title: F, points: 1, section: \"No existe\"}\n",
    )
    .unwrap();
    fs::write(src.join("a.md"), "# A\n\n## Otra sección\n").unwrap();
    let err = render(&catalog, &src).unwrap_err();
    assert!(err.contains("«No existe»"), "{err}");
    fs::write(src.join("a.md"), "# A\n\n## No existe\n").unwrap();
    let page = render(&catalog, &src).unwrap();
    assert!(
        page.contains("| `a::f` | 1 | F | [No existe](a.md#no-existe) |"),
        "{page}"
    );
    fs::remove_dir_all(&dir).unwrap();
}
