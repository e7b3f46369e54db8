//! **Test-only helpers. Not random. Never enable the `test-support` feature
//! in a build you ship.**
//!
//! The generators and sources here hand out bytes their caller chose, so
//! tests, property tests and fuzz targets can drive the sampling functions,
//! the encoders and the DRBGs down every path, error paths included. They
//! carry rand_core's `TryCryptoRng` marker only because the functions under
//! test demand it; a token drawn from them is exactly as secret as the bytes
//! the test wrote.
//!
//! How misuse is kept out of shipped code:
//! - the module exists only with the `test-support` feature, which the
//!   workspace enables only under `[dev-dependencies]` (and the fuzz
//!   workspace); `crates/secrets/tests/package_metadata.rs` fails if any
//!   manifest enables it (or another `test-hooks` feature) for a normal
//!   dependency;
//! - the names say what they are ([`ReplayTape`], [`FixedSource`]), and
//!   `Debug` shows it;
//! - nothing here seeds itself: every byte comes from the caller.
//!
//! ```
//! use secrets_core::sample::randbelow;
//! use secrets_core::test_support::{ReplayTape, TAPE_EXHAUSTED};
//!
//! let mut tape = ReplayTape::new([0xff; 4]); // one 32-bit word
//! assert_eq!(randbelow(&mut tape, 10u32), Ok(9)); // the top of the range
//! assert_eq!(randbelow(&mut tape, 10u32), Err(TAPE_EXHAUSTED));
//! ```

use alloc::vec::Vec;

use rand_core::TryCryptoRng;

use crate::{EntropySource, Error};

/// The error of an exhausted [`ReplayTape`]: an OS-style I/O error (EIO),
/// as a failing entropy source returns.
///
/// ```
/// use secrets_core::test_support::TAPE_EXHAUSTED;
/// assert!(TAPE_EXHAUSTED.is_source_failure());
/// ```
pub const TAPE_EXHAUSTED: Error = Error::Os { errno: 5 };

/// Hands out its tape's bytes in order, then fails with [`TAPE_EXHAUSTED`]:
/// a request longer than what is left takes nothing and fails. Words are
/// little-endian bytes of the tape (`next_word_via_fill`).
///
/// Both a generator (`TryRng`, with the crypto marker the sampling functions
/// require: see the [module docs](self)) and an [`EntropySource`] for the
/// DRBGs.
///
/// ```
/// use rand_core::TryRng;
/// use secrets_core::test_support::ReplayTape;
///
/// let mut tape = ReplayTape::new(vec![1, 2, 3]);
/// let mut two = [0u8; 2];
/// tape.try_fill_bytes(&mut two).unwrap();
/// assert_eq!((two, tape.remaining()), ([1, 2], 1));
/// assert!(tape.try_fill_bytes(&mut two).is_err());
/// assert_eq!(tape.remaining(), 1, "a failed request takes nothing");
/// ```
pub struct ReplayTape {
    tape: Vec<u8>,
    next: usize,
}

impl ReplayTape {
    /// A tape of `bytes`.
    ///
    /// ```
    /// let tape = secrets_core::test_support::ReplayTape::new(*b"abc");
    /// assert_eq!(tape.remaining(), 3);
    /// ```
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        ReplayTape {
            tape: bytes.into(),
            next: 0,
        }
    }

    /// Bytes not yet handed out.
    ///
    /// ```
    /// use rand_core::TryRng;
    /// let mut tape = secrets_core::test_support::ReplayTape::new([7u8; 12]);
    /// tape.try_next_u64().unwrap();
    /// assert_eq!(tape.remaining(), 4);
    /// ```
    pub fn remaining(&self) -> usize {
        self.tape.len() - self.next
    }

    fn take(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let end = self.next + dest.len();
        let bytes = self.tape.get(self.next..end).ok_or(TAPE_EXHAUSTED)?;
        dest.copy_from_slice(bytes);
        self.next = end;
        Ok(())
    }
}

impl core::fmt::Debug for ReplayTape {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReplayTape (test only, not random)")
            .field("remaining", &self.remaining())
            .finish()
    }
}

crate::try_rng_via_fill!(ReplayTape, |self, dest| { self.take(dest) });

/// Only so the functions under test accept it; see the [module docs](self).
impl TryCryptoRng for ReplayTape {}

impl EntropySource for ReplayTape {
    fn source_name(&self) -> &'static str {
        "replay tape (test only)"
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.take(dest)
    }
}

/// An entropy source that repeats a fixed, recognisable pattern on every
/// call: a DRBG seeded from it is fully predictable, which is what tests of
/// wiping and determinism need.
///
/// ```
/// use secrets_core::EntropySource;
/// use secrets_core::test_support::FixedSource;
///
/// let mut source = FixedSource::new([0xab, 0xcd]);
/// let mut seed = [0u8; 5];
/// source.fill_entropy(&mut seed).unwrap();
/// assert_eq!(seed, [0xab, 0xcd, 0xab, 0xcd, 0xab]);
/// ```
#[derive(Debug)]
pub struct FixedSource {
    pattern: Vec<u8>,
}

impl FixedSource {
    /// A source repeating `pattern` (which must not be empty).
    ///
    /// ```
    /// use secrets_core::EntropySource;
    /// let mut zeros = secrets_core::test_support::FixedSource::new([0]);
    /// let mut seed = [1u8; 4];
    /// zeros.fill_entropy(&mut seed).unwrap();
    /// assert_eq!(seed, [0; 4]);
    /// ```
    ///
    /// # Panics
    /// On an empty pattern (a test bug).
    pub fn new(pattern: impl Into<Vec<u8>>) -> Self {
        let pattern = pattern.into();
        assert!(!pattern.is_empty(), "FixedSource needs a pattern");
        FixedSource { pattern }
    }
}

impl EntropySource for FixedSource {
    fn source_name(&self) -> &'static str {
        "fixed (test only)"
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        for (d, s) in dest.iter_mut().zip(self.pattern.iter().cycle()) {
            *d = *s;
        }
        Ok(())
    }
}
