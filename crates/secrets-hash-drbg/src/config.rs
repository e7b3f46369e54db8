//! What SP 800-90A section 10.1 (table 2) fixes for both hash-based DRBGs:
//! the limits, the `reseed_interval` and the input rules.

use secrets_core::Error;

use crate::sha::Sha;

/// The most one Generate call may return: 2^19 bits = 65,536 bytes
/// (`max_number_of_bits_per_request`, SP 800-90A table 2).
///
/// ```
/// use secrets_hash_drbg::{Config, HashDrbgSha256, MAX_BYTES_PER_REQUEST};
/// let mut drbg = HashDrbgSha256::instantiate(Config::new(), &[1; 32], &[2; 16], &[])?;
/// let mut out = vec![0u8; MAX_BYTES_PER_REQUEST];
/// drbg.generate(&mut out, &[])?; // the most one call may return
/// out.push(0);
/// assert!(drbg.generate(&mut out, &[]).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const MAX_BYTES_PER_REQUEST: usize = 1 << 16;

/// The largest `reseed_interval` SP 800-90A allows: 2^48 Generate calls.
///
/// ```
/// use secrets_hash_drbg::{Config, HashDrbgSha256, MAX_RESEED_INTERVAL};
/// let instantiate = |config| HashDrbgSha256::instantiate(config, &[1; 32], &[2; 16], &[]);
/// assert!(instantiate(Config::new().reseed_interval(MAX_RESEED_INTERVAL)).is_ok());
/// assert!(instantiate(Config::new().reseed_interval(MAX_RESEED_INTERVAL + 1)).is_err());
/// ```
pub const MAX_RESEED_INTERVAL: u64 = 1 << 48;

/// The longest entropy input, nonce, personalization string or additional
/// input accepted, in bytes: SP 800-90A's `max_length` of 2^35 bits.
///
/// ```
/// use secrets_hash_drbg::MAX_INPUT_BYTES;
/// assert_eq!(MAX_INPUT_BYTES * 8, 1 << 35); // max_length, in bits
/// ```
pub const MAX_INPUT_BYTES: u64 = 1 << 32;

const RESEED_INTERVAL_REASON: &str =
    "must be between 1 and 2^48 Generate calls (SP 800-90A table 2)";
const MAX_LENGTH_REASON: &str = "longer than max_length, 2^35 bits (SP 800-90A table 2)";
const NOT_INSTANTIATED_REASON: &str =
    "the DRBG is not instantiated: call instantiate before reseed or generate";

/// How a Hash_DRBG or HMAC_DRBG is instantiated: its `reseed_interval`.
///
/// `Config::default()` is [`Config::new`]: the largest interval SP 800-90A
/// allows (2^48 Generate calls).
///
/// ```
/// use secrets_hash_drbg::{Config, HashDrbgSha256};
/// let config = Config::new().reseed_interval(2);
/// let mut drbg = HashDrbgSha256::instantiate(config, &[1; 32], &[2; 16], &[])?;
/// drbg.generate(&mut [0u8; 8], &[])?;
/// drbg.generate(&mut [0u8; 8], &[])?;
/// assert!(drbg.needs_reseed()); // two Generate calls, then a reseed
/// assert_eq!(Config::default(), Config::new());
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    reseed_interval: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    /// The largest `reseed_interval`, [`MAX_RESEED_INTERVAL`].
    ///
    /// ```
    /// use secrets_hash_drbg::{Config, MAX_RESEED_INTERVAL};
    /// assert_eq!(Config::new().get_reseed_interval(), MAX_RESEED_INTERVAL);
    /// ```
    pub const fn new() -> Self {
        Config {
            reseed_interval: MAX_RESEED_INTERVAL,
        }
    }

    /// Sets `reseed_interval`: the number of Generate calls allowed between
    /// reseeds, from 1 to [`MAX_RESEED_INTERVAL`] (checked at instantiation).
    ///
    /// ```
    /// use secrets_hash_drbg::{Config, HashDrbgSha256};
    /// let config = Config::new().reseed_interval(1_000);
    /// assert_eq!(config.get_reseed_interval(), 1_000);
    /// // Zero is out of range: refused when the DRBG is instantiated.
    /// assert!(HashDrbgSha256::instantiate(Config::new().reseed_interval(0), &[1; 32], &[2; 16], &[]).is_err());
    /// ```
    #[must_use]
    pub const fn reseed_interval(mut self, interval: u64) -> Self {
        self.reseed_interval = interval;
        self
    }

    /// The configured `reseed_interval`.
    ///
    /// ```
    /// use secrets_hash_drbg::Config;
    /// assert_eq!(Config::new().reseed_interval(7).get_reseed_interval(), 7);
    /// ```
    pub const fn get_reseed_interval(&self) -> u64 {
        self.reseed_interval
    }
}

