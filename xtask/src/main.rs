//! `cargo xtask`: project tasks.
//!
//! One clap tree ([`Task`]); each task lives in its own module with a `main`
//! entry point that takes its parsed arguments.
#![forbid(unsafe_code)]

mod bench;
mod conformance;
mod ct;
mod doc_examples;
mod fuzz;
mod kat;
mod miri;
mod nopanic;
mod test;
mod torture;

use std::path::PathBuf;
use std::process::Command;

use clap::Parser;

/// Project tasks: tests, conformance, benchmarks, fuzzing.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
enum Task {
    /// Every test: what the README and CI run.
    Test,
    /// One conformance suite over every backend, as a matrix.
    Conformance(conformance::Args),
    /// Throughput and latency against baselines and peers.
    Bench(bench::Args),
    /// dudect constant-time test of compare_digest.
    Ct(ct::Args),
    /// Every public item of every publishable crate has a doc example (nightly).
    DocExamples,
    /// The cargo-fuzz targets, with figures (nightly, cargo-fuzz).
    Fuzz(fuzz::Args),
    /// Can a backend's fill path panic? (call graph of the release build)
    Nopanic(nopanic::Args),
    /// Threads, fork, signals, hostile environments: the torture suites, scaled.
    Torture(torture::Args),
    /// Miri over secrets-core and secrets-encode (nightly).
    Miri {
        /// Passed to the test binaries (e.g. a test name filter).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// NIST CAVP CTR/Hash/HMAC_DRBG response files.
    Kat {
        /// The response files (default: every `.rsp` file under vectors/cavp).
        #[arg(value_name = "FILE.rsp")]
        files: Vec<String>,
    },
}

fn main() {
    let result = match Task::parse() {
        Task::Test => test::main(),
        Task::Conformance(args) => conformance::main(args),
        Task::Bench(args) => bench::main(args),
        Task::Ct(args) => ct::main(args),
        Task::DocExamples => doc_examples::main(),
        Task::Fuzz(args) => fuzz::main(args),
        Task::Nopanic(args) => nopanic::main(args),
        Task::Torture(args) => torture::main(args),
        Task::Miri { args } => miri::main(&args),
        Task::Kat { files } => kat::main(&files),
    };
    if let Err(message) = result {
        eprintln!("xtask: {message}");
        std::process::exit(1);
    }
}

/// The repository's root directory.
fn root_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo`, as the one that runs this task (`$CARGO`).
fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs `command` and returns its standard output; an error carries its
/// standard error.
fn output_of(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `command` with its output on ours; an error names `description`.
fn run(description: &str, command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("{description}: cannot start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{description}: failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_task_tree_is_consistent_and_help_lists_every_task() {
        super::Task::command().debug_assert();
        let help = super::Task::command().render_help().to_string();
        for task in [
            "test",
            "conformance",
            "bench",
            "ct",
            "doc-examples",
            "fuzz",
            "nopanic",
            "torture",
            "miri",
            "kat",
        ] {
            assert!(help.contains(task), "{task} missing from:\n{help}");
        }
    }
}
