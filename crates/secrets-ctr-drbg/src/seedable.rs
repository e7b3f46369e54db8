//! rand_core's traits on the raw mechanism: [`SeedableRng`] with a
//! documented seed layout, and [`TryRng`] + [`TryCryptoRng`] that split
//! requests into Generate calls of at most 64 KiB.

use core::fmt;
use core::marker::PhantomData;

use rand_core::{SeedableRng, TryCryptoRng, TryRng};
use secrets_core::Error;
use zeroize::Zeroize;

use crate::cipher::{AesVariant, MAX_SEED_LEN};
use crate::drbg::{CtrDrbg, MAX_BYTES_PER_REQUEST};

/// The seed of [`CtrDrbg`]'s [`SeedableRng`] implementation:
/// `entropy_input || nonce`, the inputs of Instantiate with the derivation
/// function (SP 800-90A 10.2.1.3.2) and an empty personalization string.
///
/// | variant | entropy_input | nonce | seed length |
/// | --- | --- | --- | --- |
/// | AES-128 | 16 bytes | 8 bytes | 24 bytes |
/// | AES-192 | 24 bytes | 12 bytes | 36 bytes |
/// | AES-256 | 32 bytes | 16 bytes | 48 bytes |
///
/// That is the security strength of entropy plus half of it as the nonce,
/// what OpenSSL's default DRBG draws (and what the `std` wrappers draw from
/// the OS). `from_seed(s)` is exactly
/// `CtrDrbg::instantiate(Config::with_df(), &s[..strength], &s[strength..], b"")`
/// (tested), so the stream is reproducible against any SP 800-90A
/// implementation. Wiped on drop; `Debug` prints `CtrDrbgSeed { .. }`.
///
/// ```
/// use rand_core::SeedableRng;
/// use secrets_ctr_drbg::{CtrDrbgAes256, CtrDrbgSeed};
///
/// let mut seed = CtrDrbgSeed::<aes::Aes256Enc>::default();
/// assert_eq!(seed.as_ref().len(), 48); // 32 bytes of entropy || 16 of nonce
/// seed.as_mut().copy_from_slice(&[0x42; 48]); // your own seed material
/// let drbg = CtrDrbgAes256::from_seed(seed);
/// # let _ = drbg;
/// ```
pub struct CtrDrbgSeed<C: AesVariant> {
    bytes: [u8; MAX_SEED_LEN],
    variant: PhantomData<C>,
}

impl<C: AesVariant> CtrDrbgSeed<C> {
    /// The seed length of this variant: 1.5 times the security strength.
    ///
    /// ```
    /// use secrets_ctr_drbg::CtrDrbgSeed;
    /// assert_eq!(CtrDrbgSeed::<aes::Aes128Enc>::LEN, 24);
    /// assert_eq!(CtrDrbgSeed::<aes::Aes256Enc>::LEN, 48);
    /// ```
    pub const LEN: usize = C::SECURITY_STRENGTH + C::SECURITY_STRENGTH / 2;
}

impl<C: AesVariant> Default for CtrDrbgSeed<C> {
    fn default() -> Self {
        CtrDrbgSeed {
            bytes: [0; MAX_SEED_LEN],
            variant: PhantomData,
        }
    }
}

/// Seeds are copied as `SeedableRng` requires; each copy wipes itself.
impl<C: AesVariant> Clone for CtrDrbgSeed<C> {
    fn clone(&self) -> Self {
        CtrDrbgSeed {
            bytes: self.bytes,
            variant: PhantomData,
        }
    }
}

impl<C: AesVariant> AsRef<[u8]> for CtrDrbgSeed<C> {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[..Self::LEN]
    }
}

impl<C: AesVariant> AsMut<[u8]> for CtrDrbgSeed<C> {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.bytes[..Self::LEN]
    }
}

impl<C: AesVariant> Drop for CtrDrbgSeed<C> {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl<C: AesVariant> fmt::Debug for CtrDrbgSeed<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CtrDrbgSeed { .. }")
    }
}

