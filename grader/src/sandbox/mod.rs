//! The sandbox of every harness process: the untrusted student code runs
//! with what the platform offers without root, and the report says which
//! protections were in force.
//!
//! Everything is set up by the driver between `fork` and `exec` (in a
//! `pre_exec` closure), never by the harness itself: code the student places
//! before `main` (in `.init_array`) already runs inside the sandbox.
//!
//! On Linux: Landlock rules (the harness reads only its own program, the
//! shared libraries it maps and its cases; it writes only its results
//! file; no TCP; no signals or abstract sockets outside its domain), new
//! user, PID, network and IPC namespaces (no network at all, and every
//! process it starts dies with it), resource limits (memory, CPU time,
//! file size, no core files, and a process count) and its own process
//! group. The driver also makes itself non-dumpable, so that no process of
//! the same user can trace it or open its `/proc/<pid>/mem` or `fd/`.
//! On macOS only the resource limits and the process group exist; on
//! Windows only the time limit and the clean environment.
//!
//! For tests and for seeing what each layer does, `GRADER_SANDBOX_DISABLE`
//! lists protections to leave off (`all` for every one); the report then
//! says they were off, and `--strict` refuses to grade.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};
use serde::Serialize;

#[cfg(target_os = "linux")]
mod landlock_rules;
#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
mod namespaces;
#[cfg(all(unix, not(target_os = "linux")))]
mod other_unix;
#[cfg(target_os = "linux")]
mod page;
mod tally;
#[cfg(target_os = "linux")]
mod tree;

pub use tally::{Summary, Tally};

/// The environment variable that switches protections off.
pub const DISABLE_VAR: &str = "GRADER_SANDBOX_DISABLE";

/// One protection of the grading run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protection {
    /// Chapter files that read other files (or the environment) at compile
    /// time are refused.
    SingleFile,
    /// The driver kills a harness that runs past its time limit.
    TimeLimit,
    /// RLIMIT_AS, RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_CORE (soft = hard).
    ResourceLimits,
    /// The harness leads its own process group, killed whole at the end.
    ProcessGroup,
    /// The harness starts with an empty environment.
    CleanEnvironment,
    /// The driver is not dumpable: no ptrace, no /proc/<pid>/mem or fd/.
    DriverShield,
    LandlockFilesystem,
    LandlockNetwork,
    /// Landlock scoping of signals and abstract unix sockets.
    LandlockScope,
    /// New user, PID, network and IPC namespaces.
    Namespaces,
    /// RLIMIT_NPROC, counted inside the harness's own user namespace.
    ProcessLimit,
    /// The harness never runs as root: a driver running as root (Gradescope,
    /// CI) starts it as the unprivileged user [`UNPRIVILEGED_ID`].
    UnprivilegedUser,
}

/// The user and group a driver running as root gives its harnesses
/// (`nobody` and `nogroup` on Debian and Ubuntu, the kernel's overflow ids).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub const UNPRIVILEGED_ID: u32 = 65534;

