//! The final project's training run, with a report after every epoch: the
//! loop of `solutions::capstone::train` (same initialisation, same shuffles,
//! same early stopping; with `weight_decay = 0` the same network), built on
//! the reference solutions of the chapter, plus weight decay and what a
//! person watching wants to see (training loss and accuracy, test accuracy)
//! and a confusion matrix.

use ndarray::{Array2, Axis, s};
use nncore::{Mlp, Rng};
use solutions::capstone::{accuracy, logits, one_hot, sgd_step, softmax_cross_entropy};

use crate::{CLASSES, Split};

/// The settings of a run (those of `solutions::capstone::TrainConfig`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub hidden: usize,
    pub eta: f64,
    pub batch_size: usize,
    pub max_epochs: usize,
    pub patience: usize,
    /// Weight decay λ (see «Capacidad de generalización»): after each step,
    /// `W ← W − η·2λ·W` (biases are not decayed). 0 turns it off.
    pub weight_decay: f64,
    /// The last `validation` training rows are set apart for validation.
    pub validation: usize,
    pub seed: u64,
}

impl Settings {
    /// The settings the book and the example use on the bundled digits
    /// (standardised with [`crate::Split::standardized`]).
    pub const DIGITS: Settings = Settings {
        hidden: 64,
        eta: 0.5,
        batch_size: 16,
        max_epochs: 300,
        patience: 50,
        weight_decay: 1e-4,
        validation: 144,
        seed: 1,
    };

    /// The settings the example uses on MNIST.
    pub const MNIST: Settings = Settings {
        hidden: 128,
        eta: 0.5,
        batch_size: 32,
        max_epochs: 30,
        patience: 3,
        weight_decay: 1e-4,
        validation: 10_000,
        seed: 1,
    };
}

/// What happened in one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epoch {
    /// From 0.
    pub epoch: usize,
    /// Mean of the mini-batch losses of the epoch (each before its step).
    pub train_loss: f64,
    /// Accuracy on the training rows (without the validation ones), at the
    /// end of the epoch.
    pub train_accuracy: f64,
    pub validation_loss: f64,
    pub validation_accuracy: f64,
    /// Accuracy on the test set; only reported, never used to decide.
    pub test_accuracy: f64,
    /// Whether this epoch is the best so far (lowest validation loss).
    pub best: bool,
}

/// What the run reports while it trains.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// `done` of `total` mini-batches of epoch `epoch`.
    Batch {
        epoch: usize,
        done: usize,
        total: usize,
    },
    /// An epoch ended.
    Epoch(Epoch),
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The network of the best epoch.
    pub net: Mlp,
    pub best_epoch: usize,
    pub history: Vec<Epoch>,
    /// Test accuracy of `net`.
    pub test_accuracy: f64,
    /// `confusion[true][predicted]`: test images of digit `true` that `net`
    /// classifies as `predicted`.
    pub confusion: [[usize; CLASSES]; CLASSES],
}

/// Trains a `d → hidden → 10` network on `split.train` (its last
/// `settings.validation` rows for validation) and measures it on
/// `split.test`, calling `report` as it goes.
///
/// The training rows are first put in a random order (`Rng::new(seed)`
/// shuffles their indices), so that the validation rows are a sample of
/// the whole set: in the files, images by the same writer sit together.
pub fn run(split: &Split, settings: &Settings, mut report: impl FnMut(Event)) -> Outcome {
    let mut rows: Vec<usize> = (0..split.train.len()).collect();
    Rng::new(settings.seed).shuffle(&mut rows);
    let train = &split.train.select(&rows);
    let n_train = train.len() - settings.validation;
    let y = one_hot(&train.labels, CLASSES).expect("labels are digits 0-9");
    let x_fit = train.images.slice(s![..n_train, ..]);
    let x_val = train.images.slice(s![n_train.., ..]).to_owned();
    let y_val = y.slice(s![n_train.., ..]).to_owned();
    let (labels_fit, labels_val) = train.labels.split_at(n_train);

    let mut rng = Rng::new(settings.seed);
    let mut net = Mlp::random(&[train.features(), settings.hidden, CLASSES], &mut rng);
    let mut best = (net.clone(), 0, f64::INFINITY);
    let mut history = Vec::new();
    let mut order: Vec<usize> = (0..n_train).collect();
    let batches = n_train.div_ceil(settings.batch_size);

    for epoch in 0..settings.max_epochs {
        rng.shuffle(&mut order);
        let mut loss_sum = 0.0;
        for (done, batch) in order.chunks(settings.batch_size).enumerate() {
            let x_batch = x_fit.select(Axis(0), batch);
            let y_batch = y.select(Axis(0), batch);
            let (mut next, loss) = sgd_step(&net, &x_batch, &y_batch, settings.eta);
            if settings.weight_decay > 0.0 {
                let keep = 1.0 - 2.0 * settings.eta * settings.weight_decay;
                for w in &mut next.weights {
                    *w *= keep;
                }
            }
            net = next;
            loss_sum += loss;
            report(Event::Batch {
                epoch,
                done: done + 1,
                total: batches,
            });
        }
        let z_val = logits(&net, &x_val);
        let validation_loss = softmax_cross_entropy(&z_val, &y_val).0;
        let improved = epoch == 0 || validation_loss < best.2;
        if improved {
            best = (net.clone(), epoch, validation_loss);
        }
        let record = Epoch {
            epoch,
            train_loss: loss_sum / batches as f64,
            train_accuracy: accuracy(&logits(&net, &x_fit.to_owned()), labels_fit),
            validation_loss,
            validation_accuracy: accuracy(&z_val, labels_val),
            test_accuracy: accuracy(&logits(&net, &split.test.images), &split.test.labels),
            best: improved,
        };
        history.push(record);
        report(Event::Epoch(record));
        if epoch - best.1 == settings.patience {
            break;
        }
    }

    let (net, best_epoch, _) = best;
    let test_scores = logits(&net, &split.test.images);
    let confusion = confusion_matrix(&test_scores, &split.test.labels);
    Outcome {
        test_accuracy: accuracy(&test_scores, &split.test.labels),
        net,
        best_epoch,
        history,
        confusion,
    }
}

/// `m[true][predicted]` counts, predicting the first largest score.
pub fn confusion_matrix(scores: &Array2<f64>, labels: &[usize]) -> [[usize; CLASSES]; CLASSES] {
    let mut m = [[0; CLASSES]; CLASSES];
    for (row, &label) in scores.rows().into_iter().zip(labels) {
        let mut predicted = 0;
        for (k, &v) in row.iter().enumerate() {
            if v > row[predicted] {
                predicted = k;
            }
        }
        m[label][predicted] += 1;
    }
    m
}
