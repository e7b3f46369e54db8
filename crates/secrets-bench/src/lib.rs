//! The workspace's one measurement core: everything `cargo xtask bench`
//! measures and docs/benchmarks.md publishes is timed here.
//!
//! - [`timing`]: warm-up, calibrated batches, repeated samples, median and
//!   min–max ([`measure`], [`try_measure`]); several threads at once behind
//!   a barrier ([`measure_parallel`], [`try_measure_parallel`]); several
//!   candidates in interleaved rounds, compared by per-round ratios
//!   ([`Interleaved`]).
//! - [`suite`]: the per-backend figures over
//!   [`secrets::compiled_backends`]: fill throughput at given request sizes
//!   ([`backend_throughput`]) and small-token latency
//!   ([`backend_latency`] of each [`Operation`]), on 1 or more threads.
//! - [`baselines`]: the raw primitive each backend is built on.
//! - [`compare`]: same-run comparisons of candidates against a reference,
//!   in interleaved rounds; [`sections`]: the comparison sections (ChaCha,
//!   CTR_DRBG, OS, RDRAND, encoders, facade).
//! - [`format`](mod@format): rates, times and sizes in one set of units, and a
//!   [`Table`] rendered as Markdown or as aligned plain text.
//!
//! - [`peers`]: CPython's `secrets` and `openssl rand` (its default DRBG,
//!   and its HASH-DRBG and HMAC-DRBG against ours in interleaved rounds),
//!   measured out of process.
//!
//! What stays with `cargo xtask bench`: the ratio tables and the SVG charts.
//!
//! ```
//! use std::time::Duration;
//! use secrets_bench::{Operation, TimingConfig, backend_latency, backend_throughput};
//!
//! let config = TimingConfig::within(Duration::from_millis(5));
//! let fills = backend_throughput(&config, "os", 1, &[32, 4096])?;
//! let tokens = backend_latency(&config, "os", 1, &[Operation::TokenHex16])?;
//! assert!(fills[1].1.bytes_per_second(4096) > 0.0);
//! assert!(tokens[0].1.median_ns > 0.0);
//! # Ok::<(), secrets::Error>(())
//! ```
//!
//! There are no speed assertions anywhere here: figures depend on the
//! machine and its load, so they are reported, never tested.
#![forbid(unsafe_code)]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

pub mod baselines;
pub mod compare;
pub mod format;
pub mod peers;
pub mod sections;
pub mod suite;
pub mod timing;

pub use format::{Align, Column, Table, format_rate, format_rate_range, format_time, size_label};
pub use suite::{
    Operation, SIZES, availability, backend_latency, backend_throughput, fill_sizes, try_fill_sizes,
};
pub use timing::{
    Interleaved, Measurement, Spread, TimingConfig, measure, measure_parallel, try_measure,
    try_measure_parallel,
};
