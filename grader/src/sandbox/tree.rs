//! The process tree of one launch in namespaces, made between `fork` and
//! `exec` (see `linux.rs`): the outer process, which stays in the driver's
//! PID namespace and ends the way the harness ended, and the namespace's
//! init, PID 1, which reaps and whose exit makes the kernel kill every
//! process left in the namespace. Async-signal-safe throughout.

use std::io;

use super::page::{HARNESS_ENDED, HARNESS_STATUS, PageHandle, errno};

/// Turns the current process (just moved into new namespaces) into the
/// outer process and the namespace's init; returns only in the harness.
///
/// SAFETY: call only between fork and exec, in a single-threaded child.
pub(super) unsafe fn supervise(page: PageHandle) -> io::Result<()> {
    // SAFETY: fork, waitpid, prctl, close and _exit in a single-threaded
    // child; no allocation.
    unsafe {
        let init = libc::fork();
        if init < 0 {
            return Err(io::Error::last_os_error());
        }
        if init > 0 {
            close_all_files();
            let status = wait_for(init);
            if page.get(HARNESS_ENDED) == 1 {
                end_like(page.get(HARNESS_STATUS) as libc::c_int);
            }
            end_like(status);
        }
        // PID 1 of the new namespace. Its parent (outer) dies only when
        // killed: then this dies too, and the kernel ends the namespace.
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        let harness = libc::fork();
        if harness < 0 {
            return Err(io::Error::last_os_error());
        }
        if harness > 0 {
            close_all_files();
            loop {
                let mut status = 0;
                let pid = libc::waitpid(-1, &mut status, 0);
                if pid == harness {
                    page.set(HARNESS_STATUS, status as u32);
                    page.set(HARNESS_ENDED, 1);
                    libc::_exit(0);
                }
                if pid < 0 && errno() != libc::EINTR as u32 {
                    libc::_exit(0);
                }
            }
        }
        Ok(())
    }
}

/// Stops the harness from creating user namespaces of its own (and with
/// them, capabilities over new namespaces): the limit is per namespace, and
/// this process still has CAP_SYS_RESOURCE in the one it just created.
pub(super) unsafe fn forbid_nested_user_namespaces() {
    // SAFETY: open/write/close of a fixed path with a static buffer.
    unsafe {
        let fd = libc::open(
            c"/proc/sys/user/max_user_namespaces".as_ptr(),
            libc::O_WRONLY | libc::O_CLOEXEC,
        );
        if fd >= 0 {
            libc::write(fd, b"0\n".as_ptr().cast(), 2);
            libc::close(fd);
        }
    }
}

/// Waits for `pid`, retrying on EINTR; its raw wait status.
unsafe fn wait_for(pid: libc::pid_t) -> libc::c_int {
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes only to `status`.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            return status;
        }
        if r < 0 && errno() != libc::EINTR as u32 {
            return 0;
        }
    }
}

/// Ends this process the way a wait status says: the same exit code, or
/// the same signal.
unsafe fn end_like(status: libc::c_int) -> ! {
    // SAFETY: signal, sigprocmask, kill and _exit on this process only.
    unsafe {
        if libc::WIFSIGNALED(status) {
            let signal = libc::WTERMSIG(status);
            libc::signal(signal, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, signal);
            libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::kill(libc::getpid(), signal);
            libc::_exit(128 + signal);
        }
        libc::_exit(if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            1
        })
    }
}

unsafe fn close_all_files() {
    // SAFETY: closing descriptors this process will never use again.
    unsafe {
        if libc::syscall(libc::SYS_close_range, 0u32, u32::MAX, 0u32) != 0 {
            for fd in 0..1024 {
                libc::close(fd);
            }
        }
    }
}
