//! The contract between a DRBG mechanism and the engine.

use core::fmt::Debug;

use secrets_core::Error;

/// How small requests are served.
///
/// ```
/// use secrets_drbg::{Buffering, Mechanism};
/// assert!(matches!(secrets_ctr_drbg::CtrDrbgAes256::BUFFERING, Buffering::Engine { len: 4096, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Buffering {
    /// The engine keeps a buffer of `len` bytes, refilled by one Generate
    /// call and handed out front to back, each byte wiped as it goes.
    /// Requests of at least `direct_from` bytes skip it: their Generate calls
    /// write straight into the caller's memory.
    Engine {
        /// Buffer size in bytes (at most the mechanism's
        /// [`MAX_BYTES_PER_REQUEST`](Mechanism::MAX_BYTES_PER_REQUEST)).
        len: usize,
        /// Smallest request that bypasses the buffer.
        direct_from: usize,
    },
    /// The mechanism's own construction already buffers (ChaCha's fast key
    /// erasure draws its next key and its buffer from one keystream); the
    /// engine passes every request straight to
    /// [`generate`](Sp80090a::generate) and calls
    /// [`discard_buffered`](Mechanism::discard_buffered) when buffered output
    /// must go.
    Mechanism,
}

/// A deterministic random bit generator mechanism: the algorithm alone, with
/// no entropy source, no reseed policy and no OS (`no_std`).
///
/// The functions follow SP 800-90A section 9 (Instantiate here; Reseed and
/// Generate in the supertrait [`Sp80090a`]), so the NIST mechanisms map one
/// to one, and ChaCha's fast-key-erasure generator fits the same shape.
/// [`Drbg`](crate::Drbg) (feature `alloc`) adds seeding from an
/// [`EntropySource`](secrets_core::EntropySource), reseeding by requests and
/// bytes, prediction resistance, fork safety, buffering, wiping and the
/// rand_core traits — once, for every mechanism.
///
/// # Rules for implementors
///
/// 1. **Validate before touching the state.** Every method (those of
///    [`Sp80090a`] too) checks all of its inputs first; an error leaves the
///    instance and `out` unchanged.
/// 2. **State is secret.** Zeroize it on drop; `Debug` prints `Name { .. }`;
///    never implement `Clone` or `Copy`.
/// 3. **Refuse what you cannot use.** An input the mechanism has no use for
///    (a nonce without a derivation function, a personalization string ChaCha
///    cannot absorb) is an [`Error::InvalidArgument`], never silently dropped.
/// 4. **Count requests.** SP 800-90A mechanisms keep their own
///    `reseed_counter` and return [`Error::ReseedRequired`] past their
///    interval; the engine reseeds before that happens.
///
/// ```
/// use secrets_drbg::Mechanism;
/// /// Code generic over mechanisms reads their limits from the trait.
/// fn describe<M: Mechanism>() -> String {
///     format!("{}: at most {} bytes per Generate call", M::BACKEND_NAME, M::MAX_BYTES_PER_REQUEST)
/// }
/// assert_eq!(describe::<secrets_ctr_drbg::CtrDrbgAes256>(), "ctr-drbg-aes256: at most 65536 bytes per Generate call");
/// ```
pub trait Mechanism: Sp80090a + Sized + Send + 'static {
    /// Choices fixed at instantiation that are not inputs (CTR_DRBG: with or
    /// without the derivation function). `()` when there are none.
    type Config: Copy + Default + Debug + PartialEq + Send + Sync + 'static;

    /// The stable backend name of the DRBG built on this mechanism
    /// (`"ctr-drbg-aes256"`, `"chacha20"`).
    const BACKEND_NAME: &'static str;
    /// The type name `Debug` prints for that DRBG (`"CtrDrbgAes256Rng"`).
    const RNG_NAME: &'static str;
    /// The most bytes one [`generate`](Sp80090a::generate) call may return
    /// (2^16 for the SP 800-90A mechanisms: 2^19 bits; `usize::MAX` when
    /// unbounded).
    const MAX_BYTES_PER_REQUEST: usize;
    /// The largest reseed interval in Generate calls (2^48 in SP 800-90A).
    const MAX_RESEED_INTERVAL: u64;
    /// The smallest byte interval between reseeds the engine accepts.
    const MIN_RESEED_INTERVAL_BYTES: u64;
    /// How small requests are served.
    const BUFFERING: Buffering;
    /// The engine's default reseed interval in Generate calls (2^16, the
    /// figure OpenSSL uses for its per-thread DRBGs).
    const DEFAULT_RESEED_INTERVAL_REQUESTS: u64 = 1 << 16;
    /// The engine's default reseed interval in output bytes (16 MiB).
    const DEFAULT_RESEED_INTERVAL_BYTES: u64 = 1 << 24;

    /// The security strength in bytes.
    fn security_strength(config: &Self::Config) -> usize;
    /// The entropy input length, in bytes, the engine draws for Instantiate
    /// and for each Reseed.
    fn entropy_len(config: &Self::Config) -> usize;
    /// The nonce length, in bytes, the engine draws for Instantiate (0: the
    /// mechanism takes no nonce).
    fn nonce_len(config: &Self::Config) -> usize;
    /// The longest personalization string or additional input accepted (0:
    /// none).
    fn max_additional_len(config: &Self::Config) -> usize;

    /// An uninstantiated instance: all-zero state, unusable until
    /// [`instantiate`](Self::instantiate). Lets the engine box the state
    /// first and instantiate it in place, so no copy of a key is ever left
    /// behind by a move.
    fn empty(config: Self::Config) -> Self;

    /// Instantiate (SP 800-90A 9.1), in place.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the input that breaks the
    /// mechanism's rules (too short, too long, not allowed).
    fn instantiate(
        &mut self,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) -> Result<(), Error>;

    /// Wipes output the mechanism holds for later requests
    /// ([`Buffering::Mechanism`] only; the default does nothing).
    fn discard_buffered(&mut self) {}

    /// The health test of SP 800-90A 11.3: known answers through the same
    /// code that produces output. Touches no instance.
    ///
    /// # Errors
    /// [`Error::HealthTest`] if an answer is wrong.
    fn self_test() -> Result<(), Error>;
}

