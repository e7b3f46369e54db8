//! Shared with secrets-hmac-drbg; not a public API (hidden from the docs,
//! may change in any release).
//!
//! Both DRBGs of SP 800-90A 10.1 have the same functions, limits and input
//! rules; the glue that turns their raw methods into the engine's
//! [`Mechanism`] and into known-answer runners is written once here.

use secrets_core::Error;
pub use secrets_drbg::cavp::Functions;
pub use secrets_drbg::{__forward_functions, Buffering, Mechanism, reseed_then_generate};
pub use zeroize::Zeroize;

use crate::config::{Config, MAX_INPUT_BYTES};
use crate::sha::{HashName, Sha};

/// How the engine serves small requests for both mechanisms: a 4 KiB buffer
/// filled by one Generate call, bypassed from 1 KiB up. A Generate call has
/// a fixed cost beyond its output blocks (Hash_DRBG: `Hash(0x03 || V)` and
/// three additions; HMAC_DRBG: the keyed states and the closing Update, six
/// to ten compressions), which a 32-byte request would pay in full.
pub const BUFFERING: Buffering = Buffering::Engine {
    len: 4096,
    direct_from: 1024,
};

/// The smallest byte interval between reseeds the engine may be configured
/// with: one full Generate call.
pub const MIN_RESEED_INTERVAL_BYTES: u64 = 1 << 16;

/// `max_length` in bytes, as a `usize` (all of `usize` on 32-bit targets).
pub const MAX_ADDITIONAL_LEN: usize = if MAX_INPUT_BYTES > usize::MAX as u64 {
    usize::MAX
} else {
    MAX_INPUT_BYTES as usize
};

/// A raw hash-based DRBG type: the SP 800-90A functions, for generic
/// runners (the self-test, CAVP), and what the tests need besides.
pub trait RawDrbg: Functions<Config = Config> {
    /// The hash function.
    type Hash: Sha;
    /// `reseed_counter`.
    fn reseed_counter(&self) -> u64;
    /// The known-answer self-test.
    ///
    /// # Errors
    /// As the type's own function.
    fn self_test() -> Result<(), Error>;
}

/// One known-answer record of a NIST CAVP file, in the file's hex: a
/// no_reseed record (`reseed: None`) or a pr_false one.
#[derive(Clone, Copy, Debug)]
pub struct Kat {
    /// The section (`[SHA-256]`).
    pub hash: HashName,
    /// `EntropyInput`.
    pub entropy_input: &'static str,
    /// `Nonce`.
    pub nonce: &'static str,
    /// `PersonalizationString`.
    pub personalization_string: &'static str,
    /// pr_false: `EntropyInputReseed` and `AdditionalInputReseed`.
    pub reseed: Option<(&'static str, &'static str)>,
    /// The two `AdditionalInput` fields.
    pub additional_input: [&'static str; 2],
    /// `ReturnedBits`.
    pub returned_bits: &'static str,
}

/// A decoded hex field of at most 256 bytes (SHA-512's four output blocks).
struct Field {
    bytes: [u8; 256],
    len: usize,
}

impl Field {
    fn parse(hex: &str) -> Option<Field> {
        let digits = hex.as_bytes();
        if !digits.len().is_multiple_of(2) || digits.len() / 2 > 256 {
            return None;
        }
        let mut bytes = [0u8; 256];
        for (dst, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            *dst = (nibble(pair[0])? << 4) | nibble(pair[1])?;
        }
        Some(Field {
            bytes,
            len: digits.len() / 2,
        })
    }

