//! The suite: its sizes, its results, and [`run_suite`].

use std::fmt;

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::Error;

use crate::stats::Decision;
use crate::stats::battery::{BatteryConfig, run_battery};
use crate::{api, external, fork};

/// How much work the suite does.
///
/// ```
/// let options = secrets_conformance::SuiteOptions::QUICK;
/// assert_eq!(options.battery.total_bytes(), 4 << 20);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SuiteOptions {
    /// The statistical battery's size.
    pub battery: BatteryConfig,
    /// Draws per sampling uniformity test.
    pub sampling_draws: u64,
    /// The external batteries, when installed, at this size; `None` skips
    /// them.
    pub external: Option<ExternalSize>,
}

/// How much output the external batteries read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternalSize {
    /// A few MB: 2,000 rngtest blocks, 2 dieharder tests, 1 MiB for ent.
    Quick,
    /// 20,000 rngtest blocks, 9 dieharder tests, 16 MiB for ent.
    Full,
}

impl SuiteOptions {
    /// `cargo xtask conformance`: 64 MiB battery, 10^6 draws per sampling
    /// test, full external runs.
    pub const FULL: SuiteOptions = SuiteOptions {
        battery: BatteryConfig::FULL,
        sampling_draws: 1_000_000,
        external: Some(ExternalSize::Full),
    };
    /// `cargo xtask conformance --quick` (CI): 4 MiB battery, 10^5 draws,
    /// light external runs.
    pub const QUICK: SuiteOptions = SuiteOptions {
        battery: BatteryConfig::QUICK,
        sampling_draws: 100_000,
        external: Some(ExternalSize::Quick),
    };
    /// A backend's own `cargo test` (a debug build): 1 MiB battery, 20,000
    /// draws (20 per bin of the widest test), no external tools. Seconds.
    pub const TEST: SuiteOptions = SuiteOptions {
        battery: BatteryConfig::TEST,
        sampling_draws: 20_000,
        external: None,
    };
}

/// The outcome of one check.
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

/// One check (one column of `cargo xtask conformance`'s matrix) for one
/// generator.
///
/// ```
/// use secrets_conformance::{CheckResult, Decision, Status};
/// let result = CheckResult::from_decisions("demo", vec![Decision::exact("one", false, "")]);
/// assert_eq!(result.status, Status::Fail);
/// ```
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The check, e.g. `"sp800-22"`.
    pub check: &'static str,
    /// Pass, fail or skip.
    pub status: Status,
    /// One line: counts, or why it failed or was skipped.
    pub summary: String,
    /// The decisions behind it.
    pub decisions: Vec<Decision>,
}

impl CheckResult {
    /// A check decided by `decisions` (fails if any failed).
    pub fn from_decisions(check: &'static str, decisions: Vec<Decision>) -> Self {
        let failed: Vec<&str> = decisions
            .iter()
            .filter(|d| !d.passed)
            .map(|d| d.name.as_str())
            .collect();
        let (status, summary) = if failed.is_empty() {
            (
                Status::Pass,
                format!("{} decisions passed", decisions.len()),
            )
        } else {
            let summary = format!(
                "{} of {} failed: {}",
                failed.len(),
                decisions.len(),
                failed.join("; ")
            );
            (Status::Fail, summary)
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

    /// The failure in full: the summary, then every failed decision with
    /// its P-value and evidence. Empty unless the check failed.
    pub fn failure_report(&self) -> String {
        if self.status != Status::Fail {
            return String::new();
        }
        let mut report = format!("{}: {}", self.check, self.summary);
        for d in self.decisions.iter().filter(|d| !d.passed) {
            report.push_str(&format!(
                "\n    {} (P = {:.3e}): {}",
                d.name, d.p_value, d.detail
            ));
        }
        report
    }
}

/// A generator as the API checks drive it: our error type, and the message
/// of the generator's own last error. The checks take it as a trait object,
/// so their code is compiled once, in this crate (optimized even in a
/// backend's debug `cargo test`; see the workspace's profile settings),
/// while every draw still goes through the generator's own methods.
pub(crate) trait Source: TryCryptoRng<Error = Error> {
    /// The message of `error`: the generator's own when it recorded one.
    fn describe(&self, error: Error) -> String;
}

/// Any rand_core crypto RNG as a [`Source`].
struct Adapted<R> {
    inner: R,
    last_error: Option<String>,
}

impl<R: TryRng> Adapted<R> {
    fn record(&mut self, error: R::Error) -> Error {
        self.last_error = Some(error.to_string());
        Error::Foreign {
            error_type: core::any::type_name::<R::Error>(),
        }
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

impl<R: TryCryptoRng> Source for Adapted<R> {
    fn describe(&self, error: Error) -> String {
        match &self.last_error {
            Some(message) if !error.is_invalid_argument() => message.clone(),
            _ => error.to_string(),
        }
    }
}

/// A fresh generator from `make_rng`, as a [`Source`].
fn source<'a, R: TryCryptoRng + 'a>(
    make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<Box<dyn Source + 'a>, String> {
    let inner = make_rng()?;
    Ok(Box::new(Adapted {
        inner,
        last_error: None,
    }))
}

/// A fill function over a fresh generator, for the battery and the external
/// tools.
pub(crate) fn filler<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<impl FnMut(&mut [u8]) -> Result<(), String>, String> {
    let mut rng = make_rng()?;
    Ok(move |buf: &mut [u8]| rng.try_fill_bytes(buf).map_err(|e| e.to_string()))
}

/// Runs every check on the generator `make_rng` builds (a fresh instance per
/// check): API semantics, the statistical battery, sampling uniformity, the
/// external batteries and fork behaviour. Prints one progress line on
/// stderr.
///
/// ```
/// # use rand_core::SeedableRng;
/// use secrets_conformance::{SuiteOptions, run_suite};
/// let make = || Ok(rand_chacha::ChaCha8Rng::from_seed([1; 32]));
/// let results = run_suite("chacha8", &make, &SuiteOptions::TEST);
/// assert!(results.iter().any(|r| r.check == "sp800-22"));
/// ```
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
        progress(CheckResult::from_result(
            "api",
            source(make_rng).and_then(|mut s| api::semantics(s.as_mut())),
        )),
        progress(CheckResult::from_result(
            "sp800-22",
            filler(make_rng).and_then(|mut fill| run_battery(&mut fill, &options.battery)),
        )),
        progress(CheckResult::from_result(
            "sampling",
            source(make_rng)
                .and_then(|mut s| api::sampling_uniformity(s.as_mut(), options.sampling_draws)),
        )),
    ];
    if let Some(size) = options.external {
        results.extend(external::run_all(make_rng, size).into_iter().map(progress));
    }
    results.push(progress(fork::check(make_rng)));
    eprintln!();
    results
}

/// Runs the suite at [`SuiteOptions::TEST`] and panics with every failed
/// decision if any check fails: a backend's own `cargo test`.
///
/// # Panics
/// When a check fails (that is the point).
pub fn assert_conforms<R: TryCryptoRng>(name: &str, make_rng: &dyn Fn() -> Result<R, String>) {
    let results = run_suite(name, make_rng, &SuiteOptions::TEST);
    let failures: Vec<String> = results
        .iter()
        .map(CheckResult::failure_report)
        .filter(|r| !r.is_empty())
        .collect();
    assert!(
        failures.is_empty(),
        "{name} fails the conformance suite:\n{}",
        failures.join("\n")
    );
    assert!(
        results.iter().any(|r| r.status == Status::Pass),
        "{name}: no check ran: {results:?}"
    );
}
