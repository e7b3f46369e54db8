//! The seeded, reseeding, buffered, fork-safe RNG wrappers (feature `std`).
//!
//! See the [crate documentation](crate#the-rng-wrappers) for the policy and
//! its reasons; this module is the code.

use std::boxed::Box;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, EntropySource, Error};
use zeroize::Zeroize;

use crate::cipher::{AesVariant, MAX_SEED_LEN};
use crate::drbg::{Config, CtrDrbg, MAX_BYTES_PER_REQUEST};
use crate::selftest::run_record;
use crate::wipe::Wiped;

/// Backend name of [`CtrDrbgAes256Rng`].
pub const CTR_DRBG_AES256_NAME: &str = "ctr-drbg-aes256";
/// Backend name of [`CtrDrbgAes128Rng`].
pub const CTR_DRBG_AES128_NAME: &str = "ctr-drbg-aes128";

/// Default number of Generate calls between automatic reseeds (2^16, the
/// value OpenSSL uses for its per-thread DRBGs).
pub const DEFAULT_RESEED_INTERVAL_REQUESTS: u64 = 1 << 16;
/// Default number of output bytes between automatic reseeds (16 MiB).
pub const DEFAULT_RESEED_INTERVAL_BYTES: u64 = 1 << 24;
/// Size of the output buffer small requests are served from (4 KiB).
pub const BUFFER_LEN: usize = 4096;
/// Requests of at least this many bytes bypass the buffer: their Generate
/// calls write straight into the caller's memory.
pub const DIRECT_THRESHOLD: usize = 1024;

/// Label at the front of the personalization string and of reseed additional
/// input (domain separation from any other user of the same source).
const LABEL: &[u8; 16] = b"secrets-ctr-drbg";

/// Numbers every instance of the process, so two instances seeded from a
/// deterministic source still get different personalization strings.
static INSTANCE: AtomicU64 = AtomicU64::new(0);

/// The wrapper's configuration: derivation function on or off, and when to
/// reseed automatically.
///
/// `RngOptions::default()` is the documented default: with df,
/// [`DEFAULT_RESEED_INTERVAL_REQUESTS`] and [`DEFAULT_RESEED_INTERVAL_BYTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RngOptions {
    derivation_function: bool,
    reseed_requests: u64,
    reseed_bytes: u64,
}

impl Default for RngOptions {
    fn default() -> Self {
        RngOptions {
            derivation_function: true,
            reseed_requests: DEFAULT_RESEED_INTERVAL_REQUESTS,
            reseed_bytes: DEFAULT_RESEED_INTERVAL_BYTES,
        }
    }
}

impl RngOptions {
    /// Turns the derivation function off: every seed is exactly `seedlen`
    /// bytes drawn from the source, which must deliver **full entropy**
    /// (RDSEED, the OS). No nonce is drawn.
    #[must_use]
    pub const fn without_df(mut self) -> Self {
        self.derivation_function = false;
        self
    }

    /// Reseed after this many Generate calls (1 to 2^48; checked when the
    /// generator is built).
    #[must_use]
    pub const fn reseed_interval_requests(mut self, requests: u64) -> Self {
        self.reseed_requests = requests;
        self
    }

    /// Reseed after this many output bytes (at least one Generate call's
    /// worth, 65,536; checked when the generator is built).
    #[must_use]
    pub const fn reseed_interval_bytes(mut self, bytes: u64) -> Self {
        self.reseed_bytes = bytes;
        self
    }

    /// Whether the derivation function is used.
    pub const fn uses_df(&self) -> bool {
        self.derivation_function
    }

    fn validate(&self) -> Result<(), Error> {
        if self.reseed_bytes < MAX_BYTES_PER_REQUEST as u64 {
            return Err(Error::invalid(
                "reseed_interval_bytes",
                "must be at least 65536 bytes (one Generate call)",
            ));
        }
        Ok(())
    }
}

/// The OS entropy source used by `new()`.
fn os_source() -> Result<Box<dyn EntropySource>, Error> {
    Ok(Box::new(secrets_os::OsRng::new()?))
}