impl Protection {
    pub const ALL: [Protection; 12] = [
        Protection::SingleFile,
        Protection::TimeLimit,
        Protection::ResourceLimits,
        Protection::ProcessGroup,
        Protection::CleanEnvironment,
        Protection::DriverShield,
        Protection::LandlockFilesystem,
        Protection::LandlockNetwork,
        Protection::LandlockScope,
        Protection::Namespaces,
        Protection::ProcessLimit,
        Protection::UnprivilegedUser,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Protection::SingleFile => "single_file",
            Protection::TimeLimit => "time_limit",
            Protection::ResourceLimits => "resource_limits",
            Protection::ProcessGroup => "process_group",
            Protection::CleanEnvironment => "clean_environment",
            Protection::DriverShield => "driver_shield",
            Protection::LandlockFilesystem => "landlock_filesystem",
            Protection::LandlockNetwork => "landlock_network",
            Protection::LandlockScope => "landlock_scope",
            Protection::Namespaces => "namespaces",
            Protection::ProcessLimit => "process_limit",
            Protection::UnprivilegedUser => "unprivileged_user",
        }
    }

    /// A short name, in Spanish.
    pub fn name(self) -> &'static str {
        match self {
            Protection::SingleFile => "un solo archivo por capítulo",
            Protection::TimeLimit => "límite de tiempo",
            Protection::ResourceLimits => "límites de recursos",
            Protection::ProcessGroup => "grupo de procesos",
            Protection::CleanEnvironment => "entorno vacío",
            Protection::DriverShield => "corrector inaccesible",
            Protection::LandlockFilesystem => "Landlock (archivos)",
            Protection::LandlockNetwork => "Landlock (red)",
            Protection::LandlockScope => "Landlock (señales y sockets)",
            Protection::Namespaces => "espacios de nombres",
            Protection::ProcessLimit => "límite de procesos",
            Protection::UnprivilegedUser => "usuario sin privilegios",
        }
    }

    /// What it protects, in the student's words.
    pub fn what(self) -> &'static str {
        match self {
            Protection::SingleFile => {
                "cada capítulo es un solo archivo (sin #[path], mod, include! ni env!)"
            }
            Protection::TimeLimit => "límite de tiempo por ejercicio",
            Protection::ResourceLimits => {
                "límites de memoria, tiempo de CPU y tamaño de archivos, sin volcados de memoria"
            }
            Protection::ProcessGroup => "grupo de procesos propio, que se termina entero",
            Protection::CleanEnvironment => "entorno vacío: ninguna variable del corrector",
            Protection::DriverShield => {
                "nadie puede inspeccionar el corrector (ptrace, /proc/<pid>/mem, /proc/<pid>/fd)"
            }
            Protection::LandlockFilesystem => {
                "Landlock: sólo lee su programa, sus bibliotecas y sus casos; sólo escribe sus resultados"
            }
            Protection::LandlockNetwork => "Landlock: ninguna conexión TCP",
            Protection::LandlockScope => {
                "Landlock: ninguna señal ni socket abstracto hacia procesos de afuera"
            }
            Protection::Namespaces => {
                "espacios de nombres propios: sin red, y todo proceso que inicie muere con él"
            }
            Protection::ProcessLimit => "a lo sumo 64 procesos",
            Protection::UnprivilegedUser => {
                "nunca corre como root: si el corrector es root, corre como el usuario nobody (65534)"
            }
        }
    }

    /// Whether it is applied to each harness process (rather than once).
    fn per_process(self) -> bool {
        !matches!(self, Protection::SingleFile | Protection::DriverShield)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// A set of protections, as applied to one harness process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied(u32);

impl Applied {
    pub fn with(self, p: Protection) -> Self {
        Self(self.0 | p.bit())
    }

    pub fn has(self, p: Protection) -> bool {
        self.0 & p.bit() != 0
    }

    /// The protections both sets have.
    pub fn both(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    #[cfg(target_os = "linux")]
    pub(crate) fn from_bits(bits: u32) -> Self {
        Self(bits)
    }

    #[cfg(target_os = "linux")]
    pub(crate) fn bits(self) -> u32 {
        self.0
    }
}

/// What the sandbox may use: everything, minus what `GRADER_SANDBOX_DISABLE`
/// switches off; `strict` refuses to run a harness without all of it.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub strict: bool,
    disabled: BTreeSet<Protection>,
}

impl Policy {
    pub fn new(strict: bool, disabled: &str) -> Result<Self> {
        let mut set = BTreeSet::new();
        for word in disabled.split([',', ' ']).filter(|w| !w.is_empty()) {
            if word == "all" {
                set.extend(
                    Protection::ALL
                        .into_iter()
                        .filter(|p| *p != Protection::TimeLimit),
                );
                continue;
            }
            match Protection::parse(word) {
                Some(Protection::TimeLimit) => {
                    bail!("{DISABLE_VAR}: el límite de tiempo no se puede desactivar")
                }
                Some(p) => {
                    set.insert(p);
                }
                None => bail!(
                    "{DISABLE_VAR}: no hay ninguna protección llamada `{word}` (las hay: {})",
                    Protection::ALL.map(Protection::id).join(", ")
                ),
            }
        }
        Ok(Self {
            strict,
            disabled: set,
        })
    }

    pub fn from_env(strict: bool) -> Result<Self> {
        Self::new(strict, &std::env::var(DISABLE_VAR).unwrap_or_default())
    }

    pub fn enabled(&self, p: Protection) -> bool {
        !self.disabled.contains(&p)
    }

    /// Refuses up front, in strict mode, what is known before any harness
    /// runs: a protection switched off, or one this system cannot give.
    pub fn check_strict(&self) -> Result<()> {
        if !self.strict {
            return Ok(());
        }
        let missing: Vec<String> = Protection::ALL
            .into_iter()
            .filter_map(|p| {
                if !self.enabled(p) {
                    Some(format!("{} ({})", p.id(), disabled_reason()))
                } else {
                    unavailable(p, self).map(|why| format!("{} ({why})", p.id()))
                }
            })
            .collect();
        if !missing.is_empty() {
            bail!(
                "con --strict el corrector sólo corrige con todas las protecciones, y faltan: {}",
                missing.join("; ")
            );
        }
        Ok(())
    }
}

fn disabled_reason() -> String {
    format!("desactivada con {DISABLE_VAR}")
}

/// Why a protection cannot be had on this system at all (before trying).
fn unavailable(p: Protection, policy: &Policy) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        linux::unavailable(p, policy)
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = policy;
        other_unix::unavailable(p)
    }
    #[cfg(not(unix))]
    {
        let _ = policy;
        match p {
            Protection::SingleFile | Protection::TimeLimit | Protection::CleanEnvironment => None,
            _ => Some("no existe en Windows".into()),
        }
    }
}

/// One harness launch: the program and the only files it may use.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub struct Launch<'a> {
    pub program: &'a Path,
    pub reads: &'a [&'a Path],
    pub writes: &'a [&'a Path],
    pub memory_bytes: u64,
    pub cpu_seconds: u64,
    pub file_size_bytes: u64,
}

