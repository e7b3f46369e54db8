//! `secrets backends` and `secrets bench`: what is compiled in, what works
//! on this machine, and how fast it is.

use std::ffi::OsStr;
use std::hint::black_box;
use std::time::{Duration, Instant};

use secrets::{BackendInfo, Secrets, compiled_backends};

use crate::cli::BenchArgs;
use crate::engine::{self, Engine};
use crate::error::CliError;
use crate::text::TextOut;

/// Runs `secrets backends`: one row per compiled backend.
pub fn backends() -> Result<(), CliError> {
    let mut out = TextOut::new()?;
    out.line(format!("{:<16} {:<9} {:<8} STATUS", "NAME", "KIND", "DEFAULT").as_bytes())?;
    for info in compiled_backends() {
        let status = match info.check() {
            Ok(()) => "usable".to_owned(),
            Err(error) => format!("unavailable: {}", unavailable_reason(&error)),
        };
        let default = if info.is_default() { "yes" } else { "no" };
        let row = format!(
            "{:<16} {:<9} {:<8} {status}",
            info.name,
            info.kind.label(),
            default
        );
        out.line(row.trim_end().as_bytes())?;
    }
    out.finish()
}

/// The reason part of an unavailability error, without repeating the name.
fn unavailable_reason(error: &secrets::Error) -> String {
    match *error {
        secrets::Error::Unavailable { reason, .. } => reason.to_owned(),
        other => other.to_string(),
    }
}

/// Block size of the throughput measurement (the stream's block size).
const THROUGHPUT_BLOCK: usize = crate::stream::BLOCK_SIZE;

/// Runs `secrets bench`: throughput and latency of every usable backend, or
/// of the one named with `--backend`.
pub fn bench(requested: Option<&OsStr>, args: &BenchArgs) -> Result<(), CliError> {
    let selected: Vec<&BackendInfo> = match requested {
        Some(name) => {
            // Validates the name with the usual one-line error.
            engine::open(Some(name))?;
            let name = name.to_string_lossy();
            compiled_backends()
                .iter()
                .filter(|info| info.name == name)
                .collect()
        }
        None => compiled_backends().iter().collect(),
    };
    let budget = Duration::from_secs_f64(args.seconds);
    let mut out = TextOut::new()?;
    // Column names without spaces, so scripts can split on whitespace.
    out.line(
        format!(
            "{:<16} {:>10} {:>10} {:>15} {:>13}",
            "BACKEND", "MiB/s", "fill32_ns", "token_hex16_ns", "randbelow_ns"
        )
        .as_bytes(),
    )?;
    for info in selected {
        let mut engine = match Secrets::from_name(info.name) {
            Ok(engine) => engine,
            Err(error) => {
                let row = format!(
                    "{:<16} unavailable: {}",
                    info.name,
                    unavailable_reason(&error)
                );
                out.line(row.as_bytes())?;
                continue;
            }
        };
        let figures = measure(&mut engine, budget)?;
        let row = format!(
            "{:<16} {:>10.0} {:>10.1} {:>15.1} {:>13.1}",
            info.name,
            figures.mib_per_second,
            figures.fill32_ns,
            figures.token_hex16_ns,
            figures.randbelow_ns
        );
        out.line(row.as_bytes())?;
    }
    out.finish()
}

/// One backend's figures.
struct Figures {
    mib_per_second: f64,
    fill32_ns: f64,
    token_hex16_ns: f64,
    randbelow_ns: f64,
}

/// Measures one backend: each figure is the median of three rounds of a
/// third of the budget each, so one scheduler hiccup does not decide it.
fn measure(engine: &mut Engine, budget: Duration) -> Result<Figures, CliError> {
    let round = budget / 3;
    let mut block = vec![0u8; THROUGHPUT_BLOCK];
    let bytes_per_ns = median3(|| {
        let (calls, elapsed) = time_calls(round, || engine::fill(engine, &mut block))?;
        Ok(calls as f64 * THROUGHPUT_BLOCK as f64 / elapsed.as_nanos() as f64)
    })?;
    let mut small = [0u8; 32];
    let fill32_ns = median3(|| ns_per_call(round, || engine::fill(engine, &mut small)))?;
    let token_hex16_ns = median3(|| {
        ns_per_call(round, || {
            black_box(engine.try_token_hex(16)?);
            Ok(())
        })
    })?;
    let randbelow_ns = median3(|| {
        ns_per_call(round, || {
            black_box(engine.randbelow(black_box(1_000_000u64))?);
            Ok(())
        })
    })?;
    Ok(Figures {
        mib_per_second: bytes_per_ns * 1e9 / (1024.0 * 1024.0),
        fill32_ns,
        token_hex16_ns,
        randbelow_ns,
    })
}

/// Runs `f` in growing batches until `budget` has passed; returns the number
/// of calls and the time they took.
fn time_calls(
    budget: Duration,
    mut f: impl FnMut() -> Result<(), CliError>,
) -> Result<(u64, Duration), CliError> {
    // Warm-up: caches, lazy initialisation, CPU frequency.
    f()?;
    let start = Instant::now();
    let mut calls = 0u64;
    let mut batch = 1u64;
    loop {
        for _ in 0..batch {
            f()?;
        }
        calls += batch;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return Ok((calls, elapsed));
        }
        batch = batch.saturating_mul(2).min(1 << 20);
    }
}

/// Nanoseconds per call of `f`.
fn ns_per_call(budget: Duration, f: impl FnMut() -> Result<(), CliError>) -> Result<f64, CliError> {
    let (calls, elapsed) = time_calls(budget, f)?;
    Ok(elapsed.as_nanos() as f64 / calls as f64)
}

/// The median of three runs of `f`.
fn median3(mut f: impl FnMut() -> Result<f64, CliError>) -> Result<f64, CliError> {
    let mut runs = [f()?, f()?, f()?];
    runs.sort_by(f64::total_cmp);
    Ok(runs[1])
}
