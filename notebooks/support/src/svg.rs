//! Showing an SVG figure in a notebook.

/// Shows an SVG document as the cell's figure.
///
/// evcxr turns the text between `EVCXR_BEGIN_CONTENT <mime>` and
/// `EVCXR_END_CONTENT` into an output of that MIME type. The figure goes out
/// as HTML, an `<img>` whose source is the SVG itself (a `data:` URL), not as
/// `image/svg+xml`: JupyterLab does not show SVG outputs of a notebook it does
/// not trust, which a notebook just opened is, but it does show images. The
/// SVG's `<title>` is the image's alternative text. Outside a notebook it
/// prints that text.
pub fn show_svg(svg: &str) {
    print!("{}", display_text(svg));
}

fn display_text(svg: &str) -> String {
    let alt = title(svg).unwrap_or("figura");
    format!(
        "EVCXR_BEGIN_CONTENT text/html\n<img src=\"data:image/svg+xml;base64,{}\" alt=\"{}\">\nEVCXR_END_CONTENT\n",
        base64(svg.as_bytes()),
        escape_attribute(alt)
    )
}

/// The text of the document's first `<title>`.
fn title(svg: &str) -> Option<&str> {
    let start = svg.find("<title>")? + "<title>".len();
    let len = svg[start..].find("</title>")?;
    Some(svg[start..start + len].trim())
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Standard base64, with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_known_texts() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64("ñ€".as_bytes()), "w7Higqw=");
        assert_eq!(
            base64(b"any carnal pleasure."),
            "YW55IGNhcm5hbCBwbGVhc3VyZS4="
        );
    }

    #[test]
    fn an_image_with_the_title_as_its_text() {
        let svg = "<svg><title>Curvas \"σ\" & <tanh></title></svg>\n";
        assert_eq!(
            display_text(svg),
            format!(
                "EVCXR_BEGIN_CONTENT text/html\n<img src=\"data:image/svg+xml;base64,{}\" \
                 alt=\"Curvas &quot;σ&quot; &amp; &lt;tanh&gt;\">\nEVCXR_END_CONTENT\n",
                base64(svg.as_bytes())
            )
        );
        assert!(display_text("<svg/>").contains("alt=\"figura\""));
    }
}
