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
//! Two more tests, allowed by SP 800-90B section 4.5 (developer-defined
//! continuous tests):
//!
//! - **All zeros or all ones**: such a word fails at once. Both are the
//!   signatures of real field failures (AMD parts returning all ones with
//!   the carry flag set; RDSEED returning zeros). A genuine full-entropy word
//!   takes one of those two values with probability 2^-63, below α.
//! - **Repeated word**: no two equal words among any [`REPEAT_WINDOW`] =
//!   4096 consecutive words; each word is compared with the 4095 before it.
//!   The RCT only compares neighbours and the APT only compares each word
//!   with the first of its 512-word window, so a generator that starts
//!   repeating in the middle of a window got through them: a 2-word cycle
//!   served up to 256 repeated 16-byte requests before the window's end,
//!   and a cycle longer than 512 words was never caught (10^7 words of a
//!   600-word cycle passed). This test catches any cycle of up to 4095 words
//!   at its first repeated word, so a repeated word never reaches a caller.
//!   (When the RCT or APT fires on the same word, the failure carries their
//!   SP 800-90B name.) For a source meeting the claim, a word equals one of
//!   the 4095 before it with probability 4095 · 2^-64 ≈ 2^-52
//!   (2.2 · 10^-16), 4096 times below the α = 2^-40 per sample the standard
//!   tests are designed for; a given 4096-word window holds a repeat with
//!   probability C(4096, 2) · 2^-64 ≈ 2^-41 ≈ 4.5 · 10^-13. So a repeat is
//!   a failure, not chance: one thread drawing RDRAND without pause (about
//!   2^25.7 words a second) would see a false alarm about once in 2^26.3
//!   seconds, two and a half years.
//!
//!   How it is kept fast and exact is described on `RepeatWindow` in this
//!   module's source: a ring
//!   of the last 4096 words and a fingerprint index, 99 KiB on the heap per
//!   generator (allocated fallibly: no memory is an error, not an abort),
//!   wiped on drop and at every start-up test. It costs about 5 ns per word
//!   of CPU time against about 1 ns for the other tests together (fake
//!   source, this project's shared build machine), and it is checked in the
//!   shadow of the next instruction's latency. The ring holds the
//!   generator's last 4096 words: past output kept to compare with, as the
//!   RCT and APT keep two words, and wiped like them.
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

use alloc::boxed::Box;
use alloc::vec::Vec;

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

/// The repeated-word test's window: no two equal words among any this many
/// consecutive words (each word is compared with the `REPEAT_WINDOW - 1`
/// before it).
///
/// ```
/// use secrets_rdrand::health::{Failure, REPEAT_WINDOW};
/// assert!(REPEAT_WINDOW.is_power_of_two());
/// // The failure's message names the window.
/// let window = REPEAT_WINDOW.to_string();
/// assert!(Failure::RepeatedWord.test_name().contains(window.as_str()));
/// ```
pub const REPEAT_WINDOW: u32 = 4096;

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
    /// A word equal to one of the [`REPEAT_WINDOW`]` - 1` words before it.
    RepeatedWord,
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
            Failure::RepeatedWord => "repeated-word test (a word seen among the last 4096)",
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
            Failure::RepeatedWord => {
                "start-up self-test: repeated-word test (a word seen among the last 4096)"
            }
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

/// Buckets of the fingerprint index (a power of two).
const BUCKETS: usize = 1024;
/// Entries per bucket: 32 bytes of fingerprints, 32 of word numbers.
const BUCKET_SLOTS: usize = 16;
const RING_MASK: usize = REPEAT_WINDOW as usize - 1;
const _: () = assert!(REPEAT_WINDOW.is_power_of_two() && REPEAT_WINDOW < 1 << 16);
const _: () = assert!(BUCKETS.is_power_of_two());

