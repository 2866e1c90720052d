//! What the generator reads: the book's chapters (in `SUMMARY.md` order),
//! the snippet programs they include, the figures' drawing functions, and
//! the exercise cells of `notebooks/checks/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::checks::{self, Checks};
use crate::ipynb::Cell;
use crate::{figures, markdown};

/// Where the student's crate is, seen from `notebooks/`.
pub const EXERCISES_DEP: &str = r#":dep exercises = { path = "../exercises" }"#;
/// What replaces it in the variant CI runs to see every cell with finished
/// exercises: the name `exercises` for the reference crate (Cargo refuses a
/// second dependency on `solutions` under another name).
pub const REFERENCE_ALIAS: &str = "extern crate solutions as exercises;";

/// A chapter of the book.
#[derive(Debug, Clone)]
pub struct BookChapter {
    /// File name in `book/src/`, e.g. `redes-neuronales.md`.
    pub file: String,
    pub text: String,
    /// The notebook's file name, e.g. `02-redes-neuronales.ipynb`; `None`
    /// for a chapter with nothing to run (no program, figure or exercise).
    pub notebook: Option<String>,
}

/// One exercise as the chapter's «Ejercicios» table lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// The grader's chapter, e.g. `perceptron`.
    pub chapter: String,
    pub function: String,
    /// What to do, from the table (Markdown, formulas converted).
    pub description: String,
    /// The heading the exercise's cell follows.
    pub section: String,
}

impl Exercise {
    pub fn qualified(&self) -> String {
        format!("{}::{}", self.chapter, self.function)
    }

    /// The Markdown cell before the exercise's cell.
    pub fn intro(&self) -> String {
        format!(
            "**Tu turno: `{}`** — {}. Escribila en `exercises/src/{}.rs`; la celda la llama con los mismos datos que a la solución de referencia.",
            self.qualified(),
            self.description.trim_end_matches('.'),
            self.chapter
        )
    }

    /// The Markdown cell that introduces the reference-only copy of the
    /// notebook's first exercise cell.
    pub fn before_and_after(&self) -> String {
        format!(
            "**Antes y después.** Mientras `{function}` tenga `todo!()`, la celda de arriba dice «pendiente». \
             Cuando la escribas, guardes el archivo y vuelvas a correr la celda, va a mostrar tu resultado al lado \
             del de referencia y si coinciden. Así se ve con una función terminada (acá la referencia se compara \
             consigo misma):",
            function = self.function
        )
    }
}

/// The cell `cell` with the reference in place of the student's crate.
pub fn reference_only(cell: &str) -> String {
    cell.replace("check!(", "check!(@crates [solutions], [solutions]; ")
}

/// The book and everything else the notebooks are made from.
pub struct Book {
    root: PathBuf,
    pub chapters: Vec<BookChapter>,
    figures: Vec<(String, String)>,
    checks: BTreeMap<String, Checks>,
    ndarray_version: String,
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

impl Book {
    /// Reads the book under the workspace `root`.
    pub fn read(root: &Path) -> Result<Book> {
        let src = root.join("book/src");
        let summary = read(&src.join("SUMMARY.md"))?;
        let mut chapters = Vec::new();
        for link in book_snippets::links(&summary) {
            if link.image || !link.target.ends_with(".md") {
                continue;
            }
            let text = read(&src.join(&link.target))?;
            chapters.push(BookChapter {
                file: link.target,
                text,
                notebook: None,
            });
        }
        let mut number = 0;
        for chapter in &mut chapters {
            if has_something_to_run(&chapter.text) {
                let stem = chapter.file.trim_end_matches(".md");
                chapter.notebook = Some(format!("{number:02}-{stem}.ipynb"));
                number += 1;
            }
        }

        let figures = figures::table(&read(&root.join("book/figures/src/lib.rs"))?)?;

        let mut checks = BTreeMap::new();
        let dir = root.join("notebooks/checks");
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let name = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .context("a checks file name that is not UTF-8")?
                    .to_string();
                let shown = format!("notebooks/checks/{name}.rs");
                checks.insert(name, checks::parse(&read(&path)?, &shown)?);
            }
        }

        let ndarray_version =
            workspace_dependency_version(&read(&root.join("Cargo.toml"))?, "ndarray").context(
                "the workspace Cargo.toml has no `ndarray = \"…\"` in [workspace.dependencies]",
            )?;

