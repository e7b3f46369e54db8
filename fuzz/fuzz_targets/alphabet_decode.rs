//! Custom alphabets: validation of arbitrary strings, then the decoder (and
//! `encode`) on arbitrary tokens and indices.
//!
//! Input: byte 0 = how many characters form the alphabet; the rest, as
//! (lossy) UTF-8, is the alphabet followed by the token.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use secrets_core::Error;
use secrets_encode::{Alphabet, DecodeErrorReason, MAX_ALPHABET_SIZE};

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let chars: Vec<char> = text.chars().collect();
    // 0..=255 characters from the byte, plus a few inputs of more than 256.
    let split = if split == 0xff {
        chars.len()
    } else {
        usize::from(split)
    }
    .min(chars.len());
    let symbols: String = chars[..split].iter().collect();
    let token: String = chars[split..].iter().collect();

    let distinct: HashSet<char> = symbols.chars().collect();
    let valid = !symbols.is_empty() && split <= MAX_ALPHABET_SIZE && distinct.len() == split;
    let alphabet = match Alphabet::new(&symbols) {
        Ok(alphabet) => {
            assert!(valid, "accepted {symbols:?}");
            alphabet
        }
        Err(error) => {
            assert!(!valid, "refused {symbols:?}: {error}");
            assert!(matches!(
                error,
                Error::InvalidArgument {
                    argument: "alphabet",
                    ..
                }
            ));
            return;
        }
    };
    assert_eq!(alphabet.size(), split);
    assert_eq!(alphabet.as_str(), symbols);
    for (index, &symbol) in alphabet.symbols().iter().enumerate() {
        assert_eq!(alphabet.index_of(symbol), Some(index as u8));
    }

    match alphabet.decode(&token) {
        Ok(indices) => {
            assert_eq!(indices.len(), token.chars().count());
            assert!(indices.iter().all(|&i| usize::from(i) < split));
            assert_eq!(alphabet.encode(&indices).as_deref(), Ok(token.as_str()));
        }
        Err(error) => {
            assert_eq!(error.reason, DecodeErrorReason::InvalidCharacter);
            let token_chars: Vec<char> = token.chars().collect();
            assert!(alphabet.index_of(token_chars[error.position]).is_none());
            assert!(
                token_chars[..error.position]
                    .iter()
                    .all(|c| distinct.contains(c))
            );
        }
    }

    // Arbitrary indices: encoded iff every one is below the size.
    let indices = rest;
    let encoded = alphabet.encode(indices);
    let in_range = indices.iter().all(|&i| usize::from(i) < split);
    assert_eq!(encoded.is_ok(), in_range);
    if let Ok(encoded) = encoded {
        assert_eq!(alphabet.decode(&encoded).as_deref(), Ok(indices));
    }
});
