//! Figure 4: the regions of the input plane where the slide's two-layer sign
//! network (`solutions::xor::xor_network`) outputs +1 and −1.

use nncore::data::xor_gate;
use solutions::xor::xor_network;

use crate::geometry::{Line, Polygon, cells, centroid, rectangle};
use crate::plot::{Anchor, Axis, LegendPlace, Marker, Plot, Stroke, color};

/// The visible square `[−1.5, 1.5]²`.
pub const RANGE: (f64, f64) = (-1.5, 1.5);

/// The lines of the two hidden neurons: `x₁ + x₂ + 1 = 0` (OR, `y₁`) and
/// `x₁ + x₂ − 1 = 0` (AND, `y₂`).
pub const HIDDEN_LINES: [Line; 2] = [
    Line {
        a: 1.0,
        b: 1.0,
        c: 1.0,
    },
    Line {
        a: 1.0,
        b: 1.0,
        c: -1.0,
    },
];

/// The cells the hidden neurons' lines cut the square into. The hidden
/// neurons are sign units, so the network's output is constant on each
/// cell; it is evaluated with `xor_network` at a point inside the cell.
pub fn regions() -> Vec<(Polygon, f64)> {
    let square = rectangle(RANGE.0, RANGE.1, RANGE.0, RANGE.1);
    cells(&square, &HIDDEN_LINES)
        .into_iter()
        .map(|cell| {
            let (x1, x2) = centroid(&cell);
            let y3 = xor_network(x1, x2).y3;
            (cell, y3)
        })
        .collect()
}

/// `xor-regions.svg`.
pub fn figure() -> String {
    let side = 300.0;
    let mut plot = Plot::new(
        "xor-regions",
        "La red XOR de dos capas",
        Axis::new(RANGE.0, RANGE.1, 0.5, 1, "x_{1}"),
        Axis::new(RANGE.0, RANGE.1, 0.5, 1, "x_{2}"),
    )
    .area(72.0, 42.0, side, side)
    .legend_place(LegendPlace::At(72.0 + side + 16.0, 42.0));

    for (cell, y3) in regions() {
        let fill = if y3 > 0.0 {
            color::FILL_ORANGE
        } else {
            color::FILL_BLUE
        };
        plot.polygon(&cell, fill);
    }

    let strokes = [
        Stroke::dashed(color::GREEN, "8 4"),
        Stroke::dashed(color::PURPLE, "10 3 2 3"),
    ];
    for (line, stroke) in HIDDEN_LINES.iter().zip(strokes) {
        // x₂ = −(a x₁ + c) / b at both ends; the clip path trims the rest.
        let x2 = |x1: f64| -(line.a * x1 + line.c) / line.b;
        plot.line(
            &[
                (RANGE.0 - 1.0, x2(RANGE.0 - 1.0)),
                (RANGE.1 + 1.0, x2(RANGE.1 + 1.0)),
            ],
            stroke,
        );
    }

    for (x, _) in xor_gate() {
        let (x1, x2) = (x[0], x[1]);
        let y3 = xor_network(x1, x2).y3;
        let (marker, c) = if y3 > 0.0 {
            (Marker::Disc, color::VERMILLION)
        } else {
            (Marker::Circle, color::BLUE)
        };
        plot.marker((x1, x2), marker, c);
        // Labels above the upper points and below the lower ones.
        let dy = if x2 > 0.0 { -11.0 } else { 21.0 };
        plot.text(
            (x1, x2),
            (0.0, dy),
            &format!(
                "({}, {}) → {}",
                signed(x1),
                signed(x2),
                if y3 > 0.0 { "+1" } else { "−1" }
            ),
            Anchor::Middle,
            12.0,
        );
    }

    plot.legend_area("y_{3} = +1", color::FILL_ORANGE);
    plot.legend_area("y_{3} = −1", color::FILL_BLUE);
    plot.legend_line("y_{1} (OR): x_{1} + x_{2} + 1 = 0", strokes[0]);
    plot.legend_line("y_{2} (AND): x_{1} + x_{2} − 1 = 0", strokes[1]);
    plot.legend_marker("XOR = +1", Marker::Disc, color::VERMILLION);
    plot.legend_marker("XOR = −1", Marker::Circle, color::BLUE);
    let formulas = [
        "y_{1} = sgn(x_{1} + x_{2} + 1)",
        "y_{2} = sgn(x_{1} + x_{2} − 1)",
        "y_{3} = sgn(y_{1} − y_{2} − 1)",
        "con sgn(0) = −1",
    ];
    plot.formulas_px(72.0 + side + 24.0, &formulas);
    plot.render()
}

/// `±1` written with a proper minus sign.
fn signed(v: f64) -> &'static str {
    if v > 0.0 { "1" } else { "−1" }
}
