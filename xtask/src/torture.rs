//! `cargo xtask torture [--tokens N] [--depth D]`: the heavy run of the
//! facade's torture tests (`crates/secrets/tests/torture.rs`) over every
//! backend, in release mode.
//!
//! The tests are the same code CI runs; this task only scales them: by
//! default 10^7 tokens drawn by 2–8 threads (CI: 10^5) and fork trees four
//! generations deep (every process forks two children; CI: three). It
//! prints the figures the tests report (tokens, forks, signals).

use std::process::Command;

/// Arguments of `cargo xtask torture`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tokens drawn by the threads (CI: 10^5).
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    tokens: u64,
    /// Generations of the fork trees (CI: 3).
    #[arg(long, value_name = "D", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=6))]
    depth: u32,
}

/// Entry point of `cargo xtask torture`.
pub fn main(Args { tokens, depth }: Args) -> Result<(), String> {
    println!("torture: {tokens} tokens, fork depth {depth}, every backend, release build");
    let output = Command::new("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "secrets",
            "--features",
            "os,rdrand,chacha,ctr-drbg",
            "--test",
            "torture",
            "--",
            "--nocapture",
        ])
        .env("SECRETS_TORTURE_TOKENS", tokens.to_string())
        .env("SECRETS_TORTURE_FORK_DEPTH", depth.to_string())
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stdout.lines().chain(stderr.lines()) {
        if let Some(at) = line.find("torture: ") {
            println!("{}", &line[at..]);
        } else if line.starts_with("test ") || line.contains("panicked") {
            println!("{line}");
        }
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("torture tests failed:\n{stderr}"))
    }
}
