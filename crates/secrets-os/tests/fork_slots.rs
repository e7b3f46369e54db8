//! The vDSO path across real forks: a child gets back the state slots of the
//! parent's threads (which do not exist in the child), a chain of forks keeps
//! using the vDSO, and a child forked while another thread holds std's
//! environment lock can still make its first request.
//!
//! Each scenario runs in a fresh copy of this test binary (one test, one
//! thread, no earlier request), so that the process state it starts from is
//! exactly the one described and no test-harness thread is forked mid-lock.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Set in the copy of this binary that runs a scenario.
const ROLE: &str = "SECRETS_OS_FORK_SLOTS_ROLE";

/// Helper threads each parent keeps holding a state while it forks.
const HOLDERS: usize = 9;

/// Generations of the fork chain.
const DEPTH: u64 = 4;

/// Runs `test` alone in a fresh process; its output must say it passed.
fn isolated(test: &str) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(ROLE, test)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{test} failed in its own process:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
    stdout
}

/// Whether to run test `name`'s body here: `false` after running it in a
/// fresh process (see [`isolated`]) or, where `needs_vdso` and this system
/// has no vDSO path, after saying so.
fn here(name: &str, needs_vdso: bool) -> bool {
    if std::env::var(ROLE).as_deref() != Ok(name) {
        println!("{}", isolated(name));
        return false;
    }
    if needs_vdso && let Err(reason) = secrets_os::vdso_info() {
        println!("no vDSO path on this system ({reason}): nothing to test");
        return false;
    }
    true
}

/// A pipe: (read end, write end).
fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

fn write_words(fd: &OwnedFd, words: &[u64]) -> bool {
    use std::os::fd::AsRawFd;
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    // SAFETY: writes our own buffer to a descriptor we hold. One write of at
    // most PIPE_BUF bytes is atomic, so records of several processes never
    // interleave.
    let written = unsafe { libc::write(fd.as_raw_fd(), bytes.as_ptr().cast(), bytes.len()) };
    usize::try_from(written) == Ok(bytes.len())
}

fn read_words(fd: OwnedFd) -> Vec<u64> {
    let mut bytes = Vec::new();
    std::fs::File::from(fd).read_to_end(&mut bytes).unwrap();
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// Forks; the child runs `child` and leaves with its exit code, without
/// running the parent's exit handlers. Returns the child's pid.
fn fork(child: impl FnOnce() -> i32) -> libc::pid_t {
    // SAFETY: the child only runs `child` (requests, thread spawns, pipe
    // writes, further forks) and `_exit`s; the scenario processes hold no
    // locks of their own across the fork.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = child();
        // SAFETY: ends the child without unwinding into the parent's stack.
        unsafe { libc::_exit(code) };
    }
    pid
}

