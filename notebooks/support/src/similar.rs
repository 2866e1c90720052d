//! Comparing two results through their `Debug` text, with a tolerance for
//! the numbers in it.
//!
//! The student's and the reference's results have different types (each
//! crate defines its own structs), so they are compared as text: the same
//! words and punctuation, and numbers equal within `1e-9 + 1e-9·|want|`, the
//! grader's default tolerance. The grader has the last word; this only says
//! whether the numbers on the screen agree.

/// The `Debug` text with what does not describe the value removed: the
/// `strides=…`, `layout=…` and `ndim` notes that ndarray appends (two equal
/// arrays can be laid out differently in memory).
pub fn normalize(debug: &str) -> String {
    let mut out = debug.to_string();
    for note in [
        ", strides=[",
        ", layout=",
        ", const ndim=",
        ", dynamic ndim=",
    ] {
        while let Some(start) = out.find(note) {
            let rest = &out[start + note.len()..];
            let len = if note.ends_with('[') {
                rest.find(']').map_or(rest.len(), |i| i + 1)
            } else if note == ", layout=" {
                // `layout=CFcf (0xf)`
                rest.find(')').map_or(rest.len(), |i| i + 1)
            } else {
                rest.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len())
            };
            out.replace_range(start..start + note.len() + len, "");
        }
    }
    out
}

/// Pretty `Debug` text (`{:#?}`) with every list of plain numbers, which it
/// writes one number per line, put back on one line: `[\n    1.0,\n    2.0,\n]`
/// becomes `[1.0, 2.0]`.
pub fn collapse_number_lists(pretty: &str) -> String {
    let lines: Vec<&str> = pretty.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.ends_with('[') {
            let items: Vec<&str> = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .take_while(|l| !l.starts_with(']'))
                .collect();
            let close = i + 1 + items.len();
            let numbers = items
                .iter()
                .map(|item| item.strip_suffix(',').unwrap_or(item))
                .collect::<Vec<_>>();
            if close < lines.len()
                && !numbers.is_empty()
                && numbers
                    .iter()
                    .all(|n| n.parse::<f64>().is_ok() || matches!(*n, "NaN" | "inf" | "-inf"))
            {
                let after = &lines[close].trim_start()[1..];
                out.push(format!("{line}{}]{after}", numbers.join(", ")));
                i = close + 1;
                continue;
            }
        }
        out.push(line.to_string());
        i += 1;
    }
    out.join("\n")
}

/// Absolute and relative tolerance, as the grader's default.
const ABS: f64 = 1e-9;
const REL: f64 = 1e-9;

/// Whether two normalized `Debug` texts describe the same value.
pub fn same(want: &str, got: &str) -> bool {
    let (want, got) = (tokens(want), tokens(got));
    want.len() == got.len()
        && want.iter().zip(&got).all(|pair| match pair {
            (Token::Number(w), Token::Number(g)) => (g - w).abs() <= ABS + REL * w.abs(),
            (Token::Text(w), Token::Text(g)) => w == g,
            _ => false,
        })
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Number(f64),
    Text(&'a str),
}

/// Splits a text into numbers and the text between them. A number starts
/// with a digit, or a `-` followed by one, that does not continue a word (so
/// `w1` is text); `NaN` and `inf` stay text, so they match only themselves.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = (bytes[i].is_ascii_digit()
            || (bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if !starts_number {
            i += 1;
            continue;
        }
        let end = number_end(bytes, i);
        // Something that does not parse as a number stays part of the text.
        if let Ok(value) = text[i..end].parse::<f64>() {
            if text_start < i {
                out.push(Token::Text(&text[text_start..i]));
            }
            out.push(Token::Number(value));
            text_start = end;
        }
        i = end;
    }
    if text_start < bytes.len() {
        out.push(Token::Text(&text[text_start..]));
    }
    out
}

