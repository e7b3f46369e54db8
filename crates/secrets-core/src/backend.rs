//! The backend contract.
//!
//! A backend is an entropy source the facade can draw from: the OS, the CPU's
//! RDRAND/RDSEED, or a DRBG. Every backend is a rand_core [`TryRng`] +
//! [`TryCryptoRng`] with [`Error`] as its error type, so it works with the
//! whole rand ecosystem, and [`Backend`] adds what the facade needs on top.
//!
//! Every backend obeys these rules (the facade, the conformance suite and the
//! tests rely on them):
//!
//! 1. **Fill or fail.** `try_fill_bytes` either fills the whole buffer with
//!    output of full cryptographic quality and returns `Ok`, or returns `Err`.
//!    On `Err` the buffer holds no output of the failed request: it is left
//!    zeroed or untouched, never partly random. There is no silent fallback to
//!    a weaker source, ever.
//! 2. **Unavailable is an error at construction.** A backend that cannot run
//!    here (no such CPU instruction, wrong target) fails to construct with
//!    [`Error::Unavailable`]; it never constructs and then substitutes another
//!    source.
//! 3. **Any size.** Requests of any length, including 0 and many MiB, are
//!    served; a mechanism with a per-call limit splits internally.
//! 4. **No repeats across fork.** A child process never sees bytes its parent
//!    saw or will see (DRBGs reseed after fork; the OS needs nothing).
//! 5. **No lingering secrets.** State, seeds and buffered output are zeroized
//!    on drop; `Debug` prints `Name { .. }`; a backend is never `Copy`.
//! 6. **Stable names.** [`Backend::name`] is the backend's row name in the
//!    facade's registry (`secrets::BACKEND_NAMES`); scripts depend on them.
//!    The core does not know its plug-ins: the names live in the registry.
//!
//! `try_next_u32`/`try_next_u64` follow the same rules and must be consistent
//! with a little-endian read of `try_fill_bytes` output quality-wise (not
//! necessarily stream-wise).
//!
//! ```
//! use secrets_core::{Backend, BackendKind};
//!
//! /// A backend that asks the kernel (here a stand-in: a seeded ChaCha).
//! struct Kernel(rand_chacha::ChaCha20Rng);
//! // `TryRng` with our `Error`: words come from the fill.
//! secrets_core::try_rng_via_fill!(Kernel, |self, dest| {
//!     // Fill all of `dest` or return an error: never partial output.
//!     rand_core::Rng::fill_bytes(&mut self.0, dest);
//!     Ok(())
//! });
//! impl rand_core::TryCryptoRng for Kernel {}
//! impl Backend for Kernel {
//!     fn name(&self) -> &'static str { "kernel" }
//!     fn kind(&self) -> BackendKind { BackendKind::Os }
//! }
//! let mut kernel = Kernel(rand_core::SeedableRng::seed_from_u64(1));
//! kernel.self_test()?;
//! # Ok::<(), secrets_core::Error>(())
//! ```

use rand_core::{TryCryptoRng, TryRng, UnwrapErr};

use crate::Error;

/// What kind of source a backend is; shown by `secrets backends`.
///
/// ```
/// use secrets_core::BackendKind;
/// assert_eq!(BackendKind::Drbg.label(), "DRBG");
/// assert_ne!(BackendKind::Os, BackendKind::Hardware);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// The operating system's generator (getrandom, vDSO).
    Os,
    /// A CPU instruction (RDRAND, RDSEED), distrusted and health-tested.
    Hardware,
    /// A deterministic random bit generator seeded from another source.
    Drbg,
}

impl BackendKind {
    /// A short lowercase label (`"OS"`, `"hardware"`, `"DRBG"`).
    ///
    /// ```
    /// assert_eq!(secrets_core::BackendKind::Hardware.label(), "hardware");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            BackendKind::Os => "OS",
            BackendKind::Hardware => "hardware",
            BackendKind::Drbg => "DRBG",
        }
    }
}

