//! Tests of the reference solution of the chapter «Arquitectura», sections
//! «Funciones de activación» and «Funciones de costo».

use approx::assert_abs_diff_eq;
use solutions::activations::*;

/// Central difference `(f(z + h) − f(z − h)) / 2h`.
fn central_difference(f: impl Fn(f64) -> f64, z: f64) -> f64 {
    let h = 1e-5;
    (f(z + h) - f(z - h)) / (2.0 * h)
}

/// Points where every activation is differentiable (none is 0).
const SMOOTH_POINTS: [f64; 8] = [-4.0, -2.0, -0.7, -0.1, 0.1, 0.5, 2.0, 3.5];

/// `derivative` agrees with the central difference of `f` at every smooth point.
fn assert_derivative_of(derivative: impl Fn(f64) -> f64, f: impl Fn(f64) -> f64) {
    for z in SMOOTH_POINTS {
        assert_abs_diff_eq!(derivative(z), central_difference(&f, z), epsilon = 1e-8);
    }
}

#[test]
fn sigmoid_slide_values() {
    assert_abs_diff_eq!(sigmoid(0.0), 0.5, epsilon = 1e-12);
    // Backprop slides: ŷ = σ(2) ≈ 0.880797 (the slide shows 0,8808).
    assert_abs_diff_eq!(sigmoid(2.0), 0.880797, epsilon = 1e-6);
    assert_abs_diff_eq!(sigmoid(2.0), 0.8807970779778823, epsilon = 1e-12);
}