/// Waits for `pid` at most `limit`; `None` (after killing it) if it hung.
fn wait_with_timeout(pid: libc::pid_t, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        let mut status = 0;
        // SAFETY: polls our own child with a valid status pointer.
        let done = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        assert!(done >= 0, "waitpid failed");
        if done == pid {
            return Some(if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                128 + libc::WTERMSIG(status)
            });
        }
        if Instant::now() >= deadline {
            // SAFETY: kills and reaps our own hung child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Threads that each made a request (so each holds a vDSO state) and then
/// wait; dropping the value lets them finish.
struct Holders {
    release: Vec<mpsc::Sender<()>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    /// Each thread's output and whether the vDSO served it.
    served: Vec<([u8; 32], bool)>,
}

impl Holders {
    /// `count` threads, released together to make their first request.
    fn start(count: usize) -> Holders {
        let (ready_tx, ready_rx) = mpsc::channel();
        let start = std::sync::Arc::new(std::sync::Barrier::new(count));
        let mut release = Vec::new();
        let mut threads = Vec::new();
        for _ in 0..count {
            let (tx, rx) = mpsc::channel::<()>();
            let (ready, start) = (ready_tx.clone(), start.clone());
            release.push(tx);
            threads.push(std::thread::spawn(move || {
                start.wait();
                let mut buf = [0u8; 32];
                secrets_os::fill(&mut buf).unwrap();
                ready
                    .send((buf, secrets_os::thread_counters().vdso == 1))
                    .unwrap();
                let _ = rx.recv();
            }));
        }
        let served = (0..count).map(|_| ready_rx.recv().unwrap()).collect();
        Holders {
            release,
            threads,
            served,
        }
    }

    /// Requests the vDSO served.
    fn by_vdso(&self) -> usize {
        self.served.iter().filter(|(_, vdso)| *vdso).count()
    }
}

impl Drop for Holders {
    fn drop(&mut self) {
        self.release.clear();
        for thread in self.threads.drain(..) {
            thread.join().unwrap();
        }
    }
}

/// One request on this thread; then (states in use before it, after it,
/// requests the vDSO served, requests the system call served).
fn first_request_in_child() -> [u64; 4] {
    let in_use = || secrets_os::vdso_info().map_or(u64::MAX, |i| i.states_in_use as u64);
    let before_use = in_use();
    let counters = secrets_os::thread_counters();
    let mut buf = [0u8; 32];
    let ok = secrets_os::fill(&mut buf).is_ok() && buf != [0u8; 32];
    let after = secrets_os::thread_counters();
    [
        before_use,
        if ok { in_use() } else { u64::MAX },
        after.vdso - counters.vdso,
        after.syscall - counters.syscall,
    ]
}

/// Each generation: make a request, report, start `HOLDERS` threads holding
/// states, fork the next generation, then release the holders.
fn generation(report: &OwnedFd, depth: u64) -> i32 {
    let [before, after, vdso, syscall] = first_request_in_child();
    if !write_words(report, &[depth, before, after, vdso, syscall]) {
        return 2;
    }
    if depth == DEPTH {
        return 0;
    }
    let holders = Holders::start(HOLDERS);
    if holders.by_vdso() != HOLDERS {
        return 4;
    }
    let child = fork(|| generation(report, depth + 1));
    drop(holders);
    // A hung generation reports 3.
    wait_with_timeout(child, Duration::from_secs(60)).unwrap_or(3)
}

#[test]
fn a_child_reclaims_the_states_of_threads_it_does_not_have() {
    const NAME: &str = "a_child_reclaims_the_states_of_threads_it_does_not_have";
    if !here(NAME, true) {
        return;
    }
    let mut buf = [0u8; 16];
    secrets_os::fill(&mut buf).unwrap();
    let holders = Holders::start(HOLDERS);
    assert_eq!(holders.by_vdso(), HOLDERS, "the holders use the vDSO");
    let parent_in_use = secrets_os::vdso_info().unwrap().states_in_use;
    assert_eq!(
        parent_in_use,
        HOLDERS + 1,
        "the parent's threads hold states"
    );

    let (read, write) = pipe();
    let child = fork(|| {
        let report = first_request_in_child();
        i32::from(!write_words(&write, &report))
    });
    drop(write);
    assert_eq!(wait_with_timeout(child, Duration::from_secs(60)), Some(0));
    let [before, after, vdso, syscall] = read_words(read)[..] else {
        panic!("the child sent no report");
    };
    println!(
        "parent: {parent_in_use} states in use; child: {before} before its request, {after} after"
    );
    assert!(before <= 1, "the child still counts {before} states in use");
    assert_eq!(after, 1, "the child holds exactly its own state");
    assert_eq!((vdso, syscall), (1, 0), "the vDSO served the child");

    // The parent is untouched: its threads still hold their states.
    assert_eq!(
        secrets_os::vdso_info().unwrap().states_in_use,
        parent_in_use
    );
    drop(holders);
    secrets_os::fill(&mut buf).unwrap();
    assert_eq!(secrets_os::vdso_info().unwrap().states_in_use, 1);
}

#[test]
fn a_chain_of_forks_keeps_the_vdso_path() {
    const NAME: &str = "a_chain_of_forks_keeps_the_vdso_path";
    if !here(NAME, true) {
        return;
    }
    let (read, write) = pipe();
    let holders = Holders::start(HOLDERS);
    assert_eq!(holders.by_vdso(), HOLDERS, "the holders use the vDSO");
    let child = fork(|| generation(&write, 1));
    drop(write);
    drop(holders);
    assert_eq!(wait_with_timeout(child, Duration::from_secs(120)), Some(0));
    let words = read_words(read);
    let mut reports: Vec<&[u64]> = words.chunks_exact(5).collect();
    reports.sort_by_key(|r| r[0]);
    assert_eq!(reports.len() as u64, DEPTH, "one report per generation");
    for (report, depth) in reports.iter().zip(1..) {
        let &[d, before, after, vdso, syscall] = *report else {
            unreachable!()
        };
        println!(
            "generation {d}: {before} states in use before its first request, {after} after; \
             vDSO {vdso}, syscall {syscall}"
        );
        assert_eq!(d, depth);
        assert!(before <= 1, "generation {d} inherited {before} states");
        assert_eq!(after, 1, "generation {d}");
        assert_eq!((vdso, syscall), (1, 0), "generation {d} used the vDSO");
    }
}

#[test]
fn threads_of_a_child_race_for_the_reclaimed_states() {
    const NAME: &str = "threads_of_a_child_race_for_the_reclaimed_states";
    if !here(NAME, true) {
        return;
    }
    let parent = Holders::start(HOLDERS);
    let (read, write) = pipe();
    let child = fork(|| {
        // Several threads make the child's first requests at once: one
        // clears the table, the others take the vDSO after it or the system
        // call while it clears; never two threads on one state.
        let racers = Holders::start(HOLDERS);
        let in_use = secrets_os::vdso_info().map_or(u64::MAX, |i| i.states_in_use as u64);
        let mut report = vec![racers.by_vdso() as u64, in_use];
        for (output, _) in &racers.served {
            report.extend(
                output
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().unwrap())),
            );
        }
        drop(racers);
        i32::from(!write_words(&write, &report))
    });
    drop(write);
    assert_eq!(wait_with_timeout(child, Duration::from_secs(60)), Some(0));
    let report = read_words(read);
    let [by_vdso, in_use, ..] = report[..] else {
        panic!("the child sent no report");
    };
    println!(
        "child: {by_vdso} of {HOLDERS} racing first requests served by the vDSO, {in_use} states in use"
    );
    assert!(by_vdso >= 1, "the thread that cleared the table used it");
    assert_eq!(
        in_use, by_vdso,
        "one state per thread the vDSO served, nothing inherited"
    );
    let outputs: std::collections::HashSet<&[u64]> = report[2..].chunks_exact(4).collect();
    assert_eq!(outputs.len(), HOLDERS, "every thread drew different bytes");
    drop(parent);
}

