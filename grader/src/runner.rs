//! Runs one exercise's cases in a harness process of its own, inside the
//! sandbox (see [`crate::sandbox`]), with a time limit, and reads back the
//! raw outputs. Whatever the student's code does (panic, loop, overflow the
//! stack, abort, exit, print, attack), this returns a description of it
//! instead of failing.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::sandbox::{self, Applied, Launch, Policy, Protection};

/// What happened to the harness process.
#[derive(Debug, Clone, PartialEq)]
pub enum Termination {
    /// Ran every case (or stopped at a `todo!()`).
    Finished,
    /// Killed after the time limit.
    TimedOut { limit_ms: u64 },
    /// Stopped by the driver because the run was cancelled (watch mode: the
    /// student saved again).
    Cancelled,
    /// Ended before finishing: exit code or signal, and what it printed.
    Died {
        code: Option<i32>,
        signal: Option<i32>,
    },
}

/// One case's raw result, as the harness wrote it.
pub use crate::protocol::RawCase;
use crate::protocol::{Invocation, Line};

#[derive(Debug, Clone)]
pub struct Run {
    /// Results of the cases that completed, in order.
    pub cases: Vec<RawCase>,
    pub termination: Termination,
    /// The first bytes of what the student's code printed, standard output
    /// and standard error through one pipe, so in the order written.
    pub output: String,
    /// How many bytes it printed in all (more than `output` holds when cut).
    pub output_bytes: u64,
    /// The memory limit it ran under, in MiB.
    pub memory_limit_mb: u64,
    pub elapsed: Duration,
    /// The protections the harness process got.
    pub applied: Applied,
    /// Why some protections did not take hold.
    pub notes: Vec<(Protection, String)>,
    /// The folder a harness says it was built for, when it is not the
    /// graded one.
    pub built_for: Option<String>,
}

impl Run {
    /// A run that ended normally with these results and printed nothing:
    /// answers judged without a harness (the course's self-checks).
    #[cfg_attr(not(feature = "reference"), allow(dead_code))]
    pub fn finished(cases: Vec<RawCase>) -> Self {
        Self {
            cases,
            termination: Termination::Finished,
            output: String::new(),
            output_bytes: 0,
            memory_limit_mb: 1024,
            elapsed: Duration::ZERO,
            applied: Applied::default(),
            notes: Vec::new(),
            built_for: None,
        }
    }
}

/// How much of a harness's output the driver keeps.
pub const OUTPUT_KEEP: usize = 64 * 1024;

/// The largest results file a harness may write (RLIMIT_FSIZE), and the most
/// the driver reads of it.
pub const RESULTS_MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Limits {
    pub time_ms: u64,
    pub memory_mb: u64,
}

/// Where and as what a harness runs.
pub struct Setting<'a> {
    /// Scratch folder of this grading run, made by the driver.
    pub scratch: &'a Path,
    pub policy: &'a Policy,
    /// Set when the run is cancelled: the harness is killed at once.
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
}

/// One harness program and the exercise it runs.
pub struct Harness<'a> {
    pub exe: &'a Path,
    pub chapter: &'a str,
    pub exercise: &'a str,
    /// The identity (graded folder, workspace, chapter file content) the
    /// harness must have been built with.
    pub identity: &'a str,
}

