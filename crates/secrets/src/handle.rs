//! [`Secrets`]: the whole API over one explicit generator.

use core::fmt;

use rand_core::TryCryptoRng;
use secrets_core::sample::{self, UniformInt};

use crate::buffered::Buffered;
use crate::encode;
use crate::source::Source;
use crate::{Encoding, Error};

/// Python's `secrets` API over one explicit generator.
///
/// `R` is any rand_core crypto RNG ([`TryCryptoRng`]), whatever its error
/// type (any `'static` one: rand_core requires every generator's error to be
/// a `core::error::Error`): every backend of this project
/// ([`backends::OsRng`](crate::backends::OsRng), the DRBGs, RDRAND…),
/// [`AnyBackend`](crate::AnyBackend) to pick one by name at run time, any
/// infallible rand [`CryptoRng`](rand_core::CryptoRng), and fallible ones
/// such as `rand::rngs::SysRng`. Their errors become our [`Error`]: ours
/// unchanged, an OS error code as [`Error::Os`], anything else as
/// [`Error::Foreign`] naming its type. `&mut R` works too, so a generator can
/// be lent.
///
/// The handle is itself a rand_core `TryRng` + `TryCryptoRng` (error
/// [`Error`]); [`unwrap_mut`](Self::unwrap_mut) and
/// [`unwrap_err`](Self::unwrap_err) make it an infallible rand `Rng` that
/// panics if the generator fails.
///
/// The token methods come in pairs: `token_hex` panics if the generator fails
/// or the token does not fit in memory (as the free functions do) and
/// `try_token_hex` returns the error; the `try_` methods reserve every
/// allocation fallibly, so even running out of memory is an error. Every
/// other method returns a `Result`: a bad argument is
/// [`Error::InvalidArgument`] and a failing source is passed through; nothing
/// is ever drawn from a weaker source instead.
///
/// Operations that make many small draws (`shuffle`, `sample`, `choices`,
/// passwords, passphrases) read ahead from the generator in one request of
/// at most 256 bytes (sized to what they expect to use) and wipe what they
/// do not use, so that the OS backend makes one system call instead of one
/// per draw. Single draws (`randbelow`, `choice`, …) read exactly what they
/// use.
///
/// ```
/// # #[cfg(feature = "os")] {
/// use secrets::Secrets;
///
/// let mut secrets = Secrets::from_name("os")?;
/// let token = secrets.try_token_hex(16)?;
/// assert_eq!(token.len(), 32);
/// let die = secrets.randint(1, 6)?;
/// assert!((1..=6).contains(&die));
/// # }
/// # Ok::<(), secrets::Error>(())
/// ```
///
/// Generators from the rand ecosystem work as they are:
///
/// ```
/// let mut sys = secrets::Secrets::new(rand::rngs::SysRng);
/// assert_eq!(sys.try_token_urlsafe(32)?.len(), 43);
/// let mut seeded = secrets::Secrets::new(<rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7));
/// assert!(seeded.randbelow(10u32)? < 10);
/// # Ok::<(), secrets::Error>(())
/// ```
pub struct Secrets<R> {
    rng: R,
}

impl<R> fmt::Debug for Secrets<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secrets { .. }")
    }
}

/// Panics with the source's error; kept out of line so the happy path of the
/// infallible token methods stays small.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn source_failed(error: Error) -> ! {
    panic!("secrets: cannot produce a secret: {error}")
}

impl<R> Secrets<R> {
    /// Wraps a generator.
    ///
    /// ```
    /// let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.try_token_bytes(4)?.len(), 4);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub const fn new(rng: R) -> Self {
        Secrets { rng }
    }

    /// The generator, to use it directly (e.g. with the rand ecosystem).
    ///
    /// ```
    /// use rand_core::TryRng;
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let word = handle.generator_mut().try_next_u64()?;
    /// # let _ = word;
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn generator_mut(&mut self) -> &mut R {
        &mut self.rng
    }

    /// Unwraps the generator.
    ///
    /// ```
    /// let handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let backend: secrets::AnyBackend = handle.into_inner();
    /// # let _ = backend;
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn into_inner(self) -> R {
        self.rng
    }

    /// True when `a` and `b` are equal, in time that depends only on their
    /// lengths; see [`compare_digest`](crate::compare_digest).
    ///
    /// ```
    /// use secrets::{AnyBackend, Secrets};
    /// assert!(Secrets::<AnyBackend>::compare_digest(b"tag", b"tag"));
    /// assert!(!Secrets::<AnyBackend>::compare_digest(b"tag", b"tab"));
    /// ```
    pub fn compare_digest(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
        crate::compare_digest(a, b)
    }
}

