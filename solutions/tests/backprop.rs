//! Tests of the reference solutions of the «Backpropagation» chapter: the
//! slides' two worked examples, and backprop checked against central
//! differences on random networks.

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, array};
use nncore::{Mlp, Rng};
use solutions::backprop::*;

/// The slides' example: x = (1, 0), y = 1, w = (1, −1), b = 1, η = 0.1, so
/// z = 1·1 + (−1)·0 + 1 = 2.
const X: [f64; 2] = [1.0, 0.0];
const W: [f64; 2] = [1.0, -1.0];
const B: f64 = 1.0;
const Y: f64 = 1.0;
const ETA: f64 = 0.1;

// ---------------------------------------------------------------------------
// Slide numbers
// ---------------------------------------------------------------------------

#[test]
fn slide_squared_error_example() {
    let g = neuron_gradient_squared_error(&W, B, &X, Y);
    assert_abs_diff_eq!(g.z, 2.0, epsilon = 1e-12);
    assert_abs_diff_eq!(g.y_hat, 0.8807971, epsilon = 1e-7);
    // The slide shows 0.0072 (a rounding slip); the exact value is 0.0071047.
    assert_abs_diff_eq!(g.cost, 0.0071047, epsilon = 1e-7);
    assert_abs_diff_eq!(g.dc_dyhat, -0.1192029, epsilon = 1e-7);
    // The slide shows 0.1049 (truncated); the exact value is 0.1049936.
    assert_abs_diff_eq!(g.dyhat_dz, 0.1049936, epsilon = 1e-7);
    assert_eq!(g.grad_w.len(), 2);
    assert_abs_diff_eq!(g.grad_w[0], -0.0125155, epsilon = 1e-7);
    // x₂ = 0, so w₂ does not affect z and its gradient is exactly zero.
    assert_eq!(g.grad_w[1], 0.0);
    // ∂z/∂b = 1 = x₁, so ∂C/∂b equals ∂C/∂w₁.
    assert_abs_diff_eq!(g.grad_b, -0.0125155, epsilon = 1e-7);
}

#[test]
fn slide_squared_error_step() {
    let g = neuron_gradient_squared_error(&W, B, &X, Y);
    let params = [W[0], W[1], B];
    let grads = [g.grad_w[0], g.grad_w[1], g.grad_b];
    let new = gradient_descent_step(&params, &grads, ETA);
    assert_eq!(new.len(), 3);
    // The slide: w₁ ← 1 − 0.1 × (−0.0125) = 1.00125.
    assert_abs_diff_eq!(new[0], 1.0012516, epsilon = 1e-7);
    assert_eq!(new[1], -1.0, "w₂ stays −1");
    assert_abs_diff_eq!(new[2], 1.0012516, epsilon = 1e-7);
}

#[test]
fn slide_cross_entropy_example() {
    let g = neuron_gradient_cross_entropy(&W, B, &X, Y);
    assert_abs_diff_eq!(g.z, 2.0, epsilon = 1e-12);
    assert_abs_diff_eq!(g.y_hat, 0.8807971, epsilon = 1e-7);
    assert_abs_diff_eq!(g.cost, 0.1269280, epsilon = 1e-7);
    // ∂C/∂ŷ = −y/ŷ when y = 1.
    assert_abs_diff_eq!(g.dc_dyhat, -1.0 / 0.8807970779778823, epsilon = 1e-9);
    assert_abs_diff_eq!(g.dyhat_dz, 0.1049936, epsilon = 1e-7);
    assert_abs_diff_eq!(g.grad_w[0], -0.1192029, epsilon = 1e-7);
    assert_eq!(g.grad_w[1], 0.0);
    assert_abs_diff_eq!(g.grad_b, -0.1192029, epsilon = 1e-7);
}

#[test]
fn slide_cross_entropy_step() {
    let g = neuron_gradient_cross_entropy(&W, B, &X, Y);
    let params = [W[0], W[1], B];
    let grads = [g.grad_w[0], g.grad_w[1], g.grad_b];
    let new = gradient_descent_step(&params, &grads, ETA);
    // The slide: w₁ ← 1 − 0.1 · (−0.1192) = 1.01192.
    assert_abs_diff_eq!(new[0], 1.0119203, epsilon = 1e-7);
    assert_eq!(new[1], -1.0, "w₂ stays −1");
    assert_abs_diff_eq!(new[2], 1.0119203, epsilon = 1e-7);
}

