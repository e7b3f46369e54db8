//! Torture tests: threads, fork, signals and panics against every backend
//! compiled in, through the free functions and through handles.
//!
//! - 2 to 8 threads draw 16-byte tokens from every backend (own handles, one
//!   handle shared behind a mutex, and the free functions): no token repeats.
//!   10^5 tokens here; `cargo xtask torture` runs the same code with 10^7
//!   (`SECRETS_TORTURE_TOKENS`).
//! - Threads that exit give back their OS-backend state (vDSO states in use
//!   return to the baseline, pages are reused).
//! - Fork in the middle of buffered streams, three generations deep (every
//!   process forks two children): parent, children and grandchildren all
//!   report what they drew through a pipe, and nothing repeats.
//! - A SIGALRM storm (no `SA_RESTART`, so system calls see `EINTR`) during
//!   long draw loops: nothing repeats, nothing fails.
//! - A panic in the middle of an operation holding the thread-local
//!   generator or a shared handle: the following draws are fresh.
//!
//! Tests that fork or install process-wide signal handlers re-run this test
//! binary with only that test (`isolated`), so no other test thread is alive
//! when they fork and no other test receives their signals.
#![cfg(target_os = "linux")]

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use secrets::{AnyBackend, Secrets, compiled_backends};

mod process;
use process::isolated;

type Token = u128;

/// Total tokens the thread test draws (all backends together).
fn token_budget() -> usize {
    std::env::var("SECRETS_TORTURE_TOKENS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Fork tree depth: every process forks two children until this depth.
fn fork_depth() -> u32 {
    std::env::var("SECRETS_TORTURE_FORK_DEPTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// The backends compiled in that work on this machine. Only a backend that
/// is *unavailable* here (RDRAND on a CPU without it) is skipped, and said
/// so; any other failure (a self-test) fails the test.
fn usable_backends() -> Vec<&'static str> {
    let mut usable = Vec::new();
    for info in compiled_backends() {
        match info.check() {
            Ok(()) => usable.push(info.name),
            Err(error @ secrets::Error::Unavailable { .. }) => {
                eprintln!("torture: skipping `{}`: {error}", info.name);
            }
            Err(error) => panic!("backend `{}` does not work: {error}", info.name),
        }
    }
    assert!(!usable.is_empty(), "no backend works here");
    usable
}

fn handle(name: &str) -> Secrets<AnyBackend> {
    match Secrets::from_name(name) {
        Ok(handle) => handle,
        Err(error) => panic!("backend `{name}`: {error}"),
    }
}

fn token_from(handle: &mut Secrets<AnyBackend>) -> Token {
    let mut bytes = [0u8; 16];
    if let Err(error) = handle.try_fill_bytes(&mut bytes) {
        panic!("draw failed: {error}");
    }
    Token::from_le_bytes(bytes)
}

fn free_token() -> Token {
    let bytes = secrets::token_bytes(16);
    let mut token = [0u8; 16];
    token.copy_from_slice(&bytes);
    Token::from_le_bytes(token)
}

/// Asserts that no token occurs twice; returns how many there were.
fn assert_distinct(mut tokens: Vec<Token>, what: &str) -> usize {
    let total = tokens.len();
    tokens.sort_unstable();
    if let Some(pair) = tokens.windows(2).find(|pair| pair[0] == pair[1]) {
        panic!("{what}: token {:032x} occurs twice among {total}", pair[0]);
    }
    total
}

// ----- threads ---------------------------------------------------------------

#[test]
fn threads_never_draw_the_same_token() {
    let backends = usable_backends();
    let budget = token_budget();
    // The free functions count as one more source.
    let per_source = budget.div_ceil(backends.len() + 1);
    let mut all = Vec::with_capacity(per_source * (backends.len() + 1));
    for (i, &name) in backends.iter().enumerate() {
        let threads = [2, 4, 8][i % 3];
        let per_thread = per_source.div_ceil(threads);
        let shared = Arc::new(Mutex::new(handle(name)));
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let mut own = handle(name);
                    let mut tokens = Vec::with_capacity(per_thread);
                    for j in 0..per_thread {
                        if j % 4 == 3 {
                            let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
                            tokens.push(token_from(&mut guard));
                        } else {
                            tokens.push(token_from(&mut own));
                        }
                    }
                    tokens
                })
            })
            .collect();
        for worker in workers {
            all.extend(worker.join().expect("a drawing thread panicked"));
        }
    }
    // The free functions (default backend, one thread-local state per thread).
    let threads = 8;
    let per_thread = per_source.div_ceil(threads);
    let workers: Vec<_> = (0..threads)
        .map(|_| thread::spawn(move || (0..per_thread).map(|_| free_token()).collect::<Vec<_>>()))
        .collect();
    for worker in workers {
        all.extend(worker.join().expect("a drawing thread panicked"));
    }
    let total = assert_distinct(all, "threads");
    assert!(total >= budget, "drew only {total} tokens");
    println!(
        "torture: {total} distinct 16-byte tokens from {} backends + free functions ({})",
        backends.len(),
        secrets::default_backend_name()
    );
}

