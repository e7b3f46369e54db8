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

/// A generator that hands out the fuzz input's bytes and then fails, to
/// drive error paths (the failure is an OS-style error).
pub struct TapeRng<'a> {
    pub tape: &'a [u8],
}

pub const TAPE_EXHAUSTED: Error = Error::Os { errno: 5 };

impl rand_core::TryRng for TapeRng<'_> {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        rand_core::utils::next_word_via_fill(self)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        if dest.len() > self.tape.len() {
            return Err(TAPE_EXHAUSTED);
        }
        let (head, rest) = self.tape.split_at(dest.len());
        dest.copy_from_slice(head);
        self.tape = rest;
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TapeRng<'_> {}
