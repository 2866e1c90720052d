//! Handwritten digits for the workbook's final project.
//!
//! - [`uci`]: the UCI "Optical Recognition of Handwritten Digits" 8×8 set
//!   that ships in `data/` (1797 images; CC BY 4.0, credited in
//!   `data/README.md`), with the fixed 80/20 split of scikit-learn's
//!   `train_test_split(test_size=0.2, random_state=0)`.
//! - [`idx`]: MNIST's IDX files (28×28), for a user who has downloaded them.
//!
//! Both give a [`Split`] of [`Dataset`]s: one image per row, pixels scaled
//! to `[0, 1]`, labels `0..=9`. Every error names the file and, for a
//! malformed one, where it goes wrong, in the user's words (Spanish).

use ndarray::Array2;

pub mod idx;
pub mod uci;

/// Number of classes: the digits 0–9.
pub const CLASSES: usize = 10;

/// Images and their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// One image per row (`width · height` pixels, row by row), in `[0, 1]`.
    pub images: Array2<f64>,
    /// The digit of each row, `0..=9`.
    pub labels: Vec<usize>,
    /// Image width in pixels.
    pub width: usize,
    /// Image height in pixels.
    pub height: usize,
}

impl Dataset {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image.
    pub fn features(&self) -> usize {
        self.images.ncols()
    }

    /// The rows `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Dataset {
        Dataset {
            images: self.images.select(ndarray::Axis(0), rows),
            labels: rows.iter().map(|&r| self.labels[r]).collect(),
            width: self.width,
            height: self.height,
        }
    }
}

/// A training set and a test set.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
}
