//! The cells that call the student's `generalization` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

use nncore::Rng;

pub fn minibatch_indices() {
    check!(generalization => minibatch_indices(10, 4, 42));
}

pub fn decayed_learning_rate() {
    check!(generalization => decayed_learning_rate(0.5, 0.1, 0));
    check!(generalization => decayed_learning_rate(0.5, 0.1, 1));
    check!(generalization => decayed_learning_rate(0.5, 0.1, 10));
}

pub fn momentum_step() {
    check!(generalization => momentum_step(&[1.0, -1.0], &[0.0, 0.0], &[0.5, -2.0], 0.1, 0.9));
}

pub fn adam_step() {
    // The state is written inside `check!`: each crate has its own `AdamState`.
    let w = [1.0, 1.0, 1.0];
    let grad = [0.001, 1.0, 1000.0];
    check!(generalization => adam_step(&w, &grad, &AdamState { m: vec![0.0; 3], v: vec![0.0; 3], t: 0 }, 0.001, 0.9, 0.999, 1e-8));
}

pub fn rmsprop_step() {
    check!(generalization => rmsprop_step(&[1.0, -1.0], &[0.5, -2.0], &[0.0, 0.0], 0.01, 0.9, 1e-8));
}

pub fn weight_decay_loss() {
    check!(generalization => weight_decay_loss(0.5, &[1.0, -2.0, 0.5], 0.01));
}

pub fn weight_decay_gradient() {
    check!(generalization => weight_decay_gradient(&[0.1, -0.2, 0.0], &[1.0, -2.0, 0.5], 0.01));
}

pub fn dropout() {
    let a = [1.0, 2.0, 3.0, 4.0];
    check!(generalization => dropout(&a, 0.5, &mut Rng::new(42), true));
    check!(generalization => dropout(&a, 0.5, &mut Rng::new(42), false));
}

pub fn early_stopping() {
    let val_losses = [0.90, 0.70, 0.60, 0.62, 0.59, 0.61, 0.63, 0.64];
    check!(generalization => early_stopping(&val_losses, 3));
}

pub fn train_xor() {
    // Shows the cost at the first and at the last epoch.
    check!(generalization => train_xor(4, 2.0, 1000, 1), |t| (t.losses[0], t.losses[999]));
}