/// The generic engine behind both public wrappers.
struct Engine<C: AesVariant> {
    drbg: CtrDrbg<C>,
    source: Box<dyn EntropySource>,
    /// Output of one Generate call; `buffer[..pos]` is already handed out and
    /// has been wiped.
    buffer: Box<[u8; BUFFER_LEN]>,
    pos: usize,
    bytes_since_reseed: u64,
    reseed_bytes: u64,
    fork_generation: u64,
    reseeds: u64,
    backend: &'static str,
}

impl<C: AesVariant> Drop for Engine<C> {
    fn drop(&mut self) {
        self.buffer[..].zeroize();
        #[cfg(feature = "test-hooks")]
        drop_observer::record(&self.buffer[..]);
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

/// Non-secret, per-process and per-instance values mixed into every seed:
/// pid || fork generation || instance or reseed number || label (36 bytes).
/// Without the df only the first [`DIVERSIFIER_NO_DF`] bytes are used, which
/// still hold all the varying fields.
fn diversifier(fork_generation: u64, number: u64) -> [u8; 36] {
    let mut out = [0u8; 36];
    out[..4].copy_from_slice(&std::process::id().to_be_bytes());
    out[4..12].copy_from_slice(&fork_generation.to_be_bytes());
    out[12..20].copy_from_slice(&number.to_be_bytes());
    out[20..].copy_from_slice(LABEL);
    out
}

/// The no-df limit of every variant (seedlen >= 32 bytes).
const DIVERSIFIER_NO_DF: usize = 32;

impl<C: AesVariant> Engine<C> {
    fn new(
        mut source: Box<dyn EntropySource>,
        options: RngOptions,
        backend: &'static str,
    ) -> Result<Self, Error> {
        options.validate()?;
        let config = if options.derivation_function {
            Config::with_df()
        } else {
            Config::without_df()
        }
        .reseed_interval(options.reseed_requests);
        // Read before drawing entropy: a fork after this point is seen by the
        // child's first request.
        let fork_generation = secrets_fork::generation();
        let instance = INSTANCE.fetch_add(1, Ordering::Relaxed);
        let personalization = diversifier(fork_generation, instance);
        let mut seed = Wiped::<{ MAX_SEED_LEN + MAX_SEED_LEN / 2 }>::zeroed();
        let drbg = if options.derivation_function {
            // Entropy input of the security strength and a nonce of half of
            // it, drawn in one call: 32 + 16 bytes for AES-256 (OpenSSL's
            // default DRBG), 16 + 8 for AES-128.
            let entropy_len = C::SECURITY_STRENGTH;
            let nonce_len = C::SECURITY_STRENGTH / 2;
            let seed = &mut seed[..entropy_len + nonce_len];
            source.fill_entropy(seed)?;
            let (entropy, nonce) = seed.split_at(entropy_len);
            CtrDrbg::<C>::instantiate(config, entropy, nonce, &personalization)?
        } else {
            let seed = &mut seed[..C::SEED_LEN];
            source.fill_entropy(seed)?;
            CtrDrbg::<C>::instantiate(config, seed, &[], &personalization[..DIVERSIFIER_NO_DF])?
        };
        Ok(Engine {
            drbg,
            source,
            buffer: Box::new([0u8; BUFFER_LEN]),
            pos: BUFFER_LEN,
            bytes_since_reseed: 0,
            reseed_bytes: options.reseed_bytes,
            fork_generation,
            reseeds: 0,
            backend,
        })
    }

    /// Serves `dest` entirely or fails with `dest` zeroed (contract rule 1).
    #[inline]
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        // Checked on every request, before any buffered byte is handed out.
        if secrets_fork::generation() != self.fork_generation {
            return self.fill_after_fork(dest);
        }
        if let Some(src) = self.unread_mut().get_mut(..dest.len()) {
            dest.copy_from_slice(src);
            // Plain writes suffice: the buffer lives on, so they cannot be
            // optimized away; drop uses `zeroize`.
            src.fill(0);
            self.pos += dest.len();
            return Ok(());
        }
        self.fill_slow(dest)
    }

    /// `buffer[pos..]`, the unread output. A `pos` past the end (which the
    /// code never sets) reads as an empty buffer, so the request refills
    /// rather than panicking or handing out bytes it cannot place.
    #[inline(always)]
    fn unread_mut(&mut self) -> &mut [u8] {
        self.buffer.get_mut(self.pos..).unwrap_or_default()
    }

    #[cold]
    #[inline(never)]
    fn fill_after_fork(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        // The buffer and the state are the parent's: neither may be used.
        self.discard_buffer();
        if let Err(e) = self.reseed_now() {
            dest.fill(0);
            return Err(e);
        }
        // Only after a successful reseed: if it failed, the next request
        // tries again instead of serving the parent's state.
        self.fork_generation = secrets_fork::generation();
        self.fill(dest)
    }

    #[inline(never)]
    fn fill_slow(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let result = if dest.len() >= DIRECT_THRESHOLD {
            self.generate_into(dest)
        } else {
            self.fill_across_refill(dest)
        };
        if result.is_err() {
            dest.fill(0);
        }
        result
    }

    /// Uses up the buffer, refills it with one Generate call, takes the rest
    /// (`dest` is shorter than a buffer, so one refill suffices).
    fn fill_across_refill(&mut self, mut dest: &mut [u8]) -> Result<(), Error> {
        loop {
            let unread = self.unread_mut();
            let n = dest.len().min(unread.len());
            let (head, rest) = dest.split_at_mut(n);
            let (src, _) = unread.split_at_mut(n);
            head.copy_from_slice(src);
            src.fill(0);
            self.pos += n;
            dest = rest;
            if dest.is_empty() {
                return Ok(());
            }
            self.refill()?;
        }
    }

    fn refill(&mut self) -> Result<(), Error> {
        self.before_generate(BUFFER_LEN)?;
        self.drbg.generate(&mut self.buffer[..], &[])?;
        self.bytes_since_reseed += BUFFER_LEN as u64;
        self.pos = 0;
        Ok(())
    }

    /// Large requests: Generate calls of at most 2^19 bits straight into `dest`.
    fn generate_into(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        for chunk in dest.chunks_mut(MAX_BYTES_PER_REQUEST) {
            self.before_generate(chunk.len())?;
            self.drbg.generate(chunk, &[])?;
            self.bytes_since_reseed += chunk.len() as u64;
        }
        Ok(())
    }

    /// Reseeds first when the next Generate of `len` bytes would pass either
    /// interval.
    #[inline]
    fn before_generate(&mut self, len: usize) -> Result<(), Error> {
        if self.drbg.needs_reseed() || self.bytes_since_reseed + len as u64 > self.reseed_bytes {
            self.reseed_now()?;
        }
        Ok(())
    }

    fn discard_buffer(&mut self) {
        self.buffer[..].zeroize();
        self.pos = BUFFER_LEN;
    }

    /// Reseed from the source: fresh entropy input (security strength with
    /// the df, seedlen without) plus a non-secret diversifier. Discards
    /// buffered output, so nothing generated before a reseed is handed out
    /// after it.
    #[cold]
    fn reseed_now(&mut self) -> Result<(), Error> {
        let mut entropy = Wiped::<MAX_SEED_LEN>::zeroed();
        let entropy = &mut entropy[..self.drbg.entropy_input_len()];
        self.source.fill_entropy(entropy)?;
        self.reseeds += 1;
        let additional = diversifier(secrets_fork::generation(), self.reseeds);
        let additional = if self.drbg.uses_df() {
            &additional[..]
        } else {
            &additional[..DIVERSIFIER_NO_DF]
        };
        self.drbg.reseed(entropy, additional)?;
        self.discard_buffer();
        self.bytes_since_reseed = 0;
        Ok(())
    }

    fn self_test(&self) -> Result<(), Error> {
        run_record::<C>(self.backend, true)?;
        run_record::<C>(self.backend, false)
    }
}

/// Runs the known-answer test of `C` once per process (both df modes).
fn startup_self_test<C: AesVariant>(
    cache: &OnceLock<Result<(), Error>>,
    backend: &'static str,
) -> Result<(), Error> {
    *cache.get_or_init(|| {
        run_record::<C>(backend, true)?;
        run_record::<C>(backend, false)
    })
}

macro_rules! rng_type {
    ($(#[$doc:meta])* $name:ident, $cipher:ty, $backend:expr, $label:literal) => {
        $(#[$doc])*
        pub struct $name(Engine<$cipher>);

        impl $name {
            /// The backend name.
            pub const NAME: &'static str = $backend;

            #[doc = concat!("A ", $label, " CTR_DRBG with the derivation function, seeded from the OS.")]
            ///
            /// # Errors
            /// The OS source's error if it cannot deliver the seed;
            /// [`Error::HealthTest`] if the known-answer self-test fails.
            pub fn new() -> Result<Self, Error> {
                Self::with_options(os_source()?, RngOptions::default())
            }

            /// Seeded (and reseeded) from `source` instead of the OS, with the
            /// derivation function.
            ///
            /// # Errors
            /// As [`new`](Self::new), with the source's errors.
            pub fn from_source(source: impl EntropySource + 'static) -> Result<Self, Error> {
                Self::with_options(Box::new(source), RngOptions::default())
            }

            /// Without the derivation function: each seed is exactly
            /// `seedlen` bytes from `source`, which must deliver full entropy
            /// (RDSEED, or the OS).
            ///
            /// # Errors
            /// As [`from_source`](Self::from_source).
            pub fn from_source_without_df(source: impl EntropySource + 'static) -> Result<Self, Error> {
                Self::with_options(Box::new(source), RngOptions::default().without_df())
            }

            /// Full control: any boxed source and [`RngOptions`].
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] for out-of-range options, the
            /// source's errors, or [`Error::HealthTest`].
            pub fn with_options(
                source: Box<dyn EntropySource>,
                options: RngOptions,
            ) -> Result<Self, Error> {
                static KAT: OnceLock<Result<(), Error>> = OnceLock::new();
                startup_self_test::<$cipher>(&KAT, $backend)?;
                Engine::new(source, options, $backend).map($name)
            }

            /// Whether this generator uses the derivation function.
            pub fn uses_df(&self) -> bool {
                self.0.drbg.uses_df()
            }

            /// The name of the entropy source feeding this generator.
            pub fn source_name(&self) -> &'static str {
                self.0.source.source_name()
            }

            /// Test hook: the output buffer (handed-out bytes are zero,
            /// unread ones at the end), for tests that check it is wiped.
            #[doc(hidden)]
            pub fn buffer_memory(&self) -> &[u8] {
                &self.0.buffer[..]
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($name), " { .. }"))
            }
        }

