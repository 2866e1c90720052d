//! The generator on small solution files: what a stub keeps and drops, what
//! a dispatch calls, which markers it refuses, and what the student-file
//! check lets through.

use xtask::chapter::Chapter;
use xtask::conformance::differences;
use xtask::{dispatch, stub};

const SOLUTION: &str = r#"//! # Capítulo de prueba
//!
//! Reemplazá cada `todo!()`.

use ndarray::{Array1, Array2, s};
use nncore::Rng;

/// How far from 0 the helper clips.
const CLIP: f64 = 1e-12;

/// Ya resuelta: no es un ejercicio.
pub fn given(z: f64) -> f64 {
    z.max(CLIP)
}

/// Resultado.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Primero.
    pub first: Array1<f64>,
    /// Segundo.
    pub second: usize,
}

/// Suma.
///
/// Libro: «Prueba».
// exercise
pub fn add(a: &[f64], b: f64) -> f64 {
    // The sum of a, plus b.
    helper(a) + b
}

// exercise: output (w, b)
/// Un paso.
pub fn step(w: &[f64], b: f64) -> (Vec<f64>, f64) {
    (w.to_vec(), b)
}

/// Dos formas.
// exercise
pub fn shapes(m: &Array2<f64>, pair: &Pair) -> Pair {
    let _ = m.slice(s![0..1, ..]);
    pair.clone()
}

/// Only the solution's helper uses this.
const START: f64 = 0.0;

// Sums a slice (a solution helper).
fn helper(a: &[f64]) -> f64 {
    a.iter().fold(START, |acc, x| acc + x)
}
"#;

fn chapter(source: &str) -> Chapter {
    Chapter::parse("prueba", source).expect("the test solution parses")
}

