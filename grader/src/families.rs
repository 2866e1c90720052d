//! Mistakes that any exercise can show, recognised from the expected and the
//! obtained answer alone: a number rounded the way the slides print it, a
//! computation in `f32`, two fields of the result swapped, one field's sign
//! flipped. Tried after the exercise's own known mistakes.

use serde_json::{Map, Value};

use crate::judge::{self, Mismatch, Tolerance};

/// How close an `f32` computation gets: about 7 significant digits, a little
/// lost on the way.
const F32: Tolerance = Tolerance {
    abs: 1e-6,
    rel: 2e-6,
};

/// A diagnosis from one of the families, if one fits.
pub fn diagnose(
    expected: &Value,
    got: &Value,
    mismatch: &Mismatch,
    tol: &Tolerance,
) -> Option<String> {
    rounded(mismatch)
        .or_else(|| swapped_fields(expected, got, tol))
        .or_else(|| one_sign_flipped(expected, got, tol))
        .or_else(|| single_precision(expected, got))
}

/// The failing number is the expected one rounded (or cut) to a few
/// decimals, as the slides print it (1.00125 for 1.0012516).
fn rounded(mismatch: &Mismatch) -> Option<String> {
    let want = judge::float(&mismatch.expected)?;
    let got = judge::float(&mismatch.got)?;
    if !want.is_finite() || !got.is_finite() || got == want {
        return None;
    }
    let at = if mismatch.path.is_empty() {
        String::new()
    } else {
        format!(" en `{}`", mismatch.path)
    };
    (1..=6).find_map(|decimals| {
        let scale = 10f64.powi(decimals);
        let round = (want * scale).round() / scale;
        let cut = (want * scale).trunc() / scale;
        let how = if same(got, round) {
            "redondeado"
        } else if same(got, cut) {
            "truncado"
        } else {
            return None;
        };
        Some(format!(
            "obtuviste{at} {}, que es el valor exacto {} {how} a {decimals} decimales, como lo muestran las diapositivas: calculá con todos los decimales (f64) y devolvé el resultado sin redondear",
            judge::render_float(got),
            judge::render_precise(&mismatch.expected),
        ))
    })
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(1.0)
}

/// Every number within the reach of `f32` arithmetic, but not within the
/// tolerance.
fn single_precision(expected: &Value, got: &Value) -> Option<String> {
    judge::compare(expected, got, &F32).ok()?;
    Some(
        "tu resultado coincide con el esperado en unas 6 o 7 cifras y después se aparta: es lo que pasa al calcular en f32 (o al convertir a f32 en el camino); usá f64 en todas las cuentas"
            .into(),
    )
}

/// Two fields of an object result swapped (`dc_dyhat` ↔ `dyhat_dz`).
fn swapped_fields(expected: &Value, got: &Value, tol: &Tolerance) -> Option<String> {
    let (Value::Object(want), Value::Object(have)) = (expected, got) else {
        return None;
    };
    let keys: Vec<&String> = want.keys().filter(|k| have.contains_key(*k)).collect();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            if want[*a] == want[*b] {
                continue;
            }
            let mut swapped: Map<String, Value> = have.clone();
            swapped.insert((*a).clone(), have[*b].clone());
            swapped.insert((*b).clone(), have[*a].clone());
            if judge::compare(expected, &Value::Object(swapped), tol).is_ok() {
                return Some(format!(
                    "intercambiaste `{a}` y `{b}`: lo que calculaste para `{a}` va en `{b}`, y al revés (revisá el orden de los campos al armar el resultado)"
                ));
            }
        }
    }
    None
}

/// Exactly one field of an object result has the wrong sign.
fn one_sign_flipped(expected: &Value, got: &Value, tol: &Tolerance) -> Option<String> {
    let (Value::Object(want), Value::Object(have)) = (expected, got) else {
        return None;
    };
    for key in want.keys() {
        let Some(field) = have.get(key) else { continue };
        let flipped_field = judge::map_floats(field, &|x| -x);
        if flipped_field == *field {
            continue;
        }
        let mut flipped = have.clone();
        flipped.insert(key.clone(), flipped_field);
        if judge::compare(expected, &Value::Object(flipped), tol).is_ok() {
            return Some(format!(
                "el signo de `{key}` está invertido, y el resto está bien: revisá el signo sólo en el cálculo de `{key}`"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::compare;
    use serde_json::json;

    const TOL: Tolerance = Tolerance {
        abs: 1e-9,
        rel: 1e-9,
    };

    fn named(expected: Value, got: Value) -> Option<String> {
        let m = compare(&expected, &got, &TOL).expect_err("a wrong answer");
        diagnose(&expected, &got, &m, &TOL)
    }

    #[test]
    fn the_slides_rounded_number_is_named() {
        let d = named(json!(1.0012516), json!(1.00125)).unwrap();
        assert!(d.contains("redondeado a 5 decimales"), "{d}");
        let d = named(
            json!({"dyhat_dz": 0.104994, "z": 2.0}),
            json!({"dyhat_dz": 0.1049, "z": 2.0}),
        )
        .unwrap();
        assert!(
            d.contains("truncado a 4 decimales") && d.contains("`dyhat_dz`"),
            "{d}"
        );
    }

    #[test]
    fn an_f32_computation_is_named() {
        let want = 1.0 / (1.0 + (-2.0f64).exp());
        let got = f64::from(1.0f32 / (1.0f32 + (-2.0f32).exp()));
        let d = named(json!([want, 0.5]), json!([got, 0.5])).unwrap();
        assert!(d.contains("f32"), "{d}");
        // Further than f32 reaches: not named.
        assert_eq!(named(json!(want), json!(want + 1e-4)), None);
    }

    #[test]
    fn swapped_fields_and_one_flipped_sign_are_named() {
        let d = named(
            json!({"dc_dyhat": -0.119203, "dyhat_dz": 0.104994, "z": 2.0}),
            json!({"dc_dyhat": 0.104994, "dyhat_dz": -0.119203, "z": 2.0}),
        )
        .unwrap();
        assert!(d.contains("`dc_dyhat` y `dyhat_dz`"), "{d}");
        let d = named(
            json!({"grad_w": [0.5, -1.0], "grad_b": 0.25}),
            json!({"grad_w": [0.5, -1.0], "grad_b": -0.25}),
        )
        .unwrap();
        assert!(d.contains("signo de `grad_b`"), "{d}");
        // Two fields wrong in unrelated ways: nothing is named.
        assert_eq!(
            named(json!({"a": 1.0, "b": 2.0}), json!({"a": 3.0, "b": 5.0})),
            None
        );
    }
}