        impl TryRng for $name {
            type Error = Error;

            #[inline]
            fn try_next_u32(&mut self) -> Result<u32, Error> {
                rand_core::utils::next_word_via_fill(self)
            }

            #[inline]
            fn try_next_u64(&mut self) -> Result<u64, Error> {
                rand_core::utils::next_word_via_fill(self)
            }

            #[inline]
            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
                self.0.fill(dest)
            }
        }

        impl TryCryptoRng for $name {}

        impl Backend for $name {
            fn name(&self) -> &'static str {
                $backend
            }

            fn kind(&self) -> BackendKind {
                BackendKind::Drbg
            }

            /// Runs the NIST known-answer tests of this AES variant (with and
            /// without df) through the same mechanism code.
            fn self_test(&mut self) -> Result<(), Error> {
                self.0.self_test()
            }

            /// Reseeds from the entropy source now and discards buffered output.
            fn reseed(&mut self) -> Result<(), Error> {
                self.0.reseed_now()
            }
        }
    };
}

rng_type!(
    /// CTR_DRBG AES-256 as a rand_core RNG and a secrets backend
    /// (`"ctr-drbg-aes256"`): seeded from the OS (or any
    /// [`EntropySource`]), reseeding automatically, buffered for small
    /// requests, fork-safe. The default configuration: with df, 256-bit entropy
    /// input and a 128-bit nonce, like OpenSSL's default DRBG.
    ///
    /// See the [crate documentation](crate#the-rng-wrappers).
    CtrDrbgAes256Rng,
    aes::Aes256Enc,
    CTR_DRBG_AES256_NAME,
    "AES-256"
);

rng_type!(
    /// CTR_DRBG AES-128 as a rand_core RNG and a secrets backend
    /// (`"ctr-drbg-aes128"`); as [`CtrDrbgAes256Rng`] with a 128-bit
    /// security strength (128-bit entropy input, 64-bit nonce).
    ///
    /// See the [crate documentation](crate#the-rng-wrappers).
    CtrDrbgAes128Rng,
    aes::Aes128Enc,
    CTR_DRBG_AES128_NAME,
    "AES-128"
);
