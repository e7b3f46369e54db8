//! Fork detection for userspace DRBGs.
//!
//! A DRBG whose state is copied into a child process by `fork` would hand the
//! child the same bytes as the parent. Every DRBG wrapper of the project reads
//! [`generation`] on **every** request (not only when it refills a buffer —
//! rand issue 1362) and reseeds, discarding any buffered output, when the value
//! changed since it was seeded.
//!
//! Mechanism: a `pthread_atfork` child handler bumps a process-wide counter.
//! The handler runs in the child before `fork` returns there, so the first
//! request the child makes already sees the new generation. Reading the
//! counter costs one acquire load of the registration state and one relaxed
//! load of the counter.
//!
//! When the handler is not (yet) registered — another thread is registering
//! it right now, or `pthread_atfork` failed (it can only fail with ENOMEM) —
//! the generation is derived from the process id instead: a child's id always
//! differs from its living parent's, so fork is still detected, at the cost
//! of a `getpid` per request. No path panics and none stops detecting forks.
//!
//! Limits (documented in `docs/security.md`): a child created by the raw
//! `clone`/`vfork` system calls without going through libc's `fork` does not
//! run atfork handlers; such a child must not use a DRBG it inherited. VM
//! snapshots are not detected here (the OS backend's vDSO path handles them).
//!
//! This is the only crate of the DRBG stack that needs `unsafe`: registering a
//! C callback with libc.
#![deny(unsafe_code)]

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Where the registration of the fork handler stands.
static HANDLER: AtomicU8 = AtomicU8::new(UNREGISTERED);
const UNREGISTERED: u8 = 0;
const REGISTERING: u8 = 1;
const REGISTERED: u8 = 2;
const FAILED: u8 = 3;

/// Marks process-id generations so that they never equal a counter value.
const PID_GENERATION: u64 = 1 << 63;

#[cfg(unix)]
extern "C" fn bump_generation_in_child() {
    // Async-signal-safe: one atomic add, no allocation, no locks.
    GENERATION.fetch_add(1, Ordering::Relaxed);
}

/// Registers the child handler; `false` if libc refused.
#[cfg(unix)]
fn register_handler() -> bool {
    #[allow(unsafe_code)]
    // SAFETY: `pthread_atfork` only stores the function pointers; the child
    // handler is an `extern "C"` function with no arguments that performs one
    // atomic add, which is async-signal-safe as the post-fork child requires.
    // Passing `None` for the prepare and parent hooks is allowed by POSIX.
    let rc = unsafe { libc::pthread_atfork(None, None, Some(bump_generation_in_child)) };
    rc == 0
}

#[cfg(not(unix))]
fn register_handler() -> bool {
    // No fork on this platform: the generation never changes.
    true
}

/// The fork generation of this process: 0 in the original process, bumped in
/// each child right after `fork`. Call it once when seeding and compare on
/// every request; only equality is meaningful.
///
/// The first call registers the handler; later calls cost two atomic loads.
#[inline]
pub fn generation() -> u64 {
    if HANDLER.load(Ordering::Acquire) == REGISTERED {
        GENERATION.load(Ordering::Relaxed)
    } else {
        generation_unregistered()
    }
}

#[cold]
#[inline(never)]
fn generation_unregistered() -> u64 {
    init();
    match HANDLER.load(Ordering::Acquire) {
        REGISTERED => GENERATION.load(Ordering::Relaxed),
        // Registration failed, or another thread is still in it (or was,
        // when this process was forked from it): detect fork by process id.
        _ => PID_GENERATION | u64::from(std::process::id()),
    }
}

/// Registers the fork handler now (done implicitly by [`generation`]).
pub fn init() {
    if HANDLER
        .compare_exchange(
            UNREGISTERED,
            REGISTERING,
            Ordering::Acquire,
            Ordering::Relaxed,
        )
        .is_ok()
    {
        let outcome = if register_handler() {
            REGISTERED
        } else {
            FAILED
        };
        // Release: the handler is registered before anyone reads REGISTERED.
        HANDLER.store(outcome, Ordering::Release);
    }
}

/// Whether fork detection uses the atfork handler (`true`) or the process-id
/// fallback (`false`: registration failed or is still running elsewhere).
pub fn handler_registered() -> bool {
    HANDLER.load(Ordering::Acquire) == REGISTERED
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The tests change process-wide state; they take turns.
    static SERIAL: Mutex<()> = Mutex::new(());

    /// Forks; the child exits with `child()`'s verdict (0 = pass).
    #[allow(unsafe_code)]
    fn child_passes(child: impl FnOnce() -> bool) -> bool {
        // SAFETY: the child only reads atomics, calls getpid and `_exit`,
        // which are async-signal-safe.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            let code = if child() { 0 } else { 1 };
            // SAFETY: `_exit` ends the child without running the parent's
            // atexit handlers or test harness teardown.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting on our own child with a valid status pointer.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        assert_eq!(waited, pid);
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
    }

    #[test]
    fn child_sees_a_new_generation() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let before = generation();
        assert!(handler_registered(), "pthread_atfork failed here");
        assert!(
            child_passes(|| generation() == before + 1),
            "child did not see a new generation"
        );
        assert_eq!(
            generation(),
            before,
            "the parent's generation must not change"
        );
    }

    #[test]
    fn without_the_handler_fork_is_detected_by_process_id() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        init();
        for stand_in in [FAILED, REGISTERING] {
            HANDLER.store(stand_in, Ordering::Release);
            let parent = generation();
            assert_eq!(parent, PID_GENERATION | u64::from(std::process::id()));
            assert_eq!(generation(), parent, "stable within a process");
            assert!(
                child_passes(|| {
                    let child = generation();
                    child != parent && child & PID_GENERATION != 0
                }),
                "a child must not share its parent's generation"
            );
            // A counter value never equals a process-id generation.
            assert_ne!(parent, GENERATION.load(Ordering::Relaxed));
        }
        HANDLER.store(REGISTERED, Ordering::Release);
        assert!(handler_registered());
    }
}
