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
    /// The first run's failure report, when that run failed only on
    /// decisions that [may fail by chance](Decision::may_fail_by_chance) and
    /// the check was therefore run again on a fresh generator; the status,
    /// summary and decisions above are the second run's. `None` when the
    /// check ran once.
    pub first_run_failure: Option<String>,
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
            first_run_failure: None,
        }
    }

    /// A check that could not run to the end because of `error`.
    pub fn error(check: &'static str, error: impl fmt::Display) -> Self {
        CheckResult {
            check,
            status: Status::Fail,
            summary: format!("error: {error}"),
            decisions: Vec::new(),
            first_run_failure: None,
        }
    }

    /// A check that was not run, and why.
    pub fn skip(check: &'static str, why: impl Into<String>) -> Self {
        CheckResult {
            check,
            status: Status::Skip,
            summary: why.into(),
            decisions: Vec::new(),
            first_run_failure: None,
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
    /// its P-value and evidence, then the first run's when the check ran
    /// twice. Empty unless the check failed.
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
        if let Some(first) = &self.first_run_failure {
            report.push_str(&format!(
                "\n  and on the first of two fresh generators, {first}"
            ));
        }
        report
    }

    /// The first run's failure report when the check passed only on its
    /// second run (a chance failure that a fresh generator did not repeat).
    ///
    /// ```
    /// use secrets_conformance::{CheckResult, Decision};
    /// let result = CheckResult::from_decisions("demo", vec![Decision::exact("one", true, "")]);
    /// assert_eq!(result.passed_on_second_run(), None);
    /// ```
    pub fn passed_on_second_run(&self) -> Option<&str> {
        match self.status {
            Status::Pass => self.first_run_failure.as_deref(),
            _ => None,
        }
    }

    /// Whether the check failed, and only on decisions that a correct
    /// generator fails by chance (no error, no exact check).
    fn failed_only_by_chance(&self) -> bool {
        self.status == Status::Fail
            && !self.decisions.is_empty()
            && self
                .decisions
                .iter()
                .all(|d| d.passed || d.may_fail_by_chance)
    }
}

/// Runs the statistical check `run` (on a fresh generator each call) and,
/// when it fails only on decisions that may fail by chance, runs it once
/// more: the check fails when the second run fails too.
///
/// Each decision is taken at [`DECISION_ALPHA`](crate::DECISION_ALPHA), so a
/// correct generator fails some decision of a conformance run now and then
/// (the union bound over a run's decisions; see docs/security.md). A chance
/// failure does not repeat on an independent stream, while a defect that
/// shows in a decision shows again: a biased generator fails both runs, and
/// a correct one fails both with probability below the square of the first
/// run's chance. A generator with a fixed seed repeats its stream, so it
/// fails the second run exactly as the first. Errors and exact checks are
/// never run again. The first run's failure stays in
/// [`CheckResult::first_run_failure`], and `cargo xtask conformance` prints
/// it, so no retry goes unseen.
pub(crate) fn confirmed(run: &dyn Fn() -> CheckResult) -> CheckResult {
    let first = run();
    if !first.failed_only_by_chance() {
        return first;
    }
    let mut second = run();
    second.first_run_failure = Some(first.failure_report());
    second
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
/// A statistical check that fails only on decisions a correct generator
/// fails by chance runs once more on a fresh generator, and fails when that
/// run fails too; the first run's failure is kept in
/// [`CheckResult::first_run_failure`]. Exact checks and errors fail at once.
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
        progress(confirmed(&|| {
            CheckResult::from_result(
                "sp800-22",
                filler(make_rng).and_then(|mut fill| run_battery(&mut fill, &options.battery)),
            )
        })),
        progress(confirmed(&|| {
            CheckResult::from_result(
                "sampling",
                source(make_rng)
                    .and_then(|mut s| api::sampling_uniformity(s.as_mut(), options.sampling_draws)),
            )
        })),
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// A check that fails on its first `failing_runs` runs with `decision`
    /// and passes after, counting its runs.
    fn flaky_check<'a>(
        runs: &'a Cell<u32>,
        failing_runs: u32,
        decision: &'a dyn Fn() -> Decision,
    ) -> impl Fn() -> CheckResult + 'a {
        move || {
            runs.set(runs.get() + 1);
            let mut decisions = vec![Decision::from_p_value("steady", 0.5, "")];
            if runs.get() <= failing_runs {
                decisions.push(decision());
            }
            CheckResult::from_decisions("demo", decisions)
        }
    }

    fn chance_failure() -> Decision {
        Decision::from_p_value("unlucky", 2e-7, "P = 2e-7")
    }

    #[test]
    fn a_chance_failure_that_does_not_repeat_passes_and_is_kept() {
        let runs = Cell::new(0);
        let result = confirmed(&flaky_check(&runs, 1, &chance_failure));
        assert_eq!(runs.get(), 2);
        assert_eq!(result.status, Status::Pass, "{result:?}");
        let first = result
            .passed_on_second_run()
            .expect("the first run's failure");
        assert!(first.contains("unlucky (P = 2.000e-7)"), "{first}");
    }

    #[test]
    fn a_chance_failure_that_repeats_fails_with_both_runs_reported() {
        let runs = Cell::new(0);
        let result = confirmed(&flaky_check(&runs, 2, &chance_failure));
        assert_eq!(runs.get(), 2);
        assert_eq!(result.status, Status::Fail);
        let report = result.failure_report();
        assert_eq!(
            report.matches("unlucky (P = 2.000e-7)").count(),
            2,
            "{report}"
        );
        assert!(
            report.contains("the first of two fresh generators"),
            "{report}"
        );
    }

    #[test]
    fn exact_failures_errors_and_passes_run_once() {
        let exact = || Decision::exact("stray symbol", false, "");
        // A P-value whose false-alarm chance is negligible (a repeated block).
        let negligible_chance = || {
            let mut d = Decision::from_p_value("repeated block", 1e-25, "");
            d.may_fail_by_chance = false;
            d
        };
        for (what, decision) in [
            ("exact", &exact as &dyn Fn() -> Decision),
            ("negligible chance", &negligible_chance),
        ] {
            let runs = Cell::new(0);
            let result = confirmed(&flaky_check(&runs, 1, decision));
            assert_eq!((what, runs.get()), (what, 1));
            assert_eq!(result.status, Status::Fail);
            assert!(result.first_run_failure.is_none());
        }
        // An exact failure next to a chance one is still a failure.
        let runs = Cell::new(0);
        let both = || {
            runs.set(runs.get() + 1);
            CheckResult::from_decisions("demo", vec![chance_failure(), exact()])
        };
        assert_eq!(confirmed(&both).status, Status::Fail);
        assert_eq!(runs.get(), 1);
        // A generator error.
        let runs = Cell::new(0);
        let error = || {
            runs.set(runs.get() + 1);
            CheckResult::error("demo", "the generator failed")
        };
        assert_eq!(confirmed(&error).status, Status::Fail);
        assert_eq!(runs.get(), 1);
        // A pass.
        let runs = Cell::new(0);
        let result = confirmed(&flaky_check(&runs, 0, &chance_failure));
        assert_eq!((result.status, runs.get()), (Status::Pass, 1));
        assert!(result.first_run_failure.is_none());
    }
}
