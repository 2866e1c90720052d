//! The rules a chapter file can break while still compiling with `cargo
//! build`, explained in Spanish above rustc's own text: using another
//! chapter (`crate::perceptron::…`), using a crate that is not one of the
//! grader's fixed dependencies (added to `exercises/Cargo.toml`), and
//! changing the signature of an exercise.

use crate::harness::CompileError;

/// The crates a chapter file may use (besides std).
const ALLOWED_CRATES: [&str; 2] = ["ndarray", "nncore"];

/// What the student sees the grader as: the chapter's file and the others.
pub struct Context<'a> {
    pub chapter: &'a str,
    pub chapters: &'a [&'a str],
    /// The student's chapter file.
    pub source: Option<&'a str>,
    /// The generated dispatch file the error is in, when it is there.
    pub dispatch: Option<&'a str>,
    /// The reference chapter file, with the original signatures.
    pub original: Option<&'a str>,
}

/// A Spanish explanation of the rule `error` comes from, if it is one.
pub fn explain(error: &CompileError, cx: &Context) -> Option<String> {
    if error.in_signature {
        return Some(signature(error, cx));
    }
    let names = quoted_names(&error.message);
    let source = cx.source.unwrap_or("");
    for name in &names {
        let Some(root) = name
            .split("::")
            .find(|s| *s != "crate" && *s != "super" && *s != "self")
        else {
            continue;
        };
        if (cx.chapters.contains(&root) && root != cx.chapter)
            || root == "exercises"
            || root == "solutions"
        {
            let path = if root == "exercises" || root == "solutions" {
                format!("{root}::")
            } else {
                format!("crate::{root}")
            };
            return Some(format!(
                "este capítulo usa `{path}`: con `cargo build` compila, porque exercises/ es un solo crate, \
                 pero el corrector compila cada capítulo solo y ahí `{root}` no existe. Cada capítulo tiene que \
                 ser independiente: copiá en este archivo lo que uses de otro (las funciones auxiliares también)."
            ));
        }
        let used = source.contains(&format!("{root}::")) || source.contains(&format!("use {root}"));
        let undeclared =
            error.message.contains("crate") || error.message.contains("unresolved import");
        if undeclared && used && !ALLOWED_CRATES.contains(&root) && !is_local(source, root) {
            return Some(format!(
                "`{root}` no es una de las dependencias que el corrector permite: agregarla a exercises/Cargo.toml \
                 no alcanza, porque el corrector compila cada capítulo sólo con std, ndarray y nncore. \
                 Resolvelo con ésas (para números aleatorios, `nncore::Rng`)."
            ));
        }
    }
    None
}

/// A module or item of the file itself with that name (then it is not a crate).
fn is_local(source: &str, name: &str) -> bool {
    [
        "mod ", "fn ", "struct ", "enum ", "const ", "static ", "type ",
    ]
    .iter()
    .any(|kw| source.contains(&format!("{kw}{name}")))
}

/// The names rustc quotes in backticks.
fn quoted_names(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A changed signature: which exercise, and the signature it must keep.
fn signature(error: &CompileError, cx: &Context) -> String {
    let id = cx.dispatch.and_then(|text| exercise_at(text, error.line));
    match id {
        Some(id) => {
            let expected = cx
                .original
                .and_then(|text| original_signature(text, &id))
                .map(|sig| format!(": tiene que quedar `{sig}`"))
                .unwrap_or_default();
            format!(
                "cambiaste la firma de `{id}` (el nombre, los parámetros, sus tipos o lo que devuelve), o ya no está{expected}. \
                 El corrector la llama como en el archivo original; si necesitás otra función, agregala con otro nombre."
            )
        }
        None => "El error está donde el corrector llama a tus funciones: ¿cambiaste la firma de alguna? \
                 Tiene que quedar igual que en el archivo original."
            .to_string(),
    }
}

/// The exercise whose call is at `line` (1-based) of a generated dispatch
/// file: the nearest `"<id>" =>` arm at or above it.
fn exercise_at(dispatch: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = dispatch.lines().collect();
    lines[..line.min(lines.len())].iter().rev().find_map(|l| {
        let l = l.trim_start();
        let rest = l.strip_prefix('"')?;
        let (id, after) = rest.split_once('"')?;
        after.trim_start().starts_with("=>").then(|| id.to_string())
    })
}

/// `pub fn name(…) -> …` as written in the reference file, on one line.
fn original_signature(text: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("pub fn {name}("))?;
    let end = start + text[start..].find('{')?;
    Some(
        text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(", )", ")"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(message: &str, in_signature: bool, line: usize) -> CompileError {
        CompileError {
            file: String::new(),
            line,
            column: 1,
            message: message.into(),
            rendered: String::new(),
            in_signature,
            rule: None,
        }
    }

    const CHAPTERS: [&str; 3] = ["perceptron", "xor", "backprop"];

    fn cx<'a>(
        source: &'a str,
        dispatch: Option<&'a str>,
        original: Option<&'a str>,
    ) -> Context<'a> {
        Context {
            chapter: "xor",
            chapters: &CHAPTERS,
            source: Some(source),
            dispatch,
            original,
        }
    }

    #[test]
    fn another_chapter_is_explained() {
        let e = error("unresolved import `crate::perceptron`", false, 3);
        let why = explain(&e, &cx("use crate::perceptron::sign;", None, None)).unwrap();
        assert!(
            why.contains("`crate::perceptron`") && why.contains("independiente"),
            "{why}"
        );
        let e = error(
            "failed to resolve: use of undeclared crate or module `exercises`",
            false,
            3,
        );
        let why = explain(&e, &cx("exercises::xor::sgn(1.0)", None, None)).unwrap();
        assert!(why.contains("`exercises::`"), "{why}");
    }

    #[test]
    fn a_dependency_added_to_the_manifest_is_explained() {
        for message in [
            "failed to resolve: use of undeclared crate or module `rand`",
            "cannot find module or crate `rand` in this scope",
            "unresolved import `rand`",
        ] {
            let e = error(message, false, 3);
            let why = explain(&e, &cx("let x = rand::random::<f64>();", None, None)).unwrap();
            assert!(
                why.contains("`rand`") && why.contains("exercises/Cargo.toml"),
                "{why}"
            );
        }
        // An ordinary mistake is left to rustc.
        let e = error("cannot find value `zz` in this scope", false, 3);
        assert_eq!(explain(&e, &cx("fn f() { zz }", None, None)), None);
    }

    #[test]
    fn a_changed_signature_names_the_function_and_the_original() {
        let dispatch = "match id {\n    \"or_neuron\" => student::or_neuron(\n        arg::<f64>(input, \"x1\")?,\n";
        let original =
            "/// doc\n// exercise\npub fn or_neuron(x1: f64, x2: f64) -> f64 {\n    1.0\n}\n";
        let e = error(
            "this function takes 1 argument but 2 arguments were supplied",
            true,
            3,
        );
        let why = explain(&e, &cx("", Some(dispatch), Some(original))).unwrap();
        assert!(why.contains("la firma de `or_neuron`"), "{why}");
        assert!(
            why.contains("`pub fn or_neuron(x1: f64, x2: f64) -> f64`"),
            "{why}"
        );
    }
}
