//! Tests of the reference solutions of the «Variantes» chapter: convolution,
//! pooling, parameter counts and a simple recurrent cell.

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, array};
use nncore::Rng;
use solutions::cnn_rnn::*;

fn assert_array_close(got: &Array2<f64>, want: &Array2<f64>, epsilon: f64) {
    assert_eq!(got.dim(), want.dim(), "shapes differ:\n{got}\nvs\n{want}");
    for (g, w) in got.iter().zip(want) {
        assert_abs_diff_eq!(*g, *w, epsilon = epsilon);
    }
}

// ---------------------------------------------------------------------------
// Convolution
// ---------------------------------------------------------------------------

#[test]
fn conv2d_stride_one_by_hand() {
    let input = array![
        [1.0, 2.0, 0.0, -1.0],
        [3.0, -2.0, 4.0, 1.0],
        [0.0, 5.0, -3.0, 2.0]
    ];
    // out[i, j] = in[i, j] + 2·in[i, j+1] − in[i+1, j] (the kernel is not flipped).
    let kernel = array![[1.0, 2.0], [-1.0, 0.0]];
    let out = conv2d(&input, &kernel, 1);
    // 3×4 input, 2×2 kernel: (3 − 2) + 1 = 2 rows, (4 − 2) + 1 = 3 columns.
    let want = array![[2.0, 4.0, -6.0], [-1.0, 1.0, 9.0]];
    assert_array_close(&out, &want, 1e-12);
}

#[test]
fn conv2d_stride_two_by_hand() {
    // in[r, c] = 6r + c, except in[2, 3] = −10.
    let mut input = Array2::from_shape_fn((5, 6), |(r, c)| (6 * r + c) as f64);
    input[[2, 3]] = -10.0;
    let kernel = array![[1.0, 0.0, -1.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]];
    let out = conv2d(&input, &kernel, 2);
    // ⌊(5 − 3)/2⌋ + 1 = 2 rows and ⌊(6 − 3)/2⌋ + 1 = 2 columns; e.g.
    // out[0, 1] = in[0,2] − in[0,4] + 2·in[1,3] + in[2,4] = 2 − 4 + 18 + 16.
    let want = array![[26.0, 32.0], [62.0, 68.0]];
    assert_array_close(&out, &want, 1e-12);
    // With stride 1 the same window at (0, 1) covers columns 1..4 instead.
    let out1 = conv2d(&input, &kernel, 1);
    assert_eq!(out1.dim(), (3, 4));
    assert_abs_diff_eq!(out1[[0, 0]], 26.0, epsilon = 1e-12);
    // in[0,1] − in[0,3] + 2·in[1,2] + in[2,3] = 1 − 3 + 16 − 10.
    assert_abs_diff_eq!(out1[[0, 1]], 4.0, epsilon = 1e-12);
}

#[test]
fn conv2d_output_sizes() {
    let cases = [
        // (H, W, k_h, k_w, stride, rows, cols)
        (28, 28, 5, 5, 1, 24, 24),
        (28, 28, 3, 3, 2, 13, 13),
        (7, 4, 2, 2, 2, 3, 2),
        (6, 6, 3, 3, 2, 2, 2),
        (5, 9, 5, 1, 3, 1, 3),
        (4, 4, 4, 4, 1, 1, 1),
        (10, 3, 1, 3, 4, 3, 1),
    ];
    for (h, w, kh, kw, s, rows, cols) in cases {
        let out = conv2d(&Array2::ones((h, w)), &Array2::ones((kh, kw)), s);
        assert_eq!(out.dim(), (rows, cols), "{h}×{w} * {kh}×{kw}, stride {s}");
        // Every window of ones sums to k_h · k_w.
        assert!(out.iter().all(|&v| v == (kh * kw) as f64));
    }
}

#[test]
fn conv2d_with_a_one_by_one_kernel_scales_and_subsamples() {
    let input = Array2::from_shape_fn((5, 5), |(r, c)| (10 * r + c) as f64);
    let out = conv2d(&input, &array![[3.0]], 2);
    let want = Array2::from_shape_fn((3, 3), |(r, c)| 3.0 * (20 * r + 2 * c) as f64);
    assert_array_close(&out, &want, 1e-12);
}

// ---------------------------------------------------------------------------
// Max pooling
// ---------------------------------------------------------------------------

#[test]
fn max_pool_two_by_two_stride_two() {
    let input = array![
        [1.0, 3.0, 2.0, 0.0],
        [4.0, -1.0, 5.0, 6.0],
        [-7.0, -8.0, 0.5, 0.25],
        [-9.0, -6.0, 0.75, 0.0]
    ];
    let out = max_pool(&input, 2, 2);
    // The bottom-left window is all negative: its maximum is −6, not 0.
    assert_array_close(&out, &array![[4.0, 6.0], [-6.0, 0.75]], 1e-12);
}

#[test]
fn max_pool_overlapping_windows() {
    let input = array![[1.0, 9.0, 2.0], [3.0, 4.0, 8.0], [7.0, 5.0, 6.0]];
    let out = max_pool(&input, 2, 1);
    assert_array_close(&out, &array![[9.0, 9.0], [7.0, 8.0]], 1e-12);
    // Odd sizes: a 5×7 input with 2×2 windows and stride 2 gives 2×3.
    assert_eq!(max_pool(&Array2::zeros((5, 7)), 2, 2).dim(), (2, 3));
    // size 3, stride 2 on 7×7 gives 3×3.
    assert_eq!(max_pool(&Array2::zeros((7, 7)), 3, 2).dim(), (3, 3));
}

