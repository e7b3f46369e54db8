//! A real `fork` whose child reports what it drew, for the fork-safety
//! tests of the crates whose generators are `secrets_drbg::Drbg` over a
//! mechanism (secrets-chacha, secrets-ctr-drbg), which include this file by
//! path. Not a test target of its own (cargo builds only `tests/*.rs`).

/// Forks; the child runs `child` and writes the bytes it returns to a pipe,
/// then leaves with `_exit` (1: `child` failed or panicked, 2: a short
/// write). The parent reads until the child closes the pipe, checks that
/// it exited with 0, and returns the bytes.
///
/// Call it from the only test of its binary: no other test thread may hold
/// a lock (the allocator's, say) at the moment of the fork.
#[cfg(unix)]
pub fn fork_and_collect(child: &mut dyn FnMut() -> Option<Vec<u8>>) -> Vec<u8> {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe(2) to fill.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe failed");
    let (read_fd, write_fd) = (fds[0], fds[1]);
    // SAFETY: the caller's test is the only one of its binary, so no other
    // thread holds a lock the child could need; the child only runs
    // `child`, writes to the pipe and leaves with `_exit`.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // A panic must not unwind into the harness's copy in the child.
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(child))
            .ok()
            .flatten();
        let code = match report {
            Some(bytes) => {
                let mut written = 0;
                while written < bytes.len() {
                    // SAFETY: writing initialised bytes from a live Vec to
                    // our own pipe's write end.
                    let n = unsafe {
                        libc::write(
                            write_fd,
                            bytes[written..].as_ptr().cast(),
                            bytes.len() - written,
                        )
                    };
                    if n <= 0 {
                        break;
                    }
                    written += usize::try_from(n).unwrap_or(0);
                }
                if written == bytes.len() { 0 } else { 2 }
            }
            None => 1,
        };
        // SAFETY: `_exit` ends the child without running the test harness's
        // teardown or atexit handlers inherited from the parent.
        unsafe { libc::_exit(code) };
    }
    // SAFETY: closing our copy of the write end, a descriptor we own.
    unsafe { libc::close(write_fd) };
    let mut report = Vec::new();
    // SAFETY: `read_fd` is our pipe's read end, owned by nothing else; the
    // `File` closes it when dropped.
    let mut pipe = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(read_fd) };
    std::io::Read::read_to_end(&mut pipe, &mut report).expect("reading the child's report");
    drop(pipe);
    let mut status = 0;
    // SAFETY: waiting for our own child with a valid status pointer.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status), "the child crashed");
    assert_eq!(
        libc::WEXITSTATUS(status),
        0,
        "the child could not draw or report"
    );
    report
}
