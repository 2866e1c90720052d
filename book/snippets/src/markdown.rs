//! The book's Markdown, read with pulldown-cmark with the extensions
//! mdBook turns on: code blocks, headings and links are found where mdBook
//! finds them, and keep their source text and line numbers.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

// The grader computes the same anchors for its pointers into the book.
#[path = "../../../grader/src/book_anchor.rs"]
mod book_anchor;

pub use book_anchor::anchor;

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

/// The events of a Markdown text with their byte ranges, parsed as mdBook
/// parses it.
fn events(markdown: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    Parser::new_ext(markdown, options).into_offset_iter()
}

/// The 1-based number of the line holding byte `offset`.
fn line_of(markdown: &str, offset: usize) -> usize {
    markdown[..offset].matches('\n').count() + 1
}

/// The HTML comment that makes up a whole line, if it does.
fn line_comment(line: &str) -> Option<String> {
    let line = line.trim();
    line.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .map(|c| c.trim().to_string())
}

/// Every fenced code block of a Markdown text, in order, with the byte
/// range it spans (fences included).
fn fenced_blocks(markdown: &str) -> Vec<(CodeBlock, Range<usize>)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut open: Option<(CodeBlock, Range<usize>)> = None;
    for (event, range) in events(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = line_of(markdown, range.start);
                let comment = lines[..line - 1]
                    .iter()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .and_then(|l| line_comment(l));
                let block = CodeBlock {
                    info: info.trim().to_string(),
                    body: String::new(),
                    line,
                    comment,
                };
                open = Some((block, range));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((mut block, range)) = open.take() {
                    block.body = raw_body(&markdown[range.clone()]);
                    blocks.push((block, range));
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The lines of a fenced block's source between its fences, as written
/// (a block inside a list item keeps its indentation).
fn raw_body(block: &str) -> String {
    let lines: Vec<&str> = block.lines().collect();
    let fence = |line: &str| {
        let line = line.trim();
        line.len() >= 3 && (line.chars().all(|c| c == '`') || line.chars().all(|c| c == '~'))
    };
    let end = match lines.last() {
        Some(last) if lines.len() > 1 && fence(last) => lines.len() - 1,
        _ => lines.len(),
    };
    lines.get(1..end).unwrap_or_default().join("\n")
}

/// Every fenced code block of a Markdown text, in order.
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    fenced_blocks(markdown)
        .into_iter()
        .map(|(block, _)| block)
        .collect()
}

/// The lines of a Markdown text that are outside fenced code blocks, with
/// their 1-based line numbers.
pub fn prose_lines(markdown: &str) -> Vec<(usize, &str)> {
    let code: Vec<(usize, usize)> = fenced_blocks(markdown)
        .into_iter()
        .map(|(block, range)| (block.line, line_of(markdown, range.end.max(1) - 1)))
        .collect();
    markdown
        .lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(n, _)| !code.iter().any(|(from, to)| (from..=to).contains(&n)))
        .collect()
}

/// An ATX heading (`## Título`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: usize,
    pub title: String,
    /// 1-based line number.
    pub line: usize,
}

/// Every heading outside code blocks, in order, with its title as written
/// (inline code and emphasis marks kept).
pub fn headings(markdown: &str) -> Vec<Heading> {
    events(markdown)
        .filter_map(|(event, range)| {
            let Event::Start(Tag::Heading { level, .. }) = event else {
                return None;
            };
            let source = markdown[range.clone()].lines().next().unwrap_or_default();
            let title = source
                .trim()
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            Some(Heading {
                level: level as usize,
                title: title.to_string(),
                line: line_of(markdown, range.start),
            })
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

/// Every link and image outside code blocks and code spans.
pub fn links(markdown: &str) -> Vec<Link> {
    events(markdown)
        .filter_map(|(event, range)| {
            let (target, image) = match event {
                Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                _ => return None,
            };
            Some(Link {
                target: target.to_string(),
                image,
                line: line_of(markdown, range.start),
            })
        })
        .collect()
}
