//! Properties of the numbers behind the figures, so that a broken
//! computation fails here and not only as a changed picture.

use book_figures::activations::Jump;
use book_figures::geometry::contains;
use book_figures::{activations, convolution, overfitting, rnn, slowdown, spam, xor};
use nncore::data::{spam_emails, xor_gate};
use solutions::xor::xor_network;

#[test]
fn sigmoid_derivative_peaks_at_zero_with_a_quarter() {
    let sig = &activations::activations()[0];
    let peak = (sig.df)(0.0);
    assert!((peak - 0.25).abs() < 1e-15, "σ'(0) = {peak}");
    for z in activations::z_grid() {
        assert!((sig.df)(z) <= peak, "σ'({z}) exceeds σ'(0)");
    }
}

#[test]
fn only_the_relu_derivatives_jump_and_only_at_zero() {
    let jump = |z, value, limit| Jump { z, value, limit };
    let jumps: Vec<Vec<Jump>> = activations::activations()
        .iter()
        .map(|a| activations::sample(a.df).jumps)
        .collect();
    assert!(jumps[0].is_empty() && jumps[1].is_empty(), "{jumps:?}");
    assert_eq!(
        jumps[2],
        vec![jump(0.0, 0.0, 1.0)],
        "ReLU' jumps from 0 to 1 at z = 0"
    );
    assert_eq!(
        jumps[3],
        vec![jump(0.0, activations::LEAKY_ALPHA, 1.0)],
        "leaky ReLU' jumps from α to 1 at z = 0"
    );
    // The activations themselves are continuous.
    for a in activations::activations() {
        assert!(
            activations::sample(a.f).jumps.is_empty(),
            "{} jumps",
            a.name
        );
    }
}

#[test]
fn the_spam_line_separates_the_emails_and_the_slide_email_gives_4_4() {
    assert!(
        (spam::email_z() - 4.4).abs() < 1e-12,
        "z = {}",
        spam::email_z()
    );
    let half_planes = spam::half_planes();
    assert_eq!(half_planes.len(), 2);
    let mut outputs: Vec<f64> = half_planes.iter().map(|(_, y)| *y).collect();
    outputs.sort_by(f64::total_cmp);
    assert_eq!(outputs, vec![-1.0, 1.0]);
    for (x, label) in spam_emails() {
        let (_, y_hat) = half_planes
            .iter()
            .find(|(cell, _)| contains(cell, (x[0], x[1])))
            .expect("every email is in the picture");
        assert_eq!(
            *y_hat, label,
            "email {x:?} is drawn in the wrong half-plane"
        );
    }
}

#[test]
fn xor_regions_match_the_network_everywhere_and_the_table() {
    let regions = xor::regions();
    assert_eq!(
        regions.len(),
        3,
        "two parallel lines cut the square in three strips"
    );
    // A grid that avoids the lines x1 + x2 = ±1 exactly.
    let n = 40;
    for i in 0..n {
        for j in 0..n {
            let p = (
                -1.49 + 2.98 * f64::from(i) / f64::from(n - 1),
                -1.47 + 2.95 * f64::from(j) / f64::from(n - 1),
            );
            if ((p.0 + p.1).abs() - 1.0).abs() < 1e-6 {
                continue;
            }
            let (_, y3) = regions
                .iter()
                .find(|(cell, _)| contains(cell, p))
                .expect("the cells cover the square");
            assert_eq!(*y3, xor_network(p.0, p.1).y3, "colour at {p:?}");
        }
    }
    // The slide's table: −1, 1, 1, −1.
    for (x, label) in xor_gate() {
        let (_, y3) = regions
            .iter()
            .find(|(cell, _)| contains(cell, (x[0], x[1])))
            .expect("the XOR points are in the picture");
        assert_eq!(*y3, label, "XOR point {x:?}");
    }
}

