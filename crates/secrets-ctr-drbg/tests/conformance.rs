//! The conformance suite (`secrets-conformance`) on CTR_DRBG with AES-128
//! and AES-256.

#[path = "../../secrets-drbg/tests/support/conformance.rs"]
mod support;

use secrets_ctr_drbg::{CtrDrbgAes128, CtrDrbgAes256};

#[test]
fn ctr_drbg_aes128_conforms() {
    support::conforms::<CtrDrbgAes128>();
}

#[test]
fn ctr_drbg_aes256_conforms() {
    support::conforms::<CtrDrbgAes256>();
}
