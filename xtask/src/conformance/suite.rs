//! The generic part of the conformance suite: every check that needs nothing
//! but a rand_core crypto RNG, so anyone can run it on their own generator:
//!
//! ```ignore
//! let results = run_suite("my-rng", || Ok(MyRng::new()), &SuiteOptions::quick());
//! ```
//!
//! Backend-specific checks (known answers, fault injection, the free
//! functions) live next to the backend list in the parent module.

use std::fmt;

use rand_core::{TryCryptoRng, TryRng};
use secrets::{Error, Secrets};

use super::{api, external, fork};
use crate::stats::Decision;
use crate::stats::battery::{BatteryConfig, run_battery};

/// How much work the suite does.
#[derive(Clone, Copy, Debug)]
pub struct SuiteOptions {
    /// `--quick`: 4 MiB battery, small sampling counts, light external runs.
    pub quick: bool,
    /// Run the external batteries (rngtest, dieharder, ent) when installed.
    pub external: bool,
}

impl SuiteOptions {
    /// The full suite (64 MiB battery, 20,000 rngtest blocks…).
    pub const FULL: SuiteOptions = SuiteOptions {
        quick: false,
        external: true,
    };
    /// The CI-sized suite.
    pub const QUICK: SuiteOptions = SuiteOptions {
        quick: true,
        external: true,
    };

    /// The statistical battery's size.
    pub fn battery(&self) -> BatteryConfig {
        if self.quick {
            BatteryConfig::QUICK
        } else {
            BatteryConfig::FULL
        }
    }

    /// Draws per sampling uniformity test.
    pub fn sampling_draws(&self) -> u64 {
        if self.quick { 100_000 } else { 1_000_000 }
    }
}

/// The outcome of one column of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every decision passed.
    Pass,
    /// At least one decision failed, or the generator errored.
    Fail,
    /// Not run (tool not installed, not applicable); the summary says why.
    Skip,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::Skip => "skip",
        })
    }
}

/// One check (one column of the matrix) for one generator.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The column, e.g. `"sp800-22"`.
    pub check: &'static str,
    /// Pass, fail or skip.
    pub status: Status,
    /// One line: counts, or why it failed or was skipped.
    pub summary: String,
    /// The decisions behind it (printed for failures and with `--verbose`).
    pub decisions: Vec<Decision>,
}

impl CheckResult {
    /// A check decided by `decisions` (fails if any failed).
    pub fn from_decisions(check: &'static str, decisions: Vec<Decision>) -> Self {
        let failed = decisions.iter().filter(|d| !d.passed).count();
        let status = if failed == 0 {
            Status::Pass
        } else {
            Status::Fail
        };
        let summary = if failed == 0 {
            format!("{} decisions passed", decisions.len())
        } else {
            let names: Vec<&str> = decisions
                .iter()
                .filter(|d| !d.passed)
                .map(|d| d.name.as_str())
                .collect();
            format!(
                "{failed} of {} failed: {}",
                decisions.len(),
                names.join("; ")
            )
        };
        CheckResult {
            check,
            status,
            summary,
            decisions,
        }
    }

    /// A check that could not run to the end because of `error`.
    pub fn error(check: &'static str, error: impl fmt::Display) -> Self {
        CheckResult {
            check,
            status: Status::Fail,
            summary: format!("error: {error}"),
            decisions: Vec::new(),
        }
    }

    /// A check that was not run, and why.
    pub fn skip(check: &'static str, why: impl Into<String>) -> Self {
        CheckResult {
            check,
            status: Status::Skip,
            summary: why.into(),
            decisions: Vec::new(),
        }
    }

    /// `Ok(decisions)` → decided; `Err(e)` → failed with the error.
    pub fn from_result(check: &'static str, result: Result<Vec<Decision>, String>) -> Self {
        match result {
            Ok(decisions) => Self::from_decisions(check, decisions),
            Err(e) => Self::error(check, e),
        }
    }
}

/// Any rand_core crypto RNG as a generator with our error type, so the
/// facade's [`Secrets`] handle can drive it. The original error's message is
/// kept for the report.
pub struct Adapted<R> {
    inner: R,
    last_error: Option<String>,
}

impl<R> Adapted<R> {
    /// Wraps a generator.
    pub fn new(inner: R) -> Self {
        Adapted {
            inner,
            last_error: None,
        }
    }

    /// The message of the last error the generator returned.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    fn record<E: fmt::Display>(&mut self, error: E) -> Error {
        self.last_error = Some(error.to_string());
        // Our error type has no "foreign error" kind; the message is kept
        // above and reported instead of this placeholder.
        Error::Os { errno: 0 }
    }
}

impl<R: TryRng> TryRng for Adapted<R> {
    type Error = Error;

    fn try_next_u32(&mut self) -> Result<u32, Error> {
        self.inner.try_next_u32().map_err(|e| self.record(e))
    }

    fn try_next_u64(&mut self) -> Result<u64, Error> {
        self.inner.try_next_u64().map_err(|e| self.record(e))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        self.inner.try_fill_bytes(dst).map_err(|e| self.record(e))
    }
}

impl<R: TryCryptoRng> TryCryptoRng for Adapted<R> {}

/// A handle over a fresh generator from `make_rng`.
pub fn handle<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<Secrets<Adapted<R>>, String> {
    make_rng().map(|rng| Secrets::new(Adapted::new(rng)))
}

/// The message of an error from a handle: the generator's own message when it
/// recorded one.
pub fn describe<R>(secrets: &mut Secrets<Adapted<R>>, error: Error) -> String {
    match secrets.generator_mut().last_error() {
        Some(message) => message.to_owned(),
        None => error.to_string(),
    }
}

/// A fill function over a fresh generator, for the battery and the external
/// tools.
pub fn filler<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<impl FnMut(&mut [u8]) -> Result<(), String>, String> {
    let mut rng = make_rng()?;
    Ok(move |buf: &mut [u8]| rng.try_fill_bytes(buf).map_err(|e| e.to_string()))
}

/// Runs every generic check on the generator `make_rng` builds (a fresh
/// instance per check): API semantics, the statistical battery, sampling
/// uniformity, the external batteries and fork behaviour.
pub fn run_suite<R: TryCryptoRng>(
    name: &str,
    make_rng: &dyn Fn() -> Result<R, String>,
    options: &SuiteOptions,
) -> Vec<CheckResult> {
    eprint!("{name}:");
    let progress = |r: CheckResult| {
        eprint!(" {} {}", r.check, r.status);
        r
    };
    let mut results = vec![
        progress(CheckResult::from_result("api", api::semantics(make_rng))),
        progress(CheckResult::from_result(
            "sp800-22",
            filler(make_rng).and_then(|mut fill| run_battery(&mut fill, &options.battery())),
        )),
        progress(CheckResult::from_result(
            "sampling",
            api::sampling_uniformity(make_rng, options.sampling_draws()),
        )),
    ];
    if options.external {
        results.extend(
            external::run_all(make_rng, options.quick)
                .into_iter()
                .map(progress),
        );
    }
    results.push(progress(fork::check(make_rng)));
    results
}
