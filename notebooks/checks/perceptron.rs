//! The cells that call the student's `perceptron` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

pub fn sign() {
    check!(perceptron => sign(0.0));
    check!(perceptron => sign(4.4));
}

pub fn weighted_sum() {
    let w = [1.2, 0.7];
    let x = [3.0, 4.0];
    let b = -2.0;
    check!(perceptron => weighted_sum(&w, &x, b));
}

pub fn perceptron_output() {
    check!(perceptron => perceptron_output(&[1.2, 0.7], &[3.0, 4.0], -2.0));
    check!(perceptron => perceptron_output(&[1.2, 0.7], &[0.0, 1.0], -2.0));
}

pub fn train_step() {
    check!(perceptron => train_step(&[0.0, 0.0], 0.0, &[3.0, 4.0], 1.0, 0.1));
    check!(perceptron => train_step(&[1.2, 0.7], -2.0, &[3.0, 4.0], -1.0, 0.1));
}

pub fn train() {
    let and = [
        (vec![-1.0, -1.0], -1.0),
        (vec![-1.0, 1.0], -1.0),
        (vec![1.0, -1.0], -1.0),
        (vec![1.0, 1.0], 1.0),
    ];
    let xor = [
        (vec![-1.0, -1.0], -1.0),
        (vec![-1.0, 1.0], 1.0),
        (vec![1.0, -1.0], 1.0),
        (vec![1.0, 1.0], -1.0),
    ];
    check!(perceptron => train(&and, &[0.0, 0.0], 0.0, 1.0, 100));
    check!(perceptron => train(&xor, &[0.0, 0.0], 0.0, 1.0, 100));
}
