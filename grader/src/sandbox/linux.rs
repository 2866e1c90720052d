//! The Linux sandbox, set up in the forked child before `exec`.
//!
//! With namespaces (see [`super::namespaces`]), one launch is three
//! processes:
//!
//! ```text
//! driver ── outer (own process group, dies with the driver; waits)
//!             └── init: PID 1 of its own user+PID+IPC namespaces, in the
//!                 shared network namespace (waits, reaps)
//!                   └── harness: limits, Landlock, then exec
//! ```
//!
//! The outer process stays in the driver's PID namespace so that the
//! driver can wait for it and kill its process group; when it ends, it
//! ends the way the harness ended (same exit code or signal). The init
//! process is PID 1 of the new namespace: when it exits, the kernel kills
//! every process left in the namespace, however it was started (`setsid`,
//! double fork). The harness itself is not PID 1, so its own signals
//! (`abort`) behave as usual. Outer and init run only this file's code and
//! close every file descriptor; only the harness executes student code.
//!
//! The three processes share one page of memory with the driver (mapped
//! before `fork`, gone from the harness at `exec`): the harness writes
//! there which protections took hold, init writes how the harness ended
//! (`page.rs`).
//!
//! Outer and init are made in `tree.rs`. Everything between `fork` and
//! `exec` is async-signal-safe: system calls on data prepared before
//! `fork`, no allocation.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, Result};
use landlock::RulesetCreated;

use super::landlock_rules;
use super::namespaces::{self, Join};
use super::page::{
    APPLIED, LANDLOCK_ERRNO, NAMESPACES_ERRNO, PageHandle, REFUSED, REFUSED_ERRNO, SharedPage,
    errno,
};
use super::tree::{forbid_nested_user_namespaces, supervise};
use super::{Applied, Launch, Policy, Protection, Refused};

/// The most processes a harness (with everything it starts) may have,
/// counted inside its own user namespace.
pub const MAX_PROCESSES: u64 = 64;

pub fn unavailable(p: Protection, policy: &Policy) -> Option<String> {
    if let Some(needed) = landlock_rules::needed_abi(p) {
        let abi = landlock_rules::kernel_abi();
        return match abi {
            0 => Some("el núcleo no tiene Landlock activado (hace falta Linux 5.13 o posterior, con Landlock entre los LSM)".into()),
            abi if abi < needed => Some(format!(
                "el núcleo tiene Landlock ABI {abi} y hace falta la {needed}"
            )),
            _ => None,
        };
    }
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if p == Protection::ProcessLimit && root && drop_to(policy).is_none() {
        return Some(
            "el corrector corre como root sin bajar los privilegios de tu código, y el núcleo no limita la cantidad de procesos de root"
                .into(),
        );
    }
    None
}

/// The user and group a driver running as root starts its harnesses as;
/// `None` when it does not run as root, or the switch is off.
pub fn drop_to(policy: &Policy) -> Option<(libc::uid_t, libc::gid_t)> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    (root && policy.enabled(Protection::UnprivilegedUser))
        .then_some((super::UNPRIVILEGED_ID, super::UNPRIVILEGED_ID))
}

pub fn shield_driver() -> Result<(), String> {
    // SAFETY: prctl(PR_SET_DUMPABLE, 0) only changes this process's flag.
    if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0 {
        Ok(())
    } else {
        Err(format!(
            "prctl(PR_SET_DUMPABLE) falló: {}",
            io::Error::last_os_error()
        ))
    }
}

/// The parent's side of one launch: the shared page, read after `spawn`.
pub struct Pending {
    page: SharedPage,
    wanted_namespaces: bool,
    /// Why the shared namespaces could not be made, if they could not.
    namespaces_errno: i32,
}

