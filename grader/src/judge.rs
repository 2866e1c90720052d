//! Compares what a student's function returned with what it should have
//! returned. Pure functions of two JSON values: the trusted half of grading.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How far a float may be from the expected one: `|got − want| ≤ abs + rel·|want|`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    pub abs: f64,
    pub rel: f64,
}

impl Tolerance {
    pub fn accepts(&self, want: f64, got: f64) -> bool {
        if want.is_nan() {
            return got.is_nan();
        }
        if want.is_infinite() {
            return got == want;
        }
        got.is_finite() && (got - want).abs() <= self.abs + self.rel * want.abs()
    }

    /// The tolerance in words, e.g. `±1e-9` or `±(1e-9 + 1e-6·|esperado|)`.
    pub fn describe(&self) -> String {
        match (self.abs > 0.0, self.rel > 0.0) {
            (_, false) => format!("±{}", short(self.abs)),
            (false, true) => format!("±{}·|esperado|", short(self.rel)),
            (true, true) => format!("±({} + {}·|esperado|)", short(self.abs), short(self.rel)),
        }
    }
}

fn short(x: f64) -> String {
    format!("{x:e}").replace("e0", "")
}

/// Why one case was judged wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Where in the output, e.g. `grad_w[1]` (empty for the whole value).
    pub path: String,
    pub kind: MismatchKind,
    pub expected: Value,
    pub got: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    /// A number outside the tolerance.
    Value,
    /// NaN or ±∞ where a finite number was expected.
    NotFinite,
    /// A list or matrix of the wrong length or shape.
    Length,
    /// An error was expected (shapes that do not fit) but a value came back.
    ExpectedErr,
    /// A value was expected but the function returned an error.
    UnexpectedErr,
    /// Anything else: a missing field, a different type, a different flag.
    Other,
}

impl Mismatch {
    /// One sentence in Spanish saying what is wrong.
    pub fn explain(&self) -> String {
        let at = if self.path.is_empty() {
            String::new()
        } else {
            format!(" en `{}`", self.path)
        };
        match self.kind {
            MismatchKind::Value if self.path.is_empty() => {
                "el resultado no coincide con el esperado".to_string()
            }
            MismatchKind::Value => format!("`{}` no coincide con el esperado", self.path),
            MismatchKind::NotFinite => format!(
                "resultado no finito{at}: obtuviste {}, y se esperaba un número",
                render(&self.got)
            ),
            MismatchKind::Length => format!(
                "largo o forma distinta{at}: se esperaban {} elementos y obtuviste {}",
                len(&self.expected),
                len(&self.got)
            ),
            MismatchKind::ExpectedErr => format!(
                "las formas no encajan, así que se esperaba Err(ShapeError), pero devolviste Ok{at}"
            ),
            MismatchKind::UnexpectedErr => format!(
                "devolviste Err({}) pero las formas encajan y se esperaba Ok",
                self.got.as_str().unwrap_or("…")
            ),
            MismatchKind::Other if self.path.is_empty() => {
                "el resultado no coincide con el esperado".to_string()
            }
            MismatchKind::Other => format!("`{}` no coincide con el esperado", self.path),
        }
    }
}

fn len(v: &Value) -> String {
    match v {
        Value::Array(a) => a.len().to_string(),
        _ => "1".to_string(),
    }
}

/// Checks `got` against `want`. Objects in `want` are a subset: only their
/// fields are checked. `{"err": …}` in `want` accepts any error message.
pub fn compare(want: &Value, got: &Value, tol: &Tolerance) -> Result<(), Box<Mismatch>> {
    compare_at(String::new(), want, got, tol)
}

fn compare_at(
    path: String,
    want: &Value,
    got: &Value,
    tol: &Tolerance,
) -> Result<(), Box<Mismatch>> {
    let fail = |kind| {
        Err(Box::new(Mismatch {
            path: path.clone(),
            kind,
            expected: want.clone(),
            got: got.clone(),
        }))
    };
    if let Some(want_f) = float(want) {
        return match float(got) {
            Some(got_f) if tol.accepts(want_f, got_f) => Ok(()),
            Some(got_f) if !got_f.is_finite() && want_f.is_finite() => {
                fail(MismatchKind::NotFinite)
            }
            _ => fail(MismatchKind::Value),
        };
    }
    match (want, got) {
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return fail(MismatchKind::Length);
            }
            for (i, (wi, gi)) in w.iter().zip(g).enumerate() {
                compare_at(format!("{path}[{i}]"), wi, gi, tol)?;
            }
            Ok(())
        }
        (Value::Object(w), Value::Object(g)) => {
            if w.contains_key("err") {
                return if g.contains_key("err") {
                    Ok(())
                } else {
                    fail(MismatchKind::ExpectedErr)
                };
            }
            if w.contains_key("ok")
                && let Some(e) = g.get("err")
            {
                return Err(Box::new(Mismatch {
                    path,
                    kind: MismatchKind::UnexpectedErr,
                    expected: want.clone(),
                    got: e.clone(),
                }));
            }
            for (key, wv) in w {
                let sub = match (path.is_empty(), key.as_str()) {
                    (_, "ok") => path.clone(),
                    (true, _) => key.clone(),
                    (false, _) => format!("{path}.{key}"),
                };
                match g.get(key) {
                    Some(gv) => compare_at(sub, wv, gv, tol)?,
                    None => {
                        return Err(Box::new(Mismatch {
                            path: sub,
                            kind: MismatchKind::Other,
                            expected: wv.clone(),
                            got: Value::Null,
                        }));
                    }
                }
            }
            Ok(())
        }
        _ if want == got => Ok(()),
        _ => fail(MismatchKind::Other),
    }
}

