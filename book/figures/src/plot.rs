//! A deliberately small SVG plotting module: one rectangular plot area with
//! axes, ticks, light gridlines, polylines, markers, filled polygons, text and
//! a legend.
//!
//! Every coordinate is written with at most two decimals and every element is
//! emitted in call order, so the same calls give the same bytes on every
//! machine. Text is set in a generic sans-serif font list; widths of text are
//! only *estimated* (there is no font metrics here), generously, to size the
//! legend box.
//!
//! Labels accept one tiny piece of markup: `_{…}` sets `…` as a subscript
//! (`x_{1}` for x₁), rendered with a `<tspan>` so it does not depend on the
//! font having Unicode subscript glyphs.

use std::fmt::Write as _;

/// Width of every figure, in SVG user units (pixels at 100 % zoom).
pub const WIDTH: f64 = 640.0;
/// Height of every figure.
pub const HEIGHT: f64 = 400.0;

pub(crate) const FONT: &str = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif";
pub(crate) const TEXT: &str = "#222222";
const GRID: &str = "#e3e3e3";
const FRAME: &str = "#555555";
const TICK_FONT: f64 = 12.0;
const LABEL_FONT: f64 = 13.0;
const TITLE_FONT: f64 = 15.0;
const LEGEND_FONT: f64 = 12.0;
/// A thin white outline behind annotation text, so it stays readable over
/// gridlines, shaded regions and curves.
const HALO: &str =
    r##"stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

/// The Okabe–Ito palette (distinguishable with the usual colour-vision
/// deficiencies), plus a near-black and a grey.
pub mod color {
    pub const BLUE: &str = "#0072B2";
    pub const VERMILLION: &str = "#D55E00";
    pub const GREEN: &str = "#009E73";
    pub const PURPLE: &str = "#CC79A7";
    pub const ORANGE: &str = "#E69F00";
    pub const SKY: &str = "#56B4E9";
    pub const BLACK: &str = "#222222";
    pub const GRAY: &str = "#777777";
    /// Light fills for shaded regions (a light blue and a light orange that
    /// also differ in lightness, so they stay apart in greyscale).
    pub const FILL_BLUE: &str = "#d6e8f5";
    pub const FILL_ORANGE: &str = "#fbdcc4";
}

/// How a line is drawn: colour, width and an optional SVG dash pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: &'static str,
    pub width: f64,
    pub dash: Option<&'static str>,
}

impl Stroke {
    /// A solid line, 2 px wide.
    pub const fn solid(color: &'static str) -> Self {
        Self {
            color,
            width: 2.0,
            dash: None,
        }
    }

    /// A dashed line, 2 px wide, with an SVG `stroke-dasharray` pattern.
    pub const fn dashed(color: &'static str, dash: &'static str) -> Self {
        Self {
            color,
            width: 2.0,
            dash: Some(dash),
        }
    }

    /// The same stroke with another width.
    pub const fn width(self, width: f64) -> Self {
        Self { width, ..self }
    }

    fn attributes(&self) -> String {
        let mut s = format!(
            r#"stroke="{}" stroke-width="{}""#,
            self.color,
            num(self.width)
        );
        if let Some(dash) = self.dash {
            let _ = write!(s, r#" stroke-dasharray="{dash}""#);
        }
        s
    }
}

/// The shape of a data point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A `+` sign.
    Plus,
    /// An open circle.
    Circle,
    /// A filled circle.
    Disc,
}

/// Horizontal alignment of a text label relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub(crate) fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Where the legend goes: in a corner of the plot area, or with its top-left
/// corner at a position in pixels (for example outside the plot area).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LegendPlace {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
    At(f64, f64),
}

/// One axis: its range, the spacing of its ticks, how many decimals the tick
/// labels show, and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub tick_step: f64,
    pub decimals: usize,
    pub label: String,
}

impl Axis {
    pub fn new(min: f64, max: f64, tick_step: f64, decimals: usize, label: &str) -> Self {
        assert!(min < max && tick_step > 0.0, "bad axis {min}..{max}");
        Self {
            min,
            max,
            tick_step,
            decimals,
            label: label.to_string(),
        }
    }

    /// Tick positions: the multiples of `tick_step` inside the range
    /// (computed as `k · step`, so no rounding error piles up).
    pub fn ticks(&self) -> Vec<f64> {
        let eps = 1e-9;
        let first = (self.min / self.tick_step - eps).ceil() as i64;
        let last = (self.max / self.tick_step + eps).floor() as i64;
        (first..=last).map(|k| k as f64 * self.tick_step).collect()
    }

