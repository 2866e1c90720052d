//! `grader package --student <OUT>`: the repository a class receives.
//! A copy of the workbook without the reference solutions and what needs
//! them (the notebooks, which show the reference next to the student's
//! answer; the figures' generator; `xtask`; the grader's own tests and
//! benchmarks; CI), whose grader is built without the `reference` feature
//! and reads its hidden cases from `grader/bank.json`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::hidden_bank;
use crate::catalog::Catalog;
use crate::check::source;
use crate::spec::Spec;

/// What the student edition leaves out, relative to the workspace root
/// (and every `target` folder).
const LEFT_OUT: [&str; 14] = [
    ".git",
    ".ci",
    ".cargo",
    "target",
    "solutions",
    "digits",
    "fast-mlp",
    "notebooks",
    "xtask",
    "book/figures",
    "book/book",
    "grader/tests",
    "grader/benches",
    "grader/bank.json",
];

/// Workspace members the edition drops (they need the solutions).
const DROPPED_MEMBERS: [&str; 7] = [
    "solutions",
    "digits",
    "fast-mlp",
    "book/figures",
    "xtask",
    "notebooks/support",
    "notebooks/generator",
];

/// What the edition's README says first.
const README_NOTE: &str = "> **Edición para estudiantes.** Esta copia no trae las soluciones de \
referencia (`solutions/`), ni los cuadernos de Jupyter, ni las herramientas de mantenimiento, \
ni el entrenador de referencia del proyecto final (`digits/`, `fast-mlp/`: el ejemplo \
`train_digits` y su benchmark no están). \
El corrector funciona igual: casos públicos con los números de las diapositivas y casos ocultos \
tomados de `grader/bank.json`, generados con las soluciones cuando se armó esta edición (por eso \
`--seed` acepta sólo las semillas de ese banco). Ese archivo se puede leer: la nota oficial la \
pone el docente con su propia corrección, que usa las soluciones mismas.\n\n";

/// Writes the student edition of the workspace `root` into `out`, which
/// must not exist yet. Returns how many files it wrote.
pub fn write(root: &Path, out: &Path, catalog: &Catalog, specs: &[Spec]) -> Result<usize> {
    if out.exists() {
        bail!(
            "{} ya existe: elegí una carpeta nueva para la edición para estudiantes (no se sobrescribe nada)",
            out.display()
        );
    }
    check_stubs(root, catalog)?;
    let bank = hidden_bank::build(catalog, specs)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("no se pudo crear {}", parent.display()))?;
    let name = out
        .file_name()
        .context("la carpeta de salida necesita un nombre")?;
    let staging = parent.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    let written = (|| -> Result<usize> {
        let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let mut count = copy_tree(root, root, &staging, &out_abs)?;
        rewrite(&staging.join("Cargo.toml"), workspace_manifest)?;
        rewrite(&staging.join("grader/Cargo.toml"), grader_manifest)?;
        rewrite(&staging.join("README.md"), readme)?;
        let json = serde_json::to_string(&bank).context("el banco de casos ocultos")?;
        std::fs::write(staging.join(crate::bank::FILE), json + "\n")
            .context("no se pudo escribir grader/bank.json")?;
        count += 1;
        Ok(count)
    })();
    match written {
        Ok(count) => {
            std::fs::rename(&staging, out)
                .with_context(|| format!("no se pudo mover la edición a {}", out.display()))?;
            Ok(count)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Every exercise of the catalog is still a stub in `exercises/src`: a
/// class must not receive a solved file.
fn check_stubs(root: &Path, catalog: &Catalog) -> Result<()> {
    for chapter in &catalog.chapters {
        let path = root
            .join("exercises/src")
            .join(format!("{}.rs", chapter.id));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("no se pudo leer {}", path.display()))?;
        let functions = source::functions(&text);
        for exercise in &chapter.exercises {
            let stub = source::find(&functions, &exercise.id);
            if !stub.is_some_and(|f| source::is_stub(&text, f)) {
                bail!(
                    "exercises/src/{}.rs: `{}` no es un stub (`todo!(\"{}\")`): una clase no puede recibir un ejercicio resuelto; corré `cargo xtask gen` y `cargo run -p grader -- check`",
                    chapter.id,
                    exercise.id,
                    exercise.id
                );
            }
        }
    }
    Ok(())
}

fn left_out(relative: &Path) -> bool {
    relative.file_name().is_some_and(|n| n == "target")
        || LEFT_OUT.iter().any(|l| relative == Path::new(l))
}

/// Copies `dir` (inside `root`) into `to`, skipping what is left out and
/// the output folder itself; symbolic links are not followed.
fn copy_tree(root: &Path, dir: &Path, to: &Path, out: &Path) -> Result<usize> {
    std::fs::create_dir_all(to).with_context(|| format!("no se pudo crear {}", to.display()))?;
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("no se pudo leer {}", dir.display()))?
        .collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        if left_out(relative)
            || std::path::absolute(&path).is_ok_and(|p| p == out)
            || entry.file_name().to_string_lossy().starts_with(".tmp")
        {
            continue;
        }
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            count += copy_tree(root, &path, &target, out)?;
        } else if kind.is_file() {
            std::fs::copy(&path, &target)
                .with_context(|| format!("no se pudo copiar {}", path.display()))?;
            count += 1;
        }
    }
    Ok(count)
}

fn rewrite(path: &Path, change: impl Fn(&str) -> Result<String>) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("no se pudo leer {}", path.display()))?;
    let new = change(&text).with_context(|| format!("no se pudo adaptar {}", path.display()))?;
    std::fs::write(path, new).with_context(|| format!("no se pudo escribir {}", path.display()))
}

