//! Attacks on the grader, as a mischievous student would write them, run
//! through the real binary: each must be contained (the exercise reported,
//! the grader alive, nothing written outside, no process left, no
//! connection made, no forged pass).
//!
//! Every run sets `GRADER_NO_REUSE=1`: the attacks must run each time, never
//! come back as the outcome of an earlier run.
//!
//! Every attack succeeds when its protections are off: run this file with
//! `GRADER_SANDBOX_DISABLE=all` (or the protections an attack names) and
//! its test fails. Where this system lacks a protection altogether (an old
//! kernel, no user namespaces), the test checks that the report says so and
//! skips what only that protection contains.
//!
//! One student folder holds every attack (each in its own exercise, so one
//! build serves all the tests); it lives in the temporary folder and is
//! removed by the next run.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{replace_fn, root};

fn grader_exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_grader"))
}

/// The folder of attacks, the listeners they try to reach, and the names
/// they leave behind.
struct Arena {
    base: PathBuf,
    student: PathBuf,
    outside: PathBuf,
    /// Prefix of the process names (`comm`) the attacks give their children.
    marker: String,
    tcp: std::net::TcpListener,
    udp: std::net::UdpSocket,
    unix: std::os::unix::net::UnixListener,
}

fn arena() -> &'static Arena {
    static ARENA: OnceLock<Arena> = OnceLock::new();
    ARENA.get_or_init(Arena::new)
}

impl Arena {
    fn new() -> Self {
        remove_stale_arenas();
        let pid = std::process::id();
        let base = std::env::temp_dir().join(format!("grader-sandbox-{pid}"));
        let _ = std::fs::remove_dir_all(&base);
        let student = base.join("student");
        let outside = base.join("outside");
        std::fs::create_dir_all(&student).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let marker = format!("sbx{:05}", pid % 100_000);

        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        tcp.set_nonblocking(true).unwrap();
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        udp.set_nonblocking(true).unwrap();
        let abstract_name = format!("grader-sandbox-{pid}");
        let unix = {
            use std::os::linux::net::SocketAddrExt;
            let addr = std::os::unix::net::SocketAddr::from_abstract_name(abstract_name.as_bytes())
                .unwrap();
            std::os::unix::net::UnixListener::bind_addr(&addr).unwrap()
        };
        unix.set_nonblocking(true).unwrap();

        let solutions = root().join("solutions/src");
        for entry in std::fs::read_dir(&solutions).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, student.join(path.file_name().unwrap())).unwrap();
        }
        let vars = [
            ("@MARKER@", marker.clone()),
            ("@OUTSIDE@", outside.display().to_string()),
            ("@STUDENT@", student.display().to_string()),
            ("@SOLUTIONS@", solutions.display().to_string()),
            ("@TCP@", tcp.local_addr().unwrap().port().to_string()),
            ("@UDP@", udp.local_addr().unwrap().port().to_string()),
            ("@ABSTRACT@", abstract_name),
        ];
        let fill = |text: &str| {
            vars.iter()
                .fold(text.to_string(), |t, (k, v)| t.replace(k, v))
        };
        let replace_all = |chapter: &str, attacks: &[(&str, &str)]| {
            let path = student.join(format!("{chapter}.rs"));
            let mut text = std::fs::read_to_string(&path).unwrap();
            for (name, item) in attacks {
                text = replace_fn(&text, name, item);
            }
            text.push_str(HELPERS);
            std::fs::write(&path, fill(&text)).unwrap();
        };
        replace_all("activations", ACTIVATIONS);
        replace_all("perceptron", PERCEPTRON);
        replace_all("xor", XOR);
        let xor = student.join("xor.rs");
        let mut text = std::fs::read_to_string(&xor).unwrap();
        text.push_str(&fill(BEFORE_MAIN));
        std::fs::write(&xor, text).unwrap();
        // Chapters that read other files at compile time.
        std::fs::write(
            student.join("vectorization.rs"),
            fill("#[path = \"@SOLUTIONS@/vectorization.rs\"]\nmod r;\npub use r::*;\n"),
        )
        .unwrap();
        let backprop = student.join("backprop.rs");
        let mut text = std::fs::read_to_string(&backprop).unwrap();
        text.push_str(&fill(
            "\nconst _REFERENCIA: &str = include_str!(\"@SOLUTIONS@/backprop.rs\");\n",
        ));
        std::fs::write(&backprop, text).unwrap();
        std::fs::remove_file(student.join("cnn_rnn.rs")).unwrap();
        symlink(solutions.join("cnn_rnn.rs"), student.join("cnn_rnn.rs")).unwrap();

        Self {
            base,
            student,
            outside,
            marker,
            tcp,
            udp,
            unix,
        }
    }
}

/// Arenas of earlier runs whose test process is gone.
fn remove_stale_arenas() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("grader-sandbox-")
            && !Path::new("/proc").join(pid).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Helpers every attack file gets: libc calls and a way to find the
