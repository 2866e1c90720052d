//! Which exercises of a chapter file call which others: when an exercise
//! fails and a function it calls (another exercise of the same file) is
//! wrong or pending, the report says to fix that one first.

use crate::outcome::{ExerciseOutcome, Status};

/// Adds a `helper_note` to every failing exercise of one chapter whose body
/// (in `source`, the student's file) calls another exercise that fails.
pub fn annotate(source: &str, exercises: &mut [ExerciseOutcome]) {
    let failing: Vec<(String, Status)> = exercises
        .iter()
        .filter(|e| e.status != Status::Passed)
        .map(|e| (e.id.clone(), e.status))
        .collect();
    for exercise in exercises.iter_mut() {
        if matches!(exercise.status, Status::Passed | Status::Pending) {
            continue;
        }
        let Some(body) = function_body(source, &exercise.id) else {
            continue;
        };
        let helper = failing
            .iter()
            .find(|(id, _)| *id != exercise.id && calls(body, id));
        if let Some((helper, status)) = helper {
            let state = match status {
                Status::Pending => "que todavía tiene `todo!()`",
                Status::Wrong => "que está mal",
                _ => "que falla",
            };
            exercise.helper_note = Some(format!(
                "`{}` usa `{helper}`, {state}: corregí `{helper}` primero",
                exercise.id
            ));
            // A guess from the numbers alone would point elsewhere.
            if let Some(failure) = &mut exercise.failure
                && failure
                    .diagnosis
                    .as_deref()
                    .is_some_and(|d| crate::diagnose::GENERIC.contains(&d))
            {
                failure.diagnosis = None;
            }
        }
    }
}

/// The text between the braces of `fn name`, skipping comments and strings
/// when matching braces.
pub fn function_body<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let bytes = source.as_bytes();
    let mut from = 0;
    let start = loop {
        let at = from + source[from..].find("fn ")?;
        let after = source[at + 3..].trim_start();
        let rest = after.strip_prefix(name);
        let boundary_before = at == 0 || !is_ident(bytes[at - 1]);
        if boundary_before
            && let Some(rest) = rest
            && rest.starts_with(|c: char| c == '(' || c == '<' || c.is_whitespace())
        {
            break source.len() - rest.len();
        }
        from = at + 3;
    };
    let open = start + source[start..].find('{')?;
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += source[i..].find('\n').unwrap_or(source.len() - i);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&source[open + 1..i]);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether `body` calls `name(…)` (as a whole word, not `other_name(` or
/// `.name(`, and not inside a comment or a string).
fn calls(body: &str, name: &str) -> bool {
    let body = &code_only(body);
    let bytes = body.as_bytes();
    body.match_indices(name).any(|(at, _)| {
        let before_ok = at == 0 || !(is_ident(bytes[at - 1]) || bytes[at - 1] == b'.');
        let rest = body[at + name.len()..].trim_start();
        before_ok && (rest.starts_with('(') || rest.starts_with("::<"))
    })
}

/// `text` with line comments and string literals blanked out.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push(' ');
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"
pub fn sign(z: f64) -> f64 {
    if z >= 0.0 { 1.0 } else { -1.0 } // "}" in a comment
}

pub fn train_step(w: &[f64]) -> f64 {
    let s = "sign(";
    w.iter().map(|x| x.signum()).sum()
}

pub fn train(w: &[f64]) -> f64 {
    let mut t = 0.0;
    for x in w { t += sign(*x); }
    t
}
"#;

    #[test]
    fn bodies_and_calls_are_found() {
        let body = function_body(SOURCE, "train").unwrap();
        assert!(calls(body, "sign"));
        assert!(!calls(body, "train_step"));
        let step = function_body(SOURCE, "train_step").unwrap();
        assert!(step.contains("signum"));
        assert!(
            !calls(step, "sign"),
            "a method `.signum()` or a string is not a call"
        );
        assert!(function_body(SOURCE, "missing").is_none());
    }

    #[test]
    fn a_failing_helper_is_named() {
        let outcome = |id: &str, status| {
            let mut e = ExerciseOutcome::blank("perceptron", id, 1);
            e.status = status;
            e
        };
        let mut exercises = vec![
            outcome("sign", Status::Wrong),
            outcome("train_step", Status::Wrong),
            outcome("train", Status::Wrong),
        ];
        exercises[2].failure = Some(crate::outcome::CaseFailure {
            case: "c".into(),
            public: false,
            kind: crate::cases::CaseKind::Boundary,
            input: String::new(),
            expected: None,
            got: None,
            tolerance: None,
            explanation: String::new(),
            diagnosis: Some(crate::diagnose::GENERIC[0].into()),
        });
        annotate(SOURCE, &mut exercises);
        assert_eq!(
            exercises[2].helper_note.as_deref(),
            Some("`train` usa `sign`, que está mal: corregí `sign` primero")
        );
        assert_eq!(
            exercises[2]
                .failure
                .as_ref()
                .and_then(|f| f.diagnosis.as_deref()),
            None,
            "a guess from the numbers gives way to the helper"
        );
        assert_eq!(exercises[0].helper_note, None);
        assert_eq!(exercises[1].helper_note, None);
        // A helper that passes is not blamed.
        exercises[0].status = Status::Passed;
        exercises[2].helper_note = None;
        annotate(SOURCE, &mut exercises);
        assert_eq!(exercises[2].helper_note, None);
    }
}
