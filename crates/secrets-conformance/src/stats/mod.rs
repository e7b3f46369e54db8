//! The statistics of the suite.
//!
//! - [`special`]: `erfc`, `igamc` and the tails built on them, from
//!   `statrs`, tested against known values.
//! - [`sp800_22`]: seven tests of NIST SP 800-22 rev. 1a, each checked
//!   against the worked examples of the specification.
//! - [`battery`]: runs them over many sub-sequences of a generator's output
//!   and turns the P-values into pass/fail decisions with a fixed,
//!   documented false-alarm rate.
//! - [`uniformity`]: chi-square tests of the sampling functions (randbelow,
//!   choice, shuffle) and of byte frequencies.
//!
//! Nothing here knows about our backends: everything takes a fill function,
//! so any generator can be tested.

pub mod battery;
pub mod sp800_22;
pub mod special;
pub mod uniformity;

/// Every pass/fail decision of the battery is taken at this significance
/// level. With at most a few hundred decisions per conformance run, the
/// probability that a correct generator fails anything is below 10^-3
/// (Bonferroni); see docs/security.md, "How the battery decides".
pub const DECISION_ALPHA: f64 = 1e-6;

/// One pass/fail decision with the evidence behind it.
#[derive(Clone, Debug)]
pub struct Decision {
    /// What was tested, e.g. `"sp800-22 runs: proportion"`.
    pub name: String,
    /// Whether the generator passed.
    pub passed: bool,
    /// The P-value the decision was taken on (compared with
    /// [`DECISION_ALPHA`]).
    pub p_value: f64,
    /// The observation in words, e.g. `"3 of 512 sequences below 0.01"`.
    pub detail: String,
    /// Whether a correct generator fails this decision by chance, with
    /// probability up to [`DECISION_ALPHA`] (a statistical test). `false`
    /// for exact checks and for tests whose false-alarm chance is negligible
    /// (a repeated 16-byte block): such a failure is never put down to chance,
    /// so the suite does not run the check again (see [`run_suite`]).
    ///
    /// [`run_suite`]: crate::run_suite
    pub may_fail_by_chance: bool,
}

impl Decision {
    /// A decision on `p_value` at [`DECISION_ALPHA`].
    pub fn from_p_value(name: impl Into<String>, p_value: f64, detail: impl Into<String>) -> Self {
        Decision {
            name: name.into(),
            passed: p_value >= DECISION_ALPHA,
            p_value,
            detail: detail.into(),
            may_fail_by_chance: true,
        }
    }

    /// An exact check (no statistics): passed or not, as P-value 1 or 0.
    pub fn exact(name: impl Into<String>, passed: bool, detail: impl Into<String>) -> Self {
        Decision {
            name: name.into(),
            passed,
            p_value: if passed { 1.0 } else { 0.0 },
            detail: detail.into(),
            may_fail_by_chance: false,
        }
    }
}