/// The workspace's `members` without the crates that need the solutions.
fn workspace_manifest(text: &str) -> Result<String> {
    let start = text.find("members = [").context("no tiene `members = [`")?;
    let end = start + text[start..].find(']').context("`members` sin cerrar")?;
    let members: Vec<&str> = text[start + "members = [".len()..end]
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| !m.is_empty() && !DROPPED_MEMBERS.contains(m))
        .collect();
    let list = members
        .iter()
        .map(|m| format!("\"{m}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(
        "{}members = [{list}]{}",
        &text[..start],
        &text[end + 1..]
    ))
}

/// The grader's manifest without the solutions, its tests' dependencies
/// and its benchmark.
fn grader_manifest(text: &str) -> Result<String> {
    let mut out = String::new();
    let mut section = "";
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
            if section == "[dev-dependencies]" || section == "[[bench]]" {
                continue;
            }
        }
        if section == "[dev-dependencies]" || section == "[[bench]]" {
            continue;
        }
        if trimmed.starts_with("solutions =") {
            continue;
        }
        if trimmed == "default = [\"reference\"]" {
            out.push_str("default = []\n");
            continue;
        }
        if trimmed == "reference = [\"dep:solutions\"]" {
            out.push_str(
                "# Needs the reference solutions, which this edition does not have.\nreference = []\n",
            );
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if out.contains("solutions =") || !out.contains("default = []") {
        bail!("el manifiesto del corrector no tiene la forma esperada");
    }
    Ok(out)
}

/// The line that opens a part of the README the edition leaves out (what
/// needs `solutions/`, the notebooks or the maintenance tools), and the
/// line that closes it. Invisible where Markdown is rendered.
const COURSE_ONLY_START: &str = "<!-- sin-edición-estudiantes -->";
const COURSE_ONLY_END: &str = "<!-- /sin-edición-estudiantes -->";

/// The edition's README: the note first (after the title), without the
/// parts marked as the course repository's only.
fn readme(text: &str) -> Result<String> {
    let mut kept = String::with_capacity(text.len());
    let mut open_at: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        match (line.trim(), open_at) {
            (COURSE_ONLY_START, None) => open_at = Some(index + 1),
            (COURSE_ONLY_START, Some(at)) => bail!(
                "README.md, línea {}: `{COURSE_ONLY_START}` dentro de otro bloque abierto en la línea {at}",
                index + 1
            ),
            (COURSE_ONLY_END, Some(_)) => open_at = None,
            (COURSE_ONLY_END, None) => bail!(
                "README.md, línea {}: `{COURSE_ONLY_END}` sin su `{COURSE_ONLY_START}`",
                index + 1
            ),
            (_, Some(_)) => {}
            (_, None) => {
                kept.push_str(line);
                kept.push('\n');
            }
        }
    }
    if let Some(at) = open_at {
        bail!("README.md, línea {at}: `{COURSE_ONLY_START}` sin su `{COURSE_ONLY_END}`");
    }
    Ok(match kept.find("\n\n") {
        Some(at) => format!("{}\n\n{README_NOTE}{}", &kept[..at], &kept[at + 2..]),
        None => format!("{README_NOTE}{kept}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifests_lose_the_solutions() {
        let root = crate::workspace::root().unwrap();
        let workspace =
            workspace_manifest(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
        assert!(workspace.contains("\"grader\""), "{workspace}");
        for dropped in DROPPED_MEMBERS {
            assert!(
                !workspace.contains(&format!("\"{dropped}\"")),
                "{workspace}"
            );
        }
        let grader =
            grader_manifest(&std::fs::read_to_string(root.join("grader/Cargo.toml")).unwrap())
                .unwrap();
        assert!(!grader.contains("solutions =") && !grader.contains("xtask"));
        assert!(grader.contains("default = []") && grader.contains("landlock"));
        assert!(grader_manifest("[dependencies]\nanyhow = \"1\"\n").is_err());
    }

    #[test]
    fn the_readme_loses_the_course_only_parts() {
        let text = format!(
            "# Título\n\nPara todos.\n{COURSE_ONLY_START}\n## Docentes\n`--solutions`\n{COURSE_ONLY_END}\nFin.\n"
        );
        let edition = readme(&text).unwrap();
        assert!(edition.starts_with("# Título\n\n> **Edición para estudiantes.**"));
        assert!(edition.contains("Para todos.\nFin.\n"), "{edition}");
        assert!(!edition.contains("Docentes") && !edition.contains("sin-edición"));
        let unclosed = format!("# T\n\n{COURSE_ONLY_START}\nx\n");
        assert!(
            readme(&unclosed)
                .unwrap_err()
                .to_string()
                .contains("línea 3")
        );
        let stray = format!("# T\n\nx\n{COURSE_ONLY_END}\n");
        assert!(readme(&stray).unwrap_err().to_string().contains("línea 4"));
    }

    #[test]
    fn the_readme_of_the_edition_keeps_no_course_only_command() {
        let root = crate::workspace::root().unwrap();
        let edition = readme(&std::fs::read_to_string(root.join("README.md")).unwrap()).unwrap();
        let edition = edition.replace(README_NOTE, "");
        for gone in [
            "train_digits",
            "fast-mlp",
            "--solutions",
            "notebooks/",
            "xtask",
            "batch",
        ] {
            assert!(
                !edition.contains(gone),
                "the edition's README still says {gone}"
            );
        }
        assert!(edition.contains("cargo run -p grader"));
    }
}
