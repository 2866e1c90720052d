//! The book's figures, computed with the reference implementations of the
//! `solutions` crate and drawn as SVG by a small plotting module.
//!
//! Every figure is a pure function of the code: fixed seeds
//! ([`nncore::Rng`]), no clock, no hash-map order, and coordinates written
//! with two decimals, so regenerating a figure gives the same bytes.
//! `cargo run -p book-figures` writes them into `book/src/figures/`; the test
//! `tests/figures.rs` fails when a committed file is out of date.
//!
//! The floating-point functions (`exp`, `tanh`, `ln`) come from the
//! platform's math library and ndarray's matrix products may pick different
//! kernels per CPU; differences would only be in the last bits, far below the
//! 0.01 px the figures are written with, but a figure is only guaranteed to
//! be byte-for-byte identical on the kind of machine that generated it.

use std::path::{Path, PathBuf};

pub mod activations;
pub mod convolution;
pub mod diagram;
pub mod geometry;
pub mod handwriting;
pub mod overfitting;
pub mod plot;
pub mod rnn;
pub mod slowdown;
pub mod spam;
pub mod xor;

/// One generated figure: its file name in `book/src/figures/` and its SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub file_name: &'static str,
    pub svg: String,
}

/// A function that draws one figure as an SVG document.
pub type Draw = fn() -> String;

/// The names of the figures, in the order of the book, with the functions
/// that draw them.
pub const FIGURES: [(&str, Draw); 10] = [
    ("activations.svg", activations::activations_figure),
    (
        "activation-derivatives.svg",
        activations::derivatives_figure,
    ),
    ("spam-boundary.svg", spam::figure),
    ("xor-regions.svg", xor::figure),
    ("loss-curves.svg", slowdown::figure),
    ("early-stopping.svg", overfitting::figure),
    ("convolution.svg", convolution::figure),
    ("rnn-unrolled.svg", rnn::figure),
    ("digits-learning-curves.svg", handwriting::curves_figure),
    ("digits-confusion.svg", handwriting::confusion_figure),
];

/// Draws every figure.
pub fn all() -> Vec<Figure> {
    FIGURES
        .iter()
        .map(|&(file_name, draw)| Figure {
            file_name,
            svg: draw(),
        })
        .collect()
}

/// `book/src/figures/`, where the book expects the figures.
pub fn output_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")); // book/figures
    manifest
        .parent()
        .expect("book/figures has a parent")
        .join("src")
        .join("figures")
}
