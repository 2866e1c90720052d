//! rustc's JSON diagnostics (`--error-format=json`, alone or inside
//! cargo's messages): the first error of a build, where it is.

use serde_json::Value;

use super::CompileError;

/// The error rustc reports in `message` (one of its JSON diagnostics), or
/// `None` for a warning or a note.
pub fn compile_error(message: &Value) -> Option<CompileError> {
    if message.get("level")?.as_str()? != "error" {
        return None;
    }
    let spans = message.get("spans")?.as_array()?;
    let span = spans
        .iter()
        .find(|s| s.get("is_primary").and_then(Value::as_bool) == Some(true))
        .or_else(|| spans.first());
    let field = |key: &str| span.and_then(|s| s.get(key));
    let file = field("file_name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let in_signature =
        file.contains("/harness/chapters/") || file.contains("\\harness\\chapters\\");
    Some(CompileError {
        line: field("line_start").and_then(Value::as_u64).unwrap_or(0) as usize,
        column: field("column_start").and_then(Value::as_u64).unwrap_or(0) as usize,
        message: message.get("message")?.as_str()?.to_string(),
        rendered: message
            .get("rendered")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        in_signature,
        file,
        rule: None,
    })
}