/// The repeated-word test's state: the last [`REPEAT_WINDOW`] words in a
/// ring, and an index of their fingerprints that answers "certainly not in
/// the window" for almost every word from one cache line.
///
/// Each bucket is a first-in-first-out list of 16 entries, each a 16-bit
/// fingerprint and the low 16 bits of the number of the word it came from
/// (kept apart, so that a lookup reads 32 bytes of fingerprints only).
/// An entry counts only while its word is one of the `REPEAT_WINDOW - 1`
/// before the current one, so entries expire by themselves and nothing is
/// ever searched for or deleted. A lookup compares the word's fingerprint
/// with its bucket's 16 entries (no branches, vectorized); only a match
/// with a live entry, or a bucket that lost a live entry (below), sends it
/// to an exact scan of the ring. Equal words always have equal
/// fingerprints, so the test is exact: every repeat is caught, and a match
/// that is not a repeat (about 4 · 2^-16 per word for a good source) only
/// costs the scan. An entry or mark older than 2^16 words may pass for a
/// live one: that too only costs a scan.
///
/// A new entry takes the place of its bucket's oldest. If that one is still
/// live (16 of the window's words in one bucket: about 10^-5 per word for a
/// good source), the bucket is marked, and lookups in it scan the ring
/// until the word that lost its entry leaves the window.
pub(crate) struct RepeatWindow {
    /// Word number `n` is at `ring[n % REPEAT_WINDOW]`. 0 is never a word
    /// here (the constant-word test rejects it first): it marks an unused
    /// place.
    ring: Box<[u64; REPEAT_WINDOW as usize]>,
    /// The number the next word gets (mod 2^32).
    now: u32,
    /// Per bucket, the entries' fingerprints (never 0, so 0 is an empty
    /// entry).
    fingerprints: Box<[[u16; BUCKET_SLOTS]; BUCKETS]>,
    /// Per bucket, the entries' word numbers (mod 2^16).
    numbers: Box<[[u16; BUCKET_SLOTS]; BUCKETS]>,
    /// Per bucket, the slot of its oldest entry (mod 16).
    oldest: Box<[u8; BUCKETS]>,
    /// Per bucket, one more than the number (mod 2^16) of the last word
    /// that lost its entry while live, or 0.
    lost: Box<[u16; BUCKETS]>,
}

