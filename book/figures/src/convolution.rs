//! Figure 7: a 3×3 kernel slid over a 6×6 image (a vertical-edge detector,
//! as in the book's example) gives a 4×4 feature map, and 2×2 max pooling
//! with stride 2 summarises it as 2×2. The numbers are computed with
//! `solutions::cnn_rnn::{conv2d, max_pool}`.

use ndarray::{Array2, array};
use solutions::cnn_rnn::{conv2d, max_pool};

use crate::diagram::Diagram;
use crate::plot::{Anchor, color, num};

/// A 6×6 image, bright (10) on the left and dark (0) on the right, with the
/// edge moving one column to the right every two rows.
pub fn image() -> Array2<f64> {
    Array2::from_shape_fn((6, 6), |(i, j)| if j < 3 + i / 2 { 10.0 } else { 0.0 })
}

/// The book's vertical-edge detector: left column minus right column.
pub fn kernel() -> Array2<f64> {
    array![[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]
}

/// The kernel position the figure highlights (row, column of the window's
/// top-left corner).
pub const WINDOW: (usize, usize) = (0, 1);

/// The fills of the four pooling windows, and of their results.
const POOL_FILLS: [&str; 4] = [color::FILL_BLUE, color::FILL_ORANGE, "#d3eee4", "#f4dbe9"];

/// A number as the figure writes it: an integer, with a proper minus sign.
fn value(v: f64) -> String {
    let s = num(v);
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// Draws a grid of numbers with its top-left corner at `origin`; `fill`
/// gives each cell's background.
fn grid(
    d: &mut Diagram,
    origin: (f64, f64),
    cell: f64,
    values: &Array2<f64>,
    fill: impl Fn(usize, usize) -> String,
) {
    for ((i, j), v) in values.indexed_iter() {
        let (x, y) = (origin.0 + j as f64 * cell, origin.1 + i as f64 * cell);
        d.rect((x, y), (cell, cell), &fill(i, j), "#555555", 1.0);
        d.text(
            (x + cell / 2.0, y + cell / 2.0 + 4.5),
            &value(*v),
            Anchor::Middle,
            12.5,
            color::BLACK,
        );
    }
}

/// `convolution.svg`.
pub fn figure() -> String {
    let (image, kernel) = (image(), kernel());
    let feature_map = conv2d(&image, &kernel, 1);
    let pooled = max_pool(&feature_map, 2, 2);
    let mut d = Diagram::new("Convolución y pooling");

    // The image: light cells are bright (10), grey ones dark (0).
    let (input_at, input_cell) = ((24.0, 72.0), 28.0);
    grid(&mut d, input_at, input_cell, &image, |i, j| {
        if image[[i, j]] > 0.0 {
            "#f7f7f7"
        } else {
            "#b5b5b5"
        }
        .to_string()
    });
    let (wi, wj) = WINDOW;
    let (kh, kw) = kernel.dim();
    d.rect(
        (
            input_at.0 + wj as f64 * input_cell,
            input_at.1 + wi as f64 * input_cell,
        ),
        (kw as f64 * input_cell, kh as f64 * input_cell),
        "none",
        color::VERMILLION,
        3.5,
    );
    d.text(
        (108.0, 262.0),
        "imagen 6×6",
        Anchor::Middle,
        13.0,
        color::BLACK,
    );

    // The kernel.
    let (kernel_at, kernel_cell) = ((222.0, 108.0), 24.0);
    d.text(
        (258.0, 98.0),
        "núcleo 3×3",
        Anchor::Middle,
        13.0,
        color::VERMILLION,
    );
    grid(&mut d, kernel_at, kernel_cell, &kernel, |_, _| {
        "#fdeee3".to_string()
    });
    d.arrow((300.0, 144.0), (330.0, 144.0), color::BLACK, 1.5);

    // The feature map, its cells coloured by pooling window.
    let (map_at, map_cell) = ((340.0, 88.0), 28.0);
    grid(&mut d, map_at, map_cell, &feature_map, |i, j| {
        POOL_FILLS[(i / 2) * 2 + j / 2].to_string()
    });
    d.rect(
        (
            map_at.0 + wj as f64 * map_cell,
            map_at.1 + wi as f64 * map_cell,
        ),
        (map_cell, map_cell),
        "none",
        color::VERMILLION,
        3.5,
    );
    d.text(
        (396.0, 220.0),
        "mapa de características",
        Anchor::Middle,
        13.0,
        color::BLACK,
    );
    d.text(
        (396.0, 236.0),
        "4×4 (paso 1)",
        Anchor::Middle,
        13.0,
        color::BLACK,
    );
    d.arrow((460.0, 144.0), (494.0, 144.0), color::BLACK, 1.5);

    // The pooled map: the maximum of each coloured window.
    let (pool_at, pool_cell) = ((504.0, 108.0), 36.0);
    grid(&mut d, pool_at, pool_cell, &pooled, |i, j| {
        POOL_FILLS[i * 2 + j].to_string()
    });
    d.text(
        (540.0, 200.0),
        "max pooling 2×2,",
        Anchor::Middle,
        13.0,
        color::BLACK,
    );
    d.text((540.0, 216.0), "paso 2", Anchor::Middle, 13.0, color::BLACK);

    // How the highlighted number comes out of the highlighted window.
    let column_sum = |q: usize| -> f64 { (0..kh).map(|p| image[[wi + p, wj + q]]).sum() };
    let (left, right) = (column_sum(0), column_sum(kw - 1));
    let entries = |q: usize| -> String {
        (0..kh)
            .map(|p| value(image[[wi + p, wj + q]]))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    d.text(
        (24.0, 296.0),
        &format!(
            "La ventana marcada, por el núcleo: columna izquierda × 1: {} = {};",
            entries(0),
            value(left)
        ),
        Anchor::Start,
        12.5,
        color::BLACK,
    );
    d.text(
        (24.0, 314.0),
        &format!(
            "columna del medio × 0: 0; columna derecha × (\u{2212}1): \u{2212}({}) = {}. Suma: {}.",
            entries(kw - 1),
            value(-right),
            value(feature_map[[wi, wj]])
        ),
        Anchor::Start,
        12.5,
        color::BLACK,
    );
    d.text(
        (24.0, 350.0),
        "Cada posición del núcleo da un número del mapa; el pooling se queda con el máximo",
        Anchor::Start,
        12.5,
        color::BLACK,
    );
    d.text(
        (24.0, 370.0),
        "de cada ventana de 2×2 (del mismo color) y achica el mapa a la mitad en cada lado.",
        Anchor::Start,
        12.5,
        color::BLACK,
    );
    d.render()
}
