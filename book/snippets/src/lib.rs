//! Reads the book's Markdown sources so that tests can check them: the Rust
//! snippets and their printed output, headings and their anchors, the
//! exercise sections, and links.
//!
//! The snippets themselves are the programs in `src/bin/` (each one listed in
//! `Cargo.toml` and in `tests/snippets.rs`): standalone programs (only `std`
//! and `ndarray`, so they also run with the book's Run button), each included
//! in a chapter with
//! `{{#include ../snippets/src/bin/<name>.rs}}` inside a ```` ```rust ````
//! block. Its output is shown right after it, in a ```` ```text ```` block
//! preceded by the marker `<!-- salida: <name> -->`; the tests run every
//! program and compare.
//!
//! The Markdown itself is read in `markdown.rs`, with pulldown-cmark.

use std::fs;
use std::path::{Path, PathBuf};

mod markdown;
#[cfg(test)]
mod tests;

pub use markdown::{
    CodeBlock, Heading, Link, anchor, code_blocks, decimal_numbers, has_anchor, headings, html_ids,
    links, prose_lines, section,
};

/// The marker that introduces the output block of a snippet:
/// `<!-- salida: <name> -->`.
pub const OUTPUT_MARKER: &str = "salida:";

/// The marker that must precede a Rust block that is not tested:
/// `<!-- sin probar: <reason> -->`.
pub const UNTESTED_MARKER: &str = "sin probar:";

/// The `book/` directory.
pub fn book_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("book/snippets has a parent")
        .to_path_buf()
}

/// The workspace root (the parent of `book/`).
pub fn workspace_dir() -> PathBuf {
    book_dir()
        .parent()
        .expect("book/ has a parent")
        .to_path_buf()
}

/// The book's `src/` directory.
pub fn src_dir() -> PathBuf {
    book_dir().join("src")
}

/// Reads a file, panicking with its path on failure (for tests).
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A chapter: its file name inside `src/` and its Markdown.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub file: String,
    pub text: String,
}

/// The chapter files listed in `src/SUMMARY.md`, in order.
pub fn summary_files() -> Vec<String> {
    links(&read(&src_dir().join("SUMMARY.md")))
        .into_iter()
        .filter(|l| !l.image && l.target.ends_with(".md"))
        .map(|l| l.target)
        .collect()
}

/// Every chapter listed in `src/SUMMARY.md`, in order.
pub fn chapters() -> Vec<Chapter> {
    summary_files()
        .into_iter()
        .map(|file| {
            let text = read(&src_dir().join(&file));
            Chapter { file, text }
        })
        .collect()
}

/// The snippet that a ```` ```rust ```` block includes: for a body made of
/// exactly one `{{#include ../snippets/src/bin/<name>.rs}}` (or
/// `{{#rustdoc_include …}}`, optionally with `:anchor` or line ranges), the
/// `<name>`.
pub fn included_snippet(body: &str) -> Option<String> {
    let body = body.trim();
    let inner = body.strip_prefix("{{#")?.strip_suffix("}}")?;
    let (directive, path) = inner.split_once(' ')?;
    if directive != "include" && directive != "rustdoc_include" {
        return None;
    }
    let path = path.trim().split(':').next()?;
    let name = path
        .strip_prefix("../snippets/src/bin/")?
        .strip_suffix(".rs")?;
    (!name.contains('/')).then(|| name.to_string())
}

/// The names of the snippet programs: the files `src/bin/<name>.rs`.
pub fn snippet_files() -> Vec<String> {
    let dir = book_dir().join("snippets/src/bin");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "rs").then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names
}

/// The expected output of snippet `name` as written in the book: the body of
/// the ```` ```text ```` block marked `<!-- salida: <name> -->`, with the
/// chapter it is in. `Err` if there is none or more than one.
pub fn expected_output(chapters: &[Chapter], name: &str) -> Result<(String, String), String> {
    let found: Vec<(String, String)> = chapters
        .iter()
        .flat_map(|c| {
            code_blocks(&c.text)
                .into_iter()
                .filter(|b| {
                    b.comment
                        .as_deref()
                        .and_then(|c| c.strip_prefix(OUTPUT_MARKER))
                        .is_some_and(|n| n.trim() == name)
                })
                .map(|b| (c.file.clone(), b.body))
        })
        .collect();
    match found.len() {
        1 => Ok(found.into_iter().next().expect("one element")),
        0 => Err(format!(
            "no output block for snippet `{name}`: add <!-- {OUTPUT_MARKER} {name} --> and a ```text block"
        )),
        n => Err(format!("{n} output blocks for snippet `{name}`")),
    }
}

/// Normalises program output for comparison: trailing spaces on each line and
/// trailing blank lines are not significant.
pub fn normalize_output(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}
