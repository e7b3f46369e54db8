//! RDRAND and RDSEED backends that never hand out bad bytes.
//!
//! The CPU's random-number instructions are fast and independent of the
//! operating system, and they have failed in the field: AMD parts returned
//! all ones with the success flag set (after suspend/resume on families 15h
//! and 16h, and with some Zen 2 firmware), and RDSEED has been seen returning
//! zeros while reporting success. This crate uses the instructions and
//! distrusts them.
//!
//! - [`RdRand`] (`"rdrand"`): the output of the CPU's DRBG.
//! - [`RdSeed`] (`"rdseed"`): conditioned output of the CPU's entropy source;
//!   the full-entropy input a DRBG seeds from (see
//!   [the conditioning argument](#the-conditioning-argument)).
//!
//! Both are rand_core [`TryRng`] + [`TryCryptoRng`] with
//! [`secrets_core::Error`], and [`secrets_core::Backend`] (hence
//! [`secrets_core::EntropySource`]) of kind [`BackendKind::Hardware`].
//!
//! # What a request goes through
//!
//! 1. **Availability**, at construction: CPUID via `cpufeatures`, read once
//!    and cached in an atomic. No instruction, or not an x86 target, is
//!    [`Error::Unavailable`] with the reason. There is never a fallback to
//!    another source.
//! 2. **Start-up self-test**, at construction (and again on
//!    [`Backend::self_test`]): 1024 words through every test below, then
//!    discarded. A stuck value, all ones or all zeros fails it, so a CPU with
//!    the AMD bug never yields a backend.
//! 3. **Bounded retries** per word: RDRAND at most [`RDRAND_RETRIES`] = 10
//!    retries in a tight loop (Intel's DRNG guide), RDSEED at most
//!    [`RDSEED_RETRIES`] = 512 retries with a `pause` between tries. Running
//!    out is [`Error::HealthTest`] with the test
//!    `"carry-flag check (no data within the retry limit)"`.
//! 4. **SP 800-90B continuous health tests on every word**: the repetition
//!    count test and the adaptive proportion test, plus an all-zeros/all-ones
//!    word test and a repeated-word test (no two equal words among any 4096
//!    consecutive ones). Parameters, cutoffs, window and their derivation:
//!    [`health`].
//! 5. **Fill or fail**: on any failure the whole request buffer is zeroed and
//!    [`Error::HealthTest`] names the test. A health-test failure (not a
//!    retry-limit one, which is the hardware honestly saying "not now")
//!    puts the instance into an error state: every later request fails the
//!    same way until [`Backend::self_test`] reruns the start-up test and it
//!    passes (SP 800-90B section 4.3's recovery rule).
//!
//! # Whose state: per instance, not per process
//!
//! The test state (the last word, the current 512-word window, the error
//! state) belongs to each [`RdRand`]/[`RdSeed`] value and persists across its
//! calls, so a run or a window that spans two requests is tested as one
//! stream. The hardware behind it is shared by every thread; each instance
//! tests the subsequence of words it received. That is sound: the tests'
//! false-positive bounds hold for any subsequence of independent words, and
//! a stuck or repeating generator makes every instance's subsequence fail:
//! a generator cycling through L ≤ 4095 words hands each instance a repeat
//! within its next L + 1 words (two of them fall on the same point of the
//! cycle), and the instance fails on that word before handing it out. A
//! process-wide state would need an atomic or a lock on every word and
//! would test an order that depends on scheduling.
//! The facade keeps one instance per thread.
//!
//! # The conditioning argument
//!
//! What we rely on, and what we do not:
//!
//! - Intel's DRNG (the Digital Random Number Generator Software
//!   Implementation Guide) has an entropy source whose raw bits pass online
//!   health tests and are then compressed (at least 2:1) by an AES-CBC-MAC
//!   conditioner. The conditioned samples feed two outputs:
//!   - **RDSEED** reads the conditioned samples themselves (the "enhanced
//!     non-deterministic random number generator"), which Intel states
//!     comply with SP 800-90B and SP 800-90C: *full entropy*. AMD documents
//!     an analogous design (its own noise source, AES-based conditioner,
//!     RDSEED from the conditioner).
//!   - **RDRAND** reads an SP 800-90A CTR_DRBG (AES-128) that is reseeded
//!     from the conditioner, at least once every 511 128-bit outputs. Its
//!     words are computationally random, not full entropy: entropy for a
//!     seed can only be extracted from RDRAND by the guide's 512:1 data
//!     reduction (condition 512 128-bit RDRAND samples, which span a reseed,
//!     into one), or by waiting for reseeds between calls.
//! - **We rely on the vendor's full-entropy claim for RDSEED**: 384 bits of
//!   RDSEED output are used as the 384-bit entropy input that a no-df
//!   CTR_DRBG (AES-256) requires (SP 800-90A section 10.2.1: without a
//!   derivation function the entropy input must be full entropy of exactly
//!   seedlen bits). The health tests are run at exactly that claim
//!   (H = 64 bits per 64-bit word), so a source worse than claimed trips them
//!   sooner.
//! - **We do not derive seeds from RDRAND**: we implement neither the 512:1
//!   reduction nor the delay method. [`RdRand`] implements
//!   [`EntropySource`](secrets_core::EntropySource) because every backend
//!   does; a DRBG seeded from it is as strong as Intel's DRBG (128-bit AES),
//!   not seeded with full entropy. Use [`RdSeed`] (or the OS) to seed.
//!   Likewise, XOR-ing RDRAND into another source's output (as the Linux
//!   kernel does) can only preserve that source's strength; it adds no
//!   entropy guarantee of its own.
//! - **The tests cannot verify the claim.** They see conditioned or DRBG
//!   output, never the raw noise, so they catch catastrophic failures
//!   (stuck, constant, zeros, repeats), not a weakened or backdoored design:
//!   a DRBG with a known key passes them all. That is why these backends are
//!   opt-in and the facade's default is the operating system. Under a
//!   hypervisor, the instructions may also be trapped and emulated.
//!
//! # Why `core::arch` and not the `rdrand` crate
//!
//! The design named the `rdrand` crate; this crate calls the intrinsics
//! directly (`_rdrand64_step`, `_rdseed64_step`, inside `#[target_feature]`
//! functions), because the health tests need what that crate hides:
//!
//! - **Each try.** `rdrand::RdRand::try_next_u64` returns after its own retry
//!   loop, so a fault-injection seam could only sit above it: a failing carry
//!   flag could not be injected, and our retry policy could not be tested.
//!   Here the seam ([`WordSource`]) is one try of the instruction.
//! - **The retry bounds.** Its bounds are fixed inside it (11 tries for
//!   RDRAND, 128 for RDSEED); ours are documented constants, tested at the
//!   boundary.
//! - **Its detection.** It blocks AMD families before 17h outright instead of
//!   testing the output (we catch that bug's all-ones output on the first
//!   word, including after a suspend/resume that a start-up-only check would
//!   miss). In 0.9.0 its non-AMD RDSEED check is
//!   `cfg!(target_feature = "rdrand") || has_rdseed()`, which would report
//!   RDSEED on an RDRAND-only CPU in a build with `+rdrand`.
//! - **Its types are `Copy`**, which the project's RNG rules forbid.
//!
//! Speed is not the reason either way: on the reference machine the crate's
//! fill loop and our bare loop run at the same rate. The health tests are
//! run on each word while the next one is being drawn; they cost about
//! 6 ns of CPU per word (1 ns before the repeated-word test), against
//! RDRAND's 18 to 30 ns (figures and backend/bare-loop ratios in the
//! project's `docs/backends.md`).
//!
//! # Platforms
//!
//! The crate compiles on every target and is `no_std`. On x86 and x86_64 it
//! uses the instructions (on 32-bit x86 a sample is two 32-bit steps, both of
//! which must succeed); anywhere else [`RdRand::new`] and [`RdSeed::new`]
//! return [`Error::Unavailable`]. All `unsafe` is in one module, each block
//! with its `// SAFETY:` argument; the rest of the crate denies `unsafe_code`.
//!
//! # Fault injection
//!
//! [`HealthTested`] runs any [`WordSource`] through the exact code the
//! backends use; [`faults`] has sources that play a broken CPU. The crate's
//! tests (and the project's conformance suite) use them to show that every
//! failure is caught and every failed request comes back zeroed.
//!
//! ```
//! use rand_core::TryRng;
//! match secrets_rdrand::RdSeed::new() {
//!     Ok(mut rdseed) => {
//!         let mut seed = [0u8; 48];
//!         rdseed.try_fill_bytes(&mut seed)?; // health-tested, full entropy
//!     }
//!     Err(why) => println!("no RDSEED here: {why}"),
//! }
//! # Ok::<(), secrets_core::Error>(())
//! ```
#![no_std]
#![deny(unsafe_code)]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

