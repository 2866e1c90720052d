//! Handwritten digits for the workbook's final project.
//!
//! - [`uci`]: the UCI "Optical Recognition of Handwritten Digits" 8×8 set
//!   that ships in `data/` (1797 images; CC BY 4.0, credited in
//!   `data/README.md`), with the fixed 80/20 split of scikit-learn's
//!   `train_test_split(test_size=0.2, random_state=0)`.
//! - [`idx`]: MNIST's IDX files (28×28), for a user who has downloaded them.
//!
//! - [`train`]: the final project's training run on a split, with the
//!   reference solutions of the `capstone` chapter and a report per epoch.
//!
//! Both loaders give a [`Split`] of [`Dataset`]s: one image per row, pixels scaled
//! to `[0, 1]`, labels `0..=9`. Every error names the file and, for a
//! malformed one, where it goes wrong, in the user's words (Spanish).

use ndarray::{Array2, Axis};

pub mod idx;
pub mod train;
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
            images: self.images.select(Axis(0), rows),
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

impl Split {
    /// Both sets standardised with the training set's statistics: each
    /// pixel minus its training mean, divided by its training standard
    /// deviation (pixels that never change are only centred). The test set
    /// is not looked at.
    pub fn standardized(&self) -> Split {
        let mean = self.train.images.mean_axis(Axis(0));
        let sd = self.train.images.std_axis(Axis(0), 0.0);
        let scale = |d: &Dataset| {
            let mut images = d.images.clone();
            if let Some(mean) = &mean {
                for mut row in images.rows_mut() {
                    for ((p, m), s) in row.iter_mut().zip(mean).zip(&sd) {
                        *p = if *s > 1e-12 { (*p - m) / s } else { *p - m };
                    }
                }
            }
            Dataset {
                images,
                ..d.clone()
            }
        };
        Split {
            train: scale(&self.train),
            test: scale(&self.test),
        }
    }
}
