//! [`Drbg`]: one seeded, reseeding, fork-safe, buffered generator over any
//! [`Mechanism`].

use alloc::boxed::Box;
use alloc::vec;
use core::fmt;
use core::sync::atomic::{AtomicUsize, Ordering};

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, EntropySource, Error};
use zeroize::Zeroize;

use crate::hand_out::{hand_out, hand_out_front, wipe};
use crate::options::{Options, Policy};
use crate::{Buffering, Mechanism};

/// Numbers every instance of the process, so two instances seeded from a
/// deterministic source still get different personalization strings.
/// (`usize`: 32-bit embedded targets have no 64-bit atomics.)
static INSTANCE: AtomicUsize = AtomicUsize::new(0);

/// The longest entropy input plus nonce the engine draws in one call.
const MAX_SEED_BYTES: usize = 128;

/// Bytes of the non-secret diversifier mixed into every instantiation and
/// reseed: process id (4), fork generation (8), instance or reseed number
/// (8), the backend name (16, zero-padded).
const DIVERSIFIER_BYTES: usize = 36;

/// The current fork generation ([`secrets_os::fork::generation`]); a
/// constant without `std`, where there are no processes to fork.
#[inline(always)]
fn fork_generation() -> u64 {
    #[cfg(feature = "std")]
    {
        secrets_os::fork::generation()
    }
    #[cfg(not(feature = "std"))]
    {
        1
    }
}

fn process_id() -> u32 {
    #[cfg(feature = "std")]
    {
        std::process::id()
    }
    #[cfg(not(feature = "std"))]
    {
        0
    }
}

/// A mechanism seeded from an entropy source, reseeding by policy, safe
/// across `fork`, with small requests served from a wiped buffer.
///
/// What the engine adds to the [`Mechanism`], once for every DRBG:
///
/// - **Seeding** from any [`EntropySource`] (the OS by default): entropy
///   input and nonce of the mechanism's lengths in one draw, and a
///   non-secret personalization string (process id, fork generation,
///   instance number, backend name) so two instances never share a seed even
///   from a deterministic source.
/// - **Reseeding** before the Generate call that would pass either interval
///   of [`Options`] (Generate calls, output bytes). A request is split into
///   Generate calls of at most the mechanism's maximum and never spans a
///   reseed; each reseed's additional input carries the same diversifier.
/// - **Prediction resistance** when [`Options::prediction_resistance`] is
///   on: every Generate call reseeds first, and nothing is buffered.
/// - **Fork safety**: every request, before any byte is handed out, compares
///   the fork generation recorded at the last seeding with the current one
///   ([`secrets_os::fork`], a `MADV_WIPEONFORK` page on Linux). In a child it
///   wipes buffered output and reseeds, or fails the request if it cannot.
/// - **Buffering** ([`Buffering::Engine`]): requests shorter than
///   `direct_from` bytes are served from a buffer filled by one Generate
///   call, front to back, each byte wiped as it is handed out; longer
///   requests are generated straight into the caller's memory.
/// - **Failure**: a request that cannot be served in full returns the error
///   with the destination zeroed, discards buffered output and latches the
///   generator into "reseed first" until a reseed succeeds.
/// - **Hygiene**: the mechanism and the buffer live on the heap and never
///   move; both are wiped on drop; `Debug` prints `Name { .. }`; not `Clone`.
/// - **Traits**: rand_core's `TryRng` + `TryCryptoRng` and
///   [`secrets_core::Backend`].
///
/// ```
/// use secrets_ctr_drbg::CtrDrbgAes256;
/// use secrets_drbg::{Drbg, EntropySource, Error};
/// # struct Trng;
/// # impl EntropySource for Trng {
/// #     fn source_name(&self) -> &'static str { "board trng" }
/// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
/// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
/// #     }
/// # }
/// let mut rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?; // Trng: your EntropySource
/// let mut key = [0u8; 32];
/// rng.fill(&mut key)?;
/// assert_eq!(format!("{rng:?}"), "CtrDrbgAes256Rng { .. }");
/// # Ok::<(), secrets_drbg::Error>(())
/// ```
pub struct Drbg<M: Mechanism> {
    /// Boxed before instantiation so the state never moves.
    mechanism: Box<M>,
    /// Engine-buffered mechanisms only; unread output is `buffer[pos..]`,
    /// handed-out bytes before `pos` are zero.
    buffer: Box<[u8]>,
    pos: usize,
    source: Box<dyn EntropySource>,
    config: M::Config,
    policy: Policy,
    /// Generate calls and bytes left before the next reseed. Zero requests
    /// also means "reseed first" after a failure (the latch).
    requests_left: u64,
    bytes_left: u64,
    /// The fork generation of the last successful seeding.
    seeded_in: u64,
    instance: u64,
    reseeds: u64,
}

