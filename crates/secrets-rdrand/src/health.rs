//! SP 800-90B continuous health tests (section 4.4) on every output word.
//!
//! # Parameters
//!
//! | parameter | value | why |
//! |---|---|---|
//! | sample | one 64-bit output word ([`SAMPLE_BITS`]) | the unit the instruction returns; byte samples would make α a per-byte rate and false alarms 8× likelier per word for nothing gained |
//! | H, assumed min-entropy per sample | 64 bits ([`MIN_ENTROPY_BITS`]) | the full-entropy claim we rely on when RDSEED seeds the no-df CTR_DRBG; testing at the claim makes a source that is worse than claimed trip sooner |
//! | α, false-positive probability per test | 2^-40 ([`ALPHA_NEG_LOG2`]) | the strictest end of the range SP 800-90B allows (2^-20 … 2^-40) |
//! | RCT cutoff C | `1 + ceil(-log2(α) / H)` = [`RCT_CUTOFF`] | SP 800-90B section 4.4.1 |
//! | APT window W | 512 ([`APT_WINDOW`]) | SP 800-90B section 4.4.2, non-binary samples |
//! | APT cutoff C | smallest C with `P(B ≥ C) ≤ α`, B = 1 + Binomial(W − 1, 2^-H) = [`APT_CUTOFF`] | SP 800-90B section 4.4.2 |
//! | start-up test | the continuous tests on [`STARTUP_SAMPLES`] = 1024 consecutive words, discarded | SP 800-90B section 4.3 |
//!
//! With H = 64 both cutoffs come out at 2: any word equal to its predecessor,
//! or equal to the first word of its 512-word window, is a failure. For a
//! source meeting the claim that happens with probability 2^-64 per word
//! (RCT) and about 511 · 2^-64 ≈ 2^-55 per window (APT), both far below α. The
//! cutoffs are not typed in: they are computed by the `const fn`s below, and
//! the tests check those functions against independently published tables.
//!
//! The APT cutoff follows the defining inequality of section 4.4.2 (the
//! probability of C or more occurrences in a window is at most α), with the
//! count B starting at 1 for the window's first sample, as in the 4.4.2
//! pseudocode: `B = 1 + Binomial(W − 1, p)`. The shorthand printed in 90B,
//! `1 + CRITBINOM(W, p, 1 − α)`, ignores that the first sample is certain
//! (public comment 10b on SP 800-90B); it returns C = 1 for large H, a test
//! that fails on every window.
//!
//! One more test, allowed by SP 800-90B section 4.5 (developer-defined
//! continuous tests): a word that is all zeros or all ones fails at once. Both
//! are the signatures of real field failures (AMD parts returning all ones
//! with the carry flag set; RDSEED returning zeros). A genuine full-entropy
//! word takes one of those two values with probability 2^-63, below α.
//!
//! # What the tests can and cannot see
//!
//! The raw noise of the on-chip source is not reachable from software; these
//! tests see the conditioned output (RDSEED) or a DRBG's output (RDRAND). They
//! catch catastrophic failures: a stuck or constant value, runs of zeros, a
//! repeating word, a source whose words collide far too often. They cannot
//! detect a subtly biased or deliberately weakened generator: the output of a
//! DRBG with a known key passes every statistical test.
//!
//! ```
//! use secrets_rdrand::health::{APT_CUTOFF, APT_WINDOW, RCT_CUTOFF};
//! println!("a run of {RCT_CUTOFF} equal words, or {APT_CUTOFF} repeats in a window of {APT_WINDOW}, fail");
//! assert_eq!(RCT_CUTOFF, 2); // 1 + ceil(40 / 64)
//! ```

use zeroize::Zeroize;

/// Bits per sample: each 64-bit word the instruction returns is one sample.
///
/// ```
/// assert_eq!(secrets_rdrand::health::SAMPLE_BITS, 64);
/// ```
pub const SAMPLE_BITS: u32 = 64;

/// H, the assumed min-entropy per sample, in bits (full entropy).
///
/// ```
/// use secrets_rdrand::health::{ALPHA_NEG_LOG2, MIN_ENTROPY_BITS, RCT_CUTOFF, rct_cutoff};
/// assert_eq!(rct_cutoff(ALPHA_NEG_LOG2, MIN_ENTROPY_BITS, 1), RCT_CUTOFF);
/// ```
pub const MIN_ENTROPY_BITS: u32 = 64;

/// α = 2^-`ALPHA_NEG_LOG2`, the false-positive probability each test is
/// designed for.
///
/// ```
/// use secrets_rdrand::health::{ALPHA_NEG_LOG2, pow2_neg};
/// assert_eq!(pow2_neg(ALPHA_NEG_LOG2), 1.0 / (1u64 << 40) as f64);
/// ```
pub const ALPHA_NEG_LOG2: u32 = 40;