fn error_of(source: &str) -> String {
    match Chapter::parse("prueba", source) {
        Ok(_) => panic!("the solution was accepted"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn a_stub_keeps_docs_types_and_given_helpers_and_drops_the_solution() {
    let stub = stub::generate(&chapter(SOLUTION)).unwrap();
    assert!(stub.starts_with(&stub::header("prueba")), "{stub}");
    for kept in [
        "//! # Capítulo de prueba\n//!\n//! Reemplazá cada `todo!()`.\n",
        "/// Ya resuelta: no es un ejercicio.\npub fn given(z: f64) -> f64 {\n    z.max(CLIP)\n}",
        "pub struct Pair {\n    /// Primero.\n    pub first: Array1<f64>,",
        "/// Suma.\n///\n/// Libro: «Prueba».\npub fn add(a: &[f64], b: f64) -> f64 {\n    todo!(\"add\")\n}\n",
        "/// Un paso.\npub fn step(w: &[f64], b: f64) -> (Vec<f64>, f64) {\n    todo!(\"step\")\n}\n",
        // Private, but a given helper uses it.
        "/// How far from 0 the helper clips.\nconst CLIP: f64 = 1e-12;\n",
    ] {
        assert!(stub.contains(kept), "the stub lost {kept:?}:\n{stub}");
    }
    for dropped in [
        "// exercise",
        "fn helper",
        "The sum of a",
        "Sums a slice",
        "START",
        "s![",
        // Nothing the student gets uses it.
        "nncore",
    ] {
        assert!(
            !stub.contains(dropped),
            "the stub kept {dropped:?}:\n{stub}"
        );
    }
    // `Array2` stays (a signature uses it), `s` goes (only a body used it).
    assert!(stub.contains("use ndarray::{Array1, Array2};\n"), "{stub}");
    assert!(
        !stub.contains("\n\n\n"),
        "two blank lines in a row:\n{stub}"
    );
}

#[test]
fn a_stub_is_its_own_stub() {
    let solution = chapter(SOLUTION);
    let stub = stub::generate(&solution).unwrap();
    let names: Vec<String> = solution.exercises.iter().map(|e| e.name.clone()).collect();
    assert_eq!(differences(&stub, &stub, &names), Vec::<String>::new());
}

#[test]
fn the_dispatch_decodes_by_name_and_encodes_named_tuples_and_structs() {
    let dispatch = dispatch::generate(&chapter(SOLUTION), None).unwrap();
    for expected in [
        "        \"add\" => student::add(\n            &arg::<Vec<f64>>(input, \"a\")?,\n            arg::<f64>(input, \"b\")?,\n        )\n        .encode(),",
        "let (w, b) = student::step(",
        "object(vec![(\"w\", w.encode()), (\"b\", b.encode())])",
        "&arg::<Array2<f64>>(input, \"m\")?,\n",
        "&arg::<student::Pair>(input, \"pair\")?,\n",
        "impl Encode for student::Pair {",
        "impl Decode for student::Pair {",
        "first: arg(value, \"first\")?,",
        "use ndarray::Array2;\n",
        "el corrector no conoce el ejercicio prueba::{id}",
    ] {
        assert!(
            dispatch.contains(expected),
            "no {expected:?} in:\n{dispatch}"
        );
    }
    assert!(!dispatch.contains("given"), "{dispatch}");
    assert!(!dispatch.contains("use nncore::Rng"), "{dispatch}");
    assert!(!dispatch.contains("by_hand"), "{dispatch}");
}

#[test]
fn a_closure_or_mut_parameter_asks_for_a_hand_written_call() {
    let source = "/// Gradiente.\n// exercise\npub fn grad(f: &dyn Fn(&[f64]) -> f64, p: &[f64]) -> Vec<f64> {\n    vec![f(p)]\n}\n\
                  /// Dropout.\n// exercise\npub fn drop(a: &[f64], rng: &mut Rng) -> Vec<f64> {\n    a.to_vec()\n}\n";
    let solution = chapter(source);
    let error = format!("{:#}", dispatch::generate(&solution, None).unwrap_err());
    assert!(error.contains("grad, drop"), "{error}");
    assert!(
        error.contains("pub fn call_grad(input: &Value) -> Result<Value, String>"),
        "{error}"
    );

    let half = "pub fn call_grad(input: &Value) -> Result<Value, String> { todo!() }";
    let error = format!(
        "{:#}",
        dispatch::generate(&solution, Some(half)).unwrap_err()
    );
    assert!(error.contains("prueba::drop"), "{error}");

    let both =
        format!("{half}\npub fn call_drop(input: &Value) -> Result<Value, String> {{ todo!() }}");
    let dispatch = dispatch::generate(&solution, Some(&both)).unwrap();
    assert!(
        dispatch.contains("\"grad\" => call_grad(input)?,"),
        "{dispatch}"
    );
    assert!(
        dispatch.contains("\"drop\" => call_drop(input)?,"),
        "{dispatch}"
    );
    assert!(
        dispatch.contains("include!(\"by_hand/prueba.rs\");"),
        "{dispatch}"
    );
}

#[test]
fn a_named_output_inside_a_vec_or_result_is_named_where_the_tuple_is() {
    let source = "// exercise: output (w, b)\npub fn shapes(n: usize) -> Vec<((usize, usize), usize)> {\n    vec![]\n}\n\
                  // exercise: output (w, b)\npub fn checked(n: usize) -> Result<(f64, f64), String> {\n    Ok((0.0, 0.0))\n}\n";
    let dispatch = dispatch::generate(&chapter(source), None).unwrap();
    assert!(
        dispatch.contains("Value::Array(output.into_iter().map(|(w, b)| object(vec![(\"w\", w.encode()), (\"b\", b.encode())])).collect())"),
        "{dispatch}"
    );
    assert!(
        dispatch.contains("result(output, |(w, b)| object("),
        "{dispatch}"
    );

    let wrong =
        "// exercise: output (w, b, c)\npub fn step(n: usize) -> (f64, f64) {\n    (0.0, 0.0)\n}\n";
    let error = format!(
        "{:#}",
        dispatch::generate(&chapter(wrong), None).unwrap_err()
    );
    assert!(error.contains("2 parts but its marker names 3"), "{error}");
    let none = "// exercise: output (w, b)\npub fn one(n: usize) -> f64 {\n    0.0\n}\n";
    let error = format!(
        "{:#}",
        dispatch::generate(&chapter(none), None).unwrap_err()
    );
    assert!(error.contains("holds no tuple"), "{error}");
}

#[test]
fn misplaced_or_misspelt_markers_are_refused_with_their_line() {
    let private = "// exercise\nfn hidden(x: f64) -> f64 {\n    x\n}\n";
    assert!(
        error_of(private).contains("not `pub`"),
        "{}",
        error_of(private)
    );

    let inside = "pub fn f(x: f64) -> f64 {\n    // exercise\n    x\n}\n";
    assert!(
        error_of(inside).contains("inside the body"),
        "{}",
        error_of(inside)
    );

    let on_a_struct = "// exercise\npub struct S {\n    pub x: f64,\n}\n";
    assert!(
        error_of(on_a_struct).contains("not followed by a free function"),
        "{}",
        error_of(on_a_struct)
    );

    let at_the_end = "pub fn f() {}\n// exercise\n";
    assert!(
        error_of(at_the_end).contains("not followed by a function"),
        "{}",
        error_of(at_the_end)
    );

    let misspelt = "// exercise: outputs (a, b)\npub fn f() -> (f64, f64) {\n    (0.0, 0.0)\n}\n";
    let error = error_of(misspelt);
    assert!(
        error.contains("line 1") && error.contains("output (name"),
        "{error}"
    );

    let twice = "// exercise\n// exercise\npub fn f() {}\n";
    assert!(error_of(twice).contains("twice"), "{}", error_of(twice));

    // A comment that merely starts with the word is not a marker.
    let prose = "// exercise caution here\npub fn f() {}\n";
    assert!(chapter(prose).exercises.is_empty());
}

#[test]
fn a_students_work_passes_the_api_check_and_a_changed_api_does_not() {
    let solution = chapter(SOLUTION);
    let names: Vec<String> = solution.exercises.iter().map(|e| e.name.clone()).collect();
    let stub = stub::generate(&solution).unwrap();

    // Bodies written, helpers, imports, tests and attributes added, reformatted.
    let solved = stub
        .replace("todo!(\"add\")", "mine(a) + b")
        .replace(
            "    todo!(\"step\")",
            "    // my notes\n    (w.iter().map(|x| x * 2.0).collect(), b)",
        )
        .replace(
            "pub fn shapes(",
            "#[allow(unused_variables)]\npub fn shapes(",
        )
        + "\nfn mine(a: &[f64]) -> f64 {\n    a.iter().sum()\n}\n\nuse std::fmt::Debug;\n\n#[cfg(test)]\nmod tests {}\n";
    assert_eq!(differences(&stub, &solved, &names), Vec::<String>::new());

    let changed_signature = stub.replace(
        "pub fn add(a: &[f64], b: f64)",
        "pub fn add(a: &[f32], b: f64)",
    );
    let problems = differences(&stub, &changed_signature, &names);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("function `add` changed") && problems[0].contains("f32"),
        "{problems:?}"
    );

    let changed_doc = stub.replace("/// Suma.", "/// Resta.");
    assert_eq!(differences(&stub, &changed_doc, &names).len(), 1);

    let changed_given = stub.replace("z.max(CLIP)", "z");
    let problems = differences(&stub, &changed_given, &names);
    assert!(
        problems[0].contains("function `given` changed (its doc comment"),
        "{problems:?}"
    );

    let changed_field = stub.replace("pub second: usize", "pub second: u32");
    assert!(differences(&stub, &changed_field, &names)[0].contains("struct `Pair`"));

    let removed = stub.replace("pub fn step(", "fn step(");
    assert!(differences(&stub, &removed, &names)[0].contains("function `step` is missing"));

    let changed_module_doc = stub.replace("//! # Capítulo de prueba", "//! # Otro");
    assert!(differences(&stub, &changed_module_doc, &names)[0].contains("module documentation"));

    let broken = stub.replace("pub fn add(", "pub fn add((");
    assert!(differences(&stub, &broken, &names)[0].contains("does not parse"));
}