extern crate alloc;

use core::fmt;

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, Error};

pub mod faults;
pub mod health;
mod tested;

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
mod x86;
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
use x86 as imp;

#[cfg(any(test, not(any(target_arch = "x86", target_arch = "x86_64"))))]
mod unsupported;
#[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
use unsupported as imp;

pub use tested::{HealthTested, Instruction, RDRAND_RETRIES, RDSEED_RETRIES, WordSource};

/// The stable name of the RDRAND backend.
///
/// ```
/// assert_eq!(secrets_rdrand::RDRAND_NAME, secrets_rdrand::RdRand::NAME);
/// ```
pub const RDRAND_NAME: &str = "rdrand";

/// The stable name of the RDSEED backend.
///
/// ```
/// assert_eq!(secrets_rdrand::RDSEED_NAME, "rdseed");
/// ```
pub const RDSEED_NAME: &str = "rdseed";

/// Detects the instruction, then wraps it with the health tests (running the
/// start-up test). Shared by both backends and by the tests of the
/// unsupported-target path.
fn construct<S: WordSource>(
    detect: fn() -> Result<S, Error>,
    instruction: Instruction,
) -> Result<HealthTested<S>, Error> {
    HealthTested::new(detect()?, instruction)
}

/// The low half of a word, the first four bytes of its little-endian form.
fn low_u32(word: u64) -> u32 {
    let [a, b, c, d, ..] = word.to_le_bytes();
    u32::from_le_bytes([a, b, c, d])
}

