//! The scratch folder of one grading run: where each harness finds its
//! cases and writes its results. Made fresh for the run, removed after it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::harness::Builds;
use crate::sandbox::Policy;
use crate::workspace;

/// The run's scratch folder, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Scratch {
    /// Makes the folder. Harnesses running as another user (the driver is
    /// root) may not reach the project at all (a clone below a private
    /// folder): their scratch folder is in /tmp, with a copy of each harness
    /// program, and `builds` then points at the copies.
    pub fn make(policy: &Policy, builds: &mut Builds) -> Result<Scratch> {
        let unprivileged = crate::sandbox::harness_owner(policy).is_some();
        let parent = if unprivileged {
            PathBuf::from("/tmp")
        } else {
            workspace::target_dir()?.join("grader")
        };
        let dir = parent.join(format!("grader-run-{}-{}", std::process::id(), next_run()));
        if unprivileged {
            remove_stale(&parent);
        }
        // A fresh folder: nothing left by an earlier run with the same
        // number, and made here (never one planted in /tmp by someone else).
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&parent)
            .and_then(|()| std::fs::create_dir(&dir))
            .with_context(|| format!("no se pudo crear la carpeta temporal {}", dir.display()))?;
        let scratch = Scratch { dir };
        #[cfg(unix)]
        if unprivileged {
            use std::os::unix::fs::PermissionsExt;
            // Gone through to their own files, never listed.
            std::fs::set_permissions(&scratch.dir, std::fs::Permissions::from_mode(0o711))
                .with_context(|| format!("no se pudo preparar {}", scratch.dir.display()))?;
            // One copy of each program (chapters may share one).
            let mut copies: std::collections::BTreeMap<PathBuf, PathBuf> = Default::default();
            for (chapter, build) in builds.chapters.iter_mut() {
                if let crate::harness::Build::Ready(exe) = build {
                    if let Some(copy) = copies.get(&*exe) {
                        *exe = copy.clone();
                        continue;
                    }
                    let copy = scratch.dir.join(format!("harness-{chapter}"));
                    std::fs::copy(&*exe, &copy)
                        .and_then(|_| {
                            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
                        })
                        .with_context(|| format!("no se pudo copiar {}", exe.display()))?;
                    copies.insert(exe.clone(), copy.clone());
                    *exe = copy;
                }
            }
        }
        #[cfg(not(unix))]
        let _ = builds;
        Ok(scratch)
    }
}

/// Removes the scratch folders that graders killed midway left in `parent`
/// (their process is gone), if they are this user's.
fn remove_stale(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("grader-run-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        #[cfg(unix)]
        let ours = {
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            // SAFETY: geteuid has no preconditions.
            let me = unsafe { libc::geteuid() };
            meta.is_dir() && std::os::unix::fs::MetadataExt::uid(&meta) == me
        };
        #[cfg(not(unix))]
        let ours = false;
        if ours && !alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` still exists.
#[cfg(unix)]
pub fn alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
pub fn alive(_pid: u32) -> bool {
    // Not known: whatever belongs to it is left alone.
    true
}

/// A number for each grading of this process (a batch grades several at
/// once), so that their scratch folders differ.
fn next_run() -> usize {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
