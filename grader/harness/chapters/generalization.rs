// Calls the `generalization` chapter's functions from wire inputs. Included
// (not `mod`-declared) where `student` names the chapter module being graded.
//
// `dropout` takes `&mut Rng`: the input carries a `seed`, the generator is
// built here, and the output also says how many numbers the function drew
// from it (`draws`), so that drawing at test time shows.
use serde_json::{Value, json};

use crate::wire::*;

pub fn call(id: &str, input: &Value) -> Result<Value, String> {
    Ok(match id {
        "minibatch_indices" => {
            let batches = student::minibatch_indices(
                usize_arg(input, "n")?,
                usize_arg(input, "batch_size")?,
                u64_arg(input, "seed")?,
            );
            json!(batches)
        }
        "decayed_learning_rate" => num(student::decayed_learning_rate(
            f64_arg(input, "eta0")?,
            f64_arg(input, "decay")?,
            usize_arg(input, "epoch")?,
        )),
        "momentum_step" => {
            let (w, v) = student::momentum_step(
                &vec_arg(input, "w")?,
                &vec_arg(input, "velocity")?,
                &vec_arg(input, "grad")?,
                f64_arg(input, "eta")?,
                f64_arg(input, "beta")?,
            );
            json!({ "w": nums(&w), "velocity": nums(&v) })
        }
        "adam_step" => {
            let state = field(input, "state")?;
            let state = student::AdamState {
                m: vec_arg(state, "m")?,
                v: vec_arg(state, "v")?,
                t: u32::try_from(u64_arg(state, "t")?).map_err(|e| e.to_string())?,
            };
            let (w, s) = student::adam_step(
                &vec_arg(input, "w")?,
                &vec_arg(input, "grad")?,
                &state,
                f64_arg(input, "eta")?,
                f64_arg(input, "beta1")?,
                f64_arg(input, "beta2")?,
                f64_arg(input, "epsilon")?,
            );
            json!({ "w": nums(&w), "state": { "m": nums(&s.m), "v": nums(&s.v), "t": s.t } })
        }
        "rmsprop_step" => {
            let (w, s) = student::rmsprop_step(
                &vec_arg(input, "w")?,
                &vec_arg(input, "grad")?,
                &vec_arg(input, "cache")?,
                f64_arg(input, "eta")?,
                f64_arg(input, "rho")?,
                f64_arg(input, "epsilon")?,
            );
            json!({ "w": nums(&w), "cache": nums(&s) })
        }
        "weight_decay_loss" => num(student::weight_decay_loss(
            f64_arg(input, "loss")?,
            &vec_arg(input, "w")?,
            f64_arg(input, "lambda")?,
        )),
        "weight_decay_gradient" => nums(&student::weight_decay_gradient(
            &vec_arg(input, "grad")?,
            &vec_arg(input, "w")?,
            f64_arg(input, "lambda")?,
        )),
        "dropout" => {
            let a = vec_arg(input, "a")?;
            let seed = u64_arg(input, "seed")?;
            let mut rng = nncore::Rng::new(seed);
            let out = student::dropout(
                &a,
                f64_arg(input, "keep_prob")?,
                &mut rng,
                bool_arg(input, "training")?,
            );
            json!({ "a": nums(&out), "draws": draws(seed, &rng, 4 * a.len() + 64) })
        }
        "early_stopping" => {
            let r = student::early_stopping(
                &vec_arg(input, "val_losses")?,
                usize_arg(input, "patience")?,
            );
            json!({ "best_epoch": r.best_epoch, "stop_epoch": r.stop_epoch })
        }
        "train_xor" => {
            let r = student::train_xor(
                usize_arg(input, "hidden")?,
                f64_arg(input, "eta")?,
                usize_arg(input, "epochs")?,
                u64_arg(input, "seed")?,
            );
            json!({ "net": mlp(&r.net), "losses": nums(&r.losses) })
        }
        _ => return Err(format!("el corrector no conoce el ejercicio generalization::{id}")),
    })
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