#[test]
fn sigmoid_is_symmetric_and_saturates_without_nan() {
    for z in SMOOTH_POINTS {
        assert_abs_diff_eq!(sigmoid(-z), 1.0 - sigmoid(z), epsilon = 1e-12);
    }
    assert_abs_diff_eq!(sigmoid(1000.0), 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(sigmoid(-1000.0), 0.0, epsilon = 1e-12);
    assert!(sigmoid(-1000.0).is_finite() && sigmoid(1000.0).is_finite());
}

#[test]
fn sigmoid_derivative_slide_values() {
    assert_abs_diff_eq!(sigmoid_derivative(0.0), 0.25, epsilon = 1e-12);
    // Backprop slides: ∂ŷ/∂z = σ'(2) ≈ 0.104994 (the slide shows 0.1049).
    assert_abs_diff_eq!(sigmoid_derivative(2.0), 0.104994, epsilon = 1e-6);
}

#[test]
fn sigmoid_derivative_matches_central_differences() {
    assert_derivative_of(sigmoid_derivative, sigmoid);
}

#[test]
fn tanh_values() {
    assert_abs_diff_eq!(tanh(0.0), 0.0, epsilon = 1e-12);
    assert_abs_diff_eq!(tanh(1.0), 0.7615941559557649, epsilon = 1e-12);
    assert_abs_diff_eq!(tanh(-2.0), -0.9640275800758169, epsilon = 1e-12);
    // Saturates at ±1 without overflowing e^z into ∞/∞.
    assert_abs_diff_eq!(tanh(1000.0), 1.0, epsilon = 1e-12);
    assert_abs_diff_eq!(tanh(-1000.0), -1.0, epsilon = 1e-12);
}

#[test]
fn tanh_derivative_values_and_central_differences() {
    assert_abs_diff_eq!(tanh_derivative(0.0), 1.0, epsilon = 1e-12);
    // 1 − tanh²(1) = 0.41997434161402614
    assert_abs_diff_eq!(tanh_derivative(1.0), 0.41997434161402614, epsilon = 1e-12);
    assert_derivative_of(tanh_derivative, tanh);
}

#[test]
fn relu_values() {
    assert_eq!(relu(-2.0), 0.0);
    assert_eq!(relu(0.0), 0.0);
    assert_abs_diff_eq!(relu(3.5), 3.5, epsilon = 1e-12);
    assert_abs_diff_eq!(relu(1e-9), 1e-9, epsilon = 1e-15);
}

#[test]
fn relu_derivative_is_zero_at_zero() {
    assert_eq!(relu_derivative(0.0), 0.0);
    assert_eq!(relu_derivative(-3.0), 0.0);
    assert_eq!(relu_derivative(2.0), 1.0);
    assert_derivative_of(relu_derivative, relu);
}

#[test]
fn leaky_relu_values() {
    assert_abs_diff_eq!(leaky_relu(-2.0, 0.01), -0.02, epsilon = 1e-12);
    assert_abs_diff_eq!(leaky_relu(3.0, 0.01), 3.0, epsilon = 1e-12);
    assert_abs_diff_eq!(leaky_relu(-5.0, 0.2), -1.0, epsilon = 1e-12);
    assert_eq!(leaky_relu(0.0, 0.1), 0.0);
}

#[test]
fn leaky_relu_derivative_is_alpha_at_zero() {
    assert_abs_diff_eq!(leaky_relu_derivative(0.0, 0.01), 0.01, epsilon = 1e-12);
    assert_abs_diff_eq!(leaky_relu_derivative(-4.0, 0.2), 0.2, epsilon = 1e-12);
    assert_abs_diff_eq!(leaky_relu_derivative(5.0, 0.01), 1.0, epsilon = 1e-12);
    for alpha in [0.01, 0.3] {
        assert_derivative_of(
            |t| leaky_relu_derivative(t, alpha),
            |t| leaky_relu(t, alpha),
        );
    }
}

#[test]
fn squared_error_cost_has_the_half_and_the_mean() {
    // (0.25 + 0.25 + 0) / (2·3) = 1/12
    let cost = squared_error_cost(&[1.0, 0.0, 1.0], &[0.5, 0.5, 1.0]);
    assert_abs_diff_eq!(cost, 1.0 / 12.0, epsilon = 1e-12);
    // A single example: ½ (2 − (−1))² = 4.5
    assert_abs_diff_eq!(squared_error_cost(&[2.0], &[-1.0]), 4.5, epsilon = 1e-12);
    assert_eq!(squared_error_cost(&[0.3, 0.7], &[0.3, 0.7]), 0.0);
}

#[test]
fn squared_error_cost_backprop_slide_value() {
    // Backprop slides: C = ½ (1 − σ(2))² ≈ 0.0071047 (the slide shows 0.0072).
    let cost = squared_error_cost(&[1.0], &[sigmoid(2.0)]);
    assert_abs_diff_eq!(cost, 0.0071047, epsilon = 1e-7);
}

#[test]
fn cross_entropy_cost_values() {
    // Backprop slides: C = −ln σ(2) ≈ 0.126928.
    let cost = cross_entropy_cost(&[1.0], &[sigmoid(2.0)]);
    assert_abs_diff_eq!(cost, 0.126928, epsilon = 1e-6);
    // A label 0 uses ln(1 − ŷ); the result is the mean over both examples:
    // −(ln 0.8 + ln 0.7) / 2.
    let cost = cross_entropy_cost(&[1.0, 0.0], &[0.8, 0.3]);
    assert_abs_diff_eq!(cost, 0.2899092476264711, epsilon = 1e-12);
    // ŷ = 0.5 costs ln 2 whatever the label.
    let cost = cross_entropy_cost(&[0.0, 1.0, 1.0], &[0.5, 0.5, 0.5]);
    assert_abs_diff_eq!(cost, std::f64::consts::LN_2, epsilon = 1e-12);
}

#[test]
fn cross_entropy_cost_is_finite_at_zero_and_one() {
    // Perfect predictions: about 1e-12, not NaN (0 · ln 0).
    let perfect = cross_entropy_cost(&[1.0, 0.0], &[1.0, 0.0]);
    assert!(perfect.is_finite(), "{perfect}");
    assert_abs_diff_eq!(perfect, 0.0, epsilon = 1e-9);
    // Completely wrong predictions: clipped to −ln(1e-12) ≈ 27.631, not ∞.
    let wrong = cross_entropy_cost(&[1.0, 0.0], &[0.0, 1.0]);
    assert!(wrong.is_finite(), "{wrong}");
    assert_abs_diff_eq!(wrong, -(1e-12f64).ln(), epsilon = 1e-3);
}

#[test]
fn cross_entropy_cost_clips_at_1e_minus_12() {
    // ŷ = 1e-15 is clipped up to 1e-12 before the logarithm.
    let cost = cross_entropy_cost(&[1.0], &[1e-15]);
    assert_abs_diff_eq!(cost, -(1e-12f64).ln(), epsilon = 1e-9);
    // ŷ = 1e-9 is inside the interval and left alone.
    let cost = cross_entropy_cost(&[1.0], &[1e-9]);
    assert_abs_diff_eq!(cost, -(1e-9f64).ln(), epsilon = 1e-9);
}
