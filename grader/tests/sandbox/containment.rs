//! What the harness cannot do: reach the grader, write or read files, open
//! connections, outgrow its limits, outlive its run.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::arena::*;

#[test]
pub(crate) fn a_forged_report_and_a_kill_never_reach_the_grader() {
    let run = grade(&["activations::sigmoid"], &[]);
    if !(present("landlock_scope") || present("namespaces"))
        || !(present("driver_shield") || present("landlock_filesystem"))
    {
        return;
    }
    assert_graded_and_alive(&run, "activations::sigmoid");
    let stdout = run.stdout();
    assert!(
        !stdout.contains("FORJADO"),
        "forged text in the report: {stdout}"
    );
    assert_eq!(run.report()["points"], 0, "{stdout}");
    let printed = run.printed("activations::sigmoid");
    assert!(!printed.contains("ESCRIBÍ"), "{printed}");
}

#[test]
pub(crate) fn grandchildren_started_with_setsid_die_with_the_harness() {
    let run = grade(&["activations::sigmoid_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::sigmoid_derivative");
    std::thread::sleep(Duration::from_millis(300));
    let left = survivors("g");
    if present("namespaces") {
        assert!(left.is_empty(), "left running after the grader: {left:?}");
    }
}

#[test]
pub(crate) fn nothing_is_written_outside_the_results_file() {
    let run = grade(&["activations::tanh"], &[]);
    assert_graded_and_alive(&run, "activations::tanh");
    let marker = &arena().marker;
    let written: Vec<PathBuf> = [
        arena().outside.join("escrito.txt"),
        arena().outside.join("carpeta"),
        arena().student.join("escrito.txt"),
        PathBuf::from(format!("/tmp/{marker}-escrito.txt")),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect();
    for p in &written {
        let _ = std::fs::remove_file(p);
        let _ = std::fs::remove_dir(p);
    }
    if present("landlock_filesystem") {
        assert!(written.is_empty(), "written by the student: {written:?}");
        let printed = run.printed("activations::tanh");
        assert!(!printed.contains("ESCRIBÍ"), "{printed}");
        assert_eq!(run.exercise("activations::tanh")["status"], "passed");
    }
}

#[test]
pub(crate) fn no_file_can_be_read_not_even_the_solutions() {
    let run = grade(&["activations::tanh_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::tanh_derivative");
    let printed = run.printed("activations::tanh_derivative");
    if present("landlock_filesystem") {
        assert!(!printed.contains("LEÍ"), "{printed}");
        // Every complete line (what is kept ends mid-line) says NO.
        let lines: Vec<&str> = printed.lines().collect();
        assert!(lines.len() > 1, "{printed}");
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|l| l.starts_with("NO ")),
            "{printed}"
        );
    }
}

#[test]
pub(crate) fn no_connection_leaves_the_harness() {
    let run = grade(&["activations::relu"], &[]);
    assert_graded_and_alive(&run, "activations::relu");
    let arena = arena();
    let tcp = arena.tcp.accept().map(|_| ());
    let mut buf = [0u8; 16];
    let udp = arena.udp.recv(&mut buf).map(|_| ());
    let unix = arena.unix.accept().map(|_| ());
    let printed = run.printed("activations::relu");
    let would_block =
        |r: &std::io::Result<()>| matches!(r, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    if present("landlock_network") && present("landlock_scope") {
        assert!(would_block(&tcp), "a TCP connection arrived: {printed}");
        assert!(
            would_block(&unix),
            "an abstract unix connection arrived: {printed}"
        );
        assert!(!printed.contains("ESCUCHO"), "{printed}");
    }
    if present("namespaces") {
        assert!(would_block(&udp), "a UDP datagram arrived: {printed}");
    }
}

#[test]
pub(crate) fn the_grader_cannot_be_traced_or_read_through_proc() {
    let run = grade(&["activations::relu_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::relu_derivative");
    let printed = run.printed("activations::relu_derivative");
    if present("driver_shield") {
        for found in ["ABRÍ", "LEÍ", "RASTREÉ"] {
            assert!(!printed.contains(found), "{printed}");
        }
        assert!(printed.contains("NO ptrace"), "{printed}");
    }
}

/// Whether the tests run as root.
pub(crate) fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
pub(crate) fn a_grader_running_as_root_runs_student_code_as_nobody() {
    let arena = arena();
    let secret = arena.outside.join("solo-root.txt");
    if is_root() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&secret, "secreto de root").unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Landlock alone would stop the read: leave it off, to see what the
    // change of user does.
    let run = |disable: &str| {
        let output = Command::new(grader_exe())
            .args(["--format", "json", "perceptron::perceptron_output", "--dir"])
            .arg(&arena.student)
            .env("GRADER_SANDBOX_DISABLE", disable)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let report = serde_json::from_slice(&output.stdout).ok();
        Run { output, report }
    };
    let extra = std::env::var("GRADER_SANDBOX_DISABLE").unwrap_or_default();
    let guarded = run(&format!("landlock_filesystem,{extra}"));
    assert_graded_and_alive(&guarded, "perceptron::perceptron_output");
    let printed = guarded.printed("perceptron::perceptron_output");
    let protection = guarded.report()["sandbox"]["protections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "unprivileged_user")
        .unwrap()
        .clone();
    assert_eq!(protection["in_force"], true, "{protection:#}");
    if is_root() {
        // Inside a user namespace root also shows as 65534 (unmapped), so
        // the evidence is the read itself.
        assert!(printed.contains("UID 65534 EUID 65534"), "{printed}");
        assert!(printed.contains("NO solo-root"), "{printed}");
        assert!(!printed.contains("LEÍ"), "{printed}");
        // The same attack with the switch off reads the file.
        let open = run("landlock_filesystem,unprivileged_user");
        let printed = open.printed("perceptron::perceptron_output");
        assert!(printed.contains("LEÍ secreto de root"), "{printed}");
        let _ = std::fs::remove_file(&secret);
    }
}

#[test]
pub(crate) fn limits_cannot_be_raised_back() {
    let run = grade(&["activations::leaky_relu"], &[]);
    assert_graded_and_alive(&run, "activations::leaky_relu");
    let e = run.exercise("activations::leaky_relu");
    let printed = run.printed("activations::leaky_relu");
    if present("resource_limits") {
        assert!(!printed.contains("RESERVÉ"), "{printed}");
        assert!(printed.contains("setrlimit AS = -1"), "{printed}");
        assert_eq!(e["status"], "crashed", "{e:#}");
        assert!(e.to_string().contains("sin memoria"), "{e:#}");
    }
}

#[test]
pub(crate) fn a_fork_bomb_is_bounded_and_leaves_nothing_behind() {
    let run = grade(&["activations::leaky_relu_derivative"], &[]);
    assert_graded_and_alive(&run, "activations::leaky_relu_derivative");
    std::thread::sleep(Duration::from_millis(300));
    let left = survivors("f");
    let printed = run.printed("activations::leaky_relu_derivative");
    if present("namespaces") {
        assert!(left.is_empty(), "{} children left running", left.len());
    }
    if present("process_limit") {
        let children: Vec<usize> = printed
            .lines()
            .filter_map(|l| l.strip_prefix("HIJOS ")?.parse().ok())
            .collect();
        assert_eq!(children.len(), 1, "{printed}");
        assert!(children[0] < 64, "{printed}");
    }
}

#[test]
pub(crate) fn floods_of_output_are_capped() {
    let run = grade(&["activations::squared_error_cost"], &[]);
    assert_graded_and_alive(&run, "activations::squared_error_cost");
    let printed = run.printed("activations::squared_error_cost");
    // The first 64 KiB are kept, and the report says how much more there was.
    assert!(printed.len() <= 64 * 1024, "{} bytes kept", printed.len());
    let cut = run.exercise("activations::squared_error_cost")["printed_cut_bytes"]
        .as_u64()
        .unwrap();
    assert!(cut > 0, "the cut is not reported");
    assert_eq!(
        run.exercise("activations::squared_error_cost")["status"],
        "passed"
    );
}

#[test]
pub(crate) fn the_results_file_cannot_grow_without_bound() {
    let run = grade(&["activations::cross_entropy_cost"], &[]);
    assert_graded_and_alive(&run, "activations::cross_entropy_cost");
    let e = run.exercise("activations::cross_entropy_cost");
    let printed = run.printed("activations::cross_entropy_cost");
    if present("resource_limits") {
        assert!(!printed.contains("ESCRIBÍ"), "{printed}");
        assert_eq!(e["status"], "crashed", "{e:#}");
        assert!(e.to_string().contains("escribió demasiado"), "{e:#}");
    }
}

#[test]
pub(crate) fn links_planted_in_the_scratch_folder_are_not_followed() {
    let run = grade(&["xor"], &[]);
    for id in ["xor::or_neuron", "xor::and_neuron", "xor::xor_network"] {
        assert_graded_and_alive(&run, id);
    }
    let victim = arena().outside.join("victima.txt");
    let created = victim.exists();
    let _ = std::fs::remove_file(&victim);
    assert!(!created, "the grader wrote through a planted link");
    for id in ["xor::and_neuron", "xor::xor_network"] {
        assert_eq!(
            run.exercise(id)["status"],
            "passed",
            "{:#}",
            run.exercise(id)
        );
    }
    if present("landlock_filesystem") {
        let printed = run.printed("xor::or_neuron");
        assert!(!printed.contains("ENLACÉ"), "{printed}");
        assert!(!printed.contains("BORRÉ"), "{printed}");
        assert_eq!(run.exercise("xor::or_neuron")["status"], "passed");
    }
}

#[test]
pub(crate) fn code_before_main_already_runs_in_the_sandbox() {
    let run = grade(&["xor::xor_network"], &[]);
    assert_graded_and_alive(&run, "xor::xor_network");
    let file = arena().outside.join("antes-de-main.txt");
    let written = file.exists();
    let _ = std::fs::remove_file(&file);
    let tcp = arena().tcp.accept().map(|_| ());
    if present("landlock_filesystem") && present("landlock_network") {
        assert!(!written, "code before main wrote outside");
        assert!(
            matches!(&tcp, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "code before main connected"
        );
    }
}

#[test]
pub(crate) fn quoted_student_output_is_inert() {
    let arena = arena();
    let out = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--seed", "1", "perceptron::sign", "--dir"])
        .arg(&arena.student)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for raw in ['\x1b', '\u{9b}', '\u{202e}', '\r', '\x07'] {
        assert!(!text.contains(raw), "raw {raw:?} in the report: {text:?}");
    }
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    assert!(text.contains("\\u{202e}"), "{text}");
    // The panic message's line break does not start a line of its own.
    for line in text.lines().filter(|l| l.contains("una línea falsa")) {
        assert!(line.contains("entró en pánico"), "forged line: {line}");
    }
    let json = grade(&["perceptron::sign"], &[]);
    let raw_json = json.stdout();
    for raw in ['\x1b', '\u{9b}', '\u{202e}'] {
        assert!(!raw_json.contains(raw), "raw {raw:?} in the JSON");
    }
    assert!(
        json.printed("perceptron::sign").contains('\x1b'),
        "the data is kept"
    );
}

#[test]
pub(crate) fn the_harness_gets_an_empty_environment() {
    let run = grade(&["perceptron::train_step"], &[]);
    assert_graded_and_alive(&run, "perceptron::train_step");
    let printed = run.printed("perceptron::train_step");
    assert!(printed.contains("ENTORNO:"), "{printed}");
    if present("clean_environment") {
        assert!(!printed.contains("s3cr3t"), "{printed}");
        assert!(!printed.contains("PATH="), "{printed}");
    }
}

#[test]
pub(crate) fn a_grader_killed_mid_run_leaves_no_report_and_no_process() {
    let arena = arena();
    let report = arena.base.join("informe.json");
    std::fs::write(&report, "un informe viejo").unwrap();
    let mut child = Command::new(grader_exe())
        .env("GRADER_NO_REUSE", "1")
        .args(["--format", "json", "perceptron::train", "--output"])
        .arg(&report)
        .arg("--dir")
        .arg(&arena.student)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while named("k").is_empty() {
        assert!(Instant::now() < deadline, "the attack never started");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the grader ended first"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !report.exists(),
        "the old report must be gone before grading"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(9),
        "the exit status says it was killed"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!report.exists(), "a killed grader wrote a report");
    std::thread::sleep(Duration::from_millis(500));
    let left = survivors("k");
    if present("namespaces") {
        assert!(
            left.is_empty(),
            "left running after the grader was killed: {left:?}"
        );
    }
}
