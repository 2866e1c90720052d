//! Where the workbook keeps what is generated, and the generation of all of
//! it at once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::chapter::Chapter;
use crate::{cells, dispatch, stub};

/// The workspace root (this crate lives in `<root>/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

pub const SOLUTIONS: &str = "solutions/src";
pub const STUBS: &str = "exercises/src";
pub const DISPATCH: &str = "grader/harness/chapters";
/// The notebook cells generated for the exercises without a hand-written one.
pub const CELLS: &str = "notebooks/checks/generated";

/// One generated file: its path from the root and its content.
pub struct Generated {
    pub path: PathBuf,
    pub text: String,
}

/// The chapters: every file of `solutions/src` but `lib.rs`, in name order.
pub fn chapters(root: &Path) -> Result<Vec<String>> {
    let dir = root.join(SOLUTIONS);
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            && stem != "lib"
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Reads and parses the solution of `chapter`.
pub fn chapter(root: &Path, name: &str) -> Result<Chapter> {
    let path = root.join(SOLUTIONS).join(format!("{name}.rs"));
    let source = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Chapter::parse(name, &source)
}

/// The stub of a chapter.
pub fn stub_of(chapter: &Chapter) -> Result<Generated> {
    Ok(Generated {
        path: Path::new(STUBS).join(format!("{}.rs", chapter.name)),
        text: stub::generate(chapter)?,
    })
}

/// The harness dispatch of a chapter.
pub fn dispatch_of(root: &Path, chapter: &Chapter) -> Result<Generated> {
    let by_hand = root
        .join(DISPATCH)
        .join(dispatch::by_hand_path(&chapter.name));
    let by_hand = match std::fs::read_to_string(&by_hand) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", by_hand.display())),
    };
    Ok(Generated {
        path: Path::new(DISPATCH).join(format!("{}.rs", chapter.name)),
        text: dispatch::generate(chapter, by_hand.as_deref())
            .with_context(|| format!("generating the dispatch of {}", chapter.name))?,
    })
}

/// The generated notebook cells of a chapter: from its solution, its
/// catalog's public cases and its hand-written cells (if any).
pub fn cells_of(root: &Path, chapter: &Chapter) -> Result<Generated> {
    let catalog = root.join(format!("grader/catalog/{}.yaml", chapter.name));
    let catalog = std::fs::read_to_string(&catalog)
        .with_context(|| format!("cannot read {}", catalog.display()))?;
    let hand_written = root.join(cells::hand_written_path(&chapter.name));
    let hand_written = match std::fs::read_to_string(&hand_written) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read {}", hand_written.display()));
        }
    };
    Ok(Generated {
        path: Path::new(CELLS).join(format!("{}.rs", chapter.name)),
        text: cells::generate(chapter, &catalog, hand_written.as_deref())
            .with_context(|| format!("generating the notebook cells of {}", chapter.name))?,
    })
}

/// Everything generated from the solutions.
pub fn generate_all(root: &Path) -> Result<Vec<Generated>> {
    let mut out = Vec::new();
    for name in chapters(root)? {
        let chapter = chapter(root, &name)?;
        out.push(stub_of(&chapter)?);
        out.push(dispatch_of(root, &chapter)?);
        out.push(cells_of(root, &chapter)?);
    }
    Ok(out)
}

/// Writes a generated file, making its folder if needed.
pub fn write(root: &Path, file: &Generated) -> Result<()> {
    let path = root.join(&file.path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, &file.text).with_context(|| format!("cannot write {}", path.display()))
}

/// Chapter files in the generated folders that no solution generates.
pub fn strays(root: &Path, generated: &[Generated]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in [STUBS, DISPATCH, CELLS] {
        if !root.join(dir).is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(root.join(dir))? {
            let path = entry?.path();
            if !path.is_file() || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = Path::new(dir).join(path.file_name().unwrap_or_default());
            let is_lib = relative == Path::new(STUBS).join("lib.rs");
            if !is_lib && !generated.iter().any(|g| g.path == relative) {
                out.push(relative);
            }
        }
    }
    Ok(out)
}
