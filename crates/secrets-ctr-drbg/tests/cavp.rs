//! NIST CAVP CTR_DRBG known answers: the two shipped response files (checked
//! byte for byte by sha256 first), the pr_true flow, and the parser's
//! strictness on malformed files.

use secrets_ctr_drbg::cavp::{self, Flow, ParseError, Report};
use secrets_ctr_drbg::{Config, CtrDrbg, CtrDrbgAes128, CtrDrbgAes192, CtrDrbgAes256, aes};

mod common;
use common::{
    PrTrueSection, assert_full_pass, assert_wrong_answer_is_named, bytes, failures_text,
    family_independent_malformed_lines, malformed_lines, parse_never_panics, pr_true_by_hand,
    read_vector, with_line_replaced, write_pr_true_section,
};

const NO_RESEED: &str = "cavp/CTR_DRBG_no_reseed.rsp";
const PR_FALSE: &str = "cavp/CTR_DRBG_pr_false.rsp";

/// All 1,440 AES records pass, the 480 3KeyTDEA records are skipped, and
/// every section has its 240 records.
fn assert_all_aes_pass(report: &Report, flow: Flow) {
    let names = [
        "3KeyTDEA use df",
        "AES-128 use df",
        "AES-192 use df",
        "AES-256 use df",
        "3KeyTDEA no df",
        "AES-128 no df",
        "AES-192 no df",
        "AES-256 no df",
    ];
    assert_full_pass(report, flow, (1440, 480), &names, |name| {
        if name.starts_with("3KeyTDEA") {
            (0, 240)
        } else {
            (240, 0)
        }
    });
}

#[test]
fn no_reseed_file_passes() {
    let text = read_vector(NO_RESEED);
    let report = cavp::run(&text).unwrap_or_else(|e| panic!("{}: {e}", NO_RESEED));
    assert_all_aes_pass(&report, Flow::NoReseed);
}

#[test]
fn pr_false_file_passes() {
    let text = read_vector(PR_FALSE);
    let report = cavp::run(&text).unwrap_or_else(|e| panic!("{}: {e}", PR_FALSE));
    assert_all_aes_pass(&report, Flow::PrFalse);
}

#[test]
fn lf_line_endings_parse_the_same() {
    let crlf = read_vector(PR_FALSE);
    assert!(
        crlf.contains("\r\n"),
        "the shipped file keeps its CRLF endings"
    );
    let lf = crlf.replace("\r\n", "\n");
    assert_eq!(cavp::parse(&crlf).unwrap(), cavp::parse(&lf).unwrap());
}

#[test]
fn a_wrong_answer_names_section_count_and_field() {
    let text = read_vector(NO_RESEED);
    let records = cavp::parse(&text).unwrap();
    assert_wrong_answer_is_named(records, ("AES-192 no df", 1439), cavp::run_records);
}

// ---------------------------------------------------------------------------
// pr_true

/// NIST's `drbgvectors_pr_true/CTR_DRBG.rsp` (CAVS 14.3) is not shipped.
/// Three COUNT = 0 records of it are reproduced verbatim in public CTR_DRBG
/// test suites (mbed TLS's CTR_DRBG self-test comment, Apple corecrypto's
/// tests, a vendor's CAVP harness); they are NIST's answers, not ours, kept
/// in `vectors/excerpts` (see vectors/README.md).
const NIST_PR_TRUE_EXCERPT: &str = "excerpts/CTR_DRBG_pr_true_COUNT0.rsp";

#[test]
fn nist_pr_true_records_pass() {
    let text = read_vector(NIST_PR_TRUE_EXCERPT);
    let report = cavp::run(&text).unwrap();
    assert!(report.failures.is_empty(), "{}", failures_text(&report));
    assert_eq!(
        (report.passed(), report.failed(), report.skipped()),
        (3, 0, 0)
    );
    assert_eq!(report.flows, vec![Flow::PrTrue]);
}

/// Builds a pr_true file in NIST's layout for every AES section and the four
/// combinations of empty/non-empty personalization and additional input,
/// with answers from `pr_true_by_hand`, then runs it through the parser and
/// runner.
#[test]
fn constructed_pr_true_records_pass_through_parser_and_runner() {
    let mut file = String::from("# CAVS-style pr_true file built by the test\r\n\r\n");
    let mut expected_records = 0;
    for (name, key_len, seed_len) in [
        ("AES-128", 16usize, 32usize),
        ("AES-192", 24, 40),
        ("AES-256", 32, 48),
    ] {
        for use_df in [true, false] {
            let section = format!("{name} {}", if use_df { "use df" } else { "no df" });
            let section = PrTrueSection {
                name: &section,
                tag: "",
                entropy_len: if use_df { key_len } else { seed_len },
                nonce_len: if use_df { key_len / 2 } else { 0 },
                input_len: if use_df { key_len } else { seed_len },
                returned_len: 64,
            };
            let config = if use_df {
                Config::with_df()
            } else {
                Config::without_df()
            };
            expected_records += write_pr_true_section(&mut file, &section, |inputs| match name {
                "AES-128" => pr_true_by_hand::<CtrDrbg<aes::Aes128Enc>>(config, inputs, 64),
                "AES-192" => pr_true_by_hand::<CtrDrbg<aes::Aes192Enc>>(config, inputs, 64),
                _ => pr_true_by_hand::<CtrDrbg<aes::Aes256Enc>>(config, inputs, 64),
            });
        }
    }
    let records = cavp::parse(&file).unwrap();
    assert_eq!(records.len(), expected_records);
    assert!(
        records
            .iter()
            .all(|r| r.flow == Flow::PrTrue && r.entropy_input_pr.is_some())
    );
    let report = cavp::run_records(&records);
    assert!(report.failures.is_empty(), "{}", failures_text(&report));
    assert_eq!(report.passed(), expected_records);
    assert_eq!(report.sections.len(), 6);

    // The runner really uses EntropyInputPR: change one and the record fails.
    let mut tampered = records.clone();
    tampered[5].entropy_input_pr.as_mut().unwrap()[1][0] ^= 0x80;
    let report = cavp::run_records(&tampered);
    assert_eq!(report.failed(), 1);
    assert_eq!(report.failures[0].count, tampered[5].count);
    assert_eq!(report.failures[0].mismatch.field, "ReturnedBits");
}

