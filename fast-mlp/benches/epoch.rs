//! `cargo bench -p fast-mlp --bench epoch`: one epoch of a 784-128-10
//! network (sigmoid hidden layer, softmax cross-entropy, plain SGD, lr 0.1,
//! batches of 32) on 60 000 × 784 synthetic rows, on one thread, in f32 and
//! f64; the same epoch's matrix products alone; and, when they are
//! installed, the same epoch in vectorized NumPy, in PyTorch and with
//! scikit-learn's `MLPClassifier` (`benches/peers/*.py`, run with every
//! thread count set to 1).
//!
//! Each figure is the median of `EPOCH_BENCH_REPS` timed epochs (default 5),
//! after one untimed epoch, an epoch and its products alone taking turns,
//! in CPU time of the running thread (on a shared
//! machine it hardly moves with the load; the peers measure theirs with
//! `time.thread_time`) and in wall time. Where the thread's CPU time is not
//! available (Windows), both are wall time. Peers are skipped with
//! `EPOCH_BENCH_PEERS=0`.

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

/// Seconds: CPU time of this thread and wall time.
#[derive(Debug, Clone, Copy)]
struct Seconds {
    cpu: f64,
    wall: f64,
}

struct Timing {
    epoch: Seconds,
    products: Seconds,
}

#[cfg(unix)]
fn thread_cpu() -> Option<f64> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    (rc == 0).then_some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
}

#[cfg(not(unix))]
fn thread_cpu() -> Option<f64> {
    None
}

/// Times `f`.
fn measure(f: impl FnOnce()) -> Seconds {
    let (cpu0, wall0) = (thread_cpu(), Instant::now());
    f();
    let wall = wall0.elapsed().as_secs_f64();
    let cpu = match (cpu0, thread_cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    Seconds { cpu, wall }
}

fn median(xs: &[Seconds]) -> Seconds {
    let pick = |key: fn(&Seconds) -> f64| {
        let mut v: Vec<f64> = xs.iter().map(key).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Seconds {
        cpu: pick(|s| s.cpu),
        wall: pick(|s| s.wall),
    }
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

    // One untimed epoch, so that the buffers hold real rows; then the
    // epochs and the same five products per step, on the same shapes and
    // nothing else, in turns (so that both see the same load), the products
    // on copies of the network and buffers.
    rng.shuffle(&mut order);
    trainer.epoch(&mut net, &data, &order, T::of(ETA));
    let (mut products_net, mut products_trainer) = (net.clone(), trainer.clone());
    let steps = ROWS.div_ceil(BATCH);
    let mut epochs = Vec::new();
    let mut products = Vec::new();
    for _ in 0..reps {
        rng.shuffle(&mut order);
        let mut loss = 0.0;
        epochs.push(measure(|| {
            loss = trainer.epoch(&mut net, &data, &order, T::of(ETA));
        }));
        assert!(loss.is_finite(), "the loss diverged");
        products.push(measure(|| {
            for _ in 0..steps {
                products_trainer.products_only(&mut products_net, BATCH);
            }
        }));
    }
    Timing {
        epoch: median(&epochs),
        products: median(&products),
    }
}

/// Runs a peer script: `(f32, f64)`, or why it could not.
fn peer(script: &str, module: &str, reps: usize) -> Result<(Seconds, Seconds), String> {
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
    match (
        field("f32_cpu"),
        field("f32"),
        field("f64_cpu"),
        field("f64"),
    ) {
        (Some(a), Some(b), Some(c), Some(d)) => {
            Ok((Seconds { cpu: a, wall: b }, Seconds { cpu: c, wall: d }))
        }
        _ => Err(format!("{script} printed {text}")),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected.
    let reps: usize = std::env::var("EPOCH_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);
    let peers = std::env::var("EPOCH_BENCH_PEERS").map_or(true, |v| v != "0");

    println!(
        "one epoch: {INPUTS}-{HIDDEN}-{CLASSES}, sigmoid + softmax cross-entropy, SGD lr {ETA}, \
         batch {BATCH}, {ROWS} synthetic rows, 1 thread; median of {reps} (after one warm-up)"
    );
    let t32 = time_precision::<f32>(reps);
    let t64 = time_precision::<f64>(reps);

    println!();
    println!(
        "{:<30}{:>11}{:>11}   {:>11}{:>11}",
        "", "f32 CPU", "f64 CPU", "f32 wall", "f64 wall"
    );
    let row = |name: &str, a: Seconds, b: Seconds| {
        println!(
            "{name:<30}{:>10.3}s{:>10.3}s   {:>10.3}s{:>10.3}s",
            a.cpu, b.cpu, a.wall, b.wall
        );
    };
    let ratio = |name: &str, a: Seconds, b: Seconds, c: Seconds, d: Seconds| {
        println!(
            "{name:<30}{:>10.2}×{:>10.2}×   {:>10.2}×{:>10.2}×",
            a.cpu / c.cpu,
            b.cpu / d.cpu,
            a.wall / c.wall,
            b.wall / d.wall
        );
    };
    row("fast-mlp epoch", t32.epoch, t64.epoch);
    row("  its matrix products alone", t32.products, t64.products);
    ratio(
        "  epoch / products",
        t32.epoch,
        t64.epoch,
        t32.products,
        t64.products,
    );
    if !peers {
        println!("peers skipped (EPOCH_BENCH_PEERS=0)");
        return;
    }
    for (name, script, module) in [
        ("NumPy (vectorized)", "numpy_epoch.py", "numpy"),
        ("PyTorch", "torch_epoch.py", "torch"),
        ("scikit-learn MLPClassifier", "sklearn_epoch.py", "sklearn"),
    ] {
        match peer(script, module, reps) {
            Ok((a, b)) => {
                row(name, a, b);
                ratio("  fast-mlp / this", t32.epoch, t64.epoch, a, b);
            }
            Err(why) => println!("{name:<30}  skipped: {why}"),
        }
    }
}
