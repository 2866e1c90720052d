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
mod diagnostic;
mod direct;
mod generate;
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
    generate::generate(
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
    let joint_read_nothing_else = |exe: &Path| !single_file || ctx.read_only_chapters(exe, &joint);
    // Straight with rustc, when every chapter shares the program and cargo
    // has built it for this folder before.
    if !joint.is_empty() && alone.is_empty() && direct::known(&crate_dir) {
        if let Some(direct) = direct_joint(&ctx, &identities, &joint, single_file, Vec::new())? {
            builds.extend(direct);
            return Ok(Builds {
                chapters: builds,
                identities,
                folder,
            });
        }
        // Each chapter alone, with cargo: each gets its own result.
        let bins: Vec<String> = joint.iter().map(|c| bin_name(&key, c)).collect();
        let run = cargo::build(&crate_dir, &target, &key, &bins)?;
        if joint.iter().all(|c| run.artifacts.contains_key(*c)) {
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
            // It did not compile: the chapter with the error is left out and
            // the others built again with rustc, when cargo said where the
            // libraries are.
            let first_error = run.errors.remove(JOINT);
            let direct = match first_error {
                Some(error) => {
                    direct::learn(&crate_dir, &run.libraries);
                    direct_joint(&ctx, &identities, &joint, single_file, vec![error])?
                }
                None => None,
            };
            match direct {
                Some(direct) => builds.extend(direct),
                None => {
                    // Built one by one, each chapter gets its own result: one
                    // that does not compile costs only its own exercises.
                    let bins: Vec<String> = joint.iter().map(|c| bin_name(&key, c)).collect();
                    let again = cargo::build(&crate_dir, &target, &key, &bins)?;
                    run.artifacts.extend(again.artifacts);
                    run.errors.extend(again.errors);
                    run.success = again.success;
                    run.stderr.push_str(&again.stderr);
                    one_by_one.extend(joint);
                }
            }
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

impl Places {
    /// Whether the shared program `exe` of `chapters` was made only from
    /// their files, its `main` and the grader's.
    fn read_only_chapters(&self, exe: &Path, chapters: &[&str]) -> bool {
        let mut files: Vec<PathBuf> = chapters
            .iter()
            .map(|c| self.student_dir.join(format!("{c}.rs")))
            .collect();
        files.push(self.crate_dir.join("src").join(JOINT_MAIN));
        read_at_build(exe, &self.root, &files).is_none()
    }

    /// Whether rustc's error in `file` belongs to `chapter`: its file, or
    /// the grader's call of its functions (its dispatch, or what that
    /// includes).
    fn in_chapter(&self, file: &str, chapter: &str) -> bool {
        let file = Path::new(file);
        let name = format!("{chapter}.rs");
        file == self.student_dir.join(&name)
            || (file.starts_with(self.root.join("grader").join("harness").join("chapters"))
                && file.file_name() == Some(std::ffi::OsStr::new(&name)))
    }
}

impl Places {
    /// Gives each chapter of `members` that `errors` are in its first error
    /// as its build, and takes it out of `members`; false (and nothing
    /// changed) when an error is in none of their files, or none is in a
    /// file at all (a linker's). Errors in no file beside others (rustc's
    /// closing "aborting due to…") say nothing more.
    fn leave_out(
        &self,
        errors: Vec<CompileError>,
        members: &mut Vec<&str>,
        builds: &mut BTreeMap<String, Build>,
    ) -> bool {
        let mut failed: BTreeMap<String, Build> = BTreeMap::new();
        for error in errors.into_iter().filter(|e| !e.file.is_empty()) {
            let Some(chapter) = members.iter().find(|c| self.in_chapter(&error.file, c)) else {
                return false;
            };
            failed
                .entry(chapter.to_string())
                .or_insert(Build::CompileError(error));
        }
        if failed.is_empty() {
            return false;
        }
        members.retain(|c| !failed.contains_key(*c));
        builds.extend(failed);
        true
    }
}

/// Builds the program shared by `members` with rustc alone (see
/// [`direct`]). A chapter rustc reports an error in gets that error as its
/// build and the program is built again without it, so a chapter that does
/// not compile costs one more compiler run instead of one per chapter.
/// `None` when cargo must build them one by one: an error rustc places in
/// no member's files, a program made from another file, no direct build.
/// `known`: errors of the program already reported (by cargo).
fn direct_joint(
    ctx: &Places,
    identities: &BTreeMap<String, String>,
    members: &[&str],
    single_file: bool,
    known: Vec<CompileError>,
) -> Result<Option<BTreeMap<String, Build>>> {
    let mut members = members.to_vec();
    let mut builds = BTreeMap::new();
    if !known.is_empty() && !ctx.leave_out(known, &mut members, &mut builds) {
        return Ok(None);
    }
    while !members.is_empty() {
        let main = generate::write_joint_main(
            &ctx.crate_dir,
            &ctx.root,
            &ctx.student_dir,
            identities,
            &members,
        )?;
        match direct::build(&ctx.crate_dir, &main) {
            direct::Direct::Built(exe) => {
                if single_file && !ctx.read_only_chapters(&exe, &members) {
                    return Ok(None);
                }
                for chapter in members {
                    builds.insert(chapter.to_string(), Build::Ready(exe.clone()));
                }
                return Ok(Some(builds));
            }
            direct::Direct::Failed(errors) => {
                if !ctx.leave_out(errors, &mut members, &mut builds) {
                    return Ok(None);
                }
            }
            direct::Direct::Unavailable => return Ok(None),
        }
    }
    Ok(Some(builds))
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
