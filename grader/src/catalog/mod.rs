//! The exercise catalog (`grader/catalog/`): `course.yaml` with the defaults
//! and the chapter order, and one `<chapter>.yaml` per chapter with its
//! exercises, points, hints, book sections, limits, and the public cases with
//! the slides' numbers. Instructors edit this file; the grader's code holds only what
//! cannot be data (hidden-case generators, reference calls, diagnoses).

mod location;

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::Value;

use crate::judge::Tolerance;

#[derive(Debug, Clone)]
pub struct Catalog {
    pub course: String,
    /// Where students read the book (`mdbook serve book` by default).
    pub book_url: String,
    pub defaults: Defaults,
    pub chapters: Vec<Chapter>,
}

/// `course.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    course: String,
    #[serde(default = "default_book_url")]
    book_url: String,
    defaults: Defaults,
    chapters: Vec<String>,
}

/// `<chapter>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterFile {
    title: String,
    book: String,
    exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub time_limit_ms: u64,
    pub memory_limit_mb: u64,
    pub hidden_cases: usize,
    pub tolerance: Tolerance,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    /// The file name without `.rs`, also what students type to filter.
    pub id: String,
    pub title: String,
    /// The book chapter, relative to `book/src`.
    pub book: String,
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The function's name in the chapter file.
    pub id: String,
    pub title: String,
    pub points: u32,
    /// The heading of the book section that explains it.
    pub section: String,
    #[serde(default)]
    pub hints: Vec<String>,
    pub time_limit_ms: Option<u64>,
    pub memory_limit_mb: Option<u64>,
    pub hidden_cases: Option<usize>,
    pub tolerance: Option<Tolerance>,
    #[serde(default)]
    pub cases: Vec<PublicCase>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicCase {
    /// What the case is, in words (for a slide case, which slide example).
    pub name: String,
    pub input: Value,
    /// The expected output; for objects, only the fields given are checked.
    pub expected: Value,
    pub tolerance: Option<Tolerance>,
}

/// Where the book is served, unless the catalog says otherwise: the address
/// of `mdbook serve book`.
pub const DEFAULT_BOOK_URL: &str = "http://localhost:3000/";

fn default_book_url() -> String {
    DEFAULT_BOOK_URL.to_string()
}

impl Catalog {
    /// Loads `course.yaml` and every chapter file from the folder `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        let read = |name: &str| -> Result<String> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "no se pudo leer el catálogo de ejercicios {}",
                    path.display()
                )
            })
        };
        let shown = |name: &str| crate::workspace::display_path(&dir.join(name));
        Self::parse_named(
            &read("course.yaml")?,
            |id| read(&format!("{id}.yaml")),
            shown,
        )
    }

    /// Parses the course text, asking `chapter_text` for each chapter's.
    #[cfg(test)]
    pub fn parse(course: &str, chapter_text: impl Fn(&str) -> Result<String>) -> Result<Self> {
        Self::parse_named(course, chapter_text, |name| name.to_string())
    }

    /// Parses the course text, asking `chapter_text` for each chapter's;
    /// errors name each file as `shown(<file name>)` gives it, with the
    /// line, column and field.
    pub fn parse_named(
        course_text: &str,
        chapter_text: impl Fn(&str) -> Result<String>,
        shown: impl Fn(&str) -> String,
    ) -> Result<Self> {
        let course: CourseFile = serde_yaml_ng::from_str(course_text)
            .map_err(|e| location::yaml_error(&shown("course.yaml"), &e))?;
        let mut chapters = Vec::new();
        let mut texts = Vec::new();
        for id in &course.chapters {
            let name = format!("{id}.yaml");
            let text = chapter_text(id)?;
            let file: ChapterFile = serde_yaml_ng::from_str(&text)
                .map_err(|e| location::yaml_error(&shown(&name), &e))?;
            chapters.push(Chapter {
                id: id.clone(),
                title: file.title,
                book: file.book,
                exercises: file.exercises,
            });
            texts.push((shown(&name), text));
        }
        let catalog = Catalog {
            course: course.course,
            book_url: course.book_url,
            defaults: course.defaults,
            chapters,
        };
        catalog.validate(&texts)?;
        Ok(catalog)
    }

    /// Checks what the types cannot say; `texts` are the chapter files
    /// (shown name, text), in chapter order, to point at the line.
    fn validate(&self, texts: &[(String, String)]) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for (k, chapter) in self.chapters.iter().enumerate() {
            if !seen.insert(chapter.id.clone()) {
                bail!(
                    "course.yaml, campo `chapters`: el capítulo `{}` aparece dos veces",
                    chapter.id
                );
            }
            let (file, text) = (&texts[k].0, &texts[k].1);
            for (i, exercise) in chapter.exercises.iter().enumerate() {
                let nth = chapter.exercises[..i]
                    .iter()
                    .filter(|e| e.id == exercise.id)
                    .count();
                let at = location::exercise_line(text, &exercise.id, nth);
                if !seen.insert(format!("{}::{}", chapter.id, exercise.id)) {
                    bail!(
                        "{file}{at}, campo `exercises[{i}].id`: el ejercicio `{}::{}` aparece dos veces",
                        chapter.id,
                        exercise.id
                    );
                }
                if exercise.points == 0 {
                    bail!(
                        "{file}{at}, campo `exercises[{i}].points`: el ejercicio `{}::{}` no puede valer 0 puntos",
                        chapter.id,
                        exercise.id
                    );
                }
            }
        }
        Ok(())
    }

    /// Every exercise with its chapter, in catalog order.
    pub fn exercises(&self) -> impl Iterator<Item = (&Chapter, &Exercise)> {
        self.chapters
            .iter()
            .flat_map(|c| c.exercises.iter().map(move |e| (c, e)))
    }

    pub fn find(&self, qualified_id: &str) -> Option<(&Chapter, &Exercise)> {
        self.exercises()
            .find(|(c, e)| format!("{}::{}", c.id, e.id) == qualified_id)
    }
}