#[test]
fn a_child_forked_while_the_environment_lock_is_held_does_not_hang() {
    const NAME: &str = "a_child_forked_while_the_environment_lock_is_held_does_not_hang";
    const FORKS: usize = 40;
    if !here(NAME, false) {
        return;
    }
    // No request before the forks: every child sets the vDSO path up itself,
    // while the copy of std's environment lock it inherited may be held.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hammer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // SAFETY: test-only; no other thread of this process reads
                // or writes the environment through libc directly.
                unsafe { std::env::set_var("SECRETS_OS_TEST_NOISE", i.to_string()) };
                let _ = std::env::var_os("SECRETS_OS_TEST_NOISE");
                i += 1;
            }
        })
    };
    let mut hung = 0;
    let mut served = [0usize; 2];
    for _ in 0..FORKS {
        let child = fork(|| {
            let mut buf = [0u8; 32];
            match secrets_os::fill(&mut buf) {
                Ok(()) if secrets_os::thread_counters().vdso == 1 => 0,
                Ok(()) => 1,
                Err(_) => 2,
            }
        });
        match wait_with_timeout(child, Duration::from_secs(10)) {
            None => {
                hung += 1;
                break;
            }
            Some(0) => served[0] += 1,
            Some(1) => served[1] += 1,
            Some(code) => panic!("the child failed with {code}"),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    hammer.join().unwrap();
    println!(
        "{} children: {} served by the vDSO, {} by the system call, {hung} hung",
        served[0] + served[1] + hung,
        served[0],
        served[1]
    );
    assert_eq!(hung, 0, "children hung on their first request");
    if secrets_os::vdso_active() {
        assert_eq!(served[0], FORKS, "every child set the vDSO path up");
    }
}