impl<M: Mechanism> Drbg<M> {
    /// The stable backend name ([`Mechanism::BACKEND_NAME`]).
    pub const NAME: &'static str = M::BACKEND_NAME;

    /// A generator seeded (and later reseeded) from the operating system,
    /// with the default [`Options`].
    ///
    /// # Errors
    /// The OS source's error, or [`Error::HealthTest`] if the mechanism's
    /// known-answer self-test fails.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// let mut rng = secrets_drbg::Drbg::<CtrDrbgAes256>::new()?; // seeded from the OS
    /// rng.fill(&mut [0u8; 16])?;
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn new() -> Result<Self, Error> {
        Self::from_source(secrets_os::OsRng::new()?)
    }

    /// A generator seeded (and later reseeded) from `source`: any backend of
    /// the project (RDSEED, another DRBG) or your own [`EntropySource`]. The
    /// source must be fork-safe itself; every backend of the project is.
    ///
    /// # Errors
    /// As [`with_options`](Self::with_options).
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// assert_eq!(rng.source_name(), "board trng");
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn from_source(source: impl EntropySource + 'static) -> Result<Self, Error> {
        Self::with_options(Box::new(source), Options::default())
    }

    /// [`from_source`](Self::from_source) for a source already boxed.
    ///
    /// # Errors
    /// As [`with_options`](Self::with_options).
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let source: Box<dyn EntropySource> = Box::new(Trng);
    /// let rng = Drbg::<CtrDrbgAes256>::from_boxed_source(source)?;
    /// # let _ = rng;
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn from_boxed_source(source: Box<dyn EntropySource>) -> Result<Self, Error> {
        Self::with_options(source, Options::default())
    }

    /// Full control: any source and [`Options`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for options out of range, the source's
    /// error, or [`Error::HealthTest`] if the known-answer self-test fails
    /// (it runs once per mechanism and process, before the first instance).
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// use secrets_ctr_drbg::Config;
    /// use secrets_drbg::Options;
    /// let options = Options::with_config(Config::without_df()) // full-entropy seeds, no df
    ///     .reseed_interval_bytes(1 << 20)
    ///     .prediction_resistance(false);
    /// let rng = Drbg::<CtrDrbgAes256>::with_options(Box::new(Trng), options)?;
    /// assert!(!rng.config().uses_df());
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn with_options(
        source: Box<dyn EntropySource>,
        options: Options<M::Config>,
    ) -> Result<Self, Error> {
        let policy = Policy::of::<M>(&options)?;
        crate::self_test::once::<M>()?;
        let config = *options.config();
        let buffer_len = match M::BUFFERING {
            Buffering::Engine { len, .. } => len.min(M::MAX_BYTES_PER_REQUEST),
            Buffering::Mechanism => 0,
        };
        let mut drbg = Drbg {
            mechanism: Box::new(M::empty(config)),
            buffer: vec![0u8; buffer_len].into_boxed_slice(),
            pos: buffer_len,
            source,
            config,
            policy,
            requests_left: 0,
            bytes_left: 0,
            seeded_in: 0,
            instance: u64::try_from(INSTANCE.fetch_add(1, Ordering::Relaxed)).unwrap_or(u64::MAX),
            reseeds: 0,
        };
        drbg.instantiate()?;
        Ok(drbg)
    }

