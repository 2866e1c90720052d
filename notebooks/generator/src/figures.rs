//! Which function of the crate `book-figures` draws each figure of the book:
//! read from the `FIGURES` table in `book/figures/src/lib.rs`, where each
//! entry is `("<file>.svg", <module>::<function>)`.

use anyhow::{Context, Result};

/// `(file name, function path)` for every figure, e.g.
/// `("spam-boundary.svg", "spam::figure")`.
pub fn table(lib_rs: &str) -> Result<Vec<(String, String)>> {
    let start = lib_rs
        .find("pub const FIGURES")
        .context("book/figures/src/lib.rs has no `pub const FIGURES` table")?;
    let body = &lib_rs[start..];
    let body = &body[..body
        .find("];")
        .context("the FIGURES table does not end with `];`")?];
    let body = &body[body.find('=').unwrap_or(0)..];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(quote) = after.find('"') else { break };
        let file = &after[..quote];
        let tail = after[quote + 1..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let end = tail.find([',', ')']).unwrap_or(tail.len());
        out.push((file.to_string(), tail[..end].trim().to_string()));
        rest = &tail[end..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_table() {
        let lib = "pub type Draw = fn() -> String;\n\
                   pub const FIGURES: [(&str, Draw); 2] = [\n    (\"a.svg\", a::figure),\n    (\n        \"b-c.svg\",\n        b::derivatives_figure,\n    ),\n];\n";
        assert_eq!(
            super::table(lib).unwrap(),
            [
                ("a.svg".to_string(), "a::figure".to_string()),
                ("b-c.svg".to_string(), "b::derivatives_figure".to_string())
            ]
        );
        assert!(super::table("nada").is_err());
    }
}
