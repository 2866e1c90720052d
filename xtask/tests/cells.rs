//! The generated notebook cells against the real chapters: with no cell
//! written by hand, every exercise whose inputs have literals gets one from
//! its public cases; the others are named, with the cell to write.

use xtask::{cells, layout};

fn catalog(name: &str) -> String {
    std::fs::read_to_string(layout::root().join(format!("grader/catalog/{name}.yaml"))).unwrap()
}

#[test]
fn without_hand_written_cells_each_exercise_gets_one_or_is_named() {
    let root = layout::root();
    let mut generated = 0;
    let mut refused = Vec::new();
    for name in layout::chapters(&root).unwrap() {
        let chapter = layout::chapter(&root, &name).unwrap();
        for exercise in &chapter.exercises {
            // Hand-written cells for every other exercise of the chapter.
            let others: String = chapter
                .exercises
                .iter()
                .filter(|e| e.name != exercise.name)
                .map(|e| format!("pub fn {}() {{\n}}\n", e.name))
                .collect();
            match cells::generate(&chapter, &catalog(&name), Some(&others)) {
                Ok(text) => {
                    let cell = format!(
                        "\npub fn {e}() {{\n    check!({name} => {e}(",
                        e = exercise.name
                    );
                    assert!(text.contains(&cell), "{text}");
                    // Only this exercise's cell: the others are written by hand.
                    assert_eq!(text.matches("\npub fn ").count(), 1, "{text}");
                    generated += 1;
                }
                Err(e) => refused.push((format!("{name}::{}", exercise.name), format!("{e:#}"))),
            }
        }
    }
    assert!(generated >= 45, "only {generated} cells generated");
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    // A function as input, and `&mut Rng`.
    assert_eq!(
        names,
        ["backprop::numerical_gradient", "generalization::dropout"]
    );
    for (name, error) in &refused {
        let (chapter, exercise) = name.split_once("::").unwrap();
        assert!(error.contains("has no literal"), "{error}");
        assert!(
            error.contains(&format!(
                "write it by hand in notebooks/checks/{chapter}.rs:\n\npub fn {exercise}() {{"
            )),
            "{error}"
        );
    }
}

#[test]
fn the_committed_generated_cells_are_what_gen_writes() {
    let root = layout::root();
    let mut stale = Vec::new();
    for name in layout::chapters(&root).unwrap() {
        let chapter = layout::chapter(&root, &name).unwrap();
        let generated = layout::cells_of(&root, &chapter).unwrap();
        let committed = std::fs::read_to_string(root.join(&generated.path)).unwrap_or_default();
        if committed.replace("\r\n", "\n") != generated.text {
            stale.push(generated.path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "not what `cargo xtask gen` writes: {stale:?}; run it and commit"
    );
}
