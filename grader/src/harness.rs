//! Builds the untrusted harnesses: for each chapter, one small binary made of
//! the student's chapter file, the wire format, the run loop and the
//! chapter's dispatch code. It never links the solutions.
//!
//! The harness crate is generated under `<target>/grader/` (one per graded
//! folder) and built with the workspace's target directory and lock file,
//! so the dependencies compiled for the workspace are reused and a changed
//! chapter file recompiles in a fraction of a second. Each chapter is its
//! own binary, and `--keep-going` builds every chapter that compiles even
//! when another does not.
//!
//! A chapter file must be one file: one that makes the compiler read
//! another (see [`crate::single_file`]) is not built, and after the build
//! cargo's list of the files each binary was made from is checked again.
//! Each binary carries the identity of the graded folder it was built for,
//! and refuses to run for another.
//!
//! Official grading builds the chapters into one program instead (see
//! [`joint`]), and falls back to one program per chapter when that one does
//! not build, so a chapter that does not compile costs only its own
//! exercises and is reported as in the student's runs.

mod cargo;
mod direct;
mod joint;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::single_file::{self, Refusal};
use crate::workspace;

/// The outcome of building one chapter's harness.
#[derive(Debug, Clone)]
pub enum Build {
    Ready(PathBuf),
    /// The chapter does not compile: rustc's first error.
    CompileError(CompileError),
    /// The chapter file is not there.
    Missing(PathBuf),
    /// The chapter file reads another file (or the environment): not run.
    OtherFile(Refusal),
}

/// Every chapter's build, and the identity each harness was built with.
#[derive(Debug, Clone)]
pub struct Builds {
    pub chapters: BTreeMap<String, Build>,
    /// Per chapter: the graded folder, the workspace and the content of the
    /// chapter file the harness was built from.
    pub identities: BTreeMap<String, String>,
    /// The graded folder and the workspace.
    pub folder: String,
}

