//! The `secrets` command in a hostile environment, each case a real process:
//! a low `RLIMIT_AS`, `RLIMIT_NOFILE` of 3, a standard output that cannot be
//! written, a full disk under `--output`, signals in the middle of writes,
//! and random argument lists (10^6 through the real parser in-process, and a
//! sample in real processes). In every case the program either keeps
//! working (exact output, no repeated 16-byte block) or exits 1 or 2 with
//! an error line; it is never killed by a signal we did not send, never
//! aborts, never panics, and never loses a file that was already there.
//!
//! Limits are set by `sh` (`ulimit`) just before it `exec`s the binary, so
//! the test harness itself is never constrained. Each test prints
//! `torture:` lines with its figures; `cargo xtask torture` scales the
//! random-argument tests up (`SECRETS_TORTURE_ARGS`,
//! `SECRETS_TORTURE_SPAWNS`) and collects the lines.
#![cfg(target_os = "linux")]

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SECRETS: &str = env!("CARGO_BIN_EXE_secrets");

/// The backends that work on this machine (from the facade's registry;
/// RDRAND and RDSEED only where the CPU has them). RDSEED is left out of
/// the bulk runs: a few MB/s.
fn backends() -> Vec<&'static str> {
    secrets::compiled_backends()
        .iter()
        .filter(|info| info.name != "rdseed" && info.check().is_ok())
        .map(|info| info.name)
        .collect()
}

/// A scale from the environment (set by `cargo xtask torture`).
fn scale(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the user's file holds before a run that must not destroy it.
const USERS_BYTES: &[u8] = b"what the user had";

/// A fresh directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("hostile-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the scratch directory");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes the user's file `keep.bin` (contents and mode 0640) that a
    /// failing or interrupted `--output` run must leave as it was.
    fn users_file(&self) -> PathBuf {
        let target = self.path("keep.bin");
        fs::write(&target, USERS_BYTES).expect("write");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).expect("chmod");
        target
    }

    /// The user's file kept its contents and mode, and nothing else (no
    /// temporary file) is left; `context` names the run.
    fn assert_users_file_kept(&self, context: &str) {
        let target = self.path("keep.bin");
        assert_eq!(fs::read(&target).expect("read"), USERS_BYTES, "{context}");
        let mode = fs::metadata(&target).expect("stat").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640, "{context}: mode changed");
        let left = self.others(&["keep.bin"]);
        assert!(left.is_empty(), "{context} left {left:?}");
    }

    /// Names in the directory other than `keep` (temporary files left
    /// behind, partial outputs).
    fn others(&self, keep: &[&str]) -> Vec<String> {
        fs::read_dir(&self.0)
            .expect("read the scratch directory")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| !keep.contains(&name.as_str()))
            .collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// `secrets ARGS` under `sh -c "SETUP; exec secrets ARGS REDIRECTIONS"`.
fn under_shell(setup: &str, redirections: &str, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\" {redirections}"))
        .arg(SECRETS)
        .args(args)
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE");
    command
}

/// What an ended process did.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Exit 0.
    Worked,
    /// Exit 1 or 2 with an error line on stderr.
    ReportedError,
}

/// Classifies a process we did not signal: success, or a clear error;
/// anything else (a signal such as SIGABRT, a panic, the loader failing, an
/// error that is not our one-line report) fails the test.
fn verdict(what: &str, status: ExitStatus, stderr: &[u8]) -> Verdict {
    let text = String::from_utf8_lossy(stderr);
    for marker in [
        "internal error",
        "panicked",
        "memory allocation of",
        "RUST_BACKTRACE",
    ] {
        assert!(!text.contains(marker), "{what}: {status}: {text}");
    }
    match status.code() {
        Some(0) => Verdict::Worked,
        Some(1 | 2) => {
            // Our error line, or (for a command line with no command)
            // clap's usage text.
            assert!(
                text.starts_with("secrets: ") || text.contains("Usage: secrets"),
                "{what}: {status} without an error message: {text:?}"
            );
            Verdict::ReportedError
        }
        _ => panic!("{what}: {status}: {text}"),
    }
}

