//! The cells that call the student's `cnn_rnn` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

use ndarray::{Array2, array};

pub fn conv2d() {
    // The book's vertical-edge detector on a 6×6 image, light on the left.
    let image = Array2::from_shape_fn((6, 6), |(_, j)| if j < 3 { 10.0 } else { 0.0 });
    let kernel = array![[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]];
    check!(cnn_rnn => conv2d(&image, &kernel, 1));
    check!(cnn_rnn => conv2d(&image, &kernel, 2));
}

pub fn max_pool() {
    let input = array![
        [1.0, 3.0, 2.0, 1.0],
        [4.0, 2.0, 0.0, 1.0],
        [5.0, 1.0, 7.0, 8.0],
        [0.0, 2.0, 6.0, 3.0]
    ];
    check!(cnn_rnn => max_pool(&input, 2, 2));
}

pub fn dense_parameter_count() {
    check!(cnn_rnn => dense_parameter_count(784, 128));
}

pub fn conv_parameter_count() {
    check!(cnn_rnn => conv_parameter_count(5, 5, 1, 32));
}

pub fn rnn_step() {
    let wx = array![[2.0, 0.0], [0.0, 2.0]];
    let wh = array![[1.5, 0.0], [0.0, 1.5]];
    let b = array![0.0, 0.0];
    check!(cnn_rnn => rnn_step(&wx, &wh, &b, &array![1.0, 0.0], &array![0.0, 0.0]));
}

pub fn rnn_run() {
    let wx = array![[2.0, 0.0], [0.0, 2.0]];
    let wh = array![[1.5, 0.0], [0.0, 1.5]];
    let b = array![0.0, 0.0];
    // «llegaría a Neuquén»: the verb, then two words that carry no signal.
    let xs = [array![1.0, 0.0], array![0.0, 0.0], array![0.0, 0.0]];
    check!(cnn_rnn => rnn_run(&wx, &wh, &b, &xs, &array![0.0, 0.0]));
}