/// The adaptive proportion test window (SP 800-90B: 512 for non-binary
/// samples).
///
/// ```
/// assert_eq!(secrets_rdrand::health::APT_WINDOW, 512);
/// ```
pub const APT_WINDOW: u32 = 512;

/// The repetition count test cutoff: a run of this many identical words fails.
///
/// ```
/// assert!(secrets_rdrand::health::RCT_CUTOFF >= 2);
/// ```
pub const RCT_CUTOFF: u32 = rct_cutoff(ALPHA_NEG_LOG2, MIN_ENTROPY_BITS, 1);

/// The adaptive proportion test cutoff: this many occurrences of a window's
/// first word within the window fail.
///
/// ```
/// use secrets_rdrand::health::{APT_CUTOFF, APT_WINDOW};
/// assert!(APT_CUTOFF >= 2 && APT_CUTOFF <= APT_WINDOW);
/// ```
pub const APT_CUTOFF: u32 = apt_cutoff(
    APT_WINDOW,
    pow2_neg(MIN_ENTROPY_BITS),
    pow2_neg(ALPHA_NEG_LOG2),
);

/// Words drawn and discarded by the start-up test (SP 800-90B section 4.3:
/// the continuous tests on at least 1024 consecutive samples).
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults::Healthy, health::STARTUP_SAMPLES};
/// let mut rng = HealthTested::new(Healthy::new(3), Instruction::RdRand)?;
/// rng.startup_test()?; // runs STARTUP_SAMPLES words through every test
/// assert_eq!(STARTUP_SAMPLES, 1024);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const STARTUP_SAMPLES: u32 = 1024;

// A cutoff the test can never reach would make it useless; one of 1 would
// fail every sample.
const _: () = assert!(RCT_CUTOFF >= 2);
const _: () = assert!(APT_CUTOFF >= 2 && APT_CUTOFF <= APT_WINDOW);

/// 2^-k, exactly (halving is exact in binary floating point down to 2^-1074).
///
/// ```
/// assert_eq!(secrets_rdrand::health::pow2_neg(3), 0.125);
/// ```
pub const fn pow2_neg(k: u32) -> f64 {
    let mut x = 1.0_f64;
    let mut i = 0;
    while i < k {
        x *= 0.5;
        i += 1;
    }
    x
}

/// The SP 800-90B section 4.4.1 repetition count test cutoff,
/// `C = 1 + ceil(-log2(α) / H)`, for α = 2^-`alpha_neg_log2` and
/// H = `h_num / h_den` bits per sample.
///
/// H is a fraction so that H = 1/3 gives exactly 1 + 3·(-log2 α), with no
/// floating-point rounding to push the ceiling one too high.
///
/// # Panics
///
/// If `h_num` or `h_den` is 0 (at compile time when used in a constant).
///
/// ```
/// // alpha = 2^-20, H = 1 bit per sample: C = 1 + ceil(20 / 1) = 21.
/// assert_eq!(secrets_rdrand::health::rct_cutoff(20, 1, 1), 21);
/// ```
pub const fn rct_cutoff(alpha_neg_log2: u32, h_num: u32, h_den: u32) -> u32 {
    assert!(h_num > 0 && h_den > 0, "H must be positive");
    let scaled = alpha_neg_log2 as u64 * h_den as u64;
    let quotient = scaled.div_ceil(h_num as u64);
    assert!(quotient < u32::MAX as u64, "cutoff out of range");
    1 + quotient as u32
}

/// The SP 800-90B section 4.4.2 adaptive proportion test cutoff: the smallest
/// C with `P(B ≥ C) ≤ α`, where B = 1 + Binomial(`window` − 1, `p`) counts the
/// window's first sample and its repeats, and `p` = 2^-H is the probability
/// of the most likely sample value.
///
/// The result can exceed `window` when p is close to 1 (then no count can
/// reach it and the test cannot fail; FIPS 140 guidance caps it at `window`).
///
/// # Panics
///
/// If `window` is not in 2..=1024 or `p` or `alpha` is not in (0, 1).
///
/// ```
/// use secrets_rdrand::health::{apt_cutoff, pow2_neg};
/// // A binary source (p = 1/2) over 1024 samples, alpha = 2^-20.
/// let cutoff = apt_cutoff(1024, 0.5, pow2_neg(20));
/// assert!(cutoff > 512 && cutoff < 1024);
/// ```
pub const fn apt_cutoff(window: u32, p: f64, alpha: f64) -> u32 {
    assert!(window >= 2, "the window must hold at least two samples");
    1 + binomial_upper_critical(window - 1, p, alpha)
}

