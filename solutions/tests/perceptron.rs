//! Tests of the reference solution of the chapter «Redes neuronales»: the
//! simple perceptron, the spam example of the slides and training by error
//! correction.

use approx::assert_abs_diff_eq;
use nncore::data::{self, SPAM_BIAS, SPAM_EMAIL, SPAM_WEIGHTS, Sample};
use solutions::perceptron::*;

/// Whether `(w, b)` classifies every example of `data` correctly.
fn separates(w: &[f64], b: f64, data: &[Sample]) -> bool {
    data.iter().all(|(x, y)| perceptron_output(w, x, b) == *y)
}

#[test]
fn sign_of_zero_is_minus_one_as_on_the_slide() {
    assert_eq!(sign(0.0), -1.0);
    assert_eq!(sign(-0.0), -1.0);
}

#[test]
fn sign_is_plus_one_only_for_positive_numbers() {
    for z in [1e-300, 0.5, 1.0, 4.4, 1e300, f64::INFINITY] {
        assert_eq!(sign(z), 1.0, "sgn({z})");
    }
    for z in [-1e-300, -0.5, -1.0, -4.4, -1e300, f64::NEG_INFINITY] {
        assert_eq!(sign(z), -1.0, "sgn({z})");
    }
}

#[test]
fn spam_slide_weighted_sum_is_4_4() {
    let z = weighted_sum(&SPAM_WEIGHTS, &SPAM_EMAIL, SPAM_BIAS);
    // 1.2·3 + 0.7·4 − 2.0 = 4.4
    assert_abs_diff_eq!(z, 4.4, epsilon = 1e-12);
}

#[test]
fn spam_slide_output_is_plus_one() {
    assert_eq!(
        perceptron_output(&SPAM_WEIGHTS, &SPAM_EMAIL, SPAM_BIAS),
        1.0
    );
}

#[test]
fn weighted_sum_adds_the_bias_and_every_product() {
    // 2·(−1) + (−3)·0.5 + 0.25·8 + 10 = 8.5
    let z = weighted_sum(&[2.0, -3.0, 0.25], &[-1.0, 0.5, 8.0], 10.0);
    assert_abs_diff_eq!(z, 8.5, epsilon = 1e-12);
    // A single input, negative bias: z = w·x + b, not w·x − b.
    assert_abs_diff_eq!(weighted_sum(&[1.0], &[1.0], -3.0), -2.0, epsilon = 1e-12);
    // No inputs at all: only the bias is left.
    assert_abs_diff_eq!(weighted_sum(&[], &[], 0.7), 0.7, epsilon = 1e-12);
}

#[test]
fn perceptron_output_is_minus_one_on_the_boundary_and_below() {
    // z = 1·2 + (−1)·2 + 0 = 0, exactly on the boundary: sgn(0) = −1.
    assert_eq!(perceptron_output(&[1.0, -1.0], &[2.0, 2.0], 0.0), -1.0);
    // z = 1.2·1 + 0.7·1 − 2.0 = −0.1: not spam.
    assert_eq!(
        perceptron_output(&SPAM_WEIGHTS, &[1.0, 1.0], SPAM_BIAS),
        -1.0
    );
}

#[test]
fn the_slide_perceptron_classifies_the_toy_spam_emails() {
    assert!(separates(&SPAM_WEIGHTS, SPAM_BIAS, &data::spam_emails()));
}

#[test]
fn train_step_leaves_a_correct_example_unchanged() {
    let w = [0.5, -1.5];
    let b = 0.25;
    // z = 0.5·2 − 1.5·1 + 0.25 = −0.25 → ŷ = −1 = y.
    let (new_w, new_b) = train_step(&w, b, &[2.0, 1.0], -1.0, 0.7);
    assert_eq!(new_w, w.to_vec());
    assert_eq!(new_b, b);
    // The spam e-mail is already classified +1.
    let (new_w, new_b) = train_step(&SPAM_WEIGHTS, SPAM_BIAS, &SPAM_EMAIL, 1.0, 1.0);
    assert_eq!(new_w, SPAM_WEIGHTS.to_vec());
    assert_eq!(new_b, SPAM_BIAS);
}

