//! Tests of the reference solutions of the «Capacidad de generalización»
//! chapter: mini-batches, optimisers, regularisation and a full XOR run.

use approx::assert_abs_diff_eq;
use ndarray::{Array1, Array2};
use nncore::{Mlp, Rng};
use solutions::generalization::*;

fn assert_all_close(got: &[f64], want: &[f64], epsilon: f64) {
    assert_eq!(got.len(), want.len(), "lengths differ: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert_abs_diff_eq!(*g, *w, epsilon = epsilon);
    }
}

// ---------------------------------------------------------------------------
// Mini-batches
// ---------------------------------------------------------------------------

#[test]
fn minibatches_are_a_permutation_split_into_the_right_sizes() {
    for (n, batch, sizes) in [
        (10, 3, vec![3, 3, 3, 1]),
        (12, 4, vec![4, 4, 4]),
        (5, 5, vec![5]),
        (3, 8, vec![3]),
        (1, 1, vec![1]),
    ] {
        let batches = minibatch_indices(n, batch, 42);
        let got: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(got, sizes, "n = {n}, batch = {batch}");
        let mut all: Vec<usize> = batches.concat();
        all.sort_unstable();
        assert_eq!(all, (0..n).collect::<Vec<_>>(), "n = {n}, batch = {batch}");
    }
    assert!(minibatch_indices(0, 4, 1).is_empty());
}

#[test]
fn minibatches_follow_the_seeded_shuffle() {
    // The contract: shuffle 0..n with Rng::new(seed), then cut in order.
    let mut order: Vec<usize> = (0..20).collect();
    Rng::new(7).shuffle(&mut order);
    let batches = minibatch_indices(20, 6, 7);
    assert_eq!(batches.concat(), order);
    assert_eq!(batches[0], order[..6].to_vec());
    assert_eq!(batches[3], order[18..].to_vec());
}

