//! Encoders (`secrets-encode`) against the reference and fast crates.
//! Targets: hex of 16 bytes to a `String` ≥ 3× faster than `hex::encode`;
//! URL-safe base64 of 32 bytes no slower than `base64`'s `URL_SAFE_NO_PAD`.
//!
//! Every candidate of a table encodes the same bytes, passed through
//! `black_box` so no encoder sees a constant length. `/string` rows return
//! a new `String` (as `token_hex` must), `/buffer` rows write into a
//! caller's buffer, `/append` rows append to a `String` with spare capacity.

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use secrets_encode::Encoding;

use super::Effort;
use crate::compare::{Comparison, op};

/// Fixed, arbitrary input: encoders take constant time per byte.
fn input<const N: usize>() -> &'static [u8] {
    let bytes: [u8; N] = std::array::from_fn(|i| (i as u8).wrapping_mul(151).wrapping_add(7));
    Box::leak(Box::new(bytes))
}

/// `/buffer` and `/append` rows of our encoder.
fn ours_in_place(c: &mut Comparison, encoding: Encoding, data: &'static [u8]) {
    let len = encoding.encoded_len(data.len()).expect("small input");
    let mut buffer = vec![0u8; len];
    c.add(
        "secrets_encode/buffer",
        op(move || {
            encoding
                .encode_into(black_box(data), &mut buffer)
                .map(str::len)
                .unwrap_or(0)
        }),
    );
    let mut text = String::with_capacity(len);
    c.add(
        "secrets_encode/append",
        op(move || {
            text.clear();
            encoding.encode_to(&mut text, black_box(data));
            text.len()
        }),
    );
}

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let (b16, b20, b32) = (input::<16>(), input::<20>(), input::<32>());
    let ours =
        |encoding: Encoding, data: &'static [u8]| op(move || encoding.encode(black_box(data)));
    let mut tables = Vec::new();

    let mut c = Comparison::new("hex of 16 bytes", "secrets_encode/string ≥ 3× hex/string");
    c.add("hex/string", op(move || hex::encode(black_box(b16))));
    c.add("secrets_encode/string", ours(Encoding::HexLower, b16));
    ours_in_place(&mut c, Encoding::HexLower, b16);
    let mut buffer = [0u8; 32];
    c.add(
        "hex/buffer",
        op(move || hex::encode_to_slice(black_box(b16), &mut buffer).is_ok()),
    );
    c.add(
        "const_hex/string",
        op(move || const_hex::encode(black_box(b16))),
    );
    c.add(
        "faster_hex/string",
        op(move || faster_hex::hex_string(black_box(b16))),
    );
    c.add(
        "data_encoding/string",
        op(move || data_encoding::HEXLOWER.encode(black_box(b16))),
    );
    tables.push(c);

    let mut c = Comparison::new(
        "URL-safe base64 of 32 bytes",
        "secrets_encode/string ≥ 1× base64/string",
    );
    c.add(
        "base64/string",
        op(move || URL_SAFE_NO_PAD.encode(black_box(b32))),
    );
    c.add("secrets_encode/string", ours(Encoding::Base64UrlNoPad, b32));
    ours_in_place(&mut c, Encoding::Base64UrlNoPad, b32);
    let mut buffer = [0u8; 43];
    c.add(
        "base64/buffer",
        op(move || {
            URL_SAFE_NO_PAD
                .encode_slice(black_box(b32), &mut buffer)
                .unwrap_or(0)
        }),
    );
    c.add(
        "base64_simd/string",
        op(move || base64_simd::URL_SAFE_NO_PAD.encode_to_string(black_box(b32))),
    );
    c.add(
        "data_encoding/string",
        op(move || data_encoding::BASE64URL_NOPAD.encode(black_box(b32))),
    );
    tables.push(c);

    // The other encodings and a length off the fixed-size hex path: no slower.
    let mut c = Comparison::new("hex of 20 bytes", "no slower than hex");
    c.add("hex/string", op(move || hex::encode(black_box(b20))));
    c.add("secrets_encode/string", ours(Encoding::HexLower, b20));
    c.add(
        "const_hex/string",
        op(move || const_hex::encode(black_box(b20))),
    );
    tables.push(c);
    let mut c = Comparison::new("uppercase hex of 16 bytes", "as lowercase");
    c.add("hex/string", op(move || hex::encode_upper(black_box(b16))));
    c.add("secrets_encode/string", ours(Encoding::HexUpper, b16));
    tables.push(c);
    let mut c = Comparison::new("padded standard base64 of 32 bytes", "as URL-safe");
    c.add("base64/string", op(move || STANDARD.encode(black_box(b32))));
    c.add("secrets_encode/string", ours(Encoding::Base64Standard, b32));
    tables.push(c);
    let mut c = Comparison::new("base32 of 32 bytes", "no slower than data-encoding");
    c.add(
        "data_encoding/string",
        op(move || data_encoding::BASE32.encode(black_box(b32))),
    );
    c.add("secrets_encode/string", ours(Encoding::Base32, b32));
    tables.push(c);
    let text: &'static str = hex::encode(b32).leak();
    let mut c = Comparison::new("strict hex decoding of 64 characters", "no slower than hex");
    c.add("hex", op(move || hex::decode(black_box(text))));
    c.add(
        "secrets_encode",
        op(move || Encoding::HexLower.decode(black_box(text))),
    );
    tables.push(c);

    Ok(tables.into_iter().map(|c| effort.run(c) + "\n").collect())
}
