//! The seam between an instruction and the health tests.
//!
//! [`WordSource`] is one attempt of an instruction; [`HealthTested`] wraps any
//! source with the retry policy of an [`Instruction`], the start-up test and
//! the continuous tests. [`RdRand`](crate::RdRand) and
//! [`RdSeed`](crate::RdSeed) are `HealthTested` over the real instructions;
//! tests and the conformance suite run the same code over the fakes in
//! [`faults`](crate::faults).

use core::hint::spin_loop;

use rand_core::TryRng;
use secrets_core::Error;

use crate::health::{Cursor, Failure, HealthState, RepeatWindow, STARTUP_SAMPLES};
use crate::{RDRAND_NAME, RDSEED_NAME};

/// Retries after a failed RDRAND, as Intel's DRNG Software Implementation
/// Guide recommends (section 5.2.1: ten retries in a tight loop, then assume
/// the hardware has failed). At most 11 tries per word.
///
/// ```
/// assert_eq!(secrets_rdrand::Instruction::RdRand.max_attempts(), 1 + secrets_rdrand::RDRAND_RETRIES);
/// ```
pub const RDRAND_RETRIES: u32 = 10;

/// Retries after a failed RDSEED, each after a `pause`.
///
/// RDSEED reports "no data" (carry flag clear) whenever its conditioned
/// entropy buffer is empty, which is routine under load: with two threads
/// hammering it on the reference machine about 3 in 4 tries fail, and the
/// longest run of failures seen was 5. 512 retries (roughly a third of a
/// millisecond there) is two orders of magnitude of headroom while still
/// bounding the time a caller can be stuck.
///
/// ```
/// assert_eq!(secrets_rdrand::Instruction::RdSeed.max_attempts(), 1 + secrets_rdrand::RDSEED_RETRIES);
/// ```
pub const RDSEED_RETRIES: u32 = 512;

/// One draw from a 64-bit hardware random instruction.
///
/// This is the fault-injection seam: production sources execute RDRAND or
/// RDSEED; the fakes in [`faults`](crate::faults) play a broken CPU.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, WordSource};
/// /// A source that counts up (stands in for an instruction).
/// struct Counter(u64);
/// impl WordSource for Counter {
///     fn try_word(&mut self) -> Option<u64> {
///         self.0 += 1;
///         Some(self.0)
///     }
/// }
/// // Distinct, non-constant words pass: the tests catch breakage (repeats, constants),
/// let rng = HealthTested::new(Counter(0), Instruction::RdRand);
/// assert!(rng.is_ok()); // health tests catch breakage, not weak design
/// ```
pub trait WordSource {
    /// One attempt: `Some(word)` if the instruction reported success (carry
    /// flag set), `None` if it reported that no data was available.
    fn try_word(&mut self) -> Option<u64>;
}

impl<S: WordSource + ?Sized> WordSource for &mut S {
    #[inline(always)]
    fn try_word(&mut self) -> Option<u64> {
        (**self).try_word()
    }
}

/// Which instruction a source stands for: its backend name and retry policy.
///
/// ```
/// use secrets_rdrand::Instruction;
/// assert_eq!(Instruction::RdSeed.name(), "rdseed");
/// assert!(Instruction::RdSeed.pauses_between_attempts());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// RDRAND: the output of the on-chip CTR_DRBG.
    RdRand,
    /// RDSEED: conditioned output of the on-chip entropy source.
    RdSeed,
}

impl Instruction {
    /// The backend name: `"rdrand"` or `"rdseed"`.
    ///
    /// ```
    /// assert_eq!(secrets_rdrand::Instruction::RdRand.name(), "rdrand");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Instruction::RdRand => RDRAND_NAME,
            Instruction::RdSeed => RDSEED_NAME,
        }
    }

    /// Tries per word, counting the first one.
    ///
    /// ```
    /// use secrets_rdrand::Instruction;
    /// assert!(Instruction::RdSeed.max_attempts() > Instruction::RdRand.max_attempts());
    /// ```
    pub const fn max_attempts(self) -> u32 {
        match self {
            Instruction::RdRand => 1 + RDRAND_RETRIES,
            Instruction::RdSeed => 1 + RDSEED_RETRIES,
        }
    }

    /// Whether a `pause` (`core::hint::spin_loop`) separates the tries.
    /// RDSEED waits for the entropy source to refill; RDRAND's DRBG reseeds
    /// fast, so Intel's guide retries it in a tight loop.
    ///
    /// ```
    /// assert!(!secrets_rdrand::Instruction::RdRand.pauses_between_attempts());
    /// ```
    pub const fn pauses_between_attempts(self) -> bool {
        matches!(self, Instruction::RdSeed)
    }
}

