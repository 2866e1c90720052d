//! Benchmark of `grader batch`: a class of N submissions (default 100,
//! `GRADER_BENCH_SUBMISSIONS` to change it), each a copy of the reference
//! solutions with every chapter file different from the others' (so every
//! harness is rebuilt: the worst case), graded after a first batch of two
//! that builds the dependencies and the workers' harness crates.
//!
//! Run with `cargo bench -p grader --bench batch`. Prints the wall-clock
//! time and the machine's load; it asserts nothing.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

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
    let make_class = |name: &str, count: usize| {
        let class = scratch.join(name);
        for i in 0..count {
            let dir = class.join(format!("{name}-{i:03}"));
            std::fs::create_dir_all(&dir).expect("submission folder");
            for entry in std::fs::read_dir(root.join("solutions/src")).expect("solutions/src") {
                let path = entry.expect("entry").path();
                let text = std::fs::read_to_string(&path).expect("chapter");
                let name = path.file_name().expect("file name");
                std::fs::write(dir.join(name), format!("{text}\n// {i}\n")).expect("copy");
            }
        }
        class
    };
    let warm = make_class("calentamiento", 2);
    let class = make_class("curso", n);
    let out = scratch.join("notas");
    let exe = env!("CARGO_BIN_EXE_grader");
    let batch = |class: &Path| {
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
        started.elapsed()
    };
    println!("warming up (dependencies and the workers' harness crates)…");
    let first = batch(&warm);
    println!("first batch of 2: {:.1} s", first.as_secs_f64());
    let load_before = load();
    let elapsed = batch(&class);
    println!(
        "{n} submissions: {:.1} s ({:.2} s each); load average {load_before} before, {} after",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() / n as f64,
        load()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
