//! Hidden cases and known mistakes of the `cnn_rnn` chapter.

use crate::spec::Spec;

pub fn specs() -> Vec<Spec> {
    Vec::new()
}
