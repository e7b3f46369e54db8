//! The conformance suite (`secrets-conformance`) on Hash_DRBG with SHA-256
//! and SHA-512.

use secrets_hash_drbg::{HashDrbgSha256Rng, HashDrbgSha512Rng};

#[test]
fn hash_drbg_sha256_conforms() {
    secrets_conformance::assert_conforms("hash-drbg-sha256", &|| {
        HashDrbgSha256Rng::new().map_err(|e| e.to_string())
    });
}

#[test]
fn hash_drbg_sha512_conforms() {
    secrets_conformance::assert_conforms("hash-drbg-sha512", &|| {
        HashDrbgSha512Rng::new().map_err(|e| e.to_string())
    });
}
