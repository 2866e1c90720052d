//! Showing an SVG figure in a notebook.

/// Shows an SVG document as the cell's figure: evcxr turns the text between
/// `EVCXR_BEGIN_CONTENT image/svg+xml` and `EVCXR_END_CONTENT` into an image
/// output. Outside a notebook it prints that text.
pub fn show_svg(svg: &str) {
    print!("{}", display_text(svg));
}

fn display_text(svg: &str) -> String {
    format!(
        "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT\n",
        svg.trim_end()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn wraps_the_document_in_evcxr_markers() {
        assert_eq!(
            super::display_text("<svg>\n</svg>\n"),
            "EVCXR_BEGIN_CONTENT image/svg+xml\n<svg>\n</svg>\nEVCXR_END_CONTENT\n"
        );
    }
}
