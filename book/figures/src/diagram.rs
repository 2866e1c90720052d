//! Diagrams (boxes, grids of numbers, arrows and text) for the figures that
//! are not plots, with the same conventions as [`crate::plot`]: a 640 × 400
//! white card, the same font and palette, every coordinate with at most two
//! decimals and every element in call order, so the bytes are reproducible.

use std::fmt::Write as _;

use crate::plot::{Anchor, TEXT, WIDTH, document_start, markup, num};

/// A diagram being drawn.
#[derive(Debug, Clone)]
pub struct Diagram {
    title: String,
    body: String,
}

impl Diagram {
    /// An empty diagram with a title, drawn centred at the top.
    pub fn new(title: &str) -> Self {
        let mut d = Self {
            title: title.to_string(),
            body: String::new(),
        };
        let _ = writeln!(
            d.body,
            r#"<text x="{}" y="26" font-size="15" font-weight="bold" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            num(WIDTH / 2.0),
            markup(title, 15.0)
        );
        d
    }

    /// A rectangle with its top-left corner at `(x, y)`.
    pub fn rect(
        &mut self,
        (x, y): (f64, f64),
        (w, h): (f64, f64),
        fill: &str,
        stroke: &str,
        width: f64,
    ) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
            num(x),
            num(y),
            num(w),
            num(h),
            num(width)
        );
    }

    /// A rounded rectangle (for the cells of a network).
    pub fn rounded(&mut self, (x, y): (f64, f64), (w, h): (f64, f64), fill: &str, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"#,
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// Text at `(x, y)` (the baseline), with the `_{…}` subscript markup of
    /// the plots.
    pub fn text(&mut self, (x, y): (f64, f64), label: &str, anchor: Anchor, size: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{fill}">{}</text>"#,
            num(x),
            num(y),
            num(size),
            anchor.svg(),
            markup(label, size)
        );
    }

    /// Bold text.
    pub fn bold(&mut self, (x, y): (f64, f64), label: &str, anchor: Anchor, size: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="bold" text-anchor="{}" fill="{fill}">{}</text>"#,
            num(x),
            num(y),
            num(size),
            anchor.svg(),
            markup(label, size)
        );
    }

    /// A straight arrow from `from` to `to`, its head at `to`.
    pub fn arrow(&mut self, from: (f64, f64), to: (f64, f64), color: &str, width: f64) {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = (dx / len, dy / len);
        let head = 4.0 + 2.5 * width;
        // The line stops where the head starts, so a thick line does not
        // poke through the tip.
        let base = (to.0 - ux * head, to.1 - uy * head);
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="{}"/>"#,
            num(from.0),
            num(from.1),
            num(base.0),
            num(base.1),
            num(width)
        );
        let (px, py) = (-uy * head * 0.5, ux * head * 0.5);
        let _ = writeln!(
            self.body,
            r#"<polygon points="{},{} {},{} {},{}" fill="{color}"/>"#,
            num(to.0),
            num(to.1),
            num(base.0 + px),
            num(base.1 + py),
            num(base.0 - px),
            num(base.1 - py)
        );
    }

    /// The whole diagram as an SVG document.
    pub fn render(&self) -> String {
        let mut out = document_start(&self.title);
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}