/// A [`WordSource`] behind the retry policy, the start-up test and the
/// continuous tests: SP 800-90B's and the repeated-word test (see
/// [`health`](crate::health)).
///
/// Every word handed out, through [`fill`](Self::fill) or
/// [`next_u64`](Self::next_u64), has passed every test: in particular no
/// word equal to one of the 4095 before it is ever handed out. A request
/// that hits a failure returns [`Error::HealthTest`] and its buffer is
/// zeroed. A health test failure (not a retry-limit one) latches: every
/// later request fails with the same error until
/// [`startup_test`](Self::startup_test) passes again.
///
/// The test state belongs to this value and persists across calls: a run or
/// a window that spans two requests is tested as one stream.
///
/// ```
/// use secrets_rdrand::{HealthTested, Instruction, faults};
/// let mut rng = HealthTested::new(faults::Healthy::new(9), Instruction::RdSeed)?;
/// let word = rng.next_u64()?;
/// assert!(rng.latched_failure().is_none());
/// # let _ = word;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub struct HealthTested<S: WordSource> {
    source: S,
    instruction: Instruction,
    state: HealthState,
    /// The repeated-word test's 96 KiB, on the heap.
    window: RepeatWindow,
    latched: Option<Failure>,
}

impl<S: WordSource> HealthTested<S> {
    /// Wraps `source` with `instruction`'s retry policy and runs the start-up
    /// test; fails if it does.
    ///
    /// # Errors
    ///
    /// [`Error::HealthTest`] if the start-up test fails;
    /// [`Error::Unavailable`] if the repeated-word test's window (96 KiB)
    /// cannot be allocated (never an abort).
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let rng = HealthTested::new(faults::Healthy::new(9), Instruction::RdRand)?;
    /// assert_eq!(rng.instruction(), Instruction::RdRand);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn new(source: S, instruction: Instruction) -> Result<Self, Error> {
        let window = RepeatWindow::new().ok_or(Error::Unavailable {
            backend: instruction.name(),
            reason: "no memory for the repeated-word test's 96 KiB window",
        })?;
        let mut tested = HealthTested {
            source,
            instruction,
            state: HealthState::new(),
            window,
            latched: None,
        };
        tested.startup_test()?;
        Ok(tested)
    }

    /// The instruction whose name and retry policy apply.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let rng = HealthTested::new(faults::Healthy::new(1), Instruction::RdSeed)?;
    /// assert_eq!(rng.instruction().name(), "rdseed");
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn instruction(&self) -> Instruction {
        self.instruction
    }

    /// The failure that put this generator into the error state, if any.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let mut rng = HealthTested::new(faults::FailsAfter::new(1_100, faults::Stuck(5)), Instruction::RdRand)?;
    /// assert!(rng.fill(&mut [0u8; 8 * 200]).is_err());
    /// assert!(rng.latched_failure().is_some()); // every request now fails
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn latched_failure(&self) -> Option<Failure> {
        self.latched
    }

    /// The source, e.g. for a test to repair a fake before a new start-up test.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let mut rng = HealthTested::new(faults::FailsAfter::new(1_100, faults::Stuck(5)), Instruction::RdRand)?;
    /// let _ = rng.fill(&mut [0u8; 8 * 200]);
    /// rng.source_mut().remaining = u64::MAX; // repair the fake
    /// rng.startup_test()?; // clears the error state
    /// rng.fill(&mut [0u8; 8])?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn source_mut(&mut self) -> &mut S {
        &mut self.source
    }

    /// Runs the start-up test: fresh test state, then
    /// [`STARTUP_SAMPLES`] words through every test, discarded. Passing clears
    /// the error state; failing (any failure, the retry limit included)
    /// enters it.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let mut rng = HealthTested::new(faults::Healthy::new(2), Instruction::RdRand)?;
    /// rng.startup_test()?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn startup_test(&mut self) -> Result<(), Error> {
        self.state = HealthState::new();
        self.window.clear();
        self.latched = None;
        for _ in 0..STARTUP_SAMPLES {
            if let Err(failure) = self.next_word() {
                self.latched = Some(failure);
                return Err(Error::HealthTest {
                    backend: self.instruction.name(),
                    test: failure.startup_test_name(),
                });
            }
        }
        Ok(())
    }

    /// Fills `dest` with tested words (little-endian, the last one
    /// truncated), or zeroes it and fails.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let mut rng = HealthTested::new(faults::Healthy::new(2), Instruction::RdRand)?;
    /// let mut buf = [0u8; 13]; // any length
    /// rng.fill(&mut buf)?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    #[inline(always)]
    pub fn fill(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let result = self.fill_words(dest);
        if result.is_err() {
            dest.fill(0);
        }
        result
    }

    /// One tested word.
    ///
    /// ```
    /// use secrets_rdrand::{HealthTested, Instruction, faults};
    /// let mut rng = HealthTested::new(faults::Healthy::new(2), Instruction::RdRand)?;
    /// assert_ne!(rng.next_u64()?, rng.next_u64()?);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    #[inline]
    pub fn next_u64(&mut self) -> Result<u64, Error> {
        if let Some(failure) = self.latched {
            return Err(self.error(failure));
        }
        self.next_word().map_err(|failure| self.fail(failure))
    }

    #[inline(always)]
    fn fill_words(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        if let Some(failure) = self.latched {
            return Err(self.error(failure));
        }
        // The loop runs on a local copy of the small test state, written
        // back after, so it stays in registers instead of being stored to
        // `self` on every word. (The window lives on the heap either way.)
        let mut state = self.state.clone();
        let result = fill_tested(
            &mut self.source,
            self.instruction,
            &mut state,
            &mut self.window.cursor(),
            dest,
        );
        self.state.clone_from(&state);
        result.map_err(|failure| self.fail(failure))
    }

    /// Draws one word within the retry limit and runs the continuous tests.
    #[inline(always)]
    fn next_word(&mut self) -> Result<u64, Failure> {
        let word = draw(&mut self.source, self.instruction)?;
        self.state.check(word)?;
        self.window.check(word)?;
        Ok(word)
    }

    #[cold]
    fn fail(&mut self, failure: Failure) -> Error {
        if failure.latches() {
            self.latched = Some(failure);
        }
        self.error(failure)
    }

    fn error(&self, failure: Failure) -> Error {
        Error::HealthTest {
            backend: self.instruction.name(),
            test: failure.test_name(),
        }
    }
}