pub fn configure(cmd: &mut Command, policy: &Policy, launch: &Launch) -> Result<Pending> {
    let page = SharedPage::new().context("no se pudo preparar el aislamiento")?;
    let wants = |p| policy.enabled(p);
    let (fs, net, scope) = (
        wants(Protection::LandlockFilesystem),
        wants(Protection::LandlockNetwork),
        wants(Protection::LandlockScope),
    );
    let ruleset = match landlock_rules::ruleset(launch, fs, net, scope) {
        Ok(ruleset) => ruleset,
        Err(e) if policy.strict => return Err(e),
        Err(_) => None,
    };
    let drop = drop_to(policy);
    let (namespaces, namespaces_errno) = if wants(Protection::Namespaces) {
        match namespaces::shared(drop) {
            Ok(shared) => (Some(shared.join()), 0),
            Err(errno) if policy.strict => {
                return Err(Refused(format!(
                    "con --strict el corrector sólo corrige con todas las protecciones, y no se pudo aplicar: namespaces ({})",
                    error_text(errno)
                ))
                .into());
            }
            Err(errno) => (None, errno),
        }
    } else {
        (None, 0)
    };
    let mut plan = Plan {
        page: page.handle(),
        ruleset,
        landlock: (fs, net, scope),
        process_group: wants(Protection::ProcessGroup),
        resource_limits: wants(Protection::ResourceLimits),
        namespaces,
        process_limit: wants(Protection::ProcessLimit),
        strict: policy.strict,
        // SAFETY: getpid has no preconditions.
        driver: unsafe { libc::getpid() },
        // SAFETY: geteuid has no preconditions.
        root: unsafe { libc::geteuid() } == 0 && drop.is_none(),
        drop,
        memory_bytes: launch.memory_bytes,
        cpu_seconds: launch.cpu_seconds,
        file_size_bytes: launch.file_size_bytes,
    };
    if plan.process_group {
        // Its own process group, so the driver can kill what it starts.
        cmd.process_group(0);
    }
    // SAFETY: the closure runs in the forked child before exec and makes
    // only async-signal-safe calls (system calls on prepared data; see Plan).
    unsafe {
        cmd.pre_exec(move || plan.run());
    }
    Ok(Pending {
        page,
        wanted_namespaces: wants(Protection::Namespaces),
        namespaces_errno,
    })
}

impl Pending {
    pub fn applied(&self) -> (Applied, Vec<(Protection, String)>) {
        let applied = Applied::from_bits(self.page.handle().get(APPLIED));
        let mut notes = Vec::new();
        let ns_errno = match self.namespaces_errno {
            0 => self.page.handle().get(NAMESPACES_ERRNO),
            errno => errno as u32,
        };
        if self.wanted_namespaces && ns_errno != 0 {
            notes.push((
                Protection::Namespaces,
                format!(
                    "el sistema no deja crear espacios de nombres de usuario sin privilegios ({})",
                    error_text(ns_errno as i32)
                ),
            ));
            notes.push((
                Protection::ProcessLimit,
                "sin espacio de nombres de usuario propio, el límite contaría todos tus procesos"
                    .into(),
            ));
        }
        let ll_errno = self.page.handle().get(LANDLOCK_ERRNO);
        if ll_errno != 0 {
            let error = error_text(ll_errno as i32);
            for p in [
                Protection::LandlockFilesystem,
                Protection::LandlockNetwork,
                Protection::LandlockScope,
            ] {
                notes.push((p, format!("no se pudo aplicar Landlock ({error})")));
            }
        }
        (applied, notes)
    }

    pub fn refusal(&self) -> Option<Refused> {
        let bits = self.page.handle().get(REFUSED);
        if bits == 0 {
            return None;
        }
        let errno = self.page.handle().get(REFUSED_ERRNO);
        let which: Vec<&str> = Protection::ALL
            .into_iter()
            .filter(|p| Applied::from_bits(bits).has(*p))
            .map(Protection::id)
            .collect();
        let error = if errno == 0 {
            String::new()
        } else {
            format!(" ({})", error_text(errno as i32))
        };
        Some(Refused(format!(
            "con --strict el corrector sólo corrige con todas las protecciones, y no se pudo aplicar: {}{error}",
            which.join(", ")
        )))
    }
}

/// What the child does, prepared in the parent.
struct Plan {
    page: PageHandle,
    ruleset: Option<RulesetCreated>,
    /// Landlock filesystem, network and scope rules requested.
    landlock: (bool, bool, bool),
    process_group: bool,
    resource_limits: bool,
    /// The shared namespaces to join, when namespaces are wanted and work.
    namespaces: Option<Join>,
    process_limit: bool,
    strict: bool,
    driver: libc::pid_t,
    /// The harness runs as root (inside a user namespace the child cannot
    /// tell any more).
    root: bool,
    /// The user and group to become first, when the driver runs as root.
    drop: Option<(libc::uid_t, libc::gid_t)>,
    memory_bytes: u64,
    cpu_seconds: u64,
    file_size_bytes: u64,
}

