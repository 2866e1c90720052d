//! Each chapter is one file. A chapter file that makes the compiler read
//! anything else (`#[path]`, `mod name;`, `include!`, `include_str!`,
//! `include_bytes!`) could pull the reference solutions into the student's
//! harness, and one that reads the environment (`env!`, `option_env!`)
//! could copy the grader's secrets into it; both are refused before
//! building. The scan works on tokens, so comments and string literals
//! never count, and it also refuses the indirect spellings (a renamed
//! import of one of those macros, a macro that calls a macro passed to it
//! by name). After the build, [`check_dep_info`] confirms from cargo's own
//! list of the files the compiler read that nothing else came in.

use std::path::{Path, PathBuf};

/// Why a chapter file was refused, with the place of the first offending
/// construct.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Refusal {
    /// What was used, as the student wrote it: `#[path]`, `include_str!`,
    /// `mod tablas;`, a file name...
    pub construct: String,
    pub line: usize,
    pub column: usize,
    /// The sentence a student reads, in Spanish.
    pub message: String,
}

impl Refusal {
    fn new(construct: String, line: usize, column: usize, reads: Reads) -> Self {
        let place = if line == 0 {
            format!("`{construct}`")
        } else {
            format!("`{construct}`, línea {line}")
        };
        let message = match reads {
            Reads::File => {
                format!("usa otro archivo ({place}): cada capítulo tiene que ser un solo archivo")
            }
            Reads::Environment => format!(
                "lee el entorno al compilar ({place}): cada capítulo tiene que ser un solo archivo, sin nada de afuera"
            ),
            Reads::Indirect => format!(
                "llama a una macro que recibe por nombre ({place}): así se podría leer otro archivo, y cada capítulo tiene que ser un solo archivo"
            ),
        };
        Self {
            construct,
            line,
            column,
            message,
        }
    }

    /// A chapter file that is a symbolic link to another file.
    pub fn symlink(target: &Path) -> Self {
        let construct = format!("enlace simbólico a {}", target.display());
        Self {
            message: format!(
                "es un enlace simbólico a otro archivo ({}): cada capítulo tiene que ser un archivo de verdad, con tu código",
                target.display()
            ),
            construct,
            line: 0,
            column: 0,
        }
    }

    /// A file the compiler read that is not the chapter file.
    pub fn read_at_build(file: &Path) -> Self {
        Self::new(file.display().to_string(), 0, 0, Reads::File)
    }
}

#[derive(Clone, Copy)]
enum Reads {
    File,
    Environment,
    Indirect,
}

/// Macros that read a file (or the environment) while compiling.
const FILE_MACROS: [&str; 3] = ["include", "include_str", "include_bytes"];
const ENV_MACROS: [&str; 2] = ["env", "option_env"];
/// Names too specific to mean anything else: any mention is refused, which
/// also catches `use std::include_str as leer;`.
const NEVER_MENTIONED: [&str; 3] = ["include_str", "include_bytes", "option_env"];

