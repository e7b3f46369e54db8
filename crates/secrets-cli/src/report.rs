//! `secrets backends` and `secrets bench`: what is compiled in, what works
//! on this machine, and how fast it is.

use std::ffi::OsStr;
use std::time::Duration;

use secrets::{BackendInfo, compiled_backends};
use secrets_bench::{Column, Operation, Table, TimingConfig, backend_latency, backend_throughput};

use crate::cli::BenchArgs;
use crate::engine;
use crate::error::CliError;
use crate::text::TextOut;

/// The name column: the longest backend name of the registry, plus a space.
fn name_width() -> usize {
    secrets::BACKEND_NAMES
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(0)
        + 1
}

/// Runs `secrets backends`: one row per compiled backend.
pub fn backends() -> Result<(), CliError> {
    let table = Table::new([
        Column::left("NAME").width(name_width()),
        Column::left("KIND").width(9),
        Column::left("DEFAULT").width(8),
        Column::left("STATUS"),
    ]);
    let mut out = TextOut::new()?;
    out.line(table.text_header().as_bytes())?;
    for info in compiled_backends() {
        let status = match info.check() {
            Ok(()) => "usable".to_owned(),
            Err(error) => format!("unavailable: {}", unavailable_reason(&error)),
        };
        let default = if info.is_default() { "yes" } else { "no" };
        let row = [info.name, info.kind.label(), default, &status];
        out.line(table.text_line(&row).as_bytes())?;
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

/// Request size of the throughput figure: the stream's block size, so it
/// is the rate `secrets bytes` can reach.
const THROUGHPUT_BLOCK: usize = crate::stream::BLOCK_SIZE;

/// Request size of the small-fill latency figure.
const SMALL_FILL: usize = 32;

/// Runs `secrets bench`: throughput and latency of every usable backend, or
/// of the one named with `--backend`.
///
/// The figures come from `secrets-bench`, the code behind
/// `cargo xtask bench`: each is the median of 5 samples after a warm-up,
/// all within `--seconds` per backend and figure.
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
    let config = TimingConfig::within(Duration::from_secs_f64(args.seconds));
    // Column names without spaces, so scripts can split on whitespace.
    let table = Table::new([
        Column::left("BACKEND").width(name_width()),
        Column::right("MiB/s").width(10),
        Column::right("fill32_ns").width(10),
        Column::right("token_hex16_ns").width(15),
        Column::right("randbelow_ns").width(13),
    ]);
    let mut out = TextOut::new()?;
    out.line(table.text_header().as_bytes())?;
    for info in selected {
        if let Err(error) = info.check() {
            let note = format!("unavailable: {}", unavailable_reason(&error));
            out.line(table.text_line(&[info.name, &note]).as_bytes())?;
            continue;
        }
        // A usable backend that fails while measured is a source failure.
        let fills = backend_throughput(&config, info.name, 1, &[THROUGHPUT_BLOCK, SMALL_FILL])?;
        let tokens = backend_latency(
            &config,
            info.name,
            1,
            &[Operation::TokenHex16, Operation::Randbelow1e6],
        )?;
        let row = [
            info.name.to_owned(),
            format!("{:.0}", fills[0].1.bytes_per_second(THROUGHPUT_BLOCK) / MIB),
            format!("{:.1}", fills[1].1.median_ns),
            format!("{:.1}", tokens[0].1.median_ns),
            format!("{:.1}", tokens[1].1.median_ns),
        ];
        out.line(table.text_line(&row).as_bytes())?;
    }
    out.finish()
}

const MIB: f64 = 1024.0 * 1024.0;