impl Plan {
    /// Runs in the forked child. Returns only in the process that will
    /// exec the harness.
    fn run(&mut self) -> io::Result<()> {
        let mut applied = Applied::default();
        // SAFETY (whole function): only system calls, on values prepared
        // before fork.
        unsafe {
            // std made the process group (`Command::process_group`) before
            // this closure runs; checked, not assumed.
            if self.process_group {
                if libc::getpgrp() != libc::getpid() {
                    return self.refuse(Protection::ProcessGroup);
                }
                applied = applied.with(Protection::ProcessGroup);
            }
            // Before the death signal: changing credentials clears it.
            if let Some((uid, gid)) = self.drop
                && (libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setresgid(gid, gid, gid) != 0
                    || libc::setresuid(uid, uid, uid) != 0)
            {
                return self.refuse(Protection::UnprivilegedUser);
            }
            if libc::geteuid() != 0 && libc::getuid() != 0 {
                applied = applied.with(Protection::UnprivilegedUser);
            }
            // Die with the driver, even if it is killed.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
            if libc::getppid() != self.driver {
                libc::_exit(137);
            }
            if self.resource_limits && !set_limit(libc::RLIMIT_CORE, 0) {
                return self.refuse(Protection::ResourceLimits);
            }
            let mut in_namespaces = false;
            if let Some(join) = self.namespaces {
                match namespaces::enter(join) {
                    Ok(()) => {
                        forbid_nested_user_namespaces();
                        supervise(self.page)?;
                        in_namespaces = true;
                        applied = applied.with(Protection::Namespaces);
                    }
                    Err(errno) => {
                        self.page.set(NAMESPACES_ERRNO, errno as u32);
                        if self.strict {
                            return self.refuse(Protection::Namespaces);
                        }
                    }
                }
            }
            // From here on: the harness process.
            if self.resource_limits {
                let cpu = self.cpu_seconds;
                if !(set_limit(libc::RLIMIT_AS, self.memory_bytes)
                    && set_limit(libc::RLIMIT_CPU, cpu)
                    && set_limit(libc::RLIMIT_FSIZE, self.file_size_bytes))
                {
                    return self.refuse(Protection::ResourceLimits);
                }
                applied = applied.with(Protection::ResourceLimits);
            }
            if in_namespaces && self.process_limit {
                if !set_limit(libc::RLIMIT_NPROC, MAX_PROCESSES) {
                    return self.refuse(Protection::ProcessLimit);
                }
                // The kernel does not apply RLIMIT_NPROC to root.
                if !self.root {
                    applied = applied.with(Protection::ProcessLimit);
                }
            }
            libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        }
        if let Some(ruleset) = self.ruleset.take() {
            let (fs, net, scope) = self.landlock;
            match ruleset.restrict_self() {
                Ok(status) => {
                    applied = Applied::from_bits(
                        applied.bits() | landlock_rules::enforced(&status, fs, net, scope).bits(),
                    );
                }
                Err(_) => self.page.set(LANDLOCK_ERRNO, errno().max(1)),
            }
        }
        if self.strict {
            for p in [
                Protection::ProcessGroup,
                Protection::ResourceLimits,
                Protection::Namespaces,
                Protection::ProcessLimit,
                Protection::LandlockFilesystem,
                Protection::LandlockNetwork,
                Protection::LandlockScope,
                Protection::UnprivilegedUser,
            ] {
                if !applied.has(p) {
                    return self.refuse(p);
                }
            }
        }
        self.page.set(APPLIED, applied.bits());
        Ok(())
    }

    /// Records which protection failed and fails the launch.
    fn refuse(&self, p: Protection) -> io::Result<()> {
        let errno = errno();
        self.page.set(REFUSED, Applied::default().with(p).bits());
        self.page.set(REFUSED_ERRNO, errno);
        Err(io::Error::from_raw_os_error(if errno == 0 {
            libc::EPERM
        } else {
            errno as i32
        }))
    }
}

#[cfg(target_env = "gnu")]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(target_env = "gnu"))]
type Resource = libc::c_int;

/// Sets a soft and hard limit (so it cannot be raised back).
unsafe fn set_limit(resource: Resource, value: u64) -> bool {
    let limit = libc::rlimit {
        rlim_cur: value as libc::rlim_t,
        rlim_max: value as libc::rlim_t,
    };
    // SAFETY: setrlimit reads only `limit`.
    unsafe { libc::setrlimit(resource, &limit) == 0 }
}

/// A system error in the student's words, with its number for whoever
/// looks it up.
fn error_text(errno: i32) -> String {
    let what = match errno {
        libc::EPERM | libc::EACCES => "sin permiso".to_string(),
        libc::ENOSPC | libc::EUSERS => "se llegó al límite de espacios de nombres".to_string(),
        libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP => "el núcleo no lo permite".to_string(),
        _ => io::Error::from_raw_os_error(errno).to_string(),
    };
    format!("{what}, errno {errno}")
}
