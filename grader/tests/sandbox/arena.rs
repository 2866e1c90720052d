//! The attack folder, built once per test process, and the runs of the
//! grader on it.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use crate::attacks::{ACTIVATIONS, BEFORE_MAIN, HELPERS, PERCEPTRON, XOR};
use crate::common::{replace_fn, root};

pub(crate) fn grader_exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_grader"))
}

/// The folder of attacks, the listeners they try to reach, and the names
/// they leave behind.
pub(crate) struct Arena {
    pub(crate) base: PathBuf,
    pub(crate) student: PathBuf,
    pub(crate) outside: PathBuf,
    /// Prefix of the process names (`comm`) the attacks give their children.
    pub(crate) marker: String,
    pub(crate) tcp: std::net::TcpListener,
    pub(crate) udp: std::net::UdpSocket,
    pub(crate) unix: std::os::unix::net::UnixListener,
}

pub(crate) fn arena() -> &'static Arena {
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
pub(crate) fn remove_stale_arenas() {
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

pub(crate) struct Run {
    pub(crate) output: Output,
    pub(crate) report: Option<Value>,
}

impl Run {
    pub(crate) fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub(crate) fn report(&self) -> &Value {
        self.report.as_ref().unwrap_or_else(|| {
            panic!(
                "no JSON report (status {:?}): {}\n{}",
                self.output.status,
                self.stdout(),
                String::from_utf8_lossy(&self.output.stderr)
            )
        })
    }

    pub(crate) fn exercise(&self, id: &str) -> &Value {
        crate::common::exercise(self.report(), id)
    }

    pub(crate) fn printed(&self, id: &str) -> String {
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
pub(crate) fn present(id: &str) -> bool {
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
pub(crate) fn grade(selection: &[&str], extra: &[&str]) -> Run {
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
pub(crate) fn named(suffix: &str) -> Vec<i32> {
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
pub(crate) fn survivors(suffix: &str) -> Vec<i32> {
    let found = named(suffix);
    for pid in &found {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    found
}

pub(crate) fn assert_graded_and_alive(run: &Run, id: &str) {
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
