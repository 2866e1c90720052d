//! Building harness binaries with cargo, and reading what it reports: each
//! binary, the first error of each one that does not compile, and where the
//! harness's dependencies are.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde_json::Value;

use super::CompileError;
use super::diagnostic::compile_error;

/// What one `cargo build` of harness binaries gave, by chapter (or
/// the shared program).
pub struct CargoRun {
    pub artifacts: BTreeMap<String, PathBuf>,
    /// The first error of each binary that did not build.
    pub errors: BTreeMap<String, CompileError>,
    pub success: bool,
    pub stderr: String,
    /// The library of each of the harness's dependencies
    /// ([`super::direct::DEPENDENCIES`]).
    pub libraries: BTreeMap<String, PathBuf>,
}

/// Builds `bins` of the harness crate, every one that compiles even when
/// another does not.
pub fn build(crate_dir: &Path, target: &Path, key: &str, bins: &[String]) -> Result<CargoRun> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg("build")
        .arg("--quiet")
        .arg("--keep-going")
        .arg("--message-format=json")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for bin in bins {
        cmd.arg("--bin").arg(bin);
    }
    let mut child = cmd.spawn().context(
        "no se pudo ejecutar `cargo build` para compilar tus ejercicios (¿está cargo en el PATH?)",
    )?;
    let stderr = child.stderr.take();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let mut errors: BTreeMap<String, CompileError> = BTreeMap::new();
    let mut artifacts: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut libraries: BTreeMap<String, PathBuf> = BTreeMap::new();
    let prefix = format!("harness-{key}-");
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(msg) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if let Some(library) = library(&msg) {
                libraries.extend([library]);
                continue;
            }
            let Some(chapter) = msg
                .pointer("/target/name")
                .and_then(Value::as_str)
                .and_then(|name| name.strip_prefix(&prefix))
                .map(str::to_string)
            else {
                continue;
            };
            match msg.get("reason").and_then(Value::as_str) {
                Some("compiler-message") => {
                    if let Some(error) = msg.get("message").and_then(compile_error) {
                        errors.entry(chapter).or_insert(error);
                    }
                }
                Some("compiler-artifact") => {
                    if let Some(exe) = msg.get("executable").and_then(Value::as_str) {
                        artifacts.insert(chapter, PathBuf::from(exe));
                    }
                }
                _ => {}
            }
        }
    }
    let status = child.wait().context("`cargo build` no terminó bien")?;
    Ok(CargoRun {
        artifacts,
        errors,
        success: status.success(),
        stderr: stderr_reader.join().unwrap_or_default(),
        libraries,
    })
}

/// The `.rlib` of a harness dependency from cargo's artifact message.
fn library(msg: &Value) -> Option<(String, PathBuf)> {
    if msg.get("reason")?.as_str()? != "compiler-artifact" {
        return None;
    }
    let name = msg.pointer("/target/name")?.as_str()?;
    if !super::direct::DEPENDENCIES.contains(&name) {
        return None;
    }
    let rlib = msg
        .get("filenames")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|f| f.ends_with(".rlib"))?;
    Some((name.to_string(), PathBuf::from(rlib)))
}