pub fn run(harness: &Harness, inputs: &[Value], limits: &Limits, setting: &Setting) -> Result<Run> {
    let Harness {
        exe,
        chapter,
        exercise,
        identity,
    } = *harness;
    let cases_path = setting
        .scratch
        .join(format!("{chapter}.{exercise}.cases.json"));
    let results_path = setting
        .scratch
        .join(format!("{chapter}.{exercise}.results.jsonl"));
    let mut cases_file = create_fresh(&cases_path)?;
    cases_file
        .write_all(&serde_json::to_vec(inputs)?)
        .with_context(|| format!("no se pudo escribir {}", cases_path.display()))?;
    // The driver reads the results through its own handle, whatever
    // happens to the name.
    let mut results_file = create_fresh(&results_path)?;
    // A harness running as another user (the driver is root) owns its two
    // files, and nothing else.
    #[cfg(unix)]
    if let Some((uid, gid)) = sandbox::harness_owner(setting.policy) {
        for (file, path) in [(&cases_file, &cases_path), (&results_file, &results_path)] {
            std::os::unix::fs::fchown(file, Some(uid), Some(gid))
                .with_context(|| format!("no se pudo dar {} al usuario {uid}", path.display()))?;
        }
    }
    drop(cases_file);

    let invocation = Invocation {
        exercise: exercise.to_string(),
        cases: cases_path.clone(),
        results: results_path.clone(),
        identity: identity.to_string(),
    };
    let mut cmd = Command::new(exe);
    cmd.args(invocation.to_args())
        .current_dir(setting.scratch)
        .stdin(Stdio::null());
    // One pipe for both streams: the report shows them in the order written.
    let (reader, writer) = std::io::pipe().context("no se pudo crear un pipe")?;
    let writer_too = writer.try_clone().context("no se pudo duplicar un pipe")?;
    cmd.stdout(writer).stderr(writer_too);
    let reads = [cases_path.as_path()];
    let writes = [results_path.as_path()];
    let confined = sandbox::configure(
        &mut cmd,
        setting.policy,
        &Launch {
            program: exe,
            reads: &reads,
            writes: &writes,
            memory_bytes: limits.memory_mb.saturating_mul(1024 * 1024),
            // A backstop for when the driver is gone: the wall-clock limit
            // normally ends the run first.
            cpu_seconds: limits.time_ms.div_ceil(1000) * 2 + 1,
            file_size_bytes: RESULTS_MAX_BYTES,
        },
    )?;
    let started = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(e) => {
            let _ = std::fs::remove_file(&cases_path);
            let _ = std::fs::remove_file(&results_path);
            if let Some(refused) = confined.refusal() {
                return Err(refused.into());
            }
            return Err(e).with_context(|| format!("no se pudo ejecutar {}", exe.display()));
        }
    };
    let (applied, notes) = confined.applied();
    drop(cmd);
    let output = drain(Some(reader));
    let termination = wait(&mut child, limits.time_ms, setting.cancel)?;
    let elapsed = started.elapsed();
    // Anything the student's code started and left running goes too, so it
    // cannot hold the pipes open or keep working after its time.
    kill_group(&child);
    let (output, output_bytes) = collect(output);

    let mut bytes = Vec::new();
    let _ = results_file.seek(SeekFrom::Start(0));
    let _ = (&mut results_file)
        .take(RESULTS_MAX_BYTES)
        .read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines().map(Line::parse).peekable();
    // The first line names the folder the harness was built for.
    let built_for = match lines.next_if(|l| matches!(l, Some(Line::Identity(_)))) {
        Some(Some(Line::Identity(built))) if built != identity => Some(built),
        _ => None,
    };
    let mut cases = Vec::new();
    let mut done = false;
    for line in lines {
        match line {
            Some(Line::Done(_)) => {
                done = true;
                break;
            }
            // Lines must come in order, one per case: anything else was not
            // written by the harness.
            Some(Line::Case { index, result }) if index == cases.len() => cases.push(result),
            _ => break,
        }
    }
    let stopped_at_todo = cases.last().is_some_and(RawCase::is_todo);
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
        output,
        output_bytes,
        memory_limit_mb: limits.memory_mb,
        elapsed,
        applied,
        notes,
        built_for,
    })
}

fn wait(
    child: &mut Child,
    limit_ms: u64,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Termination> {
    let deadline = Instant::now() + Duration::from_millis(limit_ms);
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child
            .try_wait()
            .context("no se pudo esperar al programa de prueba")?
        {
            return Ok(termination(status));
        }
        if cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
            kill_group(child);
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Termination::Cancelled);
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
/// pipe), keeping only the first bytes and counting all of them.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<(String, u64)> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut total = 0u64;
        if let Some(mut pipe) = pipe {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                total += n as u64;
                let room = OUTPUT_KEEP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
        (String::from_utf8_lossy(&kept).into_owned(), total)
    })
}

/// The text a drain thread kept, waiting only briefly: a pipe still held
/// open by a leftover process must not stall the grader.
fn collect(handle: std::thread::JoinHandle<(String, u64)>) -> (String, u64) {
    let deadline = Instant::now() + Duration::from_millis(500);
    while !handle.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    if handle.is_finished() {
        handle.join().unwrap_or_default()
    } else {
        (String::new(), 0)
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

/// Creates `path` anew: never through a link or over something planted there.
fn create_fresh(path: &Path) -> Result<File> {
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
    };
    let file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)
                .with_context(|| format!("no se pudo reemplazar {}", path.display()))?;
            open()
        }
        other => other,
    };
    file.with_context(|| format!("no se pudo crear {}", path.display()))
}
