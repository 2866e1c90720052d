//! Names the likely mistake behind a wrong answer: first the exercise's own
//! known mistakes, then a few that apply to any numeric answer (sign flipped,
//! a factor 2, a value that never changes).

use serde_json::Value;

use crate::cases::Case;
use crate::judge::{self, Mismatch, MismatchKind};
use crate::runner::RawCase;
use crate::spec::Spec;

/// The diagnoses that look only at the numbers (a sign, a factor 2): when a
/// function the exercise calls is wrong, that is the likelier cause.
pub const GENERIC: [&str; 3] = [
    "el signo está invertido: obtuviste el valor esperado cambiado de signo",
    "sobra un factor 2: obtuviste el doble de lo esperado (¿te olvidaste de un ½?)",
    "falta un factor 2: obtuviste la mitad de lo esperado",
];

/// A diagnosis for the wrong answer `got` to `case`, if one fits.
///
/// A known mistake is named only when the student's answers agree with that
/// mistake on every case seen (not just the failing one), so that a chance
/// coincidence does not mislead.
pub fn diagnose(
    spec: &Spec,
    case: &Case,
    got: &Value,
    mismatch: &Mismatch,
    all_cases: &[Case],
    all_raw: &[RawCase],
) -> Option<String> {
    if matches!(mismatch.kind, MismatchKind::ExpectedErr) {
        return Some(
            "comprobá las formas antes de calcular y devolvé Err(ShapeError::new(…)) cuando no encajan".into(),
        );
    }
    for mistake in &spec.mistakes {
        let matches_here = (mistake.answer)(&case.input)
            .is_some_and(|wrong| judge::compare(&wrong, got, &case.tolerance).is_ok());
        if matches_here && consistent(all_cases, all_raw, |input| (mistake.answer)(input)) {
            return Some(mistake.diagnosis.to_string());
        }
    }
    if let Some(constant) = constant_answer(all_cases, all_raw) {
        return Some(if non_finite(&constant) {
            format!(
                "tu función devuelve siempre {} aunque cambie la entrada: algún cálculo da NaN o infinito para toda entrada (¿una división por cero, el logaritmo de 0 o de un negativo, 0·∞, o una variable que empieza en NaN?)",
                judge::render(&constant)
            )
        } else {
            format!(
                "tu función devuelve siempre {} aunque cambie la entrada: ¿quedó un valor fijo, como el número de la diapositiva?",
                judge::render(&constant)
            )
        });
    }
    let expected = case.expected.as_ref()?;
    if let Some(named) = crate::families::diagnose(expected, got, mismatch, &case.tolerance) {
        return Some(named);
    }
    type Rescale = fn(f64) -> f64;
    let generic: [(&str, Rescale); 3] = [
        (GENERIC[0], |x| -x),
        (GENERIC[1], |x| 2.0 * x),
        (GENERIC[2], |x| 0.5 * x),
    ];
    let expected_is_zero =
        judge::map_floats(expected, &|x| x.abs()) == judge::map_floats(expected, &|_| 0.0);
    if expected_is_zero {
        return None;
    }
    generic.iter().find_map(|(diagnosis, f)| {
        let wrong = judge::map_floats(expected, f);
        judge::compare(&wrong, got, &case.tolerance)
            .is_ok()
            .then(|| diagnosis.to_string())
    })
}

/// Whether a value holds NaN or an infinity (they travel as text).
fn non_finite(v: &Value) -> bool {
    match v {
        Value::String(_) => judge::float(v).is_some_and(|x| !x.is_finite()),
        Value::Array(a) => a.iter().any(non_finite),
        Value::Object(o) => o.values().any(non_finite),
        _ => false,
    }
}

/// Whether the student's answers equal `answer` on every case that has both.
fn consistent(
    all_cases: &[Case],
    all_raw: &[RawCase],
    answer: impl Fn(&Value) -> Option<Value>,
) -> bool {
    all_cases
        .iter()
        .zip(all_raw)
        .all(|(case, raw)| match (raw, answer(&case.input)) {
            (RawCase::Output(got), Some(wrong)) => {
                judge::compare(&wrong, got, &case.tolerance).is_ok()
            }
            _ => true,
        })
}

/// The one answer the student gave to every hidden case, when the expected
/// answers differ.
fn constant_answer(all_cases: &[Case], all_raw: &[RawCase]) -> Option<Value> {
    let pairs: Vec<(&Value, &Value)> = all_cases
        .iter()
        .zip(all_raw)
        .filter(|(case, _)| !case.public())
        .filter_map(|(case, raw)| match (raw, &case.expected) {
            (RawCase::Output(got), Some(expected)) => Some((got, expected)),
            _ => None,
        })
        .collect();
    let (first_got, first_expected) = *pairs.first()?;
    let varied = pairs.iter().any(|(_, e)| *e != first_expected);
    let constant = pairs.len() >= 3 && pairs.iter().all(|(g, _)| *g == first_got);
    (varied && constant).then(|| first_got.clone())
}
