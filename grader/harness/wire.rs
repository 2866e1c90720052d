//! The wire format between the grader's driver and its harnesses: JSON
//! values to and from the Rust types that exercises take and return.
//!
//! This file is compiled into both processes (by `#[path]`), so the two
//! always agree. Non-finite floats, which JSON cannot hold, travel as the
//! strings "NaN", "inf" and "-inf".
//!
//! The generated dispatch files (`chapters/<chapter>.rs`) call exercises
//! through [`Decode`] and [`Encode`]: each input is decoded by its parameter's
//! name ([`arg`]) and the return value is encoded. The structs a chapter
//! defines get their implementations generated next to the dispatch; the
//! types of the standard library, ndarray and nncore have theirs here.

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

// The largest filled input accepted, to keep a typo in the catalog harmless.
const MAX_FILLED: usize = 10_000_000;

/// `[rows, cols]` or `[n]` and the value of a `{"shape": …, "fill": v}`
/// input: every element equal to v. The catalog uses it for the slides'
/// 128×784 layer.
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

/// A vector written as a list or as `{"shape": [n], "fill": v}`.
pub fn as_vector(v: &Value) -> Result<Array1<f64>, String> {
    match filled(v, 1)? {
        Some((shape, fill)) => Ok(Array1::from_elem(shape[0], fill)),
        None => as_array1(v),
    }
}

/// A matrix written as its list of rows or as `{"shape": [rows, cols], "fill": v}`.
pub fn as_matrix(v: &Value) -> Result<Array2<f64>, String> {
    match filled(v, 2)? {
        Some((shape, fill)) => Ok(Array2::from_elem((shape[0], shape[1]), fill)),
        None => as_array2(v),
    }
}

/// The input `key` decoded as the harness decodes an `Array1<f64>` parameter.
pub fn vector_arg(input: &Value, key: &str) -> Result<Array1<f64>, String> {
    as_vector(field(input, key)?)
}

/// The input `key` decoded as the harness decodes an `Array2<f64>` parameter.
pub fn matrix_arg(input: &Value, key: &str) -> Result<Array2<f64>, String> {
    as_matrix(field(input, key)?)
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

/// A value an exercise returns, as it travels back to the driver.
pub trait Encode {
    fn encode(&self) -> Value;
}

/// A value an exercise takes, read from a case's JSON input.
pub trait Decode: Sized {
    fn decode(v: &Value) -> Result<Self, String>;
}

/// Decodes the input called `key` (an exercise's parameter name).
pub fn arg<T: Decode>(input: &Value, key: &str) -> Result<T, String> {
    match T::decode(field(input, key)?) {
        Ok(value) => Ok(value),
        Err(e) => Err(in_input(key, &e)),
    }
}

fn in_input(key: &str, error: &str) -> String {
    format!("`{key}`: {error}")
}

/// A JSON object with these fields, in this order. (Plain loops rather than
/// iterator adapters here and below: this file is compiled into every
/// harness, in debug, so less generic code means a faster first build.)
pub fn object(fields: Vec<(&str, Value)>) -> Value {
    let mut map = serde_json::Map::new();
    for (key, value) in fields {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

impl Encode for f64 {
    fn encode(&self) -> Value {
        num(*self)
    }
}

impl Decode for f64 {
    fn decode(v: &Value) -> Result<Self, String> {
        as_f64(v)
    }
}

impl Encode for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Decode for bool {
    fn decode(v: &Value) -> Result<Self, String> {
        v.as_bool()
            .ok_or_else(|| format!("se esperaba true o false y llegó {v}"))
    }
}

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Decode for String {
    fn decode(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("se esperaba un texto y llegó {v}"))
    }
}

/// Integers travel as JSON numbers, read back with `$read` (`as_u64` or
/// `as_i64`) and refused when out of the type's range.
macro_rules! integers {
    ($read:ident, $what:literal: $($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }

        impl Decode for $t {
            fn decode(v: &Value) -> Result<Self, String> {
                v.$read()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| format!(concat!("se esperaba ", $what, " y llegó {}"), v))
            }
        }
    )*};
}

integers!(as_u64, "un entero no negativo": usize, u64, u32, u8);
integers!(as_i64, "un entero": i64, i32);

impl Encode for () {
    fn encode(&self) -> Value {
        Value::Null
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        let mut list = Vec::with_capacity(self.len());
        for item in self {
            list.push(item.encode());
        }
        Value::Array(list)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(v: &Value) -> Result<Self, String> {
        let Some(items) = v.as_array() else {
            return Err(format!("se esperaba una lista y llegó {v}"));
        };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            list.push(T::decode(item)?);
        }
        Ok(list)
    }
}

/// `None` travels as `null`.
impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, Encode::encode)
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(v: &Value) -> Result<Self, String> {
        if v.is_null() {
            Ok(None)
        } else {
            T::decode(v).map(Some)
        }
    }
}

/// `Ok(v)` / `Err(e)` travel as `{"ok": v}` / `{"err": "e"}`.
impl<T: Encode, E: std::fmt::Display> Encode for Result<T, E> {
    fn encode(&self) -> Value {
        match self {
            Ok(t) => object(vec![("ok", t.encode())]),
            Err(e) => object(vec![("err", Value::String(e.to_string()))]),
        }
    }
}

/// A tuple travels as a list (unless the exercise names its parts: then the
/// dispatch writes an object).
impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self) -> Value {
        Value::Array(vec![self.0.encode(), self.1.encode()])
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(v: &Value) -> Result<Self, String> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((A::decode(a)?, B::decode(b)?)),
            _ => Err(format!("se esperaba una lista de 2 elementos y llegó {v}")),
        }
    }
}

impl<A: Encode, B: Encode, C: Encode> Encode for (A, B, C) {
    fn encode(&self) -> Value {
        Value::Array(vec![self.0.encode(), self.1.encode(), self.2.encode()])
    }
}

impl<A: Decode, B: Decode, C: Decode> Decode for (A, B, C) {
    fn decode(v: &Value) -> Result<Self, String> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b, c]) => Ok((A::decode(a)?, B::decode(b)?, C::decode(c)?)),
            _ => Err(format!("se esperaba una lista de 3 elementos y llegó {v}")),
        }
    }
}

impl Encode for Array1<f64> {
    fn encode(&self) -> Value {
        array1(self)
    }
}

impl Decode for Array1<f64> {
    fn decode(v: &Value) -> Result<Self, String> {
        as_vector(v)
    }
}

impl Encode for Array2<f64> {
    fn encode(&self) -> Value {
        array2(self)
    }
}

impl Decode for Array2<f64> {
    fn decode(v: &Value) -> Result<Self, String> {
        as_matrix(v)
    }
}

impl Encode for Mlp {
    fn encode(&self) -> Value {
        mlp(self)
    }
}

impl Decode for Mlp {
    fn decode(v: &Value) -> Result<Self, String> {
        as_mlp(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip_and_refuse_what_does_not_fit() {
        assert_eq!(u8::decode(&7u8.encode()), Ok(7));
        assert_eq!(i32::decode(&(-3i32).encode()), Ok(-3));
        assert_eq!(
            u8::decode(&Value::from(300)),
            Err("se esperaba un entero no negativo y llegó 300".into())
        );
        assert_eq!(
            usize::decode(&Value::from(-1)),
            Err("se esperaba un entero no negativo y llegó -1".into())
        );
        assert_eq!(
            i32::decode(&Value::from(1.5)),
            Err("se esperaba un entero y llegó 1.5".into())
        );
    }
}
