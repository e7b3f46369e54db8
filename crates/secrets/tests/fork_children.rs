//! "A child never repeats its parent", tested the way it breaks in the
//! wild, for every compiled DRBG backend (through the registry), under every
//! fork detector this platform has:
//!
//! - a child made by `fork`, by glibc's `_Fork` (no atfork handlers run), and
//!   by a raw `clone(SIGCHLD)` system call (no libc involvement at all);
//! - a `pthread_atfork` child handler registered *before* the first
//!   generator — so before ours — that draws from an inherited generator;
//! - forks nested four deep;
//! - a held generator with buffered output, a thread-local one, and the
//!   free functions' default backend.
//!
//! Each scenario runs in a fresh process (this binary re-executed with the
//! scenario's name), so that the test's own atfork handler really is the
//! first one registered. A child reports its bytes through a pipe; the
//! parent draws the bytes the child would repeat and compares.
#![allow(unsafe_code, missing_docs)]

#[cfg(target_os = "linux")]
mod process;

#[cfg(target_os = "linux")]
mod linux {
    use std::cell::RefCell;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

    use secrets::{AnyBackend, BackendId};

    use crate::process::drbg_backends;
    use secrets_os::fork::{Detector, force_detector};

    const LEN: usize = 32;

    /// The generator the early atfork handler draws from, and where it
    /// writes (a pipe); empty except in the handler scenario.
    static HANDLER_GENERATOR: Mutex<Option<AnyBackend>> = Mutex::new(None);
    static HANDLER_FD: AtomicI32 = AtomicI32::new(-1);

    thread_local! {
        static THREAD_LOCAL: RefCell<Option<AnyBackend>> = const { RefCell::new(None) };
    }

    extern "C" fn early_child_handler() {
        let fd = HANDLER_FD.load(Ordering::Relaxed);
        if fd < 0 {
            return;
        }
        if let Ok(mut slot) = HANDLER_GENERATOR.try_lock()
            && let Some(generator) = slot.as_mut()
        {
            let bytes = draw(generator);
            write_all(fd, &bytes);
        }
    }

    unsafe extern "C" {
        /// glibc ≥ 2.34: fork without running atfork handlers.
        fn _Fork() -> libc::pid_t;
    }

    fn draw(generator: &mut AnyBackend) -> [u8; LEN] {
        let mut bytes = [0u8; LEN];
        rand_core::TryRng::try_fill_bytes(generator, &mut bytes).expect("the generator fills");
        bytes
    }

    fn write_all(fd: i32, bytes: &[u8]) {
        // SAFETY: `bytes` is a live buffer; a short write is caught by the
        // reader, which expects exactly LEN bytes per record.
        let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        assert_eq!(usize::try_from(written).ok(), Some(bytes.len()));
    }

    fn pipe() -> (i32, i32) {
        let mut fds = [0i32; 2];
        // SAFETY: `fds` has room for the two descriptors.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        (fds[0], fds[1])
    }

