//! The book's «Índice de ejercicios» (`book/src/ejercicios.md`), generated
//! from the grader's catalog (`grader/catalog/`) so that it cannot drift:
//! every exercise with its chapter, points, title and the book section that
//! explains it, linked with the anchor mdBook gives that section.
//!
//! `cargo run -p book-exercise-index` writes the page; the test
//! `tests/index.rs` regenerates it and compares bytes, as the figures do.
//! Only the fields the page shows are read from the catalog (the grader
//! validates the rest); generation fails if a chapter file or a section the
//! catalog names does not exist in the book.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use book_snippets::{anchor, headings};
use serde::Deserialize;

/// `grader/catalog/course.yaml`: the chapter order.
#[derive(Debug, Deserialize)]
struct Course {
    chapters: Vec<String>,
}

/// `grader/catalog/<chapter>.yaml`: what the index shows of a chapter.
#[derive(Debug, Deserialize)]
struct ChapterFile {
    title: String,
    book: String,
    exercises: Vec<Exercise>,
}

#[derive(Debug, Deserialize)]
struct Exercise {
    id: String,
    title: String,
    points: u32,
    section: String,
}

/// `grader/catalog/`.
pub fn catalog_dir() -> PathBuf {
    book_snippets::workspace_dir()
        .join("grader")
        .join("catalog")
}

/// `book/src/ejercicios.md`, where the page goes.
pub fn output_path() -> PathBuf {
    book_snippets::src_dir().join("ejercicios.md")
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn parse<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    serde_yaml_ng::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// A table cell: `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Renders the index page from the catalog in `catalog` and the book's
/// sources in `book_src`.
pub fn render(catalog: &Path, book_src: &Path) -> Result<String, String> {
    let course: Course = parse(&catalog.join("course.yaml"))?;
    let mut chapters = Vec::new();
    for id in &course.chapters {
        let file: ChapterFile = parse(&catalog.join(format!("{id}.yaml")))?;
        let markdown = read(&book_src.join(&file.book))?;
        let sections: Vec<String> = headings(&markdown).into_iter().map(|h| h.title).collect();
        let Some(book_title) = sections.first().cloned() else {
            return Err(format!("book/src/{} has no title", file.book));
        };
        for e in &file.exercises {
            if !sections.contains(&e.section) {
                return Err(format!(
                    "{id}.yaml: `{}` points to the section «{}», which book/src/{} does not have",
                    e.id, e.section, file.book
                ));
            }
        }
        chapters.push((id, book_title, file));
    }

    let count: usize = chapters.iter().map(|(_, _, c)| c.exercises.len()).sum();
    let points: u32 = chapters
        .iter()
        .flat_map(|(_, _, c)| &c.exercises)
        .map(|e| e.points)
        .sum();
    let mut out = String::new();
    out.push_str("# Índice de ejercicios\n\n");
    out.push_str(
        "<!-- Generado por `cargo run -p book-exercise-index` a partir de grader/catalog/: no editar a mano. -->\n\n",
    );
    let _ = writeln!(
        out,
        "Los {count} ejercicios del corrector ({points} puntos en total), capítulo por\n\
         capítulo, con la sección del libro que explica cada uno. Esta página se\n\
         genera a partir del catálogo del corrector (`grader/catalog/`), así que dice\n\
         exactamente lo mismo que `cargo run -p grader -- list`. Para corregir un\n\
         ejercicio: `cargo run -p grader -- <capítulo>::<ejercicio>`; para una pista:\n\
         `cargo run -p grader -- hint <capítulo>::<ejercicio>`."
    );
    for (id, book_title, chapter) in &chapters {
        let chapter_points: u32 = chapter.exercises.iter().map(|e| e.points).sum();
        let _ = write!(
            out,
            "\n## {}\n\nArchivo `exercises/src/{id}.rs`, se corrige con `cargo run -p grader -- {id}`.\n\
             {} ejercicios, {chapter_points} puntos. En el libro: [{book_title}]({}).\n\n\
             | Ejercicio | Puntos | Qué hay que hacer | Sección del libro |\n\
             |---|---|---|---|\n",
            chapter.title,
            chapter.exercises.len(),
            chapter.book
        );
        for e in &chapter.exercises {
            let _ = writeln!(
                out,
                "| `{id}::{}` | {} | {} | [{}]({}#{}) |",
                e.id,
                e.points,
                cell(&e.title),
                cell(&e.section),
                chapter.book,
                anchor(&e.section)
            );
        }
    }
    Ok(out)
}
