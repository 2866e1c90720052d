//! Every exercise cell of `notebooks/checks/` compiles against the student's
//! crate and, for every exercise still a stub, says «pendiente» without a
//! panic escaping (as shipped, every exercise is one: `grader check` makes
//! sure; a student who solved some still passes); against the reference it
//! agrees with itself.

use notebook_support::{Verdict, take_verdicts};

/// `check!` as a cell writes it; `REFERENCE` switches the student's crate for the reference.
macro_rules! check {
    ($($call:tt)*) => {
        if crate::REFERENCE.with(|r| r.get()) {
            notebook_support::check!(@crates [solutions], [solutions]; $($call)*)
        } else {
            notebook_support::check!($($call)*)
        }
    };
}

thread_local! {
    static REFERENCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

include!(concat!(env!("OUT_DIR"), "/checks.rs"));

fn run_all(reference: bool) -> Vec<(&'static str, Vec<(String, Verdict)>)> {
    REFERENCE.with(|r| r.set(reference));
    take_verdicts();
    all_cells()
        .into_iter()
        .map(|(name, cell)| {
            cell();
            (name, take_verdicts())
        })
        .collect()
}

/// Whether `chapter::exercise` is still `todo!("exercise")` in
/// `exercises/src`.
fn still_a_stub(qualified: &str) -> bool {
    let (chapter, exercise) = qualified.split_once("::").expect("chapter::exercise");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../exercises/src")
        .join(format!("{chapter}.rs"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.contains(&format!("todo!(\"{exercise}\")"))
}

#[test]
fn with_the_stubs_every_cell_says_pending() {
    let runs = run_all(false);
    assert!(runs.len() >= 40, "only {} cells", runs.len());
    for (name, verdicts) in runs {
        assert!(!verdicts.is_empty(), "{name}: the cell checks nothing");
        for (called, verdict) in verdicts {
            // A solved exercise may give any verdict: the cell ran, and no
            // panic escaped it.
            assert!(
                matches!(verdict, Verdict::Pending { .. }) || !still_a_stub(&called),
                "{name}: {called} gave {verdict:?} with its stub"
            );
            assert_eq!(
                called, name,
                "{name}: the cell of one exercise calls another one"
            );
        }
    }
}

#[test]
fn with_the_reference_every_cell_agrees() {
    for (name, verdicts) in run_all(true) {
        for (called, verdict) in verdicts {
            assert_eq!(verdict, Verdict::Same, "{name}: {called}");
        }
    }
}
