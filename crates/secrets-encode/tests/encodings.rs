//! Hex, base64 and base32: round trips, lengths, alphabets, the reference
//! crates (`hex`, `base64`, `data-encoding`) as oracles for every output
//! form, RFC 4648 test vectors, and strict rejection of malformed input with
//! the position and reason checked.

use base64::Engine as _;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng};
use secrets_core::Error;
use secrets_encode::{
    ALL_ENCODINGS, DecodeError, DecodeErrorReason, Encoding, hex_decode_any_case,
};

fn random_data(rng: &mut ChaCha20Rng, len: usize) -> Vec<u8> {
    let mut data = vec![0u8; len];
    rng.fill_bytes(&mut data);
    data
}

/// Random inputs of every length 0..=256, reproducible. Under Miri (about
/// 10^4 times slower) 0..=72 and 250..=256: still both sides of every
/// short-output and fixed-size path (the stack block holds 64 characters:
/// 32 bytes of hex, 48 of base64, 40 of base32) and every tail.
fn inputs() -> Vec<Vec<u8>> {
    let mut rng = ChaCha20Rng::seed_from_u64(0x5ec2e75);
    (0..=256)
        .filter(|&len| !cfg!(miri) || len <= 72 || len >= 250)
        .map(|len| random_data(&mut rng, len))
        .collect()
}

fn alphabet_of(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::HexLower => "0123456789abcdef",
        Encoding::HexUpper => "0123456789ABCDEF",
        Encoding::Base64UrlNoPad => {
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        }
        Encoding::Base64Standard => {
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
        }
        Encoding::Base32 => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=",
        Encoding::Base32NoPad => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        _ => unreachable!("a new encoding needs its alphabet here"),
    }
}

/// The lengths RFC 4648 prescribes, computed independently of the crate.
fn expected_len(encoding: Encoding, n: usize) -> usize {
    match encoding {
        Encoding::HexLower | Encoding::HexUpper => 2 * n,
        Encoding::Base64UrlNoPad => (4 * n).div_ceil(3),
        Encoding::Base64Standard => 4 * n.div_ceil(3),
        Encoding::Base32 => 8 * n.div_ceil(5),
        Encoding::Base32NoPad => (8 * n).div_ceil(5),
        _ => unreachable!("a new encoding needs its length here"),
    }
}

#[test]
fn every_encoding_round_trips_at_every_length() {
    for data in inputs() {
        for encoding in ALL_ENCODINGS {
            let text = encoding.encode(&data);
            let decoded = encoding.decode(&text).unwrap_or_else(|error| {
                panic!(
                    "{encoding} of {} bytes: {text:?} failed: {error}",
                    data.len()
                )
            });
            assert_eq!(decoded, data, "{encoding} of {} bytes", data.len());
        }
    }
}

#[test]
fn the_three_output_forms_agree() {
    for data in inputs() {
        for encoding in ALL_ENCODINGS {
            let text = encoding.encode(&data);

            let mut appended = String::from("prefix:");
            encoding.encode_to(&mut appended, &data);
            assert_eq!(
                appended,
                format!("prefix:{text}"),
                "{encoding}, {} bytes",
                data.len()
            );

            let mut buffer = vec![b'#'; text.len() + 3];
            let written = encoding
                .encode_into(&data, &mut buffer)
                .expect("large enough");
            assert_eq!(written, text, "{encoding}, {} bytes", data.len());
            assert_eq!(
                &buffer[text.len()..],
                b"###",
                "bytes past the encoding untouched"
            );
        }
    }
}

#[test]
fn encode_into_refuses_a_short_buffer() {
    let data = [0xab_u8; 16];
    for encoding in ALL_ENCODINGS {
        let needed = encoding.encoded_len(data.len()).expect("small");
        let mut buffer = vec![0u8; needed - 1];
        let error = encoding.encode_into(&data, &mut buffer).unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidArgument {
                    argument: "output",
                    ..
                }
            ),
            "{error:?}"
        );
    }
}

#[test]
fn lengths_are_exact() {
    for data in inputs() {
        let n = data.len();
        for encoding in ALL_ENCODINGS {
            let text = encoding.encode(&data);
            assert_eq!(
                text.len(),
                expected_len(encoding, n),
                "{encoding}, {n} bytes"
            );
            assert_eq!(
                encoding.encoded_len(n),
                Some(text.len()),
                "{encoding}, {n} bytes"
            );
        }
    }
    // CPython: token_urlsafe(32) has 43 characters, token_hex(16) 32.
    assert_eq!(Encoding::Base64UrlNoPad.encode(&[0u8; 32]).len(), 43);
    assert_eq!(Encoding::HexLower.encode(&[0u8; 16]).len(), 32);
    assert_eq!(Encoding::HexLower.encoded_len(usize::MAX), None);
    assert_eq!(Encoding::Base64Standard.encoded_len(usize::MAX), None);
    assert_eq!(Encoding::Base32NoPad.encoded_len(usize::MAX), None);
}