    fn get(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Runs `kat` through `D`: Instantiate, Reseed (pr_false), two Generate
/// calls; true when the second output is `ReturnedBits`.
fn passes<D: RawDrbg>(kat: &Kat) -> Option<bool> {
    let field = |hex| Field::parse(hex);
    let mut drbg = D::instantiate(
        Config::new(),
        field(kat.entropy_input)?.get(),
        field(kat.nonce)?.get(),
        field(kat.personalization_string)?.get(),
    )
    .ok()?;
    if let Some((entropy_input, additional_input)) = kat.reseed {
        drbg.reseed(field(entropy_input)?.get(), field(additional_input)?.get())
            .ok()?;
    }
    let expected = field(kat.returned_bits)?;
    let mut out = [0u8; 256];
    let out = &mut out[..expected.len];
    for additional_input in kat.additional_input {
        drbg.generate(out, field(additional_input)?.get()).ok()?;
    }
    Some(out == expected.get())
}

/// The health test of SP 800-90A 11.3 for `D`: every record of `records`
/// for its hash function, and at least one.
///
/// # Errors
/// [`Error::HealthTest`] naming `backend` and `test` if a record fails, is
/// refused, or none is there.
pub fn self_test<D: RawDrbg>(
    records: &[Kat],
    backend: &'static str,
    test: &'static str,
) -> Result<(), Error> {
    let failed = Error::HealthTest { backend, test };
    let mut ran = 0;
    for kat in records.iter().filter(|k| k.hash == D::Hash::NAME) {
        if passes::<D>(kat) != Some(true) {
            return Err(failed);
        }
        ran += 1;
    }
    if ran == 0 { Err(failed) } else { Ok(()) }
}

/// What the two raw DRBG types share: the type itself (two secret arrays of
/// `$len` bytes, `reseed_counter`, `reseed_interval`), its `Debug` and its
/// wiping `Drop`; Instantiate, Reseed and Generate as the input checks of
/// [`rules`](crate::rules) and the `reseed_counter` around the type's own
/// `instantiate_checked`, `reseed_checked` and `generate_checked` (the
/// mechanism's steps, on inputs already checked); the methods that only
/// compose those or read the fields of both; its SHA-1 alias (feature
/// `sha1`); the known-answer self-test over `$records`; and [`Functions`] and
/// [`RawDrbg`] from their own methods of the same names. The doc comments
/// before `fn instantiate`, `fn reseed` and `fn generate` open the
/// documentation of those.
#[doc(hidden)]
#[macro_export]
macro_rules! __raw_drbg {
    (
        $(#[doc = $type_doc:literal])*
        pub struct $drbg:ident { $first:ident, $second:ident: [u8; $len:ident] }
            in $krate:literal, $label:literal, sha1 $sha1:ident;
        health test $records:path, $backend:literal;
        $(#[doc = $doc:literal])*
        fn instantiate;
        $(#[doc = $reseed_doc:literal])*
        fn reseed;
        $(#[doc = $generate_doc:literal])*
        fn generate;
    ) => {
        $(#[doc = $type_doc])*
        ///
        /// ```
        #[doc = concat!("use ", $krate, "::{Config, ", stringify!($drbg), ", sha2::Sha256};")]
        /// let (entropy, nonce) = ([0x11; 32], [0x22; 16]);
        #[doc = concat!("let mut a = ", stringify!($drbg), "::<Sha256>::instantiate(Config::new(), &entropy, &nonce, b\"app v1\")?;")]
        #[doc = concat!("let mut b = ", stringify!($drbg), "::<Sha256>::instantiate(Config::new(), &entropy, &nonce, b\"app v1\")?;")]
        /// let (mut x, mut y) = ([0u8; 48], [0u8; 48]);
        /// a.generate(&mut x, &[])?;
        /// b.generate(&mut y, &[])?;
        /// assert_eq!(x, y); // deterministic: the same inputs give the same bytes
        /// a.generate(&mut x, &[])?;
        /// assert_ne!(x, y); // and the state moves on
        /// # Ok::<(), secrets_core::Error>(())
        /// ```
        pub struct $drbg<H: $crate::sha::Sha> {
            $first: [u8; $len],
            $second: [u8; $len],
            /// 0 until instantiated.
            reseed_counter: u64,
            reseed_interval: u64,
            hash: ::core::marker::PhantomData<fn() -> H>,
        }

        impl<H: $crate::sha::Sha> ::core::fmt::Debug for $drbg<H> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(concat!(stringify!($drbg), " { .. }"))
            }
        }

        impl<H: $crate::sha::Sha> Drop for $drbg<H> {
            fn drop(&mut self) {
                use $crate::__shared::Zeroize;
                self.$first[..].zeroize();
                self.$second[..].zeroize();
                self.reseed_counter.zeroize();
            }
        }

        impl<H: $crate::sha::Sha> $drbg<H> {
            /// An all-zero state that no function but
            /// [`instantiate_in_place`](Self::instantiate_in_place) accepts.
            pub(crate) fn uninstantiated(config: $crate::Config) -> Self {
                $drbg {
                    $first: [0; $len],
                    $second: [0; $len],
                    reseed_counter: 0,
                    reseed_interval: config.get_reseed_interval(),
                    hash: ::core::marker::PhantomData,
                }
            }

            /// Test hook: where the two secret arrays of the working state
            /// live, so that a test can check that drop wipes them
            /// (`tests/wipe.rs`).
            #[doc(hidden)]
            pub fn state_memory(&self) -> (&[u8; $len], &[u8; $len]) {
                (&self.$first, &self.$second)
            }

            /// The health test of SP 800-90A 11.3: NIST known answers for this hash
            /// function (a pr_false record with personalization string and
            /// additional input, and a no_reseed record without) through
            /// Instantiate, Reseed and Generate.
            ///
            /// # Errors
            #[doc = concat!("[`Error::HealthTest`](secrets_core::Error::HealthTest) (backend `\"", $backend, "\"`) if any output differs.")]
            ///
            /// ```
            #[doc = concat!($krate, "::", stringify!($drbg), "Sha256::self_test()?; // NIST known answers through all three functions")]
            #[doc = concat!($krate, "::", stringify!($drbg), "Sha512::self_test()?;")]
            /// # Ok::<(), secrets_core::Error>(())
            /// ```
            pub fn self_test() -> Result<(), $crate::Error> {
                $crate::__shared::self_test::<Self>(
                    &$records,
                    $backend,
                    concat!($label, " known-answer test"),
                )
            }

            /// Instantiate into this (boxed, uninstantiated or not) state.
            pub(crate) fn instantiate_in_place(
                &mut self,
                entropy_input: &[u8],
                nonce: &[u8],
                personalization_string: &[u8],
            ) -> Result<(), $crate::Error> {
                $crate::rules::instantiate::<H>(
                    self.reseed_interval,
                    entropy_input,
                    nonce,
                    personalization_string,
                )?;
                self.instantiate_checked(entropy_input, nonce, personalization_string);
                self.reseed_counter = 1;
                Ok(())
            }

            $(#[doc = $reseed_doc])*
            ///
            /// # Errors
            /// [`Error::InvalidArgument`]($crate::Error::InvalidArgument) for an
            /// input of the wrong length (the same rules as
            /// [`instantiate`](Self::instantiate)) or an uninstantiated state; the
            /// state is then unchanged.
            ///
            /// ```
            #[doc = concat!("use ", $krate, "::{Config, Error};")]
            #[doc = concat!("let mut drbg = ", $krate, "::", stringify!($drbg), "Sha256::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// drbg.generate(&mut [0u8; 16], &[])?;
            /// assert_eq!(drbg.reseed_counter(), 2);
            /// drbg.reseed(&[0x33; 32], b"reseed")?;
            /// assert_eq!(drbg.reseed_counter(), 1);
            /// // Too little entropy is refused and changes nothing.
            /// assert!(matches!(drbg.reseed(&[0x33; 8], &[]), Err(Error::InvalidArgument { .. })));
            /// assert_eq!(drbg.reseed_counter(), 1);
            /// # Ok::<(), secrets_core::Error>(())
            /// ```
            pub fn reseed(
                &mut self,
                entropy_input: &[u8],
                additional_input: &[u8],
            ) -> Result<(), $crate::Error> {
                $crate::rules::reseed::<H>(self.reseed_counter, entropy_input, additional_input)?;
                self.reseed_checked(entropy_input, additional_input);
                self.reseed_counter = 1;
                Ok(())
            }

            $(#[doc = $generate_doc])*
            ///
            /// # Errors
            /// - [`Error::RequestTooLarge`]($crate::Error::RequestTooLarge) for more
            ///   than 65,536 bytes;
            /// - [`Error::ReseedRequired`]($crate::Error::ReseedRequired) once
            ///   `reseed_counter` exceeds the `reseed_interval`;
            /// - [`Error::InvalidArgument`]($crate::Error::InvalidArgument) for an
            ///   additional input over `max_length` or an uninstantiated state.
            ///
            /// On error `out` and the state are untouched.
            ///
            /// ```
            #[doc = concat!("use ", $krate, "::{Config, Error, MAX_BYTES_PER_REQUEST};")]
            #[doc = concat!("let mut drbg = ", $krate, "::", stringify!($drbg), "Sha256::instantiate(Config::new().reseed_interval(1), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// let mut out = [0u8; 32];
            /// drbg.generate(&mut out, b"request 1")?;
            /// assert_ne!(out, [0u8; 32]);
            /// // More than one request's worth is refused, the buffer left as it was.
            /// let mut big = vec![0u8; MAX_BYTES_PER_REQUEST + 1];
            /// assert!(matches!(drbg.generate(&mut big, &[]), Err(Error::RequestTooLarge { .. })));
            /// // The reseed interval (1 here) is used up: reseed first.
            /// assert!(matches!(drbg.generate(&mut out, &[]), Err(Error::ReseedRequired)));
            /// # Ok::<(), secrets_core::Error>(())
            /// ```
            pub fn generate(
                &mut self,
                out: &mut [u8],
                additional_input: &[u8],
            ) -> Result<(), $crate::Error> {
                $crate::rules::generate(
                    out,
                    self.reseed_counter,
                    self.reseed_interval,
                    additional_input,
                )?;
                self.generate_checked(out, additional_input);
                self.reseed_counter += 1;
                Ok(())
            }
        }

        #[doc = concat!($label, " with SHA-1: CAVP conformance only (feature `sha1`; see the")]
        /// crate documentation).
        ///
        /// ```
        #[doc = concat!("use ", $krate, "::{Config, ", stringify!($sha1), "};")]
        /// // Entropy of the security strength (16 bytes), a nonce of half of it.
        #[doc = concat!("let mut drbg = ", stringify!($sha1), "::instantiate(Config::new(), &[0x5a; 16], &[0xa5; 8], &[])?;")]
        /// let mut out = [0u8; 64];
        /// drbg.generate(&mut out, &[])?;
        #[doc = concat!("let mut again = ", stringify!($sha1), "::instantiate(Config::new(), &[0x5a; 16], &[0xa5; 8], &[])?;")]
        /// let mut same = [0u8; 64];
        /// again.generate(&mut same, &[])?;
        /// assert_eq!(out, same);
        /// // Less entropy than the security strength is refused.
        #[doc = concat!("assert!(", stringify!($sha1), "::instantiate(Config::new(), &[0x5a; 15], &[0xa5; 8], &[]).is_err());")]
        /// # Ok::<(), secrets_core::Error>(())
        /// ```
        #[cfg(feature = "sha1")]
        pub type $sha1 = $drbg<$crate::sha1::Sha1>;

        $crate::__raw_drbg!(@functions $(#[doc = $doc])* $drbg,
            concat!($krate, "::", stringify!($drbg), "Sha256"));
    };
    (@functions $(#[doc = $doc:literal])* $drbg:ident, $example:expr) => {
        impl<H: $crate::sha::Sha> $drbg<H> {
            $(#[doc = $doc])*
            ///
            /// The entropy input must hold at least the security strength (16,
            /// 24 or 32 bytes), the nonce at least half of it, and every input
            /// at most [`MAX_INPUT_BYTES`]($crate::MAX_INPUT_BYTES)
            /// (`max_length`, 2^35 bits).
            ///
            /// # Errors
            /// [`Error::InvalidArgument`]($crate::Error::InvalidArgument)
            /// naming the offending input or the `reseed_interval`.
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            #[doc = concat!("let drbg = ", $example, "::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], b\"my app\")?;")]
            /// assert_eq!(drbg.reseed_counter(), 1);
            /// // A nonce under half the security strength is refused.
            #[doc = concat!("assert!(", $example, "::instantiate(Config::new(), &[0x11; 32], &[0x22; 4], &[]).is_err());")]
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn instantiate(
                config: $crate::Config,
                entropy_input: &[u8],
                nonce: &[u8],
                personalization_string: &[u8],
            ) -> Result<Self, $crate::Error> {
                let mut drbg = Self::uninstantiated(config);
                drbg.instantiate_in_place(entropy_input, nonce, personalization_string)?;
                Ok(drbg)
            }

            /// Generate with prediction resistance (SP 800-90A 9.3.1 step 7): reseeds
            /// from `entropy_input` (the caller's fresh draw from its entropy source)
            /// and `additional_input`, then generates with no additional input.
            ///
            /// Because it always reseeds first, it never returns
            /// [`Error::ReseedRequired`](secrets_core::Error::ReseedRequired).
            ///
            /// # Errors
            /// [`Error::RequestTooLarge`](secrets_core::Error::RequestTooLarge) or [`Error::InvalidArgument`](secrets_core::Error::InvalidArgument) (as
            /// [`reseed`](Self::reseed)); the state and `out` are then untouched.
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            /// let config = Config::new().reseed_interval(1);
            #[doc = concat!("let mut drbg = ", $example, "::instantiate(config, &[0x11; 32], &[0x22; 16], &[])?;")]
            /// let mut out = [0u8; 32];
            /// drbg.generate(&mut out, &[])?;
            /// assert!(drbg.needs_reseed());
            /// // Reseeds from the fresh entropy first, so the interval never runs out.
            /// drbg.generate_with_prediction_resistance(&mut out, &[0x33; 32], &[])?;
            /// drbg.generate_with_prediction_resistance(&mut out, &[0x44; 32], &[])?;
            /// assert_eq!(drbg.reseed_counter(), 2);
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn generate_with_prediction_resistance(
                &mut self,
                out: &mut [u8],
                entropy_input: &[u8],
                additional_input: &[u8],
            ) -> Result<(), $crate::Error> {
                $crate::__shared::reseed_then_generate(
                    self,
                    $crate::MAX_BYTES_PER_REQUEST,
                    out,
                    entropy_input,
                    additional_input,
                )
            }

            /// Uninstantiate (9.4): destroys the instance, zeroizing its state.
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            #[doc = concat!("let drbg = ", $example, "::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// drbg.uninstantiate(); // state zeroized; `drbg` is gone
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn uninstantiate(self) {
                drop(self);
            }

            /// `reseed_counter`: 1 after instantiate or reseed, plus one per Generate.
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            #[doc = concat!("let mut drbg = ", $example, "::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// for expected in 1..4 {
            ///     assert_eq!(drbg.reseed_counter(), expected);
            ///     drbg.generate(&mut [0u8; 16], &[])?;
            /// }
            /// drbg.reseed(&[0x33; 32], &[])?;
            /// assert_eq!(drbg.reseed_counter(), 1);
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn reseed_counter(&self) -> u64 {
                self.reseed_counter
            }

            /// The `reseed_interval` this instance was configured with.
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            #[doc = concat!("let drbg = ", $example, "::instantiate(Config::new().reseed_interval(10), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// assert_eq!(drbg.reseed_interval(), 10);
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn reseed_interval(&self) -> u64 {
                self.reseed_interval
            }

            /// True when the next [`generate`](Self::generate) would return
            /// [`Error::ReseedRequired`](secrets_core::Error::ReseedRequired).
            ///
            /// ```
            /// use secrets_hash_drbg::Config;
            #[doc = concat!("let mut drbg = ", $example, "::instantiate(Config::new().reseed_interval(1), &[0x11; 32], &[0x22; 16], &[])?;")]
            /// assert!(!drbg.needs_reseed());
            /// drbg.generate(&mut [0u8; 16], &[])?;
            /// assert!(drbg.needs_reseed());
            /// drbg.reseed(&[0x33; 32], &[])?;
            /// assert!(!drbg.needs_reseed());
            /// # Ok::<(), secrets_hash_drbg::Error>(())
            /// ```
            pub fn needs_reseed(&self) -> bool {
                self.reseed_counter > self.reseed_interval
            }
        }

        $crate::__shared::__forward_functions!(
            impl<H: $crate::sha::Sha> Functions for $drbg<H>, $crate::Config
        );
        $crate::__shared::__forward_functions!(impl<H: $crate::sha::Sha> Sp80090a for $drbg<H>);

        impl<H: $crate::sha::Sha> $crate::__shared::RawDrbg for $drbg<H> {
            type Hash = H;
            fn reseed_counter(&self) -> u64 {
                $drbg::reseed_counter(self)
            }
            fn self_test() -> Result<(), $crate::Error> {
                $drbg::<H>::self_test()
            }
        }
    };
}

/// Implements the engine's [`Mechanism`] for `$drbg<$hash>` (a SHA-2 hash:
/// SHA-1 never becomes a backend) from the type's own methods, including the
/// crate-private `uninstantiated` and `instantiate_in_place`.
#[doc(hidden)]
#[macro_export]
macro_rules! __mechanism {
    ($drbg:ident < $hash:ty >, $backend:expr, $rng:expr) => {
        impl $crate::__shared::Mechanism for $drbg<$hash> {
            type Config = $crate::Config;
            const BACKEND_NAME: &'static str = $backend;
            const RNG_NAME: &'static str = $rng;
            const MAX_BYTES_PER_REQUEST: usize = $crate::MAX_BYTES_PER_REQUEST;
            const MAX_RESEED_INTERVAL: u64 = $crate::MAX_RESEED_INTERVAL;
            const MIN_RESEED_INTERVAL_BYTES: u64 = $crate::__shared::MIN_RESEED_INTERVAL_BYTES;
            const BUFFERING: $crate::__shared::Buffering = $crate::__shared::BUFFERING;

            fn security_strength(_: &$crate::Config) -> usize {
                <$hash as $crate::sha::Sha>::SECURITY_STRENGTH
            }
            // Entropy of the security strength, a nonce of half of it.
            fn entropy_len(config: &$crate::Config) -> usize {
                Self::security_strength(config)
            }
            fn nonce_len(config: &$crate::Config) -> usize {
                Self::security_strength(config) / 2
            }
            fn max_additional_len(_: &$crate::Config) -> usize {
                $crate::__shared::MAX_ADDITIONAL_LEN
            }
            $crate::__shared::__forward_functions!(Mechanism for $drbg);
            fn self_test() -> Result<(), $crate::Error> {
                $drbg::<$hash>::self_test()
            }
        }
    };
}

/// The SHA-2 instances of `HashDrbg` (`hash`) or `HmacDrbg` (`hmac`), from
/// one table of both crates' names: for each hash function the mechanism
/// type (`HashDrbgSha256 = HashDrbg<sha2::Sha256>`), its engine
/// [`Mechanism`] (`"hash-drbg-sha256"`), and with the calling crate's
/// feature `std` the engine's RNG over it (`HashDrbgSha256Rng`). Invoked
/// at the root of the calling crate, which names its DRBG type there.
#[doc(hidden)]
#[macro_export]
macro_rules! __sha2_instances {
    ($which:ident) => {
        $crate::__sha2_instances!(@rows $which;
            Sha224, "SHA-224", "192", "sha224",
                HashDrbgSha224, HashDrbgSha224Rng, HmacDrbgSha224, HmacDrbgSha224Rng;
            Sha256, "SHA-256", "256", "sha256",
                HashDrbgSha256, HashDrbgSha256Rng, HmacDrbgSha256, HmacDrbgSha256Rng;
            Sha384, "SHA-384", "256", "sha384",
                HashDrbgSha384, HashDrbgSha384Rng, HmacDrbgSha384, HmacDrbgSha384Rng;
            Sha512, "SHA-512", "256", "sha512",
                HashDrbgSha512, HashDrbgSha512Rng, HmacDrbgSha512, HmacDrbgSha512Rng;
            Sha512_224, "SHA-512/224", "192", "sha512-224",
                HashDrbgSha512_224, HashDrbgSha512_224Rng, HmacDrbgSha512_224, HmacDrbgSha512_224Rng;
            Sha512_256, "SHA-512/256", "256", "sha512-256",
                HashDrbgSha512_256, HashDrbgSha512_256Rng, HmacDrbgSha512_256, HmacDrbgSha512_256Rng;
        );
    };
    (@rows $which:ident; $($hash:ident, $label:literal, $strength:literal, $suffix:literal,
        $hash_drbg:ident, $hash_drbg_rng:ident, $hmac_drbg:ident, $hmac_drbg_rng:ident;)+) => {
        $($crate::__sha2_instances!(@pick $which, ($hash, $label, $strength, $suffix),
            $hash_drbg, $hash_drbg_rng, $hmac_drbg, $hmac_drbg_rng);)+
    };
    (@pick hash, $row:tt, $mechanism:ident, $rng:ident, $other:ident, $other_rng:ident) => {
        $crate::__sha2_instances!(@one HashDrbg, "Hash_DRBG", "hash-drbg-", "secrets_hash_drbg",
            $row, $mechanism, $rng);
    };
    (@pick hmac, $row:tt, $other:ident, $other_rng:ident, $mechanism:ident, $rng:ident) => {
        $crate::__sha2_instances!(@one HmacDrbg, "HMAC_DRBG", "hmac-drbg-", "secrets_hmac_drbg",
            $row, $mechanism, $rng);
    };
    (@one $drbg:ident, $name:literal, $prefix:literal, $krate:literal,
        ($hash:ident, $label:literal, $strength:literal, $suffix:literal),
        $mechanism:ident, $rng:ident) => {
        #[doc = concat!($name, " with ", $label, " (security strength ", $strength, " bits).")]
        #[doc = ""]
        #[doc = "```"]
        #[doc = concat!("use ", $krate, "::{Config, ", stringify!($mechanism), "};")]
        #[doc = "use secrets_hash_drbg::sha::Sha;"]
        #[doc = concat!("let strength = <", $krate, "::sha2::", stringify!($hash), " as Sha>::SECURITY_STRENGTH;")]
        #[doc = concat!("assert_eq!(strength * 8, ", $strength, ");")]
        #[doc = "// Entropy of the security strength, a nonce of half of it."]
        #[doc = "let (entropy, nonce) = (vec![0x5a; strength], vec![0xa5; strength / 2]);"]
        #[doc = concat!("let mut drbg = ", stringify!($mechanism), "::instantiate(Config::new(), &entropy, &nonce, &[])?;")]
        #[doc = concat!("let mut again = ", stringify!($mechanism), "::instantiate(Config::new(), &entropy, &nonce, &[])?;")]
        #[doc = "let (mut out, mut same) = ([0u8; 64], [0u8; 64]);"]
        #[doc = "drbg.generate(&mut out, &[])?;"]
        #[doc = "again.generate(&mut same, &[])?;"]
        #[doc = "assert_eq!(out, same); // deterministic: the same inputs, the same bits"]
        #[doc = "// Less entropy than the security strength is refused."]
        #[doc = concat!("assert!(", stringify!($mechanism), "::instantiate(Config::new(), &entropy[1..], &nonce, &[]).is_err());")]
        #[doc = "# Ok::<(), secrets_core::Error>(())"]
        #[doc = "```"]
        pub type $mechanism = $drbg<$crate::sha2::$hash>;

        #[doc = concat!("`", stringify!($mechanism), "` seeded from the OS (or any entropy source), ")]
        #[doc = "reseeding and fork-safe: `secrets_drbg::Drbg` over the mechanism (feature `std`)."]
        #[doc = ""]
        #[doc = "```"]
        #[doc = concat!("let mut rng = ", $krate, "::", stringify!($rng), "::new()?; // seeded from the OS")]
        #[doc = "let (mut first, mut second) = ([0u8; 32], [0u8; 32]);"]
        #[doc = "rng.fill(&mut first)?;"]
        #[doc = "rng.fill(&mut second)?;"]
        #[doc = "assert_ne!(first, second);"]
        #[doc = "# Ok::<(), secrets_core::Error>(())"]
        #[doc = "```"]
        #[cfg(feature = "std")]
        pub type $rng = ::secrets_drbg::Drbg<$mechanism>;

        $crate::__mechanism!(
            $drbg<$crate::sha2::$hash>,
            concat!($prefix, $suffix),
            stringify!($rng)
        );
    };
}
