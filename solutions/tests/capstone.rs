//! Tests of the reference solutions of the final project: softmax, one-hot,
//! accuracy, the softmax + cross-entropy gradient, one SGD step (checked
//! against finite differences) and the training loop with early stopping.

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2, array};
use nncore::{Mlp, Rng};
use solutions::capstone::*;

#[test]
fn softmax_matches_the_book_and_does_not_overflow() {
    let p = softmax(&array![1.0, 2.0, 3.0]);
    for (got, want) in p
        .iter()
        .zip([0.09003057317038046, 0.24472847105479764, 0.6652409557748218])
    {
        assert_abs_diff_eq!(*got, want, epsilon = 1e-15);
    }
    let big = softmax(&array![1000.0, 1001.0]);
    assert_abs_diff_eq!(big[0], 0.2689414213699951, epsilon = 1e-15);
    assert_abs_diff_eq!(big[1], 0.7310585786300049, epsilon = 1e-15);
    let tiny = softmax(&array![-1000.0, -1000.0]);
    assert_eq!(tiny, array![0.5, 0.5]);
    assert!(softmax(&Array1::zeros(0)).is_empty());
}

#[test]
fn one_hot_rows_and_bad_labels() {
    assert_eq!(
        one_hot(&[2, 0], 3).unwrap(),
        array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    );
    assert_eq!(one_hot(&[], 4).unwrap().dim(), (0, 4));
    let e = one_hot(&[1, 3], 3).unwrap_err().to_string();
    assert!(e.contains("etiqueta 3"), "{e}");
}

#[test]
fn accuracy_takes_the_first_largest_score() {
    let scores = array![
        [0.1, 0.7, 0.2],
        [0.5, 0.5, 0.0],
        [0.0, 0.0, 1.0],
        [3.0, -1.0, 2.0]
    ];
    assert_eq!(accuracy(&scores, &[1, 0, 2, 0]), 1.0);
    assert_eq!(accuracy(&scores, &[1, 1, 2, 2]), 0.5);
    assert_eq!(accuracy(&scores, &[0, 1, 0, 1]), 0.0);
}

#[test]
fn softmax_cross_entropy_is_the_mean_and_its_gradient_is_p_minus_y_over_n() {
    let z = array![[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]];
    let y = array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]];
    let (loss, grad) = softmax_cross_entropy(&z, &y);
    // −ln 0.66524… for the first row, 0 for the second (P ≈ 1), halved.
    assert_abs_diff_eq!(loss, -0.6652409557748218_f64.ln() / 2.0, epsilon = 1e-12);
    assert!(grad.iter().all(|g| g.is_finite()));
    let p0 = softmax(&z.row(0).to_owned());
    for k in 0..3 {
        assert_abs_diff_eq!(grad[[0, k]], (p0[k] - y[[0, k]]) / 2.0, epsilon = 1e-15);
    }
    // A confident wrong answer costs about the margin, not infinity.
    let (wrong, _) = softmax_cross_entropy(&array![[0.0, 800.0]], &array![[1.0, 0.0]]);
    assert_abs_diff_eq!(wrong, 800.0, epsilon = 1e-9);
}

fn mean_loss(net: &Mlp, x: &Array2<f64>, y: &Array2<f64>) -> f64 {
    softmax_cross_entropy(&logits(net, x), y).0
}

#[test]
fn sgd_step_follows_the_finite_difference_gradient() {
    let mut rng = Rng::new(3);
    let net = Mlp::random(&[3, 4, 5, 3], &mut rng);
    let x = Array2::from_shape_fn((6, 3), |_| rng.normal());
    let y = one_hot(&[0, 2, 1, 1, 0, 2], 3).unwrap();
    let eta = 0.5;
    let (stepped, loss) = sgd_step(&net, &x, &y, eta);
    assert_abs_diff_eq!(loss, mean_loss(&net, &x, &y), epsilon = 1e-12);
    let h = 1e-6;
    for l in 0..net.depth() {
        for ((i, j), w) in net.weights[l].indexed_iter() {
            let mut plus = net.clone();
            plus.weights[l][[i, j]] = w + h;
            let mut minus = net.clone();
            minus.weights[l][[i, j]] = w - h;
            let numeric = (mean_loss(&plus, &x, &y) - mean_loss(&minus, &x, &y)) / (2.0 * h);
            let step = (net.weights[l][[i, j]] - stepped.weights[l][[i, j]]) / eta;
            assert_abs_diff_eq!(step, numeric, epsilon = 1e-7);
        }
        for (i, b) in net.biases[l].indexed_iter() {
            let mut plus = net.clone();
            plus.biases[l][i] = b + h;
            let mut minus = net.clone();
            minus.biases[l][i] = b - h;
            let numeric = (mean_loss(&plus, &x, &y) - mean_loss(&minus, &x, &y)) / (2.0 * h);
            let step = (net.biases[l][i] - stepped.biases[l][i]) / eta;
            assert_abs_diff_eq!(step, numeric, epsilon = 1e-7);
        }
    }
    assert!(mean_loss(&stepped, &x, &y) < loss);
}

/// Three well separated blobs in 2-D, 40 points each, interleaved.
fn blobs() -> (Array2<f64>, Vec<usize>) {
    let mut rng = Rng::new(11);
    let centres = [(0.0, 2.0), (2.0, -1.0), (-2.0, -1.0)];
    let labels: Vec<usize> = (0..120).map(|i| i % 3).collect();
    let x = Array2::from_shape_fn((120, 2), |(i, j)| {
        let c = centres[labels[i]];
        (if j == 0 { c.0 } else { c.1 }) + 1.0 * rng.normal()
    });
    (x, labels)
}

#[test]
fn train_learns_keeps_the_best_network_and_stops_early() {
    let (x, labels) = blobs();
    let config = TrainConfig {
        hidden: 6,
        classes: 3,
        eta: 0.5,
        batch_size: 10,
        max_epochs: 200,
        patience: 5,
        validation: 30,
        seed: 4,
    };
    let t = train(&x, &labels, &config);
    let n = t.val_losses.len();
    assert_eq!(t.val_accuracies.len(), n);
    assert!(n < 200, "early stopping never stopped: {:?}", t.val_losses);
    assert_eq!(t.best_epoch + config.patience, n - 1);
    let best = t.val_losses.iter().cloned().fold(f64::INFINITY, f64::min);
    assert_eq!(t.val_losses[t.best_epoch], best);
    // The returned network is the best epoch's.
    let x_val = x.slice(ndarray::s![90.., ..]).to_owned();
    let y_val = one_hot(&labels[90..], 3).unwrap();
    assert_abs_diff_eq!(mean_loss(&t.net, &x_val, &y_val), best, epsilon = 1e-12);
    assert!(
        t.val_accuracies[t.best_epoch] >= 0.85,
        "{:?}",
        t.val_accuracies
    );
    assert_eq!(t.net.layer_sizes(), vec![2, 6, 3]);

    // Without patience to spare, it runs to max_epochs.
    let short = train(
        &x,
        &labels,
        &TrainConfig {
            max_epochs: 3,
            patience: 10,
            ..config
        },
    );
    assert_eq!(short.val_losses.len(), 3);
}
