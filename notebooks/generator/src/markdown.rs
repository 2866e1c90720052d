//! The book's Markdown as Jupyter's Markdown: formulas and links.
//!
//! The book writes formulas the way GitHub does ($`x`$ inline, a
//! ```` ```math ```` block for display); Jupyter (JupyterLab, Notebook, VS
//! Code) renders `$x$` and `$$ … $$`. Links between chapters become links
//! between notebooks, and a section's anchor becomes the id Jupyter gives
//! its heading.

/// Inline formulas: $`x`$ → `$x$`, outside code spans.
pub fn inline_math(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("$`") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("`$") else { break };
        out.push_str(&rest[..start]);
        out.push('$');
        out.push_str(&after[..end]);
        out.push('$');
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The id Jupyter gives a heading: its text with spaces turned into `-`
/// (JupyterLab, Notebook 7 and nbconvert agree on this). Code spans and
/// formulas lose their markers.
pub fn jupyter_anchor(title: &str) -> String {
    let text = inline_math(title).replace(['`', '$', '*'], "");
    text.trim().replace(' ', "-")
}

/// Rewrites the target of every inline link and image of a line, outside
/// code spans, with `rewrite(target)`.
pub fn rewrite_links(line: &str, rewrite: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'`' {
            in_code = !in_code;
        }
        if !in_code
            && c == b']'
            && bytes.get(i + 1) == Some(&b'(')
            && let Some(len) = line[i + 2..].find(')')
        {
            let target = &line[i + 2..i + 2 + len];
            out.push_str("](");
            out.push_str(&rewrite(target));
            out.push(')');
            i += 2 + len + 1;
            continue;
        }
        let ch = line[i..].chars().next().unwrap_or_default();
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// The cells of a Markdown table row, split on `|` outside code spans and
/// formulas, trimmed. `None` if the line is not a table row.
pub fn table_row(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    for c in inner.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                current.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut current).trim().to_string()),
            c => current.push(c),
        }
    }
    cells.push(current.trim().to_string());
    Some(cells)
}

/// The target of the first link in a piece of Markdown.
pub fn first_link_target(text: &str) -> Option<&str> {
    let start = text.find("](")? + 2;
    let len = text[start..].find(')')?;
    Some(
        text[start..start + len]
            .split_whitespace()
            .next()
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas() {
        assert_eq!(
            inline_math(r"con $`\sigma(z)`$ y $`a_1`$, pero `$x$` no"),
            r"con $\sigma(z)$ y $a_1$, pero `$x$` no"
        );
        assert_eq!(inline_math("sin fórmulas"), "sin fórmulas");
        assert_eq!(inline_math("$`abierta"), "$`abierta");
    }

    #[test]
    fn anchors() {
        assert_eq!(
            jupyter_anchor("Ejemplo 1: error cuadrático"),
            "Ejemplo-1:-error-cuadrático"
        );
        assert_eq!(
            jupyter_anchor("El perceptrón simple"),
            "El-perceptrón-simple"
        );
    }

    #[test]
    fn links() {
        let rewrite = |t: &str| format!("<{t}>");
        assert_eq!(
            rewrite_links(
                "ver [esto](a.md#b) y ![fig](figures/x.svg), no `[c](d)`; ñ [e](f)",
                &rewrite
            ),
            "ver [esto](<a.md#b>) y ![fig](<figures/x.svg>), no `[c](d)`; ñ [e](<f>)"
        );
    }

    #[test]
    fn table_rows() {
        assert_eq!(
            table_row("| `a::b` | $`|x|`$ y `c|d` | [S](#s) |").unwrap(),
            ["`a::b`", "$`|x|`$ y `c|d`", "[S](#s)"]
        );
        assert_eq!(table_row("texto"), None);
        assert_eq!(first_link_target("[S](#s-t)"), Some("#s-t"));
        assert_eq!(first_link_target("nada"), None);
    }
}