// Needs the `os` backend compiled into the facade (it draws through it).
#[cfg(feature = "os")]
#[test]
fn exited_threads_release_their_os_state() {
    isolated("exited_threads_release_their_os_state", || {
        let Ok(before) = secrets_os::vdso_info() else {
            // The system-call path keeps no per-thread state to release.
            let reason = secrets_os::vdso_info().unwrap_err();
            println!("torture: vDSO path not in use ({reason}); nothing to release");
            assert!(!reason.is_empty());
            return;
        };
        // Warm up this thread so its own state is part of the baseline.
        let _ = handle("os").token_bytes(16);
        let _ = free_token();
        let baseline = secrets_os::vdso_info().expect("vDSO info").states_in_use;
        let mut pages_after_first_round = 0;
        for round in 0..20 {
            let workers: Vec<_> = (0..8)
                .map(|_| {
                    thread::spawn(|| {
                        let mut os = handle("os");
                        for _ in 0..16 {
                            let _ = token_from(&mut os);
                            let _ = free_token();
                        }
                        secrets_os::vdso_info().expect("vDSO info").states_in_use
                    })
                })
                .collect();
            let in_use_while_running: Vec<usize> = workers
                .into_iter()
                .map(|w| w.join().expect("thread"))
                .collect();
            // Each thread held a state of its own while it ran.
            assert!(in_use_while_running.iter().all(|&n| n > baseline));
            let after = secrets_os::vdso_info().expect("vDSO info");
            assert_eq!(
                after.states_in_use, baseline,
                "round {round}: exited threads still hold vDSO states"
            );
            if round == 0 {
                pages_after_first_round = after.pages_mapped;
            } else {
                assert_eq!(
                    after.pages_mapped, pages_after_first_round,
                    "states of exited threads are not reused"
                );
            }
        }
        println!(
            "torture: 160 threads exited; vDSO states in use back to {baseline} each round \
             (state {} bytes; {} page(s) mapped, reused across rounds)",
            before.state_size, pages_after_first_round
        );
    });
}

// ----- fork ------------------------------------------------------------------

/// Writes `tokens` to the pipe in one `write` (at most PIPE_BUF bytes, so
/// records of different processes never interleave).
fn send(fd: i32, tokens: &[Token]) {
    let bytes: Vec<u8> = tokens.iter().flat_map(|t| t.to_le_bytes()).collect();
    assert!(bytes.len() <= libc::PIPE_BUF);
    // SAFETY: `bytes` is a live buffer of `bytes.len()` bytes.
    let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
    assert_eq!(
        written,
        bytes.len() as isize,
        "short write to the report pipe"
    );
}

/// Draws one token from the handle and one from the free functions.
fn draw_pair(handle: &mut Secrets<AnyBackend>) -> [Token; 2] {
    [token_from(handle), free_token()]
}

const DRAWS_AFTER_FORK: usize = 16;

/// The life of one process of the tree: before each fork draw a pair (so
/// every fork happens in the middle of the buffered streams), fork, and
/// after forking draw more; wait for the children. Returns whether every
/// descendant succeeded.
fn fork_tree(depth: u32, handle: &mut Secrets<AnyBackend>, fd: i32) -> bool {
    let mut children = Vec::new();
    for _ in 0..if depth > 0 { 2 } else { 0 } {
        send(fd, &draw_pair(handle));
        // SAFETY: the process runs only this test's thread (see `isolated`),
        // so the child is a consistent copy.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            let ok = catch_unwind(AssertUnwindSafe(|| fork_tree(depth - 1, handle, fd)));
            let code = if matches!(ok, Ok(true)) { 0 } else { 1 };
            // SAFETY: ends the child without running the parent's test
            // harness or destructors a second time.
            unsafe { libc::_exit(code) };
        }
        children.push(pid);
    }
    let mut after = Vec::with_capacity(2 * DRAWS_AFTER_FORK);
    for _ in 0..DRAWS_AFTER_FORK {
        after.extend(draw_pair(handle));
    }
    send(fd, &after);
    let mut ok = true;
    for pid in children {
        let mut status = 0;
        // SAFETY: `pid` is our child; `status` is a valid out-pointer.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        ok &= waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    }
    ok
}