/// A word's bucket and (nonzero) fingerprint. Folding the high half in
/// first makes both depend on every bit of the word, so a source with stuck
/// bits still spreads over the buckets (speed only: exactness does not
/// depend on the spread).
#[inline(always)]
fn bucket_and_fingerprint(word: u64) -> (usize, u16) {
    let hash = (word ^ (word >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let bucket = (hash >> (64 - BUCKETS.trailing_zeros())) as usize & (BUCKETS - 1);
    let [_, _, f0, f1, ..] = hash.to_le_bytes();
    (bucket, u16::from_le_bytes([f0, f1]).max(1))
}

/// Whether the word numbered `then` (mod 2^16) is in the window of the
/// word numbered `now` (mod 2^16): 1 to `REPEAT_WINDOW - 1` words before it.
#[inline(always)]
fn in_window(now: u16, then: u16) -> bool {
    let age = now.wrapping_sub(then);
    age.wrapping_sub(1) < REPEAT_WINDOW as u16 - 1
}

/// A zeroed boxed array, or `None` if the allocator refuses (never aborts).
fn zeroed_box<T: Copy, const N: usize>(zero: T) -> Option<Box<[T; N]>> {
    let mut items = Vec::new();
    items.try_reserve_exact(N).ok()?;
    items.resize(N, zero);
    items.into_boxed_slice().try_into().ok()
}

impl RepeatWindow {
    /// An empty window, or `None` when its 99 KiB cannot be allocated.
    pub(crate) fn new() -> Option<Self> {
        Some(RepeatWindow {
            ring: zeroed_box(0)?,
            now: 0,
            fingerprints: zeroed_box([0; BUCKET_SLOTS])?,
            numbers: zeroed_box([0; BUCKET_SLOTS])?,
            oldest: zeroed_box(0)?,
            lost: zeroed_box(0)?,
        })
    }

    /// Forgets (and wipes) every word.
    pub(crate) fn clear(&mut self) {
        self.ring.zeroize();
        self.fingerprints.zeroize();
        self.numbers.zeroize();
        self.oldest.zeroize();
        self.lost.zeroize();
        self.now = 0;
    }

    /// Fails if `word` (never 0) equals one of the `REPEAT_WINDOW - 1`
    /// words before it; otherwise records it.
    #[inline(always)]
    pub(crate) fn check(&mut self, word: u64) -> Result<(), Failure> {
        self.cursor().check(word)
    }

    /// The window's parts, borrowed for a run of checks (see [`Cursor`]).
    #[inline(always)]
    pub(crate) fn cursor(&mut self) -> Cursor<'_> {
        Cursor {
            now: self.now,
            ring: &mut self.ring,
            fingerprints: &mut self.fingerprints,
            numbers: &mut self.numbers,
            oldest: &mut self.oldest,
            lost: &mut self.lost,
            home: &mut self.now,
        }
    }
}

/// [`RepeatWindow`] borrowed for a run of checks (one request): the table
/// addresses and the word number stay in registers across the fill loop
/// instead of being reloaded from the window after every store. The number
/// is written back when the cursor is dropped, on every path.
pub(crate) struct Cursor<'a> {
    ring: &'a mut [u64; REPEAT_WINDOW as usize],
    fingerprints: &'a mut [[u16; BUCKET_SLOTS]; BUCKETS],
    numbers: &'a mut [[u16; BUCKET_SLOTS]; BUCKETS],
    oldest: &'a mut [u8; BUCKETS],
    lost: &'a mut [u16; BUCKETS],
    now: u32,
    home: &'a mut u32,
}

impl Cursor<'_> {
    /// See [`RepeatWindow::check`].
    #[inline(always)]
    pub(crate) fn check(&mut self, word: u64) -> Result<(), Failure> {
        let now = self.now;
        let (bucket, fingerprint) = bucket_and_fingerprint(word);
        // Liveness is checked only after a fingerprint matches.
        let matched = self.fingerprints[bucket]
            .iter()
            .fold(false, |hit, &entry| hit | (entry == fingerprint));
        // One branch for both reasons to look closer.
        if (u16::from(matched) | self.lost[bucket]) != 0 && self.confirm(bucket, fingerprint, word)
        {
            return Err(Failure::RepeatedWord);
        }
        let slot = usize::from(self.oldest[bucket]) % BUCKET_SLOTS;
        self.oldest[bucket] = self.oldest[bucket].wrapping_add(1);
        let number = now as u16;
        let displaced = self.numbers[bucket][slot];
        if self.fingerprints[bucket][slot] != 0 && in_window(number, displaced) {
            // Its word loses its entry while still in the window.
            self.lost[bucket] = displaced.wrapping_add(1).max(1);
        }
        self.fingerprints[bucket][slot] = fingerprint;
        self.numbers[bucket][slot] = number;
        self.ring[now as usize & RING_MASK] = word;
        self.now = now.wrapping_add(1);
        Ok(())
    }

    /// After a fingerprint matched, or in a bucket that lost an entry:
    /// whether the window really holds `word`.
    #[cold]
    #[inline(never)]
    fn confirm(&mut self, bucket: usize, fingerprint: u16, word: u64) -> bool {
        let now = self.now as u16;
        let live_match = self.fingerprints[bucket]
            .iter()
            .zip(&self.numbers[bucket])
            .any(|(&f, &number)| f == fingerprint && in_window(now, number));
        let lost = self.lost[bucket];
        let lost_live = lost != 0 && in_window(now, lost - 1);
        if !lost_live {
            // Expired (or never set): forget it, so that lookups here take
            // the fast path again.
            self.lost[bucket] = 0;
        }
        if !live_match && !lost_live {
            return false;
        }
        // The word REPEAT_WINDOW back is outside the window, and its place
        // is about to be overwritten anyway.
        self.ring[self.now as usize & RING_MASK] = 0;
        // Every entry, no early exit, so that it vectorizes.
        self.ring
            .iter()
            .fold(false, |found, &held| found | (held == word))
    }
}

