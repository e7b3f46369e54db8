//! `cargo xtask fuzz [--seconds S] [--parallel N] [--cmin] [TARGET...]`:
//! runs the cargo-fuzz targets under `fuzz/` (a separate nightly workspace)
//! for S seconds each and prints executions and coverage per target.
//!
//! Each target runs as `cargo +nightly fuzz run TARGET -- -max_total_time=S`
//! on its corpus `fuzz/corpus/TARGET` (kept small and in the repository). The
//! figures come from libFuzzer's closing line, `#N DONE cov: X ft: Y corp: …`:
//! N executions, X covered edges ("cov"), Y features ("ft"). A crash fails
//! the task and names the artifact libFuzzer wrote under `fuzz/artifacts/`.
//!
//! `--cmin` minimizes each corpus afterwards (`cargo fuzz cmin`, edges
//! only), so the repository keeps only inputs that add coverage.
//!
//! Needs the nightly toolchain and `cargo-fuzz` (`cargo install cargo-fuzz`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

/// What one fuzzing run achieved.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FuzzFigures {
    /// Executions of the target (`#N`).
    pub executions: u64,
    /// Covered edges (`cov:`).
    pub coverage: u64,
    /// Coverage features (`ft:`).
    pub features: u64,
    /// Corpus entries and size (`corp: 197/21Kb`).
    pub corpus: String,
    /// Executions per second (`exec/s:`).
    pub execs_per_second: u64,
}

/// Parses libFuzzer's output: the figures of the last `DONE` line (or, for a
/// run that stopped early, of the last status line).
pub fn parse_libfuzzer_output(output: &str) -> Option<FuzzFigures> {
    let last = |marker: &str| {
        output
            .lines()
            .rev()
            .find(|line| line.starts_with('#') && line.contains(marker))
    };
    let line = last("DONE").or_else(|| last("cov:"))?;
    let mut words = line.split_whitespace();
    let executions = words.next()?.trim_start_matches('#').parse().ok()?;
    let mut figures = FuzzFigures {
        executions,
        ..FuzzFigures::default()
    };
    let rest: Vec<&str> = words.collect();
    for pair in rest.windows(2) {
        match pair[0] {
            "cov:" => figures.coverage = pair[1].parse().ok()?,
            "ft:" => figures.features = pair[1].parse().ok()?,
            "corp:" => figures.corpus = pair[1].to_string(),
            "exec/s:" => figures.execs_per_second = pair[1].parse().unwrap_or(0),
            _ => {}
        }
    }
    Some(figures)
}

fn fuzz_dir() -> PathBuf {
    crate::root_dir().join("fuzz")
}

/// `cargo +nightly fuzz ARGS…` in the fuzz workspace `dir`. Through the
/// rustup wrapper (`cargo`, not `crate::cargo()`): only it understands
/// `+nightly`.
fn cargo_fuzz<'a>(dir: &Path, args: impl IntoIterator<Item = &'a str>) -> Command {
    let mut command = Command::new("cargo");
    command
        .args(["+nightly", "fuzz"])
        .args(args)
        .current_dir(dir);
    command
}

/// The targets, as `cargo fuzz list` reports them.
fn list_targets(dir: &Path) -> Result<Vec<String>, String> {
    let output = crate::output_of(&mut cargo_fuzz(dir, ["list"]))
        .map_err(|e| format!("{e} (is cargo-fuzz installed?)"))?;
    Ok(output
        .lines()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect())
}

/// The outcome of one target.
struct Run {
    target: String,
    figures: Option<FuzzFigures>,
    crashed: Option<String>,
}

impl Run {
    /// A run that ended without libFuzzer's figures.
    fn failed(target: &str, why: String) -> Run {
        Run {
            target: target.to_string(),
            figures: None,
            crashed: Some(why),
        }
    }
}

