//! The student crate (`exercises/`) and the reference crate (`solutions/`)
//! must expose exactly the same public items with the same signatures: the
//! grader compiles a student's chapter file where the reference one was, so a
//! drifted signature would break grading.
//!
//! The check reads the source files as text, so it needs no extra
//! dependencies: a small tokenizer drops comments and whitespace, and the
//! public items (`pub fn` signatures, `pub struct` with their `pub` fields,
//! `pub enum`, `pub const`, `pub static`, `pub type`, `pub use`, `pub mod`,
//! `pub trait`) are rebuilt from the tokens in one canonical spelling.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

/// Splits Rust source into tokens, dropping whitespace and comments.
///
/// Identifiers, keywords, numbers and lifetimes are "words"; string and char
/// literals are kept verbatim; every other character is a one-character
/// punctuation token. That is all the item extractor needs.
fn tokenize(src: &str) -> Vec<String> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            tokens.push(chars[i..end].iter().collect());
            i = end;
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            let start = i;
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            tokens.push(chars[start..i].iter().collect());
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A char literal ('x' or '\n'); otherwise `'` starts a lifetime.
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            tokens.push(chars[start..i].iter().collect());
        } else if is_word_char(c) || c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else {
            tokens.push(c.to_string());
            i += 1;
        }
    }
    tokens
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// If a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) starts at `i`, the
/// index just past its end.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut k = i;
    if chars.get(k) == Some(&'b') {
        k += 1;
    }
    if chars.get(k) != Some(&'r') {
        return None;
    }
    // Must not be the tail of an identifier such as `bar"`.
    if i > 0 && is_word_char(chars[i - 1]) {
        return None;
    }
    k += 1;
    let hashes = chars[k..].iter().take_while(|&&c| c == '#').count();
    k += hashes;
    if chars.get(k) != Some(&'"') {
        return None;
    }
    k += 1;
    while k < chars.len() {
        if chars[k] == '"' && chars[k + 1..].iter().take_while(|&&c| c == '#').count() >= hashes {
            return Some(k + 1 + hashes);
        }
        k += 1;
    }
    Some(chars.len())
}

fn is_word(token: &str) -> bool {
    token.starts_with(|c: char| is_word_char(c) || c == '\'')
}

// ---------------------------------------------------------------------------
// Canonical spelling
// ---------------------------------------------------------------------------

/// Joins tokens in one canonical spelling, so that two declarations that
/// differ only in layout (line breaks, indentation, a trailing comma, a
/// `mut` on a parameter binding) read the same:
/// `pub fn f(a: f64, b: &[f64]) -> Vec<f64>`.
fn canonical(tokens: &[String]) -> String {
    // Drop trailing commas and `mut` bindings of parameters first.
    let mut kept: Vec<&str> = Vec::with_capacity(tokens.len());
    for (k, token) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1).map(String::as_str);
        if token == "," && matches!(next, Some(")" | "]" | "}" | ">")) {
            continue;
        }
        if token == "mut" && matches!(kept.last(), Some(&"(" | &",")) {
            continue;
        }
        kept.push(token);
    }
    let mut out = String::new();
    for (k, token) in kept.iter().enumerate() {
        let prev = if k > 0 { kept[k - 1] } else { "" };
        let next = kept.get(k + 1).copied().unwrap_or("");
        let (before, after) = match *token {
            "," | ";" => ("", " "),
            ":" if prev != ":" && next != ":" => ("", " "),
            "-" if next == ">" => (" ", ""),
            ">" if prev == "-" => ("", " "),
            "=" if !matches!(prev, "=" | "!" | "<" | ">") && !matches!(next, "=" | ">") => {
                (" ", " ")
            }
            "{" => (" ", " "),
            "}" => (" ", ""),
            _ if is_word(prev) && is_word(token) => (" ", ""),
            _ => ("", ""),
        };
        if !out.is_empty() && !out.ends_with(' ') {
            out.push_str(before);
        }
        out.push_str(token);
        out.push_str(after);
    }
    out.trim_end().to_string()
}

// ---------------------------------------------------------------------------
// Item extraction
// ---------------------------------------------------------------------------

