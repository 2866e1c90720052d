//! Tests of the reference solution of the chapter «Arquitectura», sections
//! «Vectorización» and «Propagación hacia adelante».

use approx::{abs_diff_eq, assert_abs_diff_eq};
use ndarray::{Array1, Array2, array};
use nncore::{Mlp, Rng};
use solutions::vectorization::*;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn random_vector(n: usize, rng: &mut Rng) -> Array1<f64> {
    Array1::from_shape_fn(n, |_| rng.uniform_range(-1.0, 1.0))
}

fn random_matrix(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |_| rng.uniform_range(-1.0, 1.0))
}

/// `W x + b` written as explicit loops, independent of the solution.
fn dense_by_hand(w: &Array2<f64>, b: &Array1<f64>, x: &Array1<f64>) -> Array1<f64> {
    Array1::from_shape_fn(w.nrows(), |i| {
        (0..w.ncols()).map(|j| w[[i, j]] * x[j]).sum::<f64>() + b[i]
    })
}

fn assert_vectors_close(got: &Array1<f64>, expected: &Array1<f64>, epsilon: f64) {
    assert_eq!(got.len(), expected.len(), "lengths differ");
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!(
            abs_diff_eq!(*g, *e, epsilon = epsilon),
            "element {i}: got {g}, expected {e} (tolerance {epsilon})"
        );
    }
}

#[test]
fn layer_shapes_of_the_slide_first_layer() {
    // Vectorization slide: d = 784, m = 128 → W is 128×784, b has 128.
    assert_eq!(layer_shapes(&[784, 128]), vec![((128, 784), 128)]);
}

#[test]
fn layer_shapes_of_a_784_128_10_network() {
    assert_eq!(
        layer_shapes(&[784, 128, 10]),
        vec![((128, 784), 128), ((10, 128), 10)]
    );
    assert_eq!(
        layer_shapes(&[3, 5, 4, 2]),
        vec![((5, 3), 5), ((4, 5), 4), ((2, 4), 2)]
    );
}

#[test]
fn layer_shapes_without_layers_is_empty() {
    assert_eq!(layer_shapes(&[784]), vec![]);
    assert_eq!(layer_shapes(&[]), vec![]);
}

#[test]
fn dense_layer_slide_shapes_on_a_784_vector() {
    let mut rng = Rng::new(11);
    // A 28×28 image flattened into d = 784 inputs; m = 128 neurons.
    let w = random_matrix(128, 784, &mut rng);
    let b = random_vector(128, &mut rng);
    let x = random_vector(784, &mut rng);
    assert_eq!(w.dim(), (128, 784));
    assert_eq!(b.len(), 128);
    let z = dense_layer(&w, &b, &x).unwrap();
    assert_eq!(z.len(), 128);
    assert_vectors_close(&z, &dense_by_hand(&w, &b, &x), 1e-12);
}

#[test]
fn dense_layer_small_example_by_hand() {
    let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let b = array![1.0, -1.0, 0.5];
    let x = array![1.0, -1.0];
    // (1 − 2 + 1, 3 − 4 − 1, 5 − 6 + 0.5)
    let z = dense_layer(&w, &b, &x).unwrap();
    assert_vectors_close(&z, &array![0.0, -2.0, -0.5], 1e-12);
}

#[test]
fn dense_layer_rejects_an_input_of_the_wrong_length() {
    let w = Array2::zeros((128, 784));
    let b = Array1::zeros(128);
    let err = dense_layer(&w, &b, &Array1::zeros(10)).unwrap_err();
    assert!(
        err.message.contains("784") && err.message.contains("10"),
        "the message should say expected vs got: {err}"
    );
    // x of length m instead of d.
    assert!(dense_layer(&w, &b, &Array1::zeros(128)).is_err());
}

#[test]
fn dense_layer_rejects_a_bias_of_the_wrong_length() {
    let w = Array2::zeros((128, 784));
    let x = Array1::zeros(784);
    let err = dense_layer(&w, &Array1::zeros(784), &x).unwrap_err();
    assert!(
        err.message.contains("128") && err.message.contains("784"),
        "the message should say expected vs got: {err}"
    );
    assert!(dense_layer(&w, &Array1::zeros(127), &x).is_err());
}

#[test]
fn dense_layer_rejects_a_transposed_weight_matrix() {
    let w = Array2::zeros((784, 128));
    assert!(dense_layer(&w, &Array1::zeros(128), &Array1::zeros(784)).is_err());
}

#[test]
fn dense_layer_batch_row_i_is_dense_layer_on_row_i() {
    let mut rng = Rng::new(5);
    for (n, d, m) in [(4, 3, 2), (1, 5, 5), (7, 2, 6), (3, 784, 128)] {
        let w = random_matrix(m, d, &mut rng);
        let b = random_vector(m, &mut rng);
        let x = random_matrix(n, d, &mut rng);
        let z = dense_layer_batch(&w, &b, &x).unwrap();
        assert_eq!(z.dim(), (n, m));
        for i in 0..n {
            let single = dense_layer(&w, &b, &x.row(i).to_owned()).unwrap();
            assert_vectors_close(&z.row(i).to_owned(), &single, 1e-12);
            assert_vectors_close(
                &z.row(i).to_owned(),
                &dense_by_hand(&w, &b, &x.row(i).to_owned()),
                1e-12,
            );
        }
    }
}

#[test]
fn dense_layer_batch_small_example_by_hand() {
    let w = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let b = array![1.0, -1.0, 0.5];
    // One example per row.
    let x = array![[1.0, -1.0], [0.0, 1.0]];
    let z = dense_layer_batch(&w, &b, &x).unwrap();
    let expected = array![[0.0, -2.0, -0.5], [3.0, 3.0, 6.5]];
    assert_eq!(z.dim(), (2, 3));
    for (g, e) in z.iter().zip(&expected) {
        assert_abs_diff_eq!(*g, *e, epsilon = 1e-12);
    }
}

