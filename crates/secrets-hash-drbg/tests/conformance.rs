//! The conformance suite (`secrets-conformance`) on Hash_DRBG with SHA-256
//! and SHA-512.

#[macro_use]
mod common;
use common::conformance::conforms;

use secrets_hash_drbg::{HashDrbgSha256, HashDrbgSha512};

conformance_tests!(
    hash_drbg_sha256_conforms: HashDrbgSha256,
    hash_drbg_sha512_conforms: HashDrbgSha512,
);
