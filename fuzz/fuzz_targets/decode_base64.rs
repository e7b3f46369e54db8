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

    common::agrees_with_oracle(
        Encoding::Base64UrlNoPad,
        data,
        url,
        URL_SAFE_NO_PAD.decode(data),
    );
    common::agrees_with_oracle(
        Encoding::Base64Standard,
        data,
        standard,
        STANDARD.decode(data),
    );
});
