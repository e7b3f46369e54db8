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

use crate::drbg::HmacDrbg;

secrets_hash_drbg::__cavp_kind!(
    HmacDrbgKind, HmacDrbgFamily, HmacDrbg, "HMAC_DRBG", "secrets_hmac_drbg",
    example: include_str!("cavp_doc_rsp.md"), bits: "e528" => "e529"
);