/// Tokens a tree of the given depth reports, and its number of processes.
fn tree_size(depth: u32) -> (usize, usize) {
    if depth == 0 {
        return (2 * DRAWS_AFTER_FORK, 1);
    }
    let (child_tokens, child_processes) = tree_size(depth - 1);
    (
        2 * 2 + 2 * DRAWS_AFTER_FORK + 2 * child_tokens,
        1 + 2 * child_processes,
    )
}

#[test]
fn forked_processes_never_share_output() {
    isolated("forked_processes_never_share_output", || {
        let depth = fork_depth();
        let mut forks = 0;
        let mut everything = Vec::new();
        for name in usable_backends() {
            let mut h = handle(name);
            // Start both streams so the forks land mid-buffer.
            let mut mine = vec![token_from(&mut h), free_token()];
            let mut fds = [0i32; 2];
            // SAFETY: `fds` has room for the two descriptors.
            assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
            let (read_fd, write_fd) = (fds[0], fds[1]);
            let ok = fork_tree(depth, &mut h, write_fd);
            // SAFETY: our copy of the write end; children hold their own.
            unsafe { libc::close(write_fd) };
            let mut report = Vec::new();
            // SAFETY: `read_fd` is our read end, owned by nothing else; the
            // `File` closes it when dropped.
            let mut pipe =
                unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(read_fd) };
            std::io::Read::read_to_end(&mut pipe, &mut report).expect("reading the report pipe");
            drop(pipe);
            assert!(ok, "`{name}`: a forked process failed");
            assert_eq!(report.len() % 16, 0);
            let reported: Vec<Token> = report
                .chunks_exact(16)
                .map(|c| Token::from_le_bytes(c.try_into().expect("16 bytes")))
                .collect();
            let (expected, processes) = tree_size(depth);
            assert_eq!(reported.len(), expected, "`{name}`: missing reports");
            forks += processes - 1;
            mine.extend(reported);
            assert_distinct(mine.clone(), name);
            everything.extend(mine);
        }
        let total = assert_distinct(everything, "all forks");
        println!(
            "torture: {forks} forks (depth {depth}), {total} distinct tokens across processes"
        );
    });
}

// ----- signals ---------------------------------------------------------------

static SIGNALS: AtomicU64 = AtomicU64::new(0);

extern "C" fn count_signal(_: libc::c_int) {
    // Async-signal-safe: one atomic add. Never draws.
    SIGNALS.fetch_add(1, Ordering::Relaxed);
}

fn set_timer(interval_us: libc::suseconds_t) {
    // suseconds_t: 32 bits on i686, 64 on x86-64.
    let interval = libc::timeval {
        tv_sec: 0,
        tv_usec: interval_us,
    };
    let timer = libc::itimerval {
        it_interval: interval,
        it_value: interval,
    };
    // SAFETY: valid itimerval; no old value requested.
    let status = unsafe { libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut()) };
    assert_eq!(status, 0, "setitimer failed");
}

#[test]
fn signals_during_draws_do_not_repeat_output() {
    isolated("signals_during_draws_do_not_repeat_output", || {
        // SAFETY: a zeroed sigaction is valid; we set the handler, an empty
        // mask and no SA_RESTART, so interrupted system calls return EINTR.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = count_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = 0;
            assert_eq!(
                libc::sigaction(libc::SIGALRM, &action, std::ptr::null_mut()),
                0
            );
        }
        set_timer(50);
        let mut tokens = Vec::new();
        let mut big_draws = 0;
        for name in usable_backends() {
            let mut h = handle(name);
            let start = SIGNALS.load(Ordering::Relaxed);
            let mut rounds = 0;
            // Long draws (many chunks, many system calls for the OS) while
            // the timer fires, until this backend has seen signals.
            while rounds < 20 || (SIGNALS.load(Ordering::Relaxed) - start < 50 && rounds < 20_000) {
                for _ in 0..64 {
                    tokens.push(token_from(&mut h));
                    tokens.push(free_token());
                }
                let big = h.token_bytes(64 * 1024);
                tokens.extend(
                    big.chunks_exact(16)
                        .map(|c| Token::from_le_bytes(c.try_into().expect("16 bytes"))),
                );
                big_draws += 1;
                rounds += 1;
            }
        }
        set_timer(0);
        let signals = SIGNALS.load(Ordering::Relaxed);
        assert!(
            signals > 0,
            "the timer never fired: the test proved nothing"
        );
        let total = assert_distinct(tokens, "under SIGALRM");
        println!(
            "torture: {signals} SIGALRM during {big_draws} draws of 64 KiB and small tokens; {total} distinct tokens"
        );
    });
}

// ----- panics ----------------------------------------------------------------

