//! `cargo xtask test`: the project's whole test run — the README's test
//! command, and what `.ci/run` calls after fmt and clippy.
//!
//! 1. `cargo test --workspace` (unit, integration and doc tests, CAVP and RFC
//!    vectors included).
//! 2. The facade under every backend-feature combination a user can pick:
//!    each backend beside `os`, each `default-backend-*` feature alone, and
//!    checks that two `default-backend-*` features, or no backend for the
//!    free functions, fail to compile with our message.
//! 3. `cargo xtask conformance --quick` over every backend.
//! 4. `cargo xtask nopanic`: no fill path reaches a panic in our code.

use std::process::Command;

/// The facade configurations a user can pick: each backend added to the
/// default `os`, all of them, and each `default-backend-*` feature alone.
const FACADE_COMBINATIONS: &[&str] = &[
    "os",
    "os,rdrand",
    "os,chacha",
    "os,ctr-drbg",
    "os,rdrand,chacha,ctr-drbg,bigint,uuid",
    "default-backend-os",
    "default-backend-rdrand",
    "default-backend-rdseed",
    "default-backend-chacha8",
    "default-backend-chacha12",
    "default-backend-chacha20",
    "default-backend-ctr-drbg-aes128",
    "default-backend-ctr-drbg-aes256",
];

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(description: &str, command: &mut Command) -> Result<(), String> {
    println!("\n==> {description}");
    let status = command
        .status()
        .map_err(|e| format!("{description}: cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{description}: failed ({status})"))
    }
}

/// Entry point of `cargo xtask test`.
pub fn main(args: &[String]) -> Result<(), String> {
    if let Some(other) = args.first() {
        return Err(format!("test: unknown argument `{other}` (it takes none)"));
    }
    run(
        "cargo test --workspace",
        cargo().args(["test", "--workspace"]),
    )?;
    for features in FACADE_COMBINATIONS {
        run(
            &format!("facade with features `{features}`"),
            cargo().args([
                "test",
                "--package",
                "secrets",
                "--no-default-features",
                "--features",
                features,
            ]),
        )?;
    }
    must_not_compile(
        "two default-backend features are refused at compile time",
        "default-backend-os,default-backend-chacha20",
        "two default backends",
    )?;
    must_not_compile(
        "a facade without a default backend is refused at compile time",
        "rdrand",
        "no default backend",
    )?;
    run(
        "cargo xtask conformance --quick",
        cargo().args(["xtask", "conformance", "--quick"]),
    )?;
    run("cargo xtask nopanic", cargo().args(["xtask", "nopanic"]))?;
    run(
        "rsecrets: the Python tests (crates/secrets-py/run_tests.py)",
        Command::new("python3").arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/secrets-py/run_tests.py"
        )),
    )?;
    println!("\nxtask test: everything passed");
    Ok(())
}

/// A facade feature set that must fail to build, with our message (which
/// says how to fix it), not some unrelated error.
fn must_not_compile(description: &str, features: &str, message: &str) -> Result<(), String> {
    println!("\n==> {description}");
    let output = cargo()
        .args([
            "check",
            "--package",
            "secrets",
            "--no-default-features",
            "--features",
            features,
            "--message-format",
            "short",
        ])
        .output()
        .map_err(|e| format!("{description}: cannot start cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        return Err(format!("{description}: it compiled"));
    }
    if !stderr.contains(message) {
        return Err(format!(
            "{description}: it failed, but not with our message ({message:?}):\n{stderr}"
        ));
    }
    println!("refused as expected");
    Ok(())
}
