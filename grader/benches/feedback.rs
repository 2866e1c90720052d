//! Benchmark of the student's feedback loop, measured the way a student
//! meets it: `cargo run -p grader` on a folder of chapter files.
//!
//! Run with `cargo bench -p grader --bench feedback`. It grades a scratch
//! copy of the reference solutions (never `exercises/`), and reports the
//! median and spread of:
//! - a re-grade with nothing changed (every outcome reused),
//! - a re-grade right after saving one chapter file (one harness rebuilds,
//!   its exercises run; the others are reused),
//! - the same, grading only that chapter (`-- <chapter>`),
//! - a re-grade with nothing changed and reuse off (`GRADER_NO_REUSE=1`),
//!   everything run again, as before reuse existed.
//!
//! Wall-clock figures on a shared machine are noisy: the runs of the two
//! "saved" rows are interleaved, and the CPU time of the whole `cargo run`
//! (on Unix) is printed as the steadier figure. This prints numbers to
//! read, it asserts nothing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::children_cpu;

const RUNS: usize = 9;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    let scratch = std::env::temp_dir().join(format!("grader-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    for entry in std::fs::read_dir(root.join("solutions/src")).expect("solutions/src") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, scratch.join(path.file_name().expect("file name"))).expect("copy");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let grade_with = |extra: &[&str], reuse: bool| {
        let cpu_before = children_cpu();
        let started = Instant::now();
        let out = Command::new(&cargo)
            .env("GRADER_NO_REUSE", if reuse { "0" } else { "1" })
            .current_dir(&root)
            .args(["run", "-q", "-p", "grader", "--", "--seed", "1", "--dir"])
            .arg(&scratch)
            .args(extra)
            .output()
            .expect("cargo run -p grader");
        let elapsed = started.elapsed();
        let cpu = children_cpu() - cpu_before;
        assert!(
            out.status.success(),
            "grading failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        (elapsed, cpu)
    };
    let grade = |extra: &[&str]| grade_with(extra, true);
    let chapter = scratch.join("activations.rs");
    let original = std::fs::read_to_string(&chapter).expect("chapter file");
    let mut edits = 0;
    let mut touch = || {
        edits += 1;
        // A change the binary keeps (a comment alone may leave the harness
        // binary the same, and then its results are rightly reused).
        std::fs::write(
            &chapter,
            format!("{original}\n#[used]\nstatic BENCH_EDIT: u64 = {edits};\n"),
        )
        .expect("save chapter");
    };

    println!("warming up (first build of the harnesses)…");
    let first = grade(&[]);
    println!(
        "first grading of a new folder: {:.2} s",
        first.0.as_secs_f64()
    );

    let unchanged: Vec<Sample> = (0..RUNS).map(|_| grade(&[])).collect();
    // Interleaved, so that a change in the machine's load hits both alike.
    let mut after_save = Vec::new();
    let mut after_save_one = Vec::new();
    for _ in 0..RUNS {
        touch();
        after_save.push(grade(&[]));
        touch();
        after_save_one.push(grade(&["activations"]));
    }
    let unchanged_no_reuse: Vec<Sample> = (0..RUNS).map(|_| grade_with(&[], false)).collect();
    let _ = std::fs::remove_dir_all(&scratch);

    println!();
    println!(
        "{:<52} {:>8} {:>8} {:>8} {:>12}",
        "cargo run -p grader …", "min", "median", "max", "CPU median"
    );
    report("nothing changed, all chapters", unchanged);
    report("one chapter file saved, all chapters", after_save);
    report("one chapter file saved, that chapter only", after_save_one);
    report(
        "nothing changed, all chapters, reuse off",
        unchanged_no_reuse,
    );
}

/// Wall-clock time and CPU time (of the processes it waited for) of one run.
type Sample = (Duration, Duration);

fn report(name: &str, samples: Vec<Sample>) {
    let mut times: Vec<Duration> = samples.iter().map(|s| s.0).collect();
    let mut cpu: Vec<Duration> = samples.iter().map(|s| s.1).collect();
    times.sort();
    cpu.sort();
    let secs = |d: Duration| format!("{:.3} s", d.as_secs_f64());
    let cpu_median = if cpu.iter().all(|d| d.is_zero()) {
        "—".to_string()
    } else {
        secs(cpu[cpu.len() / 2])
    };
    println!(
        "{name:<52} {:>8} {:>8} {:>8} {:>12}",
        secs(times[0]),
        secs(times[times.len() / 2]),
        secs(times[times.len() - 1]),
        cpu_median
    );
}
