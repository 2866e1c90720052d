//! The HTML id mdBook gives a heading. Standalone (std only): the book's
//! tests include this file too, so the grader's pointers and the book's
//! link checks compute anchors one way.

/// The HTML id mdBook gives a heading (mdBook 0.5, `id_from_content`): the
/// text trimmed and lower-cased, whitespace turned into `-`, and only
/// alphanumeric characters (accented letters included), `_` and `-` kept.
/// mdBook adds `-1`, `-2`… to repeated ids in a page.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}