    fn span(&self) -> f64 {
        self.max - self.min
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LegendKey {
    Line(Stroke),
    Marker(Marker, &'static str),
    Area(&'static str),
}

/// A single plot, built up by calls and turned into an SVG document by
/// [`Plot::render`].
#[derive(Debug, Clone)]
pub struct Plot {
    id: String,
    title: String,
    x: Axis,
    y: Axis,
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    zero_lines: bool,
    regions: String,
    data: String,
    notes: String,
    legend: Vec<(LegendKey, String)>,
    legend_place: LegendPlace,
}

impl Plot {
    /// A plot with the default plot area (room for the title above and for
    /// tick labels and axis labels below and on the left). `id` must be
    /// unique among figures shown on one page (it names the clip path).
    pub fn new(id: &str, title: &str, x: Axis, y: Axis) -> Self {
        Self {
            id: id.to_string(),
            title: title.to_string(),
            x,
            y,
            left: 72.0,
            top: 42.0,
            right: WIDTH - 20.0,
            bottom: HEIGHT - 56.0,
            zero_lines: false,
            regions: String::new(),
            data: String::new(),
            notes: String::new(),
            legend: Vec::new(),
            legend_place: LegendPlace::TopLeft,
        }
    }

    /// Places the plot area at `(left, top)` with the given size in pixels.
    pub fn area(mut self, left: f64, top: f64, width: f64, height: f64) -> Self {
        self.left = left;
        self.top = top;
        self.right = left + width;
        self.bottom = top + height;
        self
    }

    /// Draws the lines `x = 0` and `y = 0` (when inside the ranges) a bit
    /// darker than the gridlines.
    pub fn zero_lines(mut self) -> Self {
        self.zero_lines = true;
        self
    }

    /// Where to put the legend.
    pub fn legend_place(mut self, place: LegendPlace) -> Self {
        self.legend_place = place;
        self
    }

    /// Horizontal pixel position of a data `x`.
    pub fn px(&self, x: f64) -> f64 {
        self.left + (x - self.x.min) / self.x.span() * (self.right - self.left)
    }

    /// Vertical pixel position of a data `y` (SVG's y grows downwards).
    pub fn py(&self, y: f64) -> f64 {
        self.bottom - (y - self.y.min) / self.y.span() * (self.bottom - self.top)
    }

    /// The plot area in pixels: `(left, top, right, bottom)`.
    pub fn area_px(&self) -> (f64, f64, f64, f64) {
        (self.left, self.top, self.right, self.bottom)
    }

    /// A filled polygon (data coordinates), drawn under the gridlines' level
    /// of emphasis: use light colours.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str) {
        let _ = writeln!(
            self.regions,
            r#"<polygon points="{}" fill="{fill}"/>"#,
            self.points_attr(points)
        );
    }

    /// A polyline through `points` (data coordinates), clipped to the plot
    /// area.
    pub fn line(&mut self, points: &[(f64, f64)], stroke: Stroke) {
        let _ = writeln!(
            self.data,
            r#"<polyline points="{}" fill="none" {} stroke-linejoin="round"/>"#,
            self.points_attr(points),
            stroke.attributes()
        );
    }

    /// A vertical line across the whole plot area at data `x`.
    pub fn vline(&mut self, x: f64, stroke: Stroke) {
        self.line(&[(x, self.y.min), (x, self.y.max)], stroke);
    }

    /// A marker at a data point.
    pub fn marker(&mut self, (x, y): (f64, f64), marker: Marker, color: &str) {
        let s = marker_svg(self.px(x), self.py(y), marker, color);
        self.data.push_str(&s);
    }

    /// A circle of radius `r` pixels around a data point, drawn above the
    /// data (to highlight a point).
    pub fn ring(&mut self, (x, y): (f64, f64), r: f64, stroke: Stroke) {
        let _ = writeln!(
            self.notes,
            r#"<circle cx="{}" cy="{}" r="{}" fill="none" {}/>"#,
            num(self.px(x)),
            num(self.py(y)),
            num(r),
            stroke.attributes()
        );
    }

    /// A thin straight line between two data points, drawn above the data and
    /// not clipped (for example from a label to the point it describes).
    pub fn leader(&mut self, from: (f64, f64), to: (f64, f64), color: &str) {
        let _ = writeln!(
            self.notes,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="1"/>"#,
            num(self.px(from.0)),
            num(self.py(from.1)),
            num(self.px(to.0)),
            num(self.py(to.1))
        );
    }

    /// A text label at a data point, shifted by `offset` pixels.
    pub fn text(
        &mut self,
        (x, y): (f64, f64),
        offset: (f64, f64),
        label: &str,
        anchor: Anchor,
        size: f64,
    ) {
        let (px, py) = (self.px(x) + offset.0, self.py(y) + offset.1);
        self.text_px((px, py), label, anchor, size, TEXT);
    }

    /// Formulas beside the plot, one a line from 230 px down, 20 px apart,
    /// left-aligned at `x` px.
    pub fn formulas_px(&mut self, x: f64, formulas: &[&str]) {
        for (i, formula) in formulas.iter().enumerate() {
            let y = 230.0 + 20.0 * i as f64;
            self.text_px((x, y), formula, Anchor::Start, 13.0, color::BLACK);
        }
    }

    /// A text label at a position in pixels, in a given colour (drawn with a
    /// thin white halo).
    pub fn text_px(
        &mut self,
        (x, y): (f64, f64),
        label: &str,
        anchor: Anchor,
        size: f64,
        fill: &str,
    ) {
        let _ = writeln!(
            self.notes,
            r##"<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{fill}" {HALO}>{}</text>"##,
            num(x),
            num(y),
            num(size),
            anchor.svg(),
            markup(label, size)
        );
    }

    /// A legend entry drawn as a short line.
    pub fn legend_line(&mut self, label: &str, stroke: Stroke) {
        self.legend
            .push((LegendKey::Line(stroke), label.to_string()));
    }

    /// A legend entry drawn as a marker.
    pub fn legend_marker(&mut self, label: &str, marker: Marker, color: &'static str) {
        self.legend
            .push((LegendKey::Marker(marker, color), label.to_string()));
    }

    /// A legend entry drawn as a filled square.
    pub fn legend_area(&mut self, label: &str, fill: &'static str) {
        self.legend.push((LegendKey::Area(fill), label.to_string()));
    }

    /// The whole figure as an SVG document.
    pub fn render(&self) -> String {
        let mut out = document_start(&self.title);
        let (l, t, r, b) = (self.left, self.top, self.right, self.bottom);
        // The plot area, as the attributes of a rectangle.
        let area = format!(
            r#"x="{}" y="{}" width="{}" height="{}""#,
            num(l),
            num(t),
            num(r - l),
            num(b - t)
        );
        let _ = writeln!(
            out,
            r#"<defs><clipPath id="{}-area"><rect {area}/></clipPath></defs>"#,
            self.id
        );

        // Title, centred over the plot area.
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="bold" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            num((l + r) / 2.0),
            num(t - 16.0),
            num(TITLE_FONT),
            markup(&self.title, TITLE_FONT)
        );

        // Shaded regions, then the grid on top of them (so it stays visible).
        let _ = writeln!(out, r#"<g clip-path="url(#{}-area)">"#, self.id);
        out.push_str(&self.regions);
        out.push_str("</g>\n");
        out.push_str(&self.grid_and_ticks());

        // Data, clipped to the plot area.
        let _ = writeln!(out, r#"<g clip-path="url(#{}-area)">"#, self.id);
        out.push_str(&self.data);
        out.push_str("</g>\n");

        // Frame.
        let _ = writeln!(
            out,
            r#"<rect {area} fill="none" stroke="{FRAME}" stroke-width="1"/>"#
        );

        // Axis labels.
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            num((l + r) / 2.0),
            num(b + 40.0),
            num(LABEL_FONT),
            markup(&self.x.label, LABEL_FONT)
        );
        let (yx, yy) = (l - 50.0, (t + b) / 2.0);
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{TEXT}" transform="rotate(-90 {} {})">{}</text>"#,
            num(yx),
            num(yy),
            num(LABEL_FONT),
            num(yx),
            num(yy),
            markup(&self.y.label, LABEL_FONT)
        );

        out.push_str(&self.notes);
        out.push_str(&self.legend_svg());
        out.push_str("</svg>\n");
        out
    }

    fn points_attr(&self, points: &[(f64, f64)]) -> String {
        let mut s = String::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(s, "{},{}", num(self.px(x)), num(self.py(y)));
        }
        s
    }

    fn grid_and_ticks(&self) -> String {
        let (l, t, r, b) = (self.left, self.top, self.right, self.bottom);
        let mut grid = String::new();
        let mut ticks = String::new();
        let mut labels = String::new();
        for x in self.x.ticks() {
            vertical(&mut grid, self.px(x), t, b);
            vertical(&mut ticks, self.px(x), b, b + 5.0);
            let px = num(self.px(x));
            let _ = writeln!(
                labels,
                r#"<text x="{px}" y="{}" text-anchor="middle">{}</text>"#,
                num(b + 19.0),
                tick_label(x, self.x.decimals)
            );
        }
        for y in self.y.ticks() {
            horizontal(&mut grid, self.py(y), l, r);
            horizontal(&mut ticks, self.py(y), l - 5.0, l);
            let _ = writeln!(
                labels,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
                num(l - 8.0),
                num(self.py(y) + 4.0),
                tick_label(y, self.y.decimals)
            );
        }
        let mut out = format!(
            "<g stroke=\"{GRID}\" stroke-width=\"1\">\n{grid}</g>\n<g stroke=\"{FRAME}\" stroke-width=\"1\">\n{ticks}</g>\n"
        );
        let _ = write!(
            out,
            "<g font-size=\"{}\" fill=\"{TEXT}\">\n{labels}</g>\n",
            num(TICK_FONT)
        );
        if self.zero_lines {
            let mut zero = String::new();
            if self.x.min < 0.0 && 0.0 < self.x.max {
                vertical(&mut zero, self.px(0.0), t, b);
            }
            if self.y.min < 0.0 && 0.0 < self.y.max {
                horizontal(&mut zero, self.py(0.0), l, r);
            }
            let _ = write!(
                out,
                "<g stroke=\"#9a9a9a\" stroke-width=\"1\">\n{zero}</g>\n"
            );
        }
        out
    }

    fn legend_svg(&self) -> String {
        if self.legend.is_empty() {
            return String::new();
        }
        let (pad, key, gap, row) = (8.0, 30.0, 8.0, 20.0);
        let text_width = self
            .legend
            .iter()
            .map(|(_, label)| text_width(label, LEGEND_FONT))
            .fold(0.0, f64::max);
        let w = pad + key + gap + text_width + pad;
        let h = pad + row * self.legend.len() as f64 + pad - 4.0;
        let inset = 10.0;
        let (x, y) = match self.legend_place {
            LegendPlace::TopLeft => (self.left + inset, self.top + inset),
            LegendPlace::TopRight => (self.right - inset - w, self.top + inset),
            LegendPlace::BottomLeft => (self.left + inset, self.bottom - inset - h),
            LegendPlace::BottomRight => (self.right - inset - w, self.bottom - inset - h),
            LegendPlace::At(x, y) => (x, y),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#ffffff" fill-opacity="0.92" stroke="#bbbbbb" stroke-width="1"/>"##,
            num(x),
            num(y),
            num(w),
            num(h)
        );
        for (i, (entry, label)) in self.legend.iter().enumerate() {
            let cy = y + pad + row * i as f64 + row / 2.0 - 2.0;
            let (kx0, kx1) = (x + pad, x + pad + key);
            match entry {
                LegendKey::Line(stroke) => {
                    let _ = writeln!(
                        out,
                        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {}/>"#,
                        num(kx0),
                        num(cy),
                        num(kx1),
                        num(cy),
                        stroke.attributes()
                    );
                }
                LegendKey::Marker(marker, color) => {
                    out.push_str(&marker_svg((kx0 + kx1) / 2.0, cy, *marker, color));
                }
                LegendKey::Area(fill) => {
                    let _ = writeln!(
                        out,
                        r##"<rect x="{}" y="{}" width="{}" height="12" fill="{fill}" stroke="#999999" stroke-width="0.5"/>"##,
                        num(kx0 + 4.0),
                        num(cy - 6.0),
                        num(key - 8.0)
                    );
                }
            }
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="{}" fill="{TEXT}">{}</text>"#,
                num(kx1 + gap),
                num(cy + 4.0),
                num(LEGEND_FONT),
                markup(label, LEGEND_FONT)
            );
        }
        out
    }
}

