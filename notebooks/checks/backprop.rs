//! The cells that call the student's `backprop` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

use ndarray::array;
use nncore::Mlp;

pub fn neuron_gradient_squared_error() {
    // The slides' neuron: x = (1, 0), y = 1, w = (1, −1), b = 1.
    let (x, y) = ([1.0, 0.0], 1.0);
    let (w, b) = ([1.0, -1.0], 1.0);
    check!(backprop => neuron_gradient_squared_error(&w, b, &x, y));
}

pub fn neuron_gradient_cross_entropy() {
    let (x, y) = ([1.0, 0.0], 1.0);
    let (w, b) = ([1.0, -1.0], 1.0);
    check!(backprop => neuron_gradient_cross_entropy(&w, b, &x, y));
}

pub fn gradient_descent_step() {
    let params = [1.0, -1.0, 1.0]; // w1, w2, b
    let grads = [-0.012515544, 0.0, -0.012515544];
    check!(backprop => gradient_descent_step(&params, &grads, 0.1));
}

pub fn backprop() {
    // The book's 2 → 2 → 1 network, with x = (0.05, 0.10) and y = 0.99.
    let net = Mlp::new(
        vec![array![[0.15, 0.20], [0.25, 0.30]], array![[0.40, 0.45]]],
        vec![array![0.35, 0.35], array![0.60]],
    )
    .expect("the shapes fit");
    let activations = solutions::vectorization::forward_pass(&net, &array![0.05, 0.10])
        .expect("x fits the first layer");
    check!(backprop => backprop(&net, &activations, &array![0.99]));
}

pub fn numerical_gradient() {
    // f(θ) = θ1² + 3 θ1 θ2: its gradient at (1, 2) is (2θ1 + 3θ2, 3θ1) = (8, 3).
    fn f(theta: &[f64]) -> f64 {
        theta[0] * theta[0] + 3.0 * theta[0] * theta[1]
    }
    check!(backprop => numerical_gradient(&f, &[1.0, 2.0], 1e-5));
}