impl Drop for Cursor<'_> {
    fn drop(&mut self) {
        *self.home = self.now;
    }
}

impl Drop for RepeatWindow {
    fn drop(&mut self) {
        self.clear();
    }
}

impl core::fmt::Debug for RepeatWindow {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RepeatWindow { .. }")
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
    fn the_adaptive_proportion_window_alone_is_exactly_512_words() {
        // A 512-word cycle never meets its window's first word inside the
        // window; a 511-word one does, at the window's last word.
        let cycle = |period: u64| (0..8 * period).map(move |i| 1 + i % period);
        let mut state = HealthState::new();
        assert!(cycle(u64::from(APT_WINDOW)).all(|w| state.check(w).is_ok()));
        let mut state = HealthState::new();
        let failure = cycle(u64::from(APT_WINDOW) - 1).position(|w| state.check(w).is_err());
        assert_eq!(failure, Some(APT_WINDOW as usize - 1));
    }

    #[test]
    fn state_starts_fresh_and_counts_runs() {
        let mut state = HealthState::new();
        assert_eq!(state.check(5), Ok(()));
        assert_eq!(state.check(6), Ok(()));
        assert_eq!(state.check(6), Err(Failure::RepetitionCount));
    }

    extern crate std;
    use std::collections::{HashMap, VecDeque};

    /// SplitMix64, for test streams.
    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The repeated-word test by its definition: the previous
    /// `REPEAT_WINDOW - 1` words in a queue, with counts.
    #[derive(Default)]
    struct Reference {
        order: VecDeque<u64>,
        counts: HashMap<u64, usize>,
    }

    impl Reference {
        fn check(&mut self, word: u64) -> bool {
            let repeat = self.counts.get(&word).is_some_and(|&c| c > 0);
            if !repeat {
                self.order.push_back(word);
                *self.counts.entry(word).or_default() += 1;
                if self.order.len() > REPEAT_WINDOW as usize - 1 {
                    let oldest = self.order.pop_front().unwrap();
                    *self.counts.get_mut(&oldest).unwrap() -= 1;
                }
            }
            !repeat
        }
    }

    /// Runs a stream through the window and the reference; both must agree
    /// on every word. After a repeat both start over, as after a failure
    /// and a new start-up test. Returns the repeats found.
    fn agree(words: impl Iterator<Item = u64>) -> usize {
        let mut window = RepeatWindow::new().unwrap();
        let mut reference = Reference::default();
        let mut repeats = 0;
        for (i, word) in words.enumerate() {
            let passes = reference.check(word);
            assert_eq!(window.check(word).is_ok(), passes, "word {i}");
            if !passes {
                repeats += 1;
                window.clear();
                reference = Reference::default();
            }
            if i % 997 == 0 {
                // Every word of the window has a live entry, or its bucket
                // is marked as having lost one.
                let now = window.now;
                let leaving = now as usize & RING_MASK;
                for (position, &held) in window.ring.iter().enumerate() {
                    if held == 0 || position == leaving {
                        continue;
                    }
                    let (bucket, fingerprint) = bucket_and_fingerprint(held);
                    let indexed = window.fingerprints[bucket]
                        .iter()
                        .zip(&window.numbers[bucket])
                        .any(|(&f, &n)| f == fingerprint && in_window(now as u16, n));
                    let lost = window.lost[bucket];
                    let marked = lost != 0 && in_window(now as u16, lost - 1);
                    assert!(indexed || marked, "word {i}: {held:#x} not indexed");
                }
            }
        }
        repeats
    }

