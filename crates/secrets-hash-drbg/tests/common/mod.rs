//! Test helpers shared by secrets-hash-drbg and secrets-hmac-drbg (the
//! latter includes this file by path): deterministic inputs, the checked
//! vector files, the CAVP assertions, a pr_true file built through the raw
//! API, and the checks every raw hash-based DRBG must pass, generic over
//! the mechanism.
#![allow(dead_code)]

use secrets_core::Error;
use secrets_drbg::cavp::{Flow, Report};
use secrets_hash_drbg::__shared::{Functions, RawDrbg};
use secrets_hash_drbg::cavp::HashBased;
use secrets_hash_drbg::sha::{HashName, HashVisitor, Sha};
use secrets_hash_drbg::{Config, MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL};

/// The CTR_DRBG tests' helpers: deterministic inputs, hex, the pr_true
/// file layout, the agreement loop and the assertions on reports and
/// refusals that do not depend on the mechanism.
#[path = "../../../secrets-ctr-drbg/tests/common/mod.rs"]
mod inputs;
pub use inputs::{
    Model, PrTrueSection, agree_with_model, assert_refusals_changed_nothing, assert_request_limit,
    assert_wrong_answer_is_named, bytes, failures_text, family_independent_malformed_lines, hex,
    parse_never_panics, pr_true_by_hand, read_vector, with_line_replaced, write_pr_true_section,
};

/// Reads `cavp/NAME` after checking its sha256 against vectors/README.md.
pub fn read_checked(name: &str) -> String {
    read_vector(&format!("cavp/{name}"))
}

/// The shipped file of mechanism `K` for `flow` (`Hash_DRBG_pr_false.rsp`).
pub fn file_name<K: HashBased>(flow: Flow) -> String {
    format!("{}_{}.rsp", K::NAME, flow.name())
}

/// All 1,680 records pass: 7 sections of 16 groups of 15, none skipped.
pub fn assert_full_pass(report: &Report, flow: Flow) {
    assert!(
        report.failures.is_empty(),
        "failures:\n{}",
        failures_text(report)
    );
    assert_eq!(report.passed(), 1680);
    assert_eq!(report.failed(), 0);
    assert_eq!(report.skipped(), 0);
    assert_eq!(report.flows, vec![flow]);
    let names: Vec<&str> = report.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SHA-1",
            "SHA-224",
            "SHA-256",
            "SHA-384",
            "SHA-512",
            "SHA-512/224",
            "SHA-512/256"
        ]
    );
    for section in &report.sections {
        assert_eq!(
            (section.passed, section.failed, section.skipped),
            (240, 0, 0),
            "{}",
            section.name
        );
    }
}

/// Writes the section of one hash function in NIST's pr_true layout
/// (inputs of the security strength; four hash outputs).
struct PrTrueVisitor<'a, K>(&'a mut String, std::marker::PhantomData<K>);

impl<K: HashBased> HashVisitor for PrTrueVisitor<'_, K> {
    type Output = usize;
    fn visit<H: Sha>(self) -> usize {
        let strength = H::SECURITY_STRENGTH;
        let section = PrTrueSection {
            name: H::NAME.label(),
            tag: &format!("{}/", K::NAME),
            entropy_len: strength,
            nonce_len: strength / 2,
            input_len: strength,
            returned_len: H::OUT_LEN * 4,
        };
        write_pr_true_section(self.0, &section, |inputs| {
            pr_true_by_hand::<K::Drbg<H>>(Config::new(), inputs, H::OUT_LEN * 4)
        })
    }
}

/// A pr_true file in NIST's layout for every hash function of `K`, with
/// answers computed by `pr_true_by_hand`; returns it and its record count.
pub fn constructed_pr_true_file<K: HashBased>() -> (String, usize) {
    let mut file = format!(
        "# CAVS-style pr_true file built by the test\r\n\r\n# {} options: SHA-1 :: …\r\n\r\n",
        K::NAME
    );
    let mut records = 0;
    for name in HashName::ALL {
        records += name
            .dispatch(PrTrueVisitor::<K>(&mut file, std::marker::PhantomData))
            .unwrap();
    }
    (file, records)
}

// ---------------------------------------------------------------------------
// The checks every raw hash-based DRBG passes, for one hash function.

pub fn invalid_argument(result: Result<impl Sized, Error>) -> &'static str {
    match result {
        Err(Error::InvalidArgument { argument, .. }) => argument,
        Err(other) => panic!("expected InvalidArgument, got {other}"),
        Ok(_) => panic!("expected InvalidArgument, got Ok"),
    }
}

fn reason(result: Result<impl Sized, Error>) -> &'static str {
    match result {
        Err(Error::InvalidArgument { reason, .. }) => reason,
        _ => panic!("expected InvalidArgument"),
    }
}