// ---------------------------------------------------------------------------
// Single neuron: properties
// ---------------------------------------------------------------------------

fn dot(w: &[f64], x: &[f64]) -> f64 {
    w.iter().zip(x).map(|(a, b)| a * b).sum()
}

/// Central differences written independently of the function under test.
fn central_diff(f: impl Fn(&[f64]) -> f64, p: &[f64], h: f64) -> Vec<f64> {
    (0..p.len())
        .map(|i| {
            let mut plus = p.to_vec();
            let mut minus = p.to_vec();
            plus[i] += h;
            minus[i] -= h;
            (f(&plus) - f(&minus)) / (2.0 * h)
        })
        .collect()
}

/// Random neurons: `(w, b, x, y)` with `y` in {0, 1}.
fn random_neurons(seed: u64, count: usize) -> Vec<(Vec<f64>, f64, Vec<f64>, f64)> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|k| {
            let n = 1 + k % 4;
            let w: Vec<f64> = (0..n).map(|_| rng.uniform_range(-2.0, 2.0)).collect();
            let x: Vec<f64> = (0..n).map(|_| rng.uniform_range(-2.0, 2.0)).collect();
            let b = rng.uniform_range(-1.0, 1.0);
            let y = if rng.uniform() < 0.5 { 0.0 } else { 1.0 };
            (w, b, x, y)
        })
        .collect()
}

/// Checks every field of a `NeuronGradient` against the cost function `cost`
/// of (w, b) and of ŷ, by central differences (tolerance 1e-7).
fn check_neuron(
    g: &NeuronGradient,
    w: &[f64],
    b: f64,
    x: &[f64],
    cost_of_yhat: impl Fn(f64) -> f64,
) {
    let z = dot(w, x) + b;
    let y_hat = 1.0 / (1.0 + (-z).exp());
    assert_abs_diff_eq!(g.z, z, epsilon = 1e-12);
    assert_abs_diff_eq!(g.y_hat, y_hat, epsilon = 1e-12);
    assert_abs_diff_eq!(g.cost, cost_of_yhat(y_hat), epsilon = 1e-10);
    let d_yhat = central_diff(|p| cost_of_yhat(p[0]), &[y_hat], 1e-6)[0];
    assert_abs_diff_eq!(g.dc_dyhat, d_yhat, epsilon = 1e-6);
    assert_abs_diff_eq!(g.dyhat_dz, y_hat * (1.0 - y_hat), epsilon = 1e-12);

    // Parameters: w followed by b.
    let mut params = w.to_vec();
    params.push(b);
    let n = w.len();
    let cost_of_params = |p: &[f64]| {
        let z = dot(&p[..n], x) + p[n];
        cost_of_yhat(1.0 / (1.0 + (-z).exp()))
    };
    let numeric = central_diff(cost_of_params, &params, 1e-5);
    assert_eq!(g.grad_w.len(), n);
    for (got, want) in g.grad_w.iter().zip(&numeric[..n]) {
        assert_abs_diff_eq!(*got, *want, epsilon = 1e-7);
    }
    assert_abs_diff_eq!(g.grad_b, numeric[n], epsilon = 1e-7);
}

#[test]
fn squared_error_gradient_matches_central_differences() {
    for (w, b, x, y) in random_neurons(11, 40) {
        let g = neuron_gradient_squared_error(&w, b, &x, y);
        check_neuron(&g, &w, b, &x, |y_hat| 0.5 * (y - y_hat).powi(2));
    }
}

#[test]
fn cross_entropy_gradient_matches_central_differences() {
    for (w, b, x, y) in random_neurons(12, 40) {
        let g = neuron_gradient_cross_entropy(&w, b, &x, y);
        check_neuron(&g, &w, b, &x, |y_hat| {
            -(y * y_hat.ln() + (1.0 - y) * (1.0 - y_hat).ln())
        });
    }
}

#[test]
fn cross_entropy_with_label_zero() {
    // y = 0: C = −ln(1 − ŷ), ∂C/∂ŷ = 1/(1 − ŷ), ∂C/∂w = ŷ x.
    let g = neuron_gradient_cross_entropy(&W, B, &X, 0.0);
    let y_hat = 0.8807970779778823;
    assert_abs_diff_eq!(g.cost, -(1.0_f64 - y_hat).ln(), epsilon = 1e-9);
    assert_abs_diff_eq!(g.dc_dyhat, 1.0 / (1.0 - y_hat), epsilon = 1e-8);
    assert_abs_diff_eq!(g.grad_w[0], y_hat, epsilon = 1e-9);
    assert_abs_diff_eq!(g.grad_b, y_hat, epsilon = 1e-9);
}