    /// Fresh words, each followed now and then by a copy of the word
    /// `distance` back, with distances on both sides of the window's edge.
    fn with_copies(fresh: impl Iterator<Item = u64>, seed: u64) -> impl Iterator<Item = u64> {
        let mut state = seed;
        let mut history: VecDeque<u64> = VecDeque::new();
        fresh.flat_map(move |word| {
            history.push_front(word);
            history.truncate(2 * REPEAT_WINDOW as usize);
            let r = splitmix(&mut state);
            let copy = r.is_multiple_of(64).then(|| {
                let edge = REPEAT_WINDOW as usize;
                let distance = match r >> 60 {
                    0..=5 => edge - 8 + (r >> 8) as usize % 16, // around the edge
                    _ => 1 + (r >> 8) as usize % (2 * edge - 1),
                };
                history.get(distance - 1).copied()
            });
            core::iter::once(word).chain(copy.flatten())
        })
    }

    #[test]
    fn the_window_agrees_with_its_definition_on_spread_words() {
        let mut state = 1;
        let fresh = core::iter::repeat_with(move || splitmix(&mut state)).take(60_000);
        let repeats = agree(with_copies(fresh, 7));
        // (A fixed stream: the guard only checks it holds repeats to catch.)
        assert!(repeats > 25, "the stream exercises the test: {repeats}");
    }

    #[test]
    fn the_window_agrees_with_its_definition_on_crowded_buckets() {
        // Words of only 4 of the 512 buckets: each holds about 1000 words
        // of the window, so most overflow and lookups go to the ring.
        let mut state = 2;
        let fresh = core::iter::repeat_with(move || splitmix(&mut state))
            .filter(|&w| bucket_and_fingerprint(w).0 < 4)
            .take(12_000);
        let repeats = agree(with_copies(fresh, 9));
        assert!(repeats > 4, "the stream exercises the test: {repeats}");
    }

    #[test]
    fn equal_fingerprints_of_different_words_are_not_repeats() {
        // Pairs of different words with the same bucket and fingerprint
        // (found by the birthday bound among 2^16 words).
        let mut state = 3;
        let mut seen = HashMap::new();
        let mut pairs = std::vec::Vec::new();
        for _ in 0..1 << 16 {
            let word = splitmix(&mut state);
            if let Some(other) = seen.insert(bucket_and_fingerprint(word), word) {
                pairs.push((other, word));
            }
        }
        assert!(pairs.len() >= 8, "{} pairs", pairs.len());
        // Both words of each pair, many times, at distances on both sides of
        // the window's edge.
        let mut state = 4;
        let mut filler = core::iter::repeat_with(move || splitmix(&mut state));
        let mut stream = std::vec::Vec::new();
        for round in 0..6 {
            for &(a, b) in &pairs {
                stream.push(if round % 2 == 0 { a } else { b });
                stream.extend(filler.by_ref().take(300 + 97 * round));
                stream.push(if round % 2 == 0 { b } else { a });
                // And a true repeat, inside the window.
                if round == 3 {
                    stream.extend(filler.by_ref().take(40));
                    stream.push(a);
                }
            }
        }
        let repeats = agree(stream.into_iter());
        assert!(
            repeats >= pairs.len(),
            "the true repeats are caught: {repeats}"
        );
    }

    #[test]
    fn a_cycle_is_caught_at_its_first_repeat_and_a_window_long_one_is_not() {
        for period in [2_u64, 3, 511, 512, 600, 4000, 4095, 4096, 5000] {
            let mut window = RepeatWindow::new().unwrap();
            let first_failure = (0..3 * period + 10)
                .map(|i| 1 + i % period)
                .position(|w| window.check(w).is_err());
            let expected = (period < u64::from(REPEAT_WINDOW)).then_some(period as usize);
            assert_eq!(first_failure, expected, "period {period}");
        }
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