/// The SP 800-90A functions of an instantiated DRBG: Reseed (9.2), Generate
/// (9.3) and Generate with prediction resistance (9.3.1 step 7).
///
/// Each raw DRBG type implements them once; the engine's [`Mechanism`] and
/// the CAVP [`Functions`](crate::cavp::Functions) add instantiation on top.
/// The trait is dyn-compatible, so code that drives instances of several
/// mechanisms (the Python bindings) can hold them as `Box<dyn Sp80090a>`.
///
/// ```
/// use secrets_drbg::{Mechanism, Sp80090a};
/// use secrets_ctr_drbg::{Config, CtrDrbgAes256};
///
/// let mut drbg = Box::new(CtrDrbgAes256::empty(Config::with_df()));
/// Mechanism::instantiate(&mut *drbg, &[0x11; 32], &[0x22; 16], &[])?;
/// let mut instance: Box<dyn Sp80090a> = drbg;
/// let mut out = [0u8; 16];
/// instance.generate(&mut out, b"additional input")?;
/// instance.reseed(&[0x33; 32], &[])?;
/// instance.generate_with_prediction_resistance(&mut out, &[0x44; 32], &[])?;
/// assert!(instance.generate(&mut [0u8; 65537], &[]).is_err()); // over 2^19 bits
/// # Ok::<(), secrets_drbg::Error>(())
/// ```
pub trait Sp80090a {
    /// Reseed (9.2): mixes fresh entropy and optional additional input in and
    /// resets the reseed counter.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the input that breaks the
    /// mechanism's rules (too short, too long, not allowed).
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), Error>;

    /// Generate (9.3): fills `out` (at most the mechanism's
    /// [`MAX_BYTES_PER_REQUEST`](Mechanism::MAX_BYTES_PER_REQUEST) bytes)
    /// with optional additional input.
    ///
    /// # Errors
    /// [`Error::RequestTooLarge`], [`Error::ReseedRequired`] or
    /// [`Error::InvalidArgument`]; `out` and the state are then untouched.
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), Error>;

    /// Generate with prediction resistance (9.3.1 step 7): Reseed with
    /// `entropy_input` and `additional_input`, then Generate with no
    /// additional input. A mechanism with nothing more to do implements it
    /// with [`reseed_then_generate`].
    ///
    /// # Errors
    /// As [`reseed`](Self::reseed) and [`generate`](Self::generate); the
    /// length is checked before anything changes.
    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), Error>;
}

