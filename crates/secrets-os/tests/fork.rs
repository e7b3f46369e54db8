//! A real fork: parent and child must never draw the same bytes, even when
//! the parent's per-thread state holds unused output at the moment of fork.

#![cfg(unix)]

use std::io::Read;
use std::os::fd::FromRawFd;

const DRAW: usize = 32;
const DRAWS: usize = 8;

/// Draws `DRAWS` outputs of `DRAW` bytes in a child process (sent back
/// through a pipe, with the child's path counters) and in the parent, after
/// a fork that happens while the parent's state is warm.
fn fork_and_draw(first: usize) -> (Vec<u8>, Vec<u8>, [u64; 2]) {
    // Warm the parent's state so that it holds leftover output: a request
    // that is not a multiple of the vDSO's block leaves bytes in its batch.
    let mut warm = vec![0u8; first];
    secrets_os::fill(&mut warm).unwrap();

    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: fork in a test; the child only calls `fill` (whose state for
    // this thread already exists, so no allocation or lock), write and _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let mut out = [0u8; DRAW * DRAWS + 16];
        let before = secrets_os::thread_counters();
        let ok = secrets_os::fill(&mut out[..DRAW * DRAWS]).is_ok();
        let after = secrets_os::thread_counters();
        out[DRAW * DRAWS..DRAW * DRAWS + 8]
            .copy_from_slice(&(after.vdso - before.vdso).to_le_bytes());
        out[DRAW * DRAWS + 8..].copy_from_slice(&(after.syscall - before.syscall).to_le_bytes());
        // SAFETY: writing our own buffer to the pipe's write end, then
        // leaving without running the test harness's exit handlers.
        unsafe {
            let written = libc::write(fds[1], out.as_ptr().cast(), out.len());
            libc::_exit(if ok && written == out.len() as isize {
                0
            } else {
                1
            });
        }
    }
    let mut parent = vec![0u8; DRAW * DRAWS];
    secrets_os::fill(&mut parent).unwrap();

    // SAFETY: we own the write end and close it once.
    unsafe { libc::close(fds[1]) };
    // SAFETY: we own the read end; File takes it over and closes it.
    let mut reader = unsafe { std::fs::File::from_raw_fd(fds[0]) };
    let mut child = Vec::new();
    reader.read_to_end(&mut child).unwrap();
    let mut status = 0;
    // SAFETY: waiting for the child we created.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed"
    );
    assert_eq!(child.len(), DRAW * DRAWS + 16);
    let vdso = u64::from_le_bytes(child[DRAW * DRAWS..DRAW * DRAWS + 8].try_into().unwrap());
    let syscall = u64::from_le_bytes(child[DRAW * DRAWS + 8..].try_into().unwrap());
    child.truncate(DRAW * DRAWS);
    (parent, child, [vdso, syscall])
}

#[test]
fn parent_and_child_differ_after_fork() {
    for first in [1usize, 7, 32, 33, 100] {
        let (parent, child, [vdso, syscall]) = fork_and_draw(first);
        assert_ne!(parent, [0u8; DRAW * DRAWS]);
        assert_ne!(child, vec![0u8; DRAW * DRAWS]);
        // No 32-byte block of one appears anywhere in the other.
        for p in parent.chunks(DRAW) {
            for c in child.chunks(DRAW) {
                assert_ne!(p, c, "parent and child drew the same bytes");
            }
        }
        // Even a shared 8-byte window would betray a shared batch.
        let windows: std::collections::HashSet<&[u8]> = parent.windows(8).collect();
        assert!(child.windows(8).all(|w| !windows.contains(w)));
        assert_eq!(vdso + syscall, 1);
        if secrets_os::vdso_active() {
            assert_eq!(vdso, 1, "the child used the vDSO on its wiped state");
        }
    }
}
