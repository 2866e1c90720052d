//! The cells that call the student's `capstone` functions beside the
//! reference (see `notebooks/generator`): one function per exercise, whose
//! body becomes a notebook cell.

use ndarray::array;

pub fn softmax() {
    check!(capstone => softmax(&array![1.0, 2.0, 3.0]));
    check!(capstone => softmax(&array![1000.0, 1001.0, 1002.0]));
}

pub fn one_hot() {
    check!(capstone => one_hot(&[2, 0], 3));
}

pub fn accuracy() {
    let scores = array![[0.1, 0.7, 0.2], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [3.0, -1.0, 2.0]];
    check!(capstone => accuracy(&scores, &[1, 0, 2, 2]));
}

pub fn softmax_cross_entropy() {
    check!(capstone => softmax_cross_entropy(&array![[1.0, 2.0, 3.0]], &array![[0.0, 0.0, 1.0]]));
}

pub fn sgd_step() {
    // A 2 → 3 → 3 network from a fixed seed, and a batch of two examples.
    let net = nncore::Mlp::random(&[2, 3, 3], &mut nncore::Rng::new(1));
    let x = array![[0.5, -1.0], [1.0, 2.0]];
    let y = array![[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]];
    check!(capstone => sgd_step(&net, &x, &y, 0.5), |(_, loss)| loss);
}

pub fn train() {
    // The bundled digits: the first 600 training images, the last 150 of
    // them for validation. Shows the best epoch and its validation accuracy.
    let x = digits::uci::bundled().train.images.slice(ndarray::s![..600, ..]).to_owned();
    let labels: Vec<usize> = digits::uci::bundled().train.labels[..600].to_vec();
    check!(capstone => train(&x, &labels, &TrainConfig { hidden: 32, classes: 10, eta: 0.5, batch_size: 16, max_epochs: 15, patience: 3, validation: 150, seed: 1 }), |t| (t.best_epoch, t.val_accuracies[t.best_epoch]));
}
