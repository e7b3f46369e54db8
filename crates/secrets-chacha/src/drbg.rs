//! The seeded, reseeding, fork-safe DRBG (feature `std`).

use core::fmt;
use std::boxed::Box;

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, EntropySource, Error};
use zeroize::Zeroize;

use crate::core::{ChaChaCore, KEY_BYTES};
use crate::{ChaChaRounds, kat};

/// Output bytes between two reseeds from the entropy source, by default
/// (1 MiB). See the crate docs ("Reseeding") for why.
pub const DEFAULT_RESEED_INTERVAL: u64 = 1 << 20;

/// A ChaCha DRBG with fast key erasure, seeded from an entropy source (the
/// OS by default), reseeded every [`reseed_interval`](Self::reseed_interval)
/// output bytes and after every `fork`.
///
/// Use the aliases [`ChaCha8Drbg`], [`ChaCha12Drbg`] and [`ChaCha20Drbg`].
/// Every request checks the fork generation ([`secrets_fork::generation`])
/// first, so a child process never hands out a byte its parent buffered.
///
/// Not `Clone` (two copies would produce the same bytes) and never `Copy`;
/// `Debug` prints only the type name. The state lives on the heap and is
/// zeroized on drop.
pub struct ChaChaDrbg<R: ChaChaRounds> {
    /// Boxed so the key and buffer never move once seeded.
    core: Box<ChaChaCore<R>>,
    /// Output bytes left before the next reseed.
    budget: u64,
    /// The fork generation the state was last seeded in.
    fork_generation: u64,
    reseed_interval: u64,
    source: Box<dyn EntropySource>,
}

/// ChaCha8 DRBG (backend name `"chacha8"`).
pub type ChaCha8Drbg = ChaChaDrbg<chacha20::R8>;
/// ChaCha12 DRBG (backend name `"chacha12"`).
pub type ChaCha12Drbg = ChaChaDrbg<chacha20::R12>;
/// ChaCha20 DRBG (backend name `"chacha20"`).
pub type ChaCha20Drbg = ChaChaDrbg<chacha20::R20>;

impl<R: ChaChaRounds> ChaChaDrbg<R> {
    /// A DRBG seeded from the operating system ([`secrets_os::OsRng`]).
    ///
    /// Fails if the OS source is unavailable or fails.
    pub fn new() -> Result<Self, Error> {
        Self::from_source(secrets_os::OsRng::new()?)
    }

    /// A DRBG seeded (and later reseeded) from `source`: any backend of the
    /// project, e.g. RDSEED. The source must itself be fork-safe (every
    /// backend of the project is): after a fork the child reseeds from its
    /// copy of the source.
    pub fn from_source(source: impl EntropySource + 'static) -> Result<Self, Error> {
        Self::from_boxed_source(Box::new(source))
    }

    /// [`from_source`](Self::from_source) for a source already boxed.
    pub fn from_boxed_source(source: Box<dyn EntropySource>) -> Result<Self, Error> {
        let mut drbg = Self {
            // The all-zero key is replaced by `key ^= seed` below, before any
            // output; boxing first means the seeded state never moves.
            core: Box::new(ChaChaCore::zero_key()),
            budget: 0,
            fork_generation: 0,
            reseed_interval: DEFAULT_RESEED_INTERVAL,
            source,
        };
        drbg.reseed_from_source(secrets_fork::generation())?;
        Ok(drbg)
    }

    /// Output bytes between reseeds (default [`DEFAULT_RESEED_INTERVAL`]).
    pub const fn reseed_interval(&self) -> u64 {
        self.reseed_interval
    }

    /// Sets the number of output bytes between reseeds. A single request
    /// larger than the interval is split and reseeded in between. Use
    /// `u64::MAX` to reseed only after `fork` and on [`Backend::reseed`].
    ///
    /// Fails with [`Error::InvalidArgument`] for 0.
    pub fn set_reseed_interval(&mut self, bytes: u64) -> Result<(), Error> {
        if bytes == 0 {
            return Err(Error::invalid(
                "reseed_interval",
                "the reseed interval must be at least 1 byte",
            ));
        }
        self.reseed_interval = bytes;
        self.budget = self.budget.min(bytes);
        Ok(())
    }

