//! The three AES variants CTR_DRBG is defined for, with their SP 800-90A
//! parameters (table 3 of section 10.2.1).

use aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use cipher::{BlockCipherEncrypt, KeyInit, consts::U16};

/// AES block length in bytes (`blocklen` = `outlen` = 128 bits).
///
/// ```
/// assert_eq!(secrets_ctr_drbg::BLOCK_LEN, 16); // AES, whatever the key length
/// ```
pub const BLOCK_LEN: usize = 16;

/// The largest `seedlen` of any variant (AES-256: 384 bits).
pub(crate) const MAX_SEED_LEN: usize = 48;

mod sealed {
    pub trait Sealed {}
    impl Sealed for aes::Aes128Enc {}
    impl Sealed for aes::Aes192Enc {}
    impl Sealed for aes::Aes256Enc {}
}

/// An AES variant usable by [`CtrDrbg`](crate::CtrDrbg): `aes::Aes128Enc`,
/// `aes::Aes192Enc` or `aes::Aes256Enc`. Sealed.
///
/// The type is the expanded (encrypt-only) key schedule itself, so the DRBG
/// state holds the schedule rather than the raw key and expands each new key
/// exactly once. The `aes` crate picks AES-NI, VAES or its constant-time
/// software fallback at run time and zeroizes the schedule on drop.
///
/// ```
/// use secrets_ctr_drbg::{AesVariant, CtrDrbg};
/// fn strength<C: AesVariant>() -> usize { C::SECURITY_STRENGTH * 8 }
/// assert_eq!(strength::<aes::Aes256Enc>(), 256);
/// let drbg = CtrDrbg::<aes::Aes192Enc>::instantiate(Default::default(), &[1; 24], &[2; 12], b"")?;
/// assert_eq!(drbg.entropy_input_len(), <aes::Aes192Enc as AesVariant>::SECURITY_STRENGTH);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub trait AesVariant:
    sealed::Sealed + BlockCipherEncrypt<BlockSize = U16> + KeyInit + Send + Sync + 'static
{
    /// A label for messages and reports (`"AES-256"`).
    const LABEL: &'static str;
    /// The backend name of the DRBG on this variant (`"ctr-drbg-aes256"`).
    const BACKEND_NAME: &'static str;
    /// The type name `Debug` prints for that DRBG (`"CtrDrbgAes256Rng"`).
    const RNG_NAME: &'static str;
    /// `keylen` in bytes.
    const KEY_LEN: usize;
    /// `seedlen` = `keylen` + `blocklen`, in bytes (32, 40 or 48).
    const SEED_LEN: usize;
    /// The highest security strength supported, in bytes (16, 24 or 32).
    const SECURITY_STRENGTH: usize;
    /// `ceil(seedlen / blocklen)`: AES blocks per Update.
    const SEED_BLOCKS: usize;
    /// The message for a no-df entropy input of the wrong length.
    const NO_DF_ENTROPY_REASON: &'static str;
    /// The message for a no-df personalization/additional input that is too long.
    const NO_DF_INPUT_REASON: &'static str;
    /// The message for a df entropy input shorter than the security strength.
    const DF_ENTROPY_REASON: &'static str;
    /// The message for a df nonce shorter than half the security strength.
    const DF_NONCE_REASON: &'static str;
}

/// A length rule's message: `$rule` and `$bytes` bytes for `$label`.
macro_rules! reason {
    ($rule:literal, $bytes:literal, $label:literal) => {
        concat!($rule, $bytes, " bytes for ", $label)
    };
}

macro_rules! variant {
    ($ty:ty, $label:literal, $bits:literal, $key:literal, $seed:literal, $half:literal) => {
        impl AesVariant for $ty {
            const LABEL: &'static str = $label;
            const BACKEND_NAME: &'static str = concat!("ctr-drbg-aes", $bits);
            const RNG_NAME: &'static str = concat!("CtrDrbgAes", $bits, "Rng");
            const KEY_LEN: usize = $key;
            const SEED_LEN: usize = $seed;
            const SECURITY_STRENGTH: usize = $key;
            const SEED_BLOCKS: usize = ($seed as usize).div_ceil(BLOCK_LEN);
            const NO_DF_ENTROPY_REASON: &'static str = reason!(
                "without a derivation function the entropy input must be exactly seedlen = ",
                $seed,
                $label
            );
            const NO_DF_INPUT_REASON: &'static str = reason!(
                "without a derivation function it may be at most seedlen = ",
                $seed,
                $label
            );
            const DF_ENTROPY_REASON: &'static str = reason!(
                "the entropy input must hold at least the security strength, ",
                $key,
                $label
            );
            const DF_NONCE_REASON: &'static str = reason!(
                "with a derivation function the nonce must be at least half the security strength, ",
                $half,
                $label
            );
        }
    };
}

variant!(Aes128Enc, "AES-128", 128, 16, 32, 8);
variant!(Aes192Enc, "AES-192", 192, 24, 40, 12);
variant!(Aes256Enc, "AES-256", 256, 32, 48, 16);
