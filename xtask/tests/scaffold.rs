//! `cargo xtask new` on a copy of one chapter: each hand-written file gets
//! its skeleton, the stub, the dispatch and the notebook cells are
//! regenerated, and a name that
//! is taken or malformed is refused.

use std::path::{Path, PathBuf};

use xtask::{layout, scaffold};

/// A scratch copy of the files of the `xor` chapter that `new` edits.
fn scratch(name: &str) -> PathBuf {
    let root = layout::root();
    let dir = std::env::temp_dir().join(format!("xtask-scaffold-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut files: Vec<String> = [
        "solutions/src/xor.rs",
        "grader/src/course/xor/mod.rs",
        "grader/src/course/generalization/mod.rs",
        "exercises/src/xor.rs",
        "exercises/src/generalization.rs",
        "solutions/src/generalization.rs",
        "grader/harness/chapters/generalization.rs",
        "grader/harness/chapters/by_hand/generalization.rs",
        "grader/harness/chapters/xor.rs",
        "notebooks/checks/xor.rs",
        "notebooks/checks/generalization.rs",
    ]
    .map(String::from)
    .to_vec();
    // The whole catalog and book: the exercise index is made from them.
    for folder in ["grader/catalog", "book/src"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                files.push(format!("{folder}/{name}"));
            }
        }
    }
    for file in files {
        let to = dir.join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(&file), &to).unwrap();
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn new_writes_every_hand_written_place_and_regenerates() {
    let dir = scratch("ok");
    let written = scaffold::new_exercise(&dir, "xor", "nand_neuron").unwrap();
    let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    for file in [
        "solutions/src/xor.rs",
        "grader/catalog/xor.yaml",
        "grader/src/course/xor/mod.rs",
        "book/src/arquitectura.md",
        "exercises/src/xor.rs",
        "grader/harness/chapters/xor.rs",
        "notebooks/checks/generated/xor.rs",
    ] {
        assert!(
            written.iter().any(|w| w == file),
            "{file} not in {written:?}"
        );
    }

    let solution = read(&dir, "solutions/src/xor.rs");
    assert!(solution.contains("/// Libro: «Arquitectura» → «Nueva sección: nand_neuron».\n// exercise\npub fn nand_neuron(x: f64) -> f64 {\n    todo!("), "{solution}");
    // The test is in the solution's own test module, after the function.
    let tests = solution
        .find("\n#[cfg(test)]\nmod tests {\n    use super::*;\n")
        .expect("a test module");
    let test = solution
        .find("    #[test]\n    fn nand_neuron_gives_the_slides_numbers() {\n")
        .expect("the test");
    assert!(
        solution.find("pub fn nand_neuron").unwrap() < tests && tests < test,
        "{solution}"
    );
    assert!(solution.ends_with("    }\n}\n"), "{solution}");
    let catalog = read(&dir, "grader/catalog/xor.yaml");
    assert!(
        catalog.contains("\n  - id: nand_neuron\n    title: "),
        "{catalog}"
    );
    assert!(
        catalog.contains("section: \"Nueva sección: nand_neuron\""),
        "{catalog}"
    );
    let specs = read(&dir, "grader/src/course/xor/mod.rs");
    assert!(specs.contains("id: \"nand_neuron\","), "{specs}");
    let in_specs = specs.find("id: \"nand_neuron\"").unwrap();
    let end_of_specs = specs.find("pub fn specs()").unwrap()
        + specs[specs.find("pub fn specs()").unwrap()..]
            .find("\n    ]\n}\n")
            .unwrap();
    assert!(in_specs < end_of_specs, "the spec is outside `specs()`");

    let book = read(&dir, "book/src/arquitectura.md");
    let section = book
        .find("## Nueva sección: nand_neuron\n")
        .expect("a new section");
    assert!(
        section < book.find("## Ejercicios").unwrap(),
        "the section is not before the exercises"
    );
    assert!(book.contains("| `xor::nand_neuron` | TODO: qué hay que hacer | [Nueva sección: nand_neuron](#nueva-sección-nand_neuron) |\n"), "{book}");

    let index = read(&dir, "book/src/ejercicios.md");
    assert!(index.contains("nand_neuron"), "{index}");

    let stub = read(&dir, "exercises/src/xor.rs");
    assert!(
        stub.contains("pub fn nand_neuron(x: f64) -> f64 {\n    todo!(\"nand_neuron\")\n}"),
        "{stub}"
    );
    assert!(
        !stub.contains("gives_the_slides_numbers"),
        "the stub has the test: {stub}"
    );
    let dispatch = read(&dir, "grader/harness/chapters/xor.rs");
    assert!(
        dispatch.contains("\"nand_neuron\" => student::nand_neuron("),
        "{dispatch}"
    );
    // The notebook cell, from the skeleton's public case.
    let cells = read(&dir, "notebooks/checks/generated/xor.rs");
    assert!(
        cells.contains("\npub fn nand_neuron() {\n    check!(xor => nand_neuron(0.0));\n}\n"),
        "{cells}"
    );

    let again = scaffold::new_exercise(&dir, "xor", "nand_neuron").unwrap_err();
    assert!(
        format!("{again:#}").contains("already has a function `nand_neuron`"),
        "{again:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A chapter whose specs live in group modules: `specs()` starts from an
/// empty list, which gets the new spec; a second test joins the module.
#[test]
fn new_fills_an_empty_spec_list_and_an_existing_test_module() {
    let dir = scratch("groups");
    scaffold::new_exercise(&dir, "generalization", "label_smoothing").unwrap();
    scaffold::new_exercise(&dir, "generalization", "gradient_clipping").unwrap();
    let specs = read(&dir, "grader/src/course/generalization/mod.rs");
    let start = specs.find("pub fn specs()").unwrap();
    let list = &specs[start..start + specs[start..].find("\n    ];\n").unwrap()];
    assert!(list.contains("id: \"label_smoothing\","), "{specs}");
    assert!(list.contains("id: \"gradient_clipping\","), "{specs}");
    let solution = read(&dir, "solutions/src/generalization.rs");
    assert_eq!(solution.matches("mod tests {").count(), 1, "{solution}");
    let tests = solution.find("mod tests {").unwrap();
    for name in ["label_smoothing", "gradient_clipping"] {
        assert!(solution.find(&format!("pub fn {name}(")).unwrap() < tests);
        assert!(
            solution
                .find(&format!("fn {name}_gives_the_slides_numbers"))
                .unwrap()
                > tests
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_refuses_unknown_chapters_and_bad_names() {
    let dir = scratch("refused");
    let error = |chapter: &str, exercise: &str| {
        format!(
            "{:#}",
            scaffold::new_exercise(&dir, chapter, exercise).unwrap_err()
        )
    };
    assert!(error("digits", "predict").contains("there is no chapter `digits`"));
    assert!(error("xor", "Nand").contains("not a valid name"));
    assert!(error("xor", "fn").contains("not a valid name"));
    assert!(error("xor", "or_neuron").contains("already has a function `or_neuron`"));
    // Nothing was written.
    assert_eq!(
        read(&dir, "solutions/src/xor.rs"),
        read(&layout::root(), "solutions/src/xor.rs")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
