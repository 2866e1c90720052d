//! `cargo bench -p fast-mlp --bench epoch`: one epoch of a 784-128-10
//! network (sigmoid hidden layer, softmax cross-entropy, plain SGD, lr 0.1,
//! batches of 32) on 60 000 × 784 synthetic rows, on one thread, in f32 and
//! f64; the same epoch's matrix products alone; and, when they are
//! installed, the same epoch in vectorized NumPy and in PyTorch
//! (`benches/peers/*.py`, run with every thread count set to 1).
//!
//! Each figure is the median of `EPOCH_BENCH_REPS` timed epochs (default 3),
//! after one untimed epoch. Peers are skipped with `EPOCH_BENCH_PEERS=0`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use fast_mlp::{Data, Mlp, Real, Trainer};
use nncore::Rng;

const ROWS: usize = 60_000;
const INPUTS: usize = 784;
const HIDDEN: usize = 128;
const CLASSES: usize = 10;
const BATCH: usize = 32;
const ETA: f64 = 0.1;

struct Timing {
    epoch: f64,
    products: f64,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time_precision<T: Real>(reps: usize) -> Timing {
    let mut rng = Rng::new(0);
    let x: Vec<T> = (0..ROWS * INPUTS).map(|_| T::of(rng.uniform())).collect();
    let labels: Vec<usize> = (0..ROWS).map(|_| rng.below(CLASSES)).collect();
    let data = Data {
        x: &x,
        labels: &labels,
        features: INPUTS,
    };
    let mut net = Mlp::<T>::random(INPUTS, HIDDEN, CLASSES, &mut rng);
    let mut trainer = Trainer::new(&net, BATCH);
    let mut order: Vec<usize> = (0..ROWS).collect();

    let mut epochs = Vec::new();
    for rep in 0..=reps {
        rng.shuffle(&mut order);
        let start = Instant::now();
        let loss = trainer.epoch(&mut net, &data, &order, T::of(ETA));
        let seconds = start.elapsed().as_secs_f64();
        assert!(loss.is_finite(), "the loss diverged");
        if rep > 0 {
            epochs.push(seconds);
        }
    }

    // The same five products per step, on the same shapes, nothing else.
    let steps = ROWS.div_ceil(BATCH);
    let mut products = Vec::new();
    for rep in 0..=reps {
        let start = Instant::now();
        for _ in 0..steps {
            trainer.products_only(&mut net, BATCH);
        }
        if rep > 0 {
            products.push(start.elapsed().as_secs_f64());
        }
    }
    Timing {
        epoch: median(epochs),
        products: median(products),
    }
}

/// Runs a peer script; `None` (with the reason) if it cannot.
fn peer(script: &str, module: &str, reps: usize) -> Result<(f64, f64), String> {
    let probe = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map_err(|e| format!("python3 not found ({e})"))?;
    if !probe.status.success() {
        return Err(format!("{module} is not installed"));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/peers")
        .join(script);
    let mut command = Command::new("python3");
    command.arg(&path).arg(reps.to_string());
    for var in [
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    ] {
        command.env(var, "1");
    }
    let out = command.output().map_err(|e| format!("{script}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{script} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |key: &str| -> Option<f64> {
        let rest = text.split(&format!("\"{key}\":")).nth(1)?;
        rest.trim_start()
            .split([',', '}'])
            .next()?
            .trim()
            .parse()
            .ok()
    };
    match (field("f32"), field("f64")) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(format!("{script} printed {text}")),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected.
    let reps: usize = std::env::var("EPOCH_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(3);
    let peers = std::env::var("EPOCH_BENCH_PEERS").map_or(true, |v| v != "0");

    println!(
        "one epoch: {INPUTS}-{HIDDEN}-{CLASSES}, sigmoid + softmax cross-entropy, SGD lr {ETA}, \
         batch {BATCH}, {ROWS} synthetic rows, 1 thread; median of {reps} (after one warm-up)"
    );
    let f32_timing = time_precision::<f32>(reps);
    let f64_timing = time_precision::<f64>(reps);

    println!();
    println!("{:<28}{:>10}{:>10}", "", "f32", "f64");
    println!(
        "{:<28}{:>9.3}s{:>9.3}s",
        "fast-mlp epoch", f32_timing.epoch, f64_timing.epoch
    );
    println!(
        "{:<28}{:>9.3}s{:>9.3}s",
        "  its matrix products alone", f32_timing.products, f64_timing.products
    );
    println!(
        "{:<28}{:>9.2}×{:>9.2}×",
        "  epoch / products",
        f32_timing.epoch / f32_timing.products,
        f64_timing.epoch / f64_timing.products
    );
    if !peers {
        println!("peers skipped (EPOCH_BENCH_PEERS=0)");
        return;
    }
    for (name, script, module) in [
        ("NumPy (vectorized)", "numpy_epoch.py", "numpy"),
        ("PyTorch", "torch_epoch.py", "torch"),
    ] {
        match peer(script, module, reps) {
            Ok((a, b)) => {
                println!("{name:<28}{a:>9.3}s{b:>9.3}s");
                println!(
                    "{:<28}{:>9.2}×{:>9.2}×",
                    "  fast-mlp / this",
                    f32_timing.epoch / a,
                    f64_timing.epoch / b
                );
            }
            Err(why) => println!("{name:<28}  skipped: {why}"),
        }
    }
}
