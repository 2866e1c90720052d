//! A JSON input of the catalog written as a Rust expression of a parameter's
//! type, for the notebook cells generated from the public cases
//! (`check!(perceptron => weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0))`).
//!
//! The JSON is read as the harness decodes it (`grader/harness/wire.rs`):
//! floats also as `"NaN"`, `"inf"`, `"-inf"`; tuples as lists; `Option` as
//! `null` or the value; `Array1`/`Array2` as lists, or `{"shape", "fill"}`;
//! `Mlp` and the chapter's structs as objects with a field per field. What
//! has no literal (`&mut`, a closure, a generic, a trait object) is refused.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use serde_json::Value;
use syn::{GenericArgument, PathArguments, Type};

/// The chapter's `pub struct`s by name: written as `Name { field: … }`.
pub type Structs<'a> = BTreeMap<String, &'a syn::ItemStruct>;

/// `value` as an expression of type `ty`.
pub fn literal(ty: &Type, value: &Value, structs: &Structs) -> Result<String> {
    match ty {
        Type::Reference(r) if r.mutability.is_some() => {
            bail!("`&mut` has no literal: the function changes the value it gets")
        }
        Type::Reference(r) => match &*r.elem {
            Type::Slice(slice) => Ok(format!("&[{}]", items(&slice.elem, value, structs)?)),
            Type::Path(p) if p.qself.is_none() && p.path.is_ident("str") => string(value),
            elem => Ok(format!("&{}", literal(elem, value, structs)?)),
        },
        Type::Paren(p) => literal(&p.elem, value, structs),
        Type::Group(g) => literal(&g.elem, value, structs),
        Type::Tuple(t) => {
            let list = list(value)?;
            if list.len() != t.elems.len() {
                bail!(
                    "a tuple of {} parts needs a list of {}, not {value}",
                    t.elems.len(),
                    t.elems.len()
                );
            }
            let parts: Vec<String> = t
                .elems
                .iter()
                .zip(list)
                .map(|(ty, v)| literal(ty, v, structs))
                .collect::<Result<_>>()?;
            Ok(if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            })
        }
        Type::Path(p) if p.qself.is_none() => path_literal(p, value, structs),
        _ => bail!("`{}` has no literal", spelled(ty)),
    }
}

/// A type as it is written (`&mut Rng`, not the tokens' `& mut Rng`).
pub fn spelled(ty: &Type) -> String {
    let mut text = quote::ToTokens::to_token_stream(ty).to_string();
    for (from, to) in [
        ("& ", "&"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        (" :: ", "::"),
        (" (", "("),
    ] {
        text = text.replace(from, to);
    }
    text
}

fn path_literal(p: &syn::TypePath, value: &Value, structs: &Structs) -> Result<String> {
    let last = p.path.segments.last().context("an empty type path")?;
    let name = last.ident.to_string();
    let argument = || -> Result<&Type> {
        match &last.arguments {
            PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(GenericArgument::Type(t)) => Ok(t),
                _ => bail!("`{name}<…>` without a type argument"),
            },
            _ => bail!("`{name}` without a type argument"),
        }
    };
    match name.as_str() {
        "f64" | "f32" => float(value),
        "usize" | "u8" | "u16" | "u32" | "u64" | "isize" | "i8" | "i16" | "i32" | "i64" => {
            match value {
                Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
                _ => bail!("`{name}` needs a whole number, not {value}"),
            }
        }
        "bool" => match value {
            Value::Bool(b) => Ok(b.to_string()),
            _ => bail!("`bool` needs true or false, not {value}"),
        },
        "String" => Ok(format!("{}.to_string()", string(value)?)),
        "Vec" => Ok(format!("vec![{}]", items(argument()?, value, structs)?)),
        "Option" => match value {
            Value::Null => Ok("None".into()),
            v => Ok(format!("Some({})", literal(argument()?, v, structs)?)),
        },
        "Array1" => array1(value),
        "Array2" => array2(value),
        "Mlp" => mlp(value),
        _ => match structs.get(&name) {
            Some(s) if p.path.segments.len() == 1 => structure(s, value, structs),
            _ => bail!("`{name}` has no literal"),
        },
    }
}

fn list(value: &Value) -> Result<&Vec<Value>> {
    value
        .as_array()
        .with_context(|| format!("a list was expected, not {value}"))
}

/// The elements of a list, each of type `ty`, separated by commas.
fn items(ty: &Type, value: &Value, structs: &Structs) -> Result<String> {
    let parts: Vec<String> = list(value)?
        .iter()
        .map(|v| literal(ty, v, structs))
        .collect::<Result<_>>()?;
    Ok(parts.join(", "))
}