/// grader's process by walking up `/proc/<pid>/stat`.
const HELPERS: &str = r#"
#[allow(dead_code)]
mod ataque {
    unsafe extern "C" {
        pub fn fork() -> i32;
        pub fn setsid() -> i32;
        pub fn kill(pid: i32, sig: i32) -> i32;
        pub fn prctl(option: i32, a: u64, b: u64, c: u64, d: u64) -> i32;
        pub fn pause() -> i32;
        pub fn _exit(code: i32) -> !;
        pub fn getppid() -> i32;
        pub fn ptrace(request: i64, pid: i32, addr: u64, data: u64) -> i64;
        pub fn setrlimit(resource: i32, limit: *const [u64; 2]) -> i32;
    }

    pub fn name(suffix: &str) {
        let name = format!("@MARKER@{suffix}\0");
        unsafe { prctl(15, name.as_ptr() as u64, 0, 0, 0) };
    }

    fn parent_of(pid: &str) -> Option<String> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(')')?.1.split_whitespace().nth(1).map(String::from)
    }

    /// The grader (found by name among our ancestors) and our parent.
    pub fn targets() -> Vec<i32> {
        let mut found = vec![unsafe { getppid() }];
        let mut pid = "self".to_string();
        for _ in 0..8 {
            let Some(parent) = parent_of(&pid) else { break };
            let comm = std::fs::read_to_string(format!("/proc/{parent}/comm")).unwrap_or_default();
            if comm.trim() == "grader" {
                found.extend(parent.parse::<i32>().ok());
                break;
            }
            pid = parent;
        }
        found
    }
}
"#;

