//! The page of memory one launch's processes share with the driver (mapped
//! before `fork`, gone from the harness at `exec`; see [`super::linux`]):
//! its slots, read and written with atomics.

use std::io;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

// Slots of the shared page.
pub(super) const APPLIED: usize = 0;
pub(super) const HARNESS_STATUS: usize = 1;
pub(super) const HARNESS_ENDED: usize = 2;
pub(super) const NAMESPACES_ERRNO: usize = 3;
pub(super) const LANDLOCK_ERRNO: usize = 4;
/// In strict mode: the bit of the protection that could not be applied.
pub(super) const REFUSED: usize = 5;
pub(super) const REFUSED_ERRNO: usize = 6;
const SLOTS: usize = 7;

pub(super) fn errno() -> u32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0) as u32
}

/// One page shared by the driver and the processes of one launch.
pub(super) struct SharedPage(PageHandle);

#[derive(Clone, Copy)]
pub(super) struct PageHandle(NonNull<AtomicU32>);

// SAFETY: the page is only accessed through atomics.
unsafe impl Send for PageHandle {}
// SAFETY: as above.
unsafe impl Sync for PageHandle {}

const PAGE_BYTES: usize = 4096;

impl SharedPage {
    pub(super) fn new() -> io::Result<Self> {
        // SAFETY: an anonymous shared mapping; checked for failure.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                PAGE_BYTES,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        NonNull::new(ptr.cast::<AtomicU32>())
            .map(|p| SharedPage(PageHandle(p)))
            .ok_or_else(|| io::Error::other("mmap"))
    }

    pub(super) fn handle(&self) -> PageHandle {
        self.0
    }
}

impl Drop for SharedPage {
    fn drop(&mut self) {
        // SAFETY: unmaps the page mapped in `new`; children keep their own
        // mapping.
        unsafe {
            libc::munmap(self.0.0.as_ptr().cast(), PAGE_BYTES);
        }
    }
}

impl PageHandle {
    fn slot(self, i: usize) -> &'static AtomicU32 {
        debug_assert!(i < SLOTS);
        // SAFETY: the page holds PAGE_BYTES / 4 zero-initialised u32s and
        // outlives every access (the parent unmaps it only after reading;
        // children have their own mapping).
        unsafe { &*self.0.as_ptr().add(i) }
    }

    pub(super) fn get(self, i: usize) -> u32 {
        self.slot(i).load(Ordering::SeqCst)
    }

    pub(super) fn set(self, i: usize, v: u32) {
        self.slot(i).store(v, Ordering::SeqCst);
    }
}
