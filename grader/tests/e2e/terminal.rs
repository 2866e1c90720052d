//! The grader in a terminal: list, hint, help and bad input, processes
//! left running, colour.

use crate::folder::*;

#[test]
fn list_hint_help_and_bad_input_speak_spanish() {
    let list = grader().arg("list").output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("perceptron::sign"), "{list}");
    assert!(list.contains("El perceptrón simple"), "{list}");

    let hint = grader()
        .args(["hint", "perceptron::sign"])
        .output()
        .unwrap();
    assert!(hint.status.success());
    assert!(String::from_utf8(hint.stdout).unwrap().contains("Pista 1"));

    let unknown = grader().arg("perceptrom").output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8(unknown.stderr).unwrap();
    assert!(
        err.contains("no hay ningún capítulo ni ejercicio llamado `perceptrom`"),
        "{err}"
    );

    let bare = grader().arg("sign").output().unwrap();
    assert!(
        String::from_utf8(bare.stderr)
            .unwrap()
            .contains("¿Quisiste decir `perceptron::sign`?")
    );

    let no_dir = grader().args(["--dir", "/no/existe"]).output().unwrap();
    assert_eq!(no_dir.status.code(), Some(2));
    assert!(
        String::from_utf8(no_dir.stderr)
            .unwrap()
            .contains("no existe la carpeta de ejercicios")
    );

    let help = grader().arg("--help").output().unwrap();
    assert!(String::from_utf8(help.stdout).unwrap().contains("Uso:"));
}

#[cfg(target_os = "linux")]
#[test]
fn processes_left_running_by_student_code_are_killed_and_do_not_stall_the_grader() {
    let student = StudentFolder::new("orphan");
    // A child process (fork, no exec: the sandbox allows no other program)
    // that holds the harness's stdout open long after the harness exits.
    let marker = format!("orphan{}", std::process::id() % 100_000);
    student.replace_fn(
        "perceptron",
        "sign",
        &format!(
            "pub fn sign(z: f64) -> f64 {{
                unsafe extern \"C\" {{
                    fn fork() -> i32;
                    fn prctl(option: i32, name: *const u8, a: u64, b: u64, c: u64) -> i32;
                }}
                if unsafe {{ fork() }} == 0 {{
                    unsafe {{ prctl(15, \"{marker}\\0\".as_ptr(), 0, 0, 0) }};
                    loop {{ std::thread::sleep(std::time::Duration::from_secs(1)); }}
                }}
                if z > 0.0 {{ 1.0 }} else {{ -1.0 }}
            }}"
        ),
    );
    let out = student.grade(&["perceptron::sign"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    let survivors: Vec<std::path::PathBuf> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            std::fs::read_to_string(p.join("comm")).is_ok_and(|c| c.trim() == marker)
                && !std::fs::read_to_string(p.join("stat")).is_ok_and(|s| s.contains(") Z"))
        })
        .collect();
    for p in &survivors {
        if let Some(pid) = p.file_name() {
            let _ = std::process::Command::new("kill")
                .arg("-9")
                .arg(pid)
                .status();
        }
    }
    assert!(survivors.is_empty(), "left running: {survivors:?}");
}

/// Colour only on a terminal, and never with NO_COLOR (run under a pseudo
/// terminal with util-linux's `script`).
#[cfg(target_os = "linux")]
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let exe = assert_cmd::cargo::cargo_bin("grader");
    let stubs = StudentFolder::stubs("colour");
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = std::process::Command::new("script");
        cmd.args([
            "-qec",
            &format!(
                "{} perceptron::sign --seed 1 --dir {}",
                exe.display(),
                stubs.dir.display()
            ),
            "/dev/null",
        ]);
        cmd.env_remove("NO_COLOR");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let out = cmd
            .output()
            .expect("util-linux `script` runs the grader under a terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_terminal(None);
    assert!(
        coloured.contains("\x1b[1m"),
        "no colour on a terminal: {coloured:?}"
    );
    assert!(coloured.contains("pendiente"), "{coloured:?}");
    let plain = on_terminal(Some("1"));
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
    assert!(plain.contains("pendiente"), "{plain:?}");
}
