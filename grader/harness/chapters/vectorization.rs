// Calls the `vectorization` chapter's functions from wire inputs. Included
// (not `mod`-declared) where `student` names the chapter module being graded.
//
// Besides the wire's lists, a vector or matrix input may be written as
// `{"shape": [rows, cols], "fill": v}` (or `{"shape": [n], "fill": v}`): every
// element equal to v. The catalog uses it for the slide's 128×784 layer.
use ndarray::{Array1, Array2};
use serde_json::{Value, json};

use crate::wire::*;

pub fn call(id: &str, input: &Value) -> Result<Value, String> {
    Ok(match id {
        "dense_layer" => result(
            student::dense_layer(
                &matrix_arg(input, "w")?,
                &vector_arg(input, "b")?,
                &vector_arg(input, "x")?,
            ),
            |z| array1(&z),
        ),
        "dense_layer_batch" => result(
            student::dense_layer_batch(
                &matrix_arg(input, "w")?,
                &vector_arg(input, "b")?,
                &matrix_arg(input, "x")?,
            ),
            |z| array2(&z),
        ),
        "layer_shapes" => {
            let shapes = student::layer_shapes(&sizes(input, "sizes")?);
            Value::Array(
                shapes
                    .into_iter()
                    .map(|((rows, cols), len)| json!({ "w": [rows, cols], "b": len }))
                    .collect(),
            )
        }
        "forward_pass" => result(
            student::forward_pass(&as_mlp(field(input, "net")?)?, &vector_arg(input, "x")?),
            |a| arrays1(&a),
        ),
        _ => return Err(format!("el corrector no conoce el ejercicio vectorization::{id}")),
    })
}

// The largest filled input accepted, to keep a typo in the catalog harmless.
const MAX_FILLED: usize = 10_000_000;

// `[rows, cols]` or `[n]` and the value of a `{"shape", "fill"}` input.
fn filled(v: &Value, dims: usize) -> Result<Option<(Vec<usize>, f64)>, String> {
    let Some(shape) = v.get("shape") else {
        return Ok(None);
    };
    let shape: Vec<usize> = shape
        .as_array()
        .ok_or("`shape` must be a list")?
        .iter()
        .map(|n| n.as_u64().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<_>>()
        .ok_or("`shape` must hold non-negative integers")?;
    if shape.len() != dims {
        return Err(format!("`shape` tiene que tener {dims} dimensiones"));
    }
    if shape
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .is_none_or(|n| n > MAX_FILLED)
    {
        return Err("`shape` es demasiado grande".into());
    }
    Ok(Some((shape, f64_arg(v, "fill")?)))
}

// Also used by the grader to decode inputs as the harness does.
pub fn vector_arg(input: &Value, key: &str) -> Result<Array1<f64>, String> {
    let v = field(input, key)?;
    match filled(v, 1)? {
        Some((shape, fill)) => Ok(Array1::from_elem(shape[0], fill)),
        None => as_array1(v),
    }
}

pub fn matrix_arg(input: &Value, key: &str) -> Result<Array2<f64>, String> {
    let v = field(input, key)?;
    match filled(v, 2)? {
        Some((shape, fill)) => Ok(Array2::from_elem((shape[0], shape[1]), fill)),
        None => as_array2(v),
    }
}

fn sizes(input: &Value, key: &str) -> Result<Vec<usize>, String> {
    field(input, key)?
        .as_array()
        .ok_or_else(|| format!("`{key}` must be a list"))?
        .iter()
        .map(|n| n.as_u64().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("`{key}` must hold non-negative integers"))
}
