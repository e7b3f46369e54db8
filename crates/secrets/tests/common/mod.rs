//! Shared helpers for the statistical tests: a seeded generator and the
//! chi-square goodness-of-fit test.
//!
//! Every statistical test draws from `ChaCha8Rng::seed_from_u64(seed)`, so it
//! is deterministic: it cannot flake, and a failure reproduces exactly.

#![allow(dead_code)] // each test file uses a subset

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use secrets::Secrets;

/// Significance level of every goodness-of-fit test.
pub const ALPHA: f64 = 1e-6;

/// The standard normal quantile z with P(Z > z) = 1e-6 (= ALPHA).
const Z_UPPER_1E6: f64 = 4.753_424_308_817_089;

/// A handle over a seeded, deterministic ChaCha8 generator.
pub fn seeded(seed: u64) -> Secrets<ChaCha8Rng> {
    Secrets::new(ChaCha8Rng::seed_from_u64(seed))
}

/// The chi-square critical value for `df` degrees of freedom at [`ALPHA`],
/// by the Wilson–Hilferty approximation: if X ~ chi2(k) then
/// (X/k)^(1/3) is close to normal with mean 1 - 2/(9k) and variance 2/(9k),
/// so the upper quantile is k * (1 - 2/(9k) + z * sqrt(2/(9k)))^3. It is
/// within a few percent for k >= 3 and errs on the lenient side for k = 1, 2
/// (27.5 for k = 1 where the exact value is 23.9); the tests use it for
/// k >= 1 only.
pub fn critical_value(df: usize) -> f64 {
    assert!(df >= 1);
    let k = df as f64;
    let v = 2.0 / (9.0 * k);
    k * (1.0 - v + Z_UPPER_1E6 * v.sqrt()).powi(3)
}

/// Pearson's statistic sum (O - E)^2 / E.
pub fn chi_square(observed: &[u64], expected: &[f64]) -> f64 {
    assert_eq!(observed.len(), expected.len());
    observed
        .iter()
        .zip(expected)
        .map(|(&o, &e)| {
            assert!(e >= 5.0, "expected count {e} too small for chi-square");
            let d = o as f64 - e;
            d * d / e
        })
        .sum()
}

/// Asserts that `observed` fits `expected` (counts) at [`ALPHA`].
#[track_caller]
pub fn assert_fits(what: &str, observed: &[u64], expected: &[f64]) {
    let statistic = chi_square(observed, expected);
    let critical = critical_value(observed.len() - 1);
    assert!(
        statistic < critical,
        "{what}: chi-square {statistic:.1} >= critical {critical:.1} \
         ({} buckets, alpha {ALPHA}); observed {observed:?}",
        observed.len()
    );
}

/// Asserts that `observed` counts are uniform over their buckets.
#[track_caller]
pub fn assert_uniform(what: &str, observed: &[u64]) {
    let total: u64 = observed.iter().sum();
    let expected = vec![total as f64 / observed.len() as f64; observed.len()];
    assert_fits(what, observed, &expected);
}