#[test]
fn outputs_stay_within_their_alphabets() {
    for data in inputs() {
        for encoding in ALL_ENCODINGS {
            let text = encoding.encode(&data);
            let alphabet = alphabet_of(encoding);
            let stray = text.chars().find(|&c| !alphabet.contains(c));
            assert_eq!(stray, None, "{encoding} of {} bytes: {text}", data.len());
        }
    }
}

/// The three output forms of `encoding` for `data`: a new `String`, appended
/// to a `String` that already holds text, and written into a larger buffer.
fn every_form(encoding: Encoding, data: &[u8]) -> [String; 3] {
    let new = encoding.encode(data);
    let mut appended = String::from("prefix:");
    encoding.encode_to(&mut appended, data);
    let appended = appended
        .strip_prefix("prefix:")
        .expect("the old text stays")
        .to_owned();
    let mut buffer = vec![0u8; 2 * data.len() + 16];
    let written = encoding
        .encode_into(data, &mut buffer)
        .expect("large enough");
    [new, appended, written.to_owned()]
}

/// Asserts that every output form of `encoding` is `expected` for every
/// length 0..=256 (each short, fixed-size and long path, and every tail).
fn assert_matches_oracle(encoding: Encoding, oracle: impl Fn(&[u8]) -> String) {
    for data in inputs() {
        let expected = oracle(&data);
        for (form, text) in ["encode", "encode_to", "encode_into"]
            .iter()
            .zip(every_form(encoding, &data))
        {
            assert_eq!(text, expected, "{encoding} {form} of {} bytes", data.len());
        }
    }
}

#[test]
fn hex_matches_the_hex_crate() {
    assert_matches_oracle(Encoding::HexLower, |data| hex::encode(data));
    assert_matches_oracle(Encoding::HexUpper, |data| hex::encode_upper(data));
    // And the oracle decodes ours.
    for data in inputs() {
        assert_eq!(
            hex::decode(Encoding::HexLower.encode(&data)).expect("valid"),
            data
        );
    }
}

#[test]
fn base64_matches_the_base64_crate() {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    assert_matches_oracle(Encoding::Base64UrlNoPad, |data| {
        URL_SAFE_NO_PAD.encode(data)
    });
    assert_matches_oracle(Encoding::Base64Standard, |data| STANDARD.encode(data));
    for data in inputs() {
        let ours = Encoding::Base64UrlNoPad.encode(&data);
        assert_eq!(URL_SAFE_NO_PAD.decode(&ours).expect("valid"), data);
        // Decoding agrees on the oracle's output too.
        let theirs = STANDARD.encode(&data);
        assert_eq!(
            Encoding::Base64Standard.decode(&theirs).expect("valid"),
            data
        );
    }
}

#[test]
fn base32_matches_the_data_encoding_crate() {
    use data_encoding::{BASE32, BASE32_NOPAD};
    assert_matches_oracle(Encoding::Base32, |data| BASE32.encode(data));
    assert_matches_oracle(Encoding::Base32NoPad, |data| BASE32_NOPAD.encode(data));
    for data in inputs() {
        let theirs = BASE32_NOPAD.encode(&data);
        assert_eq!(Encoding::Base32NoPad.decode(&theirs).expect("valid"), data);
    }
}

/// RFC 4648 section 10, "Test Vectors" (published values, not ours).
const RFC4648_INPUTS: [&str; 7] = ["", "f", "fo", "foo", "foob", "fooba", "foobar"];
const RFC4648_BASE64: [&str; 7] = [
    "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
];
const RFC4648_BASE32: [&str; 7] = [
    "",
    "MY======",
    "MZXQ====",
    "MZXW6===",
    "MZXW6YQ=",
    "MZXW6YTB",
    "MZXW6YTBOI======",
];
const RFC4648_BASE16: [&str; 7] = [
    "",
    "66",
    "666F",
    "666F6F",
    "666F6F62",
    "666F6F6261",
    "666F6F626172",
];

