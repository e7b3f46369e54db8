//! Python's `secrets` module done right: tokens, passwords and unbiased
//! sampling over pluggable entropy backends.
//!
//! # Quick start
//!
//! The free functions mirror CPython's `secrets` module and draw from the
//! default backend (the operating system unless the application chose
//! otherwise):
//!
//! ```
//! let session_id = secrets::token_urlsafe(secrets::DEFAULT_ENTROPY); // 43 chars
//! let reset_code = secrets::token_hex(16);                            // 32 hex digits
//! let die = secrets::randbelow(6)? + 1;                               // exactly uniform
//! let colour = secrets::choice(&["red", "green", "blue"])?;
//! assert!(secrets::compare_digest(&reset_code, &reset_code));
//! # assert_eq!(session_id.len(), 43);
//! # let _ = (die, colour);
//! # Ok::<(), secrets::Error>(())
//! ```
//!
//! | CPython                          | here                                      |
//! |----------------------------------|-------------------------------------------|
//! | `secrets.DEFAULT_ENTROPY`        | [`DEFAULT_ENTROPY`] (32)                  |
//! | `token_bytes(n)`                 | [`token_bytes`]                           |
//! | `token_hex(n)`                   | [`token_hex`]                             |
//! | `token_urlsafe(n)`               | [`token_urlsafe`] (and [`token_base32`])  |
//! | `randbelow(n)`                   | [`randbelow`] (`u64`), `randbelow_big`* |
//! | `randbits(k)`                    | [`randbits`] (k ≤ 128), `randbits_big`* |
//! | `choice(seq)`                    | [`choice`]                                |
//! | `compare_digest(a, b)`           | [`compare_digest`]                        |
//! | `SystemRandom()`                 | [`Secrets`] over any backend              |
//! | `random.choices` / `sample`      | [`choices`], [`choices_f64`], [`sample`]  |
//! | `uuid.uuid4()`, `uuid7()`        | `uuid4`†, `uuid7`†                    |
//!
//! \* feature `bigint`; † feature `uuid`.
//!
//! For passwords and passphrases see [`PasswordPolicy`] and
//! [`PassphrasePolicy`].
//!
//! # With rand 0.10
//!
//! [`rng()`] is this thread's default backend as rand's `Rng` + `CryptoRng`,
//! like `rand::rng()` (it panics if the source fails, as rand's `ThreadRng`
//! does). Every backend and handle is a rand_core `TryRng` + `TryCryptoRng`;
//! [`Backend::unwrap_mut`] / [`Backend::unwrap_err`] (and the same on
//! [`Secrets`]) wrap one in rand_core's [`UnwrapErr`] for rand's infallible
//! API, and [`Secrets::new`] takes any rand crypto RNG, such as
//! `rand::rngs::SysRng`:
//!
//! ```
//! use rand::RngExt;
//! use rand::seq::{IndexedRandom, SliceRandom};
//! use secrets::Backend as _;
//!
//! let roll: u8 = secrets::rng().random_range(1..=6);
//! let mut backend = secrets::AnyBackend::new_default()?;
//! let mut deck: Vec<u8> = (1..=52).collect();
//! deck.shuffle(&mut backend.unwrap_mut());
//! let card = deck.choose(&mut backend.unwrap_mut());
//! let mut sys = secrets::Secrets::new(rand::rngs::SysRng);
//! let token = sys.try_token_hex(16)?;
//! # let _ = (roll, card, token);
//! # Ok::<(), secrets::Error>(())
//! ```
//!
//! rand's `random_range` is biased by up to 2^-64 unless rand's `unbiased`
//! feature is on; [`randbelow`] and the [`Secrets`] methods never are.
//!
//! # Failure policy
//!
//! Bad input is an [`Error::InvalidArgument`] with CPython's message where
//! CPython has one (`randbelow(0)` → "Upper bound must be positive.",
//! `choice(&[])` → "Cannot choose from an empty sequence"); nothing here
//! panics on input.
//!
//! The token functions ([`token_bytes`], [`token_hex`], [`token_urlsafe`],
//! [`token_base32`], and the UUID functions) return their value directly, as
//! CPython's do, and **panic if the entropy source fails** — the same policy
//! as rand's `fill` and Go's `crypto/rand.Read`: a source failure (the kernel
//! refusing to hand out bytes, a hardware health-test alarm) is not something
//! a caller can repair, and a token made from bad bytes would be far worse
//! than a crash. Failure over known-insecure bytes, always; there is no
//! fallback to a weaker source. Code that must keep running uses a
//! [`Secrets`] handle and its `try_` methods (`try_token_hex` …), which
//! return the error instead. Every other function returns a `Result`.
//!
//! **Absurd lengths and memory.** A token too large for memory
//! (`token_hex(usize::MAX)`, or 400 MiB under a 1 GiB address-space limit)
//! makes the infallible token functions **panic** with "a token of N bytes
//! does not fit in memory", never abort or report "capacity overflow". The
//! `try_` methods of [`Secrets`] reserve every allocation fallibly
//! (`try_reserve`) and return [`Error::InvalidArgument`] instead, and so do
//! the functions that return a `Result` for their output buffers (`sample`,
//! `choices`, passwords, passphrases, alphabet tokens, `randbits_big`): the
//! process survives. Two allocations are outside our reach and follow the
//! global allocator's policy (Rust's default aborts): the small `String` of
//! a short infallible token (at most 128 characters), and the `BigUint` that
//! num-bigint builds from an already-allocated random buffer.
//!
//! # Backends
//!
//! Every backend is one row of the [`registry`]: [`BackendId`] lists them
//! all with their names, kinds and cargo features (`os` is on by default;
//! `rdrand`, `chacha`, `ctr-drbg` add the others), and
//! [`backends`] re-exports their types. Backend features only *add*
//! backends. Every compiled backend is usable
//! explicitly through a handle, whatever the default:
//!
//! ```
//! # #[cfg(feature = "os")] {
//! let mut os = secrets::Secrets::from_name("os")?;
//! let key = os.try_token_bytes(32)?;
//! # assert_eq!(key.len(), 32);
//! # }
//! for backend in secrets::compiled_backends() {
//!     println!("{} ({}): {:?}", backend.name, backend.kind.label(), backend.check());
//! }
//! # Ok::<(), secrets::Error>(())
//! ```
//!
//! # Choosing the default backend
//!
//! The free functions use one per-thread instance of the *default backend*.
//! It is the OS unless the **final application** enables exactly one
//! `default-backend-<name>` feature, for any backend name of the registry
//! (`default-backend-chacha20`, …; each implies its backend feature;
//! [`BackendId::default_feature`] names it). [`default_backend_name`] reports the
//! choice. Two of them in one build are a compile error naming both.
//!
//! **Library authors: never enable a `default-backend-*` feature.** Cargo
//! unifies features across the whole dependency graph, so a library's choice
//! silently becomes every other crate's default in that application — it
//! would swap the source under code that never asked — and two libraries
//! choosing differently break the build with no way for the application to
//! fix it. The choice of entropy source is a deployment decision that belongs
//! to whoever ships the binary (getrandom keeps its custom backends
//! application-only for the same reason). A library that needs a particular
//! backend uses it explicitly through [`Secrets`] or [`AnyBackend`] and
//! leaves the default alone.
//!
//! Building with `default-features = false` and neither `os` nor a
//! `default-backend-*` feature is a compile error: the free functions would
//! have no source.
#![forbid(unsafe_code)]

