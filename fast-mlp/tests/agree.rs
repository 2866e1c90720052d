//! The fast trainer computes what the reference `capstone::sgd_step` does.

use fast_mlp::{Data, Mlp, Trainer, accuracy, logits};
use ndarray::Array2;
use nncore::Rng;
use solutions::capstone::{one_hot, sgd_step};

fn to_reference(net: &Mlp<f64>) -> nncore::Mlp {
    nncore::Mlp::new(
        vec![
            Array2::from_shape_vec((net.hidden, net.inputs), net.w1.clone()).unwrap(),
            Array2::from_shape_vec((net.classes, net.hidden), net.w2.clone()).unwrap(),
        ],
        vec![net.b1.clone().into(), net.b2.clone().into()],
    )
    .unwrap()
}

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= tol * (1.0 + y.abs()), "{x} vs {y}");
    }
}

fn problem(n: usize, d: usize, k: usize) -> (Vec<f64>, Vec<usize>) {
    let mut rng = Rng::new(9);
    let x = (0..n * d).map(|_| rng.uniform_range(-1.0, 1.0)).collect();
    let labels = (0..n).map(|_| rng.below(k)).collect();
    (x, labels)
}

#[test]
fn steps_match_the_reference_in_f64_and_f32() {
    let (n, d, h, k) = (23, 7, 5, 4);
    let (x, labels) = problem(n, d, k);
    let data = Data {
        x: &x,
        labels: &labels,
        features: d,
    };
    let mut net = Mlp::<f64>::random(d, h, k, &mut Rng::new(2));
    // The same draws as nncore's Mlp::random.
    let mut reference = nncore::Mlp::random(&[d, h, k], &mut Rng::new(2));
    assert_eq!(to_reference(&net), reference);

    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let data32 = Data {
        x: &x32,
        labels: &labels,
        features: d,
    };
    let mut net32 = Mlp::<f32>::random(d, h, k, &mut Rng::new(2));

    let mut trainer = Trainer::new(&net, 8);
    let mut trainer32 = Trainer::new(&net32, 8);
    let order: Vec<usize> = (0..n).rev().collect();
    for rows in order.chunks(8) {
        let xb = Array2::from_shape_fn((rows.len(), d), |(i, j)| x[rows[i] * d + j]);
        let yb = one_hot(&rows.iter().map(|&r| labels[r]).collect::<Vec<_>>(), k).unwrap();
        let (next, want) = sgd_step(&reference, &xb, &yb, 0.7);
        reference = next;
        let got = trainer.step(&mut net, &data, rows, 0.7);
        let got32 = trainer32.step(&mut net32, &data32, rows, 0.7);
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        assert!((f64::from(got32) - want).abs() < 1e-5, "{got32} vs {want}");
    }
    let mine = to_reference(&net);
    for l in 0..2 {
        close(
            mine.weights[l].as_slice().unwrap(),
            reference.weights[l].as_slice().unwrap(),
            1e-12,
        );
        close(
            mine.biases[l].as_slice().unwrap(),
            reference.biases[l].as_slice().unwrap(),
            1e-12,
        );
    }
    let as64 = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect::<Vec<_>>();
    close(
        &as64(&net32.w1),
        reference.weights[0].as_slice().unwrap(),
        1e-4,
    );
    close(
        &as64(&net32.w2),
        reference.weights[1].as_slice().unwrap(),
        1e-4,
    );

    let z = logits(&net, &data);
    let want = solutions::capstone::logits(
        &reference,
        &Array2::from_shape_vec((n, d), x.clone()).unwrap(),
    );
    close(&z, want.as_slice().unwrap(), 1e-12);
    let acc = solutions::capstone::accuracy(&want, &labels);
    assert_eq!(accuracy(&net, &data), acc);
}

#[test]
fn a_confident_wrong_answer_has_a_finite_loss() {
    let mut net = Mlp::<f32> {
        inputs: 1,
        hidden: 1,
        classes: 2,
        w1: vec![0.0],
        b1: vec![0.0],
        w2: vec![0.0, 0.0],
        b2: vec![0.0, 500.0],
    };
    let mut trainer = Trainer::new(&net, 1);
    let data = Data {
        x: &[1.0f32],
        labels: &[0],
        features: 1,
    };
    let loss = trainer.step(&mut net, &data, &[0], 0.1);
    assert!((loss - 500.0).abs() < 1e-3, "{loss}");
}

#[test]
fn an_epoch_learns_a_separable_problem() {
    let (n, d, k) = (400, 4, 3);
    let mut rng = Rng::new(4);
    let labels: Vec<usize> = (0..n).map(|i| i % k).collect();
    let x: Vec<f32> = (0..n * d)
        .map(|i| (if i % d == labels[i / d] { 2.0 } else { 0.0 }) + rng.normal() as f32 * 0.3)
        .collect();
    let data = Data {
        x: &x,
        labels: &labels,
        features: d,
    };
    let mut net = Mlp::<f32>::random(d, 8, k, &mut Rng::new(1));
    let mut trainer = Trainer::new(&net, 16);
    let order: Vec<usize> = (0..n).collect();
    let first = trainer.epoch(&mut net, &data, &order, 0.5);
    let mut last = first;
    for _ in 0..5 {
        last = trainer.epoch(&mut net, &data, &order, 0.5);
    }
    assert!(last < first / 2.0, "{first} → {last}");
    assert!(accuracy(&net, &data) > 0.95);
}

#[test]
fn an_epoch_is_its_steps() {
    let (n, d, k) = (70, 6, 3);
    let (x, labels) = problem(n, d, k);
    let data = Data {
        x: &x,
        labels: &labels,
        features: d,
    };
    let mut by_epoch = Mlp::<f64>::random(d, 5, k, &mut Rng::new(6));
    let mut by_steps = by_epoch.clone();
    let mut trainer = Trainer::new(&by_epoch, 16);
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(8).shuffle(&mut order);
    let mean = trainer.epoch(&mut by_epoch, &data, &order, 0.4);
    let losses: Vec<f64> = order
        .chunks(16)
        .map(|rows| trainer.step(&mut by_steps, &data, rows, 0.4))
        .collect();
    assert_eq!(losses.len(), 5);
    assert_eq!(by_epoch, by_steps);
    assert_eq!(mean, losses.iter().sum::<f64>() / 5.0);
}
