//! Figures 1 and 2: the activation functions and their derivatives, computed
//! with `solutions::activations`.

use solutions::activations as act;

use crate::plot::{Anchor, Axis, LegendPlace, Marker, Plot, Stroke, color};

/// The leaky ReLU slope used in the figures: larger than the usual 0.01 so
/// the slope for `z < 0` is visible.
pub const LEAKY_ALPHA: f64 = 0.1;

/// One activation function with its derivative and how to draw it.
pub struct Activation {
    pub name: &'static str,
    pub derivative_name: &'static str,
    pub f: fn(f64) -> f64,
    pub df: fn(f64) -> f64,
    pub stroke: Stroke,
}

/// The four activations of the slides.
pub fn activations() -> [Activation; 4] {
    [
        Activation {
            name: "sigmoide σ(z)",
            derivative_name: "σ′(z) = σ(z)(1 − σ(z))",
            f: act::sigmoid,
            df: act::sigmoid_derivative,
            stroke: Stroke::solid(color::BLUE),
        },
        Activation {
            name: "tanh(z)",
            derivative_name: "tanh′(z) = 1 − tanh²(z)",
            f: act::tanh,
            df: act::tanh_derivative,
            stroke: Stroke::dashed(color::VERMILLION, "8 4"),
        },
        Activation {
            name: "ReLU(z) = max(0, z)",
            derivative_name: "ReLU′(z)",
            f: act::relu,
            df: act::relu_derivative,
            stroke: Stroke::dashed(color::GREEN, "2 3").width(2.5),
        },
        Activation {
            name: "leaky ReLU (α = 0.1)",
            derivative_name: "leaky ReLU′ (α = 0.1)",
            f: |z| act::leaky_relu(z, LEAKY_ALPHA),
            df: |z| act::leaky_relu_derivative(z, LEAKY_ALPHA),
            stroke: Stroke::dashed(color::PURPLE, "10 3 2 3"),
        },
    ]
}

/// The sample points `z = −4, −3.98, …, 4` (exact: `z = (i − 200) / 50`,
/// so `z = 0` is one of them).
pub fn z_grid() -> Vec<f64> {
    (0..=400).map(|i| (f64::from(i) - 200.0) / 50.0).collect()
}

/// A jump of a discontinuous function: at `z` it takes `value`, and just
/// right of `z` it is `limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Jump {
    pub z: f64,
    pub value: f64,
    pub limit: f64,
}

/// A function sampled over [`z_grid`], cut into continuous pieces where it
/// jumps (ReLU′ and leaky ReLU′ at `z = 0`).
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub pieces: Vec<Vec<(f64, f64)>>,
    pub jumps: Vec<Jump>,
}

/// Samples `f` over [`z_grid`]; a change of more than 0.2 between
/// neighbouring samples (0.02 apart) counts as a jump.
pub fn sample(f: fn(f64) -> f64) -> Curve {
    let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut jumps = Vec::new();
    let mut previous: Option<(f64, f64)> = None;
    for z in z_grid() {
        let y = f(z);
        if let Some((pz, py)) = previous
            && (y - py).abs() > 0.2
        {
            jumps.push(Jump {
                z: pz,
                value: py,
                limit: y,
            });
            pieces.push(vec![(pz, y)]);
        }
        pieces.last_mut().expect("never empty").push((z, y));
        previous = Some((z, y));
    }
    Curve { pieces, jumps }
}

/// `activations.svg`.
pub fn activations_figure() -> String {
    let mut plot = Plot::new(
        "activations",
        "Funciones de activación",
        Axis::new(-4.0, 4.0, 1.0, 0, "z"),
        Axis::new(-1.5, 4.0, 0.5, 1, "g(z)"),
    )
    .zero_lines()
    .legend_place(LegendPlace::TopLeft);
    for a in activations() {
        for piece in &sample(a.f).pieces {
            plot.line(piece, a.stroke);
        }
        plot.legend_line(a.name, a.stroke);
    }
    for (i, note) in ["para z > 0, ReLU y", "leaky ReLU coinciden"]
        .iter()
        .enumerate()
    {
        plot.text((2.0, 2.8), (0.0, 16.0 * i as f64), note, Anchor::End, 12.0);
    }
    plot.render()
}

/// `activation-derivatives.svg`.
pub fn derivatives_figure() -> String {
    let mut plot = Plot::new(
        "activation-derivatives",
        "Derivadas de las funciones de activación",
        Axis::new(-4.0, 4.0, 1.0, 0, "z"),
        Axis::new(-0.1, 1.15, 0.25, 2, "g′(z)"),
    )
    .zero_lines()
    .legend_place(LegendPlace::TopLeft);
    for a in activations() {
        let curve = sample(a.df);
        for piece in &curve.pieces {
            plot.line(piece, a.stroke);
        }
        // At a jump, a filled dot marks the value the function takes and an
        // open one the limit it does not reach.
        for jump in curve.jumps {
            plot.marker((jump.z, jump.limit), Marker::Circle, a.stroke.color);
            plot.marker((jump.z, jump.value), Marker::Disc, a.stroke.color);
        }
        plot.legend_line(a.derivative_name, a.stroke);
    }
    let peak = (0.0, act::sigmoid_derivative(0.0));
    plot.marker(peak, Marker::Disc, color::BLUE);
    plot.leader((0.08, 0.265), (1.65, 0.5), color::GRAY);
    plot.text(
        (1.7, 0.5),
        (0.0, -4.0),
        &format!("σ′(0) = {:.2},", peak.1),
        Anchor::Start,
        12.0,
    );
    plot.text(
        (1.7, 0.5),
        (0.0, 12.0),
        "el máximo de σ′",
        Anchor::Start,
        12.0,
    );
    plot.render()
}