#[test]
fn gradient_descent_step_moves_against_the_gradient() {
    let params = [0.5, -1.0, 2.0];
    let grads = [1.0, -2.0, 0.0];
    let new = gradient_descent_step(&params, &grads, 0.25);
    assert_eq!(new.len(), 3);
    assert_abs_diff_eq!(new[0], 0.25, epsilon = 1e-12);
    assert_abs_diff_eq!(new[1], -0.5, epsilon = 1e-12);
    assert_abs_diff_eq!(new[2], 2.0, epsilon = 1e-12);
}

// ---------------------------------------------------------------------------
// Whole network
// ---------------------------------------------------------------------------

fn sig(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Our own forward pass: `[x, a[1], …, a[L]]`.
fn forward(net: &Mlp, x: &Array1<f64>) -> Vec<Array1<f64>> {
    let mut acts = vec![x.clone()];
    for (w, b) in net.weights.iter().zip(&net.biases) {
        let z = w.dot(acts.last().expect("at least x")) + b;
        acts.push(z.mapv(sig));
    }
    acts
}

fn cost(net: &Mlp, x: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let out = forward(net, x).pop().expect("output");
    0.5 * (&out - y).mapv(|d| d * d).sum()
}

fn flatten(net: &Mlp) -> Vec<f64> {
    let mut p = Vec::new();
    for (w, b) in net.weights.iter().zip(&net.biases) {
        p.extend(w.iter());
        p.extend(b.iter());
    }
    p
}

fn unflatten(like: &Mlp, p: &[f64]) -> Mlp {
    let mut k = 0;
    let mut weights = Vec::new();
    let mut biases = Vec::new();
    for (w, b) in like.weights.iter().zip(&like.biases) {
        let nw = w.len();
        weights.push(Array2::from_shape_vec(w.raw_dim(), p[k..k + nw].to_vec()).unwrap());
        k += nw;
        biases.push(Array1::from(p[k..k + b.len()].to_vec()));
        k += b.len();
    }
    Mlp::new(weights, biases).unwrap()
}

#[test]
fn backprop_agrees_with_central_differences_on_random_networks() {
    let shapes: [&[usize]; 5] = [
        &[1, 1],
        &[3, 2],
        &[3, 4, 2],
        &[2, 5, 3, 1],
        &[4, 3, 3, 3, 2],
    ];
    let mut rng = Rng::new(2025);
    for (case, sizes) in shapes.iter().enumerate() {
        for _ in 0..4 {
            let mut net = Mlp::random(sizes, &mut rng);
            // Non-zero biases, so a mistake in ∂C/∂b cannot hide.
            for b in &mut net.biases {
                b.mapv_inplace(|_| rng.uniform_range(-0.5, 0.5));
            }
            let x = Array1::from_shape_fn(sizes[0], |_| rng.uniform_range(-2.0, 2.0));
            let y = Array1::from_shape_fn(sizes[sizes.len() - 1], |_| rng.uniform());
            let grads = backprop(&net, &forward(&net, &x), &y);

            let numeric = central_diff(|p| cost(&unflatten(&net, p), &x, &y), &flatten(&net), 1e-5);
            let numeric = unflatten(&net, &numeric);
            assert_eq!(grads.weights.len(), net.depth(), "case {case}");
            assert_eq!(grads.biases.len(), net.depth(), "case {case}");
            for l in 0..net.depth() {
                assert_eq!(grads.weights[l].dim(), net.weights[l].dim(), "case {case}");
                assert_eq!(grads.biases[l].len(), net.biases[l].len(), "case {case}");
                for (got, want) in grads.weights[l].iter().zip(&numeric.weights[l]) {
                    assert_abs_diff_eq!(*got, *want, epsilon = 1e-8);
                }
                for (got, want) in grads.biases[l].iter().zip(&numeric.biases[l]) {
                    assert_abs_diff_eq!(*got, *want, epsilon = 1e-8);
                }
            }
        }
    }
}

#[test]
fn backprop_uses_the_given_activations() {
    // One layer; the activations are made up (not σ(Wx + b)) on purpose: the
    // contract says to use them, not to recompute them.
    let net = Mlp::new(vec![array![[1.0, -1.0]]], vec![array![0.0]]).unwrap();
    let acts = vec![array![2.0, 3.0], array![0.25]];
    let y = array![1.0];
    let g = backprop(&net, &acts, &y);
    // δ = (0.25 − 1) · 0.25 · 0.75 = −0.140625; ∂C/∂W = δ xᵀ.
    assert_abs_diff_eq!(g.biases[0][0], -0.140625, epsilon = 1e-12);
    assert_abs_diff_eq!(g.weights[0][[0, 0]], -0.28125, epsilon = 1e-12);
    assert_abs_diff_eq!(g.weights[0][[0, 1]], -0.421875, epsilon = 1e-12);
}

#[test]
fn backprop_two_layers_by_hand() {
    // 1 → 1 → 1 with made-up activations a = (x, a1, a2) = (2, 0.5, 0.8).
    let net = Mlp::new(
        vec![array![[0.3]], array![[-2.0]]],
        vec![array![0.0], array![0.0]],
    )
    .unwrap();
    let acts = vec![array![2.0], array![0.5], array![0.8]];
    let g = backprop(&net, &acts, &array![0.0]);
    // δ2 = 0.8 · 0.8 · 0.2 = 0.128; δ1 = (−2 · 0.128) · 0.5 · 0.5 = −0.064.
    assert_abs_diff_eq!(g.biases[1][0], 0.128, epsilon = 1e-12);
    assert_abs_diff_eq!(g.weights[1][[0, 0]], 0.064, epsilon = 1e-12);
    assert_abs_diff_eq!(g.biases[0][0], -0.064, epsilon = 1e-12);
    assert_abs_diff_eq!(g.weights[0][[0, 0]], -0.128, epsilon = 1e-12);
}

// ---------------------------------------------------------------------------
// Numerical gradient
// ---------------------------------------------------------------------------

#[test]
fn numerical_gradient_is_exact_on_a_quadratic() {
    // f(θ) = 3θ₀² − θ₀θ₁ + 0.5θ₁² + 2θ₂ + 7; ∇f = (6θ₀ − θ₁, −θ₀ + θ₁, 2).
    let f = |p: &[f64]| 3.0 * p[0] * p[0] - p[0] * p[1] + 0.5 * p[1] * p[1] + 2.0 * p[2] + 7.0;
    let p = [1.5, -2.0, 0.3];
    // Central differences are exact on quadratics even with a large h
    // (forward differences would be off by 3h = 0.3 in the first component).
    let g = numerical_gradient(&f, &p, 0.1);
    assert_eq!(g.len(), 3);
    assert_abs_diff_eq!(g[0], 11.0, epsilon = 1e-9);
    assert_abs_diff_eq!(g[1], -3.5, epsilon = 1e-9);
    assert_abs_diff_eq!(g[2], 2.0, epsilon = 1e-9);
}

#[test]
fn numerical_gradient_perturbs_one_parameter_at_a_time() {
    // A cubic with cross terms: central differences have an O(h²) error.
    let f = |p: &[f64]| p[0].powi(3) + p[0] * p[1] * p[2] - p[2].sin();
    let p = [0.7, -1.2, 2.0];
    let g = numerical_gradient(&f, &p, 1e-4);
    let exact = [
        3.0 * 0.49 + (-1.2 * 2.0),
        0.7 * 2.0,
        0.7 * -1.2 - 2.0_f64.cos(),
    ];
    for (got, want) in g.iter().zip(exact) {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-7);
    }
}

#[test]
fn numerical_gradient_checks_the_slide_neuron() {
    // The slide's squared-error cost as a function of θ = (w1, w2, b), with
    // x = (1, 0) and y = 1; central differences at the slide's (1, −1, 1).
    let f = |p: &[f64]| 0.5 * (1.0 - sigmoid(p[0] * X[0] + p[1] * X[1] + p[2])).powi(2);
    let g = numerical_gradient(&f, &[W[0], W[1], B], 1e-5);
    assert_eq!(g.len(), 3);
    assert_abs_diff_eq!(g[0], -0.0125155, epsilon = 1e-7);
    assert_abs_diff_eq!(g[1], 0.0, epsilon = 1e-12);
    assert_abs_diff_eq!(g[2], -0.0125155, epsilon = 1e-7);
}