/// An entropy backend: a fallible crypto RNG plus what the facade needs.
///
/// See the [module documentation](self) for the contract every implementor
/// follows.
///
/// ```
/// use secrets_core::{Backend, Error};
/// /// Works with any backend: the OS, RDRAND, a DRBG.
/// fn fresh_key(backend: &mut impl Backend) -> Result<[u8; 32], Error> {
///     let mut key = [0u8; 32];
///     backend.try_fill_bytes(&mut key)?;
///     Ok(key)
/// }
/// ```
pub trait Backend: TryCryptoRng + TryRng<Error = Error> {
    /// The backend's stable name (its row in the facade's registry).
    fn name(&self) -> &'static str;

    /// What kind of source this is.
    fn kind(&self) -> BackendKind;

    /// Runs the backend's self-test (known answers for a DRBG, the start-up
    /// health test for hardware) and returns an error if it fails.
    ///
    /// The default draws two 32-byte blocks and rejects equal blocks and
    /// all-zero or all-one output, which catches a stuck source.
    fn self_test(&mut self) -> Result<(), Error> {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        self.try_fill_bytes(&mut a)?;
        self.try_fill_bytes(&mut b)?;
        let stuck = a == b || a.iter().all(|&x| x == 0) || a.iter().all(|&x| x == 0xff);
        if stuck {
            Err(Error::HealthTest {
                backend: self.name(),
                test: "start-up self-test",
            })
        } else {
            Ok(())
        }
    }

    /// Reseeds a DRBG from its entropy source now. Sources that are not DRBGs
    /// have nothing to reseed and return `Ok(())`.
    fn reseed(&mut self) -> Result<(), Error> {
        Ok(())
    }

    /// This backend as an **infallible** rand RNG that panics if the source
    /// fails: rand_core's [`UnwrapErr`] adapter, so that `rand`'s
    /// `Rng`/`CryptoRng` APIs (`random_range`, `shuffle`, `choose`, …) accept
    /// it. The panic message carries this crate's [`Error`]; failure over
    /// weak bytes, as everywhere. Use the backend itself (its `try_` methods)
    /// where a failing source must be handled.
    ///
    /// `unwrap_err` takes the backend; [`unwrap_mut`](Self::unwrap_mut)
    /// lends it. (Both need a sized backend, so `Backend` stays usable as
    /// `dyn Backend`; for one of those, write `UnwrapErr(&mut *backend)`.)
    ///
    /// ```
    /// use rand_core::{CryptoRng, Rng, TryRng};
    /// use secrets_core::{Backend, BackendKind, Error};
    /// # struct Counter(u64);
    /// # impl TryRng for Counter {
    /// #     type Error = Error;
    /// #     fn try_next_u32(&mut self) -> Result<u32, Error> { Ok(self.try_next_u64()? as u32) }
    /// #     fn try_next_u64(&mut self) -> Result<u64, Error> { self.0 += 1; Ok(self.0) }
    /// #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
    /// #         rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    /// #     }
    /// # }
    /// # impl rand_core::TryCryptoRng for Counter {}
    /// # impl Backend for Counter {
    /// #     fn name(&self) -> &'static str { "counter" }
    /// #     fn kind(&self) -> BackendKind { BackendKind::Drbg }
    /// # }
    /// fn wants_an_infallible_rng(rng: &mut impl CryptoRng) -> u64 {
    ///     rng.next_u64()
    /// }
    /// let mut backend = Counter(0); // stands for any backend of the project
    /// assert_eq!(wants_an_infallible_rng(&mut backend.unwrap_mut()), 1);
    /// let mut owned = backend.unwrap_err();
    /// assert_eq!(owned.next_u64(), 2);
    /// ```
    fn unwrap_err(self) -> UnwrapErr<Self>
    where
        Self: Sized,
    {
        UnwrapErr(self)
    }

