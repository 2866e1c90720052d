//! `--output FILE`: the report goes to a file, whole or not at all.
//!
//! Before grading, an old report at that path is removed, so that a run
//! that dies leaves no report at all (never a stale one). The new report is
//! written only when grading is complete: to a new temporary file in the
//! same folder, flushed to disk, then renamed over the path (atomic on the
//! same filesystem). A harness cannot reach the file: it never learns the
//! path, and the sandbox lets it write only its own results file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Checks that `path` may receive the report and removes an old one.
pub fn prepare(path: &Path, graded_dir: &Path) -> Result<()> {
    if path.is_dir() {
        bail!(
            "`--output {}` es una carpeta: indicá un archivo",
            path.display()
        );
    }
    let folder = parent(path);
    let folder = folder.canonicalize().with_context(|| {
        format!(
            "no existe la carpeta {} donde iría el informe",
            folder.display()
        )
    })?;
    if let Ok(graded) = graded_dir.canonicalize()
        && folder.starts_with(&graded)
    {
        bail!(
            "el informe no puede ir dentro de la carpeta que se corrige ({}): el corrector nunca escribe ahí",
            graded.display()
        );
    }
    match std::fs::symlink_metadata(path) {
        Ok(_) => std::fs::remove_file(path)
            .with_context(|| format!("no se pudo quitar el informe anterior {}", path.display())),
        Err(_) => Ok(()),
    }
}

/// Writes `text` to `path` atomically.
pub fn write(path: &Path, text: &str) -> Result<()> {
    let folder = parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "informe".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = folder.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .with_context(|| format!("no se pudo crear {}", temp.display()))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("no se pudo escribir {}", temp.display()))?;
        drop(file);
        std::fs::rename(&temp, path)
            .with_context(|| format!("no se pudo escribir el informe en {}", path.display()))?;
        sync_folder(&folder);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename itself durable (Unix); elsewhere the rename suffices.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("grader-output-{}", std::process::id()));
        let graded = dir.join("ejercicios");
        std::fs::create_dir_all(&graded).unwrap();
        let report = dir.join("results.json");
        std::fs::write(&report, "informe viejo").unwrap();
        prepare(&report, &graded).unwrap();
        assert!(!report.exists(), "the old report must go before grading");
        write(&report, "{\"score\": 1}").unwrap();
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "{\"score\": 1}");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");

        let inside = prepare(&graded.join("r.json"), &graded).unwrap_err();
        assert!(
            inside
                .to_string()
                .contains("dentro de la carpeta que se corrige")
        );
        assert!(
            prepare(&dir, &graded)
                .unwrap_err()
                .to_string()
                .contains("es una carpeta")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
