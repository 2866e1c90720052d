//! Hidden cases and known mistakes of the `generalization` chapter.

use crate::spec::Spec;

pub fn specs() -> Vec<Spec> {
    Vec::new()
}
