//! Both base32 decoders on arbitrary input, and encode → decode round trips.
//!
//! Oracle: `data-encoding`'s RFC 4648 BASE32 / BASE32_NOPAD (trailing bits
//! checked). The one documented difference: data-encoding accepts several
//! padded blocks in a row ("concatenated" inputs), which a strict decoder
//! refuses because the result has two encodings; only that case may differ.
#![no_main]

use data_encoding::{BASE32, BASE32_NOPAD};
use libfuzzer_sys::fuzz_target;
use secrets_encode::Encoding;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let symbol = |c: u8| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c);

    common::agrees_with_oracle(
        Encoding::Base32NoPad,
        data,
        symbol,
        BASE32_NOPAD.decode(data),
    );

    common::round_trip(Encoding::Base32, data);
    let ours = common::decode_arbitrary(Encoding::Base32, data, symbol);
    let oracle = BASE32.decode(data);
    match (&ours, &oracle) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        (Err(_), Ok(_)) => {
            // Only a padded block before the last one may explain this.
            let body = &data[..data.len().saturating_sub(8)];
            assert!(
                body.contains(&b'='),
                "refused what data-encoding accepts: {ours:?}"
            );
        }
        (Ok(_), Err(error)) => panic!("accepted what data-encoding refuses: {error}"),
    }
});
