//! Figure 3: the slide's spam perceptron, its decision line and the toy
//! emails, computed with `solutions::perceptron`.

use nncore::data::{SPAM_BIAS, SPAM_EMAIL, SPAM_WEIGHTS, spam_emails};
use solutions::perceptron::{perceptron_output, weighted_sum};

use crate::geometry::{Line, Polygon, cells, centroid, rectangle};
use crate::plot::{Anchor, Axis, LegendPlace, Marker, Plot, Stroke, color};

/// The visible part of the input plane: `x₁ ∈ [−0.5, 6]`, `x₂ ∈ [−0.5, 5]`.
pub const X1_RANGE: (f64, f64) = (-0.5, 6.0);
pub const X2_RANGE: (f64, f64) = (-0.5, 5.0);

/// The decision line `w·x + b = 0` of the slide's perceptron.
pub fn decision_line() -> Line {
    Line {
        a: SPAM_WEIGHTS[0],
        b: SPAM_WEIGHTS[1],
        c: SPAM_BIAS,
    }
}

/// The two half-planes (clipped to the visible rectangle), each with the
/// perceptron's output there (`+1` spam, `−1` no spam), evaluated by
/// `perceptron_output` at a point inside it.
pub fn half_planes() -> Vec<(Polygon, f64)> {
    let view = rectangle(X1_RANGE.0, X1_RANGE.1, X2_RANGE.0, X2_RANGE.1);
    cells(&view, &[decision_line()])
        .into_iter()
        .map(|cell| {
            let (x1, x2) = centroid(&cell);
            let y_hat = perceptron_output(&SPAM_WEIGHTS, &[x1, x2], SPAM_BIAS);
            (cell, y_hat)
        })
        .collect()
}

/// `z = w·x + b` for the slide's email (3, 4): 4.4.
pub fn email_z() -> f64 {
    weighted_sum(&SPAM_WEIGHTS, &SPAM_EMAIL, SPAM_BIAS)
}

/// `spam-boundary.svg`.
pub fn figure() -> String {
    // Equal scales on both axes, so the line's slope looks right.
    let unit = 300.0 / (X2_RANGE.1 - X2_RANGE.0);
    let legend_x = 72.0 + unit * (X1_RANGE.1 - X1_RANGE.0) + 16.0;
    let mut plot = Plot::new(
        "spam-boundary",
        "Perceptrón del ejemplo de spam",
        Axis::new(
            X1_RANGE.0,
            X1_RANGE.1,
            1.0,
            0,
            "x_{1}: veces que aparece «gratis»",
        ),
        Axis::new(X2_RANGE.0, X2_RANGE.1, 1.0, 0, "x_{2}: cantidad de enlaces"),
    )
    .area(72.0, 42.0, unit * (X1_RANGE.1 - X1_RANGE.0), 300.0)
    .legend_place(LegendPlace::At(legend_x, 42.0));

    for (cell, y_hat) in half_planes() {
        let fill = if y_hat > 0.0 {
            color::FILL_ORANGE
        } else {
            color::FILL_BLUE
        };
        plot.polygon(&cell, fill);
    }

    let line = decision_line();
    let boundary = Stroke::solid(color::BLACK);
    let x2_on_line = |x1: f64| -(line.a * x1 + line.c) / line.b;
    plot.line(
        &[
            (X1_RANGE.0, x2_on_line(X1_RANGE.0)),
            (X1_RANGE.1, x2_on_line(X1_RANGE.1)),
        ],
        boundary,
    );
    plot.text(
        (x2_on_line_inverse(line, X2_RANGE.0), X2_RANGE.0),
        (10.0, -8.0),
        "1.2·x_{1} + 0.7·x_{2} − 2 = 0",
        Anchor::Start,
        12.0,
    );

    for (x, y) in spam_emails() {
        let (marker, c) = if y > 0.0 {
            (Marker::Plus, color::VERMILLION)
        } else {
            (Marker::Circle, color::BLUE)
        };
        plot.marker((x[0], x[1]), marker, c);
    }

    let email = (SPAM_EMAIL[0], SPAM_EMAIL[1]);
    plot.ring(email, 10.0, Stroke::solid(color::BLACK).width(1.5));
    plot.text(email, (0.0, -31.0), "correo (3, 4)", Anchor::Middle, 12.0);
    plot.text(
        email,
        (0.0, -16.0),
        &format!("z = 1.2·3 + 0.7·4 − 2 = {:.1}", email_z()),
        Anchor::Middle,
        12.0,
    );

    plot.legend_marker("spam (y = +1)", Marker::Plus, color::VERMILLION);
    plot.legend_marker("no spam (y = −1)", Marker::Circle, color::BLUE);
    plot.legend_line("frontera z = 0", boundary);
    plot.legend_area("ŷ = +1 (z > 0)", color::FILL_ORANGE);
    plot.legend_area("ŷ = −1 (z ≤ 0)", color::FILL_BLUE);
    let formulas = [
        "w = (1.2, 0.7), b = −2",
        "z = w·x + b",
        "ŷ = sgn(z)",
        "con sgn(0) = −1",
    ];
    plot.formulas_px(legend_x + 8.0, &formulas);
    plot.render()
}

/// The `x₁` where the line crosses height `x₂`.
fn x2_on_line_inverse(line: Line, x2: f64) -> f64 {
    -(line.b * x2 + line.c) / line.a
}
