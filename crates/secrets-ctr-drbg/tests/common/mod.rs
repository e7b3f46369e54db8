//! Helpers shared by the integration tests (secrets-hash-drbg's and
//! secrets-hmac-drbg's include this file by path too).
// Each test binary uses only some of them.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

use secrets_core::Error;
use secrets_drbg::Sp80090a;
use secrets_drbg::cavp::{Flow, Functions, Record, Report};
use sha2::{Digest, Sha256};

/// Deterministic test inputs (SHA-256 in counter mode over a label): arbitrary
/// bytes, the same on every run.
pub fn bytes(label: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0u32;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(label.as_bytes());
        h.update(i.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        i += 1;
    }
    out.truncate(len);
    out
}

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vectors")
}

/// The sha256 vectors/README.md gives for `name` (`cavp/CTR_DRBG_no_reseed.rsp`).
fn listed_sha256(name: &str) -> String {
    let readme = std::fs::read_to_string(vectors().join("README.md")).unwrap();
    let key = format!("| `{name}` |");
    let row = readme
        .lines()
        .find(|l| l.starts_with(&key))
        .unwrap_or_else(|| panic!("{name} is not listed in vectors/README.md"));
    let sha = row.trim_end_matches('|').trim().rsplit('|').next().unwrap();
    sha.trim().trim_matches('`').to_string()
}

/// Reads `name` under vectors/ after checking its sha256 against
/// vectors/README.md.
pub fn read_vector(name: &str) -> String {
    let path = vectors().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let digest = hex(&Sha256::digest(&bytes));
    assert_eq!(
        digest,
        listed_sha256(name),
        "{name} was modified: its sha256 differs from vectors/README.md"
    );
    String::from_utf8(bytes).expect("the .rsp files are ASCII")
}

/// Lowercase hex, as the CAVP files write it.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// One section of a constructed pr_true file: its name and input lengths in
/// bytes.
pub struct PrTrueSection<'a> {
    /// The section header without brackets (`AES-128 use df`).
    pub name: &'a str,
    /// Prefixed to every input's label (to keep families' inputs apart).
    pub tag: &'a str,
    /// EntropyInput and each EntropyInputPR.
    pub entropy_len: usize,
    /// Nonce.
    pub nonce_len: usize,
    /// PersonalizationString and AdditionalInput when not empty.
    pub input_len: usize,
    /// ReturnedBits.
    pub returned_len: usize,
}

/// The inputs of one pr_true record.
pub struct PrTrueInputs {
    pub entropy: Vec<u8>,
    pub nonce: Vec<u8>,
    pub ps: Vec<u8>,
    pub ai: [Vec<u8>; 2],
    pub pr: [Vec<u8>; 2],
}

/// The pr_true answer computed the long way, without the parser, the runner
/// or `generate_with_prediction_resistance`: SP 800-90A 9.3.1 step 7 spelled
/// out as Reseed(EntropyInputPR, AdditionalInput) then Generate(no
/// additional input), twice.
pub fn pr_true_by_hand<F: Functions>(
    config: F::Config,
    inputs: &PrTrueInputs,
    out_len: usize,
) -> Vec<u8> {
    let mut drbg = F::instantiate(config, &inputs.entropy, &inputs.nonce, &inputs.ps).unwrap();
    let mut out = vec![0u8; out_len];
    for i in 0..2 {
        Sp80090a::reseed(&mut drbg, &inputs.pr[i], &inputs.ai[i]).unwrap();
        Sp80090a::generate(&mut drbg, &mut out, &[]).unwrap();
    }
    out
}

/// Writes `section` in NIST's pr_true layout: a group for each of the four
/// combinations of empty and non-empty personalization string and
/// additional input, three records each, with inputs from [`bytes`] and
/// ReturnedBits from `answer`. Returns the record count.
pub fn write_pr_true_section(
    file: &mut String,
    section: &PrTrueSection<'_>,
    mut answer: impl FnMut(&PrTrueInputs) -> Vec<u8>,
) -> usize {
    let (name, input_len) = (section.name, section.input_len);
    let mut records = 0;
    for (ps_len, ai_len) in [
        (0, 0),
        (0, input_len),
        (input_len, 0),
        (input_len, input_len),
    ] {
        write!(
            file,
            "[{name}]\r\n[PredictionResistance = True]\r\n[EntropyInputLen = {}]\r\n\
             [NonceLen = {}]\r\n[PersonalizationStringLen = {}]\r\n\
             [AdditionalInputLen = {}]\r\n[ReturnedBitsLen = {}]\r\n\r\n",
            section.entropy_len * 8,
            section.nonce_len * 8,
            ps_len * 8,
            ai_len * 8,
            section.returned_len * 8
        )
        .unwrap();
        for count in 0..3 {
            let tag = format!("{}{name}/{ps_len}/{ai_len}/{count}", section.tag);
            let inputs = PrTrueInputs {
                entropy: bytes(&format!("{tag}/entropy"), section.entropy_len),
                nonce: bytes(&format!("{tag}/nonce"), section.nonce_len),
                ps: bytes(&format!("{tag}/ps"), ps_len),
                ai: [
                    bytes(&format!("{tag}/ai1"), ai_len),
                    bytes(&format!("{tag}/ai2"), ai_len),
                ],
                pr: [
                    bytes(&format!("{tag}/pr1"), section.entropy_len),
                    bytes(&format!("{tag}/pr2"), section.entropy_len),
                ],
            };
            let returned = answer(&inputs);
            assert_eq!(returned.len(), section.returned_len, "{tag}");
            write!(
                file,
                "COUNT = {count}\r\nEntropyInput = {}\r\nNonce = {}\r\nPersonalizationString = {}\r\n\
                 AdditionalInput = {}\r\nEntropyInputPR = {}\r\nAdditionalInput = {}\r\n\
                 EntropyInputPR = {}\r\nReturnedBits = {}\r\n\r\n",
                hex(&inputs.entropy),
                hex(&inputs.nonce),
                hex(&inputs.ps),
                hex(&inputs.ai[0]),
                hex(&inputs.pr[0]),
                hex(&inputs.ai[1]),
                hex(&inputs.pr[1]),
                hex(&returned)
            )
            .unwrap();
            records += 1;
        }
    }
    records
}