#[test]
fn rfc4648_section_10_vectors() {
    for (index, input) in RFC4648_INPUTS.iter().enumerate() {
        let input = input.as_bytes();
        let cases = [
            (Encoding::Base64Standard, RFC4648_BASE64[index].to_string()),
            // Base64url differs from base64 only in symbols 62 and 63, which
            // these vectors never use; without padding the '=' go.
            (
                Encoding::Base64UrlNoPad,
                RFC4648_BASE64[index].trim_end_matches('=').to_string(),
            ),
            (Encoding::Base32, RFC4648_BASE32[index].to_string()),
            (
                Encoding::Base32NoPad,
                RFC4648_BASE32[index].trim_end_matches('=').to_string(),
            ),
            (Encoding::HexUpper, RFC4648_BASE16[index].to_string()),
            (Encoding::HexLower, RFC4648_BASE16[index].to_lowercase()),
        ];
        for (encoding, expected) in cases {
            assert_eq!(encoding.encode(input), expected, "{encoding} of {input:?}");
            assert_eq!(
                encoding.decode(&expected).expect("valid"),
                input,
                "{encoding} of {expected:?}"
            );
        }
    }
}

fn decode_error(encoding: Encoding, input: &str) -> DecodeError {
    match encoding.decode(input) {
        Ok(bytes) => panic!("{encoding} accepted {input:?} as {bytes:?}"),
        Err(error) => error,
    }
}

fn assert_rejects(encoding: Encoding, input: &str, position: usize, reason: DecodeErrorReason) {
    let error = decode_error(encoding, input);
    assert_eq!(
        (error.position, error.reason),
        (position, reason),
        "{encoding} decoding {input:?}: {error}"
    );
}

use DecodeErrorReason::{
    InvalidCharacter, InvalidLength, InvalidPadding, NonCanonicalTrailingBits, WrongCase,
};
use Encoding::{Base32, Base32NoPad, Base64Standard, Base64UrlNoPad, HexLower, HexUpper};

/// Malformed input: what each decoder must refuse, with the position and
/// reason its error names.
const MALFORMED: &[(Encoding, &str, usize, DecodeErrorReason)] = &[
    (HexLower, "abc", 3, InvalidLength),
    (HexLower, "a", 1, InvalidLength),
    (HexLower, "0g", 1, InvalidCharacter),
    (HexLower, "00 11", 2, InvalidCharacter),
    (HexLower, "abz", 2, InvalidCharacter),
    (HexLower, "00é0", 2, InvalidCharacter),
    (HexLower, "0x00", 1, InvalidCharacter),
    (HexLower, "abCd", 2, WrongCase),
    (HexUpper, "ABcD", 2, WrongCase),
    (HexUpper, "ABG0", 2, InvalidCharacter),
    // One symbol left over can never occur.
    (Base64UrlNoPad, "A", 1, InvalidLength),
    (Base64UrlNoPad, "Zm9vY", 5, InvalidLength),
    // Standard-alphabet symbols, padding, whitespace.
    (Base64UrlNoPad, "ab+d", 2, InvalidCharacter),
    (Base64UrlNoPad, "ab/d", 2, InvalidCharacter),
    (Base64UrlNoPad, "Zg==", 2, InvalidPadding),
    (Base64UrlNoPad, "Zm9v\n", 4, InvalidCharacter),
    // "f" is "Zg"; "Zh" sets a bit the byte does not have.
    (Base64UrlNoPad, "Zh", 1, NonCanonicalTrailingBits),
    (Base64UrlNoPad, "Zm9", 2, NonCanonicalTrailingBits),
    (Base64Standard, "Zg", 2, InvalidPadding),
    (Base64Standard, "Zg=", 3, InvalidPadding),
    (Base64Standard, "Zg=x", 3, InvalidPadding),
    (Base64Standard, "Z===", 1, InvalidPadding),
    (Base64Standard, "====", 0, InvalidPadding),
    (Base64Standard, "Zm9v=", 4, InvalidPadding),
    (Base64Standard, "Zg==Zg==", 4, InvalidPadding),
    (Base64Standard, "Zm8==", 4, InvalidPadding),
    (Base64Standard, "Zh==", 1, NonCanonicalTrailingBits),
    (Base64Standard, "Zm9=", 2, NonCanonicalTrailingBits),
    (Base64Standard, "Zm8", 3, InvalidPadding),
    // Both wrong: the earlier problem (the stray bit in symbol 2) is named.
    (Base64Standard, "Zm9", 2, NonCanonicalTrailingBits),
    (Base64Standard, "Z", 1, InvalidLength),
    (Base64Standard, "ab-_", 2, InvalidCharacter),
    // Lowercase is not the RFC 4648 alphabet.
    (Base32, "my======", 0, InvalidCharacter),
    (Base32, "M1======", 1, InvalidCharacter),
    // 1, 3 and 6 symbols in a final group never occur.
    (Base32, "M=======", 1, InvalidPadding),
    (Base32, "MZX=====", 3, InvalidPadding),
    (Base32, "MZXW6Y==", 6, InvalidPadding),
    (Base32, "MY=====", 7, InvalidPadding),
    (Base32, "MY", 2, InvalidPadding),
    (Base32, "MZ======", 1, NonCanonicalTrailingBits),
    (Base32, "MY======MY======", 8, InvalidPadding),
    (Base32NoPad, "MY======", 2, InvalidPadding),
    (Base32NoPad, "MZX", 3, InvalidLength),
    (Base32NoPad, "MZXW6YTBO", 9, InvalidLength),
    (Base32NoPad, "MZ", 1, NonCanonicalTrailingBits),
];