/// A backend type over one instruction with its constructor, rand_core,
/// backend and `Debug` impls: the same for both instructions but for the
/// names and the fill loop.
macro_rules! hardware_backend {
    (
        $(#[$doc:meta])*
        $backend:ident($source:ty), $upper:literal,
        detect: $make:path, $available:path,
        fill: $fill:path,
        $(#[$new_example:meta])*
    ) => {
        $(#[$doc])*
        pub struct $backend {
            inner: HealthTested<$source>,
        }

        impl $backend {
            /// The backend's stable name.
            pub const NAME: &'static str = Instruction::$backend.name();

            #[doc = concat!("Checks that the CPU has ", $upper, " and runs the start-up self-test.")]
            ///
            /// # Errors
            ///
            /// [`Error::Unavailable`] without the instruction (or on a non-x86
            /// target); [`Error::HealthTest`] if the start-up test fails.
            ///
            $(#[$new_example])*
            pub fn new() -> Result<Self, Error> {
                construct($make, Instruction::$backend).map(|inner| $backend { inner })
            }

            #[doc = concat!("Whether this CPU has ", $upper, " (CPUID, cached).")]
            ///
            /// ```
            #[doc = concat!("if !secrets_rdrand::", stringify!($backend), "::is_available() {")]
            #[doc = concat!("    assert!(secrets_rdrand::", stringify!($backend), "::new().is_err());")]
            /// }
            /// ```
            pub fn is_available() -> bool {
                $available()
            }
        }

        impl TryRng for $backend {
            type Error = Error;

            fn try_next_u32(&mut self) -> Result<u32, Error> {
                self.inner.next_u64().map(low_u32)
            }

            fn try_next_u64(&mut self) -> Result<u64, Error> {
                self.inner.next_u64()
            }

            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
                $fill(&mut self.inner, dest)
            }
        }

        impl TryCryptoRng for $backend {}

        impl Backend for $backend {
            fn name(&self) -> &'static str {
                Self::NAME
            }

            fn kind(&self) -> BackendKind {
                BackendKind::Hardware
            }

            /// Reruns the start-up test (1024 words through every test);
            /// passing clears an error state.
            fn self_test(&mut self) -> Result<(), Error> {
                self.inner.startup_test()
            }
        }

        impl fmt::Debug for $backend {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($backend)).finish_non_exhaustive()
            }
        }
    };
}