// Lets the registry name types as `$crate::…` paths that also work when its
// table is expanded inside this crate.
extern crate self as secrets;

// The workspace README's examples are compiled and run as doctests (they
// name the `ctr-drbg` backend).
#[cfg(all(doctest, feature = "ctr-drbg"))]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;

mod any;
pub mod backends;
mod buffered;
mod encode;
mod handle;
mod passphrase;
mod password;
pub mod registry;
mod rng;
mod select;
mod source;
mod thread;
mod weighted;

#[cfg(feature = "bigint")]
mod big;
#[cfg(feature = "uuid")]
mod uuids;

pub use any::{AnyBackend, BackendInfo, compiled_backends, default_backend_name};
pub use handle::Secrets;
pub use passphrase::{PassphrasePolicy, Wordlist, load_wordlist, parse_wordlist};
pub use password::{AMBIGUOUS_CHARS, CharClasses, PasswordPolicy, SHELL_SAFE_SYMBOLS, SYMBOLS};
/// rand_core's adapter that makes a fallible generator infallible by
/// panicking on failure; what [`Backend::unwrap_err`] and
/// [`Secrets::unwrap_mut`] return.
pub use rand_core::UnwrapErr;
pub use registry::{BACKEND_NAMES, BackendId};
pub use rng::{ThreadRng, rng};
pub use secrets_core::sample::UniformInt;
pub use secrets_core::{Backend, BackendKind, Error};
/// The encoders behind the token functions, to decode tokens or encode
/// your own bytes (`Encoding::HexLower.decode(&token)`).
pub use secrets_encode::{Alphabet, DecodeError, Encoding};
pub use select::DefaultBackend;

