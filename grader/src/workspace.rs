//! Where things are: the workspace, its target directory, the catalog.
//!
//! The workspace is found when the grader runs, never fixed when it was
//! compiled: with a shared `CARGO_TARGET_DIR`, a grader built for one copy
//! of the repository may be run by `cargo run` in another copy, and it must
//! grade the files of the copy it was started in.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Result, anyhow};

/// What marks the workspace root.
const MARKER: [&str; 3] = ["grader", "catalog", "course.yaml"];

/// The workspace root (the folder with the top-level Cargo.toml): upward
/// from the manifest folder cargo gives to the program it runs
/// (`CARGO_MANIFEST_DIR`, set by `cargo run` and `cargo test`), or else
/// upward from the current directory.
pub fn root() -> Result<PathBuf> {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let starts = [
            std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            std::env::current_dir().ok(),
        ];
        starts
            .into_iter()
            .flatten()
            .find_map(|start| find_root(&start))
            .ok_or_else(|| {
                "no encontré el cuaderno de trabajo (la carpeta con grader/catalog/course.yaml): \
                 corré el corrector desde la carpeta del repositorio, con `cargo run -p grader`"
                    .to_string()
            })
    })
    .clone()
    .map_err(|e| anyhow!(e))
}

/// The nearest folder from `start` upward that is the workspace root.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|dir| {
            dir.join("Cargo.toml").is_file()
                && MARKER
                    .iter()
                    .fold(dir.to_path_buf(), |p, part| p.join(part))
                    .is_file()
        })
        .map(Path::to_path_buf)
}

/// The cargo target directory the grader was built in, so that harness
/// builds reuse the dependencies already compiled there.
pub fn target_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return Ok(if dir.is_absolute() {
            dir
        } else {
            root()?.join(dir)
        });
    }
    // <target>/<profile>/grader
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
        .filter(|dir| dir.join("CACHEDIR.TAG").exists())
    {
        return Ok(dir);
    }
    Ok(root()?.join("target"))
}

pub fn catalog_path() -> Result<PathBuf> {
    Ok(root()?.join("grader").join("catalog"))
}

pub fn default_student_dir() -> Result<PathBuf> {
    Ok(root()?.join("exercises").join("src"))
}

pub fn solutions_dir() -> Result<PathBuf> {
    Ok(root()?.join("solutions").join("src"))
}

/// A folder as a person wants to read it: relative to the workspace when it
/// is inside it (`exercises/src`), absolute otherwise.
pub fn display_path(dir: &Path) -> String {
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let Ok(root) = root() else {
        return absolute.display().to_string();
    };
    let root = root.canonicalize().unwrap_or(root);
    match absolute.strip_prefix(&root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => absolute.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_found_from_any_folder_inside_it() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = find_root(&here.join("src")).unwrap();
        assert!(root.join("grader/catalog/course.yaml").is_file());
        assert_eq!(find_root(&root.join("exercises/src")), Some(root.clone()));
        assert_eq!(find_root(Path::new("/")), None);
    }
}