impl Builds {
    pub fn identity(&self, chapter: &str) -> &str {
        self.identities.get(chapter).map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CompileError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// rustc's full rendering of the first error (no colours).
    pub rendered: String,
    /// True when the error is in the grader's call of the student's function,
    /// which means a signature was changed.
    pub in_signature: bool,
    /// The rule of the workbook behind the error, in Spanish, when there is
    /// one (another chapter used, a dependency added, a signature changed).
    pub rule: Option<String>,
}

/// Builds the harness of every chapter in `chapters` (a selection of
/// `all_chapters`, the catalog's) for the files in `student_dir`. With
/// `single_file`, chapter files that read other files are refused instead
/// of built. With `one_program`, the chapters that can share one program
/// are built into one (see [`joint`]).
pub fn build_all(
    student_dir: &Path,
    all_chapters: &[&str],
    chapters: &[&str],
    single_file: bool,
    one_program: bool,
) -> Result<Builds> {
    let student_dir = student_dir.canonicalize().with_context(|| {
        format!(
            "no existe la carpeta de ejercicios {}",
            student_dir.display()
        )
    })?;
    let root = workspace::root()?;
    let folder = format!("{}|{}", student_dir.display(), root.display());
    let mut builds = BTreeMap::new();
    // The content of each chapter file is part of its harness's identity:
    // a binary left from an earlier version of the file (or from another
    // submission graded in the same folder) refuses to run.
    let mut identities = BTreeMap::new();
    for chapter in all_chapters {
        let content = std::fs::read(student_dir.join(format!("{chapter}.rs"))).unwrap_or_default();
        identities.insert(
            chapter.to_string(),
            format!("{folder}|{chapter}|{:016x}", fnv1a(&content)),
        );
    }
    let mut present: Vec<&str> = Vec::new();
    for chapter in chapters.iter().copied() {
        let file = student_dir.join(format!("{chapter}.rs"));
        let build = if !file.exists() {
            Some(Build::Missing(file))
        } else if single_file {
            refusal(&file).map(Build::OtherFile)
        } else {
            None
        };
        match build {
            Some(build) => {
                builds.insert(chapter.to_string(), build);
            }
            None => present.push(chapter),
        }
    }
    if present.is_empty() {
        return Ok(Builds {
            chapters: builds,
            identities,
            folder,
        });
    }

    let target = workspace::target_dir()?;
    let key = folder_key(&folder);
    let crate_dir = target.join("grader").join(format!("harness-{key}"));
    // Chapters that can share one program, when asked for and worth it.
    let joint: Vec<&str> = if one_program {
        present
            .iter()
            .copied()
            .filter(|c| {
                std::fs::read_to_string(student_dir.join(format!("{c}.rs")))
                    .is_ok_and(|source| joint::needs_own_program(&source).is_none())
            })
            .collect()
    } else {
        Vec::new()
    };
    let joint = if joint.len() > 1 { joint } else { Vec::new() };
    // The crate always declares every chapter, so that graders running at
    // the same time on the same folder write the same files.
    generate(
        &crate_dir,
        &root,
        &student_dir,
        &key,
        &identities,
        all_chapters,
        &joint,
    )?;

    let alone: Vec<&str> = present
        .iter()
        .copied()
        .filter(|c| !joint.contains(c))
        .collect();
    let mut bins: Vec<String> = alone.iter().map(|c| bin_name(&key, c)).collect();
    if !joint.is_empty() {
        bins.push(joint_bin_name(&key));
    }
    let ctx = Places {
        root: root.clone(),
        student_dir: student_dir.clone(),
        crate_dir: crate_dir.clone(),
    };
    // Every file the compiler read for the shared program must be one of
    // its chapter files or the grader's: otherwise each chapter is built
    // (and checked) alone.
    let joint_main = crate_dir.join("src").join(JOINT_MAIN);
    let mut joint_files: Vec<PathBuf> = joint
        .iter()
        .map(|c| student_dir.join(format!("{c}.rs")))
        .collect();
    joint_files.push(joint_main.clone());
    let joint_read_nothing_else =
        |exe: &Path| !single_file || read_at_build(exe, &root, &joint_files).is_none();
    // Straight with rustc, when every chapter shares the program and cargo
    // has built it for this folder before.
    if !joint.is_empty() && alone.is_empty() && direct::known(&crate_dir) {
        let exe = direct::build(&crate_dir, &joint_main);
        if let Some(exe) = &exe
            && joint_read_nothing_else(exe)
        {
            for chapter in &joint {
                builds.insert(chapter.to_string(), Build::Ready(exe.clone()));
            }
            return Ok(Builds {
                chapters: builds,
                identities,
                folder,
            });
        }
        // Each chapter alone, with cargo: each gets its own result.
        let bins: Vec<String> = joint.iter().map(|c| bin_name(&key, c)).collect();
        let run = cargo::build(&crate_dir, &target, &key, &bins)?;
        if exe.is_none() && joint.iter().all(|c| run.artifacts.contains_key(*c)) {
            // cargo built every chapter that rustc alone could not: settings
            // of cargo's the direct build does not know. Not tried again.
            direct::forget(&crate_dir);
        }
        return finish(run, joint, builds, identities, folder, single_file, &ctx);
    }
    let mut run = cargo::build(&crate_dir, &target, &key, &bins)?;
    // The chapters whose own binaries are looked at below.
    let mut one_by_one = alone;
    if !joint.is_empty() {
        let exe = run
            .artifacts
            .remove(JOINT)
            .filter(|exe| joint_read_nothing_else(exe));
        if let Some(exe) = exe {
            direct::learn(&crate_dir, &run.libraries);
            for chapter in &joint {
                builds.insert(chapter.to_string(), Build::Ready(exe.clone()));
            }
        } else {
            // Built one by one, each chapter gets its own result: one that
            // does not compile costs only its own exercises.
            let bins: Vec<String> = joint.iter().map(|c| bin_name(&key, c)).collect();
            let again = cargo::build(&crate_dir, &target, &key, &bins)?;
            run.artifacts.extend(again.artifacts);
            run.errors.extend(again.errors);
            run.success = again.success;
            run.stderr.push_str(&again.stderr);
            one_by_one.extend(joint);
        }
    }
    finish(
        run,
        one_by_one,
        builds,
        identities,
        folder,
        single_file,
        &ctx,
    )
}

/// Where a harness crate's binaries come from, for checking them.
struct Places {
    root: PathBuf,
    student_dir: PathBuf,
    crate_dir: PathBuf,
}

/// The builds of `chapters` from their own binaries in `run` (or their
/// errors), added to `builds`.
fn finish(
    mut run: cargo::CargoRun,
    chapters: Vec<&str>,
    mut builds: BTreeMap<String, Build>,
    identities: BTreeMap<String, String>,
    folder: String,
    single_file: bool,
    ctx: &Places,
) -> Result<Builds> {
    let Places {
        root,
        student_dir,
        crate_dir,
    } = ctx;
    for chapter in chapters {
        let build = if let Some(exe) = run.artifacts.remove(chapter) {
            let allowed = [
                student_dir.join(format!("{chapter}.rs")),
                crate_dir.join("src").join(format!("{chapter}.rs")),
            ];
            let read_other = if single_file {
                read_at_build(&exe, root, &allowed)
            } else {
                None
            };
            match read_other {
                Some(refusal) => Build::OtherFile(refusal),
                None => Build::Ready(exe),
            }
        } else if let Some(error) = run.errors.remove(chapter) {
            Build::CompileError(error)
        } else if run.success {
            bail!("`cargo build` no produjo el programa de prueba del capítulo {chapter}");
        } else {
            bail!(
                "`cargo build` falló antes de compilar tus ejercicios:\n{}",
                run.stderr.trim()
            );
        };
        builds.insert(chapter.to_string(), build);
    }
    Ok(Builds {
        chapters: builds,
        identities,
        folder,
    })
}

/// Why a chapter file may not be built: it is a link to another file, or
/// it makes the compiler read one.
fn refusal(file: &Path) -> Option<Refusal> {
    if let Ok(meta) = std::fs::symlink_metadata(file)
        && meta.file_type().is_symlink()
    {
        let target = std::fs::read_link(file).unwrap_or_else(|_| file.to_path_buf());
        return Some(Refusal::symlink(&target));
    }
    // A file that cannot be read as text is left to the compiler to report.
    let source = std::fs::read_to_string(file).ok()?;
    single_file::check(&source)
}

/// A file the compiler read for a harness binary beyond `allowed` (its
/// chapter files and its `main`), the harness sources and nncore, from the
/// dependency list cargo wrote next to the binary.
fn read_at_build(exe: &Path, root: &Path, allowed: &[PathBuf]) -> Option<Refusal> {
    let dep_info = exe.with_extension("d");
    let text = std::fs::read_to_string(&dep_info).ok()?;
    let harness_src = root.join("grader").join("harness");
    // The grader's own harness sources (wire, runtime, dispatch and what
    // the dispatch includes) and nncore.
    let allowed_dirs = [harness_src, root.join("nncore").join("src")];
    single_file::check_dep_info(&text, allowed, &allowed_dirs).map(|f| Refusal::read_at_build(&f))
}

fn bin_name(key: &str, chapter: &str) -> String {
    format!("harness-{key}-{chapter}")
}

/// The name cargo's messages give the program shared by several chapters
/// after `harness-<key>-` (never a chapter's: it is not a Rust name).
const JOINT: &str = "-joint";
/// Its `main`, in the crate's `src/`.
const JOINT_MAIN: &str = "joint-main.rs";

fn joint_bin_name(key: &str) -> String {
    bin_name(key, JOINT)
}

/// A short stable name for a graded folder and workspace (FNV-1a of their
/// identity); the identity itself is checked by every harness.
fn folder_key(identity: &str) -> String {
    format!("{:08x}", fnv1a(identity.as_bytes()) as u32)
}

pub use crate::hash::fnv1a;

/// Writes the harness crate, touching only files whose content changed so
/// that cargo's fingerprints stay fresh.
fn generate(
    crate_dir: &Path,
    root: &Path,
    student_dir: &Path,
    key: &str,
    identities: &BTreeMap<String, String>,
    chapters: &[&str],
    joint_chapters: &[&str],
) -> Result<()> {
    let harness_src = root.join("grader").join("harness");
    let lit = |p: &Path| format!("{:?}", p.to_string_lossy());

    let mut manifest = format!(
        r#"# Generated by the grader; rewritten on every run.
[package]
name = "harness-{key}"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
ndarray = "0.17"
serde_json = "1"
nncore = {{ path = {nncore} }}

# No debug information: nobody steps through a harness, and linking seven
# binaries without it takes half the time.
[profile.dev]
debug = false

[profile.dev.package."*"]
opt-level = 3
debug = false
"#,
        nncore = lit(&root.join("nncore")),
    );
    for chapter in chapters {
        manifest.push_str(&format!(
            "\n[[bin]]\nname = \"{}\"\npath = \"src/{chapter}.rs\"\ntest = false\nbench = false\n",
            bin_name(key, chapter)
        ));
        let main = format!(
            r#"// Generated by the grader. The student's chapter file is a module of its own.
#[allow(warnings)]
#[path = {student}]
mod student;

#[path = {wire}]
mod wire;

#[path = {runtime}]
mod runtime;

mod dispatch {{
    use super::student;
    include!({dispatch});
}}

/// The graded folder this program was built for.
const IDENTITY: &str = {identity};

fn main() {{
    runtime::run(dispatch::call, IDENTITY);
}}
"#,
            student = lit(&student_dir.join(format!("{chapter}.rs"))),
            wire = lit(&harness_src.join("wire.rs")),
            runtime = lit(&harness_src.join("runtime.rs")),
            dispatch = lit(&harness_src.join("chapters").join(format!("{chapter}.rs"))),
            identity = lit_str(identities.get(*chapter).map_or("", String::as_str)),
        );
        write_if_changed(&crate_dir.join("src").join(format!("{chapter}.rs")), &main)?;
    }
    // The program shared by several chapters (built only when asked for).
    manifest.push_str(&format!(
        "\n[[bin]]\nname = \"{}\"\npath = \"src/{JOINT_MAIN}\"\ntest = false\nbench = false\n",
        joint_bin_name(key)
    ));
    let students: Vec<PathBuf> = joint_chapters
        .iter()
        .map(|c| student_dir.join(format!("{c}.rs")))
        .collect();
    let dispatches: Vec<PathBuf> = joint_chapters
        .iter()
        .map(|c| harness_src.join("chapters").join(format!("{c}.rs")))
        .collect();
    let members: Vec<joint::Member> = joint_chapters
        .iter()
        .zip(students.iter().zip(&dispatches))
        .map(|(chapter, (student, dispatch))| joint::Member {
            chapter,
            student,
            dispatch,
            identity: identities.get(*chapter).map_or("", String::as_str),
        })
        .collect();
    write_if_changed(
        &crate_dir.join("src").join(JOINT_MAIN),
        &joint::main_source(
            &members,
            &harness_src.join("wire.rs"),
            &harness_src.join("runtime.rs"),
        ),
    )?;
    write_if_changed(&crate_dir.join("Cargo.toml"), &manifest)?;
    // Start from the workspace's lock file so the harness uses exactly the
    // dependency versions already built (cargo then adds the harness itself).
    // A copy of the source lock says when the workspace's has changed.
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        let text = std::fs::read_to_string(&lock).context("no se pudo leer Cargo.lock")?;
        let source_copy = crate_dir.join("Cargo.lock.workspace");
        if std::fs::read_to_string(&source_copy).ok().as_deref() != Some(text.as_str()) {
            write_if_changed(&crate_dir.join("Cargo.lock"), &text)?;
            write_if_changed(&source_copy, &text)?;
        }
    }
    Ok(())
}

/// A Rust string literal with `text`.
fn lit_str(text: &str) -> String {
    format!("{text:?}")
}

fn write_if_changed(path: &Path, content: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("no se pudo crear la carpeta {}", parent.display()))?;
    }
    // Written aside and renamed, so that a grader running at the same time
    // (or the cargo it started) never reads half a file.
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temp, content)
        .and_then(|()| std::fs::rename(&temp, path))
        .with_context(|| format!("no se pudo escribir {}", path.display()))
}
