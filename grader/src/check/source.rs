//! Reading chapter files as text, enough for the course check: where a
//! `pub fn`'s body is, whether the reference marks it as an exercise, and
//! whether a stub's body is still `todo!("<name>")`. (The generator in
//! `xtask` parses with syn; the grader keeps to a small scanner so its
//! default build stays light.)

use std::ops::Range;

/// A top-level-looking `pub fn` of a chapter file.
pub struct Function {
    pub name: String,
    /// Byte range of the body, braces excluded.
    pub body: Range<usize>,
    /// Whether the line above it (below its doc comment) is `// exercise…`.
    pub marked: bool,
}

/// Every `pub fn` of `text` whose body could be found, in order.
pub fn functions(text: &str) -> Vec<Function> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut previous: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("pub fn ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let start = offset + (line.len() - trimmed.len());
            if let Some(body) = body_after(text, start) {
                out.push(Function {
                    name,
                    body,
                    marked: previous
                        .is_some_and(|p| p == "// exercise" || p.starts_with("// exercise:")),
                });
            }
        }
        if !trimmed.trim().is_empty() {
            previous = Some(trimmed.trim());
        }
        offset += line.len();
    }
    out
}

/// The function called `name`, if `text` has one.
pub fn find<'a>(functions: &'a [Function], name: &str) -> Option<&'a Function> {
    functions.iter().find(|f| f.name == name)
}

/// Whether a body is exactly the stub `todo!("<name>")`.
pub fn is_stub(text: &str, function: &Function) -> bool {
    let body = text[function.body.clone()].trim();
    body == format!("todo!(\"{}\")", function.name)
}

/// Whether a body still has a `todo!` anywhere.
pub fn has_todo(text: &str, function: &Function) -> bool {
    text[function.body.clone()].contains("todo!(")
}

/// The body of the function whose signature starts at `start`: from the
/// first `{` after the signature to its matching `}`, skipping strings,
/// characters and comments.
fn body_after(text: &str, start: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let open = start + text[start..].find('{')?;
    // A `;` first means a declaration without a body.
    if text[start..open].contains(';') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + 1..i);
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += text[i..].find("*/").map_or(text.len() - i, |k| k + 1);
            }
            b'"' => i = skip_string(bytes, i),
            b'r' if bytes.get(i + 1) == Some(&b'"') || bytes.get(i + 1) == Some(&b'#') => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) == Some(&b'"')
                    && !bytes[..i]
                        .last()
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    let close = format!("\"{}", "#".repeat(hashes));
                    let from = i + 2 + hashes;
                    i = text[from..]
                        .find(&close)
                        .map_or(text.len(), |k| from + k + close.len() - 1);
                }
            }
            b'\'' => {
                // A character literal ('x', '\n', '{'), not a lifetime.
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += text[i + 2..].find('\'').map_or(0, |k| k + 2);
                } else if let Some(c) = text[i + 1..].chars().next()
                    && text[i + 1 + c.len_utf8()..].starts_with('\'')
                {
                    i += c.len_utf8() + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the closing quote of the string that opens at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// `text` with the body of every marked function replaced by
/// `todo!("<name>")`: the stub of a reference file, as far as the check
/// needs one (the tests build scratch courses with it).
#[cfg(test)]
pub fn stubbed(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in functions(text).iter().filter(|f| f.marked) {
        out.push_str(&text[last..f.body.start]);
        out.push_str(&format!("\n    todo!(\"{}\")\n", f.name));
        last = f.body.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"
/// Doc.
// exercise
pub fn f(x: &[f64], g: impl Fn(f64) -> f64) -> Result<Vec<f64>, String> {
    let s = "}{"; let c = '}'; let r = r#"}"#; // }
    /* } */ let l: &'static str = "a\"}";
    if s.is_empty() { return Err(format!("{c}{r}{l}")); }
    Ok(x.iter().map(|v| g(*v)).collect())
}

pub fn given(x: f64) -> f64 {
    x
}

// exercise: output (w, b)
pub fn h() -> (f64, f64) { todo!("h") }
"##;

    #[test]
    fn bodies_and_markers_are_found_past_braces_in_strings_and_comments() {
        let fs = functions(TEXT);
        let names: Vec<&str> = fs.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["f", "given", "h"]);
        assert!(TEXT[fs[0].body.clone()].trim_end().ends_with(".collect())"));
        assert_eq!(TEXT[fs[1].body.clone()].trim(), "x");
        assert_eq!(
            fs.iter().map(|f| f.marked).collect::<Vec<_>>(),
            [true, false, true]
        );
        assert!(!is_stub(TEXT, &fs[0]) && !has_todo(TEXT, &fs[0]));
        assert!(is_stub(TEXT, &fs[2]));
    }

    #[test]
    fn the_stub_of_a_reference_keeps_given_functions() {
        let stub = stubbed(TEXT);
        let fs = functions(&stub);
        assert!(is_stub(&stub, &fs[0]));
        assert_eq!(stub[fs[1].body.clone()].trim(), "x");
        assert!(is_stub(&stub, &fs[2]));
    }
}
