//! `cargo xtask test`: the project's whole test run — the README's test
//! command, and what `.ci/run` calls after fmt and clippy.
//!
//! 1. `cargo test --workspace` (unit, integration and doc tests, CAVP and RFC
//!    vectors included).
//! 2. The facade under every backend-feature combination a user can pick:
//!    each backend alone, each `default-backend-*` feature, and a check that
//!    two `default-backend-*` features fail to compile with our message.
//! 3. `cargo xtask conformance --quick` over every backend.

use std::process::Command;

/// One facade configuration: the features, and why it is worth testing.
const FACADE_COMBINATIONS: &[&str] = &[
    "os",
    "rdrand",
    "chacha",
    "ctr-drbg",
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
    two_defaults_must_not_compile()?;
    run(
        "cargo xtask conformance --quick",
        cargo().args(["xtask", "conformance", "--quick"]),
    )?;
    println!("\nxtask test: everything passed");
    Ok(())
}

/// Picking two default backends is a build error that says how to fix it.
fn two_defaults_must_not_compile() -> Result<(), String> {
    let description = "two default-backend features are refused at compile time";
    println!("\n==> {description}");
    let output = cargo()
        .args([
            "check",
            "--package",
            "secrets",
            "--no-default-features",
            "--features",
            "default-backend-os,default-backend-chacha20",
            "--message-format",
            "short",
        ])
        .output()
        .map_err(|e| format!("{description}: cannot start cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        return Err(format!("{description}: it compiled"));
    }
    if !stderr.contains("default-backend") {
        return Err(format!(
            "{description}: it failed, but not with our message:\n{stderr}"
        ));
    }
    println!("refused as expected");
    Ok(())
}
