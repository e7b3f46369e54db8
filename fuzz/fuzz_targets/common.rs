//! Checks shared by the fuzz targets (included with `#[path]`).
#![allow(dead_code)]

use secrets_core::Error;
use secrets_encode::{DecodeError, DecodeErrorReason, Encoding};

/// encode → decode is the identity, and the three encoding entry points agree.
pub fn round_trip(encoding: Encoding, data: &[u8]) {
    let text = encoding.encode(data);
    assert_eq!(Some(text.len()), encoding.encoded_len(data.len()));
    assert!(text.is_ascii());
    assert_eq!(encoding.decode(&text).as_deref(), Ok(data), "{encoding}");

    let mut appended = String::from("prefix");
    encoding.encode_to(&mut appended, data);
    assert_eq!(&appended["prefix".len()..], text);

    let mut buffer = vec![0xa5u8; text.len() + 3];
    let written = encoding.encode_into(data, &mut buffer).map(str::to_owned);
    assert_eq!(written.as_deref(), Ok(text.as_str()));
    assert_eq!(
        &buffer[text.len()..],
        &[0xa5; 3],
        "encode_into wrote past the encoding"
    );
    if !text.is_empty() {
        let mut short = vec![0u8; text.len() - 1];
        assert!(matches!(
            encoding.encode_into(data, &mut short),
            Err(Error::InvalidArgument { .. })
        ));
    }
}

/// Decodes arbitrary input: an accepted input must be exactly the canonical
/// encoding of what it decodes to; a refusal must point inside (or just past)
/// the input, at a character that explains it.
pub fn decode_arbitrary(
    encoding: Encoding,
    input: &[u8],
    in_alphabet: impl Fn(u8) -> bool,
) -> Result<Vec<u8>, DecodeError> {
    let result = encoding.decode(input);
    match &result {
        Ok(bytes) => assert_eq!(
            encoding.encode(bytes).as_bytes(),
            input,
            "{encoding}: accepted a non-canonical input"
        ),
        Err(error) => {
            assert!(error.position <= input.len(), "{encoding}: {error:?}");
            if matches!(
                error.reason,
                DecodeErrorReason::InvalidCharacter | DecodeErrorReason::WrongCase
            ) {
                let at = input[error.position];
                assert!(
                    !in_alphabet(at),
                    "{encoding}: {error:?} on an alphabet character"
                );
                assert!(
                    input[..error.position]
                        .iter()
                        .all(|&c| in_alphabet(c) || c == b'='),
                    "{encoding}: {error:?} is not the first bad character"
                );
            }
            if error.reason == DecodeErrorReason::InvalidLength {
                assert_eq!(error.position, input.len());
            }
        }
    }
    result
}

/// Round-trips `data` through `encoding`, decodes it as arbitrary input, and
/// checks that the oracle accepts exactly what we accept, with the same bytes.
pub fn agrees_with_oracle<E: core::fmt::Debug>(
    encoding: Encoding,
    data: &[u8],
    in_alphabet: impl Fn(u8) -> bool,
    oracle: Result<Vec<u8>, E>,
) {
    round_trip(encoding, data);
    let ours = decode_arbitrary(encoding, data, in_alphabet);
    assert_eq!(
        ours.as_ref().ok(),
        oracle.as_ref().ok(),
        "{encoding}: {ours:?} vs {oracle:?}"
    );
}

/// The replay tape of `secrets-core`'s test support: hands out the fuzz
/// input's bytes and then fails with [`TAPE_EXHAUSTED`].
#[allow(unused_imports)] // not every target includes a use of it
pub use secrets_core::test_support::{ReplayTape, TAPE_EXHAUSTED};