#[test]
fn dense_layer_batch_of_no_examples_is_empty() {
    let w = Array2::zeros((3, 2));
    let z = dense_layer_batch(&w, &Array1::zeros(3), &Array2::zeros((0, 2))).unwrap();
    assert_eq!(z.dim(), (0, 3));
}

#[test]
fn dense_layer_batch_rejects_examples_as_columns() {
    // X must be n × d (one row per example); d × n is an error.
    let w = Array2::zeros((3, 2));
    let b = Array1::zeros(3);
    assert!(dense_layer_batch(&w, &b, &Array2::zeros((4, 2))).is_ok());
    assert!(dense_layer_batch(&w, &b, &Array2::zeros((2, 4))).is_err());
    let w = Array2::zeros((128, 784));
    let err = dense_layer_batch(&w, &Array1::zeros(128), &Array2::zeros((784, 5))).unwrap_err();
    assert!(
        err.message.contains("784") && err.message.contains('5'),
        "the message should say expected vs got: {err}"
    );
}

#[test]
fn dense_layer_batch_rejects_a_bias_of_the_wrong_length() {
    let w = Array2::zeros((3, 2));
    let x = Array2::zeros((4, 2));
    assert!(dense_layer_batch(&w, &Array1::zeros(2), &x).is_err());
    assert!(dense_layer_batch(&w, &Array1::zeros(4), &x).is_err());
}

#[test]
fn forward_pass_returns_l_plus_one_activations_starting_with_x() {
    let mut rng = Rng::new(3);
    let net = Mlp::random(&[3, 4, 5, 2], &mut rng);
    let x = array![0.5, -1.0, 2.0];
    let a = forward_pass(&net, &x).unwrap();
    assert_eq!(a.len(), 4, "a[0], a[1], a[2], a[3]");
    assert_eq!(a[0], x);
    let lengths: Vec<usize> = a.iter().map(Array1::len).collect();
    assert_eq!(lengths, vec![3, 4, 5, 2]);
}

#[test]
fn forward_pass_applies_the_sigmoid_to_every_layer() {
    let mut rng = Rng::new(8);
    let mut net = Mlp::random(&[3, 4, 5, 2], &mut rng);
    for b in &mut net.biases {
        b.mapv_inplace(|_| rng.uniform_range(-1.0, 1.0));
    }
    let x = random_vector(3, &mut rng);
    let a = forward_pass(&net, &x).unwrap();
    let mut expected = x.clone();
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        expected = dense_by_hand(w, b, &expected).mapv(sigmoid);
        assert_vectors_close(&a[l + 1], &expected, 1e-12);
    }
}

#[test]
fn forward_pass_of_the_backprop_slide_neuron() {
    // The slides' x = (1, 0), w = (1, −1), b = 1: z = 2 and ŷ = σ(2) ≈ 0.880797.
    let net = Mlp::new(vec![array![[1.0, -1.0]]], vec![array![1.0]]).unwrap();
    let a = forward_pass(&net, &array![1.0, 0.0]).unwrap();
    assert_eq!(a.len(), 2);
    assert_abs_diff_eq!(a[1][0], 0.880797, epsilon = 1e-6);
}

#[test]
fn forward_pass_on_the_slide_784_128_10_network() {
    let mut rng = Rng::new(1);
    let net = Mlp::random(&[784, 128, 10], &mut rng);
    let x = random_vector(784, &mut rng);
    let a = forward_pass(&net, &x).unwrap();
    let lengths: Vec<usize> = a.iter().map(Array1::len).collect();
    assert_eq!(lengths, vec![784, 128, 10]);
    assert!(a[1..].iter().flatten().all(|&v| v > 0.0 && v < 1.0));
}

#[test]
fn forward_pass_without_layers_returns_only_x() {
    let net = Mlp {
        weights: vec![],
        biases: vec![],
    };
    let x = array![1.0, 2.0];
    assert_eq!(forward_pass(&net, &x).unwrap(), vec![x]);
}

#[test]
fn forward_pass_rejects_an_input_of_the_wrong_length() {
    let net = Mlp::random(&[784, 128, 10], &mut Rng::new(0));
    let err = forward_pass(&net, &Array1::zeros(10)).unwrap_err();
    assert!(
        err.message.contains("784") && err.message.contains("10"),
        "the message should say expected vs got: {err}"
    );
    assert!(forward_pass(&net, &Array1::zeros(783)).is_err());
}

#[test]
fn forward_pass_rejects_layers_that_do_not_fit() {
    // Built without `Mlp::new`, which would refuse it: W2 expects 3 inputs
    // but layer 1 has 4 neurons.
    let net = Mlp {
        weights: vec![Array2::zeros((4, 2)), Array2::zeros((1, 3))],
        biases: vec![Array1::zeros(4), Array1::zeros(1)],
    };
    assert!(forward_pass(&net, &Array1::zeros(2)).is_err());
}

#[test]
fn forward_pass_rejects_a_bias_of_the_wrong_length() {
    let net = Mlp {
        weights: vec![Array2::zeros((4, 2)), Array2::zeros((1, 4))],
        biases: vec![Array1::zeros(4), Array1::zeros(3)],
    };
    assert!(forward_pass(&net, &Array1::zeros(2)).is_err());
}

#[test]
fn forward_pass_rejects_a_missing_bias_vector() {
    let net = Mlp {
        weights: vec![Array2::zeros((4, 2)), Array2::zeros((1, 4))],
        biases: vec![Array1::zeros(4)],
    };
    assert!(forward_pass(&net, &Array1::zeros(2)).is_err());
}
