//! Hidden cases and known mistakes of the `vectorization` chapter.

use crate::spec::Spec;

pub fn specs() -> Vec<Spec> {
    Vec::new()
}
