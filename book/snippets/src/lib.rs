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
//! The parser is deliberately small and line based: it understands the
//! subset of Markdown the book uses (ATX headings, fenced code blocks,
//! inline links and images), not CommonMark in general.

use std::fs;
use std::path::{Path, PathBuf};

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

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string after the opening fence, e.g. `rust` or `rust,ignore`.
    pub info: String,
    /// The lines between the fences, joined with `\n` (no trailing newline).
    pub body: String,
    /// 1-based line number of the opening fence.
    pub line: usize,
    /// The content of an HTML comment on the closest non-blank line before
    /// the fence, if there is one (e.g. `salida: perceptron_spam`).
    pub comment: Option<String>,
}

impl CodeBlock {
    /// The language: the info string up to the first comma or space.
    pub fn language(&self) -> &str {
        self.info
            .split([',', ' '])
            .next()
            .unwrap_or_default()
            .trim()
    }
}

/// A line that opens or closes a fence: its fence string (```` ``` ```` or
/// `~~~`, possibly longer) and the rest of the line.
fn fence(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    for ch in ['`', '~'] {
        let n = trimmed.chars().take_while(|&c| c == ch).count();
        if n >= 3 {
            return Some((&trimmed[..n], trimmed[n..].trim()));
        }
    }
    None
}

/// The HTML comment that makes up a whole line, if it does.
fn line_comment(line: &str) -> Option<String> {
    let line = line.trim();
    line.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .map(|c| c.trim().to_string())
}

/// Every fenced code block of a Markdown text, in order.
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((open, info)) = fence(lines[i]) else {
            i += 1;
            continue;
        };
        let comment = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| line_comment(l));
        let start = i;
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() {
            if let Some((close, rest)) = fence(lines[i])
                && close.starts_with(open)
                && rest.is_empty()
            {
                break;
            }
            body.push(lines[i]);
            i += 1;
        }
        blocks.push(CodeBlock {
            info: info.to_string(),
            body: body.join("\n"),
            line: start + 1,
            comment,
        });
        i += 1; // skip the closing fence
    }
    blocks
}

/// The lines of a Markdown text that are outside fenced code blocks, with
/// their 1-based line numbers.
pub fn prose_lines(markdown: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut open: Option<&str> = None;
    for (n, line) in markdown.lines().enumerate() {
        match (open, fence(line)) {
            (None, Some((f, _))) => open = Some(f),
            (Some(o), Some((f, rest))) if f.starts_with(o) && rest.is_empty() => open = None,
            (None, None) => out.push((n + 1, line)),
            _ => {}
        }
    }
    out
}

/// An ATX heading (`## Título`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: usize,
    pub title: String,
    /// 1-based line number.
    pub line: usize,
}

/// Every heading outside code blocks, in order.
pub fn headings(markdown: &str) -> Vec<Heading> {
    prose_lines(markdown)
        .into_iter()
        .filter_map(|(line, text)| {
            let level = text.chars().take_while(|&c| c == '#').count();
            let rest = &text[level..];
            ((1..=6).contains(&level) && rest.starts_with(' ')).then(|| Heading {
                level,
                title: rest.trim().trim_end_matches('#').trim().to_string(),
                line,
            })
        })
        .collect()
}

/// The anchor (HTML id) that mdBook gives a heading with this title: lower
/// case, whitespace turned into `-`, and only alphanumeric characters, `_`
/// and `-` kept (accented letters included).
pub fn anchor(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The explicit HTML ids of a Markdown text (`<span id="…">` and the like,
/// outside code blocks): link targets that are not headings.
pub fn html_ids(markdown: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (_, line) in prose_lines(markdown) {
        let mut rest = line;
        while let Some(start) = rest.find(" id=\"") {
            let after = &rest[start + 5..];
            let Some(end) = after.find('"') else { break };
            ids.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    ids
}

/// Whether `fragment` is the anchor of a heading or an explicit id of
/// `markdown`: what a link `file.md#fragment` needs to land somewhere.
pub fn has_anchor(markdown: &str, fragment: &str) -> bool {
    headings(markdown)
        .iter()
        .any(|h| anchor(&h.title) == fragment)
        || html_ids(markdown).iter().any(|id| id == fragment)
}

/// The decimal numbers with at least `min_decimals` digits after the point
/// in `text` (`0.8807971`, `1.0012516`), without their sign. Numbers written
/// with a decimal comma (`0,8808`, the slides' way) are not matched.
pub fn decimal_numbers(text: &str, min_decimals: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Not inside a word, a number, a URL or an identifier such as a DOI
        // (`10.1038/…`) or an arXiv number (`arXiv:1212.5701`).
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || ".:/".contains(chars[i - 1])));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            let first_decimal = i + 1;
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - first_decimal >= min_decimals {
                out.push(chars[start..i].iter().collect());
            }
        }
    }
    out
}

/// The text of the section under the first heading titled `title`: from the
/// line after the heading to the next heading of the same or a higher level
/// (or the end). `None` if there is no such heading.
pub fn section<'a>(markdown: &'a str, title: &str) -> Option<&'a str> {
    let all = headings(markdown);
    let start = all.iter().position(|h| h.title == title)?;
    let level = all[start].level;
    let end_line = all[start + 1..]
        .iter()
        .find(|h| h.level <= level)
        .map(|h| h.line);
    let lines: Vec<&str> = markdown.lines().collect();
    let from = byte_offset(markdown, &lines, all[start].line); // line after the heading
    let to = match end_line {
        Some(l) => byte_offset(markdown, &lines, l - 1),
        None => markdown.len(),
    };
    Some(&markdown[from..to])
}

