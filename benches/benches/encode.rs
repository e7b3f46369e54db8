//! Encoders: `secrets-encode` against the reference and fast crates, in one
//! run so that the ratios hold even on a busy machine.
//!
//! Issue 2 targets: hex of 16 bytes at least 3x faster than `hex::encode`;
//! URL-safe base64 of 32 bytes no slower than the `base64` crate.
//! `*/string` rows allocate the `String` (as `token_hex` must); `*/buffer`
//! rows write into a caller's buffer.
//!
//! Run: `cargo bench -p secrets-benches --bench encode`.

use std::hint::black_box;
use std::time::Duration;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use secrets_encode::Encoding;

/// Fixed, arbitrary input: encoders run in constant time per byte, so the
/// values do not matter, only the length.
fn input<const N: usize>() -> [u8; N] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(151).wrapping_add(7))
}

fn hex_16(c: &mut Criterion) {
    let data = input::<16>();
    let data: &[u8] = &data;
    let mut group = c.benchmark_group("hex_16");
    group.bench_function("secrets_encode/string", |b| {
        b.iter(|| Encoding::HexLower.encode(black_box(data)))
    });
    group.bench_function("secrets_encode/buffer", |b| {
        let mut buffer = [0u8; 32];
        b.iter(|| {
            let text = Encoding::HexLower.encode_into(black_box(data), &mut buffer);
            black_box(text.map(str::len).unwrap_or(0))
        })
    });
    group.bench_function("secrets_encode/append", |b| {
        let mut text = String::with_capacity(32);
        b.iter(|| {
            text.clear();
            Encoding::HexLower.encode_to(&mut text, black_box(data));
            black_box(text.len())
        })
    });
    group.bench_function("hex/string", |b| b.iter(|| hex::encode(black_box(data))));
    group.bench_function("hex/buffer", |b| {
        let mut buffer = [0u8; 32];
        b.iter(|| {
            let done = hex::encode_to_slice(black_box(data), &mut buffer).is_ok();
            black_box((done, &buffer));
        })
    });
    group.bench_function("const_hex/string", |b| {
        b.iter(|| const_hex::encode(black_box(data)))
    });
    group.bench_function("faster_hex/string", |b| {
        b.iter(|| faster_hex::hex_string(black_box(data)))
    });
    group.bench_function("data_encoding/string", |b| {
        b.iter(|| data_encoding::HEXLOWER.encode(black_box(data)))
    });
    group.finish();
}

fn base64url_32(c: &mut Criterion) {
    let data = input::<32>();
    let data: &[u8] = &data;
    let mut group = c.benchmark_group("base64url_32");
    group.bench_function("secrets_encode/string", |b| {
        b.iter(|| Encoding::Base64UrlNoPad.encode(black_box(data)))
    });
    group.bench_function("secrets_encode/buffer", |b| {
        let mut buffer = [0u8; 43];
        b.iter(|| {
            let text = Encoding::Base64UrlNoPad.encode_into(black_box(data), &mut buffer);
            black_box(text.map(str::len).unwrap_or(0))
        })
    });
    group.bench_function("base64/string", |b| {
        b.iter(|| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(black_box(data)))
    });
    group.bench_function("base64/buffer", |b| {
        let mut buffer = [0u8; 43];
        b.iter(|| {
            let written = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode_slice(black_box(data), &mut buffer);
            black_box(written.unwrap_or(0))
        })
    });
    group.bench_function("base64_simd/string", |b| {
        b.iter(|| base64_simd::URL_SAFE_NO_PAD.encode_to_string(black_box(data)))
    });
    group.bench_function("data_encoding/string", |b| {
        b.iter(|| data_encoding::BASE64URL_NOPAD.encode(black_box(data)))
    });
    group.finish();
}

fn base32_32(c: &mut Criterion) {
    let data = input::<32>();
    let data: &[u8] = &data;
    let mut group = c.benchmark_group("base32_32");
    group.bench_function("secrets_encode/string", |b| {
        b.iter(|| Encoding::Base32.encode(black_box(data)))
    });
    group.bench_function("data_encoding/string", |b| {
        b.iter(|| data_encoding::BASE32.encode(black_box(data)))
    });
    group.finish();
}

fn hex_decode_32(c: &mut Criterion) {
    let text = hex::encode(input::<32>());
    let text = text.as_str();
    let mut group = c.benchmark_group("hex_decode_64_chars");
    group.bench_function("secrets_encode", |b| {
        b.iter(|| Encoding::HexLower.decode(black_box(text)))
    });
    group.bench_function("hex", |b| b.iter(|| hex::decode(black_box(text))));
    group.finish();
}

criterion_group! {
    name = encode;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = hex_16, base64url_32, base32_32, hex_decode_32
}
criterion_main!(encode);
