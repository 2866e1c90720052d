//! Where a chapter's fenced code blocks and headings are, found by
//! pulldown-cmark as mdBook finds them (the same parser and extensions as
//! `book-snippets`), by line. The generator slices the chapter's own lines
//! with these spans, so the notebooks keep the book's text as written.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// A block of the chapter that the generator treats apart from prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A fenced code block, at any depth (in a list item too).
    Fenced {
        /// The info string after the opening fence, e.g. `rust,ignore`.
        info: String,
        /// 0-based lines, the fences included.
        lines: Range<usize>,
        /// Whether its last line is a closing fence (an unclosed block runs
        /// to the end of its list item or of the chapter).
        closed: bool,
    },
    /// A heading outside lists and block quotes: where a new cell starts.
    Heading {
        level: usize,
        /// As written, without the `#` marks (code spans kept).
        title: String,
        /// 0-based lines (two for a `===` or `---` underlined heading).
        lines: Range<usize>,
    },
}

/// The fenced code blocks and top-level headings of `markdown`, by their
/// first (0-based) line.
pub fn blocks(markdown: &str) -> BTreeMap<usize, Block> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    // 0-based line of a byte offset.
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;
    let lines_of = |range: &Range<usize>| line_of(range.start)..line_of(range.end.max(1) - 1) + 1;
    let source_lines: Vec<&str> = markdown.lines().collect();

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out = BTreeMap::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lines = lines_of(&range);
                let closed = lines.len() > 1
                    && closes(
                        source_lines.get(lines.start).copied().unwrap_or_default(),
                        source_lines.get(lines.end - 1).copied().unwrap_or_default(),
                    );
                out.insert(
                    lines.start,
                    Block::Fenced {
                        info: info.trim().to_string(),
                        lines,
                        closed,
                    },
                );
            }
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                let lines = lines_of(&range);
                let first = source_lines.get(lines.start).copied().unwrap_or_default();
                let title = first
                    .trim()
                    .trim_start_matches('#')
                    .trim()
                    .trim_end_matches('#')
                    .trim();
                out.insert(
                    lines.start,
                    Block::Heading {
                        level: *level as usize,
                        title: title.to_string(),
                        lines,
                    },
                );
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// Whether `last` is a fence that closes the block `first` opens: the same
/// character, at least as many, nothing after it.
fn closes(first: &str, last: &str) -> bool {
    let fence = |line: &str| {
        // After its indentation and any block quote marks.
        let line = line.trim_start_matches([' ', '\t', '>']);
        let ch = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let n = line.chars().take_while(|&c| c == ch).count();
        (n >= 3).then(|| (ch, n, line[n..].trim().is_empty()))
    };
    match (fence(first), fence(last)) {
        (Some((open, n, _)), Some((close, m, bare))) => open == close && m >= n && bare,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fenced(info: &str, lines: Range<usize>, closed: bool) -> Block {
        Block::Fenced {
            info: info.to_string(),
            lines,
            closed,
        }
    }

    #[test]
    fn a_fence_in_a_nested_list_item_is_a_code_block() {
        // The fence is indented five spaces: too many for a block at the top
        // level, but the second list level's content starts at column 5.
        let text = "# Título\n\
                    \n\
                    1. Primero:\n   \
                       - si es incorrecta, se actualiza:\n     \
                         ```math\n     \
                         w \\leftarrow w - \\eta x\n     \
                         ```\n     \
                         donde sigue el ítem.\n\
                    2. Segundo:\n   \
                       ```math\n   \
                       \\varepsilon\n   \
                       ```\n";
        let found: Vec<(usize, Block)> = blocks(text).into_iter().collect();
        assert_eq!(
            found,
            [
                (
                    0,
                    Block::Heading {
                        level: 1,
                        title: "Título".into(),
                        lines: 0..1
                    }
                ),
                (4, fenced("math", 4..7, true)),
                (9, fenced("math", 9..12, true)),
            ]
        );
    }

    #[test]
    fn headings_in_containers_and_fences_in_code_are_not_blocks() {
        let text = "> ## En una cita\n\
                    \n\
                    Título subrayado\n\
                    ================\n\
                    \n\
                    ~~~~text\n\
                    ## no es un título\n\
                    ```\n\
                    ~~~~\n\
                    \n\
                    ```rust,ignore\n\
                    fn abierto() {}\n";
        let found: Vec<(usize, Block)> = blocks(text).into_iter().collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    Block::Heading {
                        level: 1,
                        title: "Título subrayado".into(),
                        lines: 2..4
                    }
                ),
                (5, fenced("text", 5..9, true)),
                (10, fenced("rust,ignore", 10..12, false)),
            ]
        );
    }
}
