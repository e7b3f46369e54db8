//! The known answers: the RFC 8439 vector file, the self-test constants
//! (cross-checked against an independent ChaCha implementation) and the
//! construction's pinned regression vectors.

use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use rand_chacha::rand_core::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use super::*;
use crate::{R8, R12, R20};

const VECTOR_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../vectors/chacha20_rfc8439.txt"
);
/// From vectors/README.md.
const VECTOR_SHA256: &str = "8d0ae9513545e671fb13bcfcdc895659ee8c4708b8544930fa70f931750ecc14";

/// One record of `chacha20_rfc8439.txt`.
#[derive(Debug)]
struct RfcRecord {
    line: usize,
    key: [u8; 32],
    nonce: [u8; 12],
    counter: u32,
    keystream: [u8; 64],
}

fn parse_hex<const N: usize>(value: &str, line: usize, name: &str) -> Result<[u8; N], String> {
    if value.len() != 2 * N {
        return Err(format!(
            "line {line}: {name} must be {} hex digits, found {}",
            2 * N,
            value.len()
        ));
    }
    let mut out = [0u8; N];
    for (i, pair) in value.as_bytes().chunks_exact(2).enumerate() {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(format!(
                "line {line}: {name} has a non-lowercase-hex character"
            )),
        };
        out[i] = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Ok(out)
}

/// Parses the vector file strictly: `#` comments, blank-line separated
/// records of exactly `Key`, `Nonce`, `Counter` and `Keystream`, each once.
/// Anything else — an unknown or repeated field, a missing one, bad hex, a
/// line without `=` — is an error naming the line.
fn parse_rfc_vectors(text: &str) -> Result<Vec<RfcRecord>, String> {
    #[derive(Default)]
    struct Partial {
        line: usize,
        key: Option<[u8; 32]>,
        nonce: Option<[u8; 12]>,
        counter: Option<u32>,
        keystream: Option<[u8; 64]>,
    }
    fn finish(partial: Partial, records: &mut Vec<RfcRecord>) -> Result<(), String> {
        let line = partial.line;
        let missing = |name: &str| format!("record at line {line}: missing {name}");
        records.push(RfcRecord {
            line,
            key: partial.key.ok_or_else(|| missing("Key"))?,
            nonce: partial.nonce.ok_or_else(|| missing("Nonce"))?,
            counter: partial.counter.ok_or_else(|| missing("Counter"))?,
            keystream: partial.keystream.ok_or_else(|| missing("Keystream"))?,
        });
        Ok(())
    }
    fn set<T>(slot: &mut Option<T>, value: T, line: usize, name: &str) -> Result<(), String> {
        if slot.replace(value).is_some() {
            return Err(format!("line {line}: {name} given twice in one record"));
        }
        Ok(())
    }

    let mut records = Vec::new();
    let mut current: Option<Partial> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        if trimmed.is_empty() {
            if let Some(partial) = current.take() {
                finish(partial, &mut records)?;
            }
            continue;
        }
        let (name, value) = trimmed
            .split_once('=')
            .ok_or_else(|| format!("line {line}: expected `Name = value`"))?;
        let (name, value) = (name.trim(), value.trim());
        let partial = current.get_or_insert_with(|| Partial {
            line,
            ..Partial::default()
        });
        match name {
            "Key" => set(&mut partial.key, parse_hex(value, line, name)?, line, name)?,
            "Nonce" => set(
                &mut partial.nonce,
                parse_hex(value, line, name)?,
                line,
                name,
            )?,
            "Keystream" => set(
                &mut partial.keystream,
                parse_hex(value, line, name)?,
                line,
                name,
            )?,
            "Counter" => {
                let counter = value
                    .parse::<u32>()
                    .map_err(|e| format!("line {line}: Counter is not a u32: {e}"))?;
                set(&mut partial.counter, counter, line, name)?;
            }
            other => return Err(format!("line {line}: unknown field `{other}`")),
        }
    }
    if let Some(partial) = current.take() {
        finish(partial, &mut records)?;
    }
    if records.is_empty() {
        return Err("no records".to_string());
    }
    Ok(records)
}

fn read_vector_file() -> String {
    let bytes = std::fs::read(VECTOR_FILE).expect("vectors/chacha20_rfc8439.txt is readable");
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex, VECTOR_SHA256,
        "the vector file differs from the one in vectors/README.md"
    );
    String::from_utf8(bytes).expect("the vector file is UTF-8")
}

#[test]
fn rfc8439_vectors_pass_through_the_drbg_block_path() {
    let records = parse_rfc_vectors(&read_vector_file()).expect("the vector file parses");
    assert_eq!(records.len(), 6, "section 2.3.2 and appendix A.1 #1-#5");
    // One block alone (a tail) and the first of a 16-block batch (the
    // widest kernel's path, which the DRBG's own output takes).
    for blocks in [1, 16] {
        for record in &records {
            let mut block = vec![Block::default(); blocks];
            keystream::write_blocks::<R20>(&record.key, &record.nonce, record.counter, &mut block);
            assert_eq!(
                block[0].as_slice(),
                record.keystream,
                "RFC 8439 record at line {} ({blocks} blocks): key {:02x?} nonce {:02x?} counter {}",
                record.line,
                record.key,
                record.nonce,
                record.counter
            );
        }
    }
}

