//! `grader package --gradescope`: the autograder zip Gradescope asks for.
//!
//! Gradescope unpacks it into `/autograder/source`, runs `setup.sh` there
//! once when the image is built, then `run_autograder` for each submission
//! (the submission in `/autograder/submission`, the results expected in
//! `/autograder/results/results.json`). The zip holds the workspace (every
//! member crate, without `target/`), the two scripts at its top, and the
//! seed of the hidden cases, fixed when packaging so every student is
//! graded on the same cases.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::crc32::crc32;
use crate::harness::fnv1a;
use crate::workspace;

/// `setup.sh`: Rust, the grader, and every harness dependency built once.
pub const SETUP: &str = r#"#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, when it builds
# the autograder's image. Written by `cargo run -p grader -- package --gradescope`.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
if ! command -v cc >/dev/null || ! command -v curl >/dev/null; then
    apt-get update
    apt-get install -y --no-install-recommends build-essential curl ca-certificates
fi
if [ ! -x "$HOME/.cargo/bin/cargo" ]; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p grader
# Grades the reference once: builds every dependency of the harnesses and
# the harnesses themselves in the folder run_autograder grades in, so a
# submission compiles only its own chapter files, offline.
mkdir -p /tmp/grader-setup
if ! ./target/release/grader autograde --submission solutions/src \
    --results /tmp/grader-setup/results.json; then
    echo "setup.sh: the reference solutions did not get full marks:" >&2
    cat /tmp/grader-setup/results.json >&2
    exit 1
fi
# Student code runs as nobody: it must reach the harnesses (target/debug),
# and never the reference solutions, nor the grader that links them.
chmod -R go-rwx solutions target/release
chmod go+rx . target target/debug
"#;

/// `run_autograder`: one submission. `AUTOGRADER_ROOT` and `GRADER_BIN`
/// move it elsewhere (for the tests).
pub fn run_autograder(seed: u64) -> String {
    format!(
        r#"#!/usr/bin/env bash
# Gradescope runs this, as root, for each submission. Written by
# `cargo run -p grader -- package --gradescope`.
set -uo pipefail
root="${{AUTOGRADER_ROOT:-/autograder}}"
cd "$root/source"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_NET_OFFLINE=true
mkdir -p "$root/results"
# Only root reads the results while the student's code runs.
chmod 700 "$root/results"
"${{GRADER_BIN:-$root/source/target/release/grader}}" autograde \
    --submission "$root/submission" \
    --results "$root/results/results.json" \
    --seed {seed}
status=$?
# 1 only says that some exercise lost points: the results are written.
if [ "$status" -le 1 ]; then exit 0; fi
exit "$status"
"#
    )
}