/// A by-the-letter model of a mechanism, for [`agree_with_model`].
pub trait Model {
    /// Generate: `len` bytes with additional input `ai`.
    fn generate(&mut self, len: usize, ai: &[u8]) -> Vec<u8>;
    /// Reseed.
    fn reseed(&mut self, entropy: &[u8], ai: &[u8]);
}

/// A DRBG and its model (instantiated alike by `instantiate`) agree on
/// input and output lengths CAVP does not use: for each case, inputs of
/// lengths taken from `lengths` (above `strength` for entropy,
/// `strength / 2` for the nonce), requests of `len_a`, `len_b`,
/// `4096 + len_a`, 1 and then `more_requests`, with and without additional
/// input, across a reseed after the second request; `check_end` checks
/// the pair at the end of each case.
pub fn agree_with_model<F: Functions, M: Model>(
    (label, strength): (&str, usize),
    (lengths, more_requests): (&[usize], &[usize]),
    mut instantiate: impl FnMut(&[u8], &[u8], &[u8]) -> (F, M),
    check_end: impl Fn(&F, &M, &str),
) {
    for (case, &len_a) in lengths.iter().enumerate() {
        let len_b = lengths[(case * 7 + 3) % lengths.len()];
        let tag = format!("{label}/{case}");
        let entropy = bytes(&format!("{tag}/e"), strength + len_a);
        let nonce = bytes(&format!("{tag}/n"), strength / 2 + len_b);
        let ps = bytes(&format!("{tag}/p"), len_a);
        let (mut drbg, mut model) = instantiate(&entropy, &nonce, &ps);
        let requests = [len_a, len_b, 4096 + len_a, 1].into_iter();
        for (step, out_len) in requests.chain(more_requests.iter().copied()).enumerate() {
            let ai = bytes(
                &format!("{tag}/ai{step}"),
                if step % 2 == 0 { len_b } else { 0 },
            );
            let mut out = vec![0u8; out_len];
            drbg.generate(&mut out, &ai).unwrap();
            let expected = model.generate(out_len, &ai);
            assert_eq!(out, expected, "{tag}: generate {step} ({out_len} bytes)");
            if step == 1 {
                let e = bytes(&format!("{tag}/r"), strength + len_b);
                let ai = bytes(&format!("{tag}/rai"), len_a);
                drbg.reseed(&e, &ai).unwrap();
                model.reseed(&e, &ai);
            }
        }
        check_end(&drbg, &model, &tag);
    }
}

/// The first failures of a report, a line each.
pub fn failures_text(report: &Report) -> String {
    let mut text = String::new();
    for failure in report.failures.iter().take(20) {
        writeln!(text, "{failure}").unwrap();
    }
    text
}

/// A shipped file's report: `passed` records passed and `skipped` were
/// skipped, none failed, only `flow` ran, the sections are `names` in file
/// order and each one's (passed, skipped) is `per_section(name)`.
pub fn assert_full_pass(
    report: &Report,
    flow: Flow,
    (passed, skipped): (usize, usize),
    names: &[&str],
    per_section: impl Fn(&str) -> (usize, usize),
) {
    assert!(
        report.failures.is_empty(),
        "failures:\n{}",
        failures_text(report)
    );
    assert_eq!(report.passed(), passed);
    assert_eq!(report.skipped(), skipped);
    assert_eq!(report.failed(), 0);
    assert_eq!(report.flows, vec![flow]);
    let sections: Vec<&str> = report.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sections, names);
    for section in &report.sections {
        let (passed, skipped) = per_section(&section.name);
        assert_eq!(
            (section.passed, section.failed, section.skipped),
            (passed, 0, skipped),
            "{}",
            section.name
        );
    }
}

