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
//! counter costs one relaxed atomic load.
//!
//! Limits (documented in `docs/security.md`): a child created by the raw
//! `clone`/`vfork` system calls without going through libc's `fork` does not
//! run atfork handlers; such a child must not use a DRBG it inherited. VM
//! snapshots are not detected here (the OS backend's vDSO path handles them).
//!
//! This is the only crate of the DRBG stack that needs `unsafe`: registering a
//! C callback with libc.
#![deny(unsafe_code)]

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

static GENERATION: AtomicU64 = AtomicU64::new(0);
static REGISTER: Once = Once::new();

#[cfg(unix)]
extern "C" fn bump_generation_in_child() {
    // Async-signal-safe: one atomic add, no allocation, no locks.
    GENERATION.fetch_add(1, Ordering::Relaxed);
}

#[cfg(unix)]
fn register_handler() {
    #[allow(unsafe_code)]
    // SAFETY: `pthread_atfork` only stores the function pointers; the child
    // handler is an `extern "C"` function with no arguments that performs one
    // atomic add, which is async-signal-safe as the post-fork child requires.
    // Passing `None` for the prepare and parent hooks is allowed by POSIX.
    let rc = unsafe { libc::pthread_atfork(None, None, Some(bump_generation_in_child)) };
    // pthread_atfork fails only with ENOMEM. Failing to detect forks would let
    // a child repeat its parent's bytes, so this is fatal rather than ignored.
    assert_eq!(
        rc, 0,
        "pthread_atfork failed (errno {rc}): cannot detect fork"
    );
}

#[cfg(not(unix))]
fn register_handler() {
    // No fork on this platform: the generation never changes.
}

/// The fork generation of this process: 0 in the original process, bumped in
/// each child right after `fork`. Call it once when seeding and compare on
/// every request.
///
/// The first call registers the handler; later calls cost a `Once` check and
/// one relaxed atomic load.
#[inline]
pub fn generation() -> u64 {
    REGISTER.call_once(register_handler);
    GENERATION.load(Ordering::Relaxed)
}

/// Registers the fork handler now (done implicitly by [`generation`]).
pub fn init() {
    REGISTER.call_once(register_handler);
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    #[allow(unsafe_code)]
    fn child_sees_a_new_generation() {
        let before = generation();
        // SAFETY: the test process forks; the child only reads an atomic and
        // calls `_exit`, which are async-signal-safe.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            let code = if generation() == before + 1 { 0 } else { 1 };
            // SAFETY: `_exit` ends the child without running the parent's
            // atexit handlers or test harness teardown.
            unsafe { libc::_exit(code) };
        }
        let mut status = 0;
        // SAFETY: waiting on our own child with a valid status pointer.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        assert_eq!(waited, pid);
        assert!(libc::WIFEXITED(status));
        assert_eq!(
            libc::WEXITSTATUS(status),
            0,
            "child did not see a new generation"
        );
        assert_eq!(
            generation(),
            before,
            "the parent's generation must not change"
        );
    }
}
