//! One chapter of the book as the cells of its notebook.
//!
//! The chapter is walked line by line, its fenced code blocks and headings
//! where pulldown-cmark finds them (`blocks.rs`): prose, the chapter's own
//! lines, becomes Markdown cells (a new one at every heading outside lists
//! and quotes), each included snippet program a code cell that defines and
//! runs it, each figure a code cell that draws it, and after the section
//! each exercise belongs to, the cell of `notebooks/checks/` that calls the
//! student's function beside the reference.

use anyhow::{Context, Result, bail};

use crate::blocks::{self, Block};
use crate::book::{Book, BookChapter, Exercise};
use crate::ipynb::Cell;
use crate::markdown;

/// A piece of the chapter, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Heading {
        level: usize,
        title: String,
        line: String,
    },
    Text(String),
    Snippet(String),
    Figure(String),
}

/// The chapter's pieces, with formulas and links converted.
fn pieces(book: &Book, chapter: &BookChapter) -> Result<Vec<Piece>> {
    let lines: Vec<&str> = chapter.text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let blocks = blocks::blocks(&chapter.text);
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        match blocks.get(&i) {
            Some(Block::Fenced {
                info,
                lines: span,
                closed,
            }) => {
                if !closed {
                    bail!("{}:{}: code block never closed", chapter.file, i + 1);
                }
                let end = span.end - 1;
                let body = &lines[i + 1..end];
                let language = info.split([',', ' ']).next().unwrap_or_default();
                if language == "math" {
                    out.push(Piece::Text(display_math_fence(line)));
                    out.extend(body.iter().map(|l| Piece::Text(l.to_string())));
                    out.push(Piece::Text(display_math_fence(lines[end])));
                } else if language == "rust" && !info.contains("ignore") {
                    let name =
                        book_snippets::included_snippet(&body.join("\n")).with_context(|| {
                            format!(
                                "{}:{}: a ```rust block that is not `{{{{#include ../snippets/src/bin/<name>.rs}}}}`",
                                chapter.file,
                                i + 1
                            )
                        })?;
                    if body.join("").contains(':') && body.join("").contains(".rs:") {
                        bail!(
                            "{}:{}: include a whole snippet file, not a part of it",
                            chapter.file,
                            i + 1
                        );
                    }
                    out.push(Piece::Snippet(name));
                } else if language == "text" && previous_comment_is_output(&lines[..i]) {
                    // The snippet's output: the notebook shows the real one.
                } else {
                    out.extend(lines[i..=end].iter().map(|l| Piece::Text(l.to_string())));
                }
                i = span.end;
                continue;
            }
            Some(Block::Heading {
                level,
                title,
                lines: span,
            }) => {
                let converted: Vec<String> = lines[span.clone()]
                    .iter()
                    .map(|l| convert(book, chapter, l))
                    .collect();
                out.push(Piece::Heading {
                    level: *level,
                    title: title.clone(),
                    line: converted.join("\n"),
                });
                i = span.end;
                continue;
            }
            None => {}
        }
        if is_comment_line(trimmed) {
            i += 1;
            continue;
        }
        if let Some(file) = standalone_figure(trimmed) {
            out.push(Piece::Figure(file.to_string()));
            i += 1;
            continue;
        }
        out.push(Piece::Text(convert(book, chapter, line)));
        i += 1;
    }
    Ok(out)
}

/// A fence of a ```` ```math ```` block as Jupyter's `$$`, after what
/// precedes the fence on its line (indentation, a list marker, a quote's `>`).
fn display_math_fence(fence_line: &str) -> String {
    let at = fence_line.find(['`', '~']).unwrap_or_default();
    format!("{}$$", &fence_line[..at])
}

/// A line of prose with its formulas and links converted.
fn convert(book: &Book, chapter: &BookChapter, line: &str) -> String {
    markdown::rewrite_links(&markdown::inline_math(line), &|target| {
        book.notebook_link(chapter, target)
    })
}

fn is_comment_line(trimmed: &str) -> bool {
    trimmed.starts_with("<!--") && trimmed.trim_end().ends_with("-->")
}

fn previous_comment_is_output(before: &[&str]) -> bool {
    before
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim())
        .and_then(|l| l.strip_prefix("<!--"))
        .is_some_and(|c| c.trim_start().starts_with(book_snippets::OUTPUT_MARKER))
}

