//! Lists the exercise cells of `notebooks/checks/` and of
//! `notebooks/checks/generated/` for the tests, which compile every file as
//! a module and run every cell (`tests/checks.rs`).
//! The files are parsed with the generator's own parser.

#[path = "src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // At run time, not `env!`: a build script compiled for one copy of the
    // repository is reused for another that shares the target directory.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../checks");
    let mut modules = String::new();
    let mut cells = String::from("/// Every exercise cell: `(chapter::exercise, cell)`.\n");
    cells.push_str("pub fn all_cells() -> Vec<(&'static str, fn())> {\n    vec![\n");
    // The hand-written cells, then those `cargo xtask gen` writes.
    for (dir, prefix) in [(dir.clone(), ""), (dir.join("generated"), "generated_")] {
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        for path in &files {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a UTF-8 file name");
            let text = std::fs::read_to_string(path).expect("a readable checks file");
            let parsed =
                checks::parse(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
            writeln!(
                modules,
                "#[path = {:?}]\nmod {prefix}{name};",
                path.display().to_string()
            )
            .unwrap();
            for (exercise, _) in &parsed.cells {
                writeln!(
                    cells,
                    "        (\"{name}::{exercise}\", {prefix}{name}::{exercise}),"
                )
                .unwrap();
            }
        }
    }
    cells.push_str("    ]\n}\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("checks.rs");
    std::fs::write(out, modules + &cells).expect("OUT_DIR is writable");
}