    /// The records child `pid` wrote to the pipe read end `fd` (which is
    /// closed after), once the child exited successfully.
    fn child_records(fd: i32, pid: libc::pid_t) -> Vec<[u8; LEN]> {
        let mut all = Vec::new();
        // SAFETY: `fd` is a pipe read end owned by nothing else; the `File`
        // closes it when dropped.
        let mut pipe = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) };
        std::io::Read::read_to_end(&mut pipe, &mut all).expect("reading a child's records");
        drop(pipe);
        wait_ok(pid);
        assert_eq!(all.len() % LEN, 0, "a child wrote a partial record");
        all.chunks_exact(LEN)
            .map(|c| c.try_into().expect("LEN bytes"))
            .collect()
    }

    fn wait_ok(pid: libc::pid_t) {
        let mut status = 0;
        // SAFETY: waiting for our own child with a valid status pointer.
        assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "a child failed (status {status:#x})"
        );
    }

    /// How a child is made.
    #[derive(Clone, Copy, Debug)]
    enum Spawn {
        Fork,
        UnderscoreFork,
        RawClone,
    }

    impl Spawn {
        /// Returns 0 in the child, the pid in the parent.
        fn spawn(self) -> libc::pid_t {
            // SAFETY: the children only draw bytes (atomics, system calls,
            // the vDSO), write to a pipe and `_exit`.
            let pid = unsafe {
                match self {
                    Spawn::Fork => libc::fork(),
                    Spawn::UnderscoreFork => _Fork(),
                    Spawn::RawClone => {
                        let pid = libc::syscall(
                            libc::SYS_clone,
                            libc::c_long::from(libc::SIGCHLD),
                            0 as libc::c_long,
                            0 as libc::c_long,
                            0 as libc::c_long,
                            0 as libc::c_long,
                        );
                        libc::pid_t::try_from(pid).unwrap_or(-1)
                    }
                }
            };
            assert!(pid >= 0, "{self:?} failed");
            pid
        }
    }

    fn child_exit() -> ! {
        // SAFETY: ends the child without the parent's atexit handlers.
        unsafe { libc::_exit(0) }
    }

    /// A held generator with buffered output, and a thread-local one: the
    /// child's next bytes differ from the parent's.
    fn held_and_thread_local(id: BackendId, spawn: Spawn) {
        let mut held = id.construct().expect("constructs");
        let _ = draw(&mut held); // leaves buffered output behind
        THREAD_LOCAL.with(|cell| {
            let mut generator = id.construct().expect("constructs");
            let _ = draw(&mut generator);
            *cell.borrow_mut() = Some(generator);
        });
        let (read, write) = pipe();
        let pid = spawn.spawn();
        if pid == 0 {
            write_all(write, &draw(&mut held));
            THREAD_LOCAL.with(|cell| {
                let bytes = draw(cell.borrow_mut().as_mut().expect("set above"));
                write_all(write, &bytes);
            });
            write_all(write, &secrets::token_bytes(LEN));
            child_exit();
        }
        // SAFETY: closing our copy of the write end so the read sees EOF.
        unsafe { libc::close(write) };
        let parent_held = draw(&mut held);
        let parent_local = THREAD_LOCAL.with(|cell| draw(cell.borrow_mut().as_mut().expect("set")));
        let parent_free: [u8; LEN] = secrets::token_bytes(LEN).try_into().expect("LEN");
        let child = child_records(read, pid);
        assert_eq!(child.len(), 3, "{id:?} {spawn:?}");
        assert_ne!(
            child[0], parent_held,
            "{id:?} {spawn:?}: held generator repeated"
        );
        assert_ne!(
            child[1], parent_local,
            "{id:?} {spawn:?}: thread-local generator repeated"
        );
        assert_ne!(
            child[2], parent_free,
            "{id:?} {spawn:?}: the free functions repeated"
        );
    }

    /// An atfork child handler registered before ours draws in the child.
    fn early_handler(id: BackendId) {
        let mut generator = id.construct().expect("constructs");
        let _ = draw(&mut generator);
        *HANDLER_GENERATOR.lock().expect("not poisoned") = Some(generator);
        let (read, write) = pipe();
        HANDLER_FD.store(write, Ordering::Relaxed);
        let pid = Spawn::Fork.spawn();
        if pid == 0 {
            child_exit();
        }
        HANDLER_FD.store(-1, Ordering::Relaxed);
        // SAFETY: closing our copy of the write end.
        unsafe { libc::close(write) };
        let parent = draw(
            HANDLER_GENERATOR
                .lock()
                .expect("not poisoned")
                .as_mut()
                .expect("set"),
        );
        let child = child_records(read, pid);
        *HANDLER_GENERATOR.lock().expect("not poisoned") = None;
        assert_eq!(child.len(), 1, "{id:?}: the early handler did not draw");
        assert_ne!(
            child[0], parent,
            "{id:?}: the early atfork handler repeated the parent"
        );
    }

    /// Forks four deep; every level draws from the same inherited generator.
    fn nested(id: BackendId, spawn: Spawn) {
        let mut generator = id.construct().expect("constructs");
        let _ = draw(&mut generator);
        let (read, write) = pipe();
        let pid = spawn.spawn();
        if pid == 0 {
            for depth in 1..=4 {
                write_all(write, &draw(&mut generator));
                if depth == 4 {
                    break;
                }
                let child = spawn.spawn();
                if child != 0 {
                    wait_ok(child);
                    child_exit();
                }
            }
            child_exit();
        }
        // SAFETY: closing our copy of the write end.
        unsafe { libc::close(write) };
        let parent = draw(&mut generator);
        let mut seen = child_records(read, pid);
        assert_eq!(seen.len(), 4, "{id:?} {spawn:?}: four levels");
        seen.push(parent);
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            5,
            "{id:?} {spawn:?}: a level repeated another"
        );
    }

    pub fn scenario(detector: Detector) {
        // SAFETY: registering a handler that only uses atomics, a mutex it
        // try-locks, our generators and write(2) — and it is registered
        // before anything of ours has run in this process.
        let registered = unsafe { libc::pthread_atfork(None, None, Some(early_child_handler)) };
        assert_eq!(registered, 0);
        force_detector(detector).expect("this platform has the detector");
        assert_eq!(secrets_os::fork::detector(), detector);
        let backends = drbg_backends();
        for &id in &backends {
            for spawn in [Spawn::Fork, Spawn::UnderscoreFork, Spawn::RawClone] {
                held_and_thread_local(id, spawn);
                nested(id, spawn);
            }
            early_handler(id);
        }
        println!(
            "{detector:?}: {} DRBG backend(s) × fork, _Fork, raw clone, nested ×4, early atfork handler: no child repeated its parent",
            backends.len()
        );
    }
}

#[cfg(target_os = "linux")]
fn main() {
    use secrets_os::fork::Detector;
    let detectors = [
        ("wipe-on-fork", Detector::WipeOnFork),
        ("atfork-and-pid", Detector::AtForkAndPid),
        ("every-call", Detector::EveryCall),
    ];
    if let Some(name) = std::env::args().nth(1).filter(|a| !a.starts_with('-'))
        && let Some((_, detector)) = detectors.iter().find(|(n, _)| *n == name)
    {
        linux::scenario(*detector);
        return;
    }
    // The harness: each scenario in a fresh process.
    let exe = std::env::current_exe().expect("the test binary's path");
    for (name, _) in detectors {
        let status = std::process::Command::new(&exe)
            .arg(name)
            .status()
            .expect("re-run the test binary");
        assert!(status.success(), "scenario {name} failed ({status})");
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("fork_children: Linux only (raw clone and _Fork)");
}