pub fn instance<D: RawDrbg>(tag: &str) -> D {
    let strength = D::Hash::SECURITY_STRENGTH;
    D::instantiate(
        Config::new(),
        &bytes(&format!("{tag}/e"), strength),
        &bytes(&format!("{tag}/n"), strength / 2),
        b"test",
    )
    .unwrap()
}

/// Generate returns at most 2^19 bits; more is refused and writes nothing.
pub fn request_limit_is_2_pow_19_bits<D: RawDrbg>() {
    let mut drbg = instance::<D>("limit");
    let entropy = vec![1u8; D::Hash::SECURITY_STRENGTH];
    assert_request_limit(
        &mut drbg,
        (MAX_BYTES_PER_REQUEST, &entropy),
        D::reseed_counter,
    );
}

/// The reseed counter runs to the configured interval, then Generate
/// refuses until a reseed; the interval is 1 to 2^48.
pub fn reseed_interval_is_enforced_and_bounded<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let entropy = vec![1u8; strength];
    let nonce = vec![2u8; strength / 2];
    let mut drbg = D::instantiate(Config::new().reseed_interval(2), &entropy, &nonce, &[]).unwrap();
    let mut out = [0u8; 16];
    assert_eq!(drbg.reseed_counter(), 1);
    drbg.generate(&mut out, &[]).unwrap();
    drbg.generate(&mut out, b"ai").unwrap();
    assert_eq!(drbg.reseed_counter(), 3);
    let mut refused = [0u8; 16];
    assert_eq!(drbg.generate(&mut refused, &[]), Err(Error::ReseedRequired));
    assert_eq!(refused, [0u8; 16]);
    assert_eq!(
        drbg.reseed_counter(),
        3,
        "a refused Generate counts nothing"
    );
    drbg.reseed(&entropy, b"more").unwrap();
    assert_eq!(drbg.reseed_counter(), 1);
    drbg.generate(&mut out, &[]).unwrap();
    drbg.generate(&mut out, &[]).unwrap();
    // Prediction resistance reseeds first, so it never needs a reseed.
    drbg.generate_with_prediction_resistance(&mut out, &entropy, &[])
        .unwrap();
    assert_eq!(drbg.reseed_counter(), 2);

    for bad in [0, MAX_RESEED_INTERVAL + 1, u64::MAX] {
        assert_eq!(
            invalid_argument(D::instantiate(
                Config::new().reseed_interval(bad),
                &entropy,
                &nonce,
                &[]
            )),
            "reseed_interval",
            "interval {bad}"
        );
    }
    D::instantiate(
        Config::new().reseed_interval(MAX_RESEED_INTERVAL),
        &entropy,
        &nonce,
        &[],
    )
    .unwrap();
}

/// Entropy input at least the security strength, nonce at least half of it;
/// longer inputs of any length are fine; each refusal names the input and
/// the rule.
pub fn input_rules_name_the_input<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let label = D::Hash::NAME.label();
    let short = vec![0u8; strength - 1];
    let entropy = vec![0u8; strength];
    let nonce = vec![0u8; strength / 2];
    let short_nonce = vec![0u8; strength / 2 - 1];
    assert_eq!(
        invalid_argument(D::instantiate(Config::new(), &short, &nonce, &[])),
        "entropy_input"
    );
    let why = reason(D::instantiate(Config::new(), &short, &nonce, &[]));
    assert!(
        why.contains(&format!("{strength} bytes for {label}")),
        "{why}"
    );
    assert_eq!(
        invalid_argument(D::instantiate(Config::new(), &entropy, &short_nonce, &[])),
        "nonce"
    );
    let why = reason(D::instantiate(Config::new(), &entropy, &short_nonce, &[]));
    assert!(
        why.contains(&format!("{} bytes for {label}", strength / 2)),
        "{why}"
    );
    // The minimum lengths exactly, and long inputs.
    let mut drbg = D::instantiate(Config::new(), &entropy, &nonce, &[]).unwrap();
    let mut long = D::instantiate(
        Config::new(),
        &bytes("e", 1000),
        &bytes("n", 333),
        &bytes("ps", 4097),
    )
    .unwrap();
    long.reseed(&bytes("r", 77), &bytes("ai", 10_000)).unwrap();
    long.generate(&mut [0u8; 100], &bytes("ai", 70_000))
        .unwrap();
    assert_eq!(invalid_argument(drbg.reseed(&short, &[])), "entropy_input");
    assert_eq!(
        invalid_argument(drbg.generate_with_prediction_resistance(&mut [0u8; 8], &short, &[])),
        "entropy_input"
    );
    drbg.reseed(&entropy, &[]).unwrap();
}