/// Generate returns at most `max_bytes` (2^19 bits); more is refused and
/// writes nothing, with prediction resistance (`pr_entropy`) too; zero bytes
/// is a valid request and still advances the state.
pub fn assert_request_limit<F: Functions>(
    drbg: &mut F,
    (max_bytes, pr_entropy): (usize, &[u8]),
    reseed_counter: impl Fn(&F) -> u64,
) {
    let mut max = vec![0u8; max_bytes];
    drbg.generate(&mut max, &[]).unwrap();
    assert!(max.iter().any(|&b| b != 0));
    let mut over = vec![0u8; max_bytes + 1];
    assert_eq!(
        drbg.generate(&mut over, &[]),
        Err(Error::RequestTooLarge { max_bytes: 65536 })
    );
    assert!(
        over.iter().all(|&b| b == 0),
        "a refused request writes nothing"
    );
    assert_eq!(
        drbg.generate_with_prediction_resistance(&mut over, pr_entropy, &[]),
        Err(Error::RequestTooLarge { max_bytes: 65536 })
    );
    let before = reseed_counter(drbg);
    drbg.generate(&mut [], &[]).unwrap();
    assert_eq!(reseed_counter(drbg), before + 1);
}

/// The end of "errors leave the state unchanged": `abused` (instantiated as
/// `clean`, then refused other calls) is refused a prediction-resistant
/// Generate with too little `short_entropy` too; `out`, the buffer of every
/// refused call, is untouched; and both then give the same output and the
/// same `reseed_counter`.
pub fn assert_refusals_changed_nothing<F: Functions>(
    (clean, abused): (&mut F, &mut F),
    out: &mut [u8; 64],
    (short_entropy, additional_input): (&[u8], &[u8]),
    reseed_counter: impl Fn(&F) -> u64,
) {
    assert!(
        abused
            .generate_with_prediction_resistance(out, short_entropy, additional_input)
            .is_err()
    );
    assert_eq!(*out, [0u8; 64]);
    let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
    clean.generate(&mut a, b"x").unwrap();
    abused.generate(&mut b, b"x").unwrap();
    assert_eq!(a, b);
    assert_eq!(reseed_counter(clean), reseed_counter(abused));
}

/// One flipped bit in the ReturnedBits of `section`'s COUNT = 7 fails that
/// record alone (`passed` others pass), and the failure names the section,
/// the COUNT, its line and the field.
pub fn assert_wrong_answer_is_named<V>(
    mut records: Vec<Record<V>>,
    (section, passed): (&str, usize),
    run_records: impl Fn(&[Record<V>]) -> Report,
) {
    let target = records
        .iter_mut()
        .find(|r| r.section.name == section && r.count == 7)
        .unwrap();
    target.returned_bits[5] ^= 0x01;
    let report = run_records(&records);
    assert_eq!(report.failed(), 1);
    assert_eq!(report.passed(), passed);
    let failure = &report.failures[0];
    assert_eq!(failure.section, section);
    assert_eq!(failure.count, 7);
    assert_eq!(failure.mismatch.field, "ReturnedBits");
    let message = failure.to_string();
    assert!(
        message.starts_with(&format!("[{section}] COUNT = 7 (line ")),
        "{message}"
    );
    assert!(
        message.contains("ReturnedBits mismatch: expected"),
        "{message}"
    );
}

/// `text` (CRLF lines) with line `n` (1-based) replaced by `replacement`.
pub fn with_line_replaced(text: &str, n: usize, replacement: &str) -> String {
    text.split("\r\n")
        .enumerate()
        .map(|(i, l)| if i + 1 == n { replacement } else { l })
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// `parse` never panics: on every prefix of the head of `text` (a shipped
/// file: its first record group), at every byte, and on a few pieces of
/// junk it gives an error or a parse.
pub fn parse_never_panics<T>(text: &str, parse: impl Fn(&str) -> T) {
    let head: String = text.chars().take(1500).collect();
    for cut in 0..head.len() {
        let _ = parse(&head[..cut]);
    }
    for junk in [
        "=",
        "[=]",
        "[]",
        "COUNT =",
        "= 5",
        "[ = ]\r\nCOUNT = 1",
        "\r",
        "\r\r\n",
        "# options:",
    ] {
        let _ = parse(junk);
    }
}

/// The cases of a table of malformed lines (`tests/data/*.tsv`, whose head
/// says the format): (line replaced, its replacement, line named, message
/// part).
pub fn malformed_lines(table: &str) -> Vec<(usize, String, usize, String)> {
    let number = |field: &str| field.parse::<usize>().expect("a line number");
    table
        .lines()
        .filter(|row| !row.starts_with('#'))
        .map(|row| match row.split('\t').collect::<Vec<_>>()[..] {
            [replaced, replacement, named, message] => (
                number(replaced),
                replacement.replace("\\r\\n", "\r\n"),
                number(named),
                message.to_string(),
            ),
            _ => panic!("not four tab-separated fields: {row:?}"),
        })
        .collect()
}

/// The malformed lines whose error does not depend on the mechanism family
/// (`tests/data/malformed_lines.tsv`).
pub fn family_independent_malformed_lines() -> Vec<(usize, String, usize, String)> {
    let cases = malformed_lines(include_str!("../data/malformed_lines.tsv"));
    assert_eq!(cases.len(), 13, "every case of the table is read");
    cases
}
