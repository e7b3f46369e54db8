//! The conformance suite (`secrets-conformance`) on CTR_DRBG with AES-128
//! and AES-256.

use secrets_ctr_drbg::{CtrDrbgAes128Rng, CtrDrbgAes256Rng};

#[test]
fn ctr_drbg_aes128_conforms() {
    secrets_conformance::assert_conforms("ctr-drbg-aes128", &|| {
        CtrDrbgAes128Rng::new().map_err(|e| e.to_string())
    });
}

#[test]
fn ctr_drbg_aes256_conforms() {
    secrets_conformance::assert_conforms("ctr-drbg-aes256", &|| {
        CtrDrbgAes256Rng::new().map_err(|e| e.to_string())
    });
}
