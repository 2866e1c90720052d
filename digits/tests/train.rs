//! The training run of the example: the same network as the reference
//! `capstone::train` when weight decay is off, and a confusion matrix that
//! agrees with the accuracy.

use digits::train::{Event, Settings, run};
use nncore::Rng;
use solutions::capstone::{TrainConfig, train};

fn small() -> Settings {
    Settings {
        hidden: 8,
        eta: 0.5,
        batch_size: 64,
        max_epochs: 6,
        patience: 2,
        weight_decay: 0.0,
        validation: 300,
        seed: 3,
    }
}

#[test]
fn without_weight_decay_it_is_the_reference_train() {
    let split = digits::uci::bundled().standardized();
    let settings = small();
    let mut epochs = 0;
    let mut batches = 0;
    let outcome = run(&split, &settings, |event| match event {
        Event::Batch { done, total, .. } => {
            assert!(done >= 1 && done <= total);
            batches += 1;
        }
        Event::Epoch(_) => epochs += 1,
    });
    assert_eq!(epochs, outcome.history.len());
    assert_eq!(batches, epochs * (1437 - 300_usize).div_ceil(64));

    // The same rows in the same order as `run` uses them.
    let mut rows: Vec<usize> = (0..split.train.len()).collect();
    Rng::new(settings.seed).shuffle(&mut rows);
    let shuffled = split.train.select(&rows);
    let reference = train(
        &shuffled.images,
        &shuffled.labels,
        &TrainConfig {
            hidden: settings.hidden,
            classes: 10,
            eta: settings.eta,
            batch_size: settings.batch_size,
            max_epochs: settings.max_epochs,
            patience: settings.patience,
            validation: settings.validation,
            seed: settings.seed,
        },
    );
    assert_eq!(outcome.net, reference.net);
    assert_eq!(outcome.best_epoch, reference.best_epoch);
    let losses: Vec<f64> = outcome.history.iter().map(|e| e.validation_loss).collect();
    assert_eq!(losses, reference.val_losses);
    let accuracies: Vec<f64> = outcome
        .history
        .iter()
        .map(|e| e.validation_accuracy)
        .collect();
    assert_eq!(accuracies, reference.val_accuracies);
}

#[test]
fn weight_decay_shrinks_the_weights_and_the_confusion_matrix_adds_up() {
    let split = digits::uci::bundled().standardized();
    let plain = run(&split, &small(), |_| {});
    let decayed = run(
        &split,
        &Settings {
            weight_decay: 0.05,
            ..small()
        },
        |_| {},
    );
    let norm = |net: &nncore::Mlp| -> f64 {
        net.weights
            .iter()
            .map(|w| w.iter().map(|v| v * v).sum::<f64>())
            .sum()
    };
    assert!(norm(&decayed.net) < norm(&plain.net));

    let m = plain.confusion;
    let total: usize = m.iter().flatten().sum();
    assert_eq!(total, 360);
    let diagonal: usize = (0..10).map(|k| m[k][k]).sum();
    assert_eq!(diagonal as f64 / 360.0, plain.test_accuracy);
    for (digit, row) in m.iter().enumerate() {
        let count = split.test.labels.iter().filter(|&&l| l == digit).count();
        assert_eq!(row.iter().sum::<usize>(), count);
    }
    assert!(plain.test_accuracy > 0.8, "{}", plain.test_accuracy);
}

#[test]
fn standardized_pixels_have_training_mean_zero() {
    let split = digits::uci::bundled();
    let std = split.standardized();
    let means = std.train.images.mean_axis(ndarray::Axis(0)).unwrap();
    assert!(means.iter().all(|m| m.abs() < 1e-12));
    let sds = std.train.images.std_axis(ndarray::Axis(0), 0.0);
    // Pixels that vary get unit deviation; constant ones (always 0) stay 0.
    assert!(sds.iter().all(|s| (s - 1.0).abs() < 1e-9 || *s == 0.0));
    assert!(sds.iter().any(|s| *s == 0.0));
    assert_eq!(std.test.labels, split.test.labels);
}
