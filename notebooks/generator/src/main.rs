//! `cargo run -p notebook-generator`: writes the notebooks into
//! `notebooks/`, generated from the book (see the crate documentation).
//!
//! `-- --reference <dir>` writes instead the variant whose exercise cells
//! call the reference solutions (CI runs it), without outputs, into `<dir>`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use notebook_generator::{Variant, generate, notebook_files};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("cannot find the workspace folder")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (variant, dir) = match args.as_slice() {
        [] => (Variant::Student, root.join("notebooks")),
        [flag, dir] if flag == "--reference" => (Variant::Reference, PathBuf::from(dir)),
        _ => bail!("usage: cargo run -p notebook-generator [-- --reference <dir>]"),
    };
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let notebooks = generate(&root, variant)?;
    for notebook in &notebooks {
        let path = dir.join(&notebook.file_name);
        let status = match fs::read_to_string(&path) {
            Ok(old) if old == notebook.text => "unchanged",
            Ok(_) => "updated",
            Err(_) => "created",
        };
        if status != "unchanged" {
            fs::write(&path, &notebook.text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        println!("{status:>9} {}", path.display());
    }
    for name in notebook_files(&dir)? {
        if !notebooks.iter().any(|n| n.file_name == name) {
            println!(
                "    stale {}: no chapter makes it any more; delete it if it is not yours",
                dir.join(name).display()
            );
        }
    }
    Ok(())
}