/// The 16-byte blocks of `bytes` (whole ones), checked against `seen`:
/// returns how many were new. Random output never repeats a block.
fn distinct_blocks(what: &str, bytes: &[u8], seen: &mut HashSet<u128>) -> u64 {
    assert!(bytes.iter().any(|&b| b != 0), "{what}: all zeros");
    let mut count = 0;
    for block in bytes.chunks_exact(16) {
        let block = u128::from_le_bytes(block.try_into().expect("16 bytes"));
        assert!(seen.insert(block), "{what}: a repeated 16-byte block");
        count += 1;
    }
    count
}

/// Checks at most the first 8 MiB of a file: exact length, distinct blocks.
fn check_file(what: &str, path: &Path, len: u64, seen: &mut HashSet<u128>) -> u64 {
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(meta.len(), len, "{what}: bytes lost or added");
    let mut head = Vec::new();
    fs::File::open(path)
        .expect("open the output")
        .take(8 << 20)
        .read_to_end(&mut head)
        .expect("read the output");
    distinct_blocks(what, &head, seen)
}

fn run(mut command: Command) -> Output {
    command.output().expect("run sh")
}

// ----- a low RLIMIT_AS --------------------------------------------------------

/// 64 MiB of address space: the binary and its libraries need about 8.
const LOW_AS_KIB: u64 = 64 * 1024;

/// MiB per bulk run (`SECRETS_TORTURE_MIB`; small by default, for debug
/// builds).
fn bulk_mib() -> u64 {
    scale("SECRETS_TORTURE_MIB", 4)
}

#[test]
fn low_address_space_keeps_working_or_reports_an_error() {
    let dir = Scratch::new("as");
    let setup = format!("ulimit -v {LOW_AS_KIB}");
    let mut seen = HashSet::new();
    let (mut runs, mut bytes) = (0u64, 0u64);

    // Small outputs, read back: all distinct.
    for args in [
        &["token-hex", "32"][..],
        &["token-bytes", "64"],
        &["password", "--length", "64"],
        &["uuid", "-n", "100"],
    ] {
        for _ in 0..3 {
            let out = run(under_shell(&setup, "", args));
            assert_eq!(
                verdict(&format!("{args:?}"), out.status, &out.stderr),
                Verdict::Worked
            );
            bytes += distinct_blocks(&format!("{args:?}"), &out.stdout, &mut seen) * 16;
            runs += 1;
        }
    }
    // Large outputs stream in constant memory, from every backend.
    for backend in backends() {
        let out_path = dir.path("out.bin");
        let count = format!("{}MiB", bulk_mib());
        let args = ["bytes", "--backend", backend, "--count", &count];
        let redirect = format!("> '{}'", out_path.display());
        let out = run(under_shell(&setup, &redirect, &args));
        assert_eq!(
            verdict(&format!("{args:?}"), out.status, &out.stderr),
            Verdict::Worked
        );
        bytes += check_file(backend, &out_path, bulk_mib() << 20, &mut seen) * 16;
        runs += 1;
    }
    // Sizes far beyond the limit: streamed, or refused with an error.
    for args in [
        &["token-hex", "200000000"][..],
        &["token-urlsafe", "200000000"],
        &["password", "--length", "200000000"],
        &["passphrase", "--words", "20000000"],
        &["uuid", "-n", "3000000"],
    ] {
        let out = run(under_shell(&setup, "> /dev/null", args));
        verdict(&format!("{args:?}"), out.status, &out.stderr);
        runs += 1;
    }
    println!(
        "torture: RLIMIT_AS {} MiB: {runs} runs, {bytes} bytes checked, 0 repeated blocks, \
         0 aborts",
        LOW_AS_KIB / 1024
    );
}

#[test]
fn a_word_list_larger_than_memory_is_an_error() {
    let dir = Scratch::new("wordlist-as");
    let list = dir.path("words.txt");
    let words: String = (0..6_000_000).map(|i| format!("w{i:07}\n")).collect();
    fs::write(&list, words).expect("write the word list");
    let list = list.display().to_string();
    let out = run(under_shell(
        &format!("ulimit -v {LOW_AS_KIB}"),
        "> /dev/null",
        &["passphrase", "--wordlist", &list],
    ));
    // 6 million words do not fit in 64 MiB: an error (it was an abort).
    let verdict = verdict("a 54 MB word list under RLIMIT_AS", out.status, &out.stderr);
    assert_eq!(verdict, Verdict::ReportedError);
    println!("torture: a 54 MB word list under RLIMIT_AS 64 MiB: refused with an error, no abort");
}

