//! NIST CAVP HMAC_DRBG known answers: the two shipped response files (checked
//! byte for byte by sha256 first, all 1,680 records of each), the pr_true
//! flow, the self-test's records, and the parser's strictness.

#[macro_use]
#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;

use secrets_hmac_drbg::cavp::HmacDrbgKind;
use secrets_hmac_drbg::selftest::KAT_RECORDS;

cavp_tests!(HmacDrbgKind, KAT_RECORDS, "Hash_DRBG");
