//! NIST CAVP Hash_DRBG known answers: the two shipped response files (checked
//! byte for byte by sha256 first, all 1,680 records of each), the pr_true
//! flow, the self-test's records, and the parser's strictness.

#[macro_use]
mod common;

use secrets_hash_drbg::cavp::HashDrbgKind;
use secrets_hash_drbg::selftest::KAT_RECORDS;

cavp_tests!(HashDrbgKind, KAT_RECORDS, "HMAC_DRBG");