// ----- RLIMIT_NOFILE of 3 -----------------------------------------------------

/// `ulimit -n 3` with standard input closed: the dynamic loader needs one
/// descriptor to map the libraries (with 0, 1 and 2 open and a limit of 3,
/// no program of a dynamically linked Rust toolchain gets to `main`); std
/// then reopens `/dev/null` on descriptor 0, and the program runs with all
/// three slots taken.
#[test]
fn three_file_descriptors() {
    let dir = Scratch::new("nofile");
    // The shell closes its input before lowering the limit: dash needs a
    // spare descriptor to apply a redirection.
    let setup = "exec 0<&-; ulimit -n 3";
    let mut seen = HashSet::new();
    let mut runs = 0;

    // Tokens and streams need no descriptor beyond stdout: they work.
    for backend in backends() {
        for args in [
            &["token-hex", "--backend", backend, "32"][..],
            &["bytes", "--backend", backend, "--count", "64KiB"],
        ] {
            let out = run(under_shell(setup, "", args));
            assert_eq!(verdict(backend, out.status, &out.stderr), Verdict::Worked);
            distinct_blocks(backend, &out.stdout, &mut seen);
            runs += 1;
        }
    }
    // Opening a file is impossible: a clear error, nothing created.
    let target = dir.path("out.bin");
    let target_arg = target.display().to_string();
    let out = run(under_shell(
        setup,
        "",
        &["bytes", "--count", "1MiB", "--output", &target_arg],
    ));
    assert_eq!(
        verdict("--output", out.status, &out.stderr),
        Verdict::ReportedError
    );
    assert!(dir.others(&[]).is_empty(), "{:?}", dir.others(&[]));
    let list = dir.path("words.txt");
    fs::write(&list, "alpha\nbravo\ncharlie\n").expect("write");
    let out = run(under_shell(
        setup,
        "",
        &["passphrase", "--wordlist", &list.display().to_string()],
    ));
    assert_eq!(
        verdict("--wordlist", out.status, &out.stderr),
        Verdict::ReportedError
    );
    runs += 2;
    println!(
        "torture: RLIMIT_NOFILE 3: {runs} runs; tokens and streams from every backend work, \
         --output and --wordlist refused with an error, 0 crashes"
    );
}

// ----- standard output that cannot be written --------------------------------

#[test]
fn stdout_that_cannot_be_written() {
    let commands: [&[&str]; 4] = [
        &["bytes", "--count", "1MiB"],
        &["token-hex", "16"],
        &["password"],
        &["uuid", "-n", "10"],
    ];
    let mut runs = 0;
    for args in commands {
        // Closed before start: std reopens /dev/null there, so the output
        // goes nowhere and the program succeeds (nobody was listening).
        let out = run(under_shell("true", "1>&-", args));
        assert_eq!(
            verdict("stdout closed", out.status, &out.stderr),
            Verdict::Worked
        );
        // Open for reading only: every write fails (EBADF).
        let out = run(under_shell("true", "1</dev/null", args));
        assert_eq!(
            verdict("read-only stdout", out.status, &out.stderr),
            Verdict::ReportedError
        );
        // A full device.
        let out = run(under_shell("true", "1>/dev/full", args));
        assert_eq!(
            verdict("/dev/full", out.status, &out.stderr),
            Verdict::ReportedError
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("space"));
        runs += 3;
    }
    // A reader that goes away: exit 0, quietly (the documented policy).
    let mut child = Command::new(SECRETS)
        .args(["bytes"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 4096];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        verdict("closed pipe", out.status, &out.stderr),
        Verdict::Worked
    );
    assert!(out.stderr.is_empty());
    runs += 1;
    println!("torture: stdout closed, read-only, /dev/full, reader gone: {runs} runs, 0 crashes");
}

// ----- a full disk ------------------------------------------------------------