    /// The name of the entropy source this generator reseeds from.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// assert_eq!(Drbg::<CtrDrbgAes256>::from_source(Trng)?.source_name(), "board trng");
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn source_name(&self) -> &'static str {
        self.source.source_name()
    }

    /// The mechanism configuration this generator was built with.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// assert!(rng.config().uses_df()); // the default configuration
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn config(&self) -> &M::Config {
        &self.config
    }

    /// Output bytes between reseeds.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// assert_eq!(rng.reseed_interval(), secrets_ctr_drbg::DEFAULT_RESEED_INTERVAL_BYTES);
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub const fn reseed_interval(&self) -> u64 {
        self.policy.reseed_bytes
    }

    /// Generate calls between reseeds.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// assert_eq!(rng.reseed_interval_requests(), secrets_ctr_drbg::DEFAULT_RESEED_INTERVAL_REQUESTS);
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub const fn reseed_interval_requests(&self) -> u64 {
        self.policy.reseed_requests
    }

    /// Whether every Generate call reseeds first.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let options = secrets_drbg::Options::default().prediction_resistance(true);
    /// let rng = Drbg::<CtrDrbgAes256>::with_options(Box::new(Trng), options)?;
    /// assert!(rng.uses_prediction_resistance());
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub const fn uses_prediction_resistance(&self) -> bool {
        self.policy.prediction_resistance
    }

    /// Sets the number of output bytes between reseeds (see
    /// [`Options::reseed_interval_bytes`]). The budget left until the next
    /// reseed shrinks to the new interval if it was larger.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] below the mechanism's minimum (0 always).
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let mut rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// rng.set_reseed_interval(1 << 20)?; // reseed every MiB
    /// assert_eq!(rng.reseed_interval(), 1 << 20);
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    pub fn set_reseed_interval(&mut self, bytes: u64) -> Result<(), Error> {
        Policy::check_bytes::<M>(bytes)?;
        self.policy.reseed_bytes = bytes;
        self.bytes_left = self.bytes_left.min(bytes);
        Ok(())
    }

    /// Fills `dest` entirely, or fails and leaves it zeroed.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgAes256;
    /// use secrets_drbg::{Drbg, EntropySource, Error};
    /// # struct Trng;
    /// # impl EntropySource for Trng {
    /// #     fn source_name(&self) -> &'static str { "board trng" }
    /// #     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
    /// #         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    /// #     }
    /// # }
    /// let mut rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
    /// let mut stream = vec![0u8; 1 << 20];
    /// rng.fill(&mut stream)?; // any size: split into Generate calls
    /// # Ok::<(), secrets_drbg::Error>(())
    /// ```
    #[inline]
    pub fn fill(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        // Before any byte is handed out: one comparison with the fork
        // generation (two loads on Linux).
        if self.seeded_in == fork_generation() {
            match M::BUFFERING {
                Buffering::Engine { direct_from, .. } => {
                    if dest.len() < direct_from
                        && let Some(src) = self.buffer.get_mut(self.pos..)
                        && let Some(src) = src.get_mut(..dest.len())
                    {
                        hand_out(dest, src);
                        self.pos += dest.len();
                        return Ok(());
                    }
                }
                Buffering::Mechanism => {
                    let len = u64::try_from(dest.len()).unwrap_or(u64::MAX);
                    if len <= self.bytes_left
                        && self.requests_left != 0
                        && !self.policy.prediction_resistance
                        && dest.len() <= M::MAX_BYTES_PER_REQUEST
                        && self.mechanism.generate(dest, &[]).is_ok()
                    {
                        self.bytes_left -= len;
                        self.requests_left -= 1;
                        return Ok(());
                    }
                }
            }
        }
        self.fill_slow(dest)
    }

    #[cold]
    #[inline(never)]
    fn fill_slow(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        if dest.is_empty() {
            return Ok(());
        }
        let result = self.serve(dest);
        if result.is_err() {
            // Nothing of a failed request is handed out, nothing buffered
            // before the failure survives it, and the next request reseeds
            // first.
            wipe(dest);
            self.discard_buffered();
            self.requests_left = 0;
        }
        result
    }

    fn serve(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let generation = fork_generation();
        if generation != self.seeded_in {
            // A child: the buffer and the state are the parent's. Wipe what
            // is buffered before anything else, so none of it is handed out
            // even if the reseed fails.
            self.discard_buffered();
            self.reseed_now()?;
        }
        match M::BUFFERING {
            Buffering::Engine { direct_from, .. }
                if dest.len() < direct_from && !self.policy.prediction_resistance =>
            {
                self.serve_from_buffer(dest)
            }
            _ => self.generate_into(dest),
        }
    }

    /// Hands out the unread buffer, refills it with one Generate call and
    /// takes the rest (the request is shorter than a buffer).
    fn serve_from_buffer(&mut self, mut dest: &mut [u8]) -> Result<(), Error> {
        loop {
            let unread = self.buffer.get_mut(self.pos..).unwrap_or_default();
            self.pos += hand_out_front(&mut dest, unread);
            if dest.is_empty() {
                return Ok(());
            }
            self.refill()?;
        }
    }

    /// One Generate call over the end of the buffer: all of it, or what the
    /// byte budget allows.
    fn refill(&mut self) -> Result<(), Error> {
        self.reseed_if_due()?;
        let len = self
            .buffer
            .len()
            .min(usize::try_from(self.bytes_left).unwrap_or(usize::MAX));
        let start = self.buffer.len() - len;
        let Some(region) = self.buffer.get_mut(start..) else {
            return Err(Error::ReseedRequired);
        };
        self.mechanism.generate(region, &[])?;
        self.count(len);
        self.pos = start;
        Ok(())
    }

    /// Generate calls straight into `dest`, each at most the mechanism's
    /// maximum and within the byte budget, reseeding in between as due.
    fn generate_into(&mut self, mut dest: &mut [u8]) -> Result<(), Error> {
        while !dest.is_empty() {
            if self.policy.prediction_resistance {
                let n = dest.len().min(M::MAX_BYTES_PER_REQUEST);
                let (head, rest) = dest.split_at_mut(n);
                self.generate_with_fresh_entropy(head)?;
                dest = rest;
                continue;
            }
            self.reseed_if_due()?;
            let budget = usize::try_from(self.bytes_left).unwrap_or(usize::MAX);
            let n = dest.len().min(M::MAX_BYTES_PER_REQUEST).min(budget);
            let (head, rest) = dest.split_at_mut(n);
            self.mechanism.generate(head, &[])?;
            self.count(n);
            dest = rest;
        }
        Ok(())
    }

    fn count(&mut self, bytes: usize) {
        self.requests_left = self.requests_left.saturating_sub(1);
        self.bytes_left = self
            .bytes_left
            .saturating_sub(u64::try_from(bytes).unwrap_or(u64::MAX));
    }

    #[inline]
    fn reseed_if_due(&mut self) -> Result<(), Error> {
        if self.requests_left == 0 || self.bytes_left == 0 {
            self.reseed_now()?;
        }
        Ok(())
    }

    fn discard_buffered(&mut self) {
        self.buffer.zeroize();
        self.pos = self.buffer.len();
        self.mechanism.discard_buffered();
    }

    fn restore_budget(&mut self, generation: u64) {
        self.seeded_in = generation;
        self.requests_left = self.policy.reseed_requests;
        self.bytes_left = self.policy.reseed_bytes;
    }

    /// The diversifier of this instance for `number` (the instance number at
    /// instantiation, the reseed count later), cut to what the mechanism
    /// accepts.
    fn diversifier(&self, generation: u64, number: u64) -> ([u8; DIVERSIFIER_BYTES], usize) {
        let mut out = [0u8; DIVERSIFIER_BYTES];
        let name = M::BACKEND_NAME.as_bytes();
        let fields = process_id()
            .to_be_bytes()
            .into_iter()
            .chain(generation.to_be_bytes())
            .chain(number.to_be_bytes())
            .chain(name.iter().copied().chain(core::iter::repeat(0)).take(16));
        for (slot, byte) in out.iter_mut().zip(fields) {
            *slot = byte;
        }
        let len = DIVERSIFIER_BYTES.min(M::max_additional_len(&self.config));
        (out, len)
    }

    /// Draws `len` bytes of entropy into a wiped stack buffer and runs `use_`
    /// on them.
    fn with_entropy<T>(
        &mut self,
        len: usize,
        use_: impl FnOnce(&mut Self, &[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut seed = [0u8; MAX_SEED_BYTES];
        let result = match seed.get_mut(..len) {
            Some(seed) => match self.source.fill_entropy(seed) {
                Ok(()) => use_(self, seed),
                Err(error) => Err(error),
            },
            None => Err(Error::invalid(
                "mechanism",
                "asks for more than 128 bytes of entropy input and nonce",
            )),
        };
        seed.zeroize();
        result
    }

    fn instantiate(&mut self) -> Result<(), Error> {
        // Read before the source is asked: a fork during the draw is seen by
        // the child's first request.
        let generation = fork_generation();
        let entropy_len = M::entropy_len(&self.config);
        let nonce_len = M::nonce_len(&self.config);
        let (personalization, personalization_len) = self.diversifier(generation, self.instance);
        self.with_entropy(entropy_len + nonce_len, |drbg, seed| {
            let (entropy, nonce) = seed.split_at(entropy_len.min(seed.len()));
            drbg.mechanism.instantiate(
                entropy,
                nonce,
                personalization
                    .get(..personalization_len)
                    .unwrap_or_default(),
            )
        })?;
        self.restore_budget(generation);
        Ok(())
    }

    /// Reseeds from the source now: fresh entropy input plus the diversifier
    /// as additional input. Buffered output is discarded, so nothing
    /// generated before a reseed is handed out after it.
    #[cold]
    fn reseed_now(&mut self) -> Result<(), Error> {
        let generation = self.with_fresh_entropy(|mechanism, entropy, additional| {
            mechanism.reseed(entropy, additional)
        })?;
        self.discard_buffered();
        self.restore_budget(generation);
        Ok(())
    }

    /// One Generate call with prediction resistance: fresh entropy, then
    /// output (SP 800-90A 9.3.1 step 7).
    fn generate_with_fresh_entropy(&mut self, out: &mut [u8]) -> Result<(), Error> {
        let generation = self.with_fresh_entropy(|mechanism, entropy, additional| {
            mechanism.generate_with_prediction_resistance(out, entropy, additional)
        })?;
        self.restore_budget(generation);
        Ok(())
    }

    /// Runs `reseed` (a Reseed, or a Generate with prediction resistance)
    /// on fresh entropy input, with the diversifier of the next reseed as
    /// additional input, and counts the reseed. Returns the fork generation
    /// read before the source was asked.
    fn with_fresh_entropy(
        &mut self,
        reseed: impl FnOnce(&mut M, &[u8], &[u8]) -> Result<(), Error>,
    ) -> Result<u64, Error> {
        let generation = fork_generation();
        let number = self.reseeds.wrapping_add(1);
        let (additional, additional_len) = self.diversifier(generation, number);
        self.with_entropy(M::entropy_len(&self.config), |drbg, entropy| {
            reseed(
                &mut drbg.mechanism,
                entropy,
                additional.get(..additional_len).unwrap_or_default(),
            )
        })?;
        self.reseeds = number;
        Ok(generation)
    }

    /// Test hook: the mechanism (for tests that inspect its memory).
    #[doc(hidden)]
    pub fn core(&self) -> &M {
        &self.mechanism
    }

    /// Test hook: the engine's output buffer (handed-out bytes are zero,
    /// unread ones at the end), for tests that check it is wiped.
    #[doc(hidden)]
    pub fn buffer_memory(&self) -> &[u8] {
        &self.buffer
    }
}

impl<M: Mechanism> Drop for Drbg<M> {
    fn drop(&mut self) {
        // The mechanism zeroizes itself (rule 2 of the contract).
        self.buffer.zeroize();
        #[cfg(feature = "test-hooks")]
        drop_observer::record(&self.buffer);
    }
}

/// Test hook (feature `test-hooks`): inspects each engine's buffer at the end
/// of its `drop`, after the wipe and before the memory is freed.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub mod drop_observer {
    use core::sync::atomic::{AtomicUsize, Ordering};

    static WIPED: AtomicUsize = AtomicUsize::new(0);
    static NOT_WIPED: AtomicUsize = AtomicUsize::new(0);

    pub(crate) fn record(buffer: &[u8]) {
        // Buffer-less (mechanism-buffered) engines are not counted.
        if buffer.is_empty() {
            return;
        }
        let counter = if buffer.iter().all(|&b| b == 0) {
            &WIPED
        } else {
            &NOT_WIPED
        };
        counter.fetch_add(1, Ordering::SeqCst);
    }

    /// (buffers found wiped, buffers found not wiped) over all drops so far.
    pub fn counts() -> (usize, usize) {
        (
            WIPED.load(Ordering::SeqCst),
            NOT_WIPED.load(Ordering::SeqCst),
        )
    }
}

