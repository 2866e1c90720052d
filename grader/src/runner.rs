//! Runs one exercise's cases in a harness process of its own, with a time
//! limit and a memory limit, and reads back the raw outputs. Whatever the
//! student's code does (panic, loop, overflow the stack, abort, exit, print),
//! this returns a description of it instead of failing.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::Value;

/// What happened to the harness process.
#[derive(Debug, Clone, PartialEq)]
pub enum Termination {
    /// Ran every case (or stopped at a `todo!()`).
    Finished,
    /// Killed after the time limit.
    TimedOut { limit_ms: u64 },
    /// Ended before finishing: exit code or signal, and what it printed.
    Died {
        code: Option<i32>,
        signal: Option<i32>,
    },
}

/// One case's raw result, as the harness wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCase {
    Output(Value),
    Panic {
        message: String,
        location: String,
        todo: bool,
    },
    /// The grader could not feed the case to the function (a grader bug).
    Internal(String),
}

#[derive(Debug, Clone)]
pub struct Run {
    /// Results of the cases that completed, in order.
    pub cases: Vec<RawCase>,
    pub termination: Termination,
    /// The first bytes of what the student's code printed.
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

const OUTPUT_KEEP: usize = 4096;

pub struct Limits {
    pub time_ms: u64,
    pub memory_mb: u64,
}

pub fn run(
    exe: &Path,
    exercise: &str,
    inputs: &[Value],
    limits: &Limits,
    scratch: &Path,
) -> Result<Run> {
    std::fs::create_dir_all(scratch)
        .with_context(|| format!("no se pudo crear la carpeta temporal {}", scratch.display()))?;
    let cases_path = scratch.join(format!("{exercise}.cases.json"));
    let results_path = scratch.join(format!("{exercise}.results.jsonl"));
    std::fs::write(&cases_path, serde_json::to_vec(inputs)?)
        .with_context(|| format!("no se pudo escribir {}", cases_path.display()))?;
    let _ = std::fs::remove_file(&results_path);

    let mut cmd = Command::new(exe);
    cmd.arg(exercise)
        .arg(&cases_path)
        .arg(&results_path)
        .current_dir(scratch)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    isolate(&mut cmd, limits.memory_mb);
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("no se pudo ejecutar {}", exe.display()))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let termination = wait(&mut child, limits.time_ms)?;
    let elapsed = started.elapsed();
    // Anything the student's code started and left running goes too, so it
    // cannot hold the pipes open or keep working after its time.
    kill_group(&child);
    let stdout = collect(stdout);
    let stderr = collect(stderr);

    let text = std::fs::read_to_string(&results_path).unwrap_or_default();
    let mut cases = Vec::new();
    let mut done = false;
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            break;
        };
        if v.get("done").is_some() {
            done = true;
            break;
        }
        // Lines must come in order, one per case: anything else was not
        // written by the harness.
        if v.get("case").and_then(Value::as_u64) != Some(cases.len() as u64) {
            break;
        }
        let case = if let Some(output) = v.get("output") {
            RawCase::Output(output.clone())
        } else if let Some(message) = v.get("panic") {
            RawCase::Panic {
                message: message.as_str().unwrap_or("").to_string(),
                location: v
                    .get("location")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                todo: v.get("todo").and_then(Value::as_bool).unwrap_or(false),
            }
        } else if let Some(message) = v.get("internal") {
            RawCase::Internal(message.as_str().unwrap_or("").to_string())
        } else {
            break;
        };
        cases.push(case);
    }
    let stopped_at_todo = matches!(cases.last(), Some(RawCase::Panic { todo: true, .. }));
    let termination = match termination {
        Termination::Finished if done || stopped_at_todo => Termination::Finished,
        Termination::Finished => Termination::Died {
            code: Some(0),
            signal: None,
        },
        other => other,
    };
    let _ = std::fs::remove_file(&cases_path);
    let _ = std::fs::remove_file(&results_path);
    Ok(Run {
        cases,
        termination,
        stdout,
        stderr,
        elapsed,
    })
}

fn wait(child: &mut Child, limit_ms: u64) -> Result<Termination> {
    let deadline = Instant::now() + Duration::from_millis(limit_ms);
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child
            .try_wait()
            .context("no se pudo esperar al programa de prueba")?
        {
            return Ok(termination(status));
        }
        if Instant::now() >= deadline {
            kill_group(child);
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Termination::TimedOut { limit_ms });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

fn termination(status: ExitStatus) -> Termination {
    if status.success() {
        return Termination::Finished;
    }
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal = None;
    Termination::Died {
        code: status.code(),
        signal,
    }
}

/// Reads a pipe to the end on a thread (so the child never blocks on a full
/// pipe), keeping only the first bytes.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut pipe) = pipe {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let room = OUTPUT_KEEP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// The text a drain thread kept, waiting only briefly: a pipe still held
/// open by a leftover process must not stall the grader.
fn collect(handle: std::thread::JoinHandle<String>) -> String {
    let deadline = Instant::now() + Duration::from_millis(500);
    while !handle.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    if handle.is_finished() {
        handle.join().unwrap_or_default()
    } else {
        String::new()
    }
}

#[cfg(unix)]
fn kill_group(child: &Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill has no memory-safety preconditions; the harness leads
        // its own process group (set before exec), so -pid names only it and
        // what it started.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_child: &Child) {}

#[cfg(unix)]
fn isolate(cmd: &mut Command, memory_mb: u64) {
    use std::os::unix::process::CommandExt;
    let bytes = memory_mb.saturating_mul(1024 * 1024);
    // SAFETY: the closure runs in the forked child before exec and only calls
    // setrlimit and setpgid, which are async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // A process group of its own, so a timeout kills everything the
            // student's code started.
            if libc::setpgid(0, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn isolate(_cmd: &mut Command, _memory_mb: u64) {}