/// The first construct of `source` that reads something outside the file.
pub fn check(source: &str) -> Option<Refusal> {
    let tokens = tokenize(source);
    let ident = |i: usize| match tokens.get(i) {
        Some(Token {
            kind: Kind::Ident(name),
            ..
        }) => Some(name.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| matches!(tokens.get(i), Some(Token { kind: Kind::Punct(p), .. }) if *p == c);
    let refuse = |i: usize, construct: String, reads: Reads| {
        let t = &tokens[i];
        Some(Refusal::new(construct, t.line, t.column, reads))
    };
    // Names given with `as` to one of the macros above.
    let mut aliases: Vec<(String, Reads)> = Vec::new();
    let mut attribute_depth: Option<usize> = None;
    let mut bracket_depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match &token.kind {
            Kind::Punct('#') => {
                let open = if punct(i + 1, '!') { i + 2 } else { i + 1 };
                if punct(open, '[') && attribute_depth.is_none() {
                    attribute_depth = Some(bracket_depth);
                }
            }
            Kind::Punct('[') => bracket_depth += 1,
            Kind::Punct(']') => {
                bracket_depth = bracket_depth.saturating_sub(1);
                if attribute_depth == Some(bracket_depth) {
                    attribute_depth = None;
                }
            }
            Kind::Ident(name) => {
                let name = name.as_str();
                let invoked = punct(i + 1, '!')
                    && (punct(i + 2, '(') || punct(i + 2, '[') || punct(i + 2, '{'));
                if attribute_depth.is_some() && name == "path" && punct(i + 1, '=') {
                    return refuse(i, "#[path]".into(), Reads::File);
                }
                if name == "mod"
                    && let Some(module) = ident(i + 1)
                    && punct(i + 2, ';')
                {
                    return refuse(i, format!("mod {module};"), Reads::File);
                }
                if invoked && FILE_MACROS.contains(&name) {
                    return refuse(i, format!("{name}!"), Reads::File);
                }
                if invoked && ENV_MACROS.contains(&name) {
                    return refuse(i, format!("{name}!"), Reads::Environment);
                }
                if NEVER_MENTIONED.contains(&name) {
                    let reads = if name == "option_env" {
                        Reads::Environment
                    } else {
                        Reads::File
                    };
                    return refuse(i, name.to_string(), reads);
                }
                // `include as x` / `env as x`: remember x.
                if (name == "include" || name == "env")
                    && ident(i + 1) == Some("as")
                    && let Some(alias) = ident(i + 2)
                {
                    let reads = if name == "env" {
                        Reads::Environment
                    } else {
                        Reads::File
                    };
                    aliases.push((alias.to_string(), reads));
                }
                if invoked && let Some((_, reads)) = aliases.iter().find(|(a, _)| a == name) {
                    return refuse(i, format!("{name}!"), *reads);
                }
            }
            // `$name!(...)` in a macro: calls whatever macro it was given.
            Kind::Punct('$') if ident(i + 1).is_some() && punct(i + 2, '!') => {
                let name = ident(i + 1).unwrap_or_default();
                return refuse(i, format!("${name}!"), Reads::Indirect);
            }
            _ => {}
        }
    }
    None
}

/// The tokens of `source` as text, comments left out: a name as itself
/// (`r#name` as `name`), a punctuation mark as its character, a literal or a
/// lifetime as `""`.
pub fn words(source: &str) -> Vec<String> {
    tokenize(source)
        .into_iter()
        .map(|t| match t.kind {
            Kind::Ident(name) => name,
            Kind::Punct(c) => c.to_string(),
            Kind::Other => String::new(),
        })
        .collect()
}

/// Checks the dependency list cargo wrote next to a harness binary (`<exe>.d`):
/// every source file the compiler read must be one of `allowed` or lie under
/// one of `allowed_dirs`. Returns the first other file.
pub fn check_dep_info(
    dep_info: &str,
    allowed: &[PathBuf],
    allowed_dirs: &[PathBuf],
) -> Option<PathBuf> {
    let first = dep_info.lines().next()?;
    let (_, deps) = first.split_once(": ")?;
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let allowed: Vec<PathBuf> = allowed.iter().map(|p| canonical(p)).collect();
    let allowed_dirs: Vec<PathBuf> = allowed_dirs.iter().map(|p| canonical(p)).collect();
    // Relative entries (a `build.dep-info-basedir` setting) cannot be told
    // apart from the harness's own files: only absolute ones are checked.
    split_escaped(deps)
        .into_iter()
        .map(PathBuf::from)
        .filter(|dep| dep.is_absolute())
        .find(|dep| {
            let dep = canonical(dep);
            !(allowed.contains(&dep) || allowed_dirs.iter().any(|d| dep.starts_with(d)))
        })
}

/// Splits a make-style dependency list on spaces, keeping `\ ` inside names.
fn split_escaped(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = list.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            ' ' => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Ident(String),
    Punct(char),
    /// Strings, characters, numbers and lifetimes: never names.
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    line: usize,
    column: usize,
}

/// Just enough of Rust's lexical grammar to tell names from comments and
/// literals.
fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut column) = (0usize, 1usize, 1usize);
    // Advances over chars[i..end], keeping line and column.
    let advance = |i: &mut usize, end: usize, line: &mut usize, column: &mut usize| {
        while *i < end.min(chars.len()) {
            if chars[*i] == '\n' {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let at = |k: usize| chars.get(i + k).copied();
        let end = if c.is_whitespace() {
            i + 1
        } else if c == '/' && at(1) == Some('/') {
            (i..chars.len())
                .find(|&k| chars[k] == '\n')
                .unwrap_or(chars.len())
        } else if c == '/' && at(1) == Some('*') {
            block_comment_end(&chars, i)
        } else if let Some(end) = string_end(&chars, i) {
            tokens.push(Token {
                kind: Kind::Other,
                line,
                column,
            });
            end
        } else if c == '\'' {
            tokens.push(Token {
                kind: Kind::Other,
                line,
                column,
            });
            quote_end(&chars, i)
        } else if c.is_ascii_digit() {
            tokens.push(Token {
                kind: Kind::Other,
                line,
                column,
            });
            number_end(&chars, i)
        } else if is_ident_start(c) {
            // `r#name` is the name `name`.
            let name_start = if c == 'r' && at(1) == Some('#') && at(2).is_some_and(is_ident_start)
            {
                i + 2
            } else {
                i
            };
            let end = (name_start..chars.len())
                .find(|&k| !is_ident_continue(chars[k]))
                .unwrap_or(chars.len());
            let name: String = chars[name_start..end].iter().collect();
            tokens.push(Token {
                kind: Kind::Ident(name),
                line,
                column,
            });
            end
        } else {
            tokens.push(Token {
                kind: Kind::Punct(c),
                line,
                column,
            });
            i + 1
        };
        let end = end.max(i + 1);
        advance(&mut i, end, &mut line, &mut column);
    }
    tokens
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn block_comment_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0usize;
    let mut k = start;
    while k < chars.len() {
        if chars[k] == '/' && chars.get(k + 1) == Some(&'*') {
            depth += 1;
            k += 2;
        } else if chars[k] == '*' && chars.get(k + 1) == Some(&'/') {
            depth -= 1;
            k += 2;
            if depth == 0 {
                return k;
            }
        } else {
            k += 1;
        }
    }
    chars.len()
}

/// The end of a string literal starting at `start` (`"…"`, `b"…"`, `c"…"`,
/// `r#"…"#`, `br"…"`, `cr"…"`, and `b'…'`), or None if none starts there.
fn string_end(chars: &[char], start: usize) -> Option<usize> {
    let mut k = start;
    // Prefixes.
    if matches!(chars.get(k), Some('b' | 'c')) {
        k += 1;
    }
    if chars.get(start) == Some(&'b') && chars.get(k) == Some(&'\'') {
        return Some(quote_end(chars, k));
    }
    let raw = chars.get(k) == Some(&'r');
    if raw {
        k += 1;
    }
    let hashes = chars[k.min(chars.len())..]
        .iter()
        .take_while(|&&c| c == '#')
        .count();
    if !raw && hashes > 0 {
        return None;
    }
    k += hashes;
    if chars.get(k) != Some(&'"') {
        return None;
    }
    k += 1;
    while k < chars.len() {
        match chars[k] {
            '\\' if !raw => k += 2,
            '"' => {
                let closing = chars[k + 1..].iter().take_while(|&&c| c == '#').count();
                if closing >= hashes {
                    return Some(k + 1 + hashes);
                }
                k += 1;
            }
            _ => k += 1,
        }
    }
    Some(chars.len())
}

/// The end of a character literal (`'a'`, `'\n'`, `'\u{41}'`) or of a
/// lifetime or label (`'a`) starting at the quote `start`.
fn quote_end(chars: &[char], start: usize) -> usize {
    let k = start + 1;
    match chars.get(k) {
        Some('\\') => {
            let mut j = k + 2;
            while j < chars.len() && chars[j] != '\'' && chars[j] != '\n' {
                j += 1;
            }
            (j + 1).min(chars.len())
        }
        Some(_) if chars.get(k + 1) == Some(&'\'') => k + 2,
        _ => (k..chars.len())
            .find(|&j| !is_ident_continue(chars[j]))
            .unwrap_or(chars.len()),
    }
}

fn number_end(chars: &[char], start: usize) -> usize {
    let mut k = start;
    loop {
        while k < chars.len() && is_ident_continue(chars[k]) {
            k += 1;
        }
        // A decimal point followed by a digit belongs to the number; `1..2`
        // and `t.0.name` do not.
        if chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
            k += 1;
        } else {
            return k;
        }
    }
}

#[cfg(test)]
mod tests;