/// Generate with prediction resistance as SP 800-90A 9.3.1 step 7 spells it:
/// refuse a request over `max_bytes_per_request` (a mechanism's
/// [`MAX_BYTES_PER_REQUEST`](Mechanism::MAX_BYTES_PER_REQUEST)) before
/// anything changes, Reseed with `entropy_input` and `additional_input`,
/// then Generate with no additional input. The raw CTR, Hash and HMAC DRBG
/// types and the ChaCha mechanism all implement it so.
///
/// ```
/// use secrets_drbg::{Error, Mechanism, Sp80090a, reseed_then_generate};
/// use secrets_ctr_drbg::{Config, CtrDrbgAes256};
///
/// let [mut a, mut b] = [(); 2].map(|()| CtrDrbgAes256::empty(Config::with_df()));
/// for drbg in [&mut a, &mut b] {
///     Mechanism::instantiate(drbg, &[0x11; 32], &[0x22; 16], &[])?;
/// }
/// // Over 2^19 bits: refused before the Reseed, so `a` is left as it was.
/// let too_long = reseed_then_generate(&mut a, 65536, &mut [0u8; 65537], &[0x33; 32], &[]);
/// assert!(matches!(too_long, Err(Error::RequestTooLarge { max_bytes: 65536 })));
/// let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
/// reseed_then_generate(&mut a, 65536, &mut x, &[0x33; 32], b"ai")?;
/// b.reseed(&[0x33; 32], b"ai")?;
/// b.generate(&mut y, &[])?;
/// assert_eq!(x, y);
/// # Ok::<(), secrets_drbg::Error>(())
/// ```
///
/// # Errors
/// [`Error::RequestTooLarge`], or the error of Reseed or Generate.
pub fn reseed_then_generate<D: Sp80090a + ?Sized>(
    drbg: &mut D,
    max_bytes_per_request: usize,
    out: &mut [u8],
    entropy_input: &[u8],
    additional_input: &[u8],
) -> Result<(), Error> {
    if out.len() > max_bytes_per_request {
        return Err(Error::RequestTooLarge {
            max_bytes: u64::try_from(max_bytes_per_request).unwrap_or(u64::MAX),
        });
    }
    drbg.reseed(entropy_input, additional_input)?;
    drbg.generate(out, &[])
}

/// Impls of a raw DRBG type `$drbg` forwarded to its own methods of the same
/// names: `impl<…> Sp80090a for $drbg<…>` (its `reseed`, `generate` and
/// `generate_with_prediction_resistance`); `impl<…> Functions for
/// $drbg<…>, Config` (the CAVP [`Functions`](crate::cavp::Functions), its
/// by-value `instantiate`); or, inside its [`Mechanism`] impl, `Mechanism
/// for $drbg` (the engine's `empty` and in-place `instantiate`, from its own
/// `uninstantiated` and `instantiate_in_place`).
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_functions {
    (Mechanism for $drbg:ident) => {
        fn empty(config: Self::Config) -> Self {
            $drbg::uninstantiated(config)
        }
        fn instantiate(
            &mut self,
            entropy_input: &[u8],
            nonce: &[u8],
            personalization_string: &[u8],
        ) -> Result<(), $crate::Error> {
            self.instantiate_in_place(entropy_input, nonce, personalization_string)
        }
    };
    (impl<$param:ident: $bound:path> Functions for $drbg:ident<$arg:ident>, $config:ty) => {
        impl<$param: $bound> $crate::cavp::Functions for $drbg<$arg> {
            type Config = $config;
            #[inline]
            fn instantiate(
                config: $config,
                entropy_input: &[u8],
                nonce: &[u8],
                personalization_string: &[u8],
            ) -> Result<Self, $crate::Error> {
                $drbg::instantiate(config, entropy_input, nonce, personalization_string)
            }
        }
    };
    (impl<$param:ident: $bound:path> Sp80090a for $drbg:ident<$arg:ident>) => {
        impl<$param: $bound> $crate::Sp80090a for $drbg<$arg> {
            $crate::__forward_functions!(@each $drbg;
                reseed(entropy_input: &[u8], additional_input: &[u8]);
                generate(out: &mut [u8], additional_input: &[u8]);
                generate_with_prediction_resistance(
                    out: &mut [u8],
                    entropy_input: &[u8],
                    additional_input: &[u8]
                );
            );
        }
    };
    (@each $drbg:ident; $($name:ident($($arg:ident: $ty:ty),*);)+) => {
        $(
            #[inline]
            fn $name(&mut self, $($arg: $ty),*) -> Result<(), $crate::Error> {
                $drbg::$name(self, $($arg),*)
            }
        )+
    };
}
