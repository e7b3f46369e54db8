//! The conformance suite (`secrets-conformance`) on CTR_DRBG with AES-128
//! and AES-256.

#[path = "../../secrets-drbg/tests/support/conformance.rs"]
mod support;
use support::conforms;

use secrets_ctr_drbg::{CtrDrbgAes128, CtrDrbgAes256};

conformance_tests!(
    ctr_drbg_aes128_conforms: CtrDrbgAes128,
    ctr_drbg_aes256_conforms: CtrDrbgAes256,
);