        Ok(Book {
            root: root.to_path_buf(),
            chapters,
            figures,
            checks,
            ndarray_version,
        })
    }

    fn chapter(&self, file: &str) -> Option<&BookChapter> {
        self.chapters.iter().find(|c| c.file == file)
    }

    /// A link of chapter `from` as seen from `notebooks/`: to a section of
    /// the same notebook, to another notebook, or to the book's files.
    pub fn notebook_link(&self, from: &BookChapter, target: &str) -> String {
        if target.contains("://") || target.starts_with("mailto:") {
            return target.to_string();
        }
        let (file, anchor) = match target.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (target, None),
        };
        let chapter = if file.is_empty() {
            Some(from)
        } else {
            self.chapter(file)
        };
        match chapter {
            Some(chapter) if chapter.notebook.is_some() => {
                let notebook = if file.is_empty() {
                    String::new()
                } else {
                    chapter.notebook.clone().unwrap_or_default()
                };
                match anchor.and_then(|a| heading_with_anchor(&chapter.text, a)) {
                    Some(title) => format!("{notebook}#{}", markdown::jupyter_anchor(&title)),
                    None => notebook,
                }
            }
            _ => format!("../book/src/{target}"),
        }
    }

    /// The exercises listed in the chapter's «Ejercicios» table.
    pub fn exercises(&self, chapter: &BookChapter) -> Result<Vec<Exercise>> {
        let Some(section) = book_snippets::section(&chapter.text, "Ejercicios") else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for line in section.lines() {
            let Some(cells) = markdown::table_row(line) else {
                continue;
            };
            let Some(qualified) = cells
                .first()
                .and_then(|c| c.strip_prefix('`'))
                .and_then(|c| c.strip_suffix('`'))
            else {
                continue;
            };
            let Some((grader_chapter, function)) = qualified.split_once("::") else {
                continue;
            };
            let section = cells
                .iter()
                .skip(1)
                .find_map(|c| markdown::first_link_target(c))
                .and_then(|target| target.strip_prefix('#'))
                .and_then(|anchor| heading_with_anchor(&chapter.text, anchor))
                .unwrap_or_else(|| "Ejercicios".to_string());
            let description = cells
                .get(1)
                .map(|d| markdown::inline_math(d))
                .unwrap_or_default();
            out.push(Exercise {
                chapter: grader_chapter.to_string(),
                function: function.to_string(),
                description,
                section,
            });
        }
        // Every cell of the checks files of these chapters must be one of
        // the exercises listed: a cell left over from a renamed exercise is
        // an error, not a silent omission.
        let grader_chapters: std::collections::BTreeSet<&str> =
            out.iter().map(|e| e.chapter.as_str()).collect();
        for grader_chapter in grader_chapters {
            for (name, _) in &self.checks_of(grader_chapter)?.cells {
                if !out
                    .iter()
                    .any(|e| e.chapter == grader_chapter && e.function == *name)
                {
                    bail!(
                        "notebooks/checks/{grader_chapter}.rs: `{name}` is not an exercise of the book's «Ejercicios» table in {}",
                        chapter.file
                    );
                }
            }
        }
        Ok(out)
    }

    fn checks_of(&self, grader_chapter: &str) -> Result<&Checks> {
        self.checks.get(grader_chapter).with_context(|| {
            format!(
                "notebooks/checks/{grader_chapter}.rs is missing: write one `pub fn <exercise>() {{ … }}` \
                 per exercise of `{grader_chapter}` (see notebooks/README.md)"
            )
        })
    }

    /// The cell that calls the student's function for `exercise`.
    pub fn exercise_cell(&self, exercise: &Exercise) -> Result<String> {
        let checks = self.checks_of(&exercise.chapter)?;
        let cell = checks.cell(&exercise.function).with_context(|| {
            format!(
                "notebooks/checks/{}.rs has no `pub fn {}() {{ … }}`: write the cell that calls `{}`",
                exercise.chapter,
                exercise.function,
                exercise.qualified()
            )
        })?;
        if cell.ends_with('}') {
            // evcxr would show the value of the trailing block: `()`.
            bail!(
                "notebooks/checks/{}.rs: the cell of `{}` ends with a block; end it with a statement",
                exercise.chapter,
                exercise.function
            );
        }
        Ok(cell.to_string())
    }

    /// The cell of a snippet program: the program inside a function named
    /// after it, which calls its `main`, and a call to that function. In a
    /// function the program's items stay its own: a notebook is one crate,
    /// where two programs that both define `sigmoid` with different types
    /// would otherwise clash.
    pub fn snippet_cell(&self, name: &str) -> Result<String> {
        let path = format!("book/snippets/src/bin/{name}.rs");
        let program = read(&self.root.join(&path))?;
        if let Some(line) = line_inside_string(&program) {
            bail!(
                "{path}:{line}: a string literal spans several lines, so the program cannot be indented into a notebook cell"
            );
        }
        let body: Vec<String> = program
            .trim_end()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        Ok(format!(
            "fn {name}() {{\n{}\n\n    main();\n}}\n\n{name}();",
            body.join("\n")
        ))
    }

    /// The cell that draws a figure with the crate `book-figures`.
    pub fn figure_cell(&self, file: &str) -> Result<String> {
        let (_, function) = self
            .figures
            .iter()
            .find(|(f, _)| f == file)
            .with_context(|| format!("book/figures/src/lib.rs: FIGURES has no entry for {file}"))?;
        Ok(format!("show_svg(&book_figures::{function}());"))
    }

    /// The Markdown note that tells how to use the notebook.
    pub fn note(&self, chapter: &BookChapter, cells: &[Cell]) -> Result<String> {
        let title = book_snippets::headings(&chapter.text)
            .into_iter()
            .next()
            .map(|h| h.title)
            .unwrap_or_else(|| chapter.file.clone());
        let mut note = format!(
            "> **Cómo usar este cuaderno.** Es el capítulo «{title}» del libro (`book/src/{file}`) para Jupyter, \
             con el núcleo de Rust (evcxr). Corré las celdas en orden, de arriba abajo (Mayúsculas + Enter). \
             Cada programa del libro es una celda: cambiale los números y volvé a correrla.",
            file = chapter.file
        );
        if cells
            .iter()
            .any(|c| matches!(c, Cell::Markdown(t) if t.starts_with("**Tu turno")))
        {
            note.push_str(
                " Las celdas **Tu turno** llaman a tus funciones de `exercises/src/` y muestran su resultado \
                 al lado del de la solución de referencia; mientras una tenga `todo!()`, dicen «pendiente».",
            );
        }
        if self.setup_cell(chapter, cells)?.is_some() {
            note.push_str(
                "\n>\n> La celda que sigue prepara las bibliotecas que usa el cuaderno: la primera vez las \
                 compila (unos 20 segundos, más si hay que descargarlas); las siguientes, unos 10 segundos. \
                 Si cambiás tu archivo de ejercicios, guardalo y volvé a correr la celda que lo usa.",
            );
        }
        Ok(note)
    }

    /// The first code cell: the dependencies and imports the notebook's
    /// cells need, or `None` if they need none.
    pub fn setup_cell(&self, chapter: &BookChapter, cells: &[Cell]) -> Result<Option<String>> {
        let code: Vec<&str> = cells
            .iter()
            .filter_map(|c| match c {
                Cell::Code(code) => Some(code.as_str()),
                Cell::Markdown(_) => None,
            })
            .collect();
        let exercises = self.exercises(chapter)?;
        let uses_ndarray = code.iter().any(|c| c.contains("ndarray"));
        let figures = code.iter().any(|c| c.contains("book_figures::"));
        let mut lines = Vec::new();
        if uses_ndarray || !exercises.is_empty() {
            lines.push(format!(":dep ndarray = \"{}\"", self.ndarray_version));
        }
        if !exercises.is_empty() {
            lines.push(EXERCISES_DEP.to_string());
            lines.push(r#":dep solutions = { path = "../solutions" }"#.to_string());
            lines.push(r#":dep nncore = { path = "../nncore" }"#.to_string());
        }
        if figures {
            lines.push(r#":dep book-figures = { path = "../book/figures" }"#.to_string());
        }
        if code.iter().any(|c| c.contains("digits::")) {
            lines.push(r#":dep digits = { path = "../digits" }"#.to_string());
        }
        let mut imports = Vec::new();
        if !exercises.is_empty() || figures {
            lines.push(r#":dep notebook-support = { path = "support" }"#.to_string());
            let mut names = Vec::new();
            if !exercises.is_empty() {
                names.push("check");
            }
            if figures {
                names.push("show_svg");
            }
            imports.push(if names.len() == 1 {
                format!("use notebook_support::{};", names[0])
            } else {
                format!("use notebook_support::{{{}}};", names.join(", "))
            });
        }
        let mut seen = std::collections::BTreeSet::new();
        for exercise in &exercises {
            if seen.insert(exercise.chapter.clone()) {
                for item in &self.checks_of(&exercise.chapter)?.uses {
                    if !imports.contains(item) {
                        imports.push(item.clone());
                    }
                }
            }
        }
        if lines.is_empty() {
            return Ok(None);
        }
        // Keep compiled libraries between kernel starts (evcxr's cache
        // holds the registry's crates, such as ndarray), and compile without
        // optimizations: every cell is compiled when it runs, and the
        // examples are small, so a quick compile matters more than quick code.
        lines.insert(0, ":cache 500".to_string());
        lines.insert(1, ":opt 0".to_string());
        lines.extend(imports);
        Ok(Some(lines.join("\n")))
    }
}

/// The first line (1-based) that ends inside a string literal, if any: a
/// small lexer that knows comments, char literals and escapes.
fn line_inside_string(program: &str) -> Option<usize> {
    let mut in_string = false;
    for (n, line) in program.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match (in_string, chars[i]) {
                (true, '\\') => i += 1,
                (true, '"') => in_string = false,
                (false, '"') => in_string = true,
                (false, '/') if chars.get(i + 1) == Some(&'/') => break,
                (false, '\'') => {
                    // A char literal ('x', '\n', '"'); otherwise a lifetime.
                    if chars.get(i + 1) == Some(&'\\') {
                        i += 3;
                    } else if chars.get(i + 2) == Some(&'\'') {
                        i += 2;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if in_string {
            return Some(n + 1);
        }
    }
    None
}

/// Whether a chapter has a program, a figure or an exercise table.
fn has_something_to_run(text: &str) -> bool {
    book_snippets::code_blocks(text)
        .iter()
        .any(|b| book_snippets::included_snippet(&b.body).is_some())
        || book_snippets::links(text)
            .iter()
            .any(|l| l.image && l.target.starts_with("figures/"))
        || book_snippets::section(text, "Ejercicios").is_some_and(|s| s.contains("| `"))
}

/// The title of the heading whose mdBook anchor is `anchor`.
fn heading_with_anchor(text: &str, anchor: &str) -> Option<String> {
    book_snippets::headings(text)
        .into_iter()
        .find(|h| book_snippets::anchor(&h.title) == anchor)
        .map(|h| h.title)
}

/// The version of a `[workspace.dependencies]` entry written
/// `name = "x"` or `name = { version = "x", … }`.
fn workspace_dependency_version(cargo_toml: &str, name: &str) -> Option<String> {
    let section = &cargo_toml[cargo_toml.find("[workspace.dependencies]")?..];
    let line = section
        .lines()
        .find(|l| l.split('=').next().is_some_and(|k| k.trim() == name))?;
    let value = line.split_once('=')?.1;
    let value = match value.find("version") {
        Some(at) => &value[at..],
        None => value,
    };
    let start = value.find('"')? + 1;
    let len = value[start..].find('"')?;
    Some(value[start..start + len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_versions() {
        let toml = "[workspace]\nmembers = []\n\n[workspace.dependencies]\nndarray = \"0.17\"\nserde = { version = \"1\", features = [\"derive\"] }\n";
        assert_eq!(
            workspace_dependency_version(toml, "ndarray").as_deref(),
            Some("0.17")
        );
        assert_eq!(
            workspace_dependency_version(toml, "serde").as_deref(),
            Some("1")
        );
        assert_eq!(workspace_dependency_version(toml, "approx"), None);
    }

    #[test]
    fn strings_over_several_lines_are_found() {
        assert_eq!(
            line_inside_string("let a = \"x\"; // \"\nlet c = '\"';\nfn f<'a>() {}"),
            None
        );
        assert_eq!(
            line_inside_string("let s = \"\\\"\";\nlet t = '\\'';"),
            None
        );
        assert_eq!(
            line_inside_string("fn main() {\n    let s = \"uno\n dos\";\n}"),
            Some(2)
        );
    }

    #[test]
    fn reference_only_switches_every_check() {
        assert_eq!(
            reference_only(
                "let z = 0.0;\ncheck!(perceptron => sign(z));\ncheck!(perceptron => sign(1.0));"
            ),
            "let z = 0.0;\ncheck!(@crates [solutions], [solutions]; perceptron => sign(z));\n\
             check!(@crates [solutions], [solutions]; perceptron => sign(1.0));"
        );
    }
}