/// One attack per exercise of `activations`.
const ACTIVATIONS: &[(&str, &str)] = &[
    // The grader's own stdout: a forged report, then the grader killed.
    (
        "sigmoid",
        r#"pub fn sigmoid(z: f64) -> f64 {
            use std::io::Write;
            let forged = "{\"score\": 60, \"nota\": \"FORJADO\"}\n  ✔ sigmoid  correcto\nTotal: 60/60 puntos\n";
            let targets = ataque::targets();
            for pid in &targets {
                for fd in [1, 2] {
                    match std::fs::OpenOptions::new().write(true).open(format!("/proc/{pid}/fd/{fd}")) {
                        Ok(mut f) => {
                            let _ = f.write_all(forged.as_bytes());
                            println!("ESCRIBÍ en /proc/{pid}/fd/{fd}");
                        }
                        Err(e) => println!("NO /proc/{pid}/fd/{fd}: {e}"),
                    }
                }
            }
            for pid in &targets {
                for signal in [19, 9] {
                    let r = unsafe { ataque::kill(*pid, signal) };
                    println!("kill({pid}, {signal}) = {r}");
                }
            }
            0.5
        }"#,
    ),
    // Grandchildren that leave the process group and the parent.
    (
        "sigmoid_derivative",
        r#"pub fn sigmoid_derivative(z: f64) -> f64 {
            unsafe {
                if ataque::fork() == 0 {
                    ataque::setsid();
                    if ataque::fork() == 0 {
                        ataque::name("g");
                        ataque::prctl(1, 0, 0, 0, 0);
                        loop { ataque::pause(); }
                    }
                    ataque::_exit(0);
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
            let s = 1.0 / (1.0 + (-z).exp());
            s * (1.0 - s)
        }"#,
    ),
    // Files outside the results file.
    (
        "tanh",
        r#"pub fn tanh(z: f64) -> f64 {
            for path in ["@OUTSIDE@/escrito.txt", "@STUDENT@/escrito.txt", "escrito.txt", "/tmp/@MARKER@-escrito.txt"] {
                match std::fs::write(path, "escrito por el estudiante") {
                    Ok(()) => println!("ESCRIBÍ {path}"),
                    Err(e) => println!("NO {path}: {e}"),
                }
            }
            match std::fs::create_dir("@OUTSIDE@/carpeta") {
                Ok(()) => println!("ESCRIBÍ carpeta"),
                Err(e) => println!("NO carpeta: {e}"),
            }
            z.tanh()
        }"#,
    ),
    // Any file: the reference solutions above all.
    (
        "tanh_derivative",
        r#"pub fn tanh_derivative(z: f64) -> f64 {
            for path in ["@SOLUTIONS@/backprop.rs", "@STUDENT@/perceptron.rs", "/etc/passwd", "/proc/self/environ"] {
                match std::fs::read(path) {
                    Ok(bytes) => println!("LEÍ {path}: {} bytes", bytes.len()),
                    Err(e) => println!("NO {path}: {e}"),
                }
            }
            match std::fs::read_dir("@SOLUTIONS@") {
                Ok(_) => println!("LEÍ la carpeta de soluciones"),
                Err(e) => println!("NO carpeta: {e}"),
            }
            1.0 - z.tanh().powi(2)
        }"#,
    ),
    // TCP, UDP and an abstract unix socket, all listened to by the test.
    (
        "relu",
        r#"pub fn relu(z: f64) -> f64 {
            match std::net::TcpStream::connect(("127.0.0.1", @TCP@)) {
                Ok(_) => println!("CONECTÉ tcp"),
                Err(e) => println!("NO tcp: {e}"),
            }
            match std::net::UdpSocket::bind("127.0.0.1:0").and_then(|s| s.send_to(b"hola", ("127.0.0.1", @UDP@))) {
                Ok(_) => println!("ENVIÉ udp"),
                Err(e) => println!("NO udp: {e}"),
            }
            {
                use std::os::linux::net::SocketAddrExt;
                let addr = std::os::unix::net::SocketAddr::from_abstract_name(b"@ABSTRACT@");
                match addr.and_then(|a| std::os::unix::net::UnixStream::connect_addr(&a)) {
                    Ok(_) => println!("CONECTÉ unix"),
                    Err(e) => println!("NO unix: {e}"),
                }
            }
            match std::net::TcpListener::bind("127.0.0.1:0") {
                Ok(_) => println!("ESCUCHO tcp"),
                Err(e) => println!("NO escuchar: {e}"),
            }
            z.max(0.0)
        }"#,
    ),
    // The grader's memory and its tracing.
    (
        "relu_derivative",
        r#"pub fn relu_derivative(z: f64) -> f64 {
            for pid in ataque::targets() {
                match std::fs::OpenOptions::new().read(true).write(true).open(format!("/proc/{pid}/mem")) {
                    Ok(_) => println!("ABRÍ /proc/{pid}/mem"),
                    Err(e) => println!("NO mem {pid}: {e}"),
                }
                match std::fs::read(format!("/proc/{pid}/environ")) {
                    Ok(_) => println!("LEÍ /proc/{pid}/environ"),
                    Err(e) => println!("NO environ {pid}: {e}"),
                }
                let r = unsafe { ataque::ptrace(0x4206, pid, 0, 0) };
                if r == 0 {
                    println!("RASTREÉ {pid}");
                    unsafe { ataque::ptrace(17, pid, 0, 0) };
                } else {
                    println!("NO ptrace {pid}");
                }
            }
            if z > 0.0 { 1.0 } else { 0.0 }
        }"#,
    ),
    // Limits raised back, then a large allocation.
    (
        "leaky_relu",
        r#"pub fn leaky_relu(z: f64, alpha: f64) -> f64 {
            let unlimited = [u64::MAX, u64::MAX];
            for (name, resource) in [("AS", 9), ("NPROC", 6), ("FSIZE", 1), ("CPU", 0)] {
                let r = unsafe { ataque::setrlimit(resource, &unlimited) };
                println!("setrlimit {name} = {r}");
            }
            let r = unsafe { ataque::prctl(38, 0, 0, 0, 0) };
            println!("no_new_privs 0 = {r}");
            let v: Vec<u8> = Vec::with_capacity(3 << 30);
            std::hint::black_box(&v);
            println!("RESERVÉ {} bytes", v.capacity());
            if z > 0.0 { z } else { alpha * z }
        }"#,
    ),
    // Fork until the limit.
    (
        "leaky_relu_derivative",
        r#"pub fn leaky_relu_derivative(z: f64, alpha: f64) -> f64 {
            static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if ONCE.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return if z > 0.0 { 1.0 } else { alpha };
            }
            let mut children = 0;
            for _ in 0..200 {
                let pid = unsafe { ataque::fork() };
                if pid == 0 {
                    ataque::name("f");
                    loop { unsafe { ataque::pause(); } }
                }
                if pid < 0 { break; }
                children += 1;
            }
            println!("HIJOS {children}");
            if z > 0.0 { 1.0 } else { alpha }
        }"#,
    ),
    // Floods of output: 2.5 MiB a case, every case, far past what is kept
    // (and small enough not to time out on a loaded machine).
    (
        "squared_error_cost",
        r#"pub fn squared_error_cost(y: &[f64], y_hat: &[f64]) -> f64 {
            use std::io::Write;
            let line = format!("{}\n", "x".repeat(1023));
            {
                let out = std::io::stdout();
                let mut out = out.lock();
                for _ in 0..2_000 {
                    if out.write_all(line.as_bytes()).is_err() { break; }
                }
            }
            for _ in 0..500 {
                eprint!("{line}");
            }
            let n = y.len() as f64;
            y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / (2.0 * n)
        }"#,
    ),
    // A flood of results: 100 MiB appended to its own results file.
    (
        "cross_entropy_cost",
        r#"pub fn cross_entropy_cost(y: &[f64], y_hat: &[f64]) -> f64 {
            use std::io::Write;
            let results = std::env::args().nth(3).unwrap_or_default();
            let chunk = vec![b' '; 1 << 20];
            let mut written = 0;
            if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&results) {
                for _ in 0..100 {
                    match f.write_all(&chunk) {
                        Ok(()) => written += 1,
                        Err(e) => { println!("NO resultados: {e}"); break; }
                    }
                }
            }
            println!("ESCRIBÍ {written} MiB");
            0.0
        }"#,
    ),
];

