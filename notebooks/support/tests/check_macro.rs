//! `check!` against the real crates: a stub is pending, the reference
//! agrees with itself, and wrong or panicking code is told apart. (The
//! stubs are stand-ins, exactly as `cargo xtask gen` writes them: a
//! student who solved `exercises/src` still passes these tests.)

use notebook_support::{Verdict, check, take_verdicts};

/// Stand-ins for a student's chapter file: one wrong, one panicking, one
/// calling a pending helper.
mod student {
    pub mod perceptron {
        pub fn sign(z: f64) -> f64 {
            if z >= 0.0 { 1.0 } else { -1.0 } // sgn(0) should be −1
        }
        pub fn weighted_sum(w: &[f64], x: &[f64], b: f64) -> f64 {
            (0..=w.len()).map(|i| w[i] * x[i]).sum::<f64>() + b // one index too far
        }
        pub fn perceptron_output(w: &[f64], x: &[f64], b: f64) -> f64 {
            if weighted_sum2(w, x, b) > 0.0 {
                1.0
            } else {
                -1.0
            }
        }
        fn weighted_sum2(_w: &[f64], _x: &[f64], _b: f64) -> f64 {
            todo!("weighted_sum2")
        }
    }
    pub mod generalization {
        pub use solutions::generalization::*;
    }
}

/// Stand-ins for the shipped stubs of `exercises/src/perceptron.rs`.
mod stubs {
    pub mod perceptron {
        pub fn sign(_z: f64) -> f64 {
            todo!("sign")
        }
        pub fn weighted_sum(_w: &[f64], _x: &[f64], _b: f64) -> f64 {
            todo!("weighted_sum")
        }
    }
}

#[test]
fn the_stubs_are_pending() {
    take_verdicts();
    let verdict = check!(@crates [stubs], [solutions]; perceptron => sign(0.0));
    assert_eq!(
        verdict,
        Verdict::Pending {
            missing: "sign".into()
        }
    );
    let w = [1.2, 0.7];
    let verdict =
        check!(@crates [stubs], [solutions]; perceptron => weighted_sum(&w, &[3.0, 4.0], -2.0));
    assert!(matches!(verdict, Verdict::Pending { .. }), "{verdict:?}");
    let verdicts = take_verdicts();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[1].0, "perceptron::weighted_sum");
}

#[test]
fn the_reference_agrees_with_itself() {
    let verdict = check!(@crates [solutions], [solutions]; perceptron => weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0));
    assert_eq!(verdict, Verdict::Same);
    // Arguments may name the chapter's own types: each call sees its crate's.
    let verdict = check!(@crates [solutions], [solutions]; generalization =>
        adam_step(&[1.0], &[0.5], &AdamState { m: vec![0.0], v: vec![0.0], t: 0 }, 0.001, 0.9, 0.999, 1e-8));
    assert_eq!(verdict, Verdict::Same);
    let verdict = check!(@crates [solutions], [solutions]; generalization =>
        dropout(&[1.0, 2.0, 3.0, 4.0], 0.5, &mut nncore::Rng::new(42), true));
    assert_eq!(verdict, Verdict::Same);
    // A selector shows and compares part of a large result.
    let verdict = check!(@crates [solutions], [solutions]; generalization =>
        train_xor(2, 1.0, 20, 3), |t| t.losses.len());
    assert_eq!(verdict, Verdict::Same);
}

#[test]
fn wrong_panicking_and_half_done_code_are_told_apart() {
    let verdict = check!(@crates [student], [solutions]; perceptron => sign(0.0));
    assert_eq!(verdict, Verdict::Different);
    let verdict = check!(@crates [student], [solutions]; perceptron => sign(2.0));
    assert_eq!(verdict, Verdict::Same);
    let verdict = check!(@crates [student], [solutions]; perceptron => weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0));
    match verdict {
        Verdict::Crashed { message } => {
            assert!(message.contains("index out of bounds"), "{message}")
        }
        other => panic!("expected a crash, got {other:?}"),
    }
    let verdict = check!(@crates [student], [solutions]; perceptron => perceptron_output(&[1.2], &[3.0], -2.0));
    assert_eq!(
        verdict,
        Verdict::Pending {
            missing: "weighted_sum2".into()
        }
    );
    // Data the reference does not accept: lengths that differ.
    let verdict = check!(@crates [student], [solutions]; generalization => weight_decay_gradient(&[0.1], &[1.0, 2.0], 0.01));
    assert!(
        matches!(verdict, Verdict::ReferenceFailed { .. }),
        "{verdict:?}"
    );
}
