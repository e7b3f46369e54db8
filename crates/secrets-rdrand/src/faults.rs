//! Fake instruction sources that play a broken (or a healthy) CPU, for
//! fault-injection tests of the real health-test code.
//!
//! Wrap one in [`HealthTested`](crate::HealthTested) with the
//! [`Instruction`](crate::Instruction) whose retry policy you want:
//!
//! ```
//! use secrets_rdrand::{HealthTested, Instruction, faults};
//!
//! // A CPU whose RDRAND returns all ones with the carry flag set fails the
//! // start-up test, so the backend never constructs.
//! let err = HealthTested::new(faults::Stuck(u64::MAX), Instruction::RdRand).unwrap_err();
//! assert!(err.is_source_failure());
//!
//! // A healthy source passes and serves requests.
//! let mut rng = HealthTested::new(faults::Healthy::new(1), Instruction::RdSeed).unwrap();
//! let mut buf = [0u8; 64];
//! rng.fill(&mut buf).unwrap();
//! ```
//!
//! None of these is a random number generator: [`Healthy`] is SplitMix64, a
//! statistical stand-in whose words never repeat, nothing more.

use crate::tested::WordSource;

/// SplitMix64 (Steele, Lea and Flood, 2014): every word distinct over 2^64
/// draws, so it never trips a test. Not cryptographic.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// let mut rng = HealthTested::new(faults::Healthy::new(42), Instruction::RdRand)?;
/// rng.fill(&mut [0u8; 32])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Healthy {
    state: u64,
}

impl Healthy {
    /// A stream determined by `seed`.
    ///
    /// ```
    /// let mut a = secrets_rdrand::faults::Healthy::new(7);
    /// assert_ne!(a.word(), a.word());
    /// ```
    pub const fn new(seed: u64) -> Self {
        Healthy { state: seed }
    }

    /// The next word, always available.
    ///
    /// ```
    /// let mut source = secrets_rdrand::faults::Healthy::new(1);
    /// let words: Vec<u64> = (0..4).map(|_| source.word()).collect();
    /// assert_eq!(secrets_rdrand::faults::Healthy::new(1).word(), words[0]); // deterministic
    /// ```
    pub fn word(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }
}

/// The SplitMix64 output function: a bijection on u64.
const fn mix(x: u64) -> u64 {
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl WordSource for Healthy {
    fn try_word(&mut self) -> Option<u64> {
        Some(self.word())
    }
}

/// Always succeeds with the same word: the stuck-value failure.
/// `Stuck(u64::MAX)` is the AMD failure (all ones, carry flag set),
/// `Stuck(0)` a dead source.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // AMD's failure: all ones with success reported. The start-up test catches it.
/// assert!(HealthTested::new(faults::Stuck(u64::MAX), Instruction::RdRand).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Stuck(pub u64);

impl WordSource for Stuck {
    fn try_word(&mut self) -> Option<u64> {
        Some(self.0)
    }
}

/// Healthy words with runs of zeros: `good` healthy words, then `zeros`
/// zero words (carry flag set), repeating. RDSEED has been seen returning
/// zeros with success reported.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // 100 good words, then a run of zero words: the constant-word check fires.
/// let mut rng = HealthTested::new(faults::FailsAfter::new(2_000, faults::ZeroRuns::new(100, 1)), Instruction::RdSeed)?;
/// let mut buf = vec![0u8; 8 * 1_000];
/// let mut failed = false;
/// for _ in 0..4 {
///     failed |= rng.fill(&mut buf).is_err();
/// }
/// assert!(failed);
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ZeroRuns {
    healthy: Healthy,
    good: u32,
    zeros: u32,
    position: u32,
}

impl ZeroRuns {
    /// `good` healthy words, then `zeros` zeros, and again.
    ///
    /// ```
    /// let source = secrets_rdrand::faults::ZeroRuns::new(10, 3); // 10 good words, 3 zero words, again
    /// # let _ = source;
    /// ```
    pub const fn new(good: u32, zeros: u32) -> Self {
        ZeroRuns {
            healthy: Healthy::new(7),
            good,
            zeros,
            position: 0,
        }
    }
}

impl WordSource for ZeroRuns {
    fn try_word(&mut self) -> Option<u64> {
        let period = self.good + self.zeros;
        let word = if self.position < self.good {
            self.healthy.word()
        } else {
            0
        };
        self.position = (self.position + 1) % period.max(1);
        Some(word)
    }
}

/// A carry flag that fails: each word arrives only after
/// `failures_per_word` failed tries (`u32::MAX`: it never arrives).
/// Counts every try.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // Three failed tries before every word: within RDRAND's retry limit.
/// let mut rng = HealthTested::new(faults::CarryFails::new(3), Instruction::RdRand)?;
/// rng.fill(&mut [0u8; 16])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CarryFails {
    healthy: Healthy,
    failures_per_word: u32,
    failed_in_a_row: u32,
    /// Every try so far, failed or not.
    pub attempts: u64,
}

