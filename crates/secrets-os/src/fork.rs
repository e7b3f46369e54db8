//! Fork detection for userspace generators: [`generation`] changes in every
//! child process, however the child was made.
//!
//! A generator whose state is copied into a child by `fork` would hand the
//! child the parent's next bytes. Every DRBG of the project records the
//! generation it was seeded in and compares it with [`generation`] on every
//! request (not only when it refills a buffer: rand issue 1362); on a change
//! it discards buffered output and reseeds before producing anything.
//!
//! # Detectors, best first
//!
//! | detector | where | cost per call | what it catches |
//! | --- | --- | --- | --- |
//! | [`Detector::WipeOnFork`] | Linux ≥ 4.14, Android | two loads | every child: `fork`, `_Fork`, raw `clone` without `CLONE_VM` |
//! | [`Detector::AtForkAndPid`] | other Unix, older Linux | `getpid` | children made through libc, and any child whose pid differs from the last one seen |
//! | [`Detector::EveryCall`] | when `pthread_atfork` itself fails | — | everything: each call is a new generation, so a DRBG reseeds on every request |
//! | [`Detector::NoFork`] | not Unix (Windows) | one load | nothing to catch: no `fork` |
//!
//! **`MADV_WIPEONFORK`** (what BoringSSL and AWS-LC do): one page is mapped
//! and marked so that the kernel hands every child a zero-filled copy. The
//! page holds the current generation, never zero in a process that has read
//! it. A zero therefore proves "this is a child": the reader takes a fresh
//! generation, larger than any its ancestors handed out, and writes it into
//! the page (lock-free; racing threads agree through a compare-and-swap).
//! The kernel does the wiping inside `fork` itself, before any `pthread_atfork`
//! handler runs in the child, so no handler order and no way of creating the
//! child (`fork`, glibc's `_Fork`, a raw `clone(SIGCHLD)`) can get around it.
//!
//! **Fallback**: where the madvise is refused (kernels before 4.14, other
//! Unix systems), a `pthread_atfork` child handler bumps the generation and
//! every call also compares the process id with the last one seen, which
//! catches children that ran no handler (raw `clone`, handlers registered
//! before ours that draw in the child). What it cannot catch: a child made
//! without libc whose pid equals that of a dead ancestor that last used the
//! generator. Where even `pthread_atfork` fails (it can only fail with
//! `ENOMEM`), every call returns a new generation: DRBGs then reseed on every
//! request, slow but never repeating — nothing, pid reuse included, can fool
//! a detector that never says "same process".
//!
//! Generations are never 0, and within one line of descent a child's value
//! is larger than every value its ancestors handed out, so a value recorded
//! in any ancestor never matches.
//!
//! ```
//! let before = secrets_os::fork::generation();
//! // … fork() here: in the child, generation() differs …
//! assert_eq!(secrets_os::fork::generation(), before); // same process, same generation
//! println!("fork detection: {}", secrets_os::fork::detector().label());
//! ```
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// Which mechanism detects fork in this process.
///
/// ```
/// use secrets_os::fork::{Detector, detector};
/// if cfg!(target_os = "linux") {
///     assert_ne!(detector(), Detector::NoFork);
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Detector {
    /// A `MADV_WIPEONFORK` page (Linux ≥ 4.14).
    WipeOnFork,
    /// A `pthread_atfork` child handler plus a process-id check on every call.
    AtForkAndPid,
    /// Every call is a new generation (`pthread_atfork` failed).
    EveryCall,
    /// The platform has no `fork`.
    NoFork,
}

impl Detector {
    /// A short description for diagnostics and docs.
    ///
    /// ```
    /// println!("{}", secrets_os::fork::Detector::WipeOnFork.label());
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Detector::WipeOnFork => "MADV_WIPEONFORK page",
            Detector::AtForkAndPid => "pthread_atfork handler and process id",
            Detector::EveryCall => "a new generation on every call",
            Detector::NoFork => "none needed (no fork on this platform)",
        }
    }
}

/// The last generation handed out in this line of descent. Ordinary memory:
/// a child inherits it, and takes a larger one.
static LAST: AtomicU64 = AtomicU64::new(0);

