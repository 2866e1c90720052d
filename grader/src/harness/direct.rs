//! Rebuilding a shared harness program (see [`super::joint`]) by calling
//! rustc directly, once cargo has built it for the same folder: no cargo
//! run, and above all no wait for cargo's lock of the target directory, so
//! the workers of a batch compile at the same time.
//!
//! cargo's first build says where the harness's dependencies are (its
//! artifact messages); the direct build then runs the one rustc command
//! cargo would run for the program (same edition, no debug information,
//! incremental), against those libraries. The incremental cache pays even
//! though every submission's functions are new: the wire format, the run
//! loop and the dispatch are the same from one submission to the next
//! (ten submissions, two runs each: 16.3 and 17.3 s of CPU as it is; 21.0
//! and 22.6 s without the cache; one codegen unit instead of cargo's
//! default, 19.5 and 19.6 s with the cache, 18.9 and 23.8 s without). Anything that makes it fail
//! (a chapter that does not compile, a toolchain that differs from the one
//! that built the dependencies, settings cargo would have passed) sends the
//! build back to cargo, which reports as before; when cargo then builds
//! what rustc could not, this folder stops trying rustc directly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use super::CompileError;
use super::diagnostic::compile_error;

/// The libraries a harness is compiled against, by crate name.
pub const DEPENDENCIES: [&str; 3] = ["ndarray", "serde_json", "nncore"];

/// What a direct build needs: each dependency's library.
#[derive(Clone)]
struct Recipe {
    externs: Vec<(String, PathBuf)>,
}

/// Per harness crate folder, the recipe learnt from cargo.
static RECIPES: Mutex<BTreeMap<PathBuf, Recipe>> = Mutex::new(BTreeMap::new());

/// Remembers, from a successful cargo build of the shared program in
/// `crate_dir`, where its dependencies are (`libraries`: crate name → the
/// `.rlib` cargo reported).
pub fn learn(crate_dir: &Path, libraries: &BTreeMap<String, PathBuf>) {
    let externs: Option<Vec<(String, PathBuf)>> = DEPENDENCIES
        .iter()
        .map(|name| Some((name.to_string(), libraries.get(*name)?.clone())))
        .collect();
    if let (Some(externs), Ok(mut recipes)) = (externs, RECIPES.lock()) {
        recipes.insert(crate_dir.to_path_buf(), Recipe { externs });
    }
}

/// Whether the shared program of `crate_dir` can be built directly.
pub fn known(crate_dir: &Path) -> bool {
    RECIPES
        .lock()
        .is_ok_and(|recipes| recipes.contains_key(crate_dir))
}

/// Stops building the shared program of `crate_dir` directly.
pub fn forget(crate_dir: &Path) {
    if let Ok(mut recipes) = RECIPES.lock() {
        recipes.remove(crate_dir);
    }
}

/// What a direct build gave.
pub enum Direct {
    /// The program.
    Built(PathBuf),
    /// rustc reported these errors (in the order it reported them).
    Failed(Vec<CompileError>),
    /// No recipe yet, or rustc could not be run or failed without saying
    /// why: cargo builds it.
    Unavailable,
}

/// Builds the shared program whose `main` is `main` (in `crate_dir`) with
/// rustc alone.
pub fn build(crate_dir: &Path, main: &Path) -> Direct {
    match try_build(crate_dir, main) {
        Some(Ok(exe)) => Direct::Built(exe),
        Some(Err(errors)) if !errors.is_empty() => Direct::Failed(errors),
        _ => Direct::Unavailable,
    }
}

fn try_build(crate_dir: &Path, main: &Path) -> Option<Result<PathBuf, Vec<CompileError>>> {
    let recipe = RECIPES.lock().ok()?.get(crate_dir)?.clone();
    let out_dir = crate_dir.join("direct");
    std::fs::create_dir_all(&out_dir).ok()?;
    let exe = out_dir.join(format!("joint{}", std::env::consts::EXE_SUFFIX));
    let dep_info = exe.with_extension("d");
    // A binary left by the previous submission must never stand for this one.
    let _ = std::fs::remove_file(&exe);
    let mut emit = std::ffi::OsString::from("--emit=dep-info=");
    emit.push(&dep_info);
    emit.push(",link=");
    emit.push(&exe);
    let mut cmd = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    cmd.args([
        "--crate-name",
        "harness_joint",
        "--edition=2024",
        "--crate-type",
        "bin",
    ])
    .arg(main)
    .arg("--error-format=json")
    .arg(emit)
    .args(["-C", "embed-bitcode=no", "-C", "strip=debuginfo", "-C"])
    .arg({
        let mut flag = std::ffi::OsString::from("incremental=");
        flag.push(out_dir.join("incremental"));
        flag
    })
    .current_dir(crate_dir)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let mut dirs: Vec<&Path> = Vec::new();
    for (name, library) in &recipe.externs {
        let mut flag = std::ffi::OsString::from(format!("{name}="));
        flag.push(library);
        cmd.arg("--extern").arg(flag);
        if let Some(dir) = library.parent()
            && !dirs.contains(&dir)
        {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        let mut flag = std::ffi::OsString::from("dependency=");
        flag.push(dir);
        cmd.arg("-L").arg(flag);
    }
    let output = cmd.output().ok()?;
    if output.status.success() && exe.is_file() {
        return Some(Ok(exe));
    }
    // One JSON diagnostic a line.
    let errors = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|diagnostic| compile_error(&diagnostic))
        .collect();
    Some(Err(errors))
}
