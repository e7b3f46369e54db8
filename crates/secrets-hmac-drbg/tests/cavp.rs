//! NIST CAVP HMAC_DRBG known answers: the two shipped response files (checked
//! byte for byte by sha256 first, all 1,680 records of each), the pr_true
//! flow, the self-test's records, and the parser's strictness.

#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;

use secrets_hmac_drbg::cavp::HmacDrbgKind;
use secrets_hmac_drbg::selftest::KAT_RECORDS;

#[test]
fn shipped_files_pass_every_record() {
    common::shipped_files_pass::<HmacDrbgKind>();
}

#[test]
fn lf_line_endings_parse_the_same() {
    common::lf_line_endings_parse_the_same::<HmacDrbgKind>();
}

#[test]
fn a_wrong_answer_names_section_count_and_field() {
    common::a_wrong_answer_names_section_count_and_field::<HmacDrbgKind>();
}

#[test]
fn a_hash_drbg_file_is_refused() {
    common::another_mechanisms_file_is_refused::<HmacDrbgKind>("Hash_DRBG");
}

#[test]
fn constructed_pr_true_records_pass_through_parser_and_runner() {
    common::constructed_pr_true_records_pass::<HmacDrbgKind>();
}

#[test]
fn self_test_records_are_nist_records() {
    common::self_test_records_are_nist_records::<HmacDrbgKind>(&KAT_RECORDS);
}

#[test]
fn malformed_files_name_the_line() {
    common::malformed_files_name_the_line::<HmacDrbgKind>();
}

#[test]
fn family_name_matches() {
    common::family_name_matches::<HmacDrbgKind>();
}