const UNINITIALIZED: u8 = 0;
const WIPE_ON_FORK: u8 = 2;
const AT_FORK: u8 = 3;
#[cfg_attr(not(unix), allow(dead_code))]
const EVERY_CALL: u8 = 4;
const NO_FORK: u8 = 5;

static MODE: AtomicU8 = AtomicU8::new(UNINITIALIZED);

/// The next generation of this line of descent: larger than any handed out
/// before in this process or its ancestors.
fn next_generation() -> u64 {
    LAST.fetch_add(1, Ordering::Relaxed).wrapping_add(1).max(1)
}

/// The current fork generation: nonzero, stable within a process, different
/// in every child. Record it when seeding (before drawing the seed) and
/// compare on every request; only equality is meaningful.
///
/// ```
/// /// A cache that must never be shared with a forked child.
/// struct Cache { generation: u64, bytes: Vec<u8> }
/// impl Cache {
///     fn take(&mut self) -> Option<u8> {
///         if self.generation != secrets_os::fork::generation() {
///             self.bytes.clear(); // inherited from the parent: discard
///             return None;
///         }
///         self.bytes.pop()
///     }
/// }
/// let mut cache = Cache { generation: secrets_os::fork::generation(), bytes: vec![1, 2] };
/// assert_eq!(cache.take(), Some(2));
/// ```
#[inline]
pub fn generation() -> u64 {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        if let Some(page) = wipe_on_fork::page() {
            let current = page.load(Ordering::Relaxed);
            if current != 0 {
                return current;
            }
        }
    }
    generation_slow()
}

#[cold]
#[inline(never)]
fn generation_slow() -> u64 {
    match MODE.load(Ordering::Acquire) {
        UNINITIALIZED => choose(),
        #[cfg(any(target_os = "linux", target_os = "android"))]
        WIPE_ON_FORK => wipe_on_fork::after_wipe(),
        #[cfg(unix)]
        AT_FORK => at_fork::generation(),
        NO_FORK => 1,
        // EVERY_CALL, and any value this build cannot produce.
        _ => next_generation(),
    }
}

/// Chooses the detector and answers the call. Lock-free: racing threads each
/// try; the page is published by a compare-and-swap and the losers release
/// their own. Nobody waits for anybody, so a child forked in the middle of
/// this simply chooses again.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn choose() -> u64 {
    if let Some(current) = wipe_on_fork::install() {
        MODE.store(WIPE_ON_FORK, Ordering::Release);
        return current;
    }
    choose_without_wipe_on_fork()
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn choose() -> u64 {
    choose_without_wipe_on_fork()
}

#[cfg(unix)]
fn choose_without_wipe_on_fork() -> u64 {
    match at_fork::install() {
        at_fork::Registration::Done => {
            MODE.store(AT_FORK, Ordering::Release);
            at_fork::generation()
        }
        // Another thread is registering: the pid check works meanwhile, and
        // that thread records the outcome.
        at_fork::Registration::InProgress => at_fork::generation(),
        at_fork::Registration::Failed => {
            MODE.store(EVERY_CALL, Ordering::Release);
            next_generation()
        }
    }
}

#[cfg(not(unix))]
fn choose() -> u64 {
    MODE.store(NO_FORK, Ordering::Release);
    1
}

/// The generation as the `MADV_WIPEONFORK` page alone tells it: `None`
/// unless that page is in place (another detector, or the page disabled by
/// the test hook). Unlike [`generation`], whose fallbacks may hand out a new
/// value without a fork, two equal results here always mean the same process
/// and two different ones a different process, so the vDSO's state table
/// may reclaim the slots of an ancestor's threads on a change.
#[inline]
#[cfg_attr(
    not(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64"),
        not(secrets_force_syscall)
    )),
    allow(dead_code)
)]
pub(crate) fn exact_generation() -> Option<u64> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        if let Some(page) = wipe_on_fork::page() {
            return Some(wipe_on_fork::after_wipe_of(page));
        }
        if MODE.load(Ordering::Acquire) == UNINITIALIZED {
            let _ = generation();
            return wipe_on_fork::page().map(wipe_on_fork::after_wipe_of);
        }
    }
    None
}

