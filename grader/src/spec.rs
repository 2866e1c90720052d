//! What the grader knows about each exercise beyond the catalog: how to make
//! hidden cases, which mistakes to recognise, and, for the few exercises
//! that are better tested by a property than by equality, the property.
//!
//! This is the whole interface between the engine and the course: the
//! course (`src/course/`) makes one [`Spec`] per exercise, and
//! `course::specs()` lists them; the engine takes them as a slice.

use nncore::Rng;
use serde_json::Value;

pub struct Spec {
    pub chapter: &'static str,
    pub id: &'static str,
    /// Makes `n` hidden inputs from the seeded generator.
    pub hidden: fn(&mut Rng, usize) -> Vec<Value>,
    /// The boundary cases, each with a short name shown to the student: fixed
    /// inputs at the edges where code breaks (ties, zeros, empty inputs, 1×1
    /// shapes, the last epoch...). They run on every seed, before the random
    /// cases. The argument draws the first inputs of `hidden` from a fixed
    /// seed, one per name given, for a generator that starts with edge shapes.
    pub boundary: fn(Drawn) -> Vec<(String, Value)>,
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

/// `drawn(names)`: the first `names.len()` inputs of the exercise's own
/// generator, drawn from a fixed seed, named.
pub type Drawn<'a> = &'a dyn Fn(&[&str]) -> Vec<(String, Value)>;

/// Judges an output on its own; `Err` explains, in Spanish, what is wrong.
pub type Property = fn(input: &Value, output: &Value) -> Result<(), String>;

impl Spec {
    pub fn qualified_id(&self) -> String {
        format!("{}::{}", self.chapter, self.id)
    }
}