/// The end of the number starting at `start`: `-?digits(.digits)?(e-?digits)?`.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = digits(start + usize::from(bytes[start] == b'-'));
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i = digits(i + 1);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(i + 1), Some(b'-' | b'+')));
        if bytes.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
            i = digits(i + 1 + sign);
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_within_tolerance_are_the_same() {
        assert!(same("4.4", "4.3999999999999995"));
        assert!(same("[0.9, 0.3]", "[0.9000000000000001, 0.3]"));
        assert!(same("1e-10", "0.0"));
        assert!(!same("4.4", "4.41"));
        assert!(!same("0.0072", "0.0071047"));
        assert!(!same("[1.0, 2.0]", "[1.0, 2.0, 3.0]"));
        assert!(!same("-1.0", "1.0"));
    }

    #[test]
    fn words_must_match() {
        let want = "NeuronGradient { z: 2.0, y_hat: 0.8807970779778823, grad_w: [-0.01, 0.0] }";
        let got = "NeuronGradient { z: 2.0, y_hat: 0.8807970779778824, grad_w: [-0.01, 0.0] }";
        assert!(same(want, got));
        assert!(!same(want, &got.replace("y_hat", "a")));
        assert!(same("Ok([1.0])", "Ok([1.0])"));
        assert!(!same("Ok([1.0])", "Err(ShapeError { message: \"x\" })"));
        assert!(same("NaN", "NaN"));
        assert!(!same("NaN", "0.0"));
        assert!(same("inf", "inf") && !same("inf", "-inf"));
        assert!(same("(true, 3)", "(true, 3)") && !same("(true, 3)", "(false, 3)"));
    }

    #[test]
    fn digits_inside_words_are_text() {
        assert_eq!(
            tokens("w1: -2.5e-3, b"),
            [
                Token::Text("w1: "),
                Token::Number(-2.5e-3),
                Token::Text(", b")
            ]
        );
        // The digit of `w1` is not compared as a number: w1 against w2 differ.
        assert!(!same("w1: 0.5", "w2: 0.5"));
        assert_eq!(
            tokens("[3, 4]"),
            [
                Token::Text("["),
                Token::Number(3.0),
                Token::Text(", "),
                Token::Number(4.0),
                Token::Text("]")
            ]
        );
    }

    #[test]
    fn number_lists_go_back_on_one_line() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Step {
            w: Vec<f64>,
            batches: Vec<Vec<usize>>,
            t: u32,
        }
        let step = Step {
            w: vec![0.5, -1.0, f64::NAN],
            batches: vec![vec![3, 1], vec![0, 2]],
            t: 1,
        };
        assert_eq!(
            collapse_number_lists(&format!("{step:#?}")),
            "Step {\n    w: [0.5, -1.0, NaN],\n    batches: [\n        [3, 1],\n        [0, 2],\n    ],\n    t: 1,\n}"
        );
        assert_eq!(
            collapse_number_lists("[\n    \"a\",\n]"),
            "[\n    \"a\",\n]"
        );
        assert_eq!(collapse_number_lists("[]"), "[]");
    }

    #[test]
    fn ndarray_layout_notes_are_dropped() {
        let c = "[[1.0, 2.0],\n [3.0, 4.0]], shape=[2, 2], strides=[2, 1], layout=Cc (0x5), const ndim=2";
        let f = "[[1.0, 2.0],\n [3.0, 4.0]], shape=[2, 2], strides=[1, 2], layout=Ff (0xa), const ndim=2";
        assert_eq!(normalize(c), "[[1.0, 2.0],\n [3.0, 4.0]], shape=[2, 2]");
        assert!(same(&normalize(c), &normalize(f)));
        assert_eq!(
            normalize("[0.5], shape=[1], strides=[1], layout=CFcf (0xf), dynamic ndim=1"),
            "[0.5], shape=[1]"
        );
    }

    #[test]
    fn real_ndarray_debug_is_normalized() {
        let a = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
        let t = a.t().to_owned();
        let text = normalize(&format!("{:?}", a));
        assert!(
            !text.contains("strides") && !text.contains("layout"),
            "{text}"
        );
        assert!(text.ends_with("shape=[2, 2]"), "{text}");
        assert!(!same(&text, &normalize(&format!("{t:?}"))));
        assert!(same(
            &text,
            &normalize(&format!("{:?}", t.t().as_standard_layout().to_owned()))
        ));
    }
}