fn marker_svg(x: f64, y: f64, marker: Marker, color: &str) -> String {
    let (cx, cy) = (num(x), num(y));
    match marker {
        Marker::Plus => {
            let r = 5.5;
            format!(
                r#"<path d="M{},{}H{}M{},{}V{}" stroke="{color}" stroke-width="2.2" fill="none"/>"#,
                num(x - r),
                cy,
                num(x + r),
                cx,
                num(y - r),
                num(y + r)
            ) + "\n"
        }
        Marker::Circle => {
            format!(
                r##"<circle cx="{cx}" cy="{cy}" r="4.5" fill="#ffffff" stroke="{color}" stroke-width="2"/>"##
            ) + "\n"
        }
        Marker::Disc => {
            format!(
                r##"<circle cx="{cx}" cy="{cy}" r="5" fill="{color}" stroke="#ffffff" stroke-width="1"/>"##
            ) + "\n"
        }
    }
}

/// A coordinate with at most two decimals, without trailing zeros and never
/// as `-0`.
/// A vertical line at `px` from `y1` to `y2`, with the style of its group.
fn vertical(out: &mut String, x: f64, y1: f64, y2: f64) {
    let (x, y1, y2) = (num(x), num(y1), num(y2));
    let _ = writeln!(out, r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>"#);
}

/// A horizontal line at `py` from `x1` to `x2`, with the style of its group.
fn horizontal(out: &mut String, y: f64, x1: f64, x2: f64) {
    let (y, x1, x2) = (num(y), num(x1), num(x2));
    let _ = writeln!(out, r#"<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"/>"#);
}

/// The start of an SVG document of the figures' size: the `<svg>` tag, the
/// title and the white background; the caller adds the body and `</svg>`.
pub(crate) fn document_start(title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" role="img">"#,
        w = num(WIDTH),
        h = num(HEIGHT)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&plain(title)));
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        num(WIDTH),
        num(HEIGHT)
    );
    out
}

