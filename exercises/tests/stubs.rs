//! The student crate must ship every exercise as a stub: each one panics with
//! `todo!()` ("not yet implemented") until the student writes it. This test
//! calls every exercise function of every chapter with small, plausible
//! inputs and reports, all at once and by name, the ones that do not.
//!
//! It also checks that the list below names every `pub fn` in
//! `exercises/src`, so a new exercise cannot be added without a stub check.

use std::any::Any;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use exercises::{activations, backprop, cnn_rnn, generalization, perceptron, vectorization, xor};
use ndarray::{Array1, Array2, array};
use nncore::{Mlp, Rng};

/// Functions that the stubs give already solved: they are not exercises.
const GIVEN_HELPERS: [&str; 2] = ["xor::sgn", "backprop::sigmoid"];

/// What `todo!()` panics with.
const TODO_MESSAGE: &str = "not yet implemented";

/// One exercise call: `chapter::function` and a closure that calls it.
type Call = (&'static str, Box<dyn Fn()>);

/// `call!(chapter::function(args…))` names the call after the path it calls,
/// so a name and the function it runs cannot drift apart.
macro_rules! call {
    ($chapter:ident :: $function:ident ( $($arg:expr),* $(,)? )) => {
        (
            concat!(stringify!($chapter), "::", stringify!($function)),
            Box::new(|| {
                let _ = $chapter::$function($($arg),*);
            }) as Box<dyn Fn()>,
        )
    };
}

fn tiny_net() -> Mlp {
    Mlp::random(&[2, 2, 1], &mut Rng::new(0))
}

fn tiny_activations() -> Vec<Array1<f64>> {
    vec![array![1.0, 0.0], array![0.5, 0.5], array![0.7]]
}

fn image() -> Array2<f64> {
    Array2::from_shape_fn((4, 4), |(i, j)| (i * 4 + j) as f64)
}

/// Every exercise of every chapter, with small inputs that a correct
/// implementation would accept.
fn every_exercise() -> Vec<Call> {
    vec![
        // perceptron
        call!(perceptron::sign(0.5)),
        call!(perceptron::weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0)),
        call!(perceptron::perceptron_output(
            &[1.2, 0.7],
            &[3.0, 4.0],
            -2.0
        )),
        call!(perceptron::train_step(
            &[0.0, 0.0],
            0.0,
            &[1.0, 1.0],
            1.0,
            1.0
        )),
        call!(perceptron::train(
            &nncore::data::and_gate(),
            &[0.0, 0.0],
            0.0,
            1.0,
            10
        )),
        // xor
        call!(xor::or_neuron(1.0, -1.0)),
        call!(xor::and_neuron(1.0, -1.0)),
        call!(xor::xor_network(1.0, -1.0)),
        // activations
        call!(activations::sigmoid(2.0)),
        call!(activations::sigmoid_derivative(2.0)),
        call!(activations::tanh(0.5)),
        call!(activations::tanh_derivative(0.5)),
        call!(activations::relu(-1.0)),
        call!(activations::relu_derivative(-1.0)),
        call!(activations::leaky_relu(-1.0, 0.01)),
        call!(activations::leaky_relu_derivative(-1.0, 0.01)),
        call!(activations::squared_error_cost(&[1.0, 0.0], &[0.8, 0.3])),
        call!(activations::cross_entropy_cost(&[1.0, 0.0], &[0.8, 0.3])),
        // vectorization
        call!(vectorization::dense_layer(
            &array![[1.0, 2.0], [3.0, 4.0]],
            &array![0.0, 1.0],
            &array![1.0, -1.0]
        )),
        call!(vectorization::dense_layer_batch(
            &array![[1.0, 2.0], [3.0, 4.0]],
            &array![0.0, 1.0],
            &array![[1.0, -1.0], [0.5, 0.5], [0.0, 2.0]]
        )),
        call!(vectorization::layer_shapes(&[784, 128, 10])),
        call!(vectorization::forward_pass(&tiny_net(), &array![1.0, 0.0])),
        // backprop
        call!(backprop::neuron_gradient_squared_error(
            &[1.0, 1.0],
            0.0,
            &[1.0, 1.0],
            1.0
        )),
        call!(backprop::neuron_gradient_cross_entropy(
            &[1.0, 1.0],
            0.0,
            &[1.0, 1.0],
            1.0
        )),
        call!(backprop::gradient_descent_step(
            &[1.0, 1.0],
            &[-0.1, 0.2],
            0.1
        )),
        call!(backprop::backprop(
            &tiny_net(),
            &tiny_activations(),
            &array![1.0]
        )),
        call!(backprop::numerical_gradient(
            &|p: &[f64]| p.iter().map(|v| v * v).sum::<f64>(),
            &[1.0, -2.0],
            1e-5
        )),
        // generalization
        call!(generalization::minibatch_indices(10, 3, 7)),
        call!(generalization::decayed_learning_rate(0.1, 0.5, 3)),
        call!(generalization::momentum_step(
            &[1.0, 2.0],
            &[0.0, 0.0],
            &[0.5, -0.5],
            0.1,
            0.9
        )),
        call!(generalization::adam_step(
            &[1.0, 2.0],
            &[0.5, -0.5],
            &generalization::AdamState {
                m: vec![0.0, 0.0],
                v: vec![0.0, 0.0],
                t: 0,
            },
            0.001,
            0.9,
            0.999,
            1e-8
        )),
        call!(generalization::rmsprop_step(
            &[1.0, 2.0],
            &[0.5, -0.5],
            &[0.0, 0.0],
            0.01,
            0.9,
            1e-8
        )),
        call!(generalization::weight_decay_loss(0.5, &[1.0, -2.0], 0.01)),
        call!(generalization::weight_decay_gradient(
            &[0.1, 0.2],
            &[1.0, -2.0],
            0.01
        )),
        call!(generalization::dropout(
            &[1.0, 2.0, 3.0],
            0.5,
            &mut Rng::new(1),
            true
        )),
        call!(generalization::early_stopping(&[1.0, 0.8, 0.9, 0.95], 2)),
        call!(generalization::train_xor(4, 1.0, 10, 0)),
        // cnn_rnn
        call!(cnn_rnn::conv2d(
            &image(),
            &array![[1.0, 0.0], [0.0, -1.0]],
            1
        )),
        call!(cnn_rnn::max_pool(&image(), 2, 2)),
        call!(cnn_rnn::dense_parameter_count(784, 128)),
        call!(cnn_rnn::conv_parameter_count(3, 3, 1, 8)),
        call!(cnn_rnn::rnn_step(
            &array![[0.5], [-0.5]],
            &array![[0.1, 0.0], [0.0, 0.1]],
            &array![0.0, 0.0],
            &array![1.0],
            &array![0.0, 0.0]
        )),
        call!(cnn_rnn::rnn_run(
            &array![[0.5], [-0.5]],
            &array![[0.1, 0.0], [0.0, 0.1]],
            &array![0.0, 0.0],
            &[array![1.0], array![-1.0]],
            &array![0.0, 0.0]
        )),
    ]
}