#[cfg(feature = "bigint")]
pub use num_bigint::BigUint;
#[cfg(feature = "uuid")]
pub use uuid::Uuid;

use handle::source_failed;
use thread::{fill_default, with_default};

/// The number of random bytes the token functions use when the caller has no
/// better figure: 32 bytes (256 bits), as CPython.
///
/// ```
/// let token = secrets::token_urlsafe(secrets::DEFAULT_ENTROPY);
/// assert_eq!(token.len(), 43); // 32 bytes, as CPython
/// ```
pub const DEFAULT_ENTROPY: usize = 32;

/// `nbytes` random bytes from the default backend.
///
/// # Panics
///
/// If the entropy source fails or the bytes do not fit in memory (see
/// "Failure policy" in the crate docs); use [`Secrets::try_token_bytes`] to
/// get the error instead.
///
/// ```
/// let key = secrets::token_bytes(32);
/// assert_eq!(key.len(), 32);
/// ```
#[track_caller]
pub fn token_bytes(nbytes: usize) -> Vec<u8> {
    let mut bytes = encode::zeroed_or_panic(nbytes);
    if let Err(error) = fill_default(&mut bytes) {
        source_failed(error);
    }
    bytes
}

/// `nbytes` random bytes as `2 * nbytes` lowercase hex digits.
///
/// # Panics
///
/// If the entropy source fails or the token does not fit in memory; see
/// [`Secrets::try_token_hex`].
///
/// ```
/// let reset_code = secrets::token_hex(16);
/// assert_eq!(reset_code.len(), 32);
/// ```
#[inline]
#[track_caller]
pub fn token_hex(nbytes: usize) -> String {
    encode::random_then_or_panic(nbytes, fill_default, Encoding::HexLower)
}

/// `nbytes` random bytes as URL-safe base64 (`A–Z a–z 0–9 - _`) with the `=`
/// padding stripped, as CPython: 43 characters for [`DEFAULT_ENTROPY`].
///
/// # Panics
///
/// If the entropy source fails or the token does not fit in memory; see
/// [`Secrets::try_token_urlsafe`].
///
/// ```
/// let session = secrets::token_urlsafe(32);
/// assert_eq!(session.len(), 43);
/// ```
#[inline]
#[track_caller]
pub fn token_urlsafe(nbytes: usize) -> String {
    encode::random_then_or_panic(nbytes, fill_default, Encoding::Base64UrlNoPad)
}

/// `nbytes` random bytes as RFC 4648 base32 (`A–Z 2–7`) without padding:
/// `ceil(8 * nbytes / 5)` characters, case-insensitive and free of
/// punctuation (TOTP secrets, codes read aloud).
///
/// # Panics
///
/// If the entropy source fails or the token does not fit in memory; see
/// [`Secrets::try_token_base32`].
///
/// ```
/// let totp_secret = secrets::token_base32(20);
/// assert_eq!(totp_secret.len(), 32);
/// assert!(totp_secret.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
/// ```
#[track_caller]
pub fn token_base32(nbytes: usize) -> String {
    encode::random_then_or_panic(nbytes, fill_default, Encoding::Base32NoPad)
}

/// A uniformly random integer in `0..exclusive_upper_bound`, exactly unbiased.
///
/// A zero bound is an error: "Upper bound must be positive." (CPython's).
/// For bounds beyond `u64` see [`Secrets::randbelow`] (`u128`) and
/// `randbelow_big` (feature `bigint`).
///
/// ```
/// let die = secrets::randbelow(6)? + 1;
/// assert!((1..=6).contains(&die));
/// assert!(secrets::randbelow(0).is_err()); // "Upper bound must be positive."
/// # Ok::<(), secrets::Error>(())
/// ```
#[inline]
pub fn randbelow(exclusive_upper_bound: u64) -> Result<u64, Error> {
    with_default(|s| s.randbelow(exclusive_upper_bound))
}

