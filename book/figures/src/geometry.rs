//! Cutting the plane into the convex cells a set of lines defines: the
//! regions of constant output of a network of sign (threshold) neurons.

/// A convex polygon, as its vertices in order.
pub type Polygon = Vec<(f64, f64)>;

/// A line `a·x + b·y + c = 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Line {
    /// The signed value `a·x + b·y + c` (positive on one side, negative on
    /// the other).
    pub fn eval(&self, (x, y): (f64, f64)) -> f64 {
        self.a * x + self.b * y + self.c
    }
}

/// The rectangle `[x0, x1] × [y0, y1]` as a polygon.
pub fn rectangle(x0: f64, x1: f64, y0: f64, y1: f64) -> Polygon {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// The part of a convex polygon where `side · line.eval(p) ≥ 0`
/// (`side` is `1.0` or `-1.0`), by Sutherland–Hodgman clipping.
pub fn clip(polygon: &[(f64, f64)], line: Line, side: f64) -> Polygon {
    let inside = |p: (f64, f64)| side * line.eval(p) >= 0.0;
    let mut out = Vec::new();
    for (i, &p) in polygon.iter().enumerate() {
        let q = polygon[(i + 1) % polygon.len()];
        if inside(p) {
            out.push(p);
        }
        if inside(p) != inside(q) {
            let (fp, fq) = (line.eval(p), line.eval(q));
            let t = fp / (fp - fq);
            out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
        }
    }
    out
}

/// The cells into which `lines` cut a convex polygon (empty pieces dropped).
pub fn cells(polygon: &[(f64, f64)], lines: &[Line]) -> Vec<Polygon> {
    let mut cells = vec![polygon.to_vec()];
    for &line in lines {
        cells = cells
            .iter()
            .flat_map(|cell| [clip(cell, line, 1.0), clip(cell, line, -1.0)])
            .filter(|cell| area(cell) > 1e-12)
            .collect();
    }
    cells
}

/// The area of a polygon (shoelace formula, absolute value).
pub fn area(polygon: &[(f64, f64)]) -> f64 {
    let n = polygon.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (p, q) = (polygon[i], polygon[(i + 1) % n]);
            p.0 * q.1 - q.0 * p.1
        })
        .sum();
    twice.abs() / 2.0
}

/// The mean of the vertices: a point strictly inside a convex polygon.
pub fn centroid(polygon: &[(f64, f64)]) -> (f64, f64) {
    let n = polygon.len() as f64;
    let (sx, sy) = polygon
        .iter()
        .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
    (sx / n, sy / n)
}

/// Whether a point lies inside (or on the border of) a convex polygon.
pub fn contains(polygon: &[(f64, f64)], p: (f64, f64)) -> bool {
    let n = polygon.len();
    let cross = |i: usize| {
        let (a, b) = (polygon[i], polygon[(i + 1) % n]);
        (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)
    };
    let signs: Vec<f64> = (0..n).map(cross).collect();
    signs.iter().all(|&s| s >= -1e-12) || signs.iter().all(|&s| s <= 1e-12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_parallel_lines_cut_a_square_into_three_strips() {
        let square = rectangle(-1.5, 1.5, -1.5, 1.5);
        // x₁ + x₂ ± 1 = 0, the lines of the XOR figure's hidden neurons.
        let cells = cells(&square, &crate::xor::HIDDEN_LINES);
        assert_eq!(cells.len(), 3);
        let total: f64 = cells.iter().map(|c| area(c)).sum();
        assert!((total - 9.0).abs() < 1e-12);
        assert!(cells.iter().any(|c| contains(c, (0.0, 0.0))));
    }
}