/// The detector this process uses (choosing it now if nothing has asked
/// yet).
///
/// ```
/// println!("this process detects fork with: {}", secrets_os::fork::detector().label());
/// ```
pub fn detector() -> Detector {
    let _ = generation();
    match MODE.load(Ordering::Acquire) {
        WIPE_ON_FORK => Detector::WipeOnFork,
        AT_FORK => Detector::AtForkAndPid,
        NO_FORK => Detector::NoFork,
        _ => Detector::EveryCall,
    }
}

/// Test hook: switches this process to `detector` (only the fallbacks and
/// back to the page, where the platform has them), so that tests can fork
/// under each one. Never call it outside tests.
///
/// # Errors
/// A description when the platform lacks that detector.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub fn force_detector(detector: Detector) -> Result<(), &'static str> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    wipe_on_fork::set_enabled(detector == Detector::WipeOnFork);
    let mode = match detector {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        Detector::WipeOnFork if wipe_on_fork::install().is_some() => WIPE_ON_FORK,
        #[cfg(unix)]
        Detector::AtForkAndPid if at_fork::install() == at_fork::Registration::Done => AT_FORK,
        Detector::EveryCall => EVERY_CALL,
        _ => return Err("that detector is not available on this platform"),
    };
    MODE.store(mode, Ordering::Release);
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod wipe_on_fork {
    use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

    use super::next_generation;

    /// The page's first word, once mapped and marked. Never unmapped.
    static PAGE: AtomicPtr<AtomicU64> = AtomicPtr::new(core::ptr::null_mut());
    /// Test hook state: the page is ignored while this is false.
    #[cfg(feature = "test-hooks")]
    static ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

    #[inline(always)]
    pub(super) fn page() -> Option<&'static AtomicU64> {
        let page = PAGE.load(Ordering::Acquire);
        if page.is_null() {
            return None;
        }
        #[cfg(feature = "test-hooks")]
        if !ENABLED.load(Ordering::Relaxed) {
            return None;
        }
        // SAFETY: `install` publishes only the start of a private anonymous
        // mapping of one page that is never unmapped, so the pointer is valid
        // for the life of the process (and of every child, which inherits the
        // mapping). Page alignment satisfies `AtomicU64`'s alignment, and the
        // memory is only ever accessed through this atomic. The kernel
        // zeroing the page in a child is an ordinary store from our point of
        // view: the child's first read sees 0.
        Some(unsafe { &*page })
    }

    #[cfg(feature = "test-hooks")]
    pub(super) fn set_enabled(enabled: bool) {
        ENABLED.store(enabled, Ordering::Relaxed);
    }

    /// Maps the page, marks it and publishes it holding a fresh generation;
    /// returns the page's current value, or `None` if the kernel refuses
    /// (the mapping is then released). If another thread published first,
    /// its page is used and ours released.
    pub(super) fn install() -> Option<u64> {
        if let Some(page) = page() {
            return Some(after_wipe_of(page));
        }
        // SAFETY: `sysconf` has no preconditions.
        let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let len = usize::try_from(page_size).ok()?;
        if len < core::mem::size_of::<AtomicU64>() {
            return None;
        }
        // SAFETY: an anonymous private mapping at an address of the kernel's
        // choosing touches no existing memory; the result is checked below.
        let addr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if addr == libc::MAP_FAILED {
            return None;
        }
        // SAFETY: `addr..addr + len` is the mapping just created and owned
        // here; madvise only changes how fork treats it.
        let marked = unsafe { libc::madvise(addr, len, libc::MADV_WIPEONFORK) } == 0;
        let word = addr.cast::<AtomicU64>();
        if marked {
            // SAFETY: the mapping is page-aligned, writable and ours alone
            // until it is published below.
            unsafe { &*word }.store(next_generation(), Ordering::Relaxed);
            if PAGE
                .compare_exchange(
                    core::ptr::null_mut(),
                    word,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
            {
                return page().map(after_wipe_of);
            }
        }
        // SAFETY: unmapping the mapping created above, which nothing else
        // has seen (the compare-and-swap did not publish it).
        unsafe { libc::munmap(addr, len) };
        if marked {
            page().map(after_wipe_of)
        } else {
            None
        }
    }

    /// The page read zero: this process is a child of the one that stored
    /// the last value. Takes a fresh generation; racing threads settle on
    /// one through the compare-and-swap.
    pub(super) fn after_wipe() -> u64 {
        match page() {
            Some(page) => after_wipe_of(page),
            // Disabled by the test hook while MODE still says WIPE_ON_FORK.
            None => next_generation(),
        }
    }

    /// The page's value, taking a fresh one first if the page reads zero.
    #[inline]
    pub(super) fn after_wipe_of(page: &AtomicU64) -> u64 {
        let current = page.load(Ordering::Relaxed);
        if current != 0 {
            return current;
        }
        let fresh = next_generation();
        match page.compare_exchange(0, fresh, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => fresh,
            Err(current) => current,
        }
    }
}

