// Hand-written calls of the `generalization` chapter, included by the
// generated chapters/generalization.rs (`cargo xtask gen`) inside a module of
// its own.
//
// `dropout` takes `&mut Rng`: the input carries a `seed`, the generator is
// built here, and the output also says how many numbers the function drew
// from it (`draws`), so that drawing at test time shows.

use serde_json::{Value, json};

use crate::wire::*;

pub fn call_dropout(input: &Value) -> Result<Value, String> {
    let a: Vec<f64> = arg(input, "a")?;
    let seed: u64 = arg(input, "seed")?;
    let mut rng = nncore::Rng::new(seed);
    let out = student::dropout(
        &a,
        arg(input, "keep_prob")?,
        &mut rng,
        arg(input, "training")?,
    );
    Ok(json!({ "a": nums(&out), "draws": draws(seed, &rng, 4 * a.len() + 64) }))
}

/// How many 64-bit numbers were drawn from a generator made with `seed` to
/// reach the state `rng` (null if not within `limit`, e.g. when it was
/// replaced by another generator).
fn draws(seed: u64, rng: &nncore::Rng, limit: usize) -> Value {
    let mut probe = nncore::Rng::new(seed);
    for k in 0..=limit {
        if &probe == rng {
            return json!(k);
        }
        probe.next_u64();
    }
    Value::Null
}
