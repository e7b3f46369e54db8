//! Secrets don't linger: `V` and `C` are zeroized when the mechanism is
//! dropped.

#[macro_use]
mod common;

use secrets_hash_drbg::{Config, HashDrbgSha256, HashDrbgSha512};

dropping_wipes!(dropping_sha256_wipes_v_and_c, HashDrbgSha256, "V", "C");
dropping_wipes!(dropping_sha512_wipes_v_and_c, HashDrbgSha512, "V", "C");