/// A float literal (`3.0`, `-0.5`, `1e-8`), or the constant it names.
fn float(value: &Value) -> Result<String> {
    match value {
        Value::Number(n) => {
            let x = n.as_f64().with_context(|| format!("{n} is not a number"))?;
            // `{:?}` always writes a float literal: `3.0`, `1e-8`, `-2.5`.
            Ok(format!("{x:?}"))
        }
        Value::String(s) if s == "NaN" => Ok("f64::NAN".into()),
        Value::String(s) if s == "inf" => Ok("f64::INFINITY".into()),
        Value::String(s) if s == "-inf" => Ok("f64::NEG_INFINITY".into()),
        _ => bail!("a number was expected, not {value}"),
    }
}

fn string(value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(format!("{s:?}")),
        _ => bail!("a string was expected, not {value}"),
    }
}

/// `{"shape": [..], "fill": x}`, the shortcut for a large constant array.
fn filled(value: &Value) -> Result<Option<(Vec<u64>, String)>> {
    let Some(shape) = value.get("shape") else {
        return Ok(None);
    };
    let shape: Vec<u64> = list(shape)?
        .iter()
        .map(|d| d.as_u64().with_context(|| format!("`shape` holds {d}")))
        .collect::<Result<_>>()?;
    let fill = float(value.get("fill").context("`shape` without `fill`")?)?;
    Ok(Some((shape, fill)))
}

fn numbers(value: &Value) -> Result<Vec<String>> {
    list(value)?.iter().map(float).collect()
}

fn array1(value: &Value) -> Result<String> {
    if let Some((shape, fill)) = filled(value)? {
        let [n] = shape[..] else {
            bail!("a vector's `shape` has one dimension, not {shape:?}")
        };
        return Ok(format!("ndarray::Array1::from_elem({n}, {fill})"));
    }
    let xs = numbers(value)?;
    Ok(if xs.is_empty() {
        "ndarray::Array1::<f64>::zeros(0)".into()
    } else {
        format!("ndarray::array![{}]", xs.join(", "))
    })
}

fn array2(value: &Value) -> Result<String> {
    if let Some((shape, fill)) = filled(value)? {
        let [rows, cols] = shape[..] else {
            bail!("a matrix's `shape` has two dimensions, not {shape:?}")
        };
        return Ok(format!(
            "ndarray::Array2::from_elem(({rows}, {cols}), {fill})"
        ));
    }
    let rows: Vec<Vec<String>> = list(value)?.iter().map(numbers).collect::<Result<_>>()?;
    let cols = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != cols) {
        bail!("the rows of a matrix have different lengths: {value}");
    }
    Ok(if cols == 0 {
        format!("ndarray::Array2::<f64>::zeros(({}, 0))", rows.len())
    } else {
        let rows: Vec<String> = rows.iter().map(|r| format!("[{}]", r.join(", "))).collect();
        format!("ndarray::array![{}]", rows.join(", "))
    })
}

/// A network built field by field, as the harness decodes it (shapes
/// unchecked: an exercise may have to reject them).
fn mlp(value: &Value) -> Result<String> {
    let field = |key: &str| {
        value
            .get(key)
            .with_context(|| format!("a network needs `{key}`"))
    };
    let weights: Vec<String> = list(field("weights")?)?
        .iter()
        .map(array2)
        .collect::<Result<_>>()?;
    let biases: Vec<String> = list(field("biases")?)?
        .iter()
        .map(array1)
        .collect::<Result<_>>()?;
    Ok(format!(
        "nncore::Mlp {{ weights: vec![{}], biases: vec![{}] }}",
        weights.join(", "),
        biases.join(", ")
    ))
}

