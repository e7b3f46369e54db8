//! NIST CAVP HMAC_DRBG response files (`HMAC_DRBG.rsp` of
//! `drbgtestvectors.zip`): the HMAC_DRBG family of
//! [`secrets_drbg::cavp`]'s strict parser and runner (all three DRBGVS
//! flows), sharing the hash-function sections of
//! [`secrets_hash_drbg::cavp`].
//!
//! ```
//! use secrets_drbg::cavp;
//! use secrets_hmac_drbg::cavp::HmacDrbgFamily;
//!
//! let report = cavp::run::<HmacDrbgFamily>("# HMAC_DRBG options: SHA-256\n")?;
//! assert_eq!(report.passed(), 0);
//! # Ok::<(), cavp::ParseError>(())
//! ```

use secrets_hash_drbg::cavp::{HashBased, HashBasedFamily};
use secrets_hash_drbg::sha::Sha;

use crate::drbg::HmacDrbg;

/// HMAC_DRBG.
///
/// ```
/// use secrets_hash_drbg::cavp::HashBased;
/// use secrets_hmac_drbg::cavp::HmacDrbgKind;
/// use secrets_hmac_drbg::{Config, sha2::Sha512};
/// assert_eq!(HmacDrbgKind::NAME, "HMAC_DRBG");
/// // Its raw type for a hash function: here `HmacDrbg<Sha512>`.
/// let drbg = <HmacDrbgKind as HashBased>::Drbg::<Sha512>::instantiate(Config::new(), &[1; 32], &[2; 16], &[]);
/// assert!(drbg.is_ok());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct HmacDrbgKind;

impl HashBased for HmacDrbgKind {
    const NAME: &'static str = "HMAC_DRBG";
    type Drbg<H: Sha> = HmacDrbg<H>;
}

/// The HMAC_DRBG family: `cavp::run::<HmacDrbgFamily>(text)`.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_hmac_drbg::cavp::HmacDrbgFamily;
/// // RSP: the first [SHA-256] record of NIST's HMAC_DRBG no_reseed file.
/// let report = secrets_drbg::cavp::run::<HmacDrbgFamily>(RSP)?;
/// assert_eq!((report.mechanism, report.passed(), report.failed()), ("HMAC_DRBG", 1, 0));
/// let wrong = RSP.replace("ReturnedBits = e528", "ReturnedBits = e529");
/// assert_eq!(secrets_drbg::cavp::run::<HmacDrbgFamily>(&wrong)?.failed(), 1);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub type HmacDrbgFamily = HashBasedFamily<HmacDrbgKind>;
