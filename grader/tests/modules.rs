//! The grader's module graph, read from its sources: no import cycle
//! between modules (a module being a file, or a folder with everything
//! below it), and the engine never reaches into the course (`src/course/`),
//! which only `main.rs` lists. Paths are read after `crate::` and after
//! `super::` (resolved from the module the file is). Test code (`#[cfg(test)]` items and modules
//! declared only for tests) is left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The source root of the grader.
fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module of the crate: its path (`batch::slots`; `""` for the root)
/// and its file, without the modules declared only for tests.
fn modules() -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![(String::new(), src().join("main.rs"))];
    while let Some((path, file)) = stack.pop() {
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = if path.is_empty() || file.ends_with("mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        let lines: Vec<&str> = text.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            let line = line.trim();
            let Some(name) = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
            else {
                continue;
            };
            let attribute = k.checked_sub(1).map_or("", |p| lines[p].trim());
            if attribute.starts_with("#[cfg(") && attribute.contains("test") {
                continue;
            }
            let child = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}::{name}")
            };
            let file = if let Some(p) = attribute
                .strip_prefix("#[path = \"")
                .and_then(|a| a.strip_suffix("\"]"))
            {
                dir.join(p)
            } else if dir.join(format!("{name}.rs")).is_file() {
                dir.join(format!("{name}.rs"))
            } else {
                dir.join(name).join("mod.rs")
            };
            // A line of generated code in a string names no file.
            if file.is_file() {
                stack.push((child, file));
            }
        }
        found.insert(path, file);
    }
    found
}

/// The code of a file without comments, string and character literals,
/// and without what follows its first `#[cfg(test)]`.
fn code(text: &str) -> String {
    let cut = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    let text = &text[..cut];
    let mut out = String::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= bytes.len() {
                    break;
                }
                if bytes[j] == '"' && (0..hashes).all(|h| bytes.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (bytes.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('a', '\n', '\u{1b}'), not a lifetime.
            i += 1;
            while i < bytes.len() && bytes[i] != '\'' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Adds to `out` the paths `s` names below `prefix` (a path, or a group:
/// `{a, b::c}` gives `a` and `b::c`).
fn expand(s: &str, prefix: &str, out: &mut Vec<String>) {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(&group[start..k], prefix, out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&group[start..k], prefix, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let ident: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if ident.is_empty() || ident == "self" {
        if !prefix.is_empty() {
            out.push(prefix.to_string());
        }
        return;
    }
    let full = if prefix.is_empty() {
        ident.clone()
    } else {
        format!("{prefix}::{ident}")
    };
    match s[ident.len()..].strip_prefix("::") {
        Some(rest) => expand(rest, &full, out),
        None => out.push(full),
    }
}

/// Where each path that starts with `start` begins in `code` (after it):
/// not part of a longer name, nor the second `super` of `super::super`.
fn starts<'a>(code: &'a str, start: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(start).filter_map(move |(at, _)| {
        let before = &code[..at];
        let inside =
            before.ends_with(|c: char| c.is_alphanumeric() || c == '_') || before.ends_with("::");
        (!inside).then_some(at)
    })
}

/// The paths `code`, the code of `module`, names after `crate::`, and
/// after `super::` (once or more) resolved from `module`; groups expanded
/// (`crate::{a, b::c}` gives `a` and `b::c`).
fn crate_paths_in(code: &str, module: &str) -> Vec<String> {
    let mut out = Vec::new();
    for at in starts(code, "crate::") {
        expand(&code[at + "crate::".len()..], "", &mut out);
    }
    for at in starts(code, "super::") {
        let mut segments: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
        let mut rest = &code[at..];
        while let Some(after) = rest.strip_prefix("super::") {
            segments.pop();
            rest = after;
        }
        expand(rest, &segments.join("::"), &mut out);
    }
    out
}

/// Module → the modules it names, at the depth `depth` gives each path.
fn graph(depth: impl Fn(&str) -> String) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        for path in crate_paths_in(&code(&text), module) {
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len())
                .rev()
                .map(|k| segments[..k].join("::"))
                .find(|p| modules.contains_key(p))
                .unwrap_or_default();
            let (from, to) = (depth(module), depth(&target));
            if from != to {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    edges
}

/// A cycle of the graph, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut done, &mut Vec::new()))
}

fn named(module: &str) -> String {
    if module.is_empty() {
        "main.rs".into()
    } else {
        module.into()
    }
}

#[test]
fn the_reader_sees_every_kind_of_path() {
    let paths = crate_paths_in(
        &code(
            "use crate::a::{b, c::{d, e}};\n// crate::comment\nlet s = \"crate::string\";\nlet t = crate::f::g(x); notcrate::h; r#\"crate::raw\"#;\n#[cfg(test)]\nuse crate::test_only;",
        ),
        "",
    );
    assert_eq!(paths, ["a::b", "a::c::d", "a::c::e", "f::g"]);
    let relative = crate_paths_in(
        &code("use super::{tree::x, Policy};\nlet y = super::super::batch::y(); notsuper::z();"),
        "sandbox::linux",
    );
    assert_eq!(
        relative,
        ["sandbox::tree::x", "sandbox::Policy", "batch::y"]
    );
    assert!(modules().contains_key("course::generalization::xor_training"));
    assert!(!modules().contains_key("selfcheck"), "a test-only module");
    let looped: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(
        cycle(&looped),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}

#[test]
fn no_import_cycle_between_the_top_modules() {
    let edges = graph(|m| m.split("::").next().unwrap_or_default().to_string());
    if let Some(cycle) = cycle(&edges) {
        let names: Vec<String> = cycle.iter().map(|m| named(m)).collect();
        panic!("import cycle: {}", names.join(" → "));
    }
}

#[test]
fn no_import_cycle_between_files() {
    let edges = graph(str::to_string);
    if let Some(cycle) = cycle(&edges) {
        let names: Vec<String> = cycle.iter().map(|m| named(m)).collect();
        panic!("import cycle: {}", names.join(" → "));
    }
}

#[test]
fn the_engine_never_uses_the_course() {
    let edges = graph(str::to_string);
    let engine_users: Vec<&String> = edges
        .iter()
        .filter(|(from, to)| {
            !from.is_empty()
                && !from.starts_with("course")
                && to
                    .iter()
                    .any(|t| t == "course" || t.starts_with("course::"))
        })
        .map(|(from, _)| from)
        .collect();
    assert!(
        engine_users.is_empty(),
        "engine modules that use the course: {engine_users:?}"
    );
    // The graph is read: the course's own edges are there.
    assert!(
        edges.get("course").is_some_and(|to| to.contains("spec")),
        "{edges:?}"
    );
}
