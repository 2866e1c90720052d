//! The committed notebooks: up to date with the book, executed in one run,
//! with outputs that match the book and show every exercise pending.

use std::fs;
use std::path::{Path, PathBuf};

use notebook_generator::book::{self, Book};
use notebook_generator::{Variant, generate, ipynb, notebook_files};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace folder")
}

fn committed() -> Vec<(String, Value)> {
    let dir = root().join("notebooks");
    notebook_files(&dir)
        .expect("notebooks/ lists")
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(&name)).expect("a readable notebook");
            let json = ipynb::parse(&text, &name).expect("a notebook");
            (name, json)
        })
        .collect()
}

/// The stdout a code cell printed, all streams joined.
fn stdout(outputs: &[Value]) -> String {
    outputs
        .iter()
        .filter(|o| o["output_type"] == "stream" && o["name"] == "stdout")
        .map(|o| ipynb::text_of(&o["text"]))
        .collect()
}

const HOW_TO_UPDATE: &str = "run `cargo run -p notebook-generator`; if code cells changed, \
     then `bash .ci/notebooks --update` to save the kernel's outputs";

#[test]
fn the_committed_notebooks_are_what_the_generator_makes() {
    let root = root();
    let generated = generate(&root, Variant::Student).expect("the generator runs");
    let names: Vec<&str> = generated.iter().map(|n| n.file_name.as_str()).collect();
    let on_disk = notebook_files(&root.join("notebooks")).expect("notebooks/ lists");
    assert_eq!(
        names, on_disk,
        "the notebooks in notebooks/ are not the ones the book makes: {HOW_TO_UPDATE}"
    );
    for notebook in &generated {
        let path = root.join("notebooks").join(&notebook.file_name);
        let text = fs::read_to_string(&path).expect("a readable notebook");
        assert!(
            text == notebook.text,
            "notebooks/{} is not what the generator makes from the book: {HOW_TO_UPDATE}",
            notebook.file_name
        );
    }
}

#[test]
fn every_code_cell_was_executed_in_one_run_in_order() {
    for (name, notebook) in committed() {
        for (index, (source, executed)) in ipynb::code_cells(&notebook).iter().enumerate() {
            assert_eq!(
                executed.execution_count,
                Value::from(index + 1),
                "{name}: code cell {} ({:?}…) was not executed in order: {HOW_TO_UPDATE}",
                index + 1,
                source.lines().next().unwrap_or_default()
            );
        }
    }
}

