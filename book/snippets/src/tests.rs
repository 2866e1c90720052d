//! The Markdown reader and the snippet helpers on small texts.

use crate::*;

const SAMPLE: &str = "# Título\n\
    \n\
    Texto con [un enlace](otro.md#ancla) y ![una figura](figures/a.svg).\n\
    \n\
    ## Una sección\n\
    \n\
    ```rust\n\
    {{#include ../snippets/src/bin/ejemplo.rs}}\n\
    ```\n\
    \n\
    <!-- salida: ejemplo -->\n\
    ```text\n\
    hola\n\
    # no es un título\n\
    ```\n\
    \n\
    ### Sub\n\
    \n\
    `[no](es-un-enlace.md)`\n\
    \n\
    ## Ejercicios\n\
    \n\
    Fin.\n";

#[test]
fn blocks_and_links_are_found_where_mdbook_finds_them() {
    let text = "1. Uno\n   - dos:\n     ```math\n     x = 1\n     ```\n\n\
                Un [enlace\nen dos líneas](a.md), otro [por referencia][r].\n\n\
                [r]: b.md#ancla\n\n    ```\n    indentado: no es un bloque cercado\n    ```\n";
    let blocks = code_blocks(text);
    assert_eq!(blocks.len(), 1, "{blocks:?}");
    assert_eq!((blocks[0].language(), blocks[0].line), ("math", 3));
    assert_eq!(blocks[0].body, "     x = 1");
    let prose: Vec<usize> = prose_lines(text).into_iter().map(|(n, _)| n).collect();
    assert!(!prose.contains(&3) && !prose.contains(&5) && prose.contains(&6));
    let found: Vec<(String, usize)> = links(text)
        .into_iter()
        .map(|l| (l.target, l.line))
        .collect();
    assert_eq!(found, [("a.md".into(), 7), ("b.md#ancla".into(), 8)]);
}

#[test]
fn finds_blocks_headings_sections_and_links() {
    let blocks = code_blocks(SAMPLE);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].language(), "rust");
    assert_eq!(
        included_snippet(&blocks[0].body).as_deref(),
        Some("ejemplo")
    );
    assert_eq!(blocks[1].comment.as_deref(), Some("salida: ejemplo"));
    assert_eq!(blocks[1].body, "hola\n# no es un título");

    let titles: Vec<_> = headings(SAMPLE).into_iter().map(|h| h.title).collect();
    assert_eq!(titles, ["Título", "Una sección", "Sub", "Ejercicios"]);

    let s = section(SAMPLE, "Una sección").unwrap();
    assert!(s.contains("### Sub") && !s.contains("Ejercicios"), "{s}");
    assert_eq!(section(SAMPLE, "Ejercicios").unwrap().trim(), "Fin.");

    let found = links(SAMPLE);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].target, "otro.md#ancla");
    assert!(!found[0].image);
    assert_eq!(found[1].target, "figures/a.svg");
    assert!(found[1].image);

    let chapters = [Chapter {
        file: "x.md".into(),
        text: SAMPLE.into(),
    }];
    assert_eq!(
        expected_output(&chapters, "ejemplo").unwrap().1,
        "hola\n# no es un título"
    );
    assert!(expected_output(&chapters, "otro").is_err());
}

#[test]
fn ids_and_numbers() {
    let text = "| <span id=\"sobreajuste\"></span>sobreajuste | x |\n```\n<a id=\"no\"></a>\n```\n";
    assert!(
        decimal_numbers(
            "doi:10.1038/x, https://doi.org/10.24432/C5, arXiv:1212.5701",
            3
        )
        .is_empty()
    );
    assert_eq!(html_ids(text), ["sobreajuste"]);
    assert!(has_anchor(text, "sobreajuste") && !has_anchor(text, "no"));
    assert_eq!(
        decimal_numbers(
            "ŷ = 0.8807971, C ≈ 0,0072, w = −1.0012516, v1.234, 2.5 y 3.",
            3
        ),
        ["0.8807971", "1.0012516"]
    );
}

#[test]
fn include_forms() {
    let p = "../snippets/src/bin/a_b.rs";
    assert_eq!(
        included_snippet(&format!("{{{{#include {p}}}}}")).as_deref(),
        Some("a_b")
    );
    assert_eq!(
        included_snippet(&format!("{{{{#rustdoc_include {p}:main}}}}")).as_deref(),
        Some("a_b")
    );
    assert_eq!(included_snippet("fn main() {}"), None);
    assert_eq!(included_snippet("{{#include ../otro/a.rs}}"), None);
}
