//! The cells that call the student's `vectorization` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

use ndarray::{Array1, Array2, array};
use nncore::Mlp;

pub fn dense_layer() {
    let w = array![[1.0, 2.0], [3.0, 4.0]];
    let b = array![0.5, -0.5];
    check!(vectorization => dense_layer(&w, &b, &array![1.0, -1.0]));
    // The slides' layer: d = 784 inputs, m = 128 neurons.
    let w = Array2::from_elem((128, 784), 0.001);
    let b = Array1::from_elem(128, 0.216);
    let x = Array1::ones(784);
    check!(vectorization => dense_layer(&w, &b, &x), |z| z.map(|v| v.len()));
    // W transposed: the shapes do not fit.
    check!(vectorization => dense_layer(&w.t().to_owned(), &b, &x));
}

pub fn dense_layer_batch() {
    let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let b = array![1.0, -1.0, 0.5];
    let x = array![[2.0, 1.0], [0.0, 1.0]];
    check!(vectorization => dense_layer_batch(&w, &b, &x));
}

pub fn layer_shapes() {
    check!(vectorization => layer_shapes(&[784, 128, 10]));
}

pub fn forward_pass() {
    let net = Mlp::new(
        vec![array![[1.0, -1.0], [2.0, 0.0]], array![[2.0, -2.0]]],
        vec![array![0.0, -2.0], array![1.0]],
    )
    .expect("the shapes fit");
    check!(vectorization => forward_pass(&net, &array![1.0, 1.0]));
    check!(vectorization => forward_pass(&net, &array![1.0, 1.0, 1.0]));
}
