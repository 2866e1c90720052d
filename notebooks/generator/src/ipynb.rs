//! Notebook files (nbformat 4.5) for the evcxr kernel, written byte for byte
//! as Jupyter's own `nbformat.write` writes them (JSON indented by one
//! space, keys sorted, text as lists of lines, a final newline), so that a
//! notebook executed and saved by Jupyter tools and the same notebook
//! rewritten by the generator are the same file.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// One cell of a notebook, as the generator makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Markdown(String),
    Code(String),
}

/// What a code cell showed when it was last executed.
#[derive(Debug, Clone, PartialEq)]
pub struct Executed {
    pub execution_count: Value,
    pub outputs: Vec<Value>,
}

/// The kernel every notebook uses, as `evcxr_jupyter --install` names it and
/// as evcxr reports its language when a notebook is executed.
fn notebook_metadata() -> Value {
    json!({
        "kernelspec": {
            "display_name": "Rust",
            "language": "rust",
            "name": "rust"
        },
        "language_info": {
            "codemirror_mode": "rust",
            "file_extension": ".rs",
            "mimetype": "text/rust",
            "name": "Rust",
            "pygment_lexer": "rust",
            "version": ""
        }
    })
}

/// The notebook's JSON: `cells` with ids `<prefix>-<n>`, and for each code
/// cell the outputs in `executed` (same index among code cells), if any.
pub fn notebook(cells: &[Cell], id_prefix: &str, executed: &[Option<Executed>]) -> Value {
    let mut code_index = 0;
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let id = format!("{id_prefix}-{:03}", i + 1);
            match cell {
                Cell::Markdown(text) => json!({
                    "cell_type": "markdown",
                    "id": id,
                    "metadata": {},
                    "source": lines(text),
                }),
                Cell::Code(text) => {
                    let run = executed.get(code_index).cloned().flatten();
                    code_index += 1;
                    let (count, outputs) = match run {
                        Some(r) => (r.execution_count, r.outputs),
                        None => (Value::Null, Vec::new()),
                    };
                    json!({
                        "cell_type": "code",
                        "execution_count": count,
                        "id": id,
                        "metadata": {},
                        "outputs": outputs,
                        "source": lines(text),
                    })
                }
            }
        })
        .collect();
    json!({
        "cells": cells,
        "metadata": notebook_metadata(),
        "nbformat": 4,
        "nbformat_minor": 5,
    })
}

/// A text as nbformat stores it: its lines, each but the last with its `\n`.
fn lines(text: &str) -> Value {
    Value::Array(
        text.split_inclusive('\n')
            .map(|l| Value::String(l.to_string()))
            .collect(),
    )
}

/// The joined text of a `source` or `text` field (a string or a list of
/// lines).
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// The code cells of a notebook: their source and what they showed.
pub fn code_cells(notebook: &Value) -> Vec<(String, Executed)> {
    notebook["cells"]
        .as_array()
        .map(|cells| {
            cells
                .iter()
                .filter(|c| c["cell_type"] == "code")
                .map(|c| {
                    (
                        text_of(&c["source"]),
                        Executed {
                            execution_count: c["execution_count"].clone(),
                            outputs: c["outputs"].as_array().cloned().unwrap_or_default(),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a notebook file's JSON.
pub fn parse(text: &str, name: &str) -> Result<Value> {
    let value: Value =
        serde_json::from_str(text).with_context(|| format!("{name} is not valid JSON"))?;
    if value["nbformat"] != 4 || !value["cells"].is_array() {
        bail!("{name} is not an nbformat 4 notebook");
    }
    Ok(value)
}

/// Serializes as `nbformat.write` does: `json.dumps(nb, indent=1,
/// sort_keys=True, separators=(",", ": "), ensure_ascii=False)` and a final
/// newline.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in sorted(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// The entries of an object sorted by key, as Python sorts strings (by code
/// point, which for UTF-8 is byte order).
fn sorted(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', depth));
}

/// A JSON string as Python's `json` writes it with `ensure_ascii=False`.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_like_python_json() {
        let value = json!({"b": [1, {"y": null, "x": true}], "a": "tab\there \"q\" \u{1b} ñ", "c": {}, "d": []});
        assert_eq!(
            to_string(&value),
            "{\n \"a\": \"tab\\there \\\"q\\\" \\u001b ñ\",\n \"b\": [\n  1,\n  {\n   \"x\": true,\n   \"y\": null\n  }\n ],\n \"c\": {},\n \"d\": []\n}\n"
        );
    }

    #[test]
    fn cells_keep_their_outputs_by_position() {
        let cells = [
            Cell::Markdown("# T\n\ntexto".into()),
            Cell::Code("let a = 1;\na".into()),
            Cell::Code(String::new()),
        ];
        let run = Executed {
            execution_count: json!(1),
            outputs: vec![json!({"output_type": "execute_result"})],
        };
        let nb = notebook(&cells, "x", &[Some(run.clone())]);
        assert_eq!(nb["cells"][0]["source"], json!(["# T\n", "\n", "texto"]));
        assert_eq!(nb["cells"][1]["id"], "x-002");
        assert_eq!(nb["cells"][1]["execution_count"], 1);
        assert_eq!(nb["cells"][2]["execution_count"], Value::Null);
        assert_eq!(nb["cells"][2]["source"], json!([]));
        let read = code_cells(&parse(&to_string(&nb), "x").unwrap());
        assert_eq!(read.len(), 2);
        assert_eq!(read[0], ("let a = 1;\na".to_string(), run));
    }
}
