//! The seeded, reseeding, buffered, fork-safe RNGs (feature `std`): the
//! engine of `secrets-drbg` over [`CtrDrbg`].
//!
//! See the [crate documentation](crate#the-rng-wrappers) for the policy and
//! its reasons; the code is `secrets_drbg::Drbg`.

use secrets_core::{EntropySource, Error};
use secrets_drbg::{Drbg, Options};

use crate::cipher::AesVariant;
use crate::drbg::{Config, CtrDrbg, CtrDrbgAes128, CtrDrbgAes256};

/// Backend name of [`CtrDrbgAes256Rng`].
///
/// ```
/// use secrets_core::Backend;
/// let rng = secrets_ctr_drbg::CtrDrbgAes256Rng::new()?;
/// assert_eq!(rng.name(), secrets_ctr_drbg::CTR_DRBG_AES256_NAME);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const CTR_DRBG_AES256_NAME: &str = <aes::Aes256Enc as AesVariant>::BACKEND_NAME;
/// Backend name of [`CtrDrbgAes128Rng`].
///
/// ```
/// assert_eq!(secrets_ctr_drbg::CTR_DRBG_AES128_NAME, "ctr-drbg-aes128");
/// ```
pub const CTR_DRBG_AES128_NAME: &str = <aes::Aes128Enc as AesVariant>::BACKEND_NAME;

/// The RNGs' configuration: derivation function on or off (the mechanism's
/// [`Config`]) and when to reseed. `RngOptions::default()` is the
/// documented default: with df, [`DEFAULT_RESEED_INTERVAL_REQUESTS`](crate::DEFAULT_RESEED_INTERVAL_REQUESTS)
/// and [`DEFAULT_RESEED_INTERVAL_BYTES`](crate::DEFAULT_RESEED_INTERVAL_BYTES).
///
/// ```
/// use secrets_ctr_drbg::{Config, CtrDrbgAes256Rng, RngOptions};
/// let options = RngOptions::with_config(Config::with_df()).reseed_interval_bytes(1 << 20);
/// let rng = CtrDrbgAes256Rng::with_options(Box::new(secrets_os::OsRng::new()?), options)?;
/// assert_eq!(rng.reseed_interval(), 1 << 20);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type RngOptions = Options<Config>;

/// CTR_DRBG AES-256 as a rand_core RNG and a secrets backend
/// (`"ctr-drbg-aes256"`): seeded from the OS (or any [`EntropySource`]),
/// reseeding automatically, buffered for small requests, fork-safe. The
/// default configuration: with df, 256-bit entropy input and a 128-bit
/// nonce, like OpenSSL's default DRBG.
///
/// See the [crate documentation](crate#the-rng-wrappers).
///
/// ```
/// use rand_core::TryRng;
/// let mut rng = secrets_ctr_drbg::CtrDrbgAes256Rng::new()?;
/// let mut key = [0u8; 32];
/// rng.try_fill_bytes(&mut key)?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type CtrDrbgAes256Rng = Drbg<CtrDrbgAes256>;

/// CTR_DRBG AES-128 as a rand_core RNG and a secrets backend
/// (`"ctr-drbg-aes128"`); as [`CtrDrbgAes256Rng`] with a 128-bit security
/// strength (128-bit entropy input, 64-bit nonce).
///
/// ```
/// let mut rng = secrets_ctr_drbg::CtrDrbgAes128Rng::new()?;
/// rng.fill(&mut [0u8; 16])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type CtrDrbgAes128Rng = Drbg<CtrDrbgAes128>;

/// What only the CTR_DRBG RNGs have: the choice of the derivation function.
///
/// ```
/// use secrets_ctr_drbg::{CtrDrbgAes256Rng, CtrDrbgRng};
/// let rng = CtrDrbgAes256Rng::from_source_without_df(secrets_os::OsRng::new()?)?;
/// assert!(!rng.uses_df());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub trait CtrDrbgRng: Sized {
    /// Without the derivation function: each seed is exactly `seedlen`
    /// bytes from `source`, which must deliver full entropy (RDSEED, or the
    /// OS). No nonce is drawn.
    ///
    /// # Errors
    /// The source's error, or [`Error::HealthTest`] if the known-answer
    /// self-test fails.
    fn from_source_without_df(source: impl EntropySource + 'static) -> Result<Self, Error>;

    /// Whether this generator uses the derivation function.
    fn uses_df(&self) -> bool;
}

impl<C: AesVariant> CtrDrbgRng for Drbg<CtrDrbg<C>> {
    fn from_source_without_df(source: impl EntropySource + 'static) -> Result<Self, Error> {
        Self::with_options(
            std::boxed::Box::new(source),
            RngOptions::with_config(Config::without_df()),
        )
    }

    fn uses_df(&self) -> bool {
        self.config().uses_df()
    }
}