#[test]
fn minibatches_are_reproducible_and_differ_across_seeds() {
    assert_eq!(minibatch_indices(50, 8, 3), minibatch_indices(50, 8, 3));
    assert_ne!(minibatch_indices(50, 8, 3), minibatch_indices(50, 8, 4));
    // Shuffled, not left in order.
    assert_ne!(minibatch_indices(50, 50, 3)[0], (0..50).collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------
// Learning rate, momentum, adaptive methods
// ---------------------------------------------------------------------------

#[test]
fn decayed_learning_rate_follows_one_over_one_plus_kt() {
    assert_abs_diff_eq!(decayed_learning_rate(0.3, 0.5, 0), 0.3, epsilon = 1e-12);
    assert_abs_diff_eq!(decayed_learning_rate(0.3, 0.5, 1), 0.2, epsilon = 1e-12);
    assert_abs_diff_eq!(decayed_learning_rate(0.3, 0.5, 4), 0.1, epsilon = 1e-12);
    assert_abs_diff_eq!(decayed_learning_rate(0.3, 0.0, 99), 0.3, epsilon = 1e-12);
    assert_abs_diff_eq!(decayed_learning_rate(1.0, 0.01, 100), 0.5, epsilon = 1e-12);
}

#[test]
fn momentum_first_step_is_plain_gradient_descent() {
    let (w, v) = momentum_step(&[1.0, -2.0], &[0.0, 0.0], &[0.5, -4.0], 0.1, 0.9);
    assert_all_close(&v, &[-0.05, 0.4], 1e-12);
    assert_all_close(&w, &[0.95, -1.6], 1e-12);
}

#[test]
fn momentum_accumulates_velocity() {
    // v = 0.9·(−0.05) − 0.1·0.5 = −0.095; w = 0.95 − 0.095 = 0.855.
    // v = 0.9·0.4 − 0.1·1.0 = 0.26;      w = −1.6 + 0.26 = −1.34.
    let (w, v) = momentum_step(&[0.95, -1.6], &[-0.05, 0.4], &[0.5, 1.0], 0.1, 0.9);
    assert_all_close(&v, &[-0.095, 0.26], 1e-12);
    assert_all_close(&w, &[0.855, -1.34], 1e-12);
}

fn fresh_adam(n: usize) -> AdamState {
    AdamState {
        m: vec![0.0; n],
        v: vec![0.0; n],
        t: 0,
    }
}

#[test]
fn adam_first_step_moves_each_weight_by_eta_times_sign_of_gradient() {
    let w = [1.0, -2.0, 0.5, 3.0];
    let g = [0.5, -3.0, 1e-3, 40.0];
    let eta = 1e-3;
    let (new_w, state) = adam_step(&w, &g, &fresh_adam(4), eta, 0.9, 0.999, 1e-8);
    // m̂ = g and v̂ = g² after bias correction, so the step is η g/(|g| + ε).
    for i in 0..4 {
        let exact = w[i] - eta * g[i] / (g[i].abs() + 1e-8);
        assert_abs_diff_eq!(new_w[i], exact, epsilon = 1e-12);
        // ε matters only for tiny gradients: 1e-3 · 1e-8/1e-3 = 1e-8 here.
        assert_abs_diff_eq!(new_w[i], w[i] - eta * g[i].signum(), epsilon = 2e-8);
    }
    assert_eq!(state.t, 1);
    assert_all_close(&state.m, &[0.05, -0.3, 1e-4, 4.0], 1e-12);
    assert_all_close(&state.v, &[0.00025, 0.009, 1e-9, 1.6], 1e-12);
}

#[test]
fn adam_second_step_by_hand() {
    let state = AdamState {
        m: vec![0.05],
        v: vec![0.00025],
        t: 1,
    };
    let (w, state) = adam_step(&[0.999], &[-1.0], &state, 0.01, 0.9, 0.999, 1e-8);
    // m = 0.9·0.05 − 0.1 = −0.055; v = 0.999·0.00025 + 0.001 = 0.00124975;
    // m̂ = −0.055/0.19 ; v̂ = 0.00124975/0.001999.
    let m_hat = -0.055 / (1.0 - 0.81);
    let v_hat: f64 = 0.00124975 / (1.0 - 0.998001);
    assert_eq!(state.t, 2);
    assert_abs_diff_eq!(state.m[0], -0.055, epsilon = 1e-12);
    assert_abs_diff_eq!(state.v[0], 0.00124975, epsilon = 1e-12);
    assert_abs_diff_eq!(
        w[0],
        0.999 - 0.01 * m_hat / (v_hat.sqrt() + 1e-8),
        epsilon = 1e-12
    );
    // About +0.00366: the new gradient outweighs the first step's momentum.
    assert_abs_diff_eq!(w[0], 1.002661, epsilon = 1e-6);
}

#[test]
fn rmsprop_first_step_by_hand() {
    let (w, s) = rmsprop_step(&[1.0, 1.0], &[2.0, -0.5], &[0.0, 0.0], 0.01, 0.9, 1e-8);
    // s = 0.1 g² = (0.4, 0.025); step = η g/√s = η sign(g)/√0.1 ≈ 0.0316228.
    assert_all_close(&s, &[0.4, 0.025], 1e-12);
    assert_all_close(&w, &[1.0 - 0.0316228, 1.0 + 0.0316228], 1e-7);
}

#[test]
fn rmsprop_keeps_a_running_average() {
    let (w, s) = rmsprop_step(&[0.0], &[1.0], &[0.5], 0.1, 0.9, 0.0);
    // s = 0.45 + 0.1 = 0.55; w = −0.1/√0.55.
    assert_all_close(&s, &[0.55], 1e-12);
    assert_all_close(&w, &[-0.1 / 0.55_f64.sqrt()], 1e-12);
}

// ---------------------------------------------------------------------------
// Weight decay
// ---------------------------------------------------------------------------

#[test]
fn weight_decay_adds_lambda_times_squared_norm() {
    // ‖w‖² = 1 + 4 + 9 = 14.
    assert_abs_diff_eq!(
        weight_decay_loss(1.5, &[1.0, -2.0, 3.0], 0.1),
        2.9,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(
        weight_decay_loss(1.5, &[1.0, -2.0, 3.0], 0.0),
        1.5,
        epsilon = 1e-12
    );
    assert_abs_diff_eq!(weight_decay_loss(0.0, &[], 0.5), 0.0, epsilon = 1e-12);
}

#[test]
fn weight_decay_gradient_adds_two_lambda_w() {
    let g = weight_decay_gradient(&[0.5, 0.0, -1.0], &[1.0, -2.0, 3.0], 0.1);
    assert_all_close(&g, &[0.7, -0.4, -0.4], 1e-12);
}

#[test]
fn weight_decay_gradient_is_the_derivative_of_the_loss() {
    // With L₀ = 0 and ∂L₀/∂w = 0, the gradient is the derivative of λ‖w‖².
    let w = [0.3, -1.7, 2.2];
    let lambda = 0.05;
    let g = weight_decay_gradient(&[0.0; 3], &w, lambda);
    for i in 0..3 {
        let h = 1e-5;
        let (mut plus, mut minus) = (w, w);
        plus[i] += h;
        minus[i] -= h;
        let numeric = (weight_decay_loss(0.0, &plus, lambda)
            - weight_decay_loss(0.0, &minus, lambda))
            / (2.0 * h);
        assert_abs_diff_eq!(g[i], numeric, epsilon = 1e-8);
    }
}

// ---------------------------------------------------------------------------
// Dropout
// ---------------------------------------------------------------------------

#[test]
fn dropout_at_test_time_is_the_identity_and_draws_nothing() {
    let a = [0.3, -1.2, 0.0, 5.0];
    let mut rng = Rng::new(9);
    let before = rng.clone();
    assert_eq!(dropout(&a, 0.5, &mut rng, false), a.to_vec());
    assert_eq!(rng, before, "no debe sortear números en modo prueba");
}

#[test]
fn dropout_in_training_follows_the_draws_in_order() {
    let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let keep = 0.6;
    let mut rng = Rng::new(4);
    let mut replay = rng.clone();
    let got = dropout(&a, keep, &mut rng, true);
    let want: Vec<f64> = a
        .iter()
        .map(|&ai| {
            if replay.uniform() < keep {
                ai / keep
            } else {
                0.0
            }
        })
        .collect();
    assert_all_close(&got, &want, 1e-12);
    // Exactly one draw per activation.
    assert_eq!(rng, replay);
    // This seed keeps some neurons and drops others.
    assert!(got.contains(&0.0) && got.iter().any(|&v| v != 0.0));
}

#[test]
fn dropout_keeps_the_expected_activation() {
    let a = [0.5, -2.0, 3.0];
    let keep = 0.8;
    let draws = 20_000;
    let mut rng = Rng::new(123);
    let mut sum = [0.0; 3];
    let mut zeros = 0usize;
    for _ in 0..draws {
        let out = dropout(&a, keep, &mut rng, true);
        for i in 0..3 {
            sum[i] += out[i];
            if out[i] == 0.0 {
                zeros += 1;
            } else {
                // A kept neuron is scaled by 1/keep_prob.
                assert_abs_diff_eq!(out[i], a[i] / keep, epsilon = 1e-12);
            }
        }
    }
    // Mean over 20 000 draws: standard error |a|·√((1−p)/p)/√n ≤ 0.011 for |a| = 3.
    for i in 0..3 {
        assert_abs_diff_eq!(sum[i] / draws as f64, a[i], epsilon = 0.05);
    }
    // About 1 − keep_prob of the neurons are switched off (±0.01).
    let dropped = zeros as f64 / (3 * draws) as f64;
    assert_abs_diff_eq!(dropped, 1.0 - keep, epsilon = 0.01);
}

#[test]
fn dropout_with_keep_prob_one_keeps_everything() {
    let a = [0.1, 0.2, 0.3];
    assert_all_close(&dropout(&a, 1.0, &mut Rng::new(0), true), &a, 1e-15);
}

// ---------------------------------------------------------------------------
// Early stopping
// ---------------------------------------------------------------------------

/// `early_stopping(losses, patience)` gives `(best_epoch, stop_epoch)`.
fn assert_stops(losses: &[f64], patience: usize, (best_epoch, stop_epoch): (usize, usize)) {
    assert_eq!(
        early_stopping(losses, patience),
        EarlyStop {
            best_epoch,
            stop_epoch
        },
        "{losses:?} with patience {patience}"
    );
}

#[test]
fn early_stopping_never_triggered_stops_at_the_last_epoch() {
    assert_stops(&[1.0, 0.9, 0.8, 0.7, 0.6], 2, (4, 4));
    // Not enough epochs left to run out of patience.
    assert_stops(&[1.0, 0.5, 0.6, 0.7], 3, (1, 3));
}

#[test]
fn early_stopping_stops_when_patience_runs_out() {
    let losses = [1.0, 0.8, 0.5, 0.6, 0.55, 0.7, 0.4, 0.3];
    assert_stops(&losses, 3, (2, 5));
    // With more patience, the later improvement is found.
    assert_stops(&losses, 4, (7, 7));
}

#[test]
fn early_stopping_ties_do_not_improve() {
    // 0.5 again is not strictly smaller: the best stays the first 0.5, and
    // the tie counts as an epoch without improvement.
    assert_stops(&[0.9, 0.5, 0.5, 0.5, 0.4], 2, (1, 3));
    assert_stops(&[0.5, 0.7, 0.5, 0.6], 10, (0, 3));
}

#[test]
fn early_stopping_on_a_single_epoch() {
    assert_stops(&[0.3], 5, (0, 0));
}

#[test]
fn early_stopping_with_patience_one() {
    assert_stops(&[3.0, 2.0, 2.5, 1.0], 1, (1, 2));
}

// ---------------------------------------------------------------------------
// A full training loop on XOR
// ---------------------------------------------------------------------------

/// The parameters proposed for the grader: with them every seed in 0..100
/// converges (hidden = 2, the slides' XOR network, stalls for about one seed
/// in four: seeds 2, 5 and 8 of 0..10).
const HIDDEN: usize = 4;
const ETA: f64 = 2.0;
const EPOCHS: usize = 1000;

fn sig(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn predict(net: &Mlp, x: &[f64]) -> f64 {
    let x = Array1::from(x.to_vec());
    let a1 = (net.weights[0].dot(&x) + &net.biases[0]).mapv(sig);
    sig((net.weights[1].dot(&a1) + &net.biases[1])[0])
}

fn mean_cross_entropy(net: &Mlp) -> f64 {
    let data = nncore::data::xor_01();
    data.iter()
        .map(|(x, y)| {
            let p = predict(net, x);
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum::<f64>()
        / data.len() as f64
}

#[test]
fn train_xor_learns_xor_for_every_seed_of_the_grader() {
    for seed in 0..10 {
        let run = train_xor(HIDDEN, ETA, EPOCHS, seed);
        assert_eq!(run.net.layer_sizes(), vec![2, HIDDEN, 1]);
        for (x, y) in nncore::data::xor_01() {
            let out = predict(&run.net, &x);
            assert_eq!(out > 0.5, y == 1.0, "seed {seed}, x = {x:?}, salida {out}");
        }
    }
}

#[test]
fn train_xor_losses_decrease() {
    for seed in 0..10 {
        let run = train_xor(HIDDEN, ETA, EPOCHS, seed);
        assert_eq!(run.losses.len(), EPOCHS);
        // Full-batch gradient descent with this step size never goes up here.
        for (epoch, pair) in run.losses.windows(2).enumerate() {
            assert!(
                pair[1] <= pair[0],
                "seed {seed}: loss went up at epoch {}",
                epoch + 1
            );
        }
        // From about ln 2 ≈ 0.69 to almost 0.
        assert!(run.losses[0] > 0.6, "seed {seed}: {}", run.losses[0]);
        assert!(
            run.losses[EPOCHS - 1] < 0.01,
            "seed {seed}: {}",
            run.losses[EPOCHS - 1]
        );
    }
}

#[test]
fn train_xor_losses_are_recorded_before_each_update() {
    let seed = 3;
    let initial = Mlp::random(&[2, HIDDEN, 1], &mut Rng::new(seed));
    let run = train_xor(HIDDEN, ETA, 5, seed);
    assert_abs_diff_eq!(run.losses[0], mean_cross_entropy(&initial), epsilon = 1e-12);
    let one = train_xor(HIDDEN, ETA, 1, seed);
    assert_abs_diff_eq!(run.losses[1], mean_cross_entropy(&one.net), epsilon = 1e-12);
}

#[test]
fn train_xor_zero_epochs_returns_the_initial_network() {
    let run = train_xor(3, ETA, 0, 8);
    assert!(run.losses.is_empty());
    assert_eq!(run.net, Mlp::random(&[2, 3, 1], &mut Rng::new(8)));
}

#[test]
fn train_xor_one_epoch_is_one_step_on_the_mean_cross_entropy() {
    // The update must be θ − η ∇(mean cross-entropy over the 4 examples):
    // checked against central differences of our own loss.
    let seed = 5;
    let eta = 0.7;
    let initial = Mlp::random(&[2, HIDDEN, 1], &mut Rng::new(seed));
    let after = train_xor(HIDDEN, eta, 1, seed).net;

    let h = 1e-6;
    let numeric = |l: usize, is_weight: bool, idx: (usize, usize)| {
        let bump = |delta: f64| {
            let mut net = initial.clone();
            if is_weight {
                net.weights[l][idx] += delta;
            } else {
                net.biases[l][idx.0] += delta;
            }
            mean_cross_entropy(&net)
        };
        (bump(h) - bump(-h)) / (2.0 * h)
    };
    for l in 0..2 {
        let w: &Array2<f64> = &initial.weights[l];
        for ((i, j), &w0) in w.indexed_iter() {
            let want = w0 - eta * numeric(l, true, (i, j));
            assert_abs_diff_eq!(after.weights[l][[i, j]], want, epsilon = 1e-8);
        }
        for (i, &b0) in initial.biases[l].iter().enumerate() {
            let want = b0 - eta * numeric(l, false, (i, 0));
            assert_abs_diff_eq!(after.biases[l][i], want, epsilon = 1e-8);
        }
    }
}

#[test]
fn train_xor_is_deterministic_by_seed() {
    assert_eq!(train_xor(3, 1.0, 50, 1), train_xor(3, 1.0, 50, 1));
    assert_ne!(train_xor(3, 1.0, 50, 1).net, train_xor(3, 1.0, 50, 2).net);
}
