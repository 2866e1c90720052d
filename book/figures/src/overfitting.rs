//! Figure 6: a small sigmoid network that overfits a few noisy points, and
//! where early stopping (`solutions::generalization::early_stopping`) stops.

use ndarray::{Array1, Array2, Axis as NdAxis};
use nncore::{Mlp, Rng};
use solutions::activations::{cross_entropy_cost, sigmoid};
use solutions::generalization::{EarlyStop, early_stopping};
use solutions::vectorization::dense_layer_batch;

use crate::plot::{Anchor, Axis, LegendPlace, Marker, Plot, Stroke, color};

/// Everything that defines the experiment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setup {
    pub seed: u64,
    pub train_points: usize,
    pub validation_points: usize,
    pub label_noise: f64,
    pub hidden: usize,
    pub eta: f64,
    pub epochs: usize,
    pub patience: usize,
}

/// The setup drawn in the book.
pub const SETUP: Setup = Setup {
    seed: 7,
    train_points: 20,
    validation_points: 200,
    label_noise: 0.15,
    hidden: 50,
    eta: 0.5,
    epochs: 800,
    patience: 20,
};

/// A data set: one example per row of `x`, labels in `{0, 1}`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
}

/// The loss curves of one training run and where early stopping stops.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub train_losses: Vec<f64>,
    pub validation_losses: Vec<f64>,
    pub stop: EarlyStop,
}

/// `n` points uniform in `[−2, 2]²`, labelled 1 above the curve
/// `x₂ = sin(π x₁ / 2)` and 0 below; each label flipped with probability
/// `noise`.
pub fn noisy_points(n: usize, noise: f64, rng: &mut Rng) -> DataSet {
    let mut x = Array2::zeros((n, 2));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        let x1 = rng.uniform_range(-2.0, 2.0);
        let x2 = rng.uniform_range(-2.0, 2.0);
        let clean = x2 > (std::f64::consts::FRAC_PI_2 * x1).sin();
        let flipped = rng.uniform() < noise;
        x[[i, 0]] = x1;
        x[[i, 1]] = x2;
        y[i] = if clean != flipped { 1.0 } else { 0.0 };
    }
    DataSet { x, y }
}

/// Outputs `(hidden activations, network output)` for a whole data set.
fn forward(net: &Mlp, x: &Array2<f64>) -> (Array2<f64>, Array1<f64>) {
    let a1 = dense_layer_batch(&net.weights[0], &net.biases[0], x)
        .expect("shapes fit")
        .mapv(sigmoid);
    let a2 = dense_layer_batch(&net.weights[1], &net.biases[1], &a1)
        .expect("shapes fit")
        .mapv(sigmoid);
    (a1, a2.column(0).to_owned())
}

fn loss(net: &Mlp, data: &DataSet) -> f64 {
    let (_, y_hat) = forward(net, &data.x);
    cross_entropy_cost(
        data.y.as_slice().expect("contiguous"),
        y_hat.as_slice().expect("contiguous"),
    )
}

/// Trains a `2 → hidden → 1` sigmoid network by full-batch gradient descent
/// on the mean cross-entropy, recording the training and validation loss
/// before each epoch's update.
pub fn run(setup: &Setup) -> Run {
    let mut rng = Rng::new(setup.seed);
    let train = noisy_points(setup.train_points, setup.label_noise, &mut rng);
    let validation = noisy_points(setup.validation_points, setup.label_noise, &mut rng);
    let mut net = Mlp::random(&[2, setup.hidden, 1], &mut rng);
    let m = setup.train_points as f64;

    let mut train_losses = Vec::with_capacity(setup.epochs);
    let mut validation_losses = Vec::with_capacity(setup.epochs);
    for _ in 0..setup.epochs {
        let (a1, y_hat) = forward(&net, &train.x);
        let y_hat_slice = y_hat.as_slice().expect("contiguous");
        train_losses.push(cross_entropy_cost(
            train.y.as_slice().expect("contiguous"),
            y_hat_slice,
        ));
        validation_losses.push(loss(&net, &validation));

        // Backward pass, one example per row: δ2 = ŷ − y (cross-entropy with a
        // sigmoid output), δ1 = (δ2 W2) ⊙ a1 ⊙ (1 − a1).
        let delta2 = (&y_hat - &train.y).insert_axis(NdAxis(1));
        let delta1 = delta2.dot(&net.weights[1]) * a1.mapv(|a| a * (1.0 - a));
        let grad_w2 = delta2.t().dot(&a1) / m;
        let grad_b2 = delta2.sum_axis(NdAxis(0)) / m;
        let grad_w1 = delta1.t().dot(&train.x) / m;
        let grad_b1 = delta1.sum_axis(NdAxis(0)) / m;

        net.weights[0].scaled_add(-setup.eta, &grad_w1);
        net.biases[0].scaled_add(-setup.eta, &grad_b1);
        net.weights[1].scaled_add(-setup.eta, &grad_w2);
        net.biases[1].scaled_add(-setup.eta, &grad_b2);
    }
    let stop = early_stopping(&validation_losses, setup.patience);
    Run {
        train_losses,
        validation_losses,
        stop,
    }
}

/// `early-stopping.svg`.
pub fn figure() -> String {
    let setup = SETUP;
    let run = run(&setup);
    let epochs = setup.epochs as f64;
    let mut plot = Plot::new(
        "early-stopping",
        "Sobreajuste y parada temprana",
        Axis::new(0.0, epochs, 100.0, 0, "época"),
        Axis::new(0.0, 0.9, 0.1, 1, "entropía cruzada media"),
    )
    .legend_place(LegendPlace::BottomLeft);

    let (stop, best) = (run.stop.stop_epoch as f64, run.stop.best_epoch);
    plot.polygon(
        &[(stop, 0.0), (epochs, 0.0), (epochs, 0.9), (stop, 0.9)],
        "#f1f1f1",
    );

    let train = Stroke::solid(color::BLUE).width(2.5);
    let validation = Stroke::dashed(color::VERMILLION, "8 4").width(2.5);
    let stop_line = Stroke::dashed(color::BLACK, "3 3").width(1.5);
    let points = |losses: &[f64]| -> Vec<(f64, f64)> {
        losses
            .iter()
            .enumerate()
            .map(|(i, &l)| (i as f64, l))
            .collect()
    };
    plot.line(&points(&run.train_losses), train);
    plot.line(&points(&run.validation_losses), validation);
    plot.vline(stop, stop_line);

    let minimum = (best as f64, run.validation_losses[best]);
    plot.marker(minimum, Marker::Disc, color::VERMILLION);
    plot.text(
        (stop, minimum.1),
        (8.0, 17.0),
        &format!("← mínimo de validación (época {best})"),
        Anchor::Start,
        12.0,
    );
    plot.text(
        (stop, 0.9),
        (6.0, 18.0),
        &format!("parada temprana (época {})", run.stop.stop_epoch),
        Anchor::Start,
        12.0,
    );
    plot.text(
        (stop, 0.9),
        (6.0, 34.0),
        "de acá en adelante sólo sobreajusta",
        Anchor::Start,
        12.0,
    );

    plot.legend_line(
        &format!("entrenamiento ({} puntos)", setup.train_points),
        train,
    );
    plot.legend_line(
        &format!("validación ({} puntos)", setup.validation_points),
        validation,
    );
    plot.legend_line(
        &format!("parada temprana (paciencia {})", setup.patience),
        stop_line,
    );
    plot.render()
}