    /// As [`unwrap_err`](Self::unwrap_err), lending the backend instead of
    /// taking it: `slice.shuffle(&mut backend.unwrap_mut())`.
    ///
    /// ```
    /// # use rand_core::{Rng, TryRng};
    /// # use secrets_core::{Backend, BackendKind, Error};
    /// # struct Counter(u64);
    /// # impl TryRng for Counter {
    /// #     type Error = Error;
    /// #     fn try_next_u32(&mut self) -> Result<u32, Error> { Ok(self.try_next_u64()? as u32) }
    /// #     fn try_next_u64(&mut self) -> Result<u64, Error> { self.0 += 1; Ok(self.0) }
    /// #     fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
    /// #         rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    /// #     }
    /// # }
    /// # impl rand_core::TryCryptoRng for Counter {}
    /// # impl Backend for Counter {
    /// #     fn name(&self) -> &'static str { "counter" }
    /// #     fn kind(&self) -> BackendKind { BackendKind::Drbg }
    /// # }
    /// let mut backend = Counter(0);
    /// let mut rng = backend.unwrap_mut();
    /// assert_eq!(rng.next_u64(), 1);
    /// assert_eq!(backend.name(), "counter"); // still ours
    /// ```
    fn unwrap_mut(&mut self) -> UnwrapErr<&mut Self>
    where
        Self: Sized,
    {
        UnwrapErr(self)
    }
}

impl<B: Backend + ?Sized> Backend for &mut B {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn kind(&self) -> BackendKind {
        (**self).kind()
    }
    fn self_test(&mut self) -> Result<(), Error> {
        (**self).self_test()
    }
    fn reseed(&mut self) -> Result<(), Error> {
        (**self).reseed()
    }
}

/// A source that can seed a DRBG: any [`Backend`] qualifies, so RDSEED can
/// feed the no-df CTR_DRBG and the OS feeds everything by default.
///
/// This is a separate, object-safe alias so DRBG wrappers can hold a
/// `Box<dyn EntropySource>`.
///
/// ```
/// use secrets_core::{EntropySource, Error};
/// struct SeedFile(Vec<u8>);
/// impl EntropySource for SeedFile {
///     fn source_name(&self) -> &'static str { "seed file" }
///     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
///         if self.0.len() < dest.len() {
///             return Err(Error::unavailable("seed file", "the seed file is used up"));
///         }
///         let rest = self.0.split_off(dest.len());
///         dest.copy_from_slice(&self.0);
///         self.0 = rest;
///         Ok(())
///     }
/// }
/// let mut source: Box<dyn EntropySource> = Box::new(SeedFile(vec![7; 48]));
/// let mut seed = [0u8; 32];
/// source.fill_entropy(&mut seed)?;
/// assert!(source.fill_entropy(&mut seed).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub trait EntropySource: Send {
    /// The stable name of the source (for errors and `Debug`).
    fn source_name(&self) -> &'static str;
    /// Fills `dest` entirely with full-entropy bytes, or fails.
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error>;
}

impl<B: Backend + Send> EntropySource for B {
    fn source_name(&self) -> &'static str {
        self.name()
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.try_fill_bytes(dest)
    }
}

/// Implements rand_core's `TryRng` (with [`Error`](crate::Error)) for a type
/// whose output is one fill: `try_fill_bytes` is the body given, and
/// `try_next_u32` / `try_next_u64` take their words from it
/// (`rand_core::utils::next_word_via_fill`, little-endian), so that words
/// and bytes come from one stream and no path can bypass the fill.
///
/// ```
/// use rand_core::TryRng;
/// use secrets_core::Error;
///
/// /// Counts up from a byte (an example, not a generator to use).
/// struct Counter(u8);
/// secrets_core::try_rng_via_fill!(Counter, |self, dest| {
///     for byte in dest.iter_mut() {
///         *byte = self.0;
///         self.0 = self.0.wrapping_add(1);
///     }
///     Ok(())
/// });
///
/// let mut counter = Counter(1);
/// assert_eq!(counter.try_next_u32(), Ok(u32::from_le_bytes([1, 2, 3, 4])));
/// # Ok::<(), Error>(())
/// ```
#[macro_export]
macro_rules! try_rng_via_fill {
    ($type:ty, |$this:ident, $dest:ident| $fill:block) => {
        impl $crate::rand_core::TryRng for $type {
            type Error = $crate::Error;

            fn try_next_u32(&mut self) -> ::core::result::Result<u32, $crate::Error> {
                $crate::rand_core::utils::next_word_via_fill(self)
            }

            fn try_next_u64(&mut self) -> ::core::result::Result<u64, $crate::Error> {
                $crate::rand_core::utils::next_word_via_fill(self)
            }

            #[inline]
            fn try_fill_bytes(
                &mut $this,
                $dest: &mut [u8],
            ) -> ::core::result::Result<(), $crate::Error> $fill
        }
    };
}