#[test]
fn snippet_cells_print_what_the_book_shows() {
    let root = root();
    let book = Book::read(&root).expect("the book reads");
    let chapters = book_snippets::chapters();
    let mut checked = 0;
    for (_, notebook) in committed() {
        let cells = ipynb::code_cells(&notebook);
        for name in book_snippets::snippet_files() {
            let source = book.snippet_cell(&name).expect("the snippet reads");
            let Some((_, executed)) = cells.iter().find(|(s, _)| *s == source) else {
                continue;
            };
            let (_, expected) =
                book_snippets::expected_output(&chapters, &name).expect("the book shows it");
            assert_eq!(
                book_snippets::normalize_output(&stdout(&executed.outputs)),
                book_snippets::normalize_output(&expected),
                "the notebook's output of `{name}` is not the book's"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} snippet cells found in the notebooks"
    );
}

#[test]
fn every_math_block_of_the_book_becomes_a_formula_in_its_notebook() {
    // The book's ```math blocks, wherever mdBook finds them (one is in a
    // list nested in a list, indented five spaces), are `$$ … $$` in the
    // notebooks: no Markdown cell keeps a ```math fence.
    let root = root();
    let book = Book::read(&root).expect("the book reads");
    let notebooks = committed();
    let mut checked = 0;
    for chapter in &book.chapters {
        let Some(file_name) = &chapter.notebook else {
            continue;
        };
        let (_, notebook) = notebooks
            .iter()
            .find(|(name, _)| name == file_name)
            .expect("the chapter's notebook is committed");
        let markdown: Vec<String> = notebook["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .filter(|c| c["cell_type"] == "markdown")
            .map(|c| ipynb::text_of(&c["source"]))
            .collect();
        let lines = || markdown.iter().flat_map(|cell| cell.lines()).map(str::trim);
        let fences: Vec<&str> = lines().filter(|l| l.starts_with("```math")).collect();
        assert!(
            fences.is_empty(),
            "{file_name}: a Markdown cell keeps {} ```math fence(s) of {}",
            fences.len(),
            chapter.file
        );
        let blocks = book_snippets::code_blocks(&chapter.text)
            .iter()
            .filter(|b| b.language() == "math")
            .count();
        assert_eq!(
            lines().filter(|l| *l == "$$").count(),
            2 * blocks,
            "{file_name}: the {blocks} ```math blocks of {} are not each one `$$ … $$`",
            chapter.file
        );
        checked += blocks;
    }
    assert!(checked >= 10, "only {checked} math blocks in the book");
}

/// Decodes standard base64 (for the figures' `data:` URLs).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

#[test]
fn figure_cells_show_the_books_figures() {
    let root = root();
    let mut shown = 0;
    for (name, notebook) in committed() {
        for (source, executed) in ipynb::code_cells(&notebook) {
            if !source.starts_with("show_svg(&book_figures::") {
                continue;
            }
            let html: String = executed
                .outputs
                .iter()
                .map(|o| ipynb::text_of(&o["data"]["text/html"]))
                .collect();
            let data = html
                .split("data:image/svg+xml;base64,")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{name}: {source} shows no image:\n{html}"));
            let svg = String::from_utf8(base64_decode(data)).expect("an SVG in UTF-8");
            let title = svg
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .expect("a titled figure");
            let file = fs::read_dir(root.join("book/src/figures"))
                .expect("the book's figures")
                .map(|e| e.expect("an entry").path())
                .find(|p| {
                    fs::read_to_string(p)
                        .is_ok_and(|t| t.contains(&format!("<title>{title}</title>")))
                })
                .unwrap_or_else(|| panic!("{name}: no figure of the book is titled {title:?}"));
            let book_svg = fs::read_to_string(&file).expect("a figure");
            assert!(
                svg.trim_end() == book_svg.trim_end(),
                "{name}: the notebook's {title:?} is not the book's {}: {HOW_TO_UPDATE}",
                file.display()
            );
            shown += 1;
        }
    }
    let in_the_book = book_snippets::chapters()
        .iter()
        .flat_map(|c| book_snippets::links(&c.text))
        .filter(|l| l.image && l.target.starts_with("figures/"))
        .count();
    assert_eq!(shown, in_the_book, "every figure of the book, once");
}

#[test]
fn exercise_cells_show_pending_and_the_reference_demo_agrees() {
    let mut demos = 0;
    for (name, notebook) in committed() {
        for (source, executed) in ipynb::code_cells(&notebook) {
            let calls = source.matches("check!(").count();
            if calls == 0 {
                continue;
            }
            let text = stdout(&executed.outputs);
            if source.contains("check!(@crates [solutions], [solutions];") {
                demos += 1;
                assert_eq!(
                    text.matches("✓ igual a la referencia").count(),
                    calls,
                    "{name}: the before-and-after cell should agree:\n{text}"
                );
            } else {
                assert_eq!(
                    text.matches("tu función: pendiente").count(),
                    calls,
                    "{name}: with the shipped stubs every call is pending:\n{text}"
                );
            }
        }
    }
    assert_eq!(
        demos, 6,
        "one before-and-after cell per notebook with exercises"
    );
}

#[test]
fn the_reference_variant_calls_the_solutions() {
    for notebook in generate(&root(), Variant::Reference).expect("the generator runs") {
        assert!(!notebook.text.contains(book::EXERCISES_DEP));
        let json = ipynb::parse(&notebook.text, &notebook.file_name).expect("a notebook");
        let cells = ipynb::code_cells(&json);
        assert!(cells.iter().all(|(_, e)| e.outputs.is_empty()));
        let with_exercises = notebook.text.contains("check!(");
        let setup = cells.first().map(|(s, _)| s.clone()).unwrap_or_default();
        assert_eq!(
            setup.contains(book::REFERENCE_ALIAS),
            with_exercises,
            "{}",
            notebook.file_name
        );
    }
}

/// A scratch copy of what the generator reads.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "notebook-generator-test-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        let root = root();
        for folder in [
            "book/src",
            "book/snippets/src/bin",
            "notebooks/checks",
            "notebooks/checks/generated",
            "notebooks",
            "solutions/src",
            "grader/catalog",
        ] {
            fs::create_dir_all(dir.join(folder)).expect("a scratch folder");
            for entry in fs::read_dir(root.join(folder)).expect("a folder of the workspace") {
                let path = entry.expect("an entry").path();
                if path.is_file() {
                    fs::copy(
                        &path,
                        dir.join(folder).join(path.file_name().expect("a name")),
                    )
                    .expect("a copy");
                }
            }
        }
        fs::create_dir_all(dir.join("book/figures/src")).expect("a scratch folder");
        for file in ["Cargo.toml", "book/figures/src/lib.rs"] {
            fs::copy(root.join(file), dir.join(file)).expect("a copy");
        }
        Scratch(dir)
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.0.join(file);
        let old = fs::read_to_string(&path).expect("a file to edit");
        fs::write(&path, old + text).expect("an edit");
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.0.join(file);
        let text = fs::read_to_string(&path).expect("a file to edit");
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("an edit");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_changed_book_example_shows_up_in_the_regenerated_notebook() {
    let scratch = Scratch::new();
    scratch.append(
        "book/snippets/src/bin/perceptron_spam.rs",
        "// A changed example.\n",
    );
    scratch.edit(
        "book/src/redes-neuronales.md",
        "# Redes neuronales\n",
        "# Redes neuronales\n\nUn párrafo nuevo.\n",
    );
    let notebooks = generate(&scratch.0, Variant::Student).expect("the generator runs");
    let notebook = notebooks
        .iter()
        .find(|n| n.file_name.ends_with("-redes-neuronales.ipynb"))
        .expect("the chapter's notebook");
    assert!(notebook.text.contains("Un párrafo nuevo."));
    let json = ipynb::parse(&notebook.text, &notebook.file_name).expect("a notebook");
    let cells = ipynb::code_cells(&json);
    let changed = cells
        .iter()
        .position(|(source, _)| source.contains("// A changed example."))
        .expect("the changed program is in a cell");
    // Cells before it keep their outputs; from it on, they must be run again.
    assert!(changed > 0);
    assert!(
        cells[..changed]
            .iter()
            .all(|(_, e)| !e.execution_count.is_null())
    );
    assert!(
        cells[changed..]
            .iter()
            .all(|(_, e)| { e.execution_count.is_null() && e.outputs.is_empty() })
    );
}

#[test]
fn an_exercise_without_a_cell_is_an_error() {
    let scratch = Scratch::new();
    scratch.edit(
        "notebooks/checks/perceptron.rs",
        "pub fn sign() {",
        "pub fn sign_renamed() {",
    );
    let error = generate(&scratch.0, Variant::Student)
        .expect_err("a missing cell must fail")
        .to_string();
    assert!(
        error.contains("sign_renamed") || error.contains("no `pub fn sign()"),
        "{error}"
    );
}

#[test]
fn an_exercise_without_a_hand_written_cell_gets_the_generated_one() {
    let scratch = Scratch::new();
    // The hand-written cell of `weighted_sum` removed.
    scratch.edit(
        "notebooks/checks/perceptron.rs",
        "pub fn weighted_sum() {\n    let w = [1.2, 0.7];\n    let x = [3.0, 4.0];\n    let b = -2.0;\n    check!(perceptron => weighted_sum(&w, &x, b));\n}\n",
        "",
    );
    // Until `cargo xtask gen` runs, no cell calls it.
    let error = generate(&scratch.0, Variant::Student)
        .expect_err("no cell for weighted_sum")
        .to_string();
    assert!(
        error.contains("no cell calls `perceptron::weighted_sum`: run `cargo xtask gen`"),
        "{error}"
    );

    let chapter = xtask::layout::chapter(&scratch.0, "perceptron").expect("the solution");
    let cells = xtask::layout::cells_of(&scratch.0, &chapter).expect("the cells are generated");
    xtask::layout::write(&scratch.0, &cells).expect("written");
    let notebooks = generate(&scratch.0, Variant::Student).expect("the generator runs");
    let notebook = notebooks
        .iter()
        .find(|n| n.file_name.ends_with("-redes-neuronales.ipynb"))
        .expect("the chapter's notebook");
    let json = ipynb::parse(&notebook.text, &notebook.file_name).expect("a notebook");
    let sources: Vec<String> = ipynb::code_cells(&json)
        .into_iter()
        .map(|(source, _)| source)
        .collect();
    // The public case of the catalog, written by the parameters' types.
    let generated = sources
        .iter()
        .position(|s| s == "check!(perceptron => weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0));")
        .unwrap_or_else(|| panic!("no generated cell in {sources:#?}"));
    // In its place between the hand-written cells around it, which stay.
    let at = |call: &str| sources.iter().position(|s| s.starts_with(call));
    assert!(at("check!(perceptron => sign(0.0));") < Some(generated));
    assert!(at("check!(perceptron => perceptron_output(") > Some(generated));
    assert!(
        !sources
            .iter()
            .any(|s| s.contains("weighted_sum(&w, &x, b)")),
        "the removed cell is still there"
    );
    // A hand-written cell takes precedence over a generated one.
    let all = xtask::cells::generate(
        &chapter,
        &fs::read_to_string(scratch.0.join("grader/catalog/perceptron.yaml")).expect("the catalog"),
        None,
    )
    .expect("every perceptron cell can be generated");
    fs::write(
        scratch.0.join("notebooks/checks/generated/perceptron.rs"),
        all,
    )
    .expect("written");
    let notebooks = generate(&scratch.0, Variant::Student).expect("the generator runs");
    let text = &notebooks
        .iter()
        .find(|n| n.file_name.ends_with("-redes-neuronales.ipynb"))
        .expect("the chapter's notebook")
        .text;
    assert!(
        text.contains("let and = ["),
        "the hand-written cell of train is gone"
    );
    assert!(!text.contains("check!(perceptron => train(&["), "{text}");
}