fn run_target(dir: &Path, target: &str, seconds: u64) -> Run {
    let log_path = dir.join(format!("target/xtask-fuzz-{target}.log"));
    let output = cargo_fuzz(dir, ["run", target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => return Run::failed(target, format!("cannot start cargo fuzz: {e}")),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Keep the whole libFuzzer log next to the build for inspection.
    let _ = std::fs::write(&log_path, &text);
    let crashed = if output.status.success() {
        None
    } else {
        let artifact = text
            .lines()
            .find(|line| line.contains("Test unit written to"))
            .map(|line| line.trim().to_string())
            .unwrap_or_else(|| format!("exit status {}", output.status));
        Some(format!("{artifact} (log: {})", log_path.display()))
    };
    Run {
        target: target.to_string(),
        figures: parse_libfuzzer_output(&text),
        crashed,
    }
}

fn cmin(dir: &Path, target: &str) -> Result<(), String> {
    // Edges only (no hit-count features): one input per covered edge keeps
    // each corpus at a few hundred small files.
    crate::run(
        &format!("cargo fuzz cmin {target}"),
        cargo_fuzz(dir, ["cmin", target, "--", "-use_counters=0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
}

/// Arguments of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seconds per target.
    #[arg(long, value_name = "S", default_value_t = 60)]
    seconds: u64,
    /// Targets fuzzed at once.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    parallel: usize,
    /// Minimize each corpus afterwards.
    #[arg(long)]
    cmin: bool,
    /// The targets (default: all).
    #[arg(value_name = "TARGET")]
    targets: Vec<String>,
}

/// Entry point of `cargo xtask fuzz`.
pub fn main(args: Args) -> Result<(), String> {
    let Args {
        seconds,
        parallel,
        cmin: minimize,
        mut targets,
    } = args;
    let dir = fuzz_dir();
    let known = list_targets(&dir)?;
    if targets.is_empty() {
        targets = known.clone();
    }
    if let Some(unknown) = targets.iter().find(|t| !known.contains(t)) {
        return Err(format!(
            "fuzz: no target `{unknown}`; the targets are: {}",
            known.join(", ")
        ));
    }

    // Build once up front so the timed runs do not compete with the compiler.
    crate::run("cargo fuzz build", &mut cargo_fuzz(&dir, ["build"]))?;

    println!(
        "fuzzing {} target(s) for {seconds} s each, {parallel} at a time",
        targets.len()
    );
    let mut runs = Vec::new();
    for batch in targets.chunks(parallel) {
        let results: Vec<Run> = thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|target| {
                    let dir = &dir;
                    scope.spawn(move || run_target(dir, target, seconds))
                })
                .collect();
            batch
                .iter()
                .zip(handles)
                .map(|(target, handle)| {
                    let panicked = |_| Run::failed(target, "runner thread panicked".into());
                    handle.join().unwrap_or_else(panicked)
                })
                .collect()
        });
        for run in &results {
            print_run(run, seconds);
        }
        runs.extend(results);
    }

    if minimize {
        for target in &targets {
            cmin(&dir, target)?;
            let files = std::fs::read_dir(dir.join("corpus").join(target))
                .map(|entries| entries.count())
                .unwrap_or(0);
            println!("{target:<18} corpus minimized to {files} files");
        }
    }

    let failed: Vec<&str> = runs
        .iter()
        .filter(|run| run.crashed.is_some() || run.figures.is_none())
        .map(|run| run.target.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz: failures in {}", failed.join(", ")))
    }
}

fn print_run(run: &Run, seconds: u64) {
    match (&run.figures, &run.crashed) {
        (Some(f), None) => println!(
            "{:<18} {seconds:>6} s  executions={:>12}  exec/s={:>7}  cov={:>6}  ft={:>7}  corpus={}",
            run.target, f.executions, f.execs_per_second, f.coverage, f.features, f.corpus
        ),
        (_, Some(crash)) => println!("{:<18} CRASH: {crash}", run.target),
        (None, None) => println!("{:<18} no libFuzzer figures in the output", run.target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_done_line() {
        let log = "INFO: Seed: 1\n#2\tINITED cov: 10 ft: 11 corp: 1/1b exec/s: 0 rss: 30Mb\n\
                   #180184\tDONE   cov: 444 ft: 1463 corp: 197/21Kb lim: 1165 exec/s: 11261 rss: 556Mb\n\
                   Done 180184 runs in 16 second(s)\n";
        let figures = parse_libfuzzer_output(log).expect("figures");
        assert_eq!(figures.executions, 180_184);
        assert_eq!(figures.coverage, 444);
        assert_eq!(figures.features, 1463);
        assert_eq!(figures.corpus, "197/21Kb");
        assert_eq!(figures.execs_per_second, 11_261);
    }

    #[test]
    fn falls_back_to_the_last_status_line_and_rejects_garbage() {
        let log = "#1024\tpulse  cov: 5 ft: 6 corp: 2/3b exec/s: 512 rss: 1Mb\n==1== ERROR: libFuzzer: deadly signal\n";
        assert_eq!(
            parse_libfuzzer_output(log).map(|f| f.executions),
            Some(1024)
        );
        assert_eq!(parse_libfuzzer_output("no figures here\n"), None);
    }
}
