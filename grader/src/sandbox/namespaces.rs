//! The namespaces of the harnesses.
//!
//! A new network namespace costs about a millisecond to create and more to
//! tear down, so all the harnesses of one driver share one: a user
//! namespace with an empty network namespace (loopback down, no other
//! interface), made once by a short-lived child and kept alive by the
//! driver's file descriptors. Each harness then joins those two and makes
//! its own nested user namespace (where its process count is limited), PID
//! namespace (whose end kills everything it started) and IPC namespace
//! (so System V objects it leaves die with it). A harness has no
//! capability in the shared namespaces, so it cannot bring an interface
//! up; Landlock keeps harnesses apart from each other's sockets.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::OnceLock;

/// The shared user and network namespaces.
pub struct Shared {
    user: OwnedFd,
    net: OwnedFd,
}

/// The descriptors a child joins, copied into the pre-exec closure.
#[derive(Clone, Copy)]
pub struct Join {
    user: RawFd,
    net: RawFd,
}

impl Shared {
    pub fn join(&self) -> Join {
        Join {
            user: self.user.as_raw_fd(),
            net: self.net.as_raw_fd(),
        }
    }
}

/// The driver's shared namespaces, made on first use; the error number when
/// the system does not allow them.
///
/// With `owner` (a driver running as root), the namespaces belong to that
/// unprivileged user and group, which each harness becomes before joining
/// them: a user namespace can be joined only by its owner.
pub fn shared(owner: Option<(libc::uid_t, libc::gid_t)>) -> Result<&'static Shared, i32> {
    static SHARED: OnceLock<Result<Shared, i32>> = OnceLock::new();
    SHARED.get_or_init(|| make(owner)).as_ref().map_err(|e| *e)
}

fn make(owner: Option<(libc::uid_t, libc::gid_t)>) -> Result<Shared, i32> {
    // The harnesses' user and group map to themselves in the shared user
    // namespace, so that each launch can nest its own user namespace in it.
    // SAFETY: geteuid and getegid have no preconditions.
    let (uid, gid) = owner.unwrap_or_else(|| unsafe { (libc::geteuid(), libc::getegid()) });
    let uid_map = format!("{uid} {uid} 1\n");
    let gid_map = format!("{gid} {gid} 1\n");
    let ready = pipe()?;
    let release = pipe()?;
    // SAFETY: the child makes only async-signal-safe calls (prctl, unshare,
    // write, read, _exit) and never returns.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(errno());
    }
    if pid == 0 {
        // SAFETY: see above; the descriptors are this child's copies.
        unsafe {
            // Only this child's own ends stay open, or the read below would
            // wait for itself.
            libc::close(ready.0.as_raw_fd());
            libc::close(release.1.as_raw_fd());
            let dropped = match owner {
                Some((uid, gid)) => {
                    libc::setgroups(0, std::ptr::null()) == 0
                        && libc::setresgid(gid, gid, gid) == 0
                        && libc::setresuid(uid, uid, uid) == 0
                }
                None => true,
            };
            // A change of user makes the process non-dumpable, which gives
            // its /proc/self files to root: it could not write its maps.
            libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0);
            // After the change of user, which clears it.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
            let code: i32 = if dropped
                && libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET) == 0
                && write_file(c"/proc/self/setgroups", b"deny")
                && write_file(c"/proc/self/uid_map", uid_map.as_bytes())
                && write_file(c"/proc/self/gid_map", gid_map.as_bytes())
            {
                0
            } else {
                errno().max(1)
            };
            // The driver (same user) opens /proc/<pid>/ns/*: allow it.
            libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0);
            libc::write(ready.1.as_raw_fd(), (&raw const code).cast(), 4);
            let mut byte = 0u8;
            libc::read(release.0.as_raw_fd(), (&raw mut byte).cast(), 1);
            libc::_exit(0);
        }
    }
    drop(ready.1);
    drop(release.0);
    let mut code: i32 = -1;
    // SAFETY: reads at most 4 bytes into `code`.
    let n = unsafe { libc::read(ready.0.as_raw_fd(), (&raw mut code).cast(), 4) };
    let result = if n != 4 {
        Err(libc::ECHILD)
    } else if code != 0 {
        Err(code)
    } else {
        let open = |name: &str| {
            std::fs::File::open(format!("/proc/{pid}/ns/{name}"))
                .map(OwnedFd::from)
                .map_err(|e| e.raw_os_error().unwrap_or(libc::EPERM))
        };
        match (open("user"), open("net")) {
            (Ok(user), Ok(net)) => Ok(Shared { user, net }),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    };
    drop(release.1);
    let mut status = 0;
    // SAFETY: waits for the child forked above.
    unsafe {
        libc::waitpid(pid, &mut status, 0);
    }
    result
}

/// In the forked child of one launch: joins the shared namespaces and makes
/// the launch's own user, PID and IPC namespaces. Returns the error number
/// on failure.
///
/// SAFETY: call only between fork and exec, in a single-threaded child.
pub unsafe fn enter(join: Join) -> Result<(), i32> {
    // SAFETY: system calls on descriptors inherited from the driver.
    unsafe {
        if libc::setns(join.user, libc::CLONE_NEWUSER) != 0
            || libc::setns(join.net, libc::CLONE_NEWNET) != 0
            || libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWPID | libc::CLONE_NEWIPC) != 0
        {
            return Err(errno().max(1));
        }
    }
    Ok(())
}

/// Writes `content` to `path` with plain system calls.
///
/// SAFETY: async-signal-safe; for the forked child.
unsafe fn write_file(path: &std::ffi::CStr, content: &[u8]) -> bool {
    // SAFETY: open/write/close on a fixed path and a prepared buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return false;
        }
        let written = libc::write(fd, content.as_ptr().cast(), content.len());
        libc::close(fd);
        written == content.len() as isize
    }
}

fn pipe() -> Result<(OwnedFd, OwnedFd), i32> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into `fds`.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(errno());
    }
    // SAFETY: both descriptors were just created and are owned here.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn errno() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}
