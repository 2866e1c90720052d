//! The protocol between the driver and a harness process, defined once:
//! compiled into the harness (`runtime.rs` writes it) and into the driver
//! (`src/runner.rs` reads it), so the two sides cannot drift apart.
//!
//! The command line is [`Invocation`]:
//! `<harness> <exercise-id> <cases.json> <results.jsonl> <identity>`.
//! `cases.json` is a JSON list of inputs. The results file gets one JSON
//! line per [`Line`], each flushed before the next case starts, so that the
//! driver knows how far a crashed run got:
//!
//! - first `{"identity": id}`, the graded folder the harness was built for
//!   (if that is not the identity asked for, nothing else runs);
//! - for each case, in order, `{"case": i, "output": v}`,
//!   `{"case": i, "panic": msg, "todo": bool, "location": "file:line"}` or
//!   `{"case": i, "internal": msg}` (a case the harness could not feed to
//!   the function);
//! - after the last case, `{"done": n}`. A `todo!()` stops the run at once
//!   (the exercise is still pending), without a `done` line.
//!
//! The lines are written by code the student's code runs next to, so the
//! driver trusts none of them: [`Line::parse`] returns `None` for anything
//! that is not one of the lines above.

// Each side uses its half: the harness encodes, the driver parses.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::PathBuf;

use serde_json::{Value, json};

/// The harness's command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub exercise: String,
    pub cases: PathBuf,
    pub results: PathBuf,
    /// The identity (graded folder, workspace, chapter file content) the
    /// harness must have been built with.
    pub identity: String,
}

/// What the harness says when its command line is not an [`Invocation`].
pub const USAGE: &str =
    "uso: <programa de prueba> <ejercicio> <casos.json> <resultados.jsonl> <identidad>";

impl Invocation {
    /// The arguments after the program's name.
    pub fn to_args(&self) -> [OsString; 4] {
        [
            self.exercise.clone().into(),
            self.cases.clone().into(),
            self.results.clone().into(),
            self.identity.clone().into(),
        ]
    }

    /// Reads the arguments after the program's name.
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Option<Self> {
        let args: Vec<OsString> = args.into_iter().collect();
        let [exercise, cases, results, identity] = <[OsString; 4]>::try_from(args).ok()?;
        Some(Self {
            exercise: exercise.into_string().ok()?,
            cases: cases.into(),
            results: results.into(),
            identity: identity.into_string().ok()?,
        })
    }
}

/// One case's raw result, as the harness wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCase {
    Output(Value),
    Panic {
        message: String,
        location: String,
        todo: bool,
    },
    /// The grader could not feed the case to the function (a grader bug).
    Internal(String),
}

impl RawCase {
    /// A `todo!()` panic: the run stops, the exercise is pending.
    pub fn is_todo(&self) -> bool {
        matches!(self, RawCase::Panic { todo: true, .. })
    }
}

/// One line of the results file.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// The graded folder the harness was built for.
    Identity(String),
    /// Case number `index` (from 0, in order) and its result.
    Case { index: usize, result: RawCase },
    /// Every case ran; how many.
    Done(usize),
}

impl Line {
    /// The line as written, without its line break.
    pub fn encode(&self) -> String {
        let value = match self {
            Line::Identity(identity) => json!({ "identity": identity }),
            Line::Case { index, result } => match result {
                RawCase::Output(output) => json!({ "case": index, "output": output }),
                RawCase::Panic {
                    message,
                    location,
                    todo,
                } => {
                    json!({ "case": index, "panic": message, "todo": todo, "location": location })
                }
                RawCase::Internal(message) => json!({ "case": index, "internal": message }),
            },
            Line::Done(count) => json!({ "done": count }),
        };
        value.to_string()
    }

    /// The line read back, or `None` if it is not a line of the protocol.
    pub fn parse(line: &str) -> Option<Line> {
        let v: Value = serde_json::from_str(line).ok()?;
        if let Some(identity) = v.get("identity") {
            return Some(Line::Identity(identity.as_str()?.to_string()));
        }
        if let Some(count) = v.get("done") {
            return Some(Line::Done(usize::try_from(count.as_u64()?).ok()?));
        }
        let index = usize::try_from(v.get("case")?.as_u64()?).ok()?;
        let text = |key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let result = if let Some(output) = v.get("output") {
            RawCase::Output(output.clone())
        } else if v.get("panic").is_some() {
            RawCase::Panic {
                message: text("panic"),
                location: text("location"),
                todo: v.get("todo").and_then(Value::as_bool).unwrap_or(false),
            }
        } else if v.get("internal").is_some() {
            RawCase::Internal(text("internal"))
        } else {
            return None;
        };
        Some(Line::Case { index, result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_back_as_written() {
        let lines = [
            Line::Identity("/tmp/carpeta\u{1b}[2J\n".into()),
            Line::Case {
                index: 0,
                result: RawCase::Output(json!({ "w": [0.5, -1.0], "b": null })),
            },
            Line::Case {
                index: 7,
                result: RawCase::Panic {
                    message: "not yet implemented: sign\nuna línea falsa".into(),
                    location: "src/perceptron.rs:12".into(),
                    todo: true,
                },
            },
            Line::Case {
                index: 2,
                result: RawCase::Internal("falta la entrada `x`".into()),
            },
            Line::Done(3),
        ];
        for line in lines {
            let text = line.encode();
            assert!(!text.contains('\n'), "one line: {text}");
            assert_eq!(Line::parse(&text), Some(line), "{text}");
        }
    }

    #[test]
    fn anything_else_is_not_a_line() {
        for text in [
            "",
            "basura",
            "{}",
            "[1, 2]",
            "{\"case\": -1, \"output\": 1}",
            "{\"case\": \"0\", \"output\": 1}",
            "{\"case\": 0}",
            "{\"case\": 0, \"resultado\": 1}",
            "{\"identity\": 5}",
            "{\"done\": \"todo\"}",
            "{\"output\": 1}",
        ] {
            assert_eq!(Line::parse(text), None, "{text}");
        }
    }

    #[test]
    fn the_command_line_reads_back_as_written() {
        let invocation = Invocation {
            exercise: "sigmoid".into(),
            cases: "/tmp/run/activations.sigmoid.cases.json".into(),
            results: "/tmp/run/activations.sigmoid.results.jsonl".into(),
            identity: "carpeta · espacio".into(),
        };
        assert_eq!(
            Invocation::from_args(invocation.to_args()),
            Some(invocation)
        );
        let three: Vec<OsString> = vec!["a".into(), "b".into(), "c".into()];
        assert_eq!(Invocation::from_args(three), None);
    }
}
