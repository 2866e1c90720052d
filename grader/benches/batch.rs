//! Benchmark of `grader batch`: a class of N submissions (default 100,
//! `GRADER_BENCH_SUBMISSIONS` to change it), graded after a first batch of
//! two that builds the dependencies and the workers' harness crates.
//!
//! The class is a mix, every function of every chapter file different from
//! every other submission's (so every harness is rebuilt, and nothing of
//! the students' code is reused from the one graded before: the worst case):
//! - most submissions are the reference solutions;
//! - every third one is partly done: half its chapters are still the
//!   stubs of `cargo xtask gen` (`todo!()`);
//! - every tenth one has a chapter that does not compile.
//!
//! Run with `cargo bench -p grader --bench batch`. Prints the wall-clock
//! time, the CPU time of everything the batch ran (user + system of the
//! grader and its children: cargo, rustc, the harnesses; Unix only) and the
//! machine's load; it asserts nothing about the figures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod common;
use common::children_cpu;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    let n: usize = std::env::var("GRADER_BENCH_SUBMISSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let scratch = std::env::temp_dir().join(format!("grader-bench-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let stubs = stubs(&root, &scratch.join("stubs"));
    let chapters: Vec<PathBuf> = std::fs::read_dir(root.join("solutions/src"))
        .expect("solutions/src")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "lib.rs"))
        .collect();
    let make_class = |name: &str, count: usize| {
        let class = scratch.join(name);
        for i in 0..count {
            let dir = class.join(format!("{name}-{i:03}"));
            std::fs::create_dir_all(&dir).expect("submission folder");
            for (k, path) in chapters.iter().enumerate() {
                let file = path.file_name().expect("file name");
                let source = if i % 3 == 1 && k % 2 == 0 {
                    stubs.join(file)
                } else {
                    path.clone()
                };
                let text = std::fs::read_to_string(&source).expect("chapter");
                let mut text = written_by(&text, i);
                if i % 10 == 9 && k == i / 10 % chapters.len() {
                    text.push_str("pub fn sin_terminar( {\n");
                }
                std::fs::write(dir.join(file), text).expect("copy");
            }
        }
        class
    };
    let warm = make_class("calentamiento", 2);
    let class = make_class("curso", n);
    let out = scratch.join("notas");
    let exe = env!("CARGO_BIN_EXE_grader");
    let batch = |class: &Path| {
        let cpu_before = children_cpu();
        let started = Instant::now();
        let run = Command::new(exe)
            .arg("batch")
            .arg(class)
            .arg("--out")
            .arg(&out)
            .args(["--seed", "1"])
            .output()
            .expect("grader batch");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (started.elapsed(), children_cpu() - cpu_before)
    };
    println!("warming up (dependencies and the workers' harness crates)…");
    let (first, _) = batch(&warm);
    println!("first batch of 2: {:.1} s", first.as_secs_f64());
    let load_before = load();
    let (elapsed, cpu) = batch(&class);
    println!(
        "{n} submissions: {:.1} s wall ({:.2} s each), {:.1} s CPU ({:.2} s each); \
         {} cores; load average {load_before} before, {} after",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / n as f64,
        cpu.as_secs_f64(),
        cpu.as_secs_f64() / n as f64,
        std::thread::available_parallelism().map_or(0, |c| c.get()),
        load()
    );
    // What the class got, to read next to the mix above (the cells before
    // the total hold no commas).
    let csv = std::fs::read_to_string(out.join("notas.csv")).unwrap_or_default();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let total = header.iter().position(|h| h.starts_with("total"));
    let mut totals = std::collections::BTreeMap::<String, usize>::new();
    for line in lines {
        let cell = total.and_then(|t| line.split(',').nth(t)).unwrap_or("?");
        *totals.entry(cell.to_string()).or_default() += 1;
    }
    println!("gradebook totals (points: submissions): {totals:?}");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `source` as student `i` might write it: every function body of the file
/// differs from every other student's (a statement of its own first), as
/// when each student writes their own code, so no compiled part of a
/// function is reused from the submission graded before.
fn written_by(source: &str, i: usize) -> String {
    let mut out = String::new();
    for line in source.lines() {
        out.push_str(line);
        out.push('\n');
        // The end of a free function's signature.
        let signature_end = line.ends_with('{')
            && (line.starts_with("pub fn ") || line.starts_with("fn ") || line.starts_with(')'));
        if signature_end {
            out.push_str(&format!("    let _ = std::hint::black_box({i}u32);\n"));
        }
    }
    out
}

/// The stubs `cargo xtask gen` makes from the solutions (what a student
/// starts from), written to `dir`.
fn stubs(root: &Path, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("stubs folder");
    for chapter in xtask::layout::chapters(root).expect("chapters") {
        let parsed = xtask::layout::chapter(root, &chapter).expect("chapter");
        let stub = xtask::layout::stub_of(&parsed).expect("stub");
        std::fs::write(dir.join(format!("{chapter}.rs")), stub.text).expect("stub");
    }
    dir.to_path_buf()
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