#[test]
fn squared_error_is_stuck_at_the_start_while_cross_entropy_drops() {
    let se = slowdown::squared_error_costs();
    let ce = slowdown::cross_entropy_costs();
    assert_eq!(se.len(), slowdown::EPOCHS + 1);
    assert_eq!(ce.len(), slowdown::EPOCHS + 1);
    // Start: ŷ = σ(4); C = ½σ(4)² and −ln(1 − σ(4)) = ln(1 + e⁴).
    let y_hat = 1.0 / (1.0 + (-4.0f64).exp());
    assert!((se[0] - 0.5 * y_hat * y_hat).abs() < 1e-12, "{}", se[0]);
    assert!((ce[0] - 4.0f64.exp().ln_1p()).abs() < 1e-12, "{}", ce[0]);
    // After 50 epochs the squared error has lost less than 2 %, the
    // cross-entropy more than 90 %.
    assert!(se[50] > 0.98 * se[0], "squared error fell to {}", se[50]);
    assert!(
        ce[50] < 0.1 * ce[0],
        "cross-entropy only fell to {}",
        ce[50]
    );
    // Both learn in the end, and each curve only goes down.
    assert!(se[slowdown::EPOCHS] < 0.1 * se[0]);
    for costs in [&se, &ce] {
        assert!(costs.windows(2).all(|w| w[1] < w[0]));
    }
}

#[test]
fn the_network_overfits_and_early_stopping_stops_after_the_validation_minimum() {
    let setup = overfitting::SETUP;
    let run = overfitting::run(&setup);
    let (train, val) = (&run.train_losses, &run.validation_losses);
    assert_eq!(train.len(), setup.epochs);
    assert_eq!(val.len(), setup.epochs);

    let best = run.stop.best_epoch;
    let last = setup.epochs - 1;
    // The validation loss goes down, then clearly up.
    assert!(best > 50 && best < last / 2, "best epoch {best}");
    assert!(
        val[best] < val[0] - 0.1,
        "validation {} → {}",
        val[0],
        val[best]
    );
    assert!(
        val[last] > val[best] + 0.2,
        "validation {} → {}",
        val[best],
        val[last]
    );
    let global_min = val.iter().copied().fold(f64::INFINITY, f64::min);
    assert_eq!(
        val[best], global_min,
        "early stopping keeps the true minimum"
    );
    // Meanwhile the training loss keeps falling.
    assert!(
        train[last] < train[best] - 0.2,
        "training {} → {}",
        train[best],
        train[last]
    );
    // Patience: stop exactly `patience` epochs after the best one.
    assert_eq!(run.stop.stop_epoch, best + setup.patience);
}

#[test]
fn the_convolution_figure_detects_the_edge_and_pools_its_maxima() {
    let image = convolution::image();
    let kernel = convolution::kernel();
    let map = solutions::cnn_rnn::conv2d(&image, &kernel, 1);
    assert_eq!(map.dim(), (4, 4));
    // Written out by hand: the edge moves right every two rows.
    let expected = [
        [0.0, 20.0, 30.0, 10.0],
        [0.0, 10.0, 30.0, 20.0],
        [0.0, 0.0, 20.0, 30.0],
        [0.0, 0.0, 10.0, 30.0],
    ];
    for ((i, j), v) in map.indexed_iter() {
        assert_eq!(*v, expected[i][j], "map[{i}][{j}]");
    }
    let pooled = solutions::cnn_rnn::max_pool(&map, 2, 2);
    assert_eq!(
        pooled.iter().copied().collect::<Vec<_>>(),
        [20.0, 30.0, 0.0, 30.0]
    );
    let (wi, wj) = convolution::WINDOW;
    assert!(
        map[[wi, wj]] > 0.0,
        "the highlighted window sees part of the edge"
    );
}

#[test]
fn the_unrolled_rnn_remembers_the_verb_as_the_books_snippet_prints() {
    let states = rnn::states();
    assert_eq!(states.len(), rnn::SENTENCE.len());
    // h₁ = tanh(2) after «llegaría»; the snippet `rnn` prints h = [0.872, 0.000]
    // at «Neuquén», the third word.
    assert!((states[0][0] - 2.0_f64.tanh()).abs() < 1e-12);
    assert_eq!(format!("{:.3}", states[2][0]), "0.872");
    for h in &states {
        assert!(h[0] > 0.8 && h[1] == 0.0, "{h}");
    }
}