hardware_backend! {
    /// The CPU's RDRAND instruction (its on-chip DRBG), health-tested on every
    /// word. Backend name `"rdrand"`.
    ///
    /// Not for seeding other generators with full entropy: use [`RdSeed`] (see
    /// [the conditioning argument](crate#the-conditioning-argument)).
    ///
    /// ```
    /// use rand_core::TryRng;
    /// if let Ok(mut rdrand) = secrets_rdrand::RdRand::new() {
    ///     let word = rdrand.try_next_u64()?;
    ///     # let _ = word;
    /// }
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    RdRand(imp::RdRandSource), "RDRAND",
    detect: imp::rdrand_source, imp::rdrand_available,
    fill: imp::fill_rdrand,
    /// ```
    /// match secrets_rdrand::RdRand::new() {
    ///     Ok(_) => println!("RDRAND passed its start-up test"),
    ///     Err(why) => println!("{why}"), // e.g. unavailable on this CPU
    /// }
    /// ```
}

hardware_backend! {
    /// The CPU's RDSEED instruction (conditioned output of its entropy source),
    /// health-tested on every word. Backend name `"rdseed"`.
    ///
    /// The full-entropy source for seeding a DRBG, e.g. the no-df CTR_DRBG (see
    /// [the conditioning argument](crate#the-conditioning-argument)). Slower than
    /// RDRAND and it may run dry under load, which the bounded retries absorb.
    ///
    /// ```
    /// use rand_core::TryRng;
    /// if let Ok(mut rdseed) = secrets_rdrand::RdSeed::new() {
    ///     let mut seed = [0u8; 32];
    ///     rdseed.try_fill_bytes(&mut seed)?;
    /// }
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    RdSeed(imp::RdSeedSource), "RDSEED",
    detect: imp::rdseed_source, imp::rdseed_available,
    fill: imp::fill_rdseed,
    /// ```
    /// if let Err(why) = secrets_rdrand::RdSeed::new() {
    ///     println!("{why}");
    /// }
    /// ```
}

/// Benchmark baselines: the bare instruction loop with the backends' retry
/// policy and **no health tests**. For measuring what the tests cost, never
/// for output anyone uses.
#[doc(hidden)]
pub mod baseline {
    use super::{Error, Instruction, RdRand, RdSeed, WordSource, imp};

    /// Words from any source into `dest` with `instruction`'s retry policy,
    /// untested: with a fake source, the difference to
    /// [`HealthTested::fill`](crate::HealthTested::fill) is the CPU cost of
    /// the tests alone, free of the instruction's latency and contention.
    pub fn fill_untested<S: WordSource>(
        source: &mut S,
        instruction: Instruction,
        dest: &mut [u8],
    ) -> Result<(), Error> {
        crate::tested::fill_untested(source, instruction, dest)
    }

    /// RDRAND words into `dest`, untested. Takes an [`RdRand`] as proof that
    /// the instruction exists.
    pub fn rdrand_fill_untested(rng: &mut RdRand, dest: &mut [u8]) -> Result<(), Error> {
        imp::untested_fill_rdrand(rng.inner.source_mut(), dest)
    }

    /// RDSEED words into `dest`, untested. Takes an [`RdSeed`] as proof that
    /// the instruction exists.
    pub fn rdseed_fill_untested(rng: &mut RdSeed, dest: &mut [u8]) -> Result<(), Error> {
        imp::untested_fill_rdseed(rng.inner.source_mut(), dest)
    }
}