/// `![alt](figures/<file>.svg)` alone on its line: the figure's file name.
fn standalone_figure(trimmed: &str) -> Option<&str> {
    let rest = trimmed.trim_end().strip_prefix("![")?.strip_suffix(')')?;
    let target = &rest[rest.rfind("](")? + 2..];
    target.strip_prefix("figures/")
}

/// The cells of a chapter's notebook.
pub fn cells(book: &Book, chapter: &BookChapter) -> Result<Vec<Cell>> {
    let pieces = pieces(book, chapter)?;
    let exercises = book.exercises(chapter)?;

    // Where each exercise's cell goes: after the last piece of its section.
    let mut after: Vec<Vec<&Exercise>> = vec![Vec::new(); pieces.len()];
    for exercise in &exercises {
        let index = section_end(&pieces, &exercise.section).with_context(|| {
            format!(
                "{}: the section «{}» of `{}` is not a heading of the chapter",
                chapter.file,
                exercise.section,
                exercise.qualified()
            )
        })?;
        after[index].push(exercise);
    }

    let mut cells = Vec::new();
    let mut prose = String::new();
    let flush = |prose: &mut String, cells: &mut Vec<Cell>| {
        let text = prose.trim_matches('\n').to_string();
        if !text.trim().is_empty() {
            cells.push(Cell::Markdown(text));
        }
        prose.clear();
    };
    let mut first_exercise = true;
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Heading { line, .. } => {
                flush(&mut prose, &mut cells);
                prose.push_str(line);
                prose.push('\n');
            }
            Piece::Text(line) => {
                prose.push_str(line);
                prose.push('\n');
            }
            Piece::Snippet(name) => {
                flush(&mut prose, &mut cells);
                cells.push(Cell::Code(book.snippet_cell(name)?));
            }
            Piece::Figure(file) => {
                flush(&mut prose, &mut cells);
                cells.push(Cell::Code(book.figure_cell(file)?));
            }
        }
        if !after[index].is_empty() {
            flush(&mut prose, &mut cells);
        }
        for exercise in &after[index] {
            cells.push(Cell::Markdown(exercise.intro()));
            let cell = book.exercise_cell(exercise)?;
            cells.push(Cell::Code(cell.clone()));
            if first_exercise {
                first_exercise = false;
                cells.push(Cell::Markdown(exercise.before_and_after()));
                cells.push(Cell::Code(crate::book::reference_only(&cell)));
            }
        }
    }
    flush(&mut prose, &mut cells);

    // The notebook's note and setup go after the first Markdown cell (the
    // chapter's title and opening paragraphs).
    let at = usize::from(matches!(cells.first(), Some(Cell::Markdown(_))));
    let mut head = vec![Cell::Markdown(book.note(chapter, &cells)?)];
    if let Some(setup) = book.setup_cell(chapter, &cells)? {
        head.push(Cell::Code(setup));
    }
    cells.splice(at..at, head);
    Ok(cells)
}

/// The index of the last piece of the section titled `title`: the piece
/// before the next heading of the same or a higher level, or the last one.
fn section_end(pieces: &[Piece], title: &str) -> Option<usize> {
    let (start, level) = pieces.iter().enumerate().find_map(|(i, p)| match p {
        Piece::Heading {
            level, title: t, ..
        } if t == title => Some((i, *level)),
        _ => None,
    })?;
    let next = pieces[start + 1..]
        .iter()
        .position(|p| matches!(p, Piece::Heading { level: l, .. } if *l <= level))
        .map_or(pieces.len(), |n| start + 1 + n);
    // Skip back over trailing blank text so the cell follows the content.
    let mut end = next - 1;
    while end > start && matches!(&pieces[end], Piece::Text(t) if t.trim().is_empty()) {
        end -= 1;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_fences_keep_what_precedes_them() {
        assert_eq!(display_math_fence("```math"), "$$");
        assert_eq!(display_math_fence("     ```math"), "     $$");
        assert_eq!(display_math_fence("   ```"), "   $$");
        assert_eq!(display_math_fence("- ~~~math"), "- $$");
        assert_eq!(display_math_fence("> ```"), "> $$");
    }
}