/// An integer with `k` random bits, `0 <= value < 2^k`. `randbits(0) == 0`;
/// `k > 128` is an error (see `randbits_big`, feature `bigint`).
///
/// ```
/// assert!(secrets::randbits(8)? < 256);
/// assert_eq!(secrets::randbits(0)?, 0);
/// assert!(secrets::randbits(129).is_err());
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn randbits(k: u32) -> Result<u128, Error> {
    with_default(|s| s.randbits(k))
}

/// A uniformly chosen element of `seq`.
///
/// An empty slice is an error: "Cannot choose from an empty sequence"
/// (CPython's).
///
/// ```
/// let winner = secrets::choice(&["alice", "bob"])?;
/// assert!(["alice", "bob"].contains(winner));
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn choice<T>(seq: &[T]) -> Result<&T, Error> {
    with_default(|s| s.choice(seq))
}

/// Whether `a` and `b` are equal, in time that does not depend on their
/// contents (`subtle`'s constant-time comparison).
///
/// Inputs of different lengths are unequal; their lengths may leak through
/// timing (as with CPython's `compare_digest`), their contents do not.
/// Compare fixed-length digests (HMAC tags, hashes) to leak nothing.
///
/// ```
/// let expected = b"5d41402abc4b2a76b9719d911017c592";
/// assert!(secrets::compare_digest(expected, b"5d41402abc4b2a76b9719d911017c592"));
/// assert!(!secrets::compare_digest(expected, b"00000000000000000000000000000000"));
/// ```
pub fn compare_digest(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    use subtle::ConstantTimeEq;
    let (a, b) = (a.as_ref(), b.as_ref());
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// `k` elements drawn from `population` with replacement, as Python's
/// `choices`: uniformly when `weights` is `None`, else element `i` with
/// probability exactly `weights[i] / sum(weights)`.
///
/// Errors: an empty population, a `weights` slice of a different length, or
/// weights summing to zero. See [`choices_f64`] for float weights.
///
/// ```
/// let rolls = secrets::choices(&["heads", "tails"], None, 10)?;
/// assert_eq!(rolls.len(), 10);
/// let loaded = secrets::choices(&["rare", "common"], Some(&[1, 99]), 5)?;
/// assert_eq!(loaded.len(), 5);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn choices<T: Clone>(
    population: &[T],
    weights: Option<&[u64]>,
    k: usize,
) -> Result<Vec<T>, Error> {
    with_default(|s| s.choices(population, weights, k))
}

/// As [`choices`] with float weights; see [`Secrets::choices_f64`] for how
/// they are converted (exactly, for integer and dyadic weights) and the
/// errors (negative, NaN, infinite, all zero).
///
/// ```
/// let picks = secrets::choices_f64(&['a', 'b', 'c'], &[0.1, 0.2, 0.7], 3)?;
/// assert_eq!(picks.len(), 3);
/// assert!(secrets::choices_f64(&['a'], &[f64::NAN], 1).is_err());
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn choices_f64<T: Clone>(population: &[T], weights: &[f64], k: usize) -> Result<Vec<T>, Error> {
    with_default(|s| s.choices_f64(population, weights, k))
}

/// `k` distinct elements of `population` (by position), in selection order,
/// every ordered selection equally likely (Python's `SystemRandom().sample`).
/// `k` larger than the population is an error.
///
/// ```
/// let team = secrets::sample(&["ann", "bo", "cy", "di"], 3)?;
/// assert_eq!(team.len(), 3);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn sample<T: Clone>(population: &[T], k: usize) -> Result<Vec<T>, Error> {
    with_default(|s| s.sample(population, k))
}

/// A password following `policy`, from the default backend; see
/// [`PasswordPolicy`].
///
/// ```
/// let password = secrets::generate_password(&secrets::PasswordPolicy::default())?;
/// assert_eq!(password.chars().count(), 20);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn generate_password(policy: &PasswordPolicy) -> Result<String, Error> {
    with_default(|s| s.password(policy))
}

