// Calls the `cnn_rnn` chapter's functions from wire inputs. Included (not
// `mod`-declared) where `student` names the chapter module being graded.
use serde_json::{Value, json};

use crate::wire::*;

pub fn call(id: &str, input: &Value) -> Result<Value, String> {
    Ok(match id {
        "conv2d" => array2(&student::conv2d(
            &array2_arg(input, "input")?,
            &array2_arg(input, "kernel")?,
            usize_arg(input, "stride")?,
        )),
        "max_pool" => array2(&student::max_pool(
            &array2_arg(input, "input")?,
            usize_arg(input, "size")?,
            usize_arg(input, "stride")?,
        )),
        "dense_parameter_count" => json!(student::dense_parameter_count(
            usize_arg(input, "inputs")?,
            usize_arg(input, "outputs")?,
        )),
        "conv_parameter_count" => json!(student::conv_parameter_count(
            usize_arg(input, "kernel_h")?,
            usize_arg(input, "kernel_w")?,
            usize_arg(input, "in_channels")?,
            usize_arg(input, "filters")?,
        )),
        "rnn_step" => array1(&student::rnn_step(
            &array2_arg(input, "wx")?,
            &array2_arg(input, "wh")?,
            &array1_arg(input, "b")?,
            &array1_arg(input, "x")?,
            &array1_arg(input, "h_prev")?,
        )),
        "rnn_run" => arrays1(&student::rnn_run(
            &array2_arg(input, "wx")?,
            &array2_arg(input, "wh")?,
            &array1_arg(input, "b")?,
            &as_arrays1(field(input, "xs")?)?,
            &array1_arg(input, "h0")?,
        )),
        _ => return Err(format!("el corrector no conoce el ejercicio cnn_rnn::{id}")),
    })
}