#[test]
fn malformed_input_is_rejected_with_position_and_reason() {
    for &(encoding, input, position, reason) in MALFORMED {
        assert_rejects(encoding, input, position, reason);
    }
}

#[test]
fn the_any_case_hex_decoder_accepts_mixed_case_but_nothing_else() {
    assert_eq!(hex_decode_any_case("aBcD").expect("valid"), [0xab, 0xcd]);
    assert_eq!(
        hex_decode_any_case("abc").unwrap_err(),
        DecodeError::new(3, InvalidLength)
    );
    assert_eq!(
        hex_decode_any_case("zz").unwrap_err(),
        DecodeError::new(0, InvalidCharacter)
    );
}

#[test]
fn the_canonical_neighbours_of_rejected_inputs_decode() {
    assert_eq!(
        Encoding::Base64UrlNoPad.decode("Zm8").expect("canonical"),
        b"fo"
    );
    assert_eq!(
        Encoding::Base32NoPad.decode("MZXW6YTBOI").expect("valid"),
        b"foobar"
    );
}

#[test]
fn every_non_canonical_tail_is_rejected() {
    // For each partial-group size, flipping any unused low bit of the last
    // symbol must be refused; the canonical form must be accepted.
    for encoding in [
        Encoding::Base64UrlNoPad,
        Encoding::Base64Standard,
        Encoding::Base32,
        Encoding::Base32NoPad,
    ] {
        let alphabet: Vec<char> = alphabet_of(encoding)
            .chars()
            .filter(|&c| c != '=')
            .collect();
        for len in 1..=4 {
            let text = encoding.encode(&vec![0xff; len]);
            let data_end = text.trim_end_matches('=').len();
            let last = data_end - 1;
            let value = alphabet
                .iter()
                .position(|&c| Some(c) == text.chars().nth(last))
                .expect("in alphabet");
            let unused_bits = data_end * if alphabet.len() == 64 { 6 } else { 5 } - 8 * len;
            if unused_bits == 0 {
                continue;
            }
            for bit in 0..unused_bits {
                let mut tampered: Vec<char> = text.chars().collect();
                tampered[last] = alphabet[value ^ (1 << bit)];
                let tampered: String = tampered.into_iter().collect();
                assert_rejects(encoding, &tampered, last, NonCanonicalTrailingBits);
            }
        }
    }
}

#[test]
fn decode_errors_read_well_and_convert_to_the_core_error() {
    let error = decode_error(Encoding::HexLower, "00zz");
    assert_eq!(error.to_string(), "invalid character at position 2");
    let core: Error = error.into();
    assert!(core.is_invalid_argument());
    assert_eq!(
        core.to_string(),
        "invalid input: contains a character outside the encoding's alphabet"
    );
    let messages = [
        (
            decode_error(Encoding::HexLower, "abc"),
            "invalid length: the input ends at position 3",
        ),
        (
            decode_error(Encoding::Base64Standard, "Zg="),
            "invalid padding at position 3",
        ),
        (
            decode_error(Encoding::Base64UrlNoPad, "Zh"),
            "non-canonical trailing bits in the symbol at position 1",
        ),
        (
            decode_error(Encoding::HexLower, "AB"),
            "letter of the wrong case at position 0",
        ),
    ];
    for (error, start) in messages {
        assert!(error.to_string().starts_with(start), "{error}");
        let core: Error = error.into();
        assert!(core.is_invalid_argument(), "{core:?}");
    }
}

#[test]
fn question_mark_converts_decode_errors() {
    fn parse(text: &str) -> Result<Vec<u8>, Error> {
        Ok(Encoding::Base64UrlNoPad.decode(text)?)
    }
    assert!(parse("A").unwrap_err().is_invalid_argument());
    assert_eq!(parse("Zm9v").expect("valid"), b"foo");
}

#[test]
fn names_are_stable() {
    let names: Vec<&str> = ALL_ENCODINGS.iter().map(|e| e.name()).collect();
    assert_eq!(
        names,
        [
            "hex",
            "HEX",
            "base64url",
            "base64",
            "base32",
            "base32-nopad"
        ]
    );
}
