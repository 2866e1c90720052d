//! The wire format between the grader's driver and its harnesses: JSON
//! values to and from the Rust types that exercises take and return.
//!
//! This file is compiled into both processes (by `#[path]`), so the two
//! always agree. Non-finite floats, which JSON cannot hold, travel as the
//! strings "NaN", "inf" and "-inf".

#![allow(dead_code)]

use ndarray::{Array1, Array2};
use nncore::Mlp;
use serde_json::{Value, json};

/// Encodes one float, keeping NaN and infinities.
pub fn num(x: f64) -> Value {
    if x.is_nan() {
        Value::from("NaN")
    } else if x == f64::INFINITY {
        Value::from("inf")
    } else if x == f64::NEG_INFINITY {
        Value::from("-inf")
    } else {
        json!(x)
    }
}

/// Decodes one float written by [`num`].
pub fn as_f64(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("no es un número de punto flotante: {n}")),
        Value::String(s) if s == "NaN" => Ok(f64::NAN),
        Value::String(s) if s == "inf" => Ok(f64::INFINITY),
        Value::String(s) if s == "-inf" => Ok(f64::NEG_INFINITY),
        other => Err(format!("se esperaba un número y llegó {other}")),
    }
}

pub fn nums(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|&x| num(x)).collect())
}

pub fn as_vec(v: &Value) -> Result<Vec<f64>, String> {
    v.as_array()
        .ok_or_else(|| format!("se esperaba una lista de números y llegó {v}"))?
        .iter()
        .map(as_f64)
        .collect()
}

pub fn array1(a: &Array1<f64>) -> Value {
    Value::Array(a.iter().map(|&x| num(x)).collect())
}

pub fn as_array1(v: &Value) -> Result<Array1<f64>, String> {
    as_vec(v).map(Array1::from)
}

/// A matrix travels as its list of rows.
pub fn array2(a: &Array2<f64>) -> Value {
    Value::Array(
        a.rows()
            .into_iter()
            .map(|row| Value::Array(row.iter().map(|&x| num(x)).collect()))
            .collect(),
    )
}

pub fn as_array2(v: &Value) -> Result<Array2<f64>, String> {
    let rows = v
        .as_array()
        .ok_or_else(|| format!("se esperaba una matriz (lista de filas) y llegó {v}"))?;
    let rows: Vec<Vec<f64>> = rows.iter().map(as_vec).collect::<Result<_, _>>()?;
    let ncols = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != ncols) {
        return Err("las filas de la matriz tienen largos distintos".into());
    }
    let flat: Vec<f64> = rows.into_iter().flatten().collect();
    Array2::from_shape_vec((flat.len().checked_div(ncols).unwrap_or(0), ncols), flat)
        .map_err(|e| e.to_string())
}

pub fn mlp(net: &Mlp) -> Value {
    json!({
        "weights": net.weights.iter().map(array2).collect::<Vec<_>>(),
        "biases": net.biases.iter().map(array1).collect::<Vec<_>>(),
    })
}

/// Decodes a network without checking that its layers fit: exercises get to
/// see (and must reject) inconsistent shapes.
pub fn as_mlp(v: &Value) -> Result<Mlp, String> {
    let list = |key: &str| -> Result<&Vec<Value>, String> {
        field(v, key)?
            .as_array()
            .ok_or_else(|| format!("`{key}` tiene que ser una lista"))
    };
    Ok(Mlp {
        weights: list("weights")?
            .iter()
            .map(as_array2)
            .collect::<Result<_, _>>()?,
        biases: list("biases")?
            .iter()
            .map(as_array1)
            .collect::<Result<_, _>>()?,
    })
}

pub fn arrays1(xs: &[Array1<f64>]) -> Value {
    Value::Array(xs.iter().map(array1).collect())
}

pub fn as_arrays1(v: &Value) -> Result<Vec<Array1<f64>>, String> {
    v.as_array()
        .ok_or_else(|| format!("se esperaba una lista de vectores y llegó {v}"))?
        .iter()
        .map(as_array1)
        .collect()
}

/// Labelled samples `[[x...], y]`.
pub fn as_samples(v: &Value) -> Result<Vec<(Vec<f64>, f64)>, String> {
    v.as_array()
        .ok_or_else(|| format!("se esperaba una lista de ejemplos y llegó {v}"))?
        .iter()
        .map(|s| match s.as_array().map(Vec::as_slice) {
            Some([x, y]) => Ok((as_vec(x)?, as_f64(y)?)),
            _ => Err(format!("un ejemplo es [x, y] y llegó {s}")),
        })
        .collect()
}

pub fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value, String> {
    v.get(key)
        .ok_or_else(|| format!("falta la entrada `{key}`"))
}

pub fn f64_arg(v: &Value, key: &str) -> Result<f64, String> {
    as_f64(field(v, key)?)
}

pub fn vec_arg(v: &Value, key: &str) -> Result<Vec<f64>, String> {
    as_vec(field(v, key)?)
}

pub fn usize_arg(v: &Value, key: &str) -> Result<usize, String> {
    field(v, key)?
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("`{key}` tiene que ser un entero no negativo"))
}

pub fn u64_arg(v: &Value, key: &str) -> Result<u64, String> {
    field(v, key)?
        .as_u64()
        .ok_or_else(|| format!("`{key}` tiene que ser un entero no negativo"))
}

pub fn bool_arg(v: &Value, key: &str) -> Result<bool, String> {
    field(v, key)?
        .as_bool()
        .ok_or_else(|| format!("`{key}` tiene que ser true o false"))
}

pub fn array1_arg(v: &Value, key: &str) -> Result<Array1<f64>, String> {
    as_array1(field(v, key)?)
}

pub fn array2_arg(v: &Value, key: &str) -> Result<Array2<f64>, String> {
    as_array2(field(v, key)?)
}

/// `Ok(v)` / `Err(e)` of an exercise travel as `{"ok": v}` / `{"err": "e"}`.
pub fn result<T, E: std::fmt::Display>(r: Result<T, E>, ok: impl FnOnce(T) -> Value) -> Value {
    match r {
        Ok(t) => json!({ "ok": ok(t) }),
        Err(e) => json!({ "err": e.to_string() }),
    }
}
