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
#[derive(Clone, Debug)]
pub struct Healthy {
    state: u64,
}

impl Healthy {
    /// A stream determined by `seed`.
    pub const fn new(seed: u64) -> Self {
        Healthy { state: seed }
    }

    /// The next word, always available.
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
#[derive(Clone, Debug)]
pub struct ZeroRuns {
    healthy: Healthy,
    good: u32,
    zeros: u32,
    position: u32,
}

impl ZeroRuns {
    /// `good` healthy words, then `zeros` zeros, and again.
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
    pub const fn new(failures_per_word: u32) -> Self {
        CarryFails {
            healthy: Healthy::new(11),
            failures_per_word,
            failed_in_a_row: 0,
            attempts: 0,
        }
    }

    /// A carry flag that never sets.
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
#[derive(Clone, Debug)]
pub struct Cycle {
    period: u64,
    index: u64,
}

impl Cycle {
    /// Words `mix(1)`, …, `mix(period)`, repeating. `period` must be at
    /// least 2 for consecutive words to differ.
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
#[derive(Clone, Debug)]
pub struct Script<'a> {
    script: &'a [Option<u64>],
    position: usize,
    healthy: Healthy,
}

impl<'a> Script<'a> {
    /// Plays `script`, then healthy words.
    pub const fn new(script: &'a [Option<u64>]) -> Self {
        Script {
            script,
            position: 0,
            healthy: Healthy::new(5),
        }
    }

    /// Tries played from the script so far.
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