thread_local! {
    /// Whether panics on this thread are expected and should stay quiet.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once per process) a panic hook that says nothing for panics we
/// catch on purpose and defers to the default hook for every other panic,
/// so a real failure of another test still prints its message.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default_hook(info);
            }
        }));
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<a panic payload that is not a string>".to_string()
    }
}

/// `None` if `f` panics with `todo!()`'s message, else what it did instead.
fn not_a_stub(f: &dyn Fn()) -> Option<String> {
    install_quiet_hook();
    QUIET.with(|quiet| quiet.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    match outcome {
        Ok(()) => Some("returned normally".to_string()),
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            if message.starts_with(TODO_MESSAGE) {
                None
            } else {
                Some(format!("panicked with {message:?}"))
            }
        }
    }
}

#[test]
fn every_exercise_is_still_a_todo_stub() {
    let problems: Vec<String> = every_exercise()
        .iter()
        .filter_map(|(name, f)| not_a_stub(f.as_ref()).map(|what| format!("  {name}: {what}")))
        .collect();
    assert!(
        problems.is_empty(),
        "these exercises are not `todo!()` stubs (they should panic with \
         \"{TODO_MESSAGE}\"):\n{}\n\
         The course repository must ship the exercises unsolved. (Estudiantes: si \
         ya resolviste ejercicios, es esperable que esta prueba falle; tu nota la \
         da `cargo run -p grader`.)",
        problems.join("\n")
    );
}

/// The names of the `pub fn`s of a source file (comments are skipped).
fn pub_fn_names(src: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in src.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut words = code.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if word != "pub" {
                continue;
            }
            // Skip qualifiers such as `const`, `unsafe` or `async`.
            while words
                .peek()
                .is_some_and(|w| ["const", "unsafe", "async"].contains(w))
            {
                words.next();
            }
            if words.next_if_eq(&"fn").is_some()
                && let Some(rest) = words.next()
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
    names
}

#[test]
fn the_list_covers_every_pub_fn_in_exercises_src() {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut in_files = BTreeSet::new();
    for entry in fs::read_dir(&src_dir).expect("exercises/src is readable") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let chapter = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name")
            .to_string();
        let src = fs::read_to_string(&path).expect("source file is readable");
        for name in pub_fn_names(&src) {
            in_files.insert(format!("{chapter}::{name}"));
        }
    }

    let listed: BTreeSet<String> = every_exercise()
        .iter()
        .map(|(name, _)| name.to_string())
        .chain(GIVEN_HELPERS.iter().map(|s| s.to_string()))
        .collect();
    let unlisted: Vec<&String> = in_files.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&in_files).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "the list in exercises/tests/stubs.rs is out of date\n\
         pub fns in exercises/src that it does not call: {unlisted:?}\n\
         names it lists that are not pub fns in exercises/src: {stale:?}"
    );
    assert!(in_files.len() > 40, "found only {in_files:?}");
}

#[test]
fn the_given_helpers_are_really_given() {
    // These two are solved in the stubs; the list above must not call them.
    assert_eq!(xor::sgn(0.0), -1.0);
    assert_eq!(xor::sgn(2.0), 1.0);
    assert!((backprop::sigmoid(0.0) - 0.5).abs() < 1e-12);
}

#[test]
fn pub_fn_names_reads_signatures_and_skips_comments() {
    let src = "/// pub fn in_a_doc() {}\npub fn a(x: f64) -> f64 {\n    x\n}\n\
               fn private() {}\npub const fn b() {}\npub fn c<T>(\n    t: T,\n) {}\n\
               pub struct S;\n";
    assert_eq!(pub_fn_names(src), vec!["a", "b", "c"]);
}
