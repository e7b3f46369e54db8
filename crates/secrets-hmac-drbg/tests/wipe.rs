//! Secrets don't linger: `Key` and `V` are zeroized when the mechanism is
//! dropped.

#[macro_use]
#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;

use secrets_hmac_drbg::{Config, HmacDrbgSha256, HmacDrbgSha512};

dropping_wipes!(dropping_sha256_wipes_key_and_v, HmacDrbgSha256, "Key", "V");
dropping_wipes!(dropping_sha512_wipes_key_and_v, HmacDrbgSha512, "Key", "V");