/// The input rules of SP 800-90A 8.6 and table 2, shared by Hash_DRBG and
/// HMAC_DRBG. Each refusal is an [`Error::InvalidArgument`] naming the input.
#[doc(hidden)]
pub mod rules {
    use super::*;

    /// `reseed_interval` is 1 to 2^48.
    pub fn reseed_interval(interval: u64) -> Result<(), Error> {
        if interval == 0 || interval > MAX_RESEED_INTERVAL {
            return Err(Error::invalid("reseed_interval", RESEED_INTERVAL_REASON));
        }
        Ok(())
    }

    /// `input` is at most `max_length` (2^35 bits).
    pub fn max_length(argument: &'static str, input: &[u8]) -> Result<(), Error> {
        // `usize` to `u64` never loses bits on the targets Rust supports.
        if u64::try_from(input.len()).map_or(true, |len| len > MAX_INPUT_BYTES) {
            return Err(Error::invalid(argument, MAX_LENGTH_REASON));
        }
        Ok(())
    }

    /// The entropy input holds at least the security strength, and at most
    /// `max_length`.
    pub fn entropy_input<H: Sha>(entropy_input: &[u8]) -> Result<(), Error> {
        if entropy_input.len() < H::SECURITY_STRENGTH {
            return Err(Error::invalid("entropy_input", H::ENTROPY_INPUT_REASON));
        }
        max_length("entropy_input", entropy_input)
    }

    /// The nonce is at least half the security strength (8.6.7), and at most
    /// `max_length`.
    pub fn nonce<H: Sha>(nonce: &[u8]) -> Result<(), Error> {
        if nonce.len() < H::SECURITY_STRENGTH / 2 {
            return Err(Error::invalid("nonce", H::NONCE_REASON));
        }
        max_length("nonce", nonce)
    }

    /// Reseed and Generate need an instantiated state (`reseed_counter` is
    /// 1 or more from Instantiate on).
    pub fn instantiated(reseed_counter: u64) -> Result<(), Error> {
        if reseed_counter == 0 {
            return Err(Error::invalid("self", NOT_INSTANTIATED_REASON));
        }
        Ok(())
    }

    /// The checks of Instantiate, in this order: the `reseed_interval`, the
    /// entropy input, the nonce, the personalization string.
    pub fn instantiate<H: Sha>(
        reseed_interval: u64,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) -> Result<(), Error> {
        self::reseed_interval(reseed_interval)?;
        self::entropy_input::<H>(entropy_input)?;
        self::nonce::<H>(nonce)?;
        max_length("personalization_string", personalization_string)
    }

    /// The checks of Reseed: an instantiated state, the entropy input, the
    /// additional input.
    pub fn reseed<H: Sha>(
        reseed_counter: u64,
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), Error> {
        instantiated(reseed_counter)?;
        self::entropy_input::<H>(entropy_input)?;
        max_length("additional_input", additional_input)
    }

    /// The checks every Generate call makes first, in this order: the
    /// request size, an instantiated state, the reseed counter, the
    /// additional input.
    pub fn generate(
        out: &[u8],
        reseed_counter: u64,
        reseed_interval: u64,
        additional_input: &[u8],
    ) -> Result<(), Error> {
        if out.len() > MAX_BYTES_PER_REQUEST {
            return Err(request_too_large());
        }
        instantiated(reseed_counter)?;
        if reseed_counter > reseed_interval {
            return Err(Error::ReseedRequired);
        }
        max_length("additional_input", additional_input)
    }

    /// [`Error::RequestTooLarge`] with this module's limit.
    pub const fn request_too_large() -> Error {
        Error::RequestTooLarge {
            max_bytes: MAX_BYTES_PER_REQUEST as u64,
        }
    }
}
