//! Custom-alphabet tokens: arbitrary alphabets and lengths, drawn from a
//! generator that replays the fuzz input and then fails.
//!
//! Properties: a token has exactly `len` characters, all from the alphabet,
//! and decodes back; each character is the one the documented
//! multiply-and-reject mapping gives for the next accepted byte (checked by a
//! model); when the generator fails the output string is left exactly as it
//! was and the generator's error comes back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrets_encode::{Alphabet, token_from_alphabet_to};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (header, rest) = data.split_at(3);
    let symbol_count = usize::from(header[0]) + 1;
    let len = usize::from(u16::from_le_bytes([header[1], header[2]]) % 2048);
    // Distinct characters: the first `symbol_count` of a fixed mixed
    // ASCII / multi-byte pool, rotated by the input.
    let rotate = rest.first().copied().unwrap_or(0) as usize;
    let pool: Vec<char> = ('!'..='~')
        .chain('α'..='ω')
        .chain(('一'..).take(200))
        .collect();
    let symbols: String = (0..symbol_count)
        .map(|i| pool[(i + rotate) % pool.len()])
        .collect();
    let Ok(alphabet) = Alphabet::new(&symbols) else {
        panic!("distinct symbols refused: {symbols:?}");
    };

    let mut out = String::from("keep");
    let mut rng = common::ReplayTape::new(rest);
    let result = token_from_alphabet_to(&mut rng, &alphabet, len, &mut out);

    // The model: accept byte b iff (b * n) mod 256 >= 256 mod n; index = b*n / 256.
    let n = symbol_count as u32;
    let expected: Vec<char> = rest
        .iter()
        .filter_map(|&b| {
            let product = u32::from(b) * n;
            (product % 256 >= 256 % n).then(|| alphabet.symbols()[(product / 256) as usize])
        })
        .take(len)
        .collect();

    match result {
        Ok(()) => {
            let token = &out["keep".len()..];
            assert!(out.starts_with("keep"));
            assert_eq!(token.chars().count(), len);
            assert!(token.chars().all(|c| alphabet.index_of(c).is_some()));
            assert!(alphabet.decode(token).is_ok());
            // Bytes are consumed in order (batches only add discarded bytes
            // at the end), so the token is the model's prefix.
            assert_eq!(token.chars().collect::<Vec<_>>(), expected);
        }
        Err(error) => {
            assert_eq!(error, common::TAPE_EXHAUSTED);
            assert_eq!(out, "keep", "a failed draw changed the output");
        }
    }
});
