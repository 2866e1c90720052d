//! The cells that call the student's `activations` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

pub fn sigmoid() {
    check!(activations => sigmoid(0.0));
    check!(activations => sigmoid(2.0));
}

pub fn sigmoid_derivative() {
    check!(activations => sigmoid_derivative(0.0));
    check!(activations => sigmoid_derivative(2.0));
}

pub fn tanh() {
    check!(activations => tanh(1.0));
}

pub fn tanh_derivative() {
    check!(activations => tanh_derivative(1.0));
}

pub fn relu() {
    check!(activations => relu(3.5));
    check!(activations => relu(-2.0));
}

pub fn relu_derivative() {
    check!(activations => relu_derivative(0.0));
    check!(activations => relu_derivative(3.5));
}

pub fn leaky_relu() {
    check!(activations => leaky_relu(-2.0, 0.01));
}

pub fn leaky_relu_derivative() {
    check!(activations => leaky_relu_derivative(0.0, 0.01));
}

pub fn squared_error_cost() {
    let y = [1.0, 0.0, 1.0, 0.0];
    let y_hat = [0.5, 0.5, 1.0, 0.0];
    check!(activations => squared_error_cost(&y, &y_hat));
}

pub fn cross_entropy_cost() {
    let y = [1.0, 0.0];
    let y_hat = [0.8807970779778823, 0.2];
    check!(activations => cross_entropy_cost(&y, &y_hat));
}