/// The largest `n` [`binomial_upper_critical`] accepts (a 1024-sample binary
/// window has n = 1023 comparisons).
///
/// ```
/// use secrets_rdrand::health::{BINOMIAL_MAX_N, binomial_upper_critical};
/// assert!(binomial_upper_critical(BINOMIAL_MAX_N, 0.5, 1e-6) <= BINOMIAL_MAX_N);
/// ```
pub const BINOMIAL_MAX_N: u32 = 1024;

/// The smallest k with `P(X ≥ k) ≤ alpha` for X ~ Binomial(`n`, `p`).
///
/// Computed without `exp`/`ln` (so it is a `const fn`): the probabilities are
/// built by the ratio recurrence outward from the mode, where the weight is
/// set to 1, so nothing underflows where it matters; the upper tail is summed
/// from the top down, so a tail near `alpha` is not the difference of two
/// numbers near 1 (which would lose everything below 2^-53).
///
/// # Panics
///
/// If `n` > [`BINOMIAL_MAX_N`] or `p` or `alpha` is not in (0, 1).
///
/// ```
/// use secrets_rdrand::health::binomial_upper_critical;
/// // Ten fair coin flips: nine or more heads has probability 11/1024 > 1%.
/// assert_eq!(binomial_upper_critical(10, 0.5, 0.01), 10);
/// ```
pub const fn binomial_upper_critical(n: u32, p: f64, alpha: f64) -> u32 {
    assert!(n <= BINOMIAL_MAX_N, "n is larger than BINOMIAL_MAX_N");
    assert!(p > 0.0 && p < 1.0, "p must be in (0, 1)");
    assert!(alpha > 0.0 && alpha < 1.0, "alpha must be in (0, 1)");
    let n = n as usize;
    let q = 1.0 - p;
    let up = p / q;
    let down = q / p;

    // weight[k] is proportional to P(X = k), with weight[mode] = 1.
    let mut weight = [0.0_f64; BINOMIAL_MAX_N as usize + 1];
    let mut mode = ((n as f64 + 1.0) * p) as usize;
    if mode > n {
        mode = n;
    }
    weight[mode] = 1.0;
    let mut k = mode;
    while k < n {
        // P(k+1) / P(k) = (n - k) / (k + 1) · p / q
        weight[k + 1] = weight[k] * ((n - k) as f64 / (k + 1) as f64) * up;
        k += 1;
    }
    let mut k = mode;
    while k > 0 {
        // P(k-1) / P(k) = k / (n - k + 1) · q / p
        weight[k - 1] = weight[k] * (k as f64 / (n - k + 1) as f64) * down;
        k -= 1;
    }
    let mut total = 0.0;
    let mut k = 0;
    while k <= n {
        total += weight[k];
        k += 1;
    }

    // Walk the threshold down from n + 1 (empty tail) while the tail stays
    // within alpha.
    let limit = alpha * total;
    let mut tail = 0.0;
    let mut c = n + 1;
    while c > 0 {
        let extended = tail + weight[c - 1];
        if extended > limit {
            break;
        }
        tail = extended;
        c -= 1;
    }
    c as u32
}

/// Which check rejected the output.
///
/// ```
/// use secrets_rdrand::health::Failure;
/// assert!(Failure::RepetitionCount.latches());
/// assert!(!Failure::RetryLimit.latches());
/// assert_eq!(Failure::AdaptiveProportion.test_name(), "adaptive proportion test");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The instruction reported "no data" (carry flag clear) on every try up
    /// to the retry limit. Not latched in service: the hardware said "not
    /// now", it did not hand out a bad word. (A start-up test that fails
    /// for any reason, this one included, does leave the error state set.)
    RetryLimit,
    /// A word was all zeros or all ones.
    ConstantWord,
    /// The repetition count test (SP 800-90B section 4.4.1).
    RepetitionCount,
    /// The adaptive proportion test (SP 800-90B section 4.4.2).
    AdaptiveProportion,
}

impl Failure {
    /// The test's name, as carried by [`secrets_core::Error::HealthTest`] when
    /// it fires on a request.
    ///
    /// ```
    /// use secrets_rdrand::health::Failure;
    /// assert_eq!(Failure::RepetitionCount.test_name(), "repetition count test");
    /// ```
    pub const fn test_name(self) -> &'static str {
        match self {
            Failure::RetryLimit => "carry-flag check (no data within the retry limit)",
            Failure::ConstantWord => "all-zeros/all-ones word test",
            Failure::RepetitionCount => "repetition count test",
            Failure::AdaptiveProportion => "adaptive proportion test",
        }
    }

    /// The name carried by the error when the test fires during the start-up
    /// self-test.
    ///
    /// ```
    /// use secrets_rdrand::health::Failure;
    /// println!("{}", Failure::ConstantWord.startup_test_name());
    /// ```
    pub const fn startup_test_name(self) -> &'static str {
        match self {
            Failure::RetryLimit => {
                "start-up self-test: carry-flag check (no data within the retry limit)"
            }
            Failure::ConstantWord => "start-up self-test: all-zeros/all-ones word test",
            Failure::RepetitionCount => "start-up self-test: repetition count test",
            Failure::AdaptiveProportion => "start-up self-test: adaptive proportion test",
        }
    }

    /// Whether the failure puts the generator into the error state, where it
    /// refuses every request until a start-up test passes again.
    ///
    /// ```
    /// assert!(secrets_rdrand::health::Failure::ConstantWord.latches());
    /// ```
    pub const fn latches(self) -> bool {
        !matches!(self, Failure::RetryLimit)
    }
}