/// Values cloned by `Tripwire`, in order (any thread; the panic test runs
/// isolated, so nothing else clones them concurrently).
static CLONED: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn take_cloned() -> Vec<u32> {
    std::mem::take(&mut *CLONED.lock().unwrap_or_else(PoisonError::into_inner))
}

static ARMED: AtomicBool = AtomicBool::new(false);

/// A value whose `Clone` logs it and, once armed, panics on the 10th clone:
/// a panic in the middle of an operation that holds the generator.
#[derive(Debug, PartialEq)]
struct Tripwire(u32);

impl Clone for Tripwire {
    fn clone(&self) -> Self {
        let count = {
            let mut log = CLONED.lock().unwrap_or_else(PoisonError::into_inner);
            log.push(self.0);
            log.len()
        };
        if ARMED.load(Ordering::Relaxed) && count == 10 {
            panic!("tripwire");
        }
        Tripwire(self.0)
    }
}

/// True when some window of 4 consecutive values of `later` also occurs in
/// `earlier` (a replay of output; by chance about 2^-64 per pair here).
fn replays(earlier: &[u32], later: &[u32]) -> bool {
    let seen: HashSet<&[u32]> = earlier.windows(4).collect();
    later.windows(4).any(|w| seen.contains(w))
}

#[test]
fn a_panic_mid_operation_leaves_fresh_state() {
    isolated("a_panic_mid_operation_leaves_fresh_state", || {
        // 2^16 distinct values: each pick carries 16 bits of output.
        let population: Vec<Tripwire> = (0..1u32 << 16).map(Tripwire).collect();

        // 1. The thread-local generator of the free functions.
        ARMED.store(true, Ordering::Relaxed);
        let outcome = catch_unwind(AssertUnwindSafe(|| secrets::choices(&population, None, 64)));
        ARMED.store(false, Ordering::Relaxed);
        let payload = outcome.expect_err("the tripwire did not fire");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"tripwire"));
        let before: Vec<u32> = take_cloned();
        assert_eq!(before.len(), 10);
        let after = secrets::choices(&population, None, 256).expect("draws after the panic");
        let after: Vec<u32> = after.iter().map(|t| t.0).collect();
        take_cloned();
        assert!(
            !replays(&before, &after),
            "free functions replayed output after a panic"
        );

        // 2. A handle shared behind a mutex, poisoned by a panicking thread.
        let mut checked = 0;
        for name in usable_backends() {
            let shared = Arc::new(Mutex::new(handle(name)));
            let population = Arc::new(population.clone());
            take_cloned();
            let in_thread = {
                let shared = Arc::clone(&shared);
                let population = Arc::clone(&population);
                thread::spawn(move || {
                    ARMED.store(true, Ordering::Relaxed);
                    let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    guard
                        .choices(&population, None, 64)
                        .map(|picked| picked.len())
                })
                .join()
            };
            ARMED.store(false, Ordering::Relaxed);
            let payload = in_thread.expect_err("the tripwire did not fire");
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"tripwire"));
            assert!(shared.is_poisoned());
            let before = take_cloned();
            assert_eq!(before.len(), 10);
            // Recover the handle from the poisoned mutex and draw on.
            let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
            let after = guard
                .choices(&population, None, 256)
                .expect("draw after panic");
            let after: Vec<u32> = after.iter().map(|t| t.0).collect();
            take_cloned();
            assert!(
                !replays(&before, &after),
                "`{name}` replayed output after a panic"
            );
            // And its byte stream goes on without repeats.
            let tokens: Vec<Token> = (0..1000).map(|_| token_from(&mut guard)).collect();
            assert_distinct(tokens, name);
            checked += 1;
            take_cloned();
        }
        println!(
            "torture: panics mid-operation: free functions and {checked} shared handles stay fresh"
        );
    });
}

#[test]
fn reentrant_draws_during_an_operation_are_fresh() {
    thread_local! {
        static INNER: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    /// Draws from the free functions while the outer call holds the
    /// thread-local generator.
    #[derive(Debug)]
    struct Reentrant(u32);
    impl Clone for Reentrant {
        fn clone(&self) -> Self {
            let token = free_token();
            INNER.with(|inner| inner.borrow_mut().push(token));
            Reentrant(self.0)
        }
    }
    let population: Vec<Reentrant> = (0..1u32 << 16).map(Reentrant).collect();
    let mut tokens = vec![free_token()];
    let picked = secrets::choices(&population, None, 200).expect("choices");
    assert_eq!(picked.len(), 200);
    tokens.push(free_token());
    tokens.extend(INNER.with(|inner| std::mem::take(&mut *inner.borrow_mut())));
    assert_eq!(tokens.len(), 202);
    assert_distinct(tokens, "re-entrant draws");
}