impl CarryFails {
    /// Each word after `failures_per_word` failed tries.
    ///
    /// ```
    /// let source = secrets_rdrand::faults::CarryFails::new(5);
    /// # let _ = source;
    /// ```
    pub const fn new(failures_per_word: u32) -> Self {
        CarryFails {
            healthy: Healthy::new(11),
            failures_per_word,
            failed_in_a_row: 0,
            attempts: 0,
        }
    }

    /// A carry flag that never sets.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// // A source that never delivers: the start-up test fails at the retry limit.
    /// assert!(HealthTested::new(faults::CarryFails::never(), Instruction::RdRand).is_err());
    /// ```
    pub const fn never() -> Self {
        CarryFails::new(u32::MAX)
    }
}

impl WordSource for CarryFails {
    fn try_word(&mut self) -> Option<u64> {
        self.attempts += 1;
        if self.failed_in_a_row < self.failures_per_word {
            self.failed_in_a_row += 1;
            None
        } else {
            self.failed_in_a_row = 0;
            Some(self.healthy.word())
        }
    }
}

/// Cycles through `period` distinct words: never two equal words in a row
/// (the repetition count test passes), but a word recurs every `period`
/// words, so with `period` < 512 every adaptive-proportion window sees its
/// first word again. A low-entropy source.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // Four distinct words, repeating: the adaptive proportion test fires.
/// assert!(HealthTested::new(faults::Cycle::new(4), Instruction::RdRand).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Cycle {
    period: u64,
    index: u64,
}

impl Cycle {
    /// Words `mix(1)`, …, `mix(period)`, repeating. `period` must be at
    /// least 2 for consecutive words to differ.
    ///
    /// ```
    /// let source = secrets_rdrand::faults::Cycle::new(16);
    /// # let _ = source;
    /// ```
    pub const fn new(period: u64) -> Self {
        Cycle { period, index: 0 }
    }
}

impl WordSource for Cycle {
    fn try_word(&mut self) -> Option<u64> {
        let word = mix(1 + self.index % self.period.max(1));
        self.index += 1;
        Some(word)
    }
}

/// Healthy for `remaining` words, then `then`: a source that breaks in
/// service, after the start-up test. Set `remaining` again to repair it.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // Passes the start-up test, then breaks in service.
/// let mut rng = HealthTested::new(faults::FailsAfter::new(1_100, faults::Stuck(0)), Instruction::RdRand)?;
/// let mut buf = [0u8; 8 * 200];
/// assert!(rng.fill(&mut buf).is_err());
/// assert_eq!(buf, [0; 8 * 200]); // nothing from the failed request survives
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct FailsAfter<B> {
    healthy: Healthy,
    /// Healthy words still to come before `then` takes over.
    pub remaining: u64,
    /// The broken source.
    pub then: B,
}

impl<B: WordSource> FailsAfter<B> {
    /// `remaining` healthy words, then `then`.
    ///
    /// ```
    /// use secrets_rdrand::faults::{FailsAfter, Stuck};
    /// let source = FailsAfter::new(5_000, Stuck(7));
    /// # let _ = source;
    /// ```
    pub const fn new(remaining: u64, then: B) -> Self {
        FailsAfter {
            healthy: Healthy::new(3),
            remaining,
            then,
        }
    }
}

impl<B: WordSource> WordSource for FailsAfter<B> {
    fn try_word(&mut self) -> Option<u64> {
        if self.remaining > 0 {
            self.remaining -= 1;
            Some(self.healthy.word())
        } else {
            self.then.try_word()
        }
    }
}

/// Plays `script` (one entry per try: `None` is a failed try), then healthy
/// words. For placing a fault at an exact position in the stream.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// // Two failed tries, then healthy words.
/// let script = [None, None];
/// let mut rng = HealthTested::new(faults::Script::new(&script), Instruction::RdRand)?;
/// assert_eq!(rng.source_mut().played(), 2);
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Script<'a> {
    script: &'a [Option<u64>],
    position: usize,
    healthy: Healthy,
}

impl<'a> Script<'a> {
    /// Plays `script`, then healthy words.
    ///
    /// ```
    /// let script = [Some(1), None, Some(2)];
    /// let source = secrets_rdrand::faults::Script::new(&script);
    /// assert_eq!(source.played(), 0);
    /// ```
    pub const fn new(script: &'a [Option<u64>]) -> Self {
        Script {
            script,
            position: 0,
            healthy: Healthy::new(5),
        }
    }

    /// Tries played from the script so far.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults::Script};
    /// let script = [None];
    /// let rng = HealthTested::new(Script::new(&script), Instruction::RdSeed)?;
    /// # let mut rng = rng;
    /// assert_eq!(rng.source_mut().played(), 1);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn played(&self) -> usize {
        self.position
    }
}

impl WordSource for Script<'_> {
    fn try_word(&mut self) -> Option<u64> {
        match self.script.get(self.position) {
            Some(&entry) => {
                self.position += 1;
                entry
            }
            None => Some(self.healthy.word()),
        }
    }
}
