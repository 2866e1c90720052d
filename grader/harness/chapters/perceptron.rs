// Calls the `perceptron` chapter's functions from wire inputs. Included (not
// `mod`-declared) where `student` names the chapter module being graded.
use serde_json::{Value, json};

use crate::wire::*;

pub fn call(id: &str, input: &Value) -> Result<Value, String> {
    Ok(match id {
        "sign" => num(student::sign(f64_arg(input, "z")?)),
        "weighted_sum" => num(student::weighted_sum(
            &vec_arg(input, "w")?,
            &vec_arg(input, "x")?,
            f64_arg(input, "b")?,
        )),
        "perceptron_output" => num(student::perceptron_output(
            &vec_arg(input, "w")?,
            &vec_arg(input, "x")?,
            f64_arg(input, "b")?,
        )),
        "train_step" => {
            let (w, b) = student::train_step(
                &vec_arg(input, "w")?,
                f64_arg(input, "b")?,
                &vec_arg(input, "x")?,
                f64_arg(input, "y")?,
                f64_arg(input, "eta")?,
            );
            json!({ "w": nums(&w), "b": num(b) })
        }
        "train" => {
            let r = student::train(
                &as_samples(field(input, "data")?)?,
                &vec_arg(input, "w0")?,
                f64_arg(input, "b0")?,
                f64_arg(input, "eta")?,
                usize_arg(input, "max_epochs")?,
            );
            json!({ "w": nums(&r.w), "b": num(r.b), "epochs": r.epochs, "converged": r.converged })
        }
        _ => return Err(format!("el corrector no conoce el ejercicio perceptron::{id}")),
    })
}
