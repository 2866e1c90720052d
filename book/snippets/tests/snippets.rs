//! Every Rust snippet of the book is a program in `src/bin/`; these tests run
//! each one and compare what it prints with the output block that follows it
//! in the book, and check that every ```rust block of the book is one of
//! these programs (or says why it is not tested).

use std::collections::BTreeSet;
use std::process::Command;

use book_snippets::{
    UNTESTED_MARKER, chapters, code_blocks, expected_output, included_snippet, normalize_output,
    snippet_files,
};

/// Declares one test per snippet program. Cargo builds the binaries before
/// the integration tests and tells us where through `CARGO_BIN_EXE_<name>`.
macro_rules! snippets {
    ($($name:ident),* $(,)?) => {
        const NAMES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check_snippet(stringify!($name), env!(concat!("CARGO_BIN_EXE_", stringify!($name))));
            }
        )*
    };
}

snippets! {
    convenciones,
    digito,
    perceptron_spam,
    perceptron_entrenamiento,
    perceptron_xor,
    xor_dos_capas,
    activaciones,
    costos,
    propagacion,
    imagen_entradas,
    vectorizacion,
    backprop_cuadratico,
    backprop_entropia,
    descenso,
    backprop_red,
    verificacion_gradiente,
    lentitud,
    minilotes,
    desvanecimiento,
    softmax,
    tasa_aprendizaje,
    momento,
    adam,
    dropout,
    ciclo_xor,
    convolucion,
    pooling,
    parametros,
    rnn,
}

fn check_snippet(name: &str, exe: &str) {
    let output = Command::new(exe)
        .output()
        .unwrap_or_else(|e| panic!("cannot run snippet `{name}` ({exe}): {e}"));
    assert!(
        output.status.success(),
        "snippet `{name}` failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let actual = normalize_output(&String::from_utf8(output.stdout).expect("UTF-8 output"));
    let (chapter, expected) = expected_output(&chapters(), name).unwrap_or_else(|e| panic!("{e}"));
    let expected = normalize_output(&expected);
    assert!(
        actual == expected,
        "the output of snippet `{name}` does not match the block in {chapter}\n\
         --- the book says:\n{expected}\n--- the program prints:\n{actual}\n---"
    );
}

#[test]
fn every_snippet_program_is_declared_and_included_exactly_once() {
    let files: BTreeSet<String> = snippet_files().into_iter().collect();
    let declared: BTreeSet<String> = NAMES.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        files, declared,
        "the programs in book/snippets/src/bin and the list in tests/snippets.rs differ"
    );

    let mut included = Vec::new();
    for chapter in chapters() {
        for block in code_blocks(&chapter.text) {
            if let Some(name) = included_snippet(&block.body) {
                included.push(name);
            }
        }
    }
    let unique: BTreeSet<String> = included.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        included.len(),
        "a snippet is included twice: {included:?}"
    );
    let missing: Vec<_> = files.difference(&unique).collect();
    assert!(
        missing.is_empty(),
        "snippets that no chapter includes: {missing:?}"
    );
    let unknown: Vec<_> = unique.difference(&files).collect();
    assert!(
        unknown.is_empty(),
        "chapters include snippets that do not exist: {unknown:?}"
    );
}

#[test]
fn every_rust_block_is_a_tested_snippet_or_says_why_not() {
    let mut problems = Vec::new();
    for chapter in chapters() {
        for block in code_blocks(&chapter.text) {
            if block.language() != "rust" {
                continue;
            }
            let ignored = block
                .info
                .split(',')
                .any(|a| matches!(a.trim(), "ignore" | "no_run"));
            let reason = block
                .comment
                .as_deref()
                .and_then(|c| c.strip_prefix(UNTESTED_MARKER))
                .map(str::trim)
                .unwrap_or_default();
            let tested = included_snippet(&block.body).is_some();
            let ok = match (tested, ignored) {
                (true, false) => true,
                (false, true) => !reason.is_empty(),
                _ => false,
            };
            if !ok {
                problems.push(format!(
                    "{}:{}: a ```rust block must be exactly one {{{{#include ../snippets/src/bin/<name>.rs}}}} \
                     (tested), or be marked `rust,ignore` and preceded by <!-- {UNTESTED_MARKER} <reason> -->",
                    chapter.file, block.line
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_output_block_belongs_to_a_snippet() {
    let files: BTreeSet<String> = snippet_files().into_iter().collect();
    let mut problems = Vec::new();
    for chapter in chapters() {
        for block in code_blocks(&chapter.text) {
            let Some(name) = block
                .comment
                .as_deref()
                .and_then(|c| c.strip_prefix(book_snippets::OUTPUT_MARKER))
            else {
                continue;
            };
            if !files.contains(name.trim()) {
                problems.push(format!(
                    "{}:{}: output of unknown snippet `{}`",
                    chapter.file,
                    block.line,
                    name.trim()
                ));
            }
            if block.language() != "text" {
                problems.push(format!(
                    "{}:{}: an output block must be ```text",
                    chapter.file, block.line
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
