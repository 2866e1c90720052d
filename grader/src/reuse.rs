//! Reuse of results: an exercise whose harness binary (by content), cases
//! (the seed, the catalog and the grader that makes them) and limits are the
//! same as in an earlier run gets that run's outcome back instead of running
//! and judging again. So after saving one chapter file, grading everything
//! costs about what grading that chapter costs. Any change (the chapter
//! file, so the binary; the seed; the catalog; the grader; the limits) is a
//! different key.
//!
//! Only outcomes of complete runs are kept (the process ended on its own
//! after answering every case, or stopped at a `todo!()`), one file per
//! exercise under `<target>/grader/`, apart for each graded folder. Off
//! with `--strict` or `--output` (grading for someone else runs
//! everything), or with `GRADER_NO_REUSE=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::{Build, Builds};
use crate::outcome::ExerciseOutcome;
use crate::runner::Limits;
use crate::sandbox::Policy;
use crate::workspace;

pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store of the graded folder with `identity`, when reuse is on.
    pub fn open(enabled: bool, identity: &str) -> Option<Store> {
        if !enabled || std::env::var_os("GRADER_NO_REUSE").is_some_and(|v| v != "0") {
            return None;
        }
        let target = crate::workspace::target_dir().ok()?;
        let [a, _] = hash_bytes(identity.as_bytes());
        let dir = target.join("grader").join(format!("results-{a:016x}"));
        std::fs::create_dir_all(&dir).ok()?;
        Some(Store { dir })
    }

    fn file(&self, qualified: &str) -> PathBuf {
        self.dir
            .join(format!("{}.json", qualified.replace("::", ".")))
    }

    /// The outcome stored under `key`, if there is one.
    pub fn load(&self, qualified: &str, key: &str) -> Option<ExerciseOutcome> {
        let text = std::fs::read_to_string(self.file(qualified)).ok()?;
        let (stored_key, outcome): (String, ExerciseOutcome) = serde_json::from_str(&text).ok()?;
        (stored_key == key).then_some(outcome)
    }

    /// Keeps `outcome` under `key` (`complete`: the run was complete);
    /// otherwise forgets what was kept.
    pub fn save(&self, qualified: &str, key: &str, outcome: &ExerciseOutcome, complete: bool) {
        let path = self.file(qualified);
        if !complete {
            let _ = std::fs::remove_file(&path);
            return;
        }
        let Ok(text) = serde_json::to_string(&(key, outcome)) else {
            return;
        };
        // Written aside and renamed: a reader never sees half a file.
        let partial = path.with_extension(format!("{}.tmp", std::process::id()));
        if std::fs::write(&partial, text).is_ok() {
            let _ = std::fs::rename(&partial, &path);
        }
        let _ = std::fs::remove_file(&partial);
    }
}

/// What makes the cases and the conditions they run in, besides the
/// exercise and the seed: the catalog's text, the grader program itself (its
/// size and modification time) and `extra` (the sandbox's policy).
pub fn context_digest(catalog_dir: &Path, extra: &str) -> String {
    let mut bytes: Vec<u8> = extra.as_bytes().to_vec();
    if let Ok(entries) = std::fs::read_dir(catalog_dir) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            bytes.extend_from_slice(path.to_string_lossy().as_bytes());
            bytes.extend(std::fs::read(&path).unwrap_or_default());
        }
    }
    if let Ok(exe) = std::env::current_exe()
        && let Ok(meta) = std::fs::metadata(&exe)
    {
        bytes.extend_from_slice(exe.to_string_lossy().as_bytes());
        bytes.extend_from_slice(&meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified()
            && let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH)
        {
            bytes.extend_from_slice(&since.as_nanos().to_le_bytes());
        }
    }
    let [a, b] = hash_bytes(&bytes);
    format!("{a:016x}{b:016x}")
}

/// The key of one exercise's outcome.
pub fn key(exe_digest: &str, context: &str, qualified: &str, seed: u64, limits: &Limits) -> String {
    let text = format!(
        "{exe_digest}\n{context}\n{qualified}\n{seed}\n{} {}",
        limits.time_ms, limits.memory_mb
    );
    let [a, b] = hash_bytes(text.as_bytes());
    format!("{a:016x}{b:016x}")
}

/// A digest of a file's content, remembered by its size and modification
/// time in the store (rehashed whenever either changes: cargo writes a new
/// binary on every rebuild), so an unchanged binary costs one `stat`.
pub fn digest_file(store: &Store, path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = format!(
        "{} {}",
        meta.len(),
        meta.modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos()
    );
    let [name, _] = hash_bytes(path.to_string_lossy().as_bytes());
    let memo = store.dir.join(format!("digest-{name:016x}.txt"));
    if let Ok(text) = std::fs::read_to_string(&memo)
        && let Some((kept_stamp, digest)) = text.split_once('\n')
        && kept_stamp == stamp
    {
        return Some(digest.to_string());
    }
    let [a, b] = hash_bytes(&std::fs::read(path).ok()?);
    let digest = format!("{a:016x}{b:016x}");
    let _ = std::fs::write(&memo, format!("{stamp}\n{digest}"));
    Some(digest)
}

