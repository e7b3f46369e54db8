//! Hex decoders on arbitrary input, and encode → decode round trips.
//!
//! Oracles: a two-line model of strict hex per case, and the `hex` crate for
//! the mixed-case decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrets_encode::{Encoding, hex_decode_any_case};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let lower = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let upper = |c: u8| c.is_ascii_digit() || (b'A'..=b'F').contains(&c);
    for (encoding, digit) in [
        (Encoding::HexLower, &lower as &dyn Fn(u8) -> bool),
        (Encoding::HexUpper, &upper),
    ] {
        common::round_trip(encoding, data);
        let valid = data.len() % 2 == 0 && data.iter().all(|&c| digit(c));
        let decoded = common::decode_arbitrary(encoding, data, digit);
        assert_eq!(decoded.is_ok(), valid, "{encoding}: {decoded:?}");
    }

    let ours = hex_decode_any_case(data);
    let oracle = hex::decode(data);
    assert_eq!(ours.is_ok(), oracle.is_ok(), "{ours:?} vs {oracle:?}");
    if let (Ok(ours), Ok(oracle)) = (&ours, &oracle) {
        assert_eq!(ours, oracle);
        assert_eq!(
            Encoding::HexLower.encode(ours).as_bytes(),
            data.to_ascii_lowercase()
        );
    }
});