/// The file header's mapping onto rand_chacha's 64-bit counter and stream
/// holds too, so rand_chacha is a sound independent reference for the
/// zero-nonce stream the other tests compare against.
#[test]
fn rfc8439_vectors_match_rand_chacha_with_the_documented_mapping() {
    for record in parse_rfc_vectors(&read_vector_file()).expect("the vector file parses") {
        let high = u32::from_le_bytes(record.nonce[..4].try_into().unwrap());
        let counter = u64::from(record.counter) + (u64::from(high) << 32);
        let stream = u64::from_le_bytes(record.nonce[4..].try_into().unwrap());
        let mut rng = rand_chacha::ChaCha20Rng::from_seed(record.key);
        rng.set_stream(stream);
        rng.set_word_pos(u128::from(counter) * 16);
        let mut block = [0u8; 64];
        rng.fill_bytes(&mut block);
        assert_eq!(block, record.keystream, "record at line {}", record.line);
    }
}

#[test]
fn the_parser_rejects_malformed_files() {
    let good = "Key = 0000000000000000000000000000000000000000000000000000000000000000\n\
                Nonce = 000000000000000000000000\n\
                Counter = 0\n\
                Keystream = 76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586\n";
    assert_eq!(
        parse_rfc_vectors(good).expect("a well-formed record").len(),
        1
    );
    let cases = [
        ("missing field", good.replace("Counter = 0\n", "")),
        ("repeated field", format!("{good}Counter = 1\n")),
        ("unknown field", good.replace("Nonce", "Nonse")),
        ("bad hex", good.replace("Nonce = 0000", "Nonce = 00zz")),
        ("uppercase hex", good.replace("76b8e0ad", "76B8E0AD")),
        (
            "short value",
            good.replace("Nonce = 000000000000000000000000", "Nonce = 0000"),
        ),
        (
            "counter overflow",
            good.replace("Counter = 0", "Counter = 4294967296"),
        ),
        ("line without =", format!("{good}garbage\n")),
        ("empty file", "# only a comment\n".to_string()),
    ];
    for (what, text) in cases {
        assert!(parse_rfc_vectors(&text).is_err(), "{what} must be rejected");
    }
}

/// The embedded self-test vectors agree with rand_chacha, an independent
/// implementation, so a typo in a constant cannot hide.
fn embedded_vectors_match_rand_chacha<R: ChaChaRounds>(reference: impl Fn([u8; 32]) -> [u8; 128]) {
    for kat in R::KNOWN_ANSWERS {
        let kat = &kat.0;
        check_known_answer::<R>(kat).unwrap_or_else(|e| panic!("{}: {}", kat.source, e));
        if kat.nonce == [0; 12] && kat.counter == 0 {
            assert_eq!(
                reference(kat.key)[..kat.len],
                kat.keystream[..kat.len],
                "{}",
                kat.source
            );
        }
    }
}

fn rand_chacha_blocks<G: Rng + SeedableRng<Seed = [u8; 32]>>(key: [u8; 32]) -> [u8; 128] {
    let mut out = [0u8; 128];
    G::from_seed(key).fill_bytes(&mut out);
    out
}

#[test]
fn embedded_known_answers_are_right() {
    embedded_vectors_match_rand_chacha::<R8>(rand_chacha_blocks::<rand_chacha::ChaCha8Rng>);
    embedded_vectors_match_rand_chacha::<R12>(rand_chacha_blocks::<rand_chacha::ChaCha12Rng>);
    embedded_vectors_match_rand_chacha::<R20>(rand_chacha_blocks::<rand_chacha::ChaCha20Rng>);
    assert_eq!(R8::KNOWN_ANSWERS.len(), 2);
    assert_eq!(R12::KNOWN_ANSWERS.len(), 2);
    assert_eq!(R20::KNOWN_ANSWERS.len(), 3);
}

#[test]
fn a_wrong_known_answer_fails_the_check() {
    let mut kat = R20::KNOWN_ANSWERS[0].0;
    kat.keystream[63] ^= 1;
    assert_eq!(
        check_known_answer::<R20>(&kat),
        Err(Error::HealthTest {
            backend: "chacha20",
            test: "keystream known-answer test"
        })
    );
    // A vector checked against the wrong round count fails as well.
    assert!(check_known_answer::<R12>(&R20::KNOWN_ANSWERS[1].0).is_err());
}

/// OUR OWN regression vectors (see `construction_vector`): they pin the
/// construction's output so any change to it is noticed. They are not
/// published test vectors; `tests/core.rs` shows the same outputs follow
/// from the documented construction over an independent ChaCha.
#[test]
fn construction_regression_vectors_are_pinned() {
    fn check<R: ChaChaRounds>() {
        let got = construction_output::<R>();
        let want = construction_vector::<R>();
        let show = |b: &[u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            [
                got.first,
                got.direct_tail,
                got.after_direct,
                got.after_refill
            ]
            .map(|b| show(&b)),
            [
                want.first,
                want.direct_tail,
                want.after_direct,
                want.after_refill
            ]
            .map(|b| show(&b)),
            "{}",
            R::NAME
        );
        assert_eq!(self_test::<R>(), Ok(()));
    }
    check::<R8>();
    check::<R12>();
    check::<R20>();
}

#[test]
fn write_blocks_fills_any_block_count_consistently() {
    // Batch and tail paths (1..=40 blocks) produce one continuous stream.
    let key = [0x11; 32];
    let mut long = vec![Block::default(); 40];
    keystream::write_blocks::<R20>(&key, &[0; 12], 0, &mut long);
    for n in 1..=40 {
        let mut part = vec![Block::default(); n];
        keystream::write_blocks::<R20>(&key, &[0; 12], 0, &mut part);
        assert_eq!(part[..], long[..n], "{n} blocks");
    }
    let mut offset = [Block::default(); 3];
    keystream::write_blocks::<R20>(&key, &[0; 12], 5, &mut offset);
    assert_eq!(offset[..], long[5..8], "counter offset");
}
