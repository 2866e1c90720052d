//! What the grader knows about each exercise beyond the catalog: how to make
//! hidden cases, which mistakes to recognise, and, for the few exercises
//! that are better tested by a property than by equality, the property.
//!
//! Each chapter's specs live in `exercises/<chapter>.rs`.

use nncore::Rng;
use serde_json::Value;

pub struct Spec {
    pub chapter: &'static str,
    pub id: &'static str,
    /// Makes `n` hidden inputs from the seeded generator.
    pub hidden: fn(&mut Rng, usize) -> Vec<Value>,
    /// Common mistakes, tried in order on a wrong answer.
    pub mistakes: Vec<Mistake>,
    /// When set, outputs are judged by this property instead of by equality
    /// with the reference output (public cases still check their `expected`).
    pub property: Option<Property>,
}

/// A known mistake: the answer a student who made it would return.
pub struct Mistake {
    /// Spanish, addressed to the student: what they probably did.
    pub diagnosis: &'static str,
    /// The mistaken answer for an input (None where the mistake does not apply).
    pub answer: fn(&Value) -> Option<Value>,
}

/// Judges an output on its own; `Err` explains, in Spanish, what is wrong.
pub type Property = fn(input: &Value, output: &Value) -> Result<(), String>;

impl Spec {
    pub fn qualified_id(&self) -> String {
        format!("{}::{}", self.chapter, self.id)
    }
}

/// Every exercise the grader knows, chapter by chapter.
pub fn all() -> Vec<Spec> {
    let mut specs = Vec::new();
    specs.extend(crate::exercises::perceptron::specs());
    specs.extend(crate::exercises::xor::specs());
    specs.extend(crate::exercises::activations::specs());
    specs.extend(crate::exercises::vectorization::specs());
    specs.extend(crate::exercises::backprop_neuron::specs());
    specs.extend(crate::exercises::backprop::specs());
    specs.extend(crate::exercises::generalization::specs());
    specs.extend(crate::exercises::cnn_rnn::specs());
    specs.extend(crate::exercises::capstone::specs());
    specs
}
