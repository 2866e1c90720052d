//! The committed SVG files in `book/src/figures/` must be exactly what the
//! code draws today.

use std::fs;

#[test]
fn committed_figures_are_up_to_date() {
    let dir = book_figures::output_dir();
    let mut stale = Vec::new();
    for figure in book_figures::all() {
        let path = dir.join(figure.file_name);
        match fs::read_to_string(&path) {
            // A checkout with CRLF line endings is still up to date.
            Ok(committed) if committed.replace("\r\n", "\n") == figure.svg => {}
            Ok(_) => stale.push(format!("  {} differs", figure.file_name)),
            Err(e) => stale.push(format!("  {} cannot be read: {e}", figure.file_name)),
        }
    }
    assert!(
        stale.is_empty(),
        "the book's figures in {} are out of date:\n{}\nRun `cargo run -p book-figures` and commit the result.",
        dir.display(),
        stale.join("\n")
    );
}

#[test]
fn figures_are_complete_svg_documents_without_bad_numbers() {
    for figure in book_figures::all() {
        let svg = &figure.svg;
        let name = figure.file_name;
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{name}"
        );
        assert!(svg.ends_with("</svg>\n"), "{name}");
        assert!(svg.contains(r#"viewBox="0 0 640 400""#), "{name}");
        assert!(
            svg.contains(r##"fill="#ffffff""##),
            "{name}: needs a white background"
        );
        for bad in ["NaN", "\"inf", "-inf", ",inf", "<text></text>"] {
            assert!(!svg.contains(bad), "{name} contains {bad:?}");
        }
        let opened = svg.matches("<text").count();
        let closed = svg.matches("</text>").count();
        assert_eq!(opened, closed, "{name}: unbalanced <text>");
    }
}
