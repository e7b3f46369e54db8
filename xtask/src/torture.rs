//! `cargo xtask torture [--quick] [--tokens N] [--depth D]`: the facade's
//! concurrency torture tests and the hostile-environment suite, over every
//! backend, in release mode.
//!
//! | suite | test file | what |
//! | --- | --- | --- |
//! | threads, fork, signals, panics | `crates/secrets/tests/torture.rs` | 2–8 threads drawing tokens, fork trees, SIGALRM storms, panics mid-operation |
//! | hostile environment (library) | `crates/secrets/tests/hostile.rs` | `getrandom` (and `open`) blocked by seccomp with ENOSYS and EPERM, a DRBG whose source fails on reseed, a low `RLIMIT_AS` |
//! | hostile environment (command) | `crates/secrets-cli/tests/hostile.rs` | a low `RLIMIT_AS`, `RLIMIT_NOFILE` of 3, stdout closed / read-only / full / gone, a full disk under `--output`, SIGSTOP/SIGCONT/SIGINT/SIGTERM mid-write, random argument lists in-process and in processes |
//!
//! The tests are the same code `cargo test` runs at a small scale; this task
//! only scales them through environment variables and collects the figures
//! they print (`torture:` lines). `--quick` is what CI runs (a minute or two
//! once built): 10^5 tokens, fork trees three generations deep, 10^6 argument
//! lists through the parser, 200 in real processes. The full run: 10^7 tokens,
//! four generations, 10^7 argument lists, 2000 processes, larger streams.

/// The scale of one run.
struct Scale {
    tokens: u64,
    depth: u32,
    argument_lists: u64,
    spawned: u64,
    stream_mib: u64,
    reseed_requests: u64,
}

const QUICK: Scale = Scale {
    tokens: 100_000,
    depth: 3,
    argument_lists: 1_000_000,
    spawned: 200,
    stream_mib: 16,
    reseed_requests: 2_000,
};

const FULL: Scale = Scale {
    tokens: 10_000_000,
    depth: 4,
    argument_lists: 10_000_000,
    spawned: 2_000,
    stream_mib: 256,
    reseed_requests: 20_000,
};

/// Arguments of `cargo xtask torture`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CI's scale (10^5 tokens, depth 3, 10^6 argument lists, 200 processes).
    #[arg(long)]
    quick: bool,
    /// Tokens drawn by the threads (default: the scale's).
    #[arg(long, value_name = "N")]
    tokens: Option<u64>,
    /// Generations of the fork trees (default: the scale's).
    #[arg(long, value_name = "D", value_parser = clap::value_parser!(u32).range(1..=6))]
    depth: Option<u32>,
}

/// Entry point of `cargo xtask torture`.
pub fn main(
    Args {
        quick,
        tokens,
        depth,
    }: Args,
) -> Result<(), String> {
    let mut scale = if quick { QUICK } else { FULL };
    scale.tokens = tokens.unwrap_or(scale.tokens);
    scale.depth = depth.unwrap_or(scale.depth);
    println!(
        "torture: {} tokens, fork depth {}, {} argument lists, {} processes, {} MiB streams; \
         every backend, release build",
        scale.tokens, scale.depth, scale.argument_lists, scale.spawned, scale.stream_mib
    );
    let env = [
        ("SECRETS_TORTURE_TOKENS", scale.tokens.to_string()),
        ("SECRETS_TORTURE_FORK_DEPTH", scale.depth.to_string()),
        ("SECRETS_TORTURE_ARGS", scale.argument_lists.to_string()),
        ("SECRETS_TORTURE_SPAWNS", scale.spawned.to_string()),
        ("SECRETS_TORTURE_MIB", scale.stream_mib.to_string()),
        ("SECRETS_TORTURE_RESEEDS", scale.reseed_requests.to_string()),
    ];
    let all_backends = ["--features", "os,rdrand,chacha,ctr-drbg"];
    let mut failed = Vec::new();
    for (package, features, test) in [
        ("secrets", &all_backends[..], "torture"),
        ("secrets", &all_backends[..], "hostile"),
        ("secrets-cli", &[][..], "hostile"),
    ] {
        println!("\n==> {package}: tests/{test}.rs");
        let output = crate::cargo()
            .args(["test", "--release", "-p", package])
            .args(features)
            .args(["--test", test, "--", "--nocapture"])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        for line in stdout.lines().chain(stderr.lines()) {
            if let Some(at) = line.find("torture: ") {
                println!("{}", &line[at..]);
            } else if line.starts_with("test ")
                && (line.contains("FAILED") || line.contains("ignored"))
                || line.contains("panicked")
            {
                println!("{line}");
            }
        }
        if !output.status.success() {
            failed.push(format!("{package} tests/{test}.rs:\n{stdout}\n{stderr}"));
        }
    }
    if failed.is_empty() {
        println!("\ntorture: everything passed");
        Ok(())
    } else {
        Err(format!("torture tests failed:\n{}", failed.join("\n")))
    }
}
