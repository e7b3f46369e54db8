//! `cargo xtask miri [ARGS...]`: the test suites of the `no_std` crates
//! (secrets-core, secrets-encode) under Miri, which checks every executed
//! operation for undefined behaviour (out-of-bounds access, invalid values,
//! aliasing violations, leaks).
//!
//! Needs the nightly toolchain with the `miri` component
//! (`rustup +nightly component add miri`). Tests shrink their iteration
//! counts under `cfg(miri)` (never their assertions). Extra arguments go to
//! the test binaries (e.g. a test name filter).

/// Entry point of `cargo xtask miri`.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut command = crate::cargo();
    command.args([
        "+nightly",
        "miri",
        "test",
        "-p",
        "secrets-core",
        "-p",
        "secrets-encode",
        // Library and integration tests; the doc tests are API examples
        // that the unit tests already cover, and take as long again.
        "--lib",
        "--tests",
    ]);
    if !args.is_empty() {
        command.arg("--").args(args);
    }
    crate::run("cargo +nightly miri test", &mut command)
}