/// The buffer is wiped by `Drop`; the mechanism by its own.
impl<M: Mechanism> zeroize::ZeroizeOnDrop for Drbg<M> {}

impl<M: Mechanism> fmt::Debug for Drbg<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(M::RNG_NAME).finish_non_exhaustive()
    }
}

/// Fallible, with our [`Error`]: a failed reseed or a fork-time reseed that
/// cannot get entropy returns it. rand's infallible `Rng` API takes the
/// engine through rand_core's `UnwrapErr` (or
/// [`Backend::unwrap_mut`](secrets_core::Backend::unwrap_mut)), which
/// panics on such a failure instead of handing out weak bytes:
///
/// ```
/// use rand::RngExt;
/// use secrets_ctr_drbg::CtrDrbgAes256;
/// use secrets_drbg::{Backend, Drbg, EntropySource, Error};
///
/// struct Trng;
/// impl EntropySource for Trng {
///     fn source_name(&self) -> &'static str { "board trng" }
///     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
///         getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
///     }
/// }
///
/// let mut drbg = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
/// let pin: u32 = drbg.unwrap_mut().random_range(0..10_000);
/// assert!(pin < 10_000);
/// # Ok::<(), Error>(())
/// ```
impl<M: Mechanism> TryRng for Drbg<M> {
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

impl<M: Mechanism> TryCryptoRng for Drbg<M> {}

impl<M: Mechanism> Backend for Drbg<M> {
    fn name(&self) -> &'static str {
        M::BACKEND_NAME
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Drbg
    }

    /// The mechanism's known-answer test, through the code that produces
    /// output; leaves this instance untouched.
    fn self_test(&mut self) -> Result<(), Error> {
        M::self_test()
    }

    /// Draws fresh entropy now; buffered output is discarded and the reseed
    /// intervals restart.
    fn reseed(&mut self) -> Result<(), Error> {
        let result = self.reseed_now();
        if result.is_err() {
            self.discard_buffered();
            self.requests_left = 0;
        }
        result
    }
}
