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
#[derive(Clone, Copy, Debug)]
pub struct HmacDrbgKind;

impl HashBased for HmacDrbgKind {
    const NAME: &'static str = "HMAC_DRBG";
    type Drbg<H: Sha> = HmacDrbg<H>;
}

/// The HMAC_DRBG family: `cavp::run::<HmacDrbgFamily>(text)`.
pub type HmacDrbgFamily = HashBasedFamily<HmacDrbgKind>;