const PERCEPTRON: &[(&str, &str)] = &[
    // Who the harness runs as, and a file only root may read.
    (
        "perceptron_output",
        r#"pub fn perceptron_output(w: &[f64], x: &[f64], b: f64) -> f64 {
            unsafe extern "C" {
                fn getuid() -> u32;
                fn geteuid() -> u32;
            }
            println!("UID {} EUID {}", unsafe { getuid() }, unsafe { geteuid() });
            match std::fs::read_to_string("@OUTSIDE@/solo-root.txt") {
                Ok(text) => println!("LEÍ {text}"),
                Err(e) => println!("NO solo-root: {e}"),
            }
            sign(weighted_sum(w, x, b))
        }"#,
    ),
    // Terminal control sequences in printed output and in a panic message.
    (
        "sign",
        r#"pub fn sign(z: f64) -> f64 {
            println!("\x1b[2J\x1b[H\x1b]0;ventana\x07\r  ✔ sign   correcto \u{9b}31m\u{202e}al revés");
            panic!("\x1b[31mrojo\x1b[0m\n  ✔ sign   una línea falsa");
        }"#,
    ),
    // The environment.
    (
        "train_step",
        r#"pub fn train_step(w: &[f64], b: f64, x: &[f64], y: f64, eta: f64) -> (Vec<f64>, f64) {
            let vars: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect();
            println!("ENTORNO: {}", vars.join(" "));
            (w.to_vec(), b)
        }"#,
    ),
    // Runs until the grader is killed, with a child of its own that
    // leaves the process group (and does not die with its parent).
    (
        "train",
        r#"pub fn train(
            data: &[(Vec<f64>, f64)],
            w0: &[f64],
            b0: f64,
            eta: f64,
            max_epochs: usize,
        ) -> TrainingResult {
            unsafe {
                if ataque::fork() == 0 {
                    ataque::setsid();
                    ataque::name("k");
                    loop { ataque::pause(); }
                }
            }
            loop { std::thread::sleep(std::time::Duration::from_millis(50)); }
        }"#,
    ),
];

const XOR: &[(&str, &str)] = &[
    // Links planted for the next exercises' files, and the results file
    // replaced by an endless one.
    (
        "or_neuron",
        r#"pub fn or_neuron(x1: f64, x2: f64) -> f64 {
            let results = std::path::PathBuf::from(std::env::args().nth(3).unwrap_or_default());
            let folder = results.parent().map(|p| p.to_path_buf()).unwrap_or_default();
            for other in ["and_neuron", "xor_network"] {
                for kind in ["cases.json", "results.jsonl"] {
                    let link = folder.join(format!("xor.{other}.{kind}"));
                    let _ = std::fs::remove_file(&link);
                    match std::os::unix::fs::symlink("@OUTSIDE@/victima.txt", &link) {
                        Ok(()) => println!("ENLACÉ {}", link.display()),
                        Err(e) => println!("NO enlace: {e}"),
                    }
                }
            }
            match std::fs::remove_file(&results) {
                Ok(()) => println!("BORRÉ los resultados"),
                Err(e) => println!("NO borrar: {e}"),
            }
            match std::os::unix::fs::symlink("/dev/zero", &results) {
                Ok(()) => println!("ENLACÉ los resultados"),
                Err(e) => println!("NO enlace: {e}"),
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            sgn(x1 + x2 + 1.0)
        }"#,
    ),
];

/// Code that runs before `main`, in every xor harness.
const BEFORE_MAIN: &str = r#"
#[used]
#[unsafe(link_section = ".init_array")]
static ANTES_DE_MAIN: extern "C" fn() = antes_de_main;

extern "C" fn antes_de_main() {
    let _ = std::fs::write("@OUTSIDE@/antes-de-main.txt", "antes de main");
    let _ = std::net::TcpStream::connect(("127.0.0.1", @TCP@));
}
"#;

struct Run {
    output: Output,
    report: Option<Value>,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn report(&self) -> &Value {
        self.report.as_ref().unwrap_or_else(|| {
            panic!(
                "no JSON report (status {:?}): {}\n{}",
                self.output.status,
                self.stdout(),
                String::from_utf8_lossy(&self.output.stderr)
            )
        })
    }

    fn exercise(&self, id: &str) -> &Value {
        let (chapter, name) = id.split_once("::").unwrap();
        self.report()["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["id"] == chapter)
            .flat_map(|c| c["exercises"].as_array().unwrap())
            .find(|e| e["id"] == name)
            .unwrap_or_else(|| panic!("{id} not in the report"))
    }

    fn printed(&self, id: &str) -> String {
        self.exercise(id)["printed"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Whether this system has protection `id`, from a harmless run. One
/// switched off with `GRADER_SANDBOX_DISABLE` counts as present, so that the
/// checks of the attacks it contains run (and fail); one the system lacks
/// altogether is reported, and those checks are skipped.
fn present(id: &str) -> bool {
    static SANDBOX: OnceLock<Value> = OnceLock::new();
    let sandbox = SANDBOX
        .get_or_init(|| grade(&["perceptron::weighted_sum"], &[]).report()["sandbox"].clone());
    let p = sandbox["protections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no protection {id}"));
    let why = p["why_not"].as_str().unwrap_or("");
    if p["in_force"] == false && !why.contains("desactivada") {
        eprintln!("note: this system lacks {id} ({why}); the checks that need it are skipped");
        return false;
    }
    true
}

/// Grades `selection` of the attack folder with JSON output.
fn grade(selection: &[&str], extra: &[&str]) -> Run {
    let arena = arena();
    let output = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--format", "json", "--seed", "1", "--dir"])
        .arg(&arena.student)
        .args(selection)
        .args(extra)
        .env("GRADER_E2E_SECRET", "s3cr3t-del-corrector")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).ok();
    Run { output, report }
}

/// Live processes with a thread named with the arena's marker and
/// `suffix`.
fn named(suffix: &str) -> Vec<i32> {
    let name = format!("{}{suffix}", arena().marker);
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let named = std::fs::read_dir(format!("/proc/{pid}/task"))
                .into_iter()
                .flatten()
                .flatten()
                .any(|t| {
                    std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == name)
                });
            named && !state.contains(") Z")
        })
        .collect()
}