/// A full disk under `--output`, made with `RLIMIT_FSIZE` (SIGXFSZ ignored,
/// so writes past the limit fail with EFBIG as they would with ENOSPC): the
/// run fails with an error, the file that was there keeps its bytes and its
/// mode, and no temporary file is left.
#[test]
fn a_full_disk_keeps_the_file_that_was_there() {
    let dir = Scratch::new("full");
    let mut runs = 0;
    for backend in backends() {
        let target = dir.users_file();
        let target_arg = target.display().to_string();
        let out = run(under_shell(
            "trap '' XFSZ; ulimit -f 2048",
            "",
            &[
                "bytes",
                "--backend",
                backend,
                "--count",
                "16MiB",
                "--output",
                &target_arg,
            ],
        ));
        assert_eq!(
            verdict(backend, out.status, &out.stderr),
            Verdict::ReportedError
        );
        dir.assert_users_file_kept(backend);
        runs += 1;
    }
    println!(
        "torture: full disk (RLIMIT_FSIZE) under --output: {runs} runs, 0 files lost, 0 temporary files left"
    );
}

// ----- signals ----------------------------------------------------------------

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name}");
}

/// Waits until `ready` holds (or panics after a generous deadline: a hang
/// detector, not a timing assertion).
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "{what}: never happened");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn wait(mut child: Child) -> ExitStatus {
    child.wait().expect("wait")
}