/// Two lanes of a multiply–xorshift hash over 8-byte words: 128 bits, and
/// fast on megabytes of binary even in a debug build (a plain loop over
/// words). Not meant against an adversary: it tells apart versions of one's
/// own files.
fn hash_bytes(bytes: &[u8]) -> [u64; 2] {
    let mut lanes: [u64; 2] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344];
    let mut mix = |w: u64| {
        lanes[0] = (lanes[0] ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        lanes[0] ^= lanes[0] >> 29;
        lanes[1] = (lanes[1] ^ w)
            .wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
            .rotate_left(23);
    };
    // SAFETY: every bit pattern is a valid u64, and `align_to` only splits
    // the slice where alignment allows.
    let (head, words, tail) = unsafe { bytes.align_to::<u64>() };
    for &b in head {
        mix(u64::from(b) | 1 << 63);
    }
    for &w in words {
        mix(w);
    }
    for &b in tail {
        mix(u64::from(b) | 1 << 62);
    }
    mix(bytes.len() as u64);
    let [a, b] = lanes;
    [a ^ (b >> 17), b ^ (a << 13)]
}

/// What reusing outcomes needs for one run: the store, the digest of what
/// makes the cases, and each built chapter's harness digest.
pub struct Reuse {
    pub store: Store,
    context: String,
    digests: BTreeMap<String, String>,
}

impl Reuse {
    /// `None` when reuse is off or its store cannot be opened.
    pub fn prepare(
        enabled: bool,
        builds: &Builds,
        policy: &Policy,
        chapters: &[&str],
    ) -> Option<Reuse> {
        let store = Store::open(enabled, &builds.folder)?;
        let context = context_digest(&workspace::catalog_path().ok()?, &format!("{policy:?}"));
        let digests = chapters
            .iter()
            .filter_map(|c| match builds.chapters.get(*c) {
                Some(Build::Ready(exe)) => Some((c.to_string(), digest_file(&store, exe)?)),
                _ => None,
            })
            .collect();
        Some(Reuse {
            store,
            context,
            digests,
        })
    }

    /// The key of an exercise's outcome in this run, if its chapter built.
    pub fn key(
        &self,
        chapter: &str,
        qualified: &str,
        seed: u64,
        limits: &Limits,
    ) -> Option<String> {
        let digest = self.digests.get(chapter)?;
        Some(key(digest, &self.context, qualified, seed, limits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_sees_every_byte_and_is_remembered_only_while_the_file_is_unchanged() {
        let a = hash_bytes(b"hola, mundo: 0123456789");
        assert_eq!(a, hash_bytes(b"hola, mundo: 0123456789"));
        assert_ne!(a, hash_bytes(b"hola, mundo: 0123456788"));
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
        let dir = std::env::temp_dir().join(format!("grader-digest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store { dir: dir.clone() };
        let file = dir.join("programa");
        std::fs::write(&file, vec![7u8; 3 << 20]).unwrap();
        let first = digest_file(&store, &file).unwrap();
        assert_eq!(
            digest_file(&store, &file),
            Some(first.clone()),
            "remembered"
        );
        let mut changed = vec![7u8; 3 << 20];
        changed[2 << 20] = 8;
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, changed).unwrap();
        assert_ne!(
            digest_file(&store, &file),
            Some(first),
            "a new version is hashed again"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn keys_change_with_the_binary_the_seed_the_context_and_the_limits() {
        let limits = Limits {
            time_ms: 4000,
            memory_mb: 1024,
        };
        let k = key("aaaa", "c", "perceptron::sign", 1, &limits);
        assert_eq!(k, key("aaaa", "c", "perceptron::sign", 1, &limits));
        assert_ne!(k, key("aaab", "c", "perceptron::sign", 1, &limits));
        assert_ne!(k, key("aaaa", "d", "perceptron::sign", 1, &limits));
        assert_ne!(k, key("aaaa", "c", "perceptron::train", 1, &limits));
        assert_ne!(k, key("aaaa", "c", "perceptron::sign", 2, &limits));
        let tighter = Limits {
            time_ms: 100,
            memory_mb: 1024,
        };
        assert_ne!(k, key("aaaa", "c", "perceptron::sign", 1, &tighter));
    }

    #[test]
    fn outcomes_round_trip_and_an_incomplete_run_forgets_them() {
        let dir = std::env::temp_dir().join(format!("grader-reuse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store { dir: dir.clone() };
        let mut outcome = ExerciseOutcome::blank("perceptron", "sign", 1);
        outcome.summary = "algo".into();
        store.save("perceptron::sign", "k1", &outcome, true);
        let back = store.load("perceptron::sign", "k1").expect("kept");
        assert_eq!(back.summary, "algo");
        assert!(
            store.load("perceptron::sign", "k2").is_none(),
            "another key"
        );
        store.save("perceptron::sign", "k1", &outcome, false);
        assert!(store.load("perceptron::sign", "k1").is_none(), "forgotten");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