/// A pr_true Generate is not a plain Generate: with the same inputs the
/// outputs of the two flows differ (the reseed really happens).
#[test]
fn prediction_resistance_changes_the_output() {
    let entropy = bytes("e", 32);
    let nonce = bytes("n", 16);
    let mut a = CtrDrbgAes256::instantiate(Config::with_df(), &entropy, &nonce, &[]).unwrap();
    let mut b = CtrDrbgAes256::instantiate(Config::with_df(), &entropy, &nonce, &[]).unwrap();
    let mut out_a = [0u8; 64];
    let mut out_b = [0u8; 64];
    a.generate(&mut out_a, &[]).unwrap();
    b.generate_with_prediction_resistance(&mut out_b, &bytes("pr", 32), &[])
        .unwrap();
    assert_ne!(out_a, out_b);
    // And it resets the reseed counter, as a reseed does.
    assert_eq!(b.reseed_counter(), 2);
}

#[test]
fn mechanism_self_tests_pass() {
    assert_eq!(CtrDrbgAes128::self_test(), Ok(()));
    assert_eq!(CtrDrbgAes192::self_test(), Ok(()));
    assert_eq!(CtrDrbgAes256::self_test(), Ok(()));
}

// ---------------------------------------------------------------------------
// Malformed files: every error names the line.

const GOOD: &str = "\
# comment\r
\r
[AES-128 use df]\r
[PredictionResistance = False]\r
[EntropyInputLen = 128]\r
[NonceLen = 64]\r
[PersonalizationStringLen = 0]\r
[AdditionalInputLen = 0]\r
[ReturnedBitsLen = 512]\r
\r
COUNT = 0\r
EntropyInput = 890eb067acf7382eff80b0c73bc872c6\r
Nonce = aad471ef3ef1d203\r
PersonalizationString = \r
AdditionalInput = \r
AdditionalInput = \r
ReturnedBits = a5514ed7095f64f3d0d3a5760394ab42062f373a25072a6ea6bcfd8489e94af6cf18659fccc7ebcd1a6a2de1b1e4e51e5f3ec8b7ae9b2d6d1f3b5f0c1e6b7e0e\r
\r
";

fn parse_err(text: &str) -> ParseError {
    cavp::parse(text).expect_err("the file is malformed")
}

/// Replaces line `n` (1-based) of GOOD.
fn with_line(n: usize, replacement: &str) -> String {
    with_line_replaced(GOOD, n, replacement)
}

#[test]
fn the_malformed_file_fixture_itself_parses() {
    let records = cavp::parse(GOOD).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].flow, Flow::NoReseed);
    assert_eq!(records[0].line, 11);
    // The answer is made up, so running it fails — on ReturnedBits.
    let report = cavp::run_records(&records);
    assert_eq!(report.failures[0].mismatch.field, "ReturnedBits");
}

/// Asserts that `text` fails to parse with an error naming `line` whose
/// message contains `message` (`""`: any message).
#[track_caller]
fn assert_err(text: &str, line: usize, message: &str) {
    let e = parse_err(text);
    assert_eq!(e.line, line, "{e}");
    assert!(e.message.contains(message), "{e}");
}

#[test]
fn truncated_record_is_an_error_naming_its_line() {
    // Cut after the second AdditionalInput: ReturnedBits is missing.
    let cut = GOOD.find("ReturnedBits = ").unwrap();
    assert_err(&GOOD[..cut], 11, "no ReturnedBits");
    // Cut in the middle of a hex value: a length mismatch on that line.
    let cut = GOOD.find("ReturnedBits = ").unwrap() + 41;
    assert_err(&GOOD[..cut], 17, "bits but the header says 512");
}

#[test]
fn malformed_lines_are_errors_naming_their_line() {
    let own = malformed_lines(include_str!("data/ctr_malformed_lines.tsv"));
    assert_eq!(own.len(), 8, "every case of the table is read");
    let cases = family_independent_malformed_lines().into_iter().chain(own);
    for (n, replacement, line, message) in cases {
        assert_err(&with_line(n, &replacement), line, &message);
    }
}

#[test]
fn malformed_input_never_panics() {
    // Every prefix of a real record group, at every byte, and a few
    // corruptions: an error or a parse, never a panic.
    let text = read_vector(PR_FALSE);
    parse_never_panics(&text, cavp::parse);
}
