//! The workbook's generated files against their source, the solutions.
//!
//! Both checks keep passing in a student's clone: the dispatch files are
//! never the student's to edit, and the check of `exercises/src` sets aside
//! what a student writes (bodies, helpers, imports, tests). The byte-for-byte
//! check of the stubs themselves is `cargo xtask gen --check`, which CI runs.

use xtask::conformance::differences;
use xtask::layout;

#[test]
fn the_harness_dispatch_files_are_generated_from_the_solutions() {
    let root = layout::root();
    let mut stale = Vec::new();
    for name in layout::chapters(&root).unwrap() {
        let chapter = layout::chapter(&root, &name).unwrap();
        let generated = layout::dispatch_of(&root, &chapter).unwrap();
        let committed = std::fs::read_to_string(root.join(&generated.path)).unwrap_or_default();
        // A Windows checkout may have turned line breaks into CRLF.
        if committed.replace("\r\n", "\n") != generated.text {
            stale.push(generated.path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "not what `cargo xtask gen` writes from solutions/src: {stale:?}; run it and commit"
    );
}

#[test]
fn every_student_file_keeps_the_api_of_its_solution() {
    let root = layout::root();
    let mut problems = Vec::new();
    let chapters = layout::chapters(&root).unwrap();
    assert!(chapters.len() >= 7, "found only {chapters:?}");
    for name in chapters {
        let chapter = layout::chapter(&root, &name).unwrap();
        let stub = layout::stub_of(&chapter).unwrap();
        let path = root.join(&stub.path);
        let Ok(student) = std::fs::read_to_string(&path) else {
            problems.push(format!("{}: missing", stub.path.display()));
            continue;
        };
        let exercises: Vec<String> = chapter.exercises.iter().map(|e| e.name.clone()).collect();
        for problem in differences(&stub.text, &student, &exercises) {
            problems.push(format!("{}: {problem}", stub.path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nexercises/src must keep the signatures, types and documentation of the \
         stubs generated from solutions/src (`cargo xtask gen`); only the bodies of the \
         exercises are yours to write.",
        problems.join("\n")
    );
}
