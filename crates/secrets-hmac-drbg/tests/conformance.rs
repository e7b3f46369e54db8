//! The conformance suite (`secrets-conformance`) on HMAC_DRBG with SHA-256
//! and SHA-512.

use secrets_hmac_drbg::{HmacDrbgSha256Rng, HmacDrbgSha512Rng};

#[test]
fn hmac_drbg_sha256_conforms() {
    secrets_conformance::assert_conforms("hmac-drbg-sha256", &|| {
        HmacDrbgSha256Rng::new().map_err(|e| e.to_string())
    });
}

#[test]
fn hmac_drbg_sha512_conforms() {
    secrets_conformance::assert_conforms("hmac-drbg-sha512", &|| {
        HmacDrbgSha512Rng::new().map_err(|e| e.to_string())
    });
}