/// The state of the continuous tests for one stream of words.
///
/// It holds two output words (the last one and the current window's first),
/// so it is zeroized on drop. `Clone` is for the fill loop's register copy,
/// which is dropped (zeroized) at the end of the request.
#[derive(Clone)]
pub(crate) struct HealthState {
    /// The previous word; 0 before the first, which can never match because
    /// the constant-word test rejects 0 before the RCT sees it.
    rct_last: u64,
    /// Length of the current run of `rct_last`.
    rct_run: u32,
    /// The first word of the current APT window.
    apt_base: u64,
    /// Occurrences of `apt_base` in the window so far (B in SP 800-90B).
    apt_count: u32,
    /// Words of the current window seen so far; 0 means a new window starts.
    apt_seen: u32,
}

impl HealthState {
    pub(crate) const fn new() -> Self {
        HealthState {
            rct_last: 0,
            rct_run: 0,
            apt_base: 0,
            apt_count: 0,
            apt_seen: 0,
        }
    }

    /// Runs every continuous test on `word`, the next sample of the stream.
    #[inline(always)]
    pub(crate) fn check(&mut self, word: u64) -> Result<(), Failure> {
        // 0 and u64::MAX are the two values for which word + 1 wraps to <= 1.
        if word.wrapping_add(1) <= 1 {
            return Err(Failure::ConstantWord);
        }

        // SP 800-90B 4.4.1: B counts the current run; fail when B >= C.
        if word == self.rct_last {
            self.rct_run += 1;
            if self.rct_run >= RCT_CUTOFF {
                return Err(Failure::RepetitionCount);
            }
        } else {
            self.rct_last = word;
            self.rct_run = 1;
        }

        // SP 800-90B 4.4.2: the window's first sample A starts B at 1; each of
        // the next W - 1 samples equal to A increments B; fail when B >= C.
        if self.apt_seen == 0 {
            self.apt_base = word;
            self.apt_count = 1;
        } else if word == self.apt_base {
            self.apt_count += 1;
            if self.apt_count >= APT_CUTOFF {
                return Err(Failure::AdaptiveProportion);
            }
        }
        self.apt_seen += 1;
        if self.apt_seen == APT_WINDOW {
            self.apt_seen = 0;
        }
        Ok(())
    }
}

impl Drop for HealthState {
    fn drop(&mut self) {
        self.rct_last.zeroize();
        self.apt_base.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_cutoffs_follow_the_formulas() {
        // RCT: 1 + ceil(40 / 64) = 1 + 1.
        assert_eq!(RCT_CUTOFF, 1 + ALPHA_NEG_LOG2.div_ceil(MIN_ENTROPY_BITS));
        // APT: P(B >= 2) = P(Bin(511, 2^-64) >= 1) ~ 2^-55 <= 2^-40, and
        // P(B >= 1) = 1 > alpha, so the smallest valid C is 2.
        assert_eq!(APT_CUTOFF, 2);
    }

    #[test]
    fn rct_cutoff_matches_sp800_90b_example_and_fractions() {
        // SP 800-90B 4.4.1's worked example: alpha = 2^-20, H = 2 gives 11.
        assert_eq!(rct_cutoff(20, 2, 1), 11);
        // H = 1/3 must give exactly 1 + 3 * 30 (a float division would give
        // 90.00000000000001 and a ceiling of 91).
        assert_eq!(rct_cutoff(30, 1, 3), 91);
        assert_eq!(rct_cutoff(40, 64, 1), 2);
        assert_eq!(rct_cutoff(40, 8, 1), 6);
    }

    #[test]
    fn state_starts_fresh_and_counts_runs() {
        let mut state = HealthState::new();
        assert_eq!(state.check(5), Ok(()));
        assert_eq!(state.check(6), Ok(()));
        assert_eq!(state.check(6), Err(Failure::RepetitionCount));
    }

    #[test]
    fn constant_words_are_rejected_but_their_neighbours_are_not() {
        let mut state = HealthState::new();
        assert_eq!(state.check(0), Err(Failure::ConstantWord));
        assert_eq!(state.check(u64::MAX), Err(Failure::ConstantWord));
        assert_eq!(state.check(1), Ok(()));
        assert_eq!(state.check(u64::MAX - 1), Ok(()));
    }
}