/// Qualifiers that may stand between `pub` and `fn`.
const FN_QUALIFIERS: [&str; 4] = ["const", "async", "unsafe", "extern"];

/// Index of the token that closes the bracket opened at `open`.
fn matching_close(tokens: &[String], open: usize) -> usize {
    let mut depth = 0i32;
    for (k, token) in tokens.iter().enumerate().skip(open) {
        match token.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    tokens.len().saturating_sub(1)
}

/// Index of the first token in `stops` at bracket depth 0, from `start`.
fn find_at_depth_zero(tokens: &[String], start: usize, stops: &[&str]) -> usize {
    let mut depth = 0i32;
    for (k, token) in tokens.iter().enumerate().skip(start) {
        if depth == 0 && stops.contains(&token.as_str()) {
            return k;
        }
        match token.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth -= 1,
            _ => {}
        }
    }
    tokens.len()
}

/// Splits the tokens of a `{ … }` struct body into fields, at commas outside
/// every bracket (including the `<…>` of generic types).
fn split_fields(body: &[String]) -> Vec<&[String]> {
    let mut fields = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (k, token) in body.iter().enumerate() {
        let after_dash = k > 0 && body[k - 1] == "-";
        match token.as_str() {
            "(" | "[" | "{" | "<" => depth += 1,
            ">" if after_dash => {}
            ")" | "]" | "}" | ">" => depth -= 1,
            "," if depth == 0 => {
                fields.push(&body[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    if start < body.len() {
        fields.push(&body[start..]);
    }
    fields
}

/// Drops leading attributes (`#[…]`) from a token slice.
fn without_attributes(mut tokens: &[String]) -> &[String] {
    while tokens.len() >= 2 && tokens[0] == "#" && tokens[1] == "[" {
        let close = matching_close(tokens, 1);
        tokens = &tokens[close + 1..];
    }
    tokens
}

/// The public items of one Rust source file, each in canonical spelling.
///
/// A `pub struct` with named fields is one item that lists only its `pub`
/// fields; `#[derive(…)]` attributes of structs and enums are part of the
/// item (they are part of the API: `Clone`, `PartialEq`, …). Items restricted
/// with `pub(crate)`/`pub(super)` are not public and are left out.
fn public_items(src: &str) -> BTreeSet<String> {
    let tokens = tokenize(src);
    let mut items = BTreeSet::new();
    let mut derives: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i].as_str();
        if token == "#" && tokens.get(i + 1).is_some_and(|t| t == "[") {
            let close = matching_close(&tokens, i + 1);
            if tokens.get(i + 2).is_some_and(|t| t == "derive") {
                derives.push(canonical(&tokens[i..=close]));
            }
            i = close + 1;
            continue;
        }
        if token != "pub" {
            derives.clear();
            i += 1;
            continue;
        }
        if tokens.get(i + 1).is_some_and(|t| t == "(") {
            // pub(crate), pub(super), pub(in …): not part of the public API.
            i = matching_close(&tokens, i + 1) + 1;
            derives.clear();
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && (FN_QUALIFIERS.contains(&tokens[j].as_str()) || tokens[j].starts_with('"'))
            && tokens.get(j + 1).is_some_and(|next| {
                next == "fn" || next.starts_with('"') || FN_QUALIFIERS.contains(&next.as_str())
            })
        {
            j += 1;
        }
        let kind = tokens.get(j).map(String::as_str).unwrap_or("");
        let attrs = std::mem::take(&mut derives);
        let with_attrs = |item: String| {
            if attrs.is_empty() {
                item
            } else {
                format!("{} {item}", attrs.join(" "))
            }
        };
        match kind {
            "fn" | "trait" | "impl" => {
                let end = find_at_depth_zero(&tokens, j, &["{", ";"]);
                items.insert(canonical(&tokens[i..end]));
                i = end;
            }
            "mod" => {
                let end = find_at_depth_zero(&tokens, j, &["{", ";"]);
                items.insert(canonical(&tokens[i..end]));
                i = end + 1;
            }
            "struct" | "union" => {
                let end = find_at_depth_zero(&tokens, j, &["{", ";"]);
                if tokens.get(end).is_some_and(|t| t == "{") {
                    let close = matching_close(&tokens, end);
                    let fields: Vec<String> = split_fields(&tokens[end + 1..close])
                        .into_iter()
                        .map(without_attributes)
                        .filter(|f| {
                            f.first().is_some_and(|t| t == "pub")
                                && f.get(1).is_none_or(|t| t != "(")
                        })
                        .map(canonical)
                        .collect();
                    let header = canonical(&tokens[i..end]);
                    items.insert(with_attrs(format!("{header} {{ {} }}", fields.join(", "))));
                    i = close + 1;
                } else {
                    // Tuple or unit struct: the whole declaration.
                    items.insert(with_attrs(canonical(&tokens[i..end])));
                    i = end + 1;
                }
            }
            "enum" => {
                let open = find_at_depth_zero(&tokens, j, &["{"]);
                let close = matching_close(&tokens, open);
                let end = (close + 1).min(tokens.len());
                items.insert(with_attrs(canonical(&tokens[i..end])));
                i = end;
            }
            "const" | "static" | "type" | "use" => {
                let end = find_at_depth_zero(&tokens, j, &[";"]);
                items.insert(canonical(&tokens[i..end]));
                i = end + 1;
            }
            // A `pub` field outside a struct we parsed, or something unknown.
            _ => i += 1,
        }
    }
    items
}

// ---------------------------------------------------------------------------
// Comparing the two crates
// ---------------------------------------------------------------------------

/// A readable description of how two sets of items differ, or `None`.
fn describe_difference(
    file: &str,
    exercises: &BTreeSet<String>,
    solutions: &BTreeSet<String>,
) -> Option<String> {
    let missing: Vec<&String> = exercises.difference(solutions).collect();
    let extra: Vec<&String> = solutions.difference(exercises).collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let mut report = format!("{file}:\n");
    for item in missing {
        report.push_str(&format!("  - only in exercises: {item}\n"));
    }
    for item in extra {
        report.push_str(&format!("  + only in solutions: {item}\n"));
    }
    Some(report)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the workspace")
        .to_path_buf()
}

/// The names of the `.rs` files directly inside `dir`.
fn rust_files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".rs"))
        .collect()
}

#[test]
fn exercises_and_solutions_expose_the_same_public_items() {
    let root = workspace_root();
    let exercises_dir = root.join("exercises/src");
    let solutions_dir = root.join("solutions/src");
    let exercise_files = rust_files(&exercises_dir);
    let solution_files = rust_files(&solutions_dir);
    let mut problems = Vec::new();

    for name in exercise_files.difference(&solution_files) {
        problems.push(format!(
            "{name}: in exercises/src but not in solutions/src\n"
        ));
    }
    for name in solution_files.difference(&exercise_files) {
        problems.push(format!(
            "{name}: in solutions/src but not in exercises/src\n"
        ));
    }
    for name in exercise_files.intersection(&solution_files) {
        let read = |dir: &Path| {
            let path = dir.join(name);
            fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        };
        let exercises = public_items(&read(&exercises_dir));
        let solutions = public_items(&read(&solutions_dir));
        if let Some(report) = describe_difference(name, &exercises, &solutions) {
            problems.push(report);
        }
    }

    assert!(
        problems.is_empty(),
        "exercises/src and solutions/src must expose the same public API:\n\n{}",
        problems.concat()
    );
    assert!(
        exercise_files.contains("perceptron.rs"),
        "no chapter files found in {}",
        exercises_dir.display()
    );
}

// ---------------------------------------------------------------------------
// Tests of the extractor itself
// ---------------------------------------------------------------------------

const SAMPLE: &str = r#"
//! Module docs mention pub fn not_an_item() {}.
use ndarray::Array1;
pub use nncore::ShapeError;

/// Doc comment with `pub fn also_not_an_item(x: f64)`.
pub fn single(z: f64) -> f64 {
    let s = "pub fn inside_a_string() {";
    let c = '{';
    z
}

pub fn multi_line(
    w: &[f64],
    x: &Array1<f64>,
    cb: &dyn Fn(&[f64]) -> f64,
) -> Result<Vec<(usize, usize)>, ShapeError> {
    todo!()
}

fn private_helper() {}
pub(crate) fn crate_only() {}
/* pub fn in_a_block_comment() { /* nested */ } */