/// Instantiates with the derivation function from `entropy_input || nonce`
/// (see [`CtrDrbgSeed`]) and `reseed_interval` 2^48.
///
/// The raw mechanism has no entropy source, so it cannot reseed by itself:
/// after 2^48 Generate calls its [`TryRng`] methods fail with
/// [`Error::ReseedRequired`] (never reached in practice: that is at least
/// 2^50 bytes). For a generator that reseeds, use the `std` wrappers
/// ([`CtrDrbgAes256Rng`](crate::CtrDrbgAes256Rng)).
impl<C: AesVariant> SeedableRng for CtrDrbg<C> {
    type Seed = CtrDrbgSeed<C>;

    fn from_seed(seed: Self::Seed) -> Self {
        let (entropy_input, nonce) = seed.as_ref().split_at(C::SECURITY_STRENGTH);
        CtrDrbg::instantiate_df_from_valid_lengths(entropy_input, nonce)
    }
}

/// Generate with no additional input, split into calls of at most
/// [`MAX_BYTES_PER_REQUEST`] (64 KiB = 2^19 bits, SP 800-90A's limit per
/// request); `try_next_u32`/`try_next_u64` are one Generate call of 4/8
/// bytes read little-endian.
///
/// The only error is [`Error::ReseedRequired`]: when the `reseed_interval`
/// does not leave enough Generate calls for the whole request, nothing is
/// generated, `dst` is untouched and the state unchanged. rand's
/// infallible API takes it through rand_core's
/// [`UnwrapErr`](rand_core::UnwrapErr), which panics on that error:
///
/// ```
/// use rand::RngExt;
/// use rand_core::{SeedableRng, UnwrapErr};
/// use secrets_ctr_drbg::CtrDrbgAes256;
///
/// let mut seed = secrets_ctr_drbg::CtrDrbgSeed::default();
/// seed.as_mut().copy_from_slice(&[7u8; 48]);
/// let mut rng = UnwrapErr(CtrDrbgAes256::from_seed(seed));
/// let roll: u8 = rng.random_range(1..=6);
/// let mut big = vec![0u8; 200_000]; // four Generate calls
/// rand::Rng::fill_bytes(&mut rng, &mut big);
/// # let _ = roll;
/// ```
impl<C: AesVariant> TryRng for CtrDrbg<C> {
    type Error = Error;

    /// One Generate call of 4 bytes (`try_fill_bytes` of 4), little-endian.
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    /// One Generate call of 8 bytes, little-endian.
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        let calls = dst.len().div_ceil(MAX_BYTES_PER_REQUEST) as u64;
        // Generate calls left before a reseed is due (reseed_counter starts at 1).
        let left = (self.reseed_interval() + 1).saturating_sub(self.reseed_counter());
        if calls > left {
            return Err(Error::ReseedRequired);
        }
        for chunk in dst.chunks_mut(MAX_BYTES_PER_REQUEST) {
            if let Err(error) = self.generate(chunk, &[]) {
                // Checked above; should it happen anyway, hand out nothing.
                dst.zeroize();
                return Err(error);
            }
        }
        Ok(())
    }
}

/// An SP 800-90A DRBG seeded with full-entropy input is a crypto RNG.
impl<C: AesVariant> TryCryptoRng for CtrDrbg<C> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_lengths_follow_the_security_strength() {
        assert_eq!(CtrDrbgSeed::<aes::Aes128Enc>::default().as_ref().len(), 24);
        assert_eq!(CtrDrbgSeed::<aes::Aes192Enc>::default().as_ref().len(), 36);
        assert_eq!(CtrDrbgSeed::<aes::Aes256Enc>::default().as_mut().len(), 48);
        assert_eq!(
            std::format!("{:?}", CtrDrbgSeed::<aes::Aes256Enc>::default()),
            "CtrDrbgSeed { .. }"
        );
        let drbg = <CtrDrbg<aes::Aes256Enc> as SeedableRng>::from_seed(CtrDrbgSeed::default());
        assert!(drbg.uses_df());
        assert_eq!(drbg.reseed_interval(), crate::MAX_RESEED_INTERVAL);
    }
}