/// SIGSTOP then SIGCONT in the middle of a write: the run completes with
/// every byte; SIGINT and SIGTERM in the middle of `--output` over an
/// existing file: the process ends, and the file keeps its bytes and mode.
#[test]
fn signals_in_the_middle_of_writes() {
    let len = usize::try_from(bulk_mib().max(4) << 20).expect("fits");
    let dir = Scratch::new("signals");
    let target_arg = dir.path("keep.bin").display().to_string();
    let mut seen = HashSet::new();
    let (mut stops, mut interrupts) = (0, 0);
    for backend in backends() {
        // Stopped and continued twice while a reader drains the pipe.
        let mut child = Command::new(SECRETS)
            .args(["bytes", "--backend", backend, "--count", &len.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut received = vec![0u8; len];
        let mut filled = 0;
        for _ in 0..2 {
            stdout
                .read_exact(&mut received[filled..filled + (1 << 20)])
                .expect("read");
            filled += 1 << 20;
            signal(&child, "STOP");
            std::thread::sleep(Duration::from_millis(20));
            signal(&child, "CONT");
            stops += 1;
        }
        stdout
            .read_exact(&mut received[filled..])
            .expect("read the rest");
        let mut extra = Vec::new();
        stdout.read_to_end(&mut extra).expect("read to the end");
        assert!(extra.is_empty(), "{backend}: bytes beyond the count");
        let out = child.wait_with_output().expect("wait");
        assert_eq!(verdict(backend, out.status, &out.stderr), Verdict::Worked);
        distinct_blocks(backend, &received, &mut seen);

        for name in ["INT", "TERM"] {
            dir.users_file();
            let child = Command::new(SECRETS)
                .args([
                    "bytes",
                    "--backend",
                    backend,
                    "--count",
                    "4GiB",
                    "--output",
                    &target_arg,
                ])
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn");
            wait_until("output under way", || {
                dir.others(&["keep.bin"])
                    .iter()
                    .any(|name| fs::metadata(dir.path(name)).is_ok_and(|m| m.len() > 1 << 20))
            });
            signal(&child, name);
            let status = wait(child);
            // Ended by the signal or by a handler that exits.
            assert!(
                status.signal().is_some() || status.code().is_some_and(|c| c != 0),
                "{backend}: SIG{name}: {status}"
            );
            // Nothing left behind: the temporary file is removed too.
            dir.assert_users_file_kept(&format!("{backend}: SIG{name}"));
            interrupts += 1;
        }
    }
    println!(
        "torture: signals: {stops} SIGSTOP/SIGCONT pairs mid-stream (all {} bytes delivered \
         each time, no repeated block), {interrupts} SIGINT/SIGTERM during --output (the \
         existing file kept every time, no temporary file left)",
        len
    );
}

// ----- random argument lists --------------------------------------------------

/// A reproducible stream for argument generation: rand's seeded `StdRng`
/// (the seed is printed, so a failure can be replayed).
struct Draw(StdRng);

impl Draw {
    fn new(seed: u64) -> Draw {
        Draw(StdRng::seed_from_u64(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: usize) -> usize {
        // Bias is irrelevant here.
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Command and flag names, from the real command tree (so a new flag is
/// fuzzed too), plus spellings that must be refused.
struct Vocabulary {
    commands: Vec<String>,
    flags: Vec<String>,
    values: Vec<String>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let tree = secrets_cli::command();
        let mut commands: Vec<String> = tree
            .get_subcommands()
            .map(|sub| sub.get_name().to_owned())
            .collect();
        commands.extend(["help".to_owned(), "tokenhex".to_owned()]);
        let mut flags: Vec<String> = tree
            .get_subcommands()
            .flat_map(|sub| sub.get_arguments())
            .chain(tree.get_arguments())
            .flat_map(|arg| {
                let long = arg.get_long().map(|l| format!("--{l}"));
                let short = arg.get_short().map(|s| format!("-{s}"));
                long.into_iter().chain(short)
            })
            .collect();
        flags.extend(
            [
                "--help",
                "-h",
                "--version",
                "-V",
                "--",
                "-",
                "--count=",
                "--length=0",
                "-n0",
            ]
            .map(str::to_owned),
        );
        flags.extend(["-n=5", "--bogus", "--output=x"].map(str::to_owned));
        flags.sort();
        flags.dedup();
        let mut values: Vec<String> = VALUES.iter().map(|&v| v.to_owned()).collect();
        values.extend(secrets::BACKEND_NAMES.iter().map(|&n| n.to_owned()));
        Vocabulary {
            commands,
            flags,
            values,
        }
    }
}

/// Values to pass (besides the backend names of the registry).
const VALUES: &[&str] = &[
    "chacha7",
    "eff-large",
    "eff-short",
    "lower,upper",
    "digits",
    "symbols",
    "lower,,",
    "0",
    "1",
    "-1",
    "16",
    "32",
    "255",
    "256",
    "65536",
    "1KiB",
    "2GiB",
    "1e3",
    "0x10",
    "1.5",
    "NaN",
    "inf",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "-9223372036854775808",
    "1TiB",
    "1PiB",
    "9EiB",
    "17EiB",
    "kB",
    "MiB",
    "",
    " ",
    "=",
    "é",
    "ß",
    "\u{202e}",
    "\u{0}",
    "🦀",
    "a b",
    "\t",
    "\n",
    "aaaa",
    "0.000001",
];

/// One random command line: usually a command, then flags and values
/// (words of the interface, numbers of every size, raw bytes including
/// invalid UTF-8, very long arguments); sometimes anything at all.
fn random_args(draw: &mut Draw, words: &Vocabulary, spawned: bool) -> Vec<OsString> {
    let mut args = vec![OsString::from("secrets")];
    if draw.below(8) != 0 {
        args.push(OsString::from(
            &words.commands[draw.below(words.commands.len())],
        ));
    }
    for _ in 0..draw.below(6) {
        let arg = match draw.below(12) {
            0..=3 => OsString::from(&words.flags[draw.below(words.flags.len())]),
            4..=7 => OsString::from(&words.values[draw.below(words.values.len())]),
            8 => OsString::from(&words.commands[draw.below(words.commands.len())]),
            9 => OsString::from(match draw.below(3) {
                0 => draw.below(100).to_string(),
                1 => draw.next().to_string(),
                _ => format!(
                    "{}{}",
                    draw.below(100_000),
                    draw.pick(&["", "B", "KiB", "MiB", "GiB", "k", "x", " MiB"])
                ),
            }),
            10 => {
                let bytes: Vec<u8> = (0..draw.below(12)).map(|_| draw.next() as u8).collect();
                OsString::from_vec(bytes)
            }
            _ => OsString::from("9".repeat(1 + draw.below(4000))),
        };
        args.push(arg);
    }
    if spawned {
        sanitize_for_a_process(&mut args);
    }
    args
}

/// Spawned runs must not touch the file system outside their directory,
/// run benchmarks for minutes, or read endless devices: no path-like
/// values, `--output` always `out.bin`, no `bench`; and an argument vector
/// cannot carry a NUL byte.
fn sanitize_for_a_process(args: &mut [OsString]) {
    let mut previous_was_output = false;
    for arg in args.iter_mut().skip(1) {
        if previous_was_output {
            *arg = OsString::from("out.bin");
        }
        let text = arg.to_string_lossy();
        previous_was_output = text == "--output" || text == "-o";
        let nul = arg.as_encoded_bytes().contains(&0);
        if nul || text.contains('/') || text == "bench" || text.starts_with("--output=") {
            *arg = OsString::from("x");
        }
    }
}

fn seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// Runs `work(thread, share)` on `threads` threads, `total` items shared
/// out, and adds up the three counters each returns.
fn in_parallel(threads: u64, total: u64, work: impl Fn(u64, u64) -> [u64; 3] + Sync) -> [u64; 3] {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                scope.spawn(move || work(t, total / threads + u64::from(t < total % threads)))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .fold([0; 3], |sum, c| {
                [sum[0] + c[0], sum[1] + c[1], sum[2] + c[2]]
            })
    })
}

#[test]
fn a_million_argument_lists_through_the_parser() {
    let lists = scale("SECRETS_TORTURE_ARGS", 20_000);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let seed = seed();
    let words = Vocabulary::new();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // Each thread: its own command tree and stream.
    let [accepted, refused, panics] = in_parallel(threads, lists, |t, share| {
        let mut draw = Draw::new(seed ^ t.wrapping_mul(0xA076_1D64_78BD_642F));
        let mut command = secrets_cli::command();
        let mut counts = [0u64; 3]; // accepted, refused, panics
        for _ in 0..share {
            let args = random_args(&mut draw, &words, false);
            let parse = AssertUnwindSafe(|| match secrets_cli::parse_with(&mut command, &args) {
                Ok(_) => 0,
                // The message must render, too.
                Err(error) => usize::from(error.render().to_string().is_empty()) + 1,
            });
            match std::panic::catch_unwind(parse) {
                Ok(0) => counts[0] += 1,
                Ok(1) => counts[1] += 1,
                Ok(_) | Err(_) => {
                    counts[2] += 1;
                    eprintln!("no message or a panic on {args:?}");
                }
            }
        }
        counts
    });
    std::panic::set_hook(quiet);
    println!(
        "torture: random argument lists (seed {seed:#x}): {lists} parsed in-process, {accepted} \
         accepted, {refused} refused with a message, {panics} panics"
    );
    assert_eq!(accepted + refused, lists);
    assert_eq!(
        panics, 0,
        "the parser panicked or gave no message (seed {seed:#x})"
    );
}

/// How one spawned run ended.
enum Ended {
    Worked,
    Error,
    /// Still running (an endless `bytes`, a huge count) when stopped.
    Streaming,
}

/// Runs one command line in `dir` (files capped at 32 MiB, so an endless
/// `--output` cannot fill the disk: past the cap it fails like a full one).
fn spawn_one(dir: &Path, args: &[OsString], what: &str) -> Ended {
    let mut child = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 65536; exec \"$0\" \"$@\"",
            SECRETS,
        ])
        .args(&args[1..])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .expect("spawn");
    // Drain stderr while waiting, so a chatty child cannot block.
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut stderr = Vec::new();
        let _ = pipe.read_to_end(&mut stderr);
        stderr
    });
    let deadline = Instant::now() + Duration::from_secs(2);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stderr = reader.join().expect("stderr reader");
    match status {
        None => Ended::Streaming,
        Some(status) => match verdict(what, status, &stderr) {
            Verdict::Worked => Ended::Worked,
            Verdict::ReportedError => Ended::Error,
        },
    }
}

#[test]
fn random_argument_lists_in_real_processes() {
    let runs = scale("SECRETS_TORTURE_SPAWNS", 40);
    let seed = seed() ^ 0x5EED;
    let words = Vocabulary::new();
    let [worked, errors, streaming] = in_parallel(4, runs, |t, share| {
        let dir = Scratch::new(&format!("spawned-{t}"));
        let mut draw = Draw::new(seed ^ t);
        let mut counts = [0u64; 3];
        for _ in 0..share {
            let args = random_args(&mut draw, &words, true);
            let what = format!("{args:?} (seed {seed:#x}, thread {t})");
            match spawn_one(&dir.0, &args, &what) {
                Ended::Worked => counts[0] += 1,
                Ended::Error => counts[1] += 1,
                Ended::Streaming => counts[2] += 1,
            }
            for name in dir.others(&[]) {
                let _ = fs::remove_file(dir.path(&name));
            }
        }
        counts
    });
    println!(
        "torture: random argument lists in processes (seed {seed:#x}): {runs} runs, {worked} \
         exit 0, {errors} exit 1/2 with an error message, {streaming} still writing after 2 s \
         (stopped), 0 crashes"
    );
}