#[derive(Debug, Clone)]
pub struct Trace {
    /// Hidden.
    pub y1: f64,
    secret: u8,
    pub pairs: Vec<(usize, usize)>,
}

pub enum Kind { A, B(f64) }
pub const LIMIT: f64 = 1e-12;
pub type Sample = (Vec<f64>, f64);
"#;

#[test]
fn extractor_finds_exactly_the_public_items_of_a_sample() {
    let items = public_items(SAMPLE);
    let expected: BTreeSet<String> = [
        "pub use nncore::ShapeError",
        "pub fn single(z: f64) -> f64",
        "pub fn multi_line(w: &[f64], x: &Array1<f64>, cb: &dyn Fn(&[f64]) -> f64) \
         -> Result<Vec<(usize, usize)>, ShapeError>",
        "#[derive(Debug, Clone)] pub struct Trace { pub y1: f64, pub pairs: Vec<(usize, usize)> }",
        "pub enum Kind { A, B(f64) }",
        "pub const LIMIT: f64 = 1e-12",
        "pub type Sample = (Vec<f64>, f64)",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(items, expected);
}

#[test]
fn extractor_ignores_layout_trailing_commas_and_mut_bindings() {
    let one_line = public_items("pub fn f(a: usize, b: &mut Vec<f64>) -> usize { a }");
    let reformatted = public_items(
        "pub fn f(\n    mut a: usize,\n    b: &mut Vec<f64>,\n)\n    -> usize\n{\n    a\n}",
    );
    assert_eq!(one_line, reformatted);
    // `&mut` in a type is kept: it is part of the signature.
    assert!(
        one_line.iter().any(|s| s.contains("&mut Vec<f64>")),
        "{one_line:?}"
    );
}

#[test]
fn comparison_catches_a_changed_parameter_type() {
    let stub = public_items("pub fn sign(z: f64) -> f64 { todo!() }");
    let solution = public_items("pub fn sign(z: f32) -> f64 { 1.0 }");
    let report = describe_difference("perceptron.rs", &stub, &solution).expect("must differ");
    assert!(
        report.contains("only in exercises: pub fn sign(z: f64) -> f64"),
        "{report}"
    );
    assert!(
        report.contains("only in solutions: pub fn sign(z: f32) -> f64"),
        "{report}"
    );
}

#[test]
fn comparison_catches_a_missing_and_an_extra_function() {
    let stub = public_items("pub fn a() {}\npub fn b(x: f64) {}");
    let missing = public_items("pub fn a() {}");
    let extra = public_items("pub fn a() {}\npub fn b(x: f64) {}\npub fn c() {}");
    let report = describe_difference("x.rs", &stub, &missing).expect("b is missing");
    assert!(
        report.contains("- only in exercises: pub fn b(x: f64)"),
        "{report}"
    );
    let report = describe_difference("x.rs", &stub, &extra).expect("c is extra");
    assert!(
        report.contains("+ only in solutions: pub fn c()"),
        "{report}"
    );
    // A private helper in the solution is fine.
    let with_helper = public_items("pub fn a() {}\npub fn b(x: f64) {}\nfn helper() {}");
    assert_eq!(describe_difference("x.rs", &stub, &with_helper), None);
}

#[test]
fn comparison_catches_changed_struct_fields_and_derives() {
    let stub = public_items("#[derive(Debug)]\npub struct S { pub a: f64, b: f64 }");
    let private_changed = public_items("#[derive(Debug)]\npub struct S { pub a: f64, c: u8 }");
    assert_eq!(describe_difference("s.rs", &stub, &private_changed), None);
    let field_renamed = public_items("#[derive(Debug)]\npub struct S { pub z: f64, b: f64 }");
    assert!(describe_difference("s.rs", &stub, &field_renamed).is_some());
    let derive_dropped = public_items("pub struct S { pub a: f64, b: f64 }");
    assert!(describe_difference("s.rs", &stub, &derive_dropped).is_some());
}
