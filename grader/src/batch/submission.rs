//! The submissions of a batch: one per entry of the folder (a folder or a
//! `.zip`), the chapter files found in each, and the copy the grader grades.
//!
//! Accepted layouts, tried in this order inside a submission (or inside its
//! only top-level folder, as platforms and `git archive` pack them):
//! `exercises/src/<chapter>.rs` (a whole copy of the repository), the
//! chapter files at the top (a copy of `exercises/src`), `src/<chapter>.rs`
//! (a copy of the `exercises` crate). A `solutions/` folder is never read.
//! Symbolic links are never followed; other files are listed, not used.

use std::path::{Path, PathBuf};

use crate::harness::fnv1a;

/// The largest chapter file graded (a real one is a few KiB).
pub const MAX_CHAPTER_BYTES: u64 = 1024 * 1024;
/// How deep and how many entries a submission folder is walked.
const MAX_DEPTH: usize = 8;
pub const MAX_ENTRIES: usize = 5000;
/// Folders never walked in a copy of the repository.
const SKIPPED_DIRS: [&str; 4] = ["target", ".git", "node_modules", "solutions"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Folder(PathBuf),
    Zip(PathBuf),
}

/// One student's submission, as found in the batch folder.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The student: the folder's name, or the zip's without `.zip`.
    pub id: String,
    pub source: Source,
}

impl Submission {
    /// The entry's name in the batch folder.
    pub fn entry_name(&self) -> String {
        let path = match &self.source {
            Source::Folder(p) | Source::Zip(p) => p,
        };
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// One file of a submission: its path inside it (with `/`), and its bytes
/// when it may be a chapter file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    pub kind: EntryKind,
}

#[derive(Debug, Clone)]
pub enum EntryKind {
    /// A file, with its bytes when it may be a chapter file.
    File(Option<Vec<u8>>),
    /// A chapter file that could not be read, and why.
    Unreadable(String),
    /// Not followed.
    Symlink,
    TooBig(u64),
}

/// What the grader takes from a submission.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// How the files were laid out, in words.
    pub layout: String,
    /// `<chapter>.rs` → its bytes.
    pub chapters: Vec<(String, Vec<u8>)>,
    /// Files not used (names, relative to the submission).
    pub ignored: Vec<String>,
    /// Why some chapter files were not taken.
    pub problems: Vec<String>,
}

impl Collected {
    /// A fingerprint of what is graded: the chapter files, names and bytes.
    pub fn fingerprint(&self) -> String {
        let mut bytes = Vec::new();
        for (name, content) in &self.chapters {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(&(content.len() as u64).to_le_bytes());
            bytes.extend_from_slice(content);
        }
        format!("{:016x}", fnv1a(&bytes))
    }
}

/// The submissions in `dir`, sorted by name, and the entries that are not
/// submissions (files other than `.zip`).
pub fn discover(dir: &Path) -> std::io::Result<(Vec<Submission>, Vec<String>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            found.push(Submission {
                id: name,
                source: Source::Folder(path),
            });
        } else if meta.is_file() && name.to_lowercase().ends_with(".zip") {
            found.push(Submission {
                id: name[..name.len() - 4].to_string(),
                source: Source::Zip(path),
            });
        } else {
            skipped.push(name);
        }
    }
    // A folder and a zip with the same name stay two students.
    let mut seen = std::collections::BTreeSet::new();
    for sub in &mut found {
        if !seen.insert(sub.id.clone()) {
            sub.id.push_str(" (zip)");
        }
    }
    Ok((found, skipped))
}

