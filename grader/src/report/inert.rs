//! Quoted text from the student's code (what it printed, panic messages,
//! returned strings, compiler messages about its source) is shown inert:
//! control characters that a terminal would obey (escape sequences that
//! clear the screen, move the cursor or set the window title, carriage
//! returns that overwrite a line, C1 controls, bidirectional overrides)
//! are shown as `\u{1b}`, never sent as they are.

use std::borrow::Cow;

/// Whether a terminal (or a text viewer) would act on `c` instead of
/// showing it.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs = |c: char| is_control(c) || (!keep_newlines && (c == '\n' || c == '\t'));
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if !keep_newlines => out.push_str("\\n"),
            '\t' if !keep_newlines => out.push_str("\\t"),
            c if needs(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for one line of the report: no control characters, no line breaks.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Text of several lines (each quoted by the caller): line breaks kept,
/// every other control character escaped.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Serialized JSON with the characters that JSON leaves raw but a terminal
/// obeys (DEL, C1 controls, bidirectional overrides) written as `\uXXXX`;
/// the data is the same.
pub fn json(text: String) -> String {
    if !text.chars().any(is_control) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_control(c) && (c as u32) >= 0x20 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_line_tricks_become_visible_text() {
        let hostile = "\u{1b}[2J\u{1b}]0;título\u{7}\r✔ correcto\u{9b}31m\u{202e}abc";
        let shown = line(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(
            shown,
            "\\u{1b}[2J\\u{1b}]0;título\\u{7}\\u{d}✔ correcto\\u{9b}31m\\u{202e}abc"
        );
        assert_eq!(line("a\nb"), "a\\nb");
        assert_eq!(block("a\nb\u{1b}c"), "a\nb\\u{1b}c");
        assert!(matches!(line("nada raro: ñ, σ, −1"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_the_same_data_without_raw_controls() {
        let value = serde_json::json!({ "printed": "\u{1b}[2J\u{9b}1m\u{202e}x" });
        let text = json(serde_json::to_string(&value).unwrap());
        assert!(!text.chars().any(is_control), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
