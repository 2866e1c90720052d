//! Helpers shared by the grader's integration tests: where the workspace
//! and the target directory are, copies of the workspace, and the edit of
//! one function in a chapter file. Each test file uses part of them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target directory the tests were built in.
pub fn target_dir() -> PathBuf {
    // <target>/debug/grader
    PathBuf::from(env!("CARGO_BIN_EXE_grader"))
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .to_path_buf()
}

/// `cp -a` of the workspace, without its target directory and `.git`.
pub fn copy_workspace(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(root()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if name == "target" || name == ".git" {
            continue;
        }
        let status = Command::new("cp")
            .arg("-a")
            .arg(&path)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success(), "cp -a {}", path.display());
    }
}

/// Replaces the whole `pub fn name(...) ... { ... }` item in `text`.
pub fn replace_fn(text: &str, name: &str, new_item: &str) -> String {
    let start = text
        .find(&format!("pub fn {name}("))
        .unwrap_or_else(|| panic!("no pub fn {name}"));
    let open = start + text[start..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let end = open + i + 1;
                    return format!("{}{new_item}{}", &text[..start], &text[end..]);
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced {name}");
}

/// Exercise `chapter::name` of a JSON report.
pub fn exercise<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    let (chapter, name) = id.split_once("::").unwrap();
    report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == chapter)
        .flat_map(|c| c["exercises"].as_array().unwrap())
        .find(|e| e["id"] == name)
        .unwrap_or_else(|| panic!("{id} not in the report"))
}