/// Every file of a submission folder (never following links), with the
/// bytes of those named like a chapter file.
pub fn walk(root: &Path, chapters: &[&str]) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, prefix, depth)) = stack.pop() {
        let mut children: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("no se pudo leer la carpeta {}: {e}", dir.display()))?
            .flatten()
            .collect();
        children.sort_by_key(|e| e.file_name());
        for child in children {
            if entries.len() >= MAX_ENTRIES {
                return Err(format!(
                    "la entrega tiene más de {MAX_ENTRIES} archivos: no parece una copia de los ejercicios"
                ));
            }
            let name = child.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            let Ok(meta) = std::fs::symlink_metadata(child.path()) else {
                continue;
            };
            if meta.file_type().is_symlink() {
                entries.push(Entry {
                    path,
                    kind: EntryKind::Symlink,
                });
            } else if meta.is_dir() {
                if depth < MAX_DEPTH && !SKIPPED_DIRS.contains(&name.as_str()) {
                    stack.push((child.path(), format!("{path}/"), depth + 1));
                }
            } else if meta.is_file() {
                let kind = if !is_chapter_name(&name, chapters) {
                    EntryKind::File(None)
                } else if meta.len() > MAX_CHAPTER_BYTES {
                    EntryKind::TooBig(meta.len())
                } else {
                    match std::fs::read(child.path()) {
                        Ok(bytes) => EntryKind::File(Some(bytes)),
                        Err(e) => EntryKind::Unreadable(e.to_string()),
                    }
                };
                entries.push(Entry { path, kind });
            }
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

fn is_chapter_name(name: &str, chapters: &[&str]) -> bool {
    name.strip_suffix(".rs")
        .is_some_and(|stem| chapters.contains(&stem))
}

/// Finds the chapter files among `entries` (see the module's layouts).
pub fn collect(entries: &[Entry], chapters: &[&str], zip: bool) -> Collected {
    let dir_of = |path: &str| path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let under_solutions = |path: &str| path.split('/').any(|p| p == "solutions");
    // The single top-level folder, when everything is inside one.
    let tops: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|e| e.path.split('/').next().unwrap_or(""))
        .collect();
    let single = match (tops.len(), entries.first()) {
        (1, Some(e)) if e.path.contains('/') => format!("{}/", tops.iter().next().unwrap_or(&"")),
        _ => String::new(),
    };
    let candidates = [
        (format!("{single}exercises/src"), "copia del repositorio"),
        (
            single.trim_end_matches('/').to_string(),
            "copia de exercises/src",
        ),
        (format!("{single}src"), "copia del crate exercises"),
    ];
    let has_chapter = |dir: &str| {
        entries.iter().any(|e| {
            dir_of(&e.path) == dir
                && !under_solutions(&e.path)
                && is_chapter_name(e.path.rsplit('/').next().unwrap_or(""), chapters)
        })
    };
    let prefix = if zip { "zip, " } else { "" };
    let Some((dir, layout)) = candidates.iter().find(|(dir, _)| has_chapter(dir)) else {
        return Collected {
            layout: format!("{prefix}sin archivos de capítulos"),
            ignored: entries.iter().map(|e| e.path.clone()).collect(),
            ..Collected::default()
        };
    };
    let mut collected = Collected {
        layout: format!("{prefix}{layout}"),
        ..Collected::default()
    };
    let repository = dir.ends_with("exercises/src");
    for entry in entries {
        let name = entry.path.rsplit('/').next().unwrap_or("");
        let in_dir = dir_of(&entry.path) == *dir;
        if in_dir && is_chapter_name(name, chapters) {
            match &entry.kind {
                EntryKind::File(Some(bytes)) => {
                    collected.chapters.push((name.to_string(), bytes.clone()));
                }
                EntryKind::File(None) => collected
                    .problems
                    .push(format!("{}: no se pudo leer", entry.path)),
                EntryKind::Unreadable(why) => collected
                    .problems
                    .push(format!("{}: no se pudo leer ({why})", entry.path)),
                EntryKind::Symlink => collected.problems.push(format!(
                    "{}: es un enlace simbólico (no se sigue)",
                    entry.path
                )),
                EntryKind::TooBig(n) => collected.problems.push(format!(
                    "{}: {n} bytes, más de {MAX_CHAPTER_BYTES} (no se corrige)",
                    entry.path
                )),
            }
        } else if (in_dir && name != "lib.rs") || (!repository && !in_dir) {
            collected.ignored.push(entry.path.clone());
        }
    }
    collected
}

/// Puts the chapter files of one submission, and nothing else, in `slot`
/// (the folder graded for it).
pub fn stage(collected: &Collected, slot: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(slot)?;
    for entry in std::fs::read_dir(slot)?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = collected.chapters.iter().any(|(n, _)| *n == name);
        if path.extension().is_some_and(|x| x == "rs") && !wanted {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, bytes) in &collected.chapters {
        let path = slot.join(name);
        // A file left as it is keeps its harness: an unchanged chapter (a
        // stub nobody touched, a copy of the last submission's) is not
        // compiled again.
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        std::fs::write(&path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAPTERS: [&str; 2] = ["perceptron", "xor"];

    fn file(path: &str) -> Entry {
        Entry {
            path: path.into(),
            kind: EntryKind::File(Some(path.as_bytes().to_vec())),
        }
    }

    fn names(c: &Collected) -> Vec<&str> {
        c.chapters.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn each_layout_is_found_and_the_rest_is_listed() {
        let flat = collect(
            &[file("notas.txt"), file("perceptron.rs"), file("xor.rs")],
            &CHAPTERS,
            false,
        );
        assert_eq!(flat.layout, "copia de exercises/src");
        assert_eq!(names(&flat), ["perceptron.rs", "xor.rs"]);
        assert_eq!(flat.ignored, ["notas.txt"]);

        let repo = collect(
            &[
                file("repo-main/README.md"),
                file("repo-main/exercises/src/lib.rs"),
                file("repo-main/exercises/src/perceptron.rs"),
                file("repo-main/exercises/src/extra.rs"),
                file("repo-main/solutions/src/xor.rs"),
            ],
            &CHAPTERS,
            true,
        );
        assert_eq!(repo.layout, "zip, copia del repositorio");
        assert_eq!(names(&repo), ["perceptron.rs"]);
        assert_eq!(repo.ignored, ["repo-main/exercises/src/extra.rs"]);

        let krate = collect(
            &[file("Cargo.toml"), file("src/xor.rs"), file("src/lib.rs")],
            &CHAPTERS,
            false,
        );
        assert_eq!(krate.layout, "copia del crate exercises");
        assert_eq!(names(&krate), ["xor.rs"]);
        assert_eq!(krate.ignored, ["Cargo.toml"]);

        let only_solutions = collect(&[file("solutions/src/xor.rs")], &CHAPTERS, false);
        assert!(only_solutions.chapters.is_empty());
        assert_eq!(only_solutions.layout, "sin archivos de capítulos");
    }

    #[test]
    fn links_and_huge_files_are_not_taken() {
        let c = collect(
            &[
                Entry {
                    path: "perceptron.rs".into(),
                    kind: EntryKind::Symlink,
                },
                Entry {
                    path: "xor.rs".into(),
                    kind: EntryKind::TooBig(5 << 20),
                },
            ],
            &CHAPTERS,
            false,
        );
        assert!(c.chapters.is_empty());
        assert!(
            c.problems[0].contains("enlace simbólico"),
            "{:?}",
            c.problems
        );
        assert!(c.problems[1].contains("no se corrige"), "{:?}", c.problems);
    }

    #[test]
    fn the_fingerprint_follows_names_and_bytes() {
        let a = collect(&[file("xor.rs")], &CHAPTERS, false);
        let mut b = a.clone();
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.chapters[0].1.push(b' ');
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
