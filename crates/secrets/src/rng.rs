//! [`rng()`]: the default backend as rand's `Rng` + `CryptoRng`, like
//! `rand::rng()`; and the rand traits for the [`Secrets`] handle.

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;

use rand_core::{TryCryptoRng, TryRng, UnwrapErr};

use crate::handle::source_failed;
use crate::source::Source;
use crate::thread::{fill_default, next_u32_default, next_u64_default};
use crate::{Error, Secrets};

/// This thread's instance of the default backend (the one behind the free
/// functions), as an **infallible** rand RNG: rand's `Rng` and `CryptoRng`,
/// so the whole rand 0.10 API works on it, as on `rand::rng()`.
///
/// Every call draws from the same per-thread instance the free functions
/// use (created on first use; a DRBG default is seeded separately in each
/// thread and reseeds after `fork`). The handle itself holds nothing: it is
/// neither `Send` nor `Clone`, as rand's `ThreadRng` is not `Send`; call
/// `secrets::rng()` again where you need one.
///
/// # Panics
///
/// Every method **panics if the entropy source fails**, as rand's
/// `ThreadRng` does (and as [`token_hex`](crate::token_hex) and the other
/// token functions do): the OS refusing bytes or a health-test alarm cannot
/// be repaired by the caller, and a value from bad bytes would be worse than
/// a crash. Where a failure must be handled, use a [`Secrets`] handle and
/// its `try_` methods, or a backend through `TryRng`.
///
/// # Bias in rand's range sampling
///
/// rand 0.10 samples ranges (`random_range`) with Canon's method, which is
/// biased by up to 2^-64 unless rand's `unbiased` feature is on. Our own
/// [`randbelow`](crate::randbelow), [`Secrets::randint`] and friends are
/// always exactly uniform.
///
/// ```
/// use rand::RngExt;
/// use rand::seq::{IndexedRandom, SliceRandom};
///
/// let mut rng = secrets::rng();
/// let die: u8 = rng.random_range(1..=6);
/// assert!((1..=6).contains(&die));
/// let mut deck: Vec<u8> = (0..52).collect();
/// deck.shuffle(&mut rng);
/// let card = deck.choose(&mut rng).expect("a full deck");
/// assert!(*card < 52);
/// let key: [u8; 32] = rng.random();
/// # let _ = key;
/// ```
pub struct ThreadRng {
    /// Neither `Send` nor `Sync`: the handle names this thread's instance.
    _this_thread: PhantomData<*const ()>,
}

/// This thread's default-backend instance as rand's `Rng` + `CryptoRng`;
/// see [`ThreadRng`] (it panics if the source fails, as `rand::rng()`'s
/// generator does).
///
/// ```
/// use rand::RngExt;
///
/// let coin: bool = secrets::rng().random();
/// let percent: u32 = secrets::rng().random_range(0..100);
/// assert!(percent < 100);
/// # let _ = coin;
/// ```
pub fn rng() -> ThreadRng {
    ThreadRng {
        _this_thread: PhantomData,
    }
}

impl fmt::Debug for ThreadRng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ThreadRng { .. }")
    }
}

/// Unwraps a draw; a failed source panics (see [`ThreadRng`]).
#[inline(always)]
#[track_caller]
fn or_panic<T>(result: Result<T, Error>) -> Result<T, Infallible> {
    match result {
        Ok(value) => Ok(value),
        Err(error) => source_failed(error),
    }
}

impl TryRng for ThreadRng {
    type Error = Infallible;

    #[inline]
    #[track_caller]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        or_panic(next_u32_default())
    }

    #[inline]
    #[track_caller]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        or_panic(next_u64_default())
    }

    #[inline]
    #[track_caller]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        or_panic(fill_default(dst))
    }
}

/// The default backend is one of ours: a crypto RNG.
impl TryCryptoRng for ThreadRng {}

/// A handle is a rand_core crypto RNG too, with our [`Error`] (whatever its
/// generator's error type): pass `&mut handle` wherever rand takes a
/// `TryRng`, or [`Secrets::unwrap_mut`] where it takes an `Rng`.
impl<R: TryCryptoRng<Error: 'static>> TryRng for Secrets<R> {
    type Error = Error;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        Source(self.generator_mut()).try_next_u32()
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        Source(self.generator_mut()).try_next_u64()
    }

    #[inline]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        Secrets::try_fill_bytes(self, dst)
    }
}

/// Its generator is a crypto RNG, so the handle is one.
impl<R: TryCryptoRng<Error: 'static>> TryCryptoRng for Secrets<R> {}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// The handle as an **infallible** rand RNG, lent: rand_core's
    /// [`UnwrapErr`] adapter, which panics if the generator fails (failure
    /// over weak bytes). For rand's `Rng`/`CryptoRng` APIs.
    ///
    /// ```
    /// use rand::RngExt;
    /// use rand::seq::SliceRandom;
    ///
    /// let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let mut names = ["ada", "grace", "edsger"];
    /// names.shuffle(&mut handle.unwrap_mut());
    /// let roll: u8 = handle.unwrap_mut().random_range(1..=6);
    /// assert!((1..=6).contains(&roll));
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn unwrap_mut(&mut self) -> UnwrapErr<&mut Self> {
        UnwrapErr(self)
    }

    /// As [`unwrap_mut`](Self::unwrap_mut), taking the handle.
    ///
    /// ```
    /// use rand::RngExt;
    ///
    /// // Any rand_core crypto RNG works, whatever its error type.
    /// let mut rng = secrets::Secrets::new(rand::rngs::SysRng).unwrap_err();
    /// let x: u64 = rng.random();
    /// # let _ = x;
    /// ```
    pub fn unwrap_err(self) -> UnwrapErr<Self> {
        UnwrapErr(self)
    }
}
