//! The folders a batch's workers grade in: `<target>/grader/batch/slot-<k>/`,
//! shared by every batch run on this target directory (each has one harness
//! crate, so they pile nothing up), and taken by one batch at a time with a
//! lock file holding its process id. A lock whose process is gone (a batch
//! killed midway) is taken over.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::grade::scratch::alive;

/// A slot held by this process; its lock goes when dropped.
pub struct Slot {
    pub dir: PathBuf,
    lock: PathBuf,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Takes `count` free slots under `root`.
pub fn take(root: &Path, count: usize) -> Result<Vec<Slot>> {
    std::fs::create_dir_all(root)
        .with_context(|| format!("no se pudo crear {}", root.display()))?;
    let mut slots = Vec::new();
    let mut k = 0;
    while slots.len() < count {
        let dir = root.join(format!("slot-{k}"));
        let lock = root.join(format!("slot-{k}.lock"));
        k += 1;
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock);
        match created {
            Ok(mut file) => {
                let _ = write!(file, "{}", std::process::id());
                slots.push(Slot { dir, lock });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(&lock).unwrap_or_default();
                if holder.trim().parse::<u32>().is_ok_and(|pid| !alive(pid)) {
                    // Taken over: removed, then tried again under the same name.
                    let _ = std::fs::remove_file(&lock);
                    k -= 1;
                }
            }
            Err(e) => {
                return Err(e).with_context(|| format!("no se pudo crear {}", lock.display()));
            }
        }
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_not_shared_and_a_dead_holder_loses_its_own() {
        let root = std::env::temp_dir().join(format!("grader-slots-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let first = take(&root, 2).unwrap();
        let second = take(&root, 1).unwrap();
        assert_eq!(second[0].dir, root.join("slot-2"));
        drop(first);
        assert_eq!(take(&root, 1).unwrap()[0].dir, root.join("slot-0"));
        // A lock left by a process that is gone.
        drop(second);
        std::fs::write(root.join("slot-0.lock"), "999999999").unwrap();
        #[cfg(unix)]
        assert_eq!(take(&root, 1).unwrap()[0].dir, root.join("slot-0"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
