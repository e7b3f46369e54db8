//! `cargo xtask test`: the project's whole test run — the README's test
//! command, and what `.ci/run` calls after fmt and clippy.
//!
//! 1. `cargo test --workspace` (unit, integration and doc tests, CAVP and RFC
//!    vectors included), then again for i686 (32-bit).
//! 2. The facade under every backend-feature combination a user can pick:
//!    each backend beside `os`, each `default-backend-*` feature alone, and
//!    checks that two `default-backend-*` features, or no backend for the
//!    free functions, fail to compile with our message.
//! 3. `cargo xtask conformance --quick` over every backend.
//! 4. `cargo xtask nopanic`: no fill path reaches a panic in our code.

use std::process::Command;
use std::time::Instant;

use crate::cargo;

use secrets::BackendId;

/// The facade configurations a user can pick, from the backend registry:
/// each backend feature added to the default `os`, all of them (with the
/// optional extras), and each `default-backend-*` feature alone.
fn facade_combinations() -> Vec<String> {
    let mut features: Vec<&str> = Vec::new();
    for id in BackendId::ALL {
        if !features.contains(&id.feature()) {
            features.push(id.feature());
        }
    }
    let mut combinations: Vec<String> = features
        .iter()
        .map(|f| {
            if *f == "os" {
                "os".to_owned()
            } else {
                format!("os,{f}")
            }
        })
        .collect();
    combinations.push(format!("{},bigint,uuid", features.join(",")));
    combinations.extend(
        BackendId::ALL
            .iter()
            .map(|id| id.default_feature().to_owned()),
    );
    combinations
}

/// Two `default-backend-*` features (the first two rows'), which must not
/// compile.
fn two_defaults() -> String {
    BackendId::ALL
        .iter()
        .take(2)
        .map(|id| id.default_feature())
        .collect::<Vec<_>>()
        .join(",")
}

/// A backend feature that is not `os` and names no default: the free
/// functions would have no source.
fn without_default() -> Option<&'static str> {
    BackendId::ALL
        .iter()
        .map(|id| id.feature())
        .find(|f| *f != "os")
}

/// Runs one step, announced and timed (the times add up to the run's).
fn run(description: &str, command: &mut Command) -> Result<(), String> {
    println!("\n==> {description}");
    let started = Instant::now();
    let result = crate::run(description, command);
    println!(
        "<== {description}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    result
}

/// The facade's low-`RLIMIT_AS` test draws from a generator of its own, not
/// from any backend, so the two workspace runs above cover it; in a debug
/// build it takes about 8 s, which every feature combination would repeat.
const FEATURE_INDEPENDENT_SLOW_TEST: &str =
    "under_a_512_mib_address_space_limit_try_methods_return_errors";

/// Entry point of `cargo xtask test`.
pub fn main() -> Result<(), String> {
    run(
        "cargo test --workspace",
        cargo().args(["test", "--workspace"]),
    )?;
    // 32-bit: usize is 32 bits there (.ci/run installs the target).
    run(
        "cargo test --workspace --target i686-unknown-linux-gnu",
        cargo().args(["test", "--workspace", "--target", "i686-unknown-linux-gnu"]),
    )?;
    for features in facade_combinations() {
        run(
            &format!("facade with features `{features}`"),
            cargo().args([
                "test",
                "--package",
                "secrets",
                "--no-default-features",
                "--features",
                &features,
                "--",
                "--skip",
                FEATURE_INDEPENDENT_SLOW_TEST,
            ]),
        )?;
    }
    must_not_compile(
        "two default-backend features are refused at compile time",
        &two_defaults(),
        "two default backends",
    )?;
    if let Some(feature) = without_default() {
        must_not_compile(
            "a facade without a default backend is refused at compile time",
            feature,
            "no default backend",
        )?;
    }
    no_std_builds()?;
    run(
        "cargo xtask conformance --quick",
        cargo().args(["xtask", "conformance", "--quick"]),
    )?;
    run("cargo xtask nopanic", cargo().args(["xtask", "nopanic"]))?;
    run(
        "rsecrets: the Python tests (crates/secrets-py/run_tests.py)",
        Command::new("python3").arg(crate::root_dir().join("crates/secrets-py/run_tests.py")),
    )?;
    run(
        "cargo xtask torture --quick",
        cargo().args(["xtask", "torture", "--quick"]),
    )?;
    println!("\nxtask test: everything passed");
    Ok(())
}

/// The crates an embedder uses without an OS, built for a target that has
/// no `std` at all (so nothing can sneak it in): the core, the DRBG engine
/// (`alloc`) and the raw mechanisms.
const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";
const NO_STD_CRATES: &[(&str, &str)] = &[
    ("secrets-core", ""),
    ("secrets-drbg", "alloc"),
    ("secrets-chacha", ""),
    ("secrets-ctr-drbg", ""),
];

fn no_std_builds() -> Result<(), String> {
    for (krate, features) in NO_STD_CRATES {
        let mut command = cargo();
        command.args([
            "build",
            "--package",
            krate,
            "--no-default-features",
            "--target",
            NO_STD_TARGET,
        ]);
        if !features.is_empty() {
            command.args(["--features", features]);
        }
        run(
            &format!("{krate} builds for {NO_STD_TARGET} (no_std)"),
            &mut command,
        )?;
    }
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
