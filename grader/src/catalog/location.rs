//! Where in a catalog file something is wrong: the file, the line and
//! column, and the field (`exercises[2].points`), so an instructor who
//! mistypes one line is sent to it.

use anyhow::{Error, anyhow};

/// A YAML error of one catalog file, as
/// `grader/catalog/xor.yaml, línea 12, columna 5, campo `exercises[1].points`: <what>`.
pub fn yaml_error(file: &str, err: &serde_yaml_ng::Error) -> Error {
    let text = err.to_string();
    // serde_yaml_ng writes "<path>: <message> at line L column C".
    let text = match text.rfind(" at line ") {
        Some(at) if err.location().is_some() => text[..at].to_string(),
        _ => text,
    };
    let (field, message) = match text.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains(' ') => {
            (Some(path.to_string()), rest.to_string())
        }
        _ => (None, text.clone()),
    };
    let mut place = file.to_string();
    if let Some(loc) = err.location() {
        place.push_str(&format!(", línea {}, columna {}", loc.line(), loc.column()));
    }
    if let Some(field) = field {
        place.push_str(&format!(", campo `{field}`"));
    }
    anyhow!("el catálogo no es válido: {place}: {}", spanish(&message))
}

/// The usual messages of the YAML reader, in the instructor's words; the
/// reader's own text stays in parentheses.
fn spanish(message: &str) -> String {
    let what = if message.starts_with("unknown field") {
        "campo desconocido"
    } else if message.starts_with("missing field") {
        "falta un campo"
    } else if message.starts_with("invalid type") {
        "tipo de valor equivocado"
    } else if message.starts_with("invalid value") {
        "valor inválido"
    } else if message.starts_with("duplicate field") {
        "campo repetido"
    } else {
        "YAML mal formado"
    };
    format!("{what} ({message})")
}

/// `, línea N` for the `nth` line (from 0) that gives `id: <id>`, or
/// nothing when the text does not show it that way.
pub fn exercise_line(text: &str, id: &str, nth: usize) -> String {
    text.lines()
        .enumerate()
        .filter(|(_, line)| gives_id(line, id))
        .nth(nth)
        .map(|(k, _)| format!(", línea {}", k + 1))
        .unwrap_or_default()
}

fn gives_id(line: &str, id: &str) -> bool {
    let mut rest = line;
    while let Some(at) = rest.find("id:") {
        let before = rest[..at].chars().next_back();
        let after = rest[at + 3..].trim_start();
        let value = after
            .split([',', '}', ' ', '#'])
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\'']);
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && value == id {
            return true;
        }
        rest = &rest[at + 3..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_an_exercise_is_found_in_both_styles() {
        let text = "title: A\nexercises:\n  - id: sign\n    title: S\n  - {id: step, title: T}\n  - {hidden_id: x, id: sign}\n";
        assert_eq!(exercise_line(text, "sign", 0), ", línea 3");
        assert_eq!(exercise_line(text, "step", 0), ", línea 5");
        assert_eq!(exercise_line(text, "sign", 1), ", línea 6");
        assert_eq!(exercise_line(text, "x", 0), "");
        assert_eq!(exercise_line(text, "missing", 0), "");
    }
}