impl<R: secrets_core::Backend> Secrets<R> {
    /// The stable name of the backend behind this handle (`"os"`, …).
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.backend_name(), secrets::default_backend_name());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn backend_name(&self) -> &'static str {
        self.rng.name()
    }
}

impl Secrets<crate::AnyBackend> {
    /// A handle over the compiled backend named `name` (`"os"`, `"chacha20"`,
    /// …); see [`AnyBackend::from_name`](crate::AnyBackend::from_name).
    ///
    /// ```
    /// let mut handle = secrets::Secrets::from_name(secrets::default_backend_name())?;
    /// assert!(secrets::Secrets::from_name("no-such-backend").is_err());
    /// # let _ = handle.try_token_hex(1)?;
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<Self, Error> {
        crate::AnyBackend::from_name(name).map(Secrets::new)
    }
}

/// The text token methods, in pairs: `try_<name>` returns the error and
/// `<name>` (documented "As `try_<name>`" and given its own example) panics
/// only if the generator fails. The braces hold the panicking method's
/// example and attributes.
macro_rules! encoded_tokens {
    ($(
        $(#[$try_attr:meta])*
        $try_name:ident, $name:ident => $encoding:ident { $(#[$attr:meta])* }
    )*) => {$(
        $(#[$try_attr])*
        pub fn $try_name(&mut self, nbytes: usize) -> Result<String, Error> {
            encode::random_then(nbytes, self.fill_fn(), Encoding::$encoding)
        }

        #[doc = concat!(
            "As [`", stringify!($try_name), "`](Self::", stringify!($try_name),
            "); panics only if the generator fails."
        )]
        $(#[$attr])*
        #[track_caller]
        pub fn $name(&mut self, nbytes: usize) -> String {
            encode::random_then_or_panic(nbytes, self.fill_fn(), Encoding::$encoding)
        }
    )*};
}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// The generator as a fill function, for the token helpers.
    #[inline(always)]
    fn fill_fn(&mut self) -> impl FnOnce(&mut [u8]) -> Result<(), Error> + '_ {
        move |bytes| self.try_fill_bytes(bytes)
    }

    /// Fills `dest` entirely from the generator, or fails.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let mut key = [0u8; 32];
    /// handle.try_fill_bytes(&mut key)?;
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[inline]
    pub fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.rng
            .try_fill_bytes(dest)
            .map_err(crate::source::convert)
    }

    /// A read-ahead view of the generator for an operation that makes many
    /// small draws; `expected_bytes` sizes the read-ahead.
    #[inline]
    pub(crate) fn buffered(&mut self, expected_bytes: usize) -> Buffered<'_, R> {
        Buffered::new(&mut self.rng, expected_bytes)
    }

    // ----- tokens ---------------------------------------------------------

    /// `nbytes` random bytes, or the source's error.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let key = handle.try_token_bytes(32)?;
    /// assert_eq!(key.len(), 32);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_token_bytes(&mut self, nbytes: usize) -> Result<Vec<u8>, Error> {
        let mut bytes = encode::zeroed(nbytes)?;
        self.try_fill_bytes(&mut bytes)?;
        Ok(bytes)
    }

    /// `nbytes` random bytes. Panics if the generator fails or the bytes do
    /// not fit in memory (see "Failure policy" in the crate docs).
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let nonce = handle.token_bytes(12);
    /// assert_eq!(nonce.len(), 12);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[track_caller]
    pub fn token_bytes(&mut self, nbytes: usize) -> Vec<u8> {
        let mut bytes = encode::zeroed_or_panic(nbytes);
        if let Err(error) = self.try_fill_bytes(&mut bytes) {
            source_failed(error);
        }
        bytes
    }

    encoded_tokens! {
        /// `nbytes` random bytes as `2 * nbytes` lowercase hex digits.
        ///
        /// ```
        /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
        /// let token = handle.try_token_hex(16)?;
        /// assert_eq!(token.len(), 32);
        /// assert!(token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        /// # Ok::<(), secrets::Error>(())
        /// ```
        #[inline]
        try_token_hex, token_hex => HexLower {
            /// ```
            /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
            /// assert_eq!(handle.token_hex(8).len(), 16);
            /// # Ok::<(), secrets::Error>(())
            /// ```
            #[inline]
        }

        /// `nbytes` random bytes as uppercase hex digits.
        ///
        /// ```
        /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
        /// let token = handle.try_token_hex_upper(4)?;
        /// assert!(token.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        /// # Ok::<(), secrets::Error>(())
        /// ```
        try_token_hex_upper, token_hex_upper => HexUpper {
            /// ```
            /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
            /// assert_eq!(handle.token_hex_upper(4).len(), 8);
            /// # Ok::<(), secrets::Error>(())
            /// ```
        }

        /// `nbytes` random bytes as URL-safe base64 without `=` padding
        /// (`ceil(4 * nbytes / 3)` characters of `A–Z a–z 0–9 - _`), as CPython's
        /// `token_urlsafe`.
        ///
        /// ```
        /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
        /// assert_eq!(handle.try_token_urlsafe(32)?.len(), 43);
        /// # Ok::<(), secrets::Error>(())
        /// ```
        #[inline]
        try_token_urlsafe, token_urlsafe => Base64UrlNoPad {
            /// ```
            /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
            /// let token = handle.token_urlsafe(16);
            /// assert_eq!(token.len(), 22);
            /// assert!(!token.contains(['+', '/', '=']));
            /// # Ok::<(), secrets::Error>(())
            /// ```
            #[inline]
        }

        /// `nbytes` random bytes as standard base64 (RFC 4648 §4, `+/`, padded).
        ///
        /// ```
        /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
        /// let token = handle.try_token_base64(12)?; // like `openssl rand -base64 12`
        /// assert_eq!(token.len(), 16);
        /// assert_eq!(secrets::Encoding::Base64Standard.decode(&token).unwrap().len(), 12);
        /// # Ok::<(), secrets::Error>(())
        /// ```
        try_token_base64, token_base64 => Base64Standard {
            /// ```
            /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
            /// assert!(handle.token_base64(1).ends_with("=="));
            /// # Ok::<(), secrets::Error>(())
            /// ```
        }

        /// `nbytes` random bytes as RFC 4648 base32 (`A–Z 2–7`) without `=`
        /// padding: `ceil(8 * nbytes / 5)` characters, the form TOTP secrets use.
        ///
        /// ```
        /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
        /// let totp_secret = handle.try_token_base32(20)?;
        /// assert_eq!(totp_secret.len(), 32);
        /// # Ok::<(), secrets::Error>(())
        /// ```
        try_token_base32, token_base32 => Base32NoPad {
            /// ```
            /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
            /// assert_eq!(handle.token_base32(5).len(), 8);
            /// # Ok::<(), secrets::Error>(())
            /// ```
        }
    }

    /// A token of `length` characters, each drawn uniformly and independently
    /// from `alphabet` (its `char`s). An empty alphabet, a repeated character
    /// (which would bias the draw) or more than 256 symbols is an error.
    /// See also [`Alphabet`](crate::Alphabet) to validate an alphabet once.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let pin = handle.token_from_alphabet("0123456789", 6)?;
    /// assert_eq!(pin.len(), 6);
    /// assert!(handle.token_from_alphabet("aa", 6).is_err()); // a repeat would bias
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn token_from_alphabet(&mut self, alphabet: &str, length: usize) -> Result<String, Error> {
        let alphabet = secrets_encode::Alphabet::new(alphabet)?;
        secrets_encode::token_from_alphabet(&mut Source(&mut self.rng), &alphabet, length)
    }

    // ----- sampling (Python's SystemRandom) ---------------------------------

    /// A uniformly random integer in `0..exclusive_upper_bound`, for `u32`,
    /// `u64`, `u128` or `usize`, exactly unbiased (Lemire's method with
    /// rejection). A zero bound is an error: "Upper bound must be positive."
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let small: u32 = handle.randbelow(6)?;
    /// let huge: u128 = handle.randbelow(u128::MAX)?;
    /// assert!(small < 6);
    /// assert_eq!(handle.randbelow(0u64).unwrap_err().to_string(), "invalid exclusive_upper_bound: Upper bound must be positive.");
    /// # let _ = huge;
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[inline]
    pub fn randbelow<T: UniformInt>(&mut self, exclusive_upper_bound: T) -> Result<T, Error> {
        sample::randbelow(&mut Source(&mut self.rng), exclusive_upper_bound)
    }

    /// An integer with `k` random bits (`0 <= value < 2^k`); `k = 0` gives 0
    /// and `k > 128` is an error (see `randbits_big` for more bits).
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert!(handle.randbits(10)? < 1024);
    /// assert_eq!(handle.randbits(0)?, 0);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[inline]
    pub fn randbits(&mut self, k: u32) -> Result<u128, Error> {
        sample::randbits(&mut Source(&mut self.rng), k)
    }

    /// A uniformly chosen element of `seq`; an empty slice is an error:
    /// "Cannot choose from an empty sequence".
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let colour = handle.choice(&["red", "green"])?;
    /// assert!(["red", "green"].contains(colour));
    /// assert!(handle.choice::<u8>(&[]).is_err());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[inline]
    pub fn choice<'a, T>(&mut self, seq: &'a [T]) -> Result<&'a T, Error> {
        sample::choice(&mut Source(&mut self.rng), seq)
    }

    /// Shuffles `items` in place; every permutation is equally likely.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let mut deck: Vec<u8> = (1..=52).collect();
    /// handle.shuffle(&mut deck)?;
    /// assert_eq!(deck.len(), 52);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn shuffle<T>(&mut self, items: &mut [T]) -> Result<(), Error> {
        let mut draws = self.buffered(items.len().saturating_mul(4));
        sample::shuffle(&mut draws, items)
    }

    /// `k` distinct elements of `population` (by position), in selection
    /// order, as Python's `SystemRandom().sample`: every ordered selection is
    /// equally likely. `k` larger than the population is an error.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let winners = handle.sample(&["a", "b", "c", "d"], 2)?;
    /// assert_eq!(winners.len(), 2);
    /// assert_ne!(winners[0], winners[1]);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn sample<T: Clone>(&mut self, population: &[T], k: usize) -> Result<Vec<T>, Error> {
        let mut draws = self.buffered(k.saturating_mul(4));
        sample::sample(&mut draws, population, k)
    }

    /// A float uniformly distributed on the multiples of 2^-53 in `[0, 1)`.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let x = handle.random()?;
    /// assert!((0.0..1.0).contains(&x));
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn random(&mut self) -> Result<f64, Error> {
        sample::random(&mut Source(&mut self.rng))
    }

    /// A uniformly chosen element of `range(start, stop, step)`, with Python's
    /// semantics (negative steps allowed; an empty range or zero step is an
    /// error).
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let even = handle.randrange(0, 100, 2)?;
    /// assert!(even % 2 == 0 && (0..100).contains(&even));
    /// assert!(handle.randrange(0, 0, 1).is_err()); // empty range
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn randrange(&mut self, start: i64, stop: i64, step: i64) -> Result<i64, Error> {
        sample::randrange(&mut Source(&mut self.rng), start, stop, step)
    }

    /// A uniformly chosen integer in `a..=b`; `a > b` is an error.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let die = handle.randint(1, 6)?;
    /// assert!((1..=6).contains(&die));
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn randint(&mut self, a: i64, b: i64) -> Result<i64, Error> {
        sample::randint(&mut Source(&mut self.rng), a, b)
    }

    /// A float between `a` and `b` (either order); non-finite bounds are an
    /// error.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let t = handle.uniform(-1.5, 1.5)?;
    /// assert!((-1.5..=1.5).contains(&t));
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn uniform(&mut self, a: f64, b: f64) -> Result<f64, Error> {
        sample::uniform(&mut Source(&mut self.rng), a, b)
    }
}