    /// The name of the entropy source this DRBG reseeds from.
    pub fn source_name(&self) -> &'static str {
        self.source.source_name()
    }

    /// Fills `dest`, or fails and leaves it zeroed (the entropy source failed
    /// while a reseed was due).
    #[inline]
    pub fn fill(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        // Per request, before any byte is handed out: the fork check (one
        // relaxed atomic load) and the reseed budget.
        let len = u64::try_from(dest.len()).unwrap_or(u64::MAX);
        if len <= self.budget && secrets_fork::generation() == self.fork_generation {
            self.budget -= len;
            self.core.fill_bytes(dest);
            Ok(())
        } else {
            self.fill_with_reseeds(dest)
        }
    }

    #[cold]
    #[inline(never)]
    fn fill_with_reseeds(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let result = self.fill_in_segments(dest);
        if result.is_err() {
            // Contract rule 1: no part of a failed request is handed out.
            dest.fill(0);
        }
        result
    }

    fn fill_in_segments(&mut self, mut dest: &mut [u8]) -> Result<(), Error> {
        loop {
            self.reseed_if_due()?;
            let budget = usize::try_from(self.budget).unwrap_or(usize::MAX);
            let (head, rest) = dest.split_at_mut(dest.len().min(budget));
            self.budget -= u64::try_from(head.len()).unwrap_or(u64::MAX);
            self.core.fill_bytes(head);
            dest = rest;
            if dest.is_empty() {
                return Ok(());
            }
        }
    }

    fn reseed_if_due(&mut self) -> Result<(), Error> {
        let generation = secrets_fork::generation();
        if generation != self.fork_generation {
            // We are in a child: the buffer is the parent's output. Drop it
            // now, so nothing of it is handed out even if the reseed fails
            // (the generation stays stale and the next request retries).
            self.core.discard_buffer();
            self.reseed_from_source(generation)
        } else if self.budget == 0 {
            self.reseed_from_source(generation)
        } else {
            Ok(())
        }
    }

    /// `key ^= 32 fresh bytes from the source`, buffer discarded, budget
    /// restored. `generation` was read before the source is asked, so a
    /// fork during the call is seen by the child's next request.
    fn reseed_from_source(&mut self, generation: u64) -> Result<(), Error> {
        let mut seed = [0u8; KEY_BYTES];
        let drawn = self.source.fill_entropy(&mut seed);
        if drawn.is_ok() {
            self.core.reseed(&seed);
            self.fork_generation = generation;
            self.budget = self.reseed_interval;
        }
        seed.zeroize();
        drawn
    }

    /// Test hook: the deterministic core (see
    /// [`ChaChaCore::consumed_region_is_zero`]).
    #[doc(hidden)]
    pub fn core(&self) -> &ChaChaCore<R> {
        &self.core
    }
}

/// The key and buffer live in the boxed core, which zeroizes them on drop.
impl<R: ChaChaRounds> zeroize::ZeroizeOnDrop for ChaChaDrbg<R> {}

impl<R: ChaChaRounds> fmt::Debug for ChaChaDrbg<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(R::DRBG_NAME).finish_non_exhaustive()
    }
}

impl<R: ChaChaRounds> TryRng for ChaChaDrbg<R> {
    type Error = Error;

    /// The next 4 output bytes, little-endian.
    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    /// The next 8 output bytes, little-endian.
    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    #[inline]
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.fill(dest)
    }
}

impl<R: ChaChaRounds> TryCryptoRng for ChaChaDrbg<R> {}

impl<R: ChaChaRounds> Backend for ChaChaDrbg<R> {
    fn name(&self) -> &'static str {
        R::NAME
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Drbg
    }

    /// Checks the published keystream vectors for this round count and the
    /// construction's own regression vectors; leaves the DRBG untouched.
    fn self_test(&mut self) -> Result<(), Error> {
        kat::self_test::<R>()
    }

    /// Draws 32 fresh bytes from the source now: `key ^= seed`, buffered
    /// output discarded, reseed budget restored.
    fn reseed(&mut self) -> Result<(), Error> {
        let generation = secrets_fork::generation();
        self.reseed_from_source(generation)
    }
}