/// A zeroed allocation of `len` bytes the OS maps lazily (untouched pages
/// cost nothing), or `None` where it refuses (a low RLIMIT_AS, no
/// overcommit) instead of aborting the test binary.
#[cfg(target_pointer_width = "64")]
fn huge_zeroed(len: usize) -> Option<Vec<u8>> {
    let layout = std::alloc::Layout::array::<u8>(len).ok()?;
    // SAFETY: `layout` has a non-zero size.
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout of
    // `[u8; len]`, all `len` bytes are initialized (zero), and the Vec takes
    // sole ownership (capacity `len`, as allocated).
    Some(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

/// Inputs over `max_length` (2^35 bits = 2^32 bytes) are refused, each by
/// name, before anything is read or changed. The 4 GiB inputs are zeroed
/// allocations the OS maps lazily; nothing reads them.
#[cfg(target_pointer_width = "64")]
pub fn max_length_is_enforced<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let entropy = vec![0u8; strength];
    let nonce = vec![0u8; strength / 2];
    let Some(huge) = huge_zeroed((1usize << 32) + 1) else {
        eprintln!("skipped: the OS would not map a 4 GiB zeroed allocation");
        return;
    };
    for (argument, result) in [
        (
            "entropy_input",
            D::instantiate(Config::new(), &huge, &nonce, &[]).map(drop),
        ),
        (
            "nonce",
            D::instantiate(Config::new(), &entropy, &huge, &[]).map(drop),
        ),
        (
            "personalization_string",
            D::instantiate(Config::new(), &entropy, &nonce, &huge).map(drop),
        ),
    ] {
        assert_eq!(invalid_argument(result), argument);
    }
    let mut drbg = instance::<D>("max");
    let mut clean = instance::<D>("max");
    assert_eq!(invalid_argument(drbg.reseed(&huge, &[])), "entropy_input");
    assert_eq!(
        invalid_argument(drbg.reseed(&entropy, &huge)),
        "additional_input"
    );
    let mut out = [0u8; 32];
    assert_eq!(
        invalid_argument(drbg.generate(&mut out, &huge)),
        "additional_input"
    );
    assert_eq!(
        invalid_argument(drbg.generate_with_prediction_resistance(&mut out, &entropy, &huge)),
        "additional_input"
    );
    assert_eq!(out, [0u8; 32]);
    // Exactly 2^32 bytes is still within max_length (checked on the nonce,
    // which costs one pass of hashing 4 GiB... too slow: check the rule only).
    secrets_hash_drbg::rules::max_length("x", &huge[..1usize << 32]).unwrap();
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    drbg.generate(&mut a, &[]).unwrap();
    clean.generate(&mut b, &[]).unwrap();
    assert_eq!(a, b, "refused calls changed the state");
}

/// Refused calls leave the state exactly as it was.
pub fn errors_leave_the_state_unchanged<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let mut clean = instance::<D>("atomic");
    let mut abused = instance::<D>("atomic");
    let mut out = [0u8; 64];
    assert!(
        abused
            .generate(&mut vec![0u8; MAX_BYTES_PER_REQUEST + 1], b"x")
            .is_err()
    );
    assert!(abused.reseed(&vec![0; strength - 1], b"x").is_err());
    assert_refusals_changed_nothing(
        (&mut clean, &mut abused),
        &mut out,
        (&vec![0; strength - 1], b"x"),
        D::reseed_counter,
    );
}

/// Every input changes the stream; the same inputs give the same stream.
pub fn every_input_matters<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let e = bytes("e", strength);
    let n = bytes("n", strength / 2);
    let run = |e: &[u8], n: &[u8], ps: &[u8], ai: &[u8], reseed: Option<(&[u8], &[u8])>| {
        let mut drbg = D::instantiate(Config::new(), e, n, ps).unwrap();
        if let Some((re, rai)) = reseed {
            drbg.reseed(re, rai).unwrap();
        }
        let mut out = [0u8; 48];
        drbg.generate(&mut out, ai).unwrap();
        drbg.generate(&mut out, &[]).unwrap();
        out
    };
    let base = run(&e, &n, b"ps", b"", None);
    assert_eq!(base, run(&e, &n, b"ps", b"", None), "deterministic");
    let mut e2 = e.clone();
    e2[0] ^= 1;
    let mut n2 = n.clone();
    n2[0] ^= 1;
    for (what, other) in [
        ("entropy_input", run(&e2, &n, b"ps", b"", None)),
        ("nonce", run(&e, &n2, b"ps", b"", None)),
        ("personalization_string", run(&e, &n, b"pt", b"", None)),
        ("additional_input", run(&e, &n, b"ps", b"ai", None)),
        ("reseed", run(&e, &n, b"ps", b"", Some((&e, b"")))),
        ("reseed additional_input", {
            let with = run(&e, &n, b"ps", b"", Some((&e, b"a")));
            assert_ne!(with, run(&e, &n, b"ps", b"", Some((&e, b""))));
            with
        }),
    ] {
        assert_ne!(base, other, "{what} made no difference");
    }
    // Output depends on the request length only by truncation: a 10-byte
    // Generate is the head of a 48-byte one from the same state.
    let mut short = D::instantiate(Config::new(), &e, &n, b"ps").unwrap();
    let mut long = D::instantiate(Config::new(), &e, &n, b"ps").unwrap();
    let (mut a, mut b) = ([0u8; 10], [0u8; 48]);
    short.generate(&mut a, &[]).unwrap();
    long.generate(&mut b, &[]).unwrap();
    assert_eq!(a[..], b[..10]);
}

