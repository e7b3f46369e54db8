//! `cargo xtask torture [--tokens N] [--depth D]`: the heavy run of the
//! facade's torture tests (`crates/secrets/tests/torture.rs`) over every
//! backend, in release mode.
//!
//! The tests are the same code CI runs; this task only scales them: by
//! default 10^7 tokens drawn by 2–8 threads (CI: 10^5) and fork trees four
//! generations deep (every process forks two children; CI: three). It
//! prints the figures the tests report (tokens, forks, signals).

use std::process::Command;

/// Entry point of `cargo xtask torture`.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut tokens: u64 = 10_000_000;
    let mut depth: u32 = 4;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .ok_or_else(|| format!("{name} needs a number"))
                .map(String::as_str)
        };
        match arg.as_str() {
            "--tokens" => {
                let v = value("--tokens")?;
                tokens = v
                    .parse()
                    .map_err(|_| format!("--tokens: `{v}` is not a number"))?;
            }
            "--depth" => {
                let v = value("--depth")?;
                depth = v
                    .parse()
                    .ok()
                    .filter(|d| (1..=6).contains(d))
                    .ok_or_else(|| format!("--depth: `{v}` is not between 1 and 6"))?;
            }
            other => return Err(format!("torture: unknown argument `{other}`")),
        }
    }
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