#[cfg(unix)]
mod at_fork {
    use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering};

    use super::next_generation;

    /// The generation of the current process (0: none taken yet).
    static CURRENT: AtomicU64 = AtomicU64::new(0);
    /// The process id `CURRENT` belongs to.
    static OWNER: AtomicU32 = AtomicU32::new(0);
    static REGISTERED: AtomicU8 = AtomicU8::new(0);

    extern "C" fn in_child() {
        // Async-signal-safe: atomics only. Forget the parent's generation;
        // the child's first call takes a new one.
        CURRENT.store(0, Ordering::Relaxed);
    }

    /// Where the registration of the child handler stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Registration {
        Done,
        InProgress,
        Failed,
    }

    /// Registers the child handler once.
    pub(super) fn install() -> Registration {
        match REGISTERED.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                // SAFETY: `pthread_atfork` only stores the function pointer;
                // the child handler is an `extern "C"` function without
                // arguments that does one atomic store (async-signal-safe, as
                // the post-fork child requires). POSIX allows `None` for the
                // other two hooks.
                let rc = unsafe { libc::pthread_atfork(None, None, Some(in_child)) };
                let outcome = if rc == 0 { 2 } else { 3 };
                REGISTERED.store(outcome, Ordering::Release);
                if rc == 0 {
                    Registration::Done
                } else {
                    Registration::Failed
                }
            }
            Err(2) => Registration::Done,
            Err(3) => Registration::Failed,
            Err(_) => Registration::InProgress,
        }
    }

    pub(super) fn generation() -> u64 {
        let pid = std::process::id();
        let current = CURRENT.load(Ordering::Acquire);
        if current != 0 && OWNER.load(Ordering::Acquire) == pid {
            return current;
        }
        // A child (the handler cleared CURRENT, or the pid moved): a new
        // generation for this process. Racing threads may each take one;
        // the last store wins and the others' callers reseed once more.
        let fresh = next_generation();
        OWNER.store(pid, Ordering::Release);
        CURRENT.store(fresh, Ordering::Release);
        fresh
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Forks; the child exits with `child()`'s verdict (0 = pass).
    fn in_child(child: impl FnOnce() -> bool) -> bool {
        // SAFETY: the test binary forks to check generations; the child only
        // runs the closure (atomics, getpid, at most an mmap) and `_exit`s.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            let code = i32::from(!child());
            // SAFETY: ends the child without running the parent's atexit
            // handlers or the test harness teardown.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting for our own child with a valid status pointer.
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
    }

    #[test]
    fn stable_in_a_process_and_new_in_every_child() {
        let parent = generation();
        assert_ne!(parent, 0);
        assert_eq!(generation(), parent, "stable within a process");
        #[cfg(target_os = "linux")]
        assert_eq!(detector(), Detector::WipeOnFork, "Linux >= 4.14 is assumed");
        assert!(in_child(|| {
            let child = generation();
            // Nested: a grandchild differs from both.
            child != parent
                && generation() == child
                && in_child(|| {
                    let grandchild = generation();
                    grandchild != child && grandchild != parent
                })
        }));
        assert_eq!(generation(), parent, "the parent keeps its generation");
    }
}
