//! The Landlock ruleset of one harness launch, built in the driver before
//! `fork` (so the child only has to call `landlock_restrict_self`).
//!
//! The harness may read and execute its own program and the shared
//! libraries it maps (the same system libraries the driver maps: both are
//! Rust programs from the same toolchain), read `/etc/ld.so.cache`,
//! `/dev/zero` and `/dev/urandom`, read and write `/dev/null`, read its
//! cases file and write its results file. Nothing else: no other file, no
//! directory listing, no creating, removing, renaming or linking anything,
//! no TCP (and no UDP where the kernel handles it), and no signal or
//! abstract unix socket outside its own domain. Landlock also denies
//! `ptrace` of processes outside the domain, which covers
//! `/proc/<pid>/mem` and `/proc/<pid>/fd` of the driver.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, Result};
use landlock::{
    ABI, Access, AccessFs, AccessNet, BitFlags, LandlockStatus, PathBeneath, PathFd,
    RestrictionStatus, Ruleset, RulesetAttr, RulesetCreated, RulesetCreatedAttr, RulesetStatus,
    Scope,
};

use super::{Applied, Launch, Protection};

/// The newest ABI this grader knows: rights the kernel does not support are
/// left out (best effort), and the report says which protections held.
const NEWEST: ABI = ABI::V10;

/// The Landlock ABI of the running kernel (0: no Landlock).
pub fn kernel_abi() -> i32 {
    static ABI_VERSION: OnceLock<i32> = OnceLock::new();
    *ABI_VERSION.get_or_init(|| {
        const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
        // SAFETY: with a null attribute, size 0 and the VERSION flag, the
        // call only returns the ABI version (or an error); it touches no memory.
        let v = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::null::<u8>(),
                0usize,
                LANDLOCK_CREATE_RULESET_VERSION,
            )
        };
        i32::try_from(v).unwrap_or(0).max(0)
    })
}

/// The ABI each protection needs to be complete: filesystem rules need 3
/// (before it, `truncate` was not controlled), TCP rules 4, scoping 6.
pub fn needed_abi(p: Protection) -> Option<i32> {
    match p {
        Protection::LandlockFilesystem => Some(3),
        Protection::LandlockNetwork => Some(4),
        Protection::LandlockScope => Some(6),
        _ => None,
    }
}

struct Wanted {
    filesystem: bool,
    network: bool,
    scope: bool,
}

/// The ruleset for `launch`, or None when no Landlock protection is wanted
/// or the kernel has no Landlock.
pub fn ruleset(
    launch: &Launch,
    filesystem: bool,
    network: bool,
    scope: bool,
) -> Result<Option<RulesetCreated>> {
    let wanted = Wanted {
        filesystem,
        network,
        scope,
    };
    if kernel_abi() == 0 || !(wanted.filesystem || wanted.network || wanted.scope) {
        return Ok(None);
    }
    build(launch, &wanted)
        .context("no se pudo preparar el aislamiento Landlock")
        .map(Some)
}

fn build(launch: &Launch, wanted: &Wanted) -> Result<RulesetCreated> {
    let mut ruleset = Ruleset::default();
    if wanted.filesystem {
        ruleset = ruleset.handle_access(AccessFs::from_all(NEWEST))?;
    }
    if wanted.network {
        ruleset = ruleset.handle_access(AccessNet::from_all(NEWEST))?;
    }
    if wanted.scope {
        ruleset = ruleset.scope(Scope::from_all(NEWEST))?;
    }
    let mut created = ruleset.create()?;
    if !wanted.filesystem {
        return Ok(created);
    }
    for (fd, access) in system_files() {
        created = created.add_rule(PathBeneath::new(fd, *access))?;
    }
    let open = |path: &Path| {
        PathFd::new(path).with_context(|| format!("no se pudo abrir {}", path.display()))
    };
    created = created.add_rule(PathBeneath::new(
        open(launch.program)?,
        AccessFs::ReadFile | AccessFs::Execute,
    ))?;
    for path in launch.reads {
        created = created.add_rule(PathBeneath::new(open(path)?, AccessFs::ReadFile))?;
    }
    for path in launch.writes {
        created = created.add_rule(PathBeneath::new(open(path)?, AccessFs::WriteFile))?;
    }
    Ok(created)
}

/// What a successful `restrict_self` enforced, as protections.
pub fn enforced(
    status: &RestrictionStatus,
    filesystem: bool,
    network: bool,
    scope: bool,
) -> Applied {
    let mut applied = Applied::default();
    if status.ruleset == RulesetStatus::NotEnforced {
        return applied;
    }
    let LandlockStatus::Available { effective_abi, .. } = status.landlock else {
        return applied;
    };
    let abi = effective_abi as i32;
    for (p, wanted) in [
        (Protection::LandlockFilesystem, filesystem),
        (Protection::LandlockNetwork, network),
        (Protection::LandlockScope, scope),
    ] {
        if wanted && needed_abi(p).is_some_and(|n| abi >= n) {
            applied = applied.with(p);
        }
    }
    applied
}

/// Files every harness needs, opened once per run.
fn system_files() -> &'static [(PathFd, BitFlags<AccessFs>)] {
    static FILES: OnceLock<Vec<(PathFd, BitFlags<AccessFs>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let read = BitFlags::from(AccessFs::ReadFile);
        let mut wanted: Vec<(PathBuf, BitFlags<AccessFs>)> = shared_libraries()
            .into_iter()
            .map(|lib| (lib, AccessFs::ReadFile | AccessFs::Execute))
            .collect();
        wanted.push(("/etc/ld.so.cache".into(), read));
        wanted.push(("/dev/null".into(), AccessFs::ReadFile | AccessFs::WriteFile));
        wanted.push(("/dev/zero".into(), read));
        wanted.push(("/dev/urandom".into(), read));
        wanted
            .into_iter()
            .filter_map(|(path, access)| Some((PathFd::new(path).ok()?, access)))
            .collect()
    })
}

/// The shared libraries (and the dynamic loader) this process maps.
fn shared_libraries() -> Vec<PathBuf> {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let mut libs: Vec<PathBuf> = maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .filter(|path| path.starts_with('/') && path.contains(".so"))
        .map(PathBuf::from)
        .collect();
    libs.sort();
    libs.dedup();
    libs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dynamic_loader_and_libc_are_among_the_shared_libraries() {
        let libs = shared_libraries();
        let names: Vec<String> = libs
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        assert!(names.iter().any(|n| n.starts_with("libc.so")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("ld-")), "{names:?}");
    }
}