impl Exercise {
    pub fn time_limit_ms(&self, defaults: &Defaults) -> u64 {
        self.time_limit_ms.unwrap_or(defaults.time_limit_ms)
    }
    pub fn memory_limit_mb(&self, defaults: &Defaults) -> u64 {
        self.memory_limit_mb.unwrap_or(defaults.memory_limit_mb)
    }
    pub fn hidden_cases(&self, defaults: &Defaults) -> usize {
        self.hidden_cases.unwrap_or(defaults.hidden_cases)
    }
    pub fn tolerance(&self, defaults: &Defaults) -> Tolerance {
        self.tolerance.unwrap_or(defaults.tolerance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_exercises_are_rejected_with_a_clear_message() {
        let chapter = "title: A\nbook: a.md\nexercises:\n  - {id: f, title: F, points: 1, section: S}\n  - {id: f, title: F, points: 1, section: S}\n";
        let err = Catalog::parse(COURSE, |_| Ok(chapter.to_string())).unwrap_err();
        assert!(err.to_string().contains("a::f"), "{err}");
    }

    const COURSE: &str = "course: c\ndefaults: {time_limit_ms: 1, memory_limit_mb: 1, hidden_cases: 1, tolerance: {abs: 0.0, rel: 0.0}}\nchapters: [a]\n";

    #[test]
    fn unknown_keys_are_rejected_with_the_file_named() {
        let chapter = "title: A\nbook: a.md\nexercises: []\ntypo: 1\n";
        let err = Catalog::parse(COURSE, |_| Ok(chapter.to_string())).unwrap_err();
        assert!(format!("{err:#}").contains("a.yaml"), "{err:#}");
        assert!(Catalog::parse(&format!("{COURSE}typo: 1\n"), |_| Ok(String::new())).is_err());
    }

    /// The shipped catalog with one line of `xor.yaml` replaced.
    fn shipped_with(line: usize, replacement: &str) -> anyhow::Error {
        let dir = crate::workspace::catalog_path().unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        let mut lines: Vec<String> = read("xor.yaml").lines().map(String::from).collect();
        lines[line - 1] = replacement.to_string();
        let broken = lines.join("\n");
        Catalog::parse_named(
            &read("course.yaml"),
            |id| {
                Ok(if id == "xor" {
                    broken.clone()
                } else {
                    read(&format!("{id}.yaml"))
                })
            },
            |name| format!("grader/catalog/{name}"),
        )
        .unwrap_err()
    }

    /// The number of the first line of `xor.yaml` that starts with `prefix`.
    fn line_of(prefix: &str) -> usize {
        let text =
            std::fs::read_to_string(crate::workspace::catalog_path().unwrap().join("xor.yaml"))
                .unwrap();
        1 + text
            .lines()
            .position(|l| l.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("xor.yaml has no line starting with {prefix}"))
    }

    #[test]
    fn a_broken_line_is_reported_with_file_line_and_field() {
        let line = line_of("points:");
        let indent = " ".repeat(4);
        let err = format!(
            "{:#}",
            shipped_with(line, &format!("{indent}points: muchos"))
        );
        assert!(err.contains("grader/catalog/xor.yaml"), "{err}");
        assert!(err.contains(&format!("línea {line},")), "{err}");
        assert!(err.contains("campo `exercises[0].points`"), "{err}");
        assert!(err.contains("tipo de valor equivocado"), "{err}");

        let err = format!("{:#}", shipped_with(line, &format!("{indent}pointz: 1")));
        assert!(err.contains("campo desconocido"), "{err}");
        assert!(err.contains("exercises[0]"), "{err}");

        // Not YAML at all: an unclosed bracket.
        let err = format!("{:#}", shipped_with(line, &format!("{indent}points: [1")));
        assert!(err.contains("grader/catalog/xor.yaml, línea"), "{err}");
    }

    #[test]
    fn zero_points_and_duplicates_name_the_exercise_line() {
        let chapter = "title: A\nbook: a.md\nexercises:\n  - {id: f, title: F, points: 1, section: S}\n  - {id: g, title: G, points: 0, section: S}\n";
        let err = Catalog::parse(COURSE, |_| Ok(chapter.to_string())).unwrap_err();
        let err = format!("{err:#}");
        assert!(
            err.contains("a.yaml, línea 5, campo `exercises[1].points`"),
            "{err}"
        );
        let chapter = "title: A\nbook: a.md\nexercises:\n  - {id: f, title: F, points: 1, section: S}\n  - {id: f, title: F, points: 1, section: S}\n";
        let err = format!(
            "{:#}",
            Catalog::parse(COURSE, |_| Ok(chapter.to_string())).unwrap_err()
        );
        assert!(
            err.contains("a.yaml, línea 5, campo `exercises[1].id`"),
            "{err}"
        );
    }

    #[test]
    fn the_shipped_catalog_loads() {
        let catalog = Catalog::load(&crate::workspace::catalog_path().unwrap()).unwrap();
        assert!(!catalog.chapters.is_empty());
    }
}
