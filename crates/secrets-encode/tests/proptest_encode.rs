//! Properties of every encoder and decoder over arbitrary input: round trips
//! hold, decoders never panic, an accepted string is exactly the canonical
//! encoding of what it decodes to, and bad alphabets or failing generators
//! give errors.
//!
//! Under Miri the number of cases is cut; the assertions are the same.

use proptest::prelude::*;
use proptest::test_runner::Config;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use secrets_core::Error;
use secrets_core::test_support::{ReplayTape, TAPE_EXHAUSTED};
use secrets_encode::{
    ALL_ENCODINGS, Alphabet, DecodeErrorReason, Encoding, MAX_ALPHABET_SIZE, hex_decode_any_case,
    token_from_alphabet, token_from_alphabet_to,
};

fn config() -> Config {
    if cfg!(miri) {
        Config {
            cases: 4,
            failure_persistence: None,
            ..Config::default()
        }
    } else {
        Config::with_cases(512)
    }
}

/// Inputs that look like encodings: mostly alphabet characters of every
/// encoding plus padding, with some noise, so decoders get past the first
/// character often.
fn encoding_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9+/=_-]{0,40}",
        "[A-Z2-7=]{0,40}",
        "[0-9a-fA-F]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_encoding_round_trips(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        for encoding in ALL_ENCODINGS {
            let text = encoding.encode(&data);
            prop_assert_eq!(Some(text.len()), encoding.encoded_len(data.len()));
            prop_assert!(text.is_ascii());
            prop_assert_eq!(encoding.decode(&text), Ok(data.clone()), "{}", encoding);

            let mut appended = String::from("x");
            encoding.encode_to(&mut appended, &data);
            prop_assert_eq!(&appended[1..], text.as_str());

            let mut buffer = vec![0u8; text.len() + 2];
            let written = encoding.encode_into(&data, &mut buffer).map(str::to_owned);
            prop_assert_eq!(written, Ok(text.clone()));
            if !text.is_empty() {
                let mut short = vec![0u8; text.len() - 1];
                prop_assert!(encoding.encode_into(&data, &mut short).is_err());
            }
        }
        let upper = Encoding::HexUpper.encode(&data);
        prop_assert_eq!(hex_decode_any_case(&upper), Ok(data.clone()));
    }

    #[test]
    fn decoders_accept_only_canonical_encodings(input in encoding_like()) {
        for encoding in ALL_ENCODINGS {
            match encoding.decode(&input) {
                Ok(bytes) => prop_assert_eq!(
                    encoding.encode(&bytes),
                    input.clone(),
                    "{} accepted a non-canonical string",
                    encoding
                ),
                Err(error) => {
                    prop_assert!(error.position <= input.len());
                    if error.reason == DecodeErrorReason::InvalidLength {
                        prop_assert_eq!(error.position, input.len());
                    }
                    // Converts into the crate-wide error without loss of kind.
                    prop_assert!(Error::from(error).is_invalid_argument());
                }
            }
        }
    }

    #[test]
    fn decoders_never_panic_on_bytes(input in proptest::collection::vec(any::<u8>(), 0..64)) {
        for encoding in ALL_ENCODINGS {
            if let Ok(bytes) = encoding.decode(&input) {
                let text = encoding.encode(&bytes);
                prop_assert_eq!(text.as_bytes(), input.as_slice());
            }
        }
        let _ = hex_decode_any_case(&input);
    }

    #[test]
    fn any_case_hex_is_the_lowercase_decoder_on_lowercased_input(input in "[0-9a-fA-Fg ]{0,20}") {
        let any = hex_decode_any_case(&input);
        let lower = Encoding::HexLower.decode(input.to_ascii_lowercase());
        prop_assert_eq!(any.is_ok(), lower.is_ok());
        if let (Ok(a), Ok(b)) = (any, lower) {
            prop_assert_eq!(a, b);
        }
        let valid = input.len() % 2 == 0 && input.bytes().all(|c| c.is_ascii_hexdigit());
        prop_assert_eq!(hex_decode_any_case(&input).is_ok(), valid);
    }

    #[test]
    fn alphabets_are_validated(symbols in prop_oneof![any::<String>(), "[a-e]{0,6}", "\\PC{250,260}"]) {
        let chars: Vec<char> = symbols.chars().collect();
        let mut distinct = chars.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let valid = !chars.is_empty() && chars.len() <= MAX_ALPHABET_SIZE && distinct.len() == chars.len();
        match Alphabet::new(&symbols) {
            Ok(alphabet) => {
                prop_assert!(valid);
                prop_assert_eq!(alphabet.size(), chars.len());
                for (i, &c) in chars.iter().enumerate() {
                    prop_assert_eq!(alphabet.index_of(c), Some(i as u8));
                }
            }
            Err(error) => {
                prop_assert!(!valid);
                let is_alphabet_error = matches!(error, Error::InvalidArgument { argument: "alphabet", .. });
                prop_assert!(is_alphabet_error);
            }
        }
    }

    #[test]
    fn alphabet_decode_and_encode(
        symbols in "[a-z0-9αβγδ]{1,20}",
        token in any::<String>(),
        indices in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let Ok(alphabet) = Alphabet::new(&symbols) else {
            return Ok(()); // repeated characters: validated above
        };
        match alphabet.decode(&token) {
            Ok(decoded) => prop_assert_eq!(alphabet.encode(&decoded), Ok(token.clone())),
            Err(error) => {
                let bad = token.chars().nth(error.position);
                prop_assert!(bad.is_some_and(|c| alphabet.index_of(c).is_none()));
            }
        }
        match alphabet.encode(&indices) {
            Ok(text) => prop_assert_eq!(alphabet.decode(&text), Ok(indices.clone())),
            Err(error) => {
                prop_assert!(indices.iter().any(|&i| usize::from(i) >= alphabet.size()));
                prop_assert!(error.is_invalid_argument());
            }
        }
    }

    #[test]
    fn tokens_have_the_length_and_alphabet_asked_for(
        seed: u64,
        size in 1usize..=256,
        len in 0usize..200,
    ) {
        let symbols: String = (0..size as u32)
            .map(|i| char::from_u32(if i < 90 { 0x21 + i } else { 0x4e00 + i }).unwrap_or('?'))
            .collect();
        let alphabet = Alphabet::new(&symbols)?;
        let token = token_from_alphabet(&mut ChaCha8Rng::seed_from_u64(seed), &alphabet, len)?;
        prop_assert_eq!(token.chars().count(), len);
        prop_assert!(alphabet.decode(&token).is_ok());
    }

    #[test]
    fn a_failing_generator_leaves_the_output_unchanged(
        tape in proptest::collection::vec(any::<u8>(), 0..64),
        len in 0usize..100,
    ) {
        let alphabet = Alphabet::new("abcdefghijklmnopqrstuvwxyz0123456789!")?;
        let mut out = String::from("prefix");
        match token_from_alphabet_to(&mut ReplayTape::new(tape), &alphabet, len, &mut out) {
            Ok(()) => prop_assert_eq!(out.chars().count(), "prefix".len() + len),
            Err(error) => {
                prop_assert_eq!(error, TAPE_EXHAUSTED);
                prop_assert_eq!(out, "prefix");
            }
        }
    }
}