/// For driving fakes through rand's API; deliberately not `TryCryptoRng`,
/// since a fake source is not a cryptographic generator.
impl<S: WordSource> TryRng for HealthTested<S> {
    type Error = Error;

    fn try_next_u32(&mut self) -> Result<u32, Error> {
        self.next_u64().map(crate::low_u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Error> {
        self.next_u64()
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.fill(dest)
    }
}

impl<S: WordSource> core::fmt::Debug for HealthTested<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HealthTested").finish_non_exhaustive()
    }
}

/// The fill loop: tested words into `dest`, stopping at the first failure.
///
/// Software-pipelined: each word is tested while the next one is being
/// drawn, so the tests run in the shadow of the instruction's latency
/// instead of after it (RDRAND returns a word every ~18 ns; a test that
/// waits for it adds its own latency to every word). A word reaches `dest`
/// only after passing; the one drawn ahead when a request ends early is
/// dropped untested.
#[inline(always)]
fn fill_tested<S: WordSource>(
    source: &mut S,
    instruction: Instruction,
    state: &mut HealthState,
    window: &mut Cursor<'_>,
    dest: &mut [u8],
) -> Result<(), Failure> {
    let mut remaining = dest.len().div_ceil(8);
    if remaining == 0 {
        return Ok(());
    }
    let mut word = draw(source, instruction)?;
    let mut chunks = dest.chunks_exact_mut(8);
    for chunk in &mut chunks {
        remaining -= 1;
        let next = if remaining > 0 {
            draw(source, instruction)?
        } else {
            0
        };
        state.check(word)?;
        window.check(word)?;
        chunk.copy_from_slice(&word.to_le_bytes());
        word = next;
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        state.check(word)?;
        window.check(word)?;
        rest.copy_from_slice(&word.to_le_bytes()[..rest.len()]);
    }
    Ok(())
}

/// One word from `source` within `instruction`'s retry limit.
#[inline(always)]
fn draw<S: WordSource>(source: &mut S, instruction: Instruction) -> Result<u64, Failure> {
    let max_attempts = instruction.max_attempts();
    let pause = instruction.pauses_between_attempts();
    let mut attempts = 1;
    loop {
        if let Some(word) = source.try_word() {
            return Ok(word);
        }
        if attempts >= max_attempts {
            return Err(Failure::RetryLimit);
        }
        attempts += 1;
        if pause {
            spin_loop();
        }
    }
}

/// The benchmark baseline: [`HealthTested::fill`]'s loop and retry policy
/// without the tests, the error state or the zeroing. Never hand its output
/// to anyone.
#[inline(always)]
pub(crate) fn fill_untested<S: WordSource>(
    source: &mut S,
    instruction: Instruction,
    dest: &mut [u8],
) -> Result<(), Error> {
    let error = |failure: Failure| Error::HealthTest {
        backend: instruction.name(),
        test: failure.test_name(),
    };
    let mut chunks = dest.chunks_exact_mut(8);
    for chunk in &mut chunks {
        let word = draw(source, instruction).map_err(error)?;
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let word = draw(source, instruction).map_err(error)?;
        rest.copy_from_slice(&word.to_le_bytes()[..rest.len()]);
    }
    Ok(())
}