/// Like [`named`], killing what it finds (so a failed test leaves nothing
/// behind).
fn survivors(suffix: &str) -> Vec<i32> {
    let found = named(suffix);
    for pid in &found {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    found
}

fn assert_graded_and_alive(run: &Run, id: &str) {
    assert!(
        run.output.status.code().is_some(),
        "the grader died: {:?}\n{}",
        run.output.status,
        run.stdout()
    );
    let status = run.exercise(id)["status"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(!status.is_empty(), "{id} has no status");
}

#[test]
fn a_forged_report_and_a_kill_never_reach_the_grader() {
    let run = grade(&["activations::sigmoid"], &[]);
    if !(present("landlock_scope") || present("namespaces"))
        || !(present("driver_shield") || present("landlock_filesystem"))
    {
        return;
    }
    assert_graded_and_alive(&run, "activations::sigmoid");
    let stdout = run.stdout();
    assert!(
        !stdout.contains("FORJADO"),
        "forged text in the report: {stdout}"
    );
    assert_eq!(run.report()["points"], 0, "{stdout}");
    let printed = run.printed("activations::sigmoid");
    assert!(!printed.contains("ESCRIBÍ"), "{printed}");
}

#[test]
fn grandchildren_started_with_setsid_die_with_the_harness() {
    let run = grade(&["activations::sigmoid_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::sigmoid_derivative");
    std::thread::sleep(Duration::from_millis(300));
    let left = survivors("g");
    if present("namespaces") {
        assert!(left.is_empty(), "left running after the grader: {left:?}");
    }
}

#[test]
fn nothing_is_written_outside_the_results_file() {
    let run = grade(&["activations::tanh"], &[]);
    assert_graded_and_alive(&run, "activations::tanh");
    let marker = &arena().marker;
    let written: Vec<PathBuf> = [
        arena().outside.join("escrito.txt"),
        arena().outside.join("carpeta"),
        arena().student.join("escrito.txt"),
        PathBuf::from(format!("/tmp/{marker}-escrito.txt")),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect();
    for p in &written {
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_dir(p);
    }
    if present("landlock_filesystem") {
        assert!(written.is_empty(), "written by the student: {written:?}");
        let printed = run.printed("activations::tanh");
        assert!(!printed.contains("ESCRIBÍ"), "{printed}");
        assert_eq!(run.exercise("activations::tanh")["status"], "passed");
    }
}

#[test]
fn no_file_can_be_read_not_even_the_solutions() {
    let run = grade(&["activations::tanh_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::tanh_derivative");
    let printed = run.printed("activations::tanh_derivative");
    if present("landlock_filesystem") {
        assert!(!printed.contains("LEÍ"), "{printed}");
        // Every complete line (what is kept ends mid-line) says NO.
        let lines: Vec<&str> = printed.lines().collect();
        assert!(lines.len() > 1, "{printed}");
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|l| l.starts_with("NO ")),
            "{printed}"
        );
    }
}

#[test]
fn no_connection_leaves_the_harness() {
    let run = grade(&["activations::relu"], &[]);
    assert_graded_and_alive(&run, "activations::relu");
    let arena = arena();
    let tcp = arena.tcp.accept().map(|_| ());
    let mut buf = [0u8; 16];
    let udp = arena.udp.recv(&mut buf).map(|_| ());
    let unix = arena.unix.accept().map(|_| ());
    let printed = run.printed("activations::relu");
    let would_block =
        |r: &std::io::Result<()>| matches!(r, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    if present("landlock_network") && present("landlock_scope") {
        assert!(would_block(&tcp), "a TCP connection arrived: {printed}");
        assert!(
            would_block(&unix),
            "an abstract unix connection arrived: {printed}"
        );
        assert!(!printed.contains("ESCUCHO"), "{printed}");
    }
    if present("namespaces") {
        assert!(would_block(&udp), "a UDP datagram arrived: {printed}");
    }
}

#[test]
fn the_grader_cannot_be_traced_or_read_through_proc() {
    let run = grade(&["activations::relu_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::relu_derivative");
    let printed = run.printed("activations::relu_derivative");
    if present("driver_shield") {
        for found in ["ABRÍ", "LEÍ", "RASTREÉ"] {
            assert!(!printed.contains(found), "{printed}");
        }
        assert!(printed.contains("NO ptrace"), "{printed}");
    }
}

/// Whether the tests run as root.
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn a_grader_running_as_root_runs_student_code_as_nobody() {
    let arena = arena();
    let secret = arena.outside.join("solo-root.txt");
    if is_root() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&secret, "secreto de root").unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Landlock alone would stop the read: leave it off, to see what the
    // change of user does.
    let run = |disable: &str| {
        let output = Command::new(grader_exe())
            .args(["--format", "json", "perceptron::perceptron_output", "--dir"])
            .arg(&arena.student)
            .env("GRADER_SANDBOX_DISABLE", disable)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let report = serde_json::from_slice(&output.stdout).ok();
        Run { output, report }
    };
    let extra = std::env::var("GRADER_SANDBOX_DISABLE").unwrap_or_default();
    let guarded = run(&format!("landlock_filesystem,{extra}"));
    assert_graded_and_alive(&guarded, "perceptron::perceptron_output");
    let printed = guarded.printed("perceptron::perceptron_output");
    let protection = guarded.report()["sandbox"]["protections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "unprivileged_user")
        .unwrap()
        .clone();
    assert_eq!(protection["in_force"], true, "{protection:#}");
    if is_root() {
        // Inside a user namespace root also shows as 65534 (unmapped), so
        // the evidence is the read itself.
        assert!(printed.contains("UID 65534 EUID 65534"), "{printed}");
        assert!(printed.contains("NO solo-root"), "{printed}");
        assert!(!printed.contains("LEÍ"), "{printed}");
        // The same attack with the switch off reads the file.
        let open = run("landlock_filesystem,unprivileged_user");
        let printed = open.printed("perceptron::perceptron_output");
        assert!(printed.contains("LEÍ secreto de root"), "{printed}");
        let _ = std::fs::remove_file(&secret);
    }
}

#[test]
fn limits_cannot_be_raised_back() {
    let run = grade(&["activations::leaky_relu"], &[]);
    assert_graded_and_alive(&run, "activations::leaky_relu");
    let e = run.exercise("activations::leaky_relu");
    let printed = run.printed("activations::leaky_relu");
    if present("resource_limits") {
        assert!(!printed.contains("RESERVÉ"), "{printed}");
        assert!(printed.contains("setrlimit AS = -1"), "{printed}");
        assert_eq!(e["status"], "crashed", "{e:#}");
        assert!(e.to_string().contains("sin memoria"), "{e:#}");
    }
}

#[test]
fn a_fork_bomb_is_bounded_and_leaves_nothing_behind() {
    let run = grade(&["activations::leaky_relu_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::leaky_relu_derivative");
    std::thread::sleep(Duration::from_millis(300));
    let left = survivors("f");
    let printed = run.printed("activations::leaky_relu_derivative");
    if present("namespaces") {
        assert!(left.is_empty(), "{} children left running", left.len());
    }
    if present("process_limit") {
        let children: Vec<usize> = printed
            .lines()
            .filter_map(|l| l.strip_prefix("HIJOS ")?.parse().ok())
            .collect();
        assert_eq!(children.len(), 1, "{printed}");
        assert!(children[0] < 64, "{printed}");
    }
}

#[test]
fn floods_of_output_are_capped() {
    let run = grade(&["activations::squared_error_cost"], &[]);
    assert_graded_and_alive(&run, "activations::squared_error_cost");
    let printed = run.printed("activations::squared_error_cost");
    // The first 64 KiB are kept, and the report says how much more there was.
    assert!(printed.len() <= 64 * 1024, "{} bytes kept", printed.len());
    let cut = run.exercise("activations::squared_error_cost")["printed_cut_bytes"]
        .as_u64()
        .unwrap();
    assert!(cut > 0, "the cut is not reported");
    assert_eq!(
        run.exercise("activations::squared_error_cost")["status"],
        "passed"
    );
}

#[test]
fn the_results_file_cannot_grow_without_bound() {
    let run = grade(&["activations::cross_entropy_cost"], &[]);
    assert_graded_and_alive(&run, "activations::cross_entropy_cost");
    let e = run.exercise("activations::cross_entropy_cost");
    let printed = run.printed("activations::cross_entropy_cost");
    if present("resource_limits") {
        assert!(!printed.contains("ESCRIBÍ"), "{printed}");
        assert_eq!(e["status"], "crashed", "{e:#}");
        assert!(e.to_string().contains("escribió demasiado"), "{e:#}");
    }
}

#[test]
fn links_planted_in_the_scratch_folder_are_not_followed() {
    let run = grade(&["xor"], &[]);
    for id in ["xor::or_neuron", "xor::and_neuron", "xor::xor_network"] {
        assert_graded_and_alive(&run, id);
    }
    let victim = arena().outside.join("victima.txt");
    let created = victim.exists();
    let _ = std::fs::remove_file(&victim);
    assert!(!created, "the grader wrote through a planted link");
    for id in ["xor::and_neuron", "xor::xor_network"] {
        assert_eq!(
            run.exercise(id)["status"],
            "passed",
            "{:#}",
            run.exercise(id)
        );
    }
    if present("landlock_filesystem") {
        let printed = run.printed("xor::or_neuron");
        assert!(!printed.contains("ENLACÉ"), "{printed}");
        assert!(!printed.contains("BORRÉ"), "{printed}");
        assert_eq!(run.exercise("xor::or_neuron")["status"], "passed");
    }
}

#[test]
fn code_before_main_already_runs_in_the_sandbox() {
    let run = grade(&["xor::xor_network"], &[]);
    assert_graded_and_alive(&run, "xor::xor_network");
    let file = arena().outside.join("antes-de-main.txt");
    let written = file.exists();
    let _ = std::fs::remove_file(&file);
    let tcp = arena().tcp.accept().map(|_| ());
    if present("landlock_filesystem") && present("landlock_network") {
        assert!(!written, "code before main wrote outside");
        assert!(
            matches!(&tcp, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "code before main connected"
        );
    }
}

#[test]
fn quoted_student_output_is_inert() {
    let arena = arena();
    let out = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--seed", "1", "perceptron::sign", "--dir"])
        .arg(&arena.student)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for raw in ['\x1b', '\u{9b}', '\u{202e}', '\r', '\x07'] {
        assert!(!text.contains(raw), "raw {raw:?} in the report: {text:?}");
    }
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    assert!(text.contains("\\u{202e}"), "{text}");
    // The panic message's line break does not start a line of its own.
    for line in text.lines().filter(|l| l.contains("una línea falsa")) {
        assert!(line.contains("entró en pánico"), "forged line: {line}");
    }
    let json = grade(&["perceptron::sign"], &[]);
    let raw_json = json.stdout();
    for raw in ['\x1b', '\u{9b}', '\u{202e}'] {
        assert!(!raw_json.contains(raw), "raw {raw:?} in the JSON");
    }
    assert!(
        json.printed("perceptron::sign").contains('\x1b'),
        "the data is kept"
    );
}

#[test]
fn the_harness_gets_an_empty_environment() {
    let run = grade(&["perceptron::train_step"], &[]);
    assert_graded_and_alive(&run, "perceptron::train_step");
    let printed = run.printed("perceptron::train_step");
    assert!(printed.contains("ENTORNO:"), "{printed}");
    if present("clean_environment") {
        assert!(!printed.contains("s3cr3t"), "{printed}");
        assert!(!printed.contains("PATH="), "{printed}");
    }
}

#[test]
fn a_grader_killed_mid_run_leaves_no_report_and_no_process() {
    let arena = arena();
    let report = arena.base.join("informe.json");
    std::fs::write(&report, "un informe viejo").unwrap();
    let mut child = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--format", "json", "perceptron::train", "--output"])
        .arg(&report)
        .arg("--dir")
        .arg(&arena.student)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while named("k").is_empty() {
        assert!(Instant::now() < deadline, "the attack never started");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the grader ended first"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !report.exists(),
        "the old report must be gone before grading"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(9),
        "the exit status says it was killed"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!report.exists(), "a killed grader wrote a report");
    std::thread::sleep(Duration::from_millis(500));
    let left = survivors("k");
    if present("namespaces") {
        assert!(
            left.is_empty(),
            "left running after the grader was killed: {left:?}"
        );
    }
}

#[test]
fn chapter_files_that_read_other_files_are_refused_and_the_rest_is_graded() {
    let run = grade(
        &["vectorization", "backprop", "cnn_rnn", "generalization"],
        &[],
    );
    assert!(run.output.status.code().is_some());
    let chapters = run.report()["chapters"].as_array().unwrap();
    let chapter = |id: &str| chapters.iter().find(|c| c["id"] == id).unwrap();
    if present("single_file") {
        for (id, construct) in [
            ("vectorization", "#[path]"),
            ("backprop", "include_str!"),
            ("cnn_rnn", "enlace simbólico"),
        ] {
            let c = chapter(id);
            let refusal = &c["other_file"];
            assert!(
                refusal["construct"]
                    .as_str()
                    .unwrap()
                    .starts_with(construct),
                "{c:#}"
            );
            assert!(
                refusal["message"]
                    .as_str()
                    .unwrap()
                    .contains("cada capítulo tiene que ser un solo archivo")
                    || refusal["message"]
                        .as_str()
                        .unwrap()
                        .contains("enlace simbólico"),
                "{c:#}"
            );
            for e in c["exercises"].as_array().unwrap() {
                assert_eq!(e["status"], "uses_other_file", "{e:#}");
                assert_eq!(e["points"], 0);
            }
        }
    }
    for e in chapter("generalization")["exercises"].as_array().unwrap() {
        assert_eq!(e["status"], "passed", "{e:#}");
    }
    let text = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["vectorization", "--dir"])
        .arg(&arena().student)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains(
            "usa otro archivo (`#[path]`, línea 1): cada capítulo tiene que ser un solo archivo"
        ),
        "{text}"
    );
}

#[test]
fn a_harness_built_for_another_folder_refuses_to_run() {
    let run = grade(&["perceptron::weighted_sum"], &[]);
    assert_eq!(run.exercise("perceptron::weighted_sum")["status"], "passed");
    // The harness binaries of the arena, found in the target folder.
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("debug"),
        None => grader_exe().parent().unwrap().to_path_buf(),
    };
    let harness = std::fs::read_dir(&target)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("harness-") && name.ends_with("-perceptron")
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("a perceptron harness");
    let dir = arena().base.join("identity");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = dir.join("cases.json");
    let results = dir.join("results.jsonl");
    std::fs::write(&cases, "[{\"z\": 1.0}]").unwrap();
    std::fs::write(&results, "").unwrap();
    let out = Command::new(&harness)
        .args(["sign"])
        .arg(&cases)
        .arg(&results)
        .arg("/some/other/folder|/some/other/workspace")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let lines = std::fs::read_to_string(&results).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(lines.contains("\"identity\""), "{lines}");
}

#[test]
fn the_report_says_which_protections_were_in_force() {
    let arena = arena();
    let run = |disable: Option<&str>, format: &str| {
        let mut cmd = Command::new(grader_exe());
        cmd.env("GRADER_NO_REUSE", "1");
        cmd.args(["--format", format, "perceptron::weighted_sum", "--dir"])
            .arg(&arena.student)
            .env_remove("GRADER_SANDBOX_DISABLE");
        if let Some(d) = disable {
            cmd.env("GRADER_SANDBOX_DISABLE", d);
        }
        cmd.output().unwrap()
    };
    let json: Value = serde_json::from_slice(&run(None, "json").stdout).unwrap();
    let sandbox = &json["sandbox"];
    assert_eq!(sandbox["harness_processes"], 1, "{sandbox:#}");
    let off: Value = serde_json::from_slice(&run(Some("namespaces"), "json").stdout).unwrap();
    let ns = off["sandbox"]["protections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "namespaces")
        .unwrap();
    assert_eq!(ns["in_force"], false);
    assert!(
        ns["why_not"]
            .as_str()
            .unwrap()
            .contains("GRADER_SANDBOX_DISABLE")
    );
    assert_eq!(off["sandbox"]["complete"], false);

    let text = String::from_utf8(run(Some("namespaces"), "text").stdout).unwrap();
    assert!(
        text.contains("Aislamiento parcial: faltan espacios de nombres (desactivada con GRADER_SANDBOX_DISABLE)"),
        "{text}"
    );
    let gradescope: Value =
        serde_json::from_slice(&run(Some("namespaces"), "gradescope").stdout).unwrap();
    assert!(
        gradescope["output"]
            .as_str()
            .unwrap()
            .contains("Aislamiento parcial"),
        "{gradescope:#}"
    );
    assert_eq!(gradescope["extra_data"]["sandbox"]["complete"], false);
    let typo = run(Some("namespace"), "json");
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("no hay ninguna protección"));
}

#[test]
fn strict_refuses_to_grade_without_the_full_sandbox() {
    let arena = arena();
    let report = arena.base.join("estricto.json");
    let run = |disable: &str| {
        Command::new(grader_exe())
            .env("GRADER_NO_REUSE", "1")
            .args([
                "--strict",
                "--format",
                "json",
                "perceptron::weighted_sum",
                "--output",
            ])
            .arg(&report)
            .arg("--dir")
            .arg(&arena.student)
            .env("GRADER_SANDBOX_DISABLE", disable)
            .output()
            .unwrap()
    };
    let off = run("landlock_network");
    assert_eq!(off.status.code(), Some(2), "{off:?}");
    let err = String::from_utf8_lossy(&off.stderr);
    assert!(
        err.contains("--strict") && err.contains("landlock_network"),
        "{err}"
    );
    assert!(!report.exists());

    let full = run("");
    let probe = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--format", "json", "perceptron::weighted_sum", "--dir"])
        .arg(&arena.student)
        .env_remove("GRADER_SANDBOX_DISABLE")
        .output()
        .unwrap();
    let probe: Value = serde_json::from_slice(&probe.stdout).unwrap();
    if probe["sandbox"]["complete"] == true {
        assert_eq!(full.status.code(), Some(0), "{full:?}");
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(written["sandbox"]["complete"], true);
    } else {
        // Root, or a system without some protection: strict refuses.
        assert_eq!(full.status.code(), Some(2), "{full:?}");
        assert!(!report.exists());
    }
    let _ = std::fs::remove_file(&report);
}

#[test]
fn the_output_file_is_written_whole_at_the_end_and_never_inside_the_graded_folder() {
    let arena = arena();
    let folder = arena.base.join("salida");
    std::fs::create_dir_all(&folder).unwrap();
    let report = folder.join("results.json");
    let out = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args([
            "--format",
            "gradescope",
            "perceptron::weighted_sum",
            "--output",
        ])
        .arg(&report)
        .arg("--dir")
        .arg(&arena.student)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty(), "the report went to stdout too");
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(results["score"], 1);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["results.json".to_string()],
        "temporary files left"
    );

    let inside = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["perceptron::weighted_sum", "--output"])
        .arg(arena.student.join("informe.txt"))
        .arg("--dir")
        .arg(&arena.student)
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("dentro de la carpeta que se corrige")
    );
    assert!(!arena.student.join("informe.txt").exists());
}