/// The harness is confined from `exec` on; after `spawn`, [`Confined::applied`]
/// says which protections took hold.
pub struct Confined {
    planned: Applied,
    #[cfg(target_os = "linux")]
    linux: linux::Pending,
}

/// A harness launch refused because the sandbox could not be set up in
/// strict mode. Grading stops.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for Refused {}

/// Sets up `cmd` (environment and pre-exec code) for `launch`.
pub fn configure(cmd: &mut Command, policy: &Policy, launch: &Launch) -> Result<Confined> {
    let mut planned = Applied::default().with(Protection::TimeLimit);
    if policy.enabled(Protection::CleanEnvironment) {
        cmd.env_clear();
        #[cfg(windows)]
        if let Some(root) = std::env::var_os("SystemRoot") {
            cmd.env("SystemRoot", root);
        }
        planned = planned.with(Protection::CleanEnvironment);
    }
    cmd.env("RUST_BACKTRACE", "0");
    #[cfg(target_os = "linux")]
    {
        let linux = linux::configure(cmd, policy, launch)?;
        Ok(Confined { planned, linux })
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        planned = other_unix::configure(cmd, policy, launch, planned);
        Ok(Confined { planned })
    }
    #[cfg(not(unix))]
    {
        let _ = launch;
        Ok(Confined { planned })
    }
}

impl Confined {
    /// The protections the harness actually got (call after a successful
    /// `spawn`), and a reason for the ones it did not.
    pub fn applied(&self) -> (Applied, Vec<(Protection, String)>) {
        #[cfg(target_os = "linux")]
        {
            let (applied, notes) = self.linux.applied();
            (Applied(applied.0 | self.planned.0), notes)
        }
        #[cfg(not(target_os = "linux"))]
        {
            (self.planned, Vec::new())
        }
    }

    /// Why the launch failed, when the sandbox itself refused it.
    pub fn refusal(&self) -> Option<Refused> {
        #[cfg(target_os = "linux")]
        {
            self.linux.refusal()
        }
        #[cfg(not(target_os = "linux"))]
        {
            None
        }
    }
}

/// The user and group the harness files (cases, results) must belong to,
/// when the harnesses run as another user than the driver: a driver running
/// as root gives them to the unprivileged user its harnesses run as.
#[cfg_attr(not(unix), allow(dead_code))]
pub fn harness_owner(policy: &Policy) -> Option<(u32, u32)> {
    #[cfg(target_os = "linux")]
    {
        linux::drop_to(policy)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = policy;
        None
    }
}

/// Makes the driver itself impossible to trace or inspect through /proc by
/// other processes of the same user (the harnesses included).
pub fn shield_driver(policy: &Policy) -> Result<(), String> {
    if !policy.enabled(Protection::DriverShield) {
        return Err(disabled_reason());
    }
    #[cfg(target_os = "linux")]
    {
        linux::shield_driver()
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err(unavailable(Protection::DriverShield, policy).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_names_protections_and_rejects_typos() {
        let policy = Policy::new(false, "namespaces, landlock_network").unwrap();
        assert!(!policy.enabled(Protection::Namespaces));
        assert!(!policy.enabled(Protection::LandlockNetwork));
        assert!(policy.enabled(Protection::LandlockFilesystem));
        let all = Policy::new(false, "all").unwrap();
        assert!(!all.enabled(Protection::SingleFile));
        assert!(all.enabled(Protection::TimeLimit));
        let typo = Policy::new(false, "namespace").unwrap_err().to_string();
        assert!(
            typo.contains("no hay ninguna protección llamada `namespace`"),
            "{typo}"
        );
        assert!(Policy::new(false, "time_limit").is_err());
    }

    #[test]
    fn strict_refuses_what_is_switched_off() {
        let err = Policy::new(true, "namespaces")
            .unwrap()
            .check_strict()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("namespaces (desactivada con GRADER_SANDBOX_DISABLE)"),
            "{err}"
        );
    }

    #[test]
    fn a_protection_is_in_force_only_if_every_process_had_it() {
        let policy = Policy::default();
        let full = Protection::ALL
            .into_iter()
            .fold(Applied::default(), Applied::with);
        let mut tally = Tally::default();
        tally.record(full, Vec::new());
        let summary = tally.summary(&policy, &Ok(()));
        assert!(summary.complete);
        tally.record(
            full.without(Protection::Namespaces),
            vec![(Protection::Namespaces, "unshare: sin permiso".into())],
        );
        let summary = tally.summary(&policy, &Ok(()));
        assert!(!summary.complete);
        let ns = summary
            .protections
            .iter()
            .find(|p| p.id == Protection::Namespaces)
            .unwrap();
        assert!(!ns.in_force);
        assert_eq!(ns.why_not.as_deref(), Some("unshare: sin permiso"));
        assert_eq!(summary.harness_processes, 2);

        let none = Tally::default().summary(&policy, &Ok(()));
        assert!(!none.complete);
        assert_eq!(none.harness_processes, 0);
    }

    impl Applied {
        fn without(self, p: Protection) -> Self {
            Self(self.0 & !p.bit())
        }
    }
}