pub fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A tick label with a fixed number of decimals and a proper minus sign.
pub fn tick_label(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let zero = s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    match s.strip_prefix('-') {
        Some(rest) if !zero => format!("\u{2212}{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The label without markup (for `<title>` and width estimates).
pub(crate) fn plain(label: &str) -> String {
    label.replace("_{", "").replace('}', "")
}

/// A label as SVG text content: escaped, with `_{…}` turned into a lowered,
/// smaller `<tspan>`.
pub(crate) fn markup(label: &str, size: f64) -> String {
    let shift = num(size * 0.3);
    let mut out = String::new();
    let mut rest = label;
    let mut lowered = false;
    while let Some(start) = rest.find("_{") {
        let end = start
            + rest[start..]
                .find('}')
                .unwrap_or_else(|| panic!("unclosed subscript in {label:?}"));
        push_run(&mut out, &rest[..start], &shift, &mut lowered);
        let _ = write!(
            out,
            r#"<tspan dy="{shift}" font-size="{}">{}</tspan>"#,
            num(size * 0.75),
            escape(&rest[start + 2..end])
        );
        lowered = true;
        rest = &rest[end + 1..];
    }
    push_run(&mut out, rest, &shift, &mut lowered);
    out
}

fn push_run(out: &mut String, text: &str, shift: &str, lowered: &mut bool) {
    if text.is_empty() {
        return;
    }
    if *lowered {
        let _ = write!(out, r#"<tspan dy="-{shift}">{}</tspan>"#, escape(text));
        *lowered = false;
    } else {
        out.push_str(&escape(text));
    }
}

/// A generous estimate of the width of a label in pixels (sans-serif fonts
/// average a bit over half the font size per character).
fn text_width(label: &str, size: f64) -> f64 {
    let mut width = 0.0;
    let mut rest = label;
    while let Some(start) = rest.find("_{") {
        let end = start + rest[start..].find('}').unwrap_or(rest.len() - start);
        width += rest[..start].chars().count() as f64 * 0.6 * size;
        width += rest[start + 2..end].chars().count() as f64 * 0.6 * 0.75 * size;
        rest = &rest[(end + 1).min(rest.len())..];
    }
    width + rest.chars().count() as f64 * 0.6 * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(tick_label(-0.5, 1), "\u{2212}0.5");
        assert_eq!(tick_label(-0.0, 2), "0.00");
        assert_eq!(tick_label(2.0, 0), "2");
    }

    #[test]
    fn ticks_are_multiples_of_the_step() {
        let axis = Axis::new(-1.5, 1.5, 0.5, 1, "x");
        assert_eq!(axis.ticks(), vec![-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]);
    }

    #[test]
    fn subscripts_become_tspans() {
        assert_eq!(
            markup("x_{1} < 2", 10.0),
            r#"x<tspan dy="3" font-size="7.5">1</tspan><tspan dy="-3"> &lt; 2</tspan>"#
        );
        assert_eq!(plain("x_{1} + x_{2}"), "x1 + x2");
    }
}