#[test]
fn train_step_moves_a_missed_positive_towards_it() {
    // z = 0 → ŷ = −1 but y = +1: ε = +1, so w ← w + η x and b ← b + η.
    let x = [2.0, -1.0];
    let (w, b) = train_step(&[0.0, 0.0], 0.0, &x, 1.0, 0.5);
    assert_abs_diff_eq!(w[0], 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(w[1], -0.5, epsilon = 1e-12);
    assert_abs_diff_eq!(b, 0.5, epsilon = 1e-12);
    assert!(weighted_sum(&w, &x, b) > 0.0, "z must grow towards y = +1");
}

#[test]
fn train_step_moves_a_false_positive_away_from_it() {
    // z = 1.2·3 + 0.7·4 − 2.0 = 4.4 → ŷ = +1 but y = −1: ε = −1.
    let (w, b) = train_step(&SPAM_WEIGHTS, SPAM_BIAS, &SPAM_EMAIL, -1.0, 0.1);
    assert_abs_diff_eq!(w[0], 1.2 - 0.1 * 3.0, epsilon = 1e-12);
    assert_abs_diff_eq!(w[1], 0.7 - 0.1 * 4.0, epsilon = 1e-12);
    assert_abs_diff_eq!(b, -2.0 - 0.1, epsilon = 1e-12);
    let z = weighted_sum(&w, &SPAM_EMAIL, b);
    assert!(z < 4.4, "z must decrease towards y = −1, got {z}");
}

#[test]
fn train_converges_on_and_with_the_expected_weights() {
    // Worked by hand: errors on (1,1) in epoch 1, on (−1,1) and (1,−1) in
    // epoch 2, none in epoch 3.
    for eta in [1.0, 0.1] {
        let result = train(&data::and_gate(), &[0.0, 0.0], 0.0, eta, 100);
        assert!(result.converged, "AND with η = {eta}: {result:?}");
        assert_eq!(result.epochs, 3, "AND with η = {eta}");
        assert_abs_diff_eq!(result.w[0], eta, epsilon = 1e-12);
        assert_abs_diff_eq!(result.w[1], eta, epsilon = 1e-12);
        assert_abs_diff_eq!(result.b, -eta, epsilon = 1e-12);
        assert!(separates(&result.w, result.b, &data::and_gate()));
    }
}

#[test]
fn train_converges_on_or_with_the_expected_weights() {
    // Worked by hand: errors on (−1,1) and (1,−1) in epoch 1, on (−1,−1) in
    // epoch 2, none in epoch 3.
    for eta in [1.0, 0.1] {
        let result = train(&data::or_gate(), &[0.0, 0.0], 0.0, eta, 100);
        assert!(result.converged, "OR with η = {eta}: {result:?}");
        assert_eq!(result.epochs, 3, "OR with η = {eta}");
        assert_abs_diff_eq!(result.w[0], eta, epsilon = 1e-12);
        assert_abs_diff_eq!(result.w[1], eta, epsilon = 1e-12);
        assert_abs_diff_eq!(result.b, eta, epsilon = 1e-12);
        assert!(separates(&result.w, result.b, &data::or_gate()));
    }
}

#[test]
fn train_never_converges_on_xor() {
    for eta in [1.0, 0.1] {
        let result = train(&data::xor_gate(), &[0.0, 0.0], 0.0, eta, 100);
        assert!(!result.converged, "XOR with η = {eta}: {result:?}");
        assert_eq!(result.epochs, 100);
    }
}

#[test]
fn train_stops_after_one_epoch_when_nothing_is_wrong() {
    let result = train(&data::spam_emails(), &SPAM_WEIGHTS, SPAM_BIAS, 1.0, 50);
    assert_eq!(
        result,
        TrainingResult {
            w: SPAM_WEIGHTS.to_vec(),
            b: SPAM_BIAS,
            epochs: 1,
            converged: true,
        }
    );
}

#[test]
fn train_learns_the_toy_spam_emails() {
    let result = train(&data::spam_emails(), &[0.0, 0.0], 0.0, 0.1, 1000);
    assert!(result.converged, "{result:?}");
    assert!(result.epochs < 1000);
    assert!(separates(&result.w, result.b, &data::spam_emails()));
}

#[test]
fn train_with_no_epochs_returns_the_initial_weights() {
    let result = train(&data::and_gate(), &[0.3, -0.2], 0.1, 1.0, 0);
    assert_eq!(
        result,
        TrainingResult {
            w: vec![0.3, -0.2],
            b: 0.1,
            epochs: 0,
            converged: false,
        }
    );
}

#[test]
fn train_visits_the_examples_in_order() {
    // The AND data in reverse order, worked by hand: epoch 1 errs on (1,1),
    // (1,−1) and (−1,1); epoch 2 has no errors. In the given order it takes
    // three epochs instead (see the test above).
    let mut reversed = data::and_gate();
    reversed.reverse();
    let result = train(&reversed, &[0.0, 0.0], 0.0, 1.0, 100);
    assert!(result.converged, "{result:?}");
    assert_eq!(result.epochs, 2);
    assert_abs_diff_eq!(result.w[0], 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(result.w[1], 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(result.b, -1.0, epsilon = 1e-12);
}
