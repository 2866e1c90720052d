//! The sandbox on Unix systems other than Linux (macOS): resource limits
//! and a process group of its own. Landlock and namespaces do not exist
//! there, and the report says so.

use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{Applied, Launch, Policy, Protection};

pub fn unavailable(p: Protection) -> Option<String> {
    let system = if cfg!(target_os = "macos") {
        "macOS"
    } else {
        "este sistema"
    };
    match p {
        Protection::LandlockFilesystem
        | Protection::LandlockNetwork
        | Protection::LandlockScope
        | Protection::Namespaces
        | Protection::ProcessLimit
        | Protection::DriverShield => Some(format!("no existe en {system}")),
        // SAFETY: geteuid has no preconditions.
        Protection::UnprivilegedUser if unsafe { libc::geteuid() } == 0 => Some(format!(
            "el corrector corre como root, y en {system} no baja los privilegios de tu código"
        )),
        _ => None,
    }
}

pub fn configure(cmd: &mut Command, policy: &Policy, launch: &Launch, planned: Applied) -> Applied {
    let group = policy.enabled(Protection::ProcessGroup);
    let limits = policy.enabled(Protection::ResourceLimits);
    let values = [
        (libc::RLIMIT_AS, launch.memory_bytes),
        (libc::RLIMIT_CPU, launch.cpu_seconds),
        (libc::RLIMIT_FSIZE, launch.file_size_bytes),
        (libc::RLIMIT_CORE, 0),
    ];
    if group {
        // Its own process group, so the driver can kill what it starts.
        cmd.process_group(0);
    }
    // SAFETY: the closure runs in the forked child before exec and only
    // calls setrlimit, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            if limits {
                for (resource, value) in values {
                    let limit = libc::rlimit {
                        rlim_cur: value as libc::rlim_t,
                        rlim_max: value as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
            }
            Ok(())
        });
    }
    let mut applied = planned;
    if group {
        applied = applied.with(Protection::ProcessGroup);
    }
    if limits {
        applied = applied.with(Protection::ResourceLimits);
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        applied = applied.with(Protection::UnprivilegedUser);
    }
    applied
}
