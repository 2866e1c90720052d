//! Where things are: the workspace, its target directory, the catalog.

use std::path::{Path, PathBuf};

/// The workspace root (the folder with the top-level Cargo.toml).
pub fn root() -> PathBuf {
    // The grader is always built from this workspace, so its manifest folder
    // is a reliable anchor.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The cargo target directory the grader was built in, so that harness
/// builds reuse the dependencies already compiled there.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            root().join(dir)
        };
    }
    // <target>/<profile>/grader
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(Path::to_path_buf))
        .filter(|dir| dir.join("CACHEDIR.TAG").exists())
        .unwrap_or_else(|| root().join("target"))
}

pub fn catalog_path() -> PathBuf {
    root().join("grader").join("catalog")
}

pub fn default_student_dir() -> PathBuf {
    root().join("exercises").join("src")
}

pub fn solutions_dir() -> PathBuf {
    root().join("solutions").join("src")
}

/// A folder as a person wants to read it: relative to the workspace when it
/// is inside it (`exercises/src`), absolute otherwise.
pub fn display_path(dir: &Path) -> String {
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let root = root().canonicalize().unwrap_or_else(|_| root());
    match absolute.strip_prefix(&root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => absolute.display().to_string(),
    }
}
