//! Helpers to make hidden inputs from a seeded generator, and the
//! [`mistakes!`] list of known mistakes that one flawed function answers.

use nncore::Rng;
use serde_json::Value;

use crate::wire;

/// A float in `[low, high)`, rounded to 3 decimals so inputs read well.
pub fn float(rng: &mut Rng, low: f64, high: f64) -> f64 {
    (rng.uniform_range(low, high) * 1000.0).round() / 1000.0
}

pub fn floats(rng: &mut Rng, n: usize, low: f64, high: f64) -> Vec<f64> {
    (0..n).map(|_| float(rng, low, high)).collect()
}

pub fn vector(rng: &mut Rng, n: usize, low: f64, high: f64) -> Value {
    wire::nums(&floats(rng, n, low, high))
}

/// A `rows × cols` matrix as the wire's list of rows.
pub fn matrix(rng: &mut Rng, rows: usize, cols: usize, low: f64, high: f64) -> Value {
    Value::Array((0..rows).map(|_| vector(rng, cols, low, high)).collect())
}

/// An integer in `low..=high`.
pub fn int(rng: &mut Rng, low: usize, high: usize) -> usize {
    low + rng.below(high - low + 1)
}

/// ±1 with equal probability.
pub fn pm1(rng: &mut Rng) -> f64 {
    if rng.uniform() < 0.5 { -1.0 } else { 1.0 }
}

/// Boundary cases written out, each with a short name shown to the student.
pub fn named(list: Vec<(&str, Value)>) -> Vec<(String, Value)> {
    list.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

/// One named boundary case.
pub fn edge(name: &str, input: Value) -> (String, Value) {
    (name.to_string(), input)
}

/// The known mistakes of an exercise whose wrong answers one function gives,
/// told apart by its second argument (a flaw: an enum variant, a closure, a
/// tuple):
///
/// ```ignore
/// mistakes![backprop_with;
///     Flaw::NotReversed => "los gradientes están en orden inverso: …",
///     Flaw::NoSigmaPrime => "falta σ'(z) en todas las capas: …",
/// ]
/// ```
///
/// is the list, in that order, of `Mistake { diagnosis, answer: |i| with(i, flaw) }`.
macro_rules! mistakes {
    ($with:path; $($flaw:expr => $diagnosis:expr),+ $(,)?) => {
        vec![$($crate::spec::Mistake { diagnosis: $diagnosis, answer: |i| $with(i, $flaw) }),+]
    };
}
pub(crate) use mistakes;