fn structure(s: &syn::ItemStruct, value: &Value, structs: &Structs) -> Result<String> {
    let syn::Fields::Named(fields) = &s.fields else {
        bail!("struct `{}` has no named fields", s.ident);
    };
    if !s.generics.params.is_empty() {
        bail!("struct `{}` is generic", s.ident);
    }
    let mut parts = Vec::new();
    for field in &fields.named {
        let name = field.ident.as_ref().context("a field without a name")?;
        let v = value
            .get(name.to_string())
            .with_context(|| format!("`{}` needs the field `{name}`", s.ident))?;
        parts.push(format!("{name}: {}", literal(&field.ty, v, structs)?));
    }
    Ok(format!("{} {{ {} }}", s.ident, parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(ty: &str, value: Value) -> Result<String> {
        let ty: Type = syn::parse_str(ty).unwrap();
        literal(&ty, &value, &Structs::new())
    }

    #[test]
    fn floats_are_float_literals_or_named_constants() {
        assert_eq!(render("f64", json!(3)).unwrap(), "3.0");
        assert_eq!(render("f64", json!(-2.5)).unwrap(), "-2.5");
        assert_eq!(render("f64", json!(1.0e-8)).unwrap(), "1e-8");
        assert_eq!(render("f64", json!("NaN")).unwrap(), "f64::NAN");
        assert_eq!(render("f64", json!("-inf")).unwrap(), "f64::NEG_INFINITY");
        assert!(render("f64", json!("x")).is_err());
        assert!(render("f64", json!(true)).is_err());
    }

    #[test]
    fn integers_and_bools() {
        assert_eq!(render("usize", json!(42)).unwrap(), "42");
        assert_eq!(render("i32", json!(-3)).unwrap(), "-3");
        assert!(render("usize", json!(1.5)).is_err());
        assert_eq!(render("bool", json!(true)).unwrap(), "true");
        assert!(render("bool", json!(1)).is_err());
    }

    #[test]
    fn slices_vectors_and_nested_lists() {
        assert_eq!(render("&[f64]", json!([1.2, 0.7])).unwrap(), "&[1.2, 0.7]");
        assert_eq!(render("&[f64]", json!([])).unwrap(), "&[]");
        assert_eq!(
            render("Vec<Vec<f64>>", json!([[1, 3], [4, 2]])).unwrap(),
            "vec![vec![1.0, 3.0], vec![4.0, 2.0]]"
        );
        assert_eq!(
            render("&[Vec<f64>]", json!([[0.5], []])).unwrap(),
            "&[vec![0.5], vec![]]"
        );
        assert_eq!(render("&[usize]", json!([1, 3])).unwrap(), "&[1, 3]");
        assert!(render("&[f64]", json!(1.0)).is_err());
    }

    #[test]
    fn tuples_are_lists() {
        assert_eq!(
            render("&[(Vec<f64>, f64)]", json!([[[-1.0, 1.0], 1.0]])).unwrap(),
            "&[(vec![-1.0, 1.0], 1.0)]"
        );
        assert_eq!(
            render("(usize, bool)", json!([2, false])).unwrap(),
            "(2, false)"
        );
        assert!(render("(f64, f64)", json!([1.0])).is_err());
    }

    #[test]
    fn arrays_as_lists_or_filled() {
        assert_eq!(
            render("&Array1<f64>", json!([0.05, 0.1])).unwrap(),
            "&ndarray::array![0.05, 0.1]"
        );
        assert_eq!(
            render("Array2<f64>", json!([[1, 2], [3, 4]])).unwrap(),
            "ndarray::array![[1.0, 2.0], [3.0, 4.0]]"
        );
        assert_eq!(
            render("&Array2<f64>", json!({"shape": [784, 128], "fill": 0.5})).unwrap(),
            "&ndarray::Array2::from_elem((784, 128), 0.5)"
        );
        assert_eq!(
            render("Array1<f64>", json!({"shape": [3], "fill": 1})).unwrap(),
            "ndarray::Array1::from_elem(3, 1.0)"
        );
        assert_eq!(
            render("Array2<f64>", json!([])).unwrap(),
            "ndarray::Array2::<f64>::zeros((0, 0))"
        );
        assert!(render("Array2<f64>", json!([[1.0], [2.0, 3.0]])).is_err());
        assert!(render("Array1<f64>", json!({"shape": [2, 2], "fill": 0})).is_err());
    }

    #[test]
    fn options_strings_and_networks() {
        assert_eq!(render("Option<usize>", json!(null)).unwrap(), "None");
        assert_eq!(render("Option<f64>", json!(2)).unwrap(), "Some(2.0)");
        assert_eq!(render("&str", json!("a\"b")).unwrap(), r#""a\"b""#);
        assert_eq!(
            render("String", json!("sí")).unwrap(),
            r#""sí".to_string()"#
        );
        assert_eq!(
            render(
                "&Mlp",
                json!({"weights": [[[0.15, 0.2]]], "biases": [[0.35]]})
            )
            .unwrap(),
            "&nncore::Mlp { weights: vec![ndarray::array![[0.15, 0.2]]], biases: vec![ndarray::array![0.35]] }"
        );
    }

    #[test]
    fn the_chapters_structs_field_by_field() {
        let file: syn::File =
            syn::parse_str("pub struct AdamState { pub m: Vec<f64>, pub v: Vec<f64>, pub t: u32 }")
                .unwrap();
        let syn::Item::Struct(s) = &file.items[0] else {
            unreachable!()
        };
        let structs = Structs::from([("AdamState".to_string(), s)]);
        let ty: Type = syn::parse_str("&AdamState").unwrap();
        assert_eq!(
            literal(&ty, &json!({"m": [0.0], "v": [0], "t": 0}), &structs).unwrap(),
            "&AdamState { m: vec![0.0], v: vec![0.0], t: 0 }"
        );
        assert!(literal(&ty, &json!({"m": [0.0], "v": [0]}), &structs).is_err());
    }

    #[test]
    fn what_has_no_literal_is_refused() {
        for ty in [
            "&mut Rng",
            "&dyn Fn(&[f64]) -> f64",
            "impl Fn(f64) -> f64",
            "T",
            "Rng",
        ] {
            assert!(render(ty, json!(1.0)).is_err(), "{ty}");
        }
    }
}