#[test]
fn max_pool_of_all_negative_values() {
    let input = Array2::from_shape_fn((4, 6), |(r, c)| -1.0 - (r * 6 + c) as f64);
    let out = max_pool(&input, 2, 2);
    // The maximum of each window is its top-left cell.
    let want = Array2::from_shape_fn((2, 3), |(r, c)| -1.0 - (12 * r + 2 * c) as f64);
    assert_array_close(&out, &want, 1e-12);
}

// ---------------------------------------------------------------------------
// Parameter counts
// ---------------------------------------------------------------------------

#[test]
fn dense_parameter_count_of_the_slides_layer() {
    assert_eq!(dense_parameter_count(784, 128), 100_480);
    assert_eq!(dense_parameter_count(128, 10), 1_290);
    assert_eq!(dense_parameter_count(2, 1), 3);
}

#[test]
fn conv_parameter_count_shares_weights() {
    // 16 filters of 3×3 over an RGB image: 16 · (27 + 1).
    assert_eq!(conv_parameter_count(3, 3, 3, 16), 448);
    // LeNet-5's first layer: 6 filters of 5×5 over one channel.
    assert_eq!(conv_parameter_count(5, 5, 1, 6), 156);
    // Non-square kernels: 8 · (2·4·5 + 1).
    assert_eq!(conv_parameter_count(2, 4, 5, 8), 328);
    // Far fewer than a dense layer over a 28×28 image.
    assert!(conv_parameter_count(5, 5, 1, 6) < dense_parameter_count(784, 6));
}

// ---------------------------------------------------------------------------
// Recurrent cell
// ---------------------------------------------------------------------------

fn example_cell() -> (Array2<f64>, Array2<f64>, Array1<f64>) {
    let wx = array![[0.5, -1.0, 0.25], [0.0, 2.0, -0.5]];
    let wh = array![[0.1, -0.2], [0.3, 0.4]];
    let b = array![0.05, -0.1];
    (wx, wh, b)
}

#[test]
fn rnn_step_by_hand() {
    let (wx, wh, b) = example_cell();
    let x = array![1.0, 0.5, -2.0];
    let h_prev = array![0.2, -0.6];
    let h = rnn_step(&wx, &wh, &b, &x, &h_prev);
    // W_x x = (−0.5, 2.0), W_h h = (0.14, −0.18), + b → (−0.31, 1.72).
    assert_eq!(h.len(), 2);
    assert_abs_diff_eq!(h[0], (-0.31_f64).tanh(), epsilon = 1e-12);
    assert_abs_diff_eq!(h[1], 1.72_f64.tanh(), epsilon = 1e-12);
    assert_abs_diff_eq!(h[0], -0.300437, epsilon = 1e-6);
    assert_abs_diff_eq!(h[1], 0.937863, epsilon = 1e-6);
}

#[test]
fn rnn_step_with_a_square_cell_uses_each_matrix_for_its_input() {
    // n_x = n_h, so swapping W_x and W_h would still have the right shapes.
    let wx = array![[1.0, 0.0], [0.0, 2.0]];
    let wh = array![[0.0, -1.0], [0.5, 0.0]];
    let b = array![0.0, 0.1];
    let h = rnn_step(&wx, &wh, &b, &array![0.3, -0.2], &array![0.4, 0.6]);
    // (0.3 − 0.6, −0.4 + 0.2 + 0.1) = (−0.3, −0.1).
    assert_abs_diff_eq!(h[0], (-0.3_f64).tanh(), epsilon = 1e-12);
    assert_abs_diff_eq!(h[1], (-0.1_f64).tanh(), epsilon = 1e-12);
}

#[test]
fn rnn_run_equals_repeated_steps() {
    let mut rng = Rng::new(17);
    let (n_x, n_h, t) = (3, 4, 6);
    let mut rand =
        |r: usize, c: usize| Array2::from_shape_fn((r, c), |_| rng.uniform_range(-1.0, 1.0));
    let wx = rand(n_h, n_x);
    let wh = rand(n_h, n_h);
    let b = rand(n_h, 1).column(0).to_owned();
    let h0 = rand(n_h, 1).column(0).to_owned();
    let xs: Vec<Array1<f64>> = (0..t).map(|_| rand(n_x, 1).column(0).to_owned()).collect();

    let states = rnn_run(&wx, &wh, &b, &xs, &h0);
    assert_eq!(
        states.len(),
        t,
        "one state per element of the sequence, without h0"
    );
    let mut h = h0.clone();
    for (k, x) in xs.iter().enumerate() {
        h = rnn_step(&wx, &wh, &b, x, &h);
        assert_eq!(states[k].len(), n_h);
        for (got, want) in states[k].iter().zip(&h) {
            assert_abs_diff_eq!(*got, *want, epsilon = 1e-12);
        }
    }
    // The state carries over: the second state is not a step from h0.
    let from_h0 = rnn_step(&wx, &wh, &b, &xs[1], &h0);
    assert!((&states[1] - &from_h0).iter().any(|d| d.abs() > 1e-6));
}

#[test]
fn rnn_run_by_hand_and_on_an_empty_sequence() {
    // One unit: h_t = tanh(x_t + 0.5 h_{t−1}).
    let wx = array![[1.0]];
    let wh = array![[0.5]];
    let b = array![0.0];
    let xs = [array![1.0], array![0.0]];
    let states = rnn_run(&wx, &wh, &b, &xs, &array![0.0]);
    let h1 = 1.0_f64.tanh();
    assert_eq!(states.len(), 2);
    assert_abs_diff_eq!(states[0][0], h1, epsilon = 1e-12);
    assert_abs_diff_eq!(states[1][0], (0.5 * h1).tanh(), epsilon = 1e-12);
    assert!(rnn_run(&wx, &wh, &b, &[], &array![0.3]).is_empty());
}
