//! The text a `check!` cell prints, in Spanish.

use crate::panics::PanicNote;
use crate::{Call, Verdict};

/// Width of the labels `referencia:` and `tu función:` plus the indent.
const VALUE_COLUMN: usize = 14;

/// The report of one check: the call, both results and the verdict.
pub fn report(
    call: Call<'_>,
    reference: &Result<String, PanicNote>,
    student: &Result<String, PanicNote>,
    verdict: &Verdict,
) -> String {
    let qualified = format!("{}::{}", call.chapter, call.function);
    let file = format!("exercises/src/{}.rs", call.chapter);
    let mut out = format!("{qualified}({})\n", call.args);
    if !call.shown.is_empty() {
        out += &format!("  (se muestra {})\n", call.shown);
    }
    out += &line("referencia:", &result_text(reference));
    let student_text = match verdict {
        Verdict::Pending { .. } => "pendiente".to_string(),
        Verdict::Crashed { .. } => "falló".to_string(),
        _ => result_text(student),
    };
    out += &line("tu función:", &student_text);
    let note = match verdict {
        Verdict::Same => "✓ igual a la referencia".to_string(),
        Verdict::Different => format!(
            "✗ distinta de la referencia. `cargo run -p grader -- {qualified}` te dice qué caso falla y por qué."
        ),
        Verdict::Pending { missing } if missing == call.function => format!(
            "→ `{missing}` todavía tiene `todo!()`: escribila en {file}, guardá y volvé a correr esta celda. \
             Pista: `cargo run -p grader -- hint {qualified}`."
        ),
        Verdict::Pending { missing } => format!(
            "→ llama a `{missing}`, que todavía tiene `todo!()`: escribila en {file}, guardá y volvé a correr esta celda."
        ),
        Verdict::Crashed { .. } => format!("✗ {}", panic_text(student)),
        Verdict::ReferenceFailed { .. } => {
            "✗ la referencia no acepta estos datos: revisá los argumentos de la celda.".to_string()
        }
    };
    out += &format!("  {note}\n");
    out
}

/// A label and a value; the value's extra lines are indented under its
/// first one.
fn line(label: &str, value: &str) -> String {
    let indent = " ".repeat(VALUE_COLUMN);
    let value = shortened(value).replace('\n', &format!("\n{indent}"));
    format!("  {label:<width$}{value}\n", width = VALUE_COLUMN - 2)
}

/// Longest value shown in full, in characters.
const LONGEST: usize = 600;

/// A value cut after [`LONGEST`] characters, saying how much is left out.
fn shortened(value: &str) -> String {
    let total = value.chars().count();
    if total <= LONGEST {
        return value.to_string();
    }
    let head: String = value.chars().take(LONGEST).collect();
    format!("{head}… ({} caracteres más)", total - LONGEST)
}

fn result_text(result: &Result<String, PanicNote>) -> String {
    match result {
        Ok(value) => value.clone(),
        Err(_) => format!("falló: {}", panic_text(result)),
    }
}

fn panic_text(result: &Result<String, PanicNote>) -> String {
    match result {
        Ok(_) => String::new(),
        Err(PanicNote {
            message,
            location: Some(at),
        }) => format!("entró en pánico en {at}: {message}"),
        Err(PanicNote {
            message,
            location: None,
        }) => format!("entró en pánico: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALL: Call<'static> = Call {
        chapter: "perceptron",
        function: "sign",
        args: "0.0",
        shown: "",
    };

    fn panic(message: &str) -> Result<String, PanicNote> {
        Err(PanicNote {
            message: message.into(),
            location: Some("exercises/src/perceptron.rs:17:5".into()),
        })
    }

    #[test]
    fn pending() {
        let text = report(
            CALL,
            &Ok("-1.0".into()),
            &panic("not yet implemented: sign"),
            &Verdict::Pending {
                missing: "sign".into(),
            },
        );
        assert_eq!(
            text,
            "perceptron::sign(0.0)\n\
             \x20 referencia: -1.0\n\
             \x20 tu función: pendiente\n\
             \x20 → `sign` todavía tiene `todo!()`: escribila en exercises/src/perceptron.rs, \
             guardá y volvé a correr esta celda. Pista: `cargo run -p grader -- hint perceptron::sign`.\n"
        );
        let other = report(
            CALL,
            &Ok("-1.0".into()),
            &panic("not yet implemented: weighted_sum"),
            &Verdict::Pending {
                missing: "weighted_sum".into(),
            },
        );
        assert!(
            other.contains("→ llama a `weighted_sum`, que todavía tiene `todo!()`"),
            "{other}"
        );
    }

    #[test]
    fn same_different_and_crashed() {
        let same = report(CALL, &Ok("-1.0".into()), &Ok("-1.0".into()), &Verdict::Same);
        assert!(
            same.ends_with("  tu función: -1.0\n  ✓ igual a la referencia\n"),
            "{same}"
        );
        let different = report(
            CALL,
            &Ok("-1.0".into()),
            &Ok("1.0".into()),
            &Verdict::Different,
        );
        assert!(different.contains("  tu función: 1.0\n  ✗ distinta de la referencia. `cargo run -p grader -- perceptron::sign`"), "{different}");
        let crashed = report(
            CALL,
            &Ok("-1.0".into()),
            &panic("index out of bounds"),
            &Verdict::Crashed {
                message: "index out of bounds".into(),
            },
        );
        assert!(
            crashed.contains("  tu función: falló\n  ✗ entró en pánico en exercises/src/perceptron.rs:17:5: index out of bounds\n"),
            "{crashed}"
        );
    }

    #[test]
    fn long_values_are_cut_and_selectors_shown() {
        let long = "1.0, ".repeat(200);
        let call = Call {
            shown: "|t| t.losses",
            ..CALL
        };
        let text = report(call, &Ok(long.clone()), &Ok(long), &Verdict::Same);
        assert!(
            text.starts_with("perceptron::sign(0.0)\n  (se muestra |t| t.losses)\n"),
            "{text}"
        );
        assert!(text.contains("… (400 caracteres más)\n"), "{text}");
    }

    #[test]
    fn reference_failed_and_multiline_values() {
        let text = report(
            CALL,
            &panic("lengths differ"),
            &Ok("[[1.0],\n [2.0]]".into()),
            &Verdict::ReferenceFailed {
                message: "lengths differ".into(),
            },
        );
        assert!(
            text.contains("  referencia: falló: entró en pánico en exercises/src/perceptron.rs:17:5: lengths differ\n"),
            "{text}"
        );
        assert!(
            text.contains("  tu función: [[1.0],\n               [2.0]]\n"),
            "{text}"
        );
        assert!(
            text.contains("✗ la referencia no acepta estos datos"),
            "{text}"
        );
    }
}
