//! Figure 5: the learning slowdown of a saturated sigmoid neuron under the
//! squared error, next to the cross-entropy (Nielsen, *Neural Networks and
//! Deep Learning*, chapter 3). The gradients come from `solutions::backprop`.

use solutions::backprop::{
    NeuronGradient, gradient_descent_step, neuron_gradient_cross_entropy,
    neuron_gradient_squared_error,
};

use crate::plot::{Anchor, Axis, LegendPlace, Plot, Stroke, color};

/// The single input.
pub const X: f64 = 1.0;
/// The target.
pub const Y: f64 = 0.0;
/// The bad start: `w = 2`, `b = 2`, so `z = 4` and `ŷ = σ(4) ≈ 0.98`.
pub const W0: f64 = 2.0;
pub const B0: f64 = 2.0;
/// Learning rate.
pub const ETA: f64 = 0.15;
/// Number of gradient-descent steps.
pub const EPOCHS: usize = 300;

type GradientFn = fn(&[f64], f64, &[f64], f64) -> NeuronGradient;

/// The cost before each step and after the last one (`EPOCHS + 1` values)
/// of one neuron trained by plain gradient descent.
pub fn costs(gradient: GradientFn) -> Vec<f64> {
    let mut params = vec![W0, B0];
    let mut costs = Vec::with_capacity(EPOCHS + 1);
    for epoch in 0..=EPOCHS {
        let g = gradient(&params[..1], params[1], &[X], Y);
        costs.push(g.cost);
        if epoch < EPOCHS {
            params = gradient_descent_step(&params, &[g.grad_w[0], g.grad_b], ETA);
        }
    }
    costs
}

/// The cost curve under the squared error `½(y − ŷ)²`.
pub fn squared_error_costs() -> Vec<f64> {
    costs(neuron_gradient_squared_error)
}

/// The cost curve under the cross-entropy (here `−ln(1 − ŷ)`, as `y = 0`).
pub fn cross_entropy_costs() -> Vec<f64> {
    costs(neuron_gradient_cross_entropy)
}

/// `loss-curves.svg`. The two costs live on different scales (0.48 and
/// 4.02 at the start), so both are drawn relative to their initial value:
/// what matters is how fast each one falls.
pub fn figure() -> String {
    let mut plot = Plot::new(
        "loss-curves",
        "Aprendizaje lento de una neurona saturada",
        Axis::new(0.0, EPOCHS as f64, 50.0, 0, "época"),
        Axis::new(0.0, 1.2, 0.2, 1, "costo relativo C / C_{0}"),
    )
    .legend_place(LegendPlace::TopRight);

    let squared = Stroke::solid(color::BLUE).width(2.5);
    let cross = Stroke::dashed(color::VERMILLION, "8 4").width(2.5);
    let relative = |costs: &[f64]| -> Vec<(f64, f64)> {
        costs
            .iter()
            .enumerate()
            .map(|(i, &c)| (i as f64, c / costs[0]))
            .collect()
    };
    let se = squared_error_costs();
    let ce = cross_entropy_costs();
    plot.line(&relative(&se), squared);
    plot.line(&relative(&ce), cross);

    plot.text(
        (20.0, 0.84),
        (0.0, 0.0),
        "casi no cambia:",
        Anchor::Start,
        12.0,
    );
    plot.text(
        (20.0, 0.84),
        (0.0, 16.0),
        "σ′(z) ≈ 0.018 frena el gradiente",
        Anchor::Start,
        12.0,
    );
    plot.text(
        (14.0, 0.6),
        (0.0, 0.0),
        "baja enseguida: ∂C/∂z = ŷ − y",
        Anchor::Start,
        12.0,
    );
    let notes = [
        format!("x = 1, y = 0, inicio w = b = 2, η = {ETA}"),
        format!(
            "C_{{0}} = {:.2} (cuadrático) y {:.2} (entropía)",
            se[0], ce[0]
        ),
    ];
    for (i, note) in notes.iter().enumerate() {
        plot.text(
            (30.0, 0.42),
            (0.0, 16.0 * i as f64),
            note,
            Anchor::Start,
            12.0,
        );
    }

    plot.legend_line("error cuadrático ½(y − ŷ)²", squared);
    plot.legend_line("entropía cruzada −ln(1 − ŷ)", cross);
    plot.render()
}