/// Every file of the package: its path in the zip and its bytes.
pub fn files(seed: u64) -> Result<Vec<(String, Vec<u8>, bool)>> {
    let root = workspace::root()?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .context("no se pudo leer el Cargo.toml del repositorio")?;
    let mut dirs = vec![".cargo".to_string()];
    dirs.extend(members(&manifest));
    let mut files = Vec::new();
    for name in ["Cargo.toml", "Cargo.lock"] {
        let bytes =
            std::fs::read(root.join(name)).with_context(|| format!("no se pudo leer {name}"))?;
        files.push((name.to_string(), bytes, false));
    }
    for dir in dirs {
        add_tree(&root, Path::new(&dir), &mut files)?;
    }
    files.push(("setup.sh".into(), SETUP.as_bytes().to_vec(), true));
    files.push((
        "run_autograder".into(),
        run_autograder(seed).into_bytes(),
        true,
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    Ok(files)
}

/// The member folders listed in the workspace's `members = [...]`.
fn members(manifest: &str) -> Vec<String> {
    let Some(start) = manifest.find("members") else {
        return Vec::new();
    };
    let rest = &manifest[start..];
    let Some(list) = rest.find('[').and_then(|open| {
        let close = rest[open..].find(']')?;
        Some(&rest[open + 1..open + close])
    }) else {
        return Vec::new();
    };
    list.split(',')
        .map(|m| m.trim().trim_matches('"').to_string())
        .filter(|m| !m.is_empty())
        .collect()
}

fn add_tree(root: &Path, rel: &Path, files: &mut Vec<(String, Vec<u8>, bool)>) -> Result<()> {
    let dir = root.join(rel);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("no se pudo leer {}", dir.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "target" || name == ".git" || name.ends_with(".ipynb") {
            continue;
        }
        let path = rel.join(&name);
        let meta = std::fs::symlink_metadata(entry.path())?;
        if meta.is_dir() {
            add_tree(root, &path, files)?;
        } else if meta.is_file() {
            let zip_name = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            #[cfg(unix)]
            let executable =
                std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o111 != 0;
            #[cfg(not(unix))]
            let executable = false;
            files.push((zip_name, std::fs::read(entry.path())?, executable));
        }
    }
    Ok(())
}

/// Writes the package: a zip, or with `unpacked` the folder Gradescope
/// would unpack it into (for a look, and for the tests).
pub fn write(out: &Path, seed: u64, unpacked: bool) -> Result<()> {
    let files = files(seed)?;
    if unpacked {
        if out.exists() {
            bail!("{} ya existe: elegí una carpeta nueva", out.display());
        }
        for (name, bytes, executable) in &files {
            let path: PathBuf = out.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)
                .with_context(|| format!("no se pudo escribir {}", path.display()))?;
            #[cfg(unix)]
            if *executable {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
            }
            #[cfg(not(unix))]
            let _ = executable;
        }
        return Ok(());
    }
    // Whole or not at all: written aside, then renamed.
    let zip = zip_stored(&files);
    let temp = out.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temp, &zip)
        .and_then(|()| std::fs::rename(&temp, out))
        .with_context(|| format!("no se pudo escribir {}", out.display()))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

/// A zip archive of `files`, stored (not compressed): every unzip reads it,
/// and the package is a few MiB.
pub fn zip_stored(files: &[(String, Vec<u8>, bool)]) -> Vec<u8> {
    let mut zip = Vec::new();
    let mut central = Vec::new();
    for (name, bytes, executable) in files {
        let offset = zip.len() as u32;
        let crc = crc32(bytes);
        let size = bytes.len() as u32;
        // Local file header.
        zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        zip.extend_from_slice(&[20, 0, 0, 0, 0, 0]); // version, flags, stored
        zip.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
        zip.extend_from_slice(&crc.to_le_bytes());
        zip.extend_from_slice(&size.to_le_bytes());
        zip.extend_from_slice(&size.to_le_bytes());
        zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        zip.extend_from_slice(name.as_bytes());
        zip.extend_from_slice(bytes);
        // Central directory entry, made on Unix so the mode is kept.
        let mode: u32 = if *executable { 0o100755 } else { 0o100644 };
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 3, 20, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]); // extra, comment, disk, internal
        central.extend_from_slice(&(mode << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = zip.len() as u32;
    let count = files.len() as u16;
    zip.extend_from_slice(&central);
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0]);
    zip.extend_from_slice(&count.to_le_bytes());
    zip.extend_from_slice(&count.to_le_bytes());
    zip.extend_from_slice(&(central.len() as u32).to_le_bytes());
    zip.extend_from_slice(&central_offset.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// A seed for a new package.
pub fn new_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    fnv1a(&nanos.to_le_bytes()) % 1_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_are_read_from_the_manifest() {
        let m = members("[workspace]\nmembers = [\"nncore\", \"book/figures\",\n  \"xtask\"]\n");
        assert_eq!(m, ["nncore", "book/figures", "xtask"]);
    }

    /// Packages this workspace, solutions included (not in the student edition).
    #[cfg(feature = "reference")]
    #[test]
    fn the_package_has_the_scripts_on_top_and_no_build_output() {
        let files = files(42).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _, _)| n.as_str()).collect();
        for needed in [
            "setup.sh",
            "run_autograder",
            "Cargo.lock",
            "solutions/src/perceptron.rs",
            "grader/catalog/course.yaml",
        ] {
            assert!(names.contains(&needed), "{needed} missing");
        }
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("target/") || n.contains("/target/"))
        );
        let run = files.iter().find(|f| f.0 == "run_autograder").unwrap();
        assert!(run.2, "run_autograder must be executable");
        assert!(String::from_utf8_lossy(&run.1).contains("--seed 42"));
        let zip = zip_stored(&files);
        // End of central directory: the entry count.
        let eocd = &zip[zip.len() - 22..];
        assert_eq!(&eocd[..4], &[0x50, 0x4b, 0x05, 0x06]);
        assert_eq!(
            u16::from_le_bytes([eocd[10], eocd[11]]) as usize,
            files.len()
        );
    }
}