/// Generate with prediction resistance is Reseed(entropy, ai) then Generate
/// with no additional input, and differs from a plain Generate.
pub fn prediction_resistance_is_reseed_then_generate<D: RawDrbg>() {
    let strength = D::Hash::SECURITY_STRENGTH;
    let pr = bytes("pr", strength);
    let mut a = instance::<D>("pr");
    let mut b = instance::<D>("pr");
    let mut c = instance::<D>("pr");
    let (mut out_a, mut out_b, mut out_c) = ([0u8; 64], [0u8; 64], [0u8; 64]);
    a.generate_with_prediction_resistance(&mut out_a, &pr, b"ai")
        .unwrap();
    b.reseed(&pr, b"ai").unwrap();
    b.generate(&mut out_b, &[]).unwrap();
    c.generate(&mut out_c, b"ai").unwrap();
    assert_eq!(out_a, out_b);
    assert_ne!(out_a, out_c);
    assert_eq!(a.reseed_counter(), 2);
}

/// Runs `$($check)::+::<$drbg<H>>()` for every hash function `H` (SHA-1
/// included: the tests turn on feature `sha1`).
#[macro_export]
macro_rules! for_every_hash {
    ($drbg:ident, $($check:ident)::+) => {{
        use secrets_hash_drbg::{sha1, sha2};
        $($check)::+::<$drbg<sha1::Sha1>>();
        $($check)::+::<$drbg<sha2::Sha224>>();
        $($check)::+::<$drbg<sha2::Sha256>>();
        $($check)::+::<$drbg<sha2::Sha384>>();
        $($check)::+::<$drbg<sha2::Sha512>>();
        $($check)::+::<$drbg<sha2::Sha512_224>>();
        $($check)::+::<$drbg<sha2::Sha512_256>>();
    }};
}

/// The conformance suite on a mechanism, shared with the other engine
/// backends (secrets-drbg/tests/support).
#[path = "../../../secrets-drbg/tests/support/conformance.rs"]
pub mod conformance;

/// A test `$check` for each name, running `common::$check` for every hash
/// function through `for_every_hash!`.
#[macro_export]
macro_rules! for_every_hash_tests {
    ($drbg:ident; $($check:ident),+ $(,)?) => {
        $(
            #[test]
            fn $check() {
                for_every_hash!($drbg, common::$check);
            }
        )+
    };
}

/// A test `$check` for each name, running `common::$check::<$ty>()`.
#[macro_export]
macro_rules! generic_tests {
    ($ty:ty; $($check:ident),+ $(,)?) => {
        $(
            #[test]
            fn $check() {
                common::$check::<$ty>();
            }
        )+
    };
}

/// The tests of a raw DRBG type `$drbg` (`HashDrbg`, `HmacDrbg`) against
/// the checks above, for every hash function; `$backend` and `$rng` are the
/// prefixes of its engine names (`"hash-drbg"`, `"HashDrbg"`), and the
/// including file defines `Reference<H>`, its by-the-letter model.
#[macro_export]
macro_rules! raw_drbg_tests {
    ($drbg:ident, $backend:literal, $rng:literal) => {
        for_every_hash_tests!(
            $drbg;
            request_limit_is_2_pow_19_bits,
            reseed_interval_is_enforced_and_bounded,
            input_rules_name_the_input,
            errors_leave_the_state_unchanged,
            every_input_matters,
            prediction_resistance_is_reseed_then_generate,
            self_tests_pass,
        );

        #[cfg(target_pointer_width = "64")]
        #[test]
        fn max_length_is_enforced() {
            use secrets_hash_drbg::sha2;
            common::max_length_is_enforced::<$drbg<sha2::Sha256>>();
            common::max_length_is_enforced::<$drbg<sha2::Sha512>>();
        }

        #[test]
        fn mechanisms_keep_the_engine_contract() {
            use secrets_hash_drbg::sha2;
            macro_rules! contract {
                ($hash:ident, $suffix:literal, $rng_suffix:literal) => {
                    common::mechanism_contract::<$drbg<sha2::$hash>>(
                        concat!($backend, $suffix),
                        concat!($rng, $rng_suffix),
                    )
                };
            }
            contract!(Sha224, "-sha224", "Sha224Rng");
            contract!(Sha256, "-sha256", "Sha256Rng");
            contract!(Sha384, "-sha384", "Sha384Rng");
            contract!(Sha512, "-sha512", "Sha512Rng");
            contract!(Sha512_224, "-sha512-224", "Sha512_224Rng");
            contract!(Sha512_256, "-sha512-256", "Sha512_256Rng");
        }

        #[test]
        fn sha1_is_never_a_mechanism() {
            use common::{MechanismProbe, NotAMechanism as _};
            use secrets_hash_drbg::{sha1, sha2};
            use std::marker::PhantomData;
            assert!(!MechanismProbe::<$drbg<sha1::Sha1>>(PhantomData).is_mechanism());
            // The probe does tell: the SHA-2 instances are mechanisms.
            assert!(MechanismProbe::<$drbg<sha2::Sha256>>(PhantomData).is_mechanism());
        }

        #[test]
        fn debug_is_redacted_and_uninstantiate_consumes() {
            let drbg = common::instance::<$drbg<secrets_hash_drbg::sha2::Sha256>>("debug");
            assert_eq!(format!("{drbg:?}"), concat!($rng, " { .. }"));
            assert_eq!(drbg.reseed_interval(), 1 << 48);
            assert!(!drbg.needs_reseed());
            drbg.uninstantiate();
        }

        #[test]
        fn matches_the_reference_on_odd_lengths() {
            fn agrees_with_reference<H: secrets_hash_drbg::Sha>() {
                common::agrees_with_reference::<$drbg<H>, Reference<H>>();
            }
            /// `$check::<H>` through the `for_every_hash!` macro, which
            /// names `$drbg<H>`.
            type Hash<H> = H;
            for_every_hash!(Hash, agrees_with_reference);
        }
    };
}

