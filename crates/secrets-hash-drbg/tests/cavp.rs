//! NIST CAVP Hash_DRBG known answers: the two shipped response files (checked
//! byte for byte by sha256 first, all 1,680 records of each), the pr_true
//! flow, the self-test's records, and the parser's strictness.

mod common;

use secrets_hash_drbg::cavp::HashDrbgKind;
use secrets_hash_drbg::selftest::KAT_RECORDS;

#[test]
fn shipped_files_pass_every_record() {
    common::shipped_files_pass::<HashDrbgKind>();
}

#[test]
fn lf_line_endings_parse_the_same() {
    common::lf_line_endings_parse_the_same::<HashDrbgKind>();
}

#[test]
fn a_wrong_answer_names_section_count_and_field() {
    common::a_wrong_answer_names_section_count_and_field::<HashDrbgKind>();
}

#[test]
fn an_hmac_drbg_file_is_refused() {
    common::another_mechanisms_file_is_refused::<HashDrbgKind>("HMAC_DRBG");
}

#[test]
fn constructed_pr_true_records_pass_through_parser_and_runner() {
    common::constructed_pr_true_records_pass::<HashDrbgKind>();
}

#[test]
fn self_test_records_are_nist_records() {
    common::self_test_records_are_nist_records::<HashDrbgKind>(&KAT_RECORDS);
}

#[test]
fn malformed_files_name_the_line() {
    common::malformed_files_name_the_line::<HashDrbgKind>();
}

#[test]
fn family_name_matches() {
    common::family_name_matches::<HashDrbgKind>();
}
