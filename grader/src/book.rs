//! Pointers from the grader to the book: the title of the section that
//! explains an exercise and the address of that section in the book a
//! student serves with `mdbook serve book`
//! (`http://localhost:3000/<page>.html#<anchor>`, by default), with the
//! anchor computed exactly as mdBook computes it.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, Chapter, Exercise};

#[path = "book_anchor.rs"]
mod book_anchor;

/// mdBook's id of a heading; the book's tests keep headings unique within a
/// chapter, so the plain id is the anchor.
pub use book_anchor::anchor;

/// The page mdBook makes of a chapter file: `redes-neuronales.md` →
/// `redes-neuronales.html`.
pub fn page(chapter_file: &str) -> String {
    let stem = chapter_file.strip_suffix(".md").unwrap_or(chapter_file);
    format!("{stem}.html")
}

/// The address of a chapter's page.
pub fn page_url(catalog: &Catalog, chapter: &Chapter) -> String {
    format!("{}{}", base(catalog), page(&chapter.book))
}

/// The address of the section that explains an exercise.
pub fn section_url(catalog: &Catalog, chapter: &Chapter, exercise: &Exercise) -> String {
    format!(
        "{}#{}",
        page_url(catalog, chapter),
        anchor(&exercise.section)
    )
}

/// «Section title» followed by its address, as the grader writes it.
pub fn pointer(catalog: &Catalog, chapter: &Chapter, exercise: &Exercise) -> String {
    format!(
        "«{}» {}",
        exercise.section,
        section_url(catalog, chapter, exercise)
    )
}

/// The catalog's book address, ending in `/`.
fn base(catalog: &Catalog) -> String {
    let url = catalog.book_url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// The ids mdBook gives the headings of a chapter file: ATX headings
/// outside fenced code blocks, with mdBook's `-1`, `-2`… for repeats.
#[cfg_attr(not(feature = "reference"), allow(dead_code))]
pub fn heading_ids(markdown: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut fence: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let ticks: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        if ticks.len() >= 3 {
            match &fence {
                None => fence = Some(ticks),
                Some(open) if ticks.starts_with(open.as_str()) => fence = None,
                Some(_) => {}
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with(' ') {
            let id = anchor(trimmed[level..].trim().trim_end_matches('#'));
            let mut unique = id.clone();
            let mut n = 1;
            while !ids.insert(unique.clone()) {
                unique = format!("{id}-{n}");
                n += 1;
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn anchors_follow_mdbook() {
        assert_eq!(anchor("El perceptrón simple"), "el-perceptrón-simple");
        assert_eq!(
            anchor("Ejemplo 1: error cuadrático"),
            "ejemplo-1-error-cuadrático"
        );
        assert_eq!(anchor("¿Cómo aprende una red?"), "cómo-aprende-una-red");
        assert_eq!(anchor("Índice de ejercicios"), "índice-de-ejercicios");
        assert_eq!(anchor("  Mini-lotes\t(B)  "), "mini-lotes-b");
        assert_eq!(page("redes-neuronales.md"), "redes-neuronales.html");
    }

    #[test]
    fn every_pointer_lands_on_a_section_of_the_book() {
        let catalog = Catalog::load(&crate::workspace::catalog_path().unwrap()).unwrap();
        let book_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/src");
        let mut checked = 0;
        for (chapter, exercise) in catalog.exercises() {
            let file = book_src.join(&chapter.book);
            let markdown = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let url = section_url(&catalog, chapter, exercise);
            let (page_part, fragment) = url.split_once('#').unwrap();
            assert_eq!(
                page_part,
                format!(
                    "{}{}",
                    crate::catalog::DEFAULT_BOOK_URL,
                    page(&chapter.book)
                )
            );
            assert!(
                heading_ids(&markdown).contains(fragment),
                "{}::{}: {} has no section with id #{fragment} («{}»)",
                chapter.id,
                exercise.id,
                chapter.book,
                exercise.section
            );
            checked += 1;
        }
        assert!(checked > 40, "only {checked} pointers");
    }

    #[test]
    fn a_wrong_section_does_not_land() {
        let ids =
            heading_ids("# T\n\n## Una sección\n\n```\n## No es título\n```\n## Una sección\n");
        assert!(ids.contains("una-sección") && ids.contains("una-sección-1"));
        assert!(!ids.contains("no-es-título"));
        assert!(!ids.contains(&anchor("Otra sección")));
    }
}