/// A float from the wire format (numbers, or "NaN"/"inf"/"-inf").
pub fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s == "NaN" => Some(f64::NAN),
        Value::String(s) if s == "inf" => Some(f64::INFINITY),
        Value::String(s) if s == "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// Whether a value holds a float anywhere (a tolerance means nothing for
/// booleans, integers and text).
pub fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::String(_) => float(v).is_some(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

/// Applies `f` to every float in a value (used by generic diagnoses).
pub fn map_floats(v: &Value, f: &dyn Fn(f64) -> f64) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(|x| map_floats(x, f)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), map_floats(x, f)))
                .collect(),
        ),
        other => match (other, float(other)) {
            (Value::Number(_), Some(x)) => crate::wire::num(f(x)),
            _ => other.clone(),
        },
    }
}

/// A value for a person: numbers with up to 8 significant digits, long lists
/// shortened, matrices as lists of rows.
pub fn render(v: &Value) -> String {
    render_with(v, 8, render_float)
}

/// Like [`render`] but with every digit of each float, for when two
/// different values would otherwise look the same.
pub fn render_precise(v: &Value) -> String {
    render_with(v, 8, |x| format!("{x:?}"))
}

fn render_with(v: &Value, max_items: usize, fmt: fn(f64) -> String) -> String {
    if let Some(x) = float(v) {
        return fmt(x);
    }
    let inner = |x: &Value| render_with(x, max_items, fmt);
    match v {
        Value::Array(a) if a.len() > max_items => {
            let head: Vec<String> = a.iter().take(max_items / 2).map(inner).collect();
            format!("[{}, … ({} elementos en total)]", head.join(", "), a.len())
        }
        Value::Array(a) => format!("[{}]", a.iter().map(inner).collect::<Vec<_>>().join(", ")),
        Value::Object(o) if o.len() == 1 && o.contains_key("ok") => {
            format!("Ok({})", inner(&o["ok"]))
        }
        Value::Object(o) if o.len() == 1 && o.contains_key("err") => match &o["err"] {
            Value::String(s) => format!("Err({s:?})"),
            _ => "Err(…)".to_string(),
        },
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, x)| format!("{k}: {}", inner(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Null => "(nada)".to_string(),
        Value::Number(n) => n.to_string(),
    }
}

pub fn render_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let magnitude = x.abs().log10().floor();
    if !(-5.0..=15.0).contains(&magnitude) {
        return format!("{x:.6e}");
    }
    let decimals = (7.0 - magnitude).clamp(0.0, 12.0) as usize;
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOL: Tolerance = Tolerance {
        abs: 1e-9,
        rel: 1e-9,
    };

    #[test]
    fn numbers_within_tolerance_pass_and_outside_fail() {
        assert!(compare(&json!(4.4), &json!(4.4 + 1e-12), &TOL).is_ok());
        let m = compare(&json!(4.4), &json!(4.5), &TOL).unwrap_err();
        assert_eq!(m.kind, MismatchKind::Value);
    }

    #[test]
    fn nan_and_infinity_are_reported_as_not_finite() {
        let m = compare(&json!([1.0, 2.0]), &json!([1.0, "NaN"]), &TOL).unwrap_err();
        assert_eq!((m.kind, m.path.as_str()), (MismatchKind::NotFinite, "[1]"));
        let m = compare(&json!(0.5), &json!("inf"), &TOL).unwrap_err();
        assert_eq!(m.kind, MismatchKind::NotFinite);
        assert!(compare(&json!("NaN"), &json!("NaN"), &TOL).is_ok());
    }

    #[test]
    fn lengths_and_fields_are_checked() {
        let m = compare(&json!([1.0, 2.0]), &json!([1.0]), &TOL).unwrap_err();
        assert_eq!(m.kind, MismatchKind::Length);
        let m = compare(
            &json!({"w": [1.0], "b": 2.0}),
            &json!({"w": [1.0], "b": 3.0}),
            &TOL,
        )
        .unwrap_err();
        assert_eq!(m.path, "b");
        let m = compare(
            &json!({"converged": false}),
            &json!({"converged": true}),
            &TOL,
        )
        .unwrap_err();
        assert_eq!(m.kind, MismatchKind::Other);
    }

    #[test]
    fn expected_fields_are_a_subset() {
        assert!(compare(&json!({"cost": 1.0}), &json!({"cost": 1.0, "z": 2.0}), &TOL).is_ok());
    }

    #[test]
    fn results_compare_ok_against_ok_and_any_error_against_err() {
        assert!(compare(&json!({"err": "x"}), &json!({"err": "otro mensaje"}), &TOL).is_ok());
        let m = compare(&json!({"err": "x"}), &json!({"ok": [1.0]}), &TOL).unwrap_err();
        assert_eq!(m.kind, MismatchKind::ExpectedErr);
        let m = compare(&json!({"ok": [1.0]}), &json!({"err": "boom"}), &TOL).unwrap_err();
        assert_eq!(m.kind, MismatchKind::UnexpectedErr);
        let m = compare(&json!({"ok": [1.0, 2.0]}), &json!({"ok": [1.0, 3.0]}), &TOL).unwrap_err();
        assert_eq!(m.path, "[1]");
    }

    #[test]
    fn floats_render_for_people() {
        assert_eq!(render_float(4.4), "4.4");
        assert_eq!(render_float(0.0071047), "0.0071047");
        assert_eq!(render_float(-1.0), "-1");
        assert_eq!(render_float(1.0012516), "1.0012516");
        assert_eq!(render(&json!([1.0, 2.5])), "[1, 2.5]");
        assert_eq!(
            render_precise(&json!([1.00125161, 2.0])),
            "[1.00125161, 2.0]"
        );
    }
}
