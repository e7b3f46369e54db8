//! The conformance suite (`secrets-conformance`) on HMAC_DRBG with SHA-256
//! and SHA-512.

#[macro_use]
#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;
use common::conformance::conforms;

use secrets_hmac_drbg::{HmacDrbgSha256, HmacDrbgSha512};

conformance_tests!(
    hmac_drbg_sha256_conforms: HmacDrbgSha256,
    hmac_drbg_sha512_conforms: HmacDrbgSha512,
);