/// The CAVP tests of mechanism `$kind`: its shipped files, the parser's
/// strictness, the self-test's records `$kats`, and the refusal of a file
/// of the `$other` mechanism.
#[macro_export]
macro_rules! cavp_tests {
    ($kind:ty, $kats:expr, $other:literal) => {
        generic_tests!(
            $kind;
            shipped_files_pass_every_record,
            lf_line_endings_parse_the_same,
            a_wrong_answer_names_section_count_and_field,
            constructed_pr_true_records_pass_through_parser_and_runner,
            malformed_files_name_the_line,
            family_name_matches,
        );

        #[test]
        fn another_mechanisms_file_is_refused() {
            common::another_mechanisms_file_is_refused::<$kind>($other);
        }

        #[test]
        fn self_test_records_are_nist_records() {
            common::self_test_records_are_nist_records::<$kind>(&$kats);
        }
    };
}

// ---------------------------------------------------------------------------
// CAVP, for mechanism `K` and its family.

use secrets_drbg::cavp::{self, Family, ParseError};
use secrets_hash_drbg::__shared::Kat;
use secrets_hash_drbg::cavp::HashBasedFamily;

/// Both shipped files pass in full, and say which mechanism they are.
pub fn shipped_files_pass_every_record<K: HashBased>() {
    for flow in [Flow::NoReseed, Flow::PrFalse] {
        let name = file_name::<K>(flow);
        let text = read_checked(&name);
        assert_eq!(cavp::declared_mechanism(&text), Some((6, K::NAME)));
        let report =
            cavp::run::<HashBasedFamily<K>>(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_full_pass(&report, flow);
        assert_eq!(report.mechanism, K::NAME);
    }
}

pub fn lf_line_endings_parse_the_same<K: HashBased>() {
    let crlf = read_checked(&file_name::<K>(Flow::PrFalse));
    assert!(
        crlf.contains("\r\n"),
        "the shipped file keeps its CRLF endings"
    );
    let lf = crlf.replace("\r\n", "\n");
    assert_eq!(
        cavp::parse::<HashBasedFamily<K>>(&crlf).unwrap(),
        cavp::parse::<HashBasedFamily<K>>(&lf).unwrap()
    );
}

pub fn a_wrong_answer_names_section_count_and_field<K: HashBased>() {
    let text = read_checked(&file_name::<K>(Flow::NoReseed));
    let records = cavp::parse::<HashBasedFamily<K>>(&text).unwrap();
    assert_wrong_answer_is_named(
        records,
        ("SHA-512/224", 1679),
        cavp::run_records::<HashBasedFamily<K>>,
    );
}

/// Another mechanism's file is refused at its options line, not run.
pub fn another_mechanisms_file_is_refused<K: HashBased>(other: &str) {
    let text = read_checked(&format!("{other}_no_reseed.rsp"));
    let e = cavp::parse::<HashBasedFamily<K>>(&text).unwrap_err();
    assert_eq!(e.line, 6, "{e}");
    assert!(
        e.message
            .contains(&format!("a {other} file, not {}", K::NAME)),
        "{e}"
    );
}

pub fn constructed_pr_true_records_pass_through_parser_and_runner<K: HashBased>() {
    let (file, expected_records) = constructed_pr_true_file::<K>();
    let records = cavp::parse::<HashBasedFamily<K>>(&file).unwrap();
    assert_eq!(records.len(), expected_records);
    assert_eq!(expected_records, 7 * 4 * 3);
    assert!(
        records
            .iter()
            .all(|r| r.flow == Flow::PrTrue && r.entropy_input_pr.is_some())
    );
    let report = cavp::run_records::<HashBasedFamily<K>>(&records);
    assert!(report.failures.is_empty(), "{}", failures_text(&report));
    assert_eq!(report.passed(), expected_records);
    assert_eq!(report.sections.len(), 7);
    assert_eq!(report.flows, vec![Flow::PrTrue]);

    // The runner really uses each EntropyInputPR and AdditionalInput:
    // change one and that record fails.
    for (index, pr, which) in [(5, true, 0), (17, true, 1), (40, false, 0), (70, false, 1)] {
        let mut tampered = records.clone();
        let record = &mut tampered[index];
        if pr {
            record.entropy_input_pr.as_mut().unwrap()[which][0] ^= 0x80;
        } else if record.additional_input[which].is_empty() {
            continue;
        } else {
            record.additional_input[which][0] ^= 0x80;
        }
        let report = cavp::run_records::<HashBasedFamily<K>>(&tampered);
        assert_eq!(report.failed(), 1, "record {index}");
        assert_eq!(report.failures[0].count, tampered[index].count);
        assert_eq!(report.failures[0].mismatch.field, "ReturnedBits");
    }
}

fn decode(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// Each embedded self-test record is a verbatim record of its shipped NIST
/// file, and every hash function has a pr_false and a no_reseed one.
pub fn self_test_records_are_nist_records<K: HashBased>(kats: &[Kat]) {
    let no_reseed =
        cavp::parse::<HashBasedFamily<K>>(&read_checked(&file_name::<K>(Flow::NoReseed))).unwrap();
    let pr_false =
        cavp::parse::<HashBasedFamily<K>>(&read_checked(&file_name::<K>(Flow::PrFalse))).unwrap();
    for kat in kats {
        let records = if kat.reseed.is_some() {
            &pr_false
        } else {
            &no_reseed
        };
        let found = records.iter().any(|r| {
            r.section.variant == kat.hash
                && r.entropy_input == decode(kat.entropy_input)
                && r.nonce == decode(kat.nonce)
                && r.personalization_string == decode(kat.personalization_string)
                && r.reseed
                    .as_ref()
                    .map(|s| (hex(&s.entropy_input), hex(&s.additional_input)))
                    == kat.reseed.map(|(e, a)| (e.to_string(), a.to_string()))
                && r.additional_input[0] == decode(kat.additional_input[0])
                && r.additional_input[1] == decode(kat.additional_input[1])
                && r.returned_bits == decode(kat.returned_bits)
        });
        assert!(
            found,
            "the {} record is not a record of the NIST file",
            kat.hash.label()
        );
    }
    for name in HashName::ALL {
        let of = |reseed: bool| {
            kats.iter()
                .filter(|k| k.hash == name && k.reseed.is_some() == reseed)
                .count()
        };
        assert_eq!((of(true), of(false)), (1, 1), "{}", name.label());
    }
}

/// A fixture in the files' layout for `K` (SHA-256, no_reseed, CRLF); its
/// ReturnedBits is made up.
fn good<K: HashBased>() -> String {
    format!(
        "# {} options: SHA-256\r\n\
         \r\n\
         [SHA-256]\r\n\
         [PredictionResistance = False]\r\n\
         [EntropyInputLen = 256]\r\n\
         [NonceLen = 128]\r\n\
         [PersonalizationStringLen = 0]\r\n\
         [AdditionalInputLen = 0]\r\n\
         [ReturnedBitsLen = 1024]\r\n\
         \r\n\
         COUNT = 0\r\n\
         EntropyInput = {}\r\n\
         Nonce = {}\r\n\
         PersonalizationString = \r\n\
         AdditionalInput = \r\n\
         AdditionalInput = \r\n\
         ReturnedBits = {}\r\n\
         \r\n",
        K::NAME,
        hex(&bytes("fixture/e", 32)),
        hex(&bytes("fixture/n", 16)),
        hex(&bytes("fixture/out", 128)),
    )
}

/// Replaces line `n` (1-based) of the fixture.
fn with_line<K: HashBased>(n: usize, replacement: &str) -> String {
    with_line_replaced(&good::<K>(), n, replacement)
}

fn parse_err<K: HashBased>(text: &str) -> ParseError {
    cavp::parse::<HashBasedFamily<K>>(text).expect_err("the file is malformed")
}

/// Every malformation is a [`ParseError`] naming its line, never a panic.
pub fn malformed_files_name_the_line<K: HashBased>() {
    // The fixture itself parses; its made-up answer fails on ReturnedBits.
    let records = cavp::parse::<HashBasedFamily<K>>(&good::<K>()).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!((records[0].flow, records[0].line), (Flow::NoReseed, 11));
    let report = cavp::run_records::<HashBasedFamily<K>>(&records);
    assert_eq!(report.failures[0].mismatch.field, "ReturnedBits");

    let check = |text: &str, line: usize, needle: &str| {
        let e = parse_err::<K>(text);
        assert_eq!(e.line, line, "{e}");
        assert!(e.message.contains(needle), "{e} (wanted {needle:?})");
    };
    let line = |n: usize, replacement: &str| with_line::<K>(n, replacement);
    let e64 = hex(&bytes("fixture/e", 32));

    // A missing field (a truncated record): the COUNT line is named.
    let text = good::<K>();
    let cut = text.find("ReturnedBits = ").unwrap();
    check(&text[..cut], 11, "no ReturnedBits");
    check(&line(13, ""), 11, "no Nonce");
    // Cut inside a hex value: a length mismatch on that line.
    check(&text[..cut + 41], 17, "bits but the header says 1024");
    let nonce = hex(&bytes("fixture/n", 16));
    let mut bad = e64.clone();
    bad.replace_range(10..11, "g");
    // (line replaced, its replacement, line named, message part): this
    // fixture's own, after the family-independent ones.
    let own: [(usize, String, usize, &str); 10] = [
        (
            13,
            format!("Nonce = {nonce}\r\nNonce = {nonce}"),
            14,
            "duplicate field `Nonce`",
        ),
        (
            6,
            "[NonceLen = 128]\r\n[NonceLen = 128]".into(),
            7,
            "duplicate [NonceLen]",
        ),
        // Bad hex.
        (12, format!("EntropyInput = {bad}"), 12, "not a hex digit"),
        (
            13,
            format!("Nonce = {}", &nonce[1..]),
            13,
            "odd number of hex digits",
        ),
        // A length that disagrees with the header.
        (
            13,
            format!("Nonce = {nonce}00"),
            13,
            "Nonce has 136 bits but the header says 128",
        ),
        // A bad header value, unknown or malformed sections, another
        // mechanism's options line.
        (
            5,
            "[EntropyInputLen = 255]".into(),
            5,
            "whole number of bytes",
        ),
        (3, "[SHA-3]".into(), 3, "unknown section [SHA-3]"),
        (3, "[AES-256 use df]".into(), 3, "unknown section"),
        (3, "[SHA-256".into(), 3, "closing `]`"),
        (
            1,
            "# CTR_DRBG options: AES-256 use df".into(),
            1,
            "a CTR_DRBG file",
        ),
    ];
    for (n, replacement, named, needle) in family_independent_malformed_lines() {
        check(&line(n, &replacement), named, &needle);
    }
    for (n, replacement, named, needle) in own {
        check(&line(n, &replacement), named, needle);
    }

    // Never a panic: every prefix of a real file's head, and junk.
    let text = read_checked(&file_name::<K>(Flow::PrFalse));
    parse_never_panics(&text, cavp::parse::<HashBasedFamily<K>>);
}

/// The family's name is the one in the files' header lines.
pub fn family_name_matches<K: HashBased>() {
    assert_eq!(<HashBasedFamily<K> as Family>::NAME, K::NAME);
}

/// The self-test passes, and it runs known answers: it must find records.
pub fn self_tests_pass<D: RawDrbg>() {
    assert_eq!(D::self_test(), Ok(()), "{}", D::Hash::NAME.label());
}

/// The engine's contract, for a SHA-2 mechanism `M`: its constants, and an
/// in-place instantiation equal to the raw one.
pub fn mechanism_contract<M>(backend: &str, rng: &str)
where
    M: secrets_drbg::Mechanism<Config = Config> + RawDrbg,
{
    use secrets_drbg::{Buffering, Mechanism, Sp80090a};
    let config = Config::new();
    let strength = <M as RawDrbg>::Hash::SECURITY_STRENGTH;
    assert_eq!(M::BACKEND_NAME, backend);
    assert_eq!(M::RNG_NAME, rng);
    assert_eq!(M::MAX_BYTES_PER_REQUEST, MAX_BYTES_PER_REQUEST);
    assert_eq!(M::MAX_RESEED_INTERVAL, 1 << 48);
    assert_eq!(M::MIN_RESEED_INTERVAL_BYTES, 65536);
    assert!(
        matches!(M::BUFFERING, Buffering::Engine { len, direct_from } if len <= MAX_BYTES_PER_REQUEST && direct_from <= len)
    );
    assert_eq!(M::security_strength(&config), strength);
    assert_eq!(M::entropy_len(&config), strength);
    assert_eq!(M::nonce_len(&config), strength / 2);
    assert!(M::max_additional_len(&config) >= 36);
    assert_eq!(<M as Mechanism>::self_test(), Ok(()));

    let entropy = bytes("m/e", strength);
    let nonce = bytes("m/n", strength / 2);
    let mut in_place = M::empty(config);
    // Uninstantiated: nothing but instantiate is accepted.
    let mut out = [0u8; 32];
    assert_eq!(
        invalid_argument(Sp80090a::generate(&mut in_place, &mut out, &[])),
        "self"
    );
    assert_eq!(
        invalid_argument(Sp80090a::reseed(&mut in_place, &entropy, &[])),
        "self"
    );
    assert_eq!(
        invalid_argument(Sp80090a::generate_with_prediction_resistance(
            &mut in_place,
            &mut out,
            &entropy,
            &[]
        )),
        "self"
    );
    assert_eq!(out, [0u8; 32]);
    Mechanism::instantiate(&mut in_place, &entropy, &nonce, b"ps").unwrap();
    let mut raw = <M as Functions>::instantiate(config, &entropy, &nonce, b"ps").unwrap();
    let (mut a, mut b) = ([0u8; 100], [0u8; 100]);
    Sp80090a::generate(&mut in_place, &mut a, b"x").unwrap();
    Sp80090a::generate(&mut raw, &mut b, b"x").unwrap();
    assert_eq!(a, b);
    Sp80090a::generate_with_prediction_resistance(&mut in_place, &mut a, &entropy, b"y").unwrap();
    Sp80090a::generate_with_prediction_resistance(&mut raw, &mut b, &entropy, b"y").unwrap();
    assert_eq!(a, b);
    // A refused interval is reported by instantiate, in place too.
    let mut bad = M::empty(Config::new().reseed_interval(0));
    assert_eq!(
        invalid_argument(Mechanism::instantiate(&mut bad, &entropy, &nonce, &[])),
        "reseed_interval"
    );
}

/// Whether `T` implements the engine's `Mechanism`, decided at compile time
/// (an inherent method with the bound wins over the trait's fallback).
pub struct MechanismProbe<T>(pub std::marker::PhantomData<T>);

pub trait NotAMechanism {
    fn is_mechanism(&self) -> bool {
        false
    }
}

impl<T> NotAMechanism for MechanismProbe<T> {}

impl<T: secrets_drbg::Mechanism> MechanismProbe<T> {
    pub fn is_mechanism(&self) -> bool {
        true
    }
}

/// A test that the raw DRBG `$ty` wipes its two state arrays (`$first`,
/// `$second`, found through its `state_memory` hook) when dropped: dropped
/// in place inside a `ManuallyDrop` the test still owns and read back
/// through the pointer the drop went through, never freed memory.
#[macro_export]
macro_rules! dropping_wipes {
    ($name:ident, $ty:ty, $first:literal, $second:literal) => {
        #[test]
        fn $name() {
            let mut slot = std::mem::ManuallyDrop::new(
                <$ty>::instantiate(Config::new(), &[7u8; 32], &[9u8; 16], b"wipe test")
                    .expect("valid inputs"),
            );
            let mut out = [0u8; 64];
            slot.generate(&mut out, b"ai").expect("generate");
            let drbg: *mut $ty = &mut *slot;
            // SAFETY: `drbg` points to the live value in `slot`.
            let (v_offset, c_offset, len) = unsafe {
                let (v, c) = (*drbg).state_memory();
                assert!(v.iter().any(|&b| b != 0) && c.iter().any(|&b| b != 0));
                (
                    std::ptr::from_ref(v).addr() - drbg.addr(),
                    std::ptr::from_ref(c).addr() - drbg.addr(),
                    v.len(),
                )
            };
            // SAFETY: `slot` is never used or dropped again and stays
            // allocated (a local of this function) while we read it below.
            unsafe { std::ptr::drop_in_place(drbg) };
            for (what, offset) in [($first, v_offset), ($second, c_offset)] {
                let start = drbg.cast::<u8>().wrapping_add(offset);
                // SAFETY: `len` initialized bytes at `offset` inside the
                // still-allocated `slot`, reached through the pointer the
                // drop itself used.
                let after = unsafe { std::slice::from_raw_parts(start, len) };
                assert!(after.iter().all(|&b| b == 0), "{what} survived the drop");
            }
        }
    };
}

/// A by-the-letter model of a mechanism, for [`agrees_with_reference`]:
/// [`Model`]'s Generate and Reseed, and these.
pub trait Reference: Model {
    fn instantiate(entropy: &[u8], nonce: &[u8], ps: &[u8]) -> Self;
    fn reseed_counter(&self) -> u64;
}

/// `D` and its reference `R` agree on input and output lengths CAVP does not
/// use (none, odd, across block boundaries, a full 64 KiB request), with
/// and without additional input, across a reseed, and on `reseed_counter`.
pub fn agrees_with_reference<D: RawDrbg, R: Reference>() {
    let lengths = [
        0usize, 1, 5, 19, 20, 21, 27, 28, 29, 31, 32, 33, 47, 48, 63, 64, 65, 255,
    ];
    agree_with_model(
        (D::Hash::NAME.label(), D::Hash::SECURITY_STRENGTH),
        (&lengths, &[65536]),
        |entropy, nonce, ps| {
            (
                D::instantiate(Config::new(), entropy, nonce, ps).unwrap(),
                R::instantiate(entropy, nonce, ps),
            )
        },
        |drbg, model, tag| assert_eq!(drbg.reseed_counter(), model.reseed_counter(), "{tag}"),
    );
}
