//! Both base64 decoders on arbitrary input, and encode → decode round trips.
//!
//! Oracle: the `base64` crate with the same strictness (canonical padding for
//! standard, none for URL-safe, non-zero trailing bits rejected): both must
//! accept exactly the same inputs and decode them to the same bytes.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use libfuzzer_sys::fuzz_target;
use secrets_encode::Encoding;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let url = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let standard = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';

    common::round_trip(Encoding::Base64UrlNoPad, data);
    let ours = common::decode_arbitrary(Encoding::Base64UrlNoPad, data, url);
    let oracle = URL_SAFE_NO_PAD.decode(data);
    assert_eq!(
        ours.as_ref().ok(),
        oracle.as_ref().ok(),
        "{ours:?} vs {oracle:?}"
    );

    common::round_trip(Encoding::Base64Standard, data);
    let ours = common::decode_arbitrary(Encoding::Base64Standard, data, standard);
    let oracle = STANDARD.decode(data);
    assert_eq!(
        ours.as_ref().ok(),
        oracle.as_ref().ok(),
        "{ours:?} vs {oracle:?}"
    );
});
