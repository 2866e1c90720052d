//! Student folders made from the reference solutions, and the reports
//! read back.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use assert_cmd::Command;
use serde_json::Value;

pub(crate) use crate::common::exercise;
use crate::common::{self, root};

pub(crate) fn grader() -> Command {
    let mut cmd = Command::cargo_bin("grader").unwrap();
    cmd.env_remove("NO_COLOR").env("RUST_BACKTRACE", "0");
    cmd
}

/// A student folder made from the reference solutions, with some functions
/// replaced. Removed on drop.
pub(crate) struct StudentFolder {
    pub(crate) dir: PathBuf,
}

impl StudentFolder {
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("grader-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(root().join("solutions/src")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        Self { dir }
    }

    /// A student folder with the stubs `cargo xtask gen` makes from the
    /// solutions: what a class receives, whatever `exercises/src` holds now
    /// (a student who runs the tests may have solved some exercises).
    pub(crate) fn stubs(name: &str) -> Self {
        let folder = Self::new(name);
        for chapter in xtask::layout::chapters(&root()).unwrap() {
            let parsed = xtask::layout::chapter(&root(), &chapter).unwrap();
            let stub = xtask::layout::stub_of(&parsed).unwrap();
            std::fs::write(folder.dir.join(format!("{chapter}.rs")), stub.text).unwrap();
        }
        folder
    }

    /// Replaces the whole `pub fn name(...) ... { ... }` item of `chapter`.
    pub(crate) fn replace_fn(&self, chapter: &str, name: &str, new_item: &str) -> &Self {
        let path = self.dir.join(format!("{chapter}.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, common::replace_fn(&text, name, new_item)).unwrap();
        self
    }

    /// Runs the grader on this folder with `args` (they go before `--dir`).
    pub(crate) fn grade(&self, args: &[&str]) -> std::process::Output {
        grader()
            .args(args)
            .arg("--dir")
            .arg(&self.dir)
            .output()
            .unwrap()
    }

    pub(crate) fn remove(&self, chapter: &str) -> &Self {
        std::fs::remove_file(self.dir.join(format!("{chapter}.rs"))).unwrap();
        self
    }

    pub(crate) fn snapshot(&self) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
        std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let meta = std::fs::metadata(&path).unwrap();
                (
                    path.clone(),
                    (meta.modified().unwrap(), std::fs::read(&path).unwrap()),
                )
            })
            .collect()
    }
}

impl Drop for StudentFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

pub(crate) fn validate(schema_file: &str, value: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("grader/schema").join(schema_file)).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}