/// Byte offset where the 0-based line `index` starts.
fn byte_offset(text: &str, lines: &[&str], index: usize) -> usize {
    lines
        .get(index)
        .map(|l| l.as_ptr() as usize - text.as_ptr() as usize)
        .unwrap_or(text.len())
}

/// An inline link `[text](target)` or image `![alt](target)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub image: bool,
    /// 1-based line number.
    pub line: usize,
}

/// Every inline link and image outside code blocks and code spans.
pub fn links(markdown: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for (line, text) in prose_lines(markdown) {
        let text = strip_code_spans(text);
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(pos) = text[i..].find("](") {
            let close = i + pos;
            let target_start = close + 2;
            let Some(target_len) = text[target_start..].find(')') else {
                break;
            };
            let raw = &text[target_start..target_start + target_len];
            // The link is an image if its `[` is preceded by `!`.
            let open = text[..close].rfind('[');
            let image = open.is_some_and(|o| o > 0 && bytes[o - 1] == b'!');
            let target = raw.split_whitespace().next().unwrap_or_default();
            out.push(Link {
                target: target.trim_matches(['<', '>']).to_string(),
                image,
                line,
            });
            i = target_start + target_len;
        }
    }
    out
}

/// The line with the contents of its code spans blanked out.
fn strip_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Título\n\
        \n\
        Texto con [un enlace](otro.md#ancla) y ![una figura](figures/a.svg).\n\
        \n\
        ## Una sección\n\
        \n\
        ```rust\n\
        {{#include ../snippets/src/bin/ejemplo.rs}}\n\
        ```\n\
        \n\
        <!-- salida: ejemplo -->\n\
        ```text\n\
        hola\n\
        # no es un título\n\
        ```\n\
        \n\
        ### Sub\n\
        \n\
        `[no](es-un-enlace.md)`\n\
        \n\
        ## Ejercicios\n\
        \n\
        Fin.\n";

    #[test]
    fn anchors_follow_mdbook() {
        assert_eq!(
            anchor("Ejemplo 1: error cuadrático"),
            "ejemplo-1-error-cuadrático"
        );
        assert_eq!(anchor("XOR con dos capas"), "xor-con-dos-capas");
        assert_eq!(anchor("Mini-lotes"), "mini-lotes");
        assert_eq!(anchor("¿Por qué «½»?"), "por-qué-½");
    }

    #[test]
    fn finds_blocks_headings_sections_and_links() {
        let blocks = code_blocks(SAMPLE);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].language(), "rust");
        assert_eq!(
            included_snippet(&blocks[0].body).as_deref(),
            Some("ejemplo")
        );
        assert_eq!(blocks[1].comment.as_deref(), Some("salida: ejemplo"));
        assert_eq!(blocks[1].body, "hola\n# no es un título");

        let titles: Vec<_> = headings(SAMPLE).into_iter().map(|h| h.title).collect();
        assert_eq!(titles, ["Título", "Una sección", "Sub", "Ejercicios"]);

        let s = section(SAMPLE, "Una sección").unwrap();
        assert!(s.contains("### Sub") && !s.contains("Ejercicios"), "{s}");
        assert_eq!(section(SAMPLE, "Ejercicios").unwrap().trim(), "Fin.");

        let found = links(SAMPLE);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].target, "otro.md#ancla");
        assert!(!found[0].image);
        assert_eq!(found[1].target, "figures/a.svg");
        assert!(found[1].image);

        let chapters = [Chapter {
            file: "x.md".into(),
            text: SAMPLE.into(),
        }];
        assert_eq!(
            expected_output(&chapters, "ejemplo").unwrap().1,
            "hola\n# no es un título"
        );
        assert!(expected_output(&chapters, "otro").is_err());
    }

    #[test]
    fn ids_and_numbers() {
        let text =
            "| <span id=\"sobreajuste\"></span>sobreajuste | x |\n```\n<a id=\"no\"></a>\n```\n";
        assert!(
            decimal_numbers(
                "doi:10.1038/x, https://doi.org/10.24432/C5, arXiv:1212.5701",
                3
            )
            .is_empty()
        );
        assert_eq!(html_ids(text), ["sobreajuste"]);
        assert!(has_anchor(text, "sobreajuste") && !has_anchor(text, "no"));
        assert_eq!(
            decimal_numbers(
                "ŷ = 0.8807971, C ≈ 0,0072, w = −1.0012516, v1.234, 2.5 y 3.",
                3
            ),
            ["0.8807971", "1.0012516"]
        );
    }

    #[test]
    fn include_forms() {
        let p = "../snippets/src/bin/a_b.rs";
        assert_eq!(
            included_snippet(&format!("{{{{#include {p}}}}}")).as_deref(),
            Some("a_b")
        );
        assert_eq!(
            included_snippet(&format!("{{{{#rustdoc_include {p}:main}}}}")).as_deref(),
            Some("a_b")
        );
        assert_eq!(included_snippet("fn main() {}"), None);
        assert_eq!(included_snippet("{{#include ../otro/a.rs}}"), None);
    }
}