/// A passphrase following `policy`, from the default backend; see
/// [`PassphrasePolicy`].
///
/// ```
/// let phrase = secrets::generate_passphrase(&secrets::PassphrasePolicy::default())?;
/// assert_eq!(phrase.split(' ').count(), 6);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn generate_passphrase(policy: &PassphrasePolicy) -> Result<String, Error> {
    with_default(|s| s.passphrase(policy))
}

/// A uniformly random non-negative integer below `exclusive_upper_bound`, of
/// any size (feature `bigint`); CPython's `randbelow` for big integers.
///
/// A zero bound is an error: "Upper bound must be positive.".
///
/// ```
/// # #[cfg(feature = "bigint")] {
/// let bound = secrets::BigUint::from(2u32).pow(200);
/// assert!(secrets::randbelow_big(&bound)? < bound);
/// # }
/// # Ok::<(), secrets::Error>(())
/// ```
#[cfg(feature = "bigint")]
pub fn randbelow_big(exclusive_upper_bound: &BigUint) -> Result<BigUint, Error> {
    with_default(|s| s.randbelow_big(exclusive_upper_bound))
}

/// An integer with `k` random bits, of any size (feature `bigint`);
/// `randbits_big(0) == 0`.
///
/// ```
/// # #[cfg(feature = "bigint")] {
/// assert!(secrets::randbits_big(4096)?.bits() <= 4096);
/// # }
/// # Ok::<(), secrets::Error>(())
/// ```
#[cfg(feature = "bigint")]
pub fn randbits_big(k: u64) -> Result<BigUint, Error> {
    with_default(|s| s.randbits_big(k))
}

/// `N` random bytes from the default backend; panics if the source fails.
#[cfg(feature = "uuid")]
#[inline(always)]
#[track_caller]
fn random_array<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Err(error) = fill_default(&mut bytes) {
        source_failed(error);
    }
    bytes
}

#[cfg(feature = "uuid")]
#[track_caller]
fn random_16() -> [u8; 16] {
    random_array()
}

#[cfg(feature = "uuid")]
#[track_caller]
fn random_10() -> [u8; 10] {
    random_array()
}

/// A random (version 4) UUID in its canonical form,
/// `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx` (lowercase; feature `uuid`).
///
/// # Panics
///
/// Only if the entropy source fails; see [`Secrets::try_uuid4`].
///
/// ```
/// # #[cfg(feature = "uuid")] {
/// let id = secrets::uuid4();
/// assert_eq!(id.len(), 36);
/// assert_eq!(&id[14..15], "4");
/// # }
/// ```
#[cfg(feature = "uuid")]
#[track_caller]
pub fn uuid4() -> String {
    uuids::canonical(uuids::v4(random_16()))
}

/// A random (version 4) UUID as its 16 bytes (feature `uuid`).
///
/// # Panics
///
/// Only if the entropy source fails; see [`Secrets::try_uuid4_bytes`].
///
/// ```
/// # #[cfg(feature = "uuid")] {
/// let bytes = secrets::uuid4_bytes();
/// assert_eq!(bytes[6] >> 4, 4);
/// # }
/// ```
#[cfg(feature = "uuid")]
#[track_caller]
pub fn uuid4_bytes() -> [u8; 16] {
    uuids::v4(random_16()).into_bytes()
}

/// A time-ordered (version 7) UUID in its canonical form (feature `uuid`);
/// see [`Secrets::try_uuid7`] for the layout.
///
/// # Panics
///
/// If the entropy source fails or the system clock reads before 1970; see
/// [`Secrets::try_uuid7`].
///
/// ```
/// # #[cfg(feature = "uuid")] {
/// let id = secrets::uuid7();
/// assert_eq!(&id[14..15], "7");
/// # }
/// ```
#[cfg(feature = "uuid")]
#[track_caller]
pub fn uuid7() -> String {
    uuids::canonical(uuids::v7_now_or_panic(random_10()))
}

/// A time-ordered (version 7) UUID as its 16 bytes (feature `uuid`).
///
/// # Panics
///
/// As [`uuid7`].
///
/// ```
/// # #[cfg(feature = "uuid")] {
/// assert_eq!(secrets::uuid7_bytes()[6] >> 4, 7);
/// # }
/// ```
#[cfg(feature = "uuid")]
#[track_caller]
pub fn uuid7_bytes() -> [u8; 16] {
    uuids::v7_now_or_panic(random_10()).into_bytes()
}
