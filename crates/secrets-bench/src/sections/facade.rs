//! The `secrets` facade against bare baselines. Targets: `token_hex(16)`
//! and `token_urlsafe(32)` (free functions, OS backend) within 1.1× of a
//! bare fill + encode of the same bytes; `randbelow(10^6)` through
//! `Secrets` ≤ 1.0× rand's `random_range` on the same kind of generator;
//! `uuid4()` ≤ 1.2× `uuid::Uuid::new_v4().to_string()` on the same source
//! (uuid's v4 uses getrandom, the system call, so the fair pair is our
//! handle over `OsRng::syscall_only()`).

use std::hint::black_box;

use base64::Engine as _;
use rand::{RngExt as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use secrets::{BigUint, Secrets};
use secrets_chacha::{ChaCha8Drbg, ChaCha20Drbg};
use secrets_encode::Encoding;
use secrets_os::OsRng;

use super::Effort;
use crate::compare::{Candidate, Comparison, op};

/// The bare baseline: `N` bytes from `secrets_os::fill`, then `encoding`.
fn os_fill_then<const N: usize>(encoding: Encoding) -> Candidate {
    op(move || {
        let mut bytes = [0u8; N];
        secrets_os::fill(&mut bytes).expect("secrets-os");
        encoding.encode(&bytes)
    })
}

/// The bare baseline: `N` bytes from `getrandom::fill`, then `encode`.
fn getrandom_then<const N: usize>(encode: impl Fn([u8; N]) -> String + 'static) -> Candidate {
    op(move || {
        let mut bytes = [0u8; N];
        getrandom::fill(&mut bytes).expect("getrandom");
        encode(bytes)
    })
}

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let drbg = || ChaCha8Drbg::new().map_err(|e| e.to_string());
    let mut tables = Vec::new();

    let mut c = Comparison::new("token_hex(16)", "the free function ≤ 1.1× the bare ones");
    c.add("secrets::token_hex", op(|| secrets::token_hex(16)));
    c.add(
        "secrets_os::fill + Encoding::HexLower",
        os_fill_then::<16>(Encoding::HexLower),
    );
    let mut handle = Secrets::new(OsRng::new().map_err(|e| e.to_string())?);
    c.add(
        "Secrets<OsRng>::try_token_hex (no thread-local)",
        op(move || handle.try_token_hex(16)),
    );
    c.add(
        "getrandom::fill + hex::encode",
        getrandom_then::<16>(hex::encode),
    );
    tables.push(c);

    let mut c = Comparison::new(
        "token_urlsafe(32)",
        "the free function ≤ 1.1× the bare ones",
    );
    c.add("secrets::token_urlsafe", op(|| secrets::token_urlsafe(32)));
    c.add(
        "secrets_os::fill + Encoding::Base64UrlNoPad",
        os_fill_then::<32>(Encoding::Base64UrlNoPad),
    );
    c.add(
        "getrandom::fill + base64 URL_SAFE_NO_PAD",
        getrandom_then::<32>(|bytes| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        }),
    );
    tables.push(c);

    let mut c = Comparison::new(
        "randbelow(10^6)",
        "Secrets ≤ 1.0× rand's random_range on the same generator",
    );
    let mut ours = Secrets::new(ChaCha8Rng::seed_from_u64(1));
    c.add(
        "Secrets<rand_chacha ChaCha8Rng>::randbelow",
        op(move || ours.randbelow(black_box(1_000_000u64))),
    );
    let mut theirs = ChaCha8Rng::seed_from_u64(1);
    c.add(
        "rand_chacha ChaCha8Rng random_range",
        op(move || theirs.random_range(0..black_box(1_000_000u64))),
    );
    let mut ours = Secrets::new(drbg()?);
    c.add(
        "Secrets<ChaCha8Drbg>::randbelow",
        op(move || ours.randbelow(black_box(1_000_000u64))),
    );
    let mut theirs = rand_core::UnwrapErr(drbg()?);
    c.add(
        "ChaCha8Drbg random_range (UnwrapErr)",
        op(move || theirs.random_range(0..black_box(1_000_000u64))),
    );
    tables.push(c);

    // CPython's own benchmark bound is 2^2048 - 159: `cargo xtask bench`'s
    // latency table has CPython beside it.
    let bound = (BigUint::from(1u8) << 2048u32) - 12345u32;
    let mut c = Comparison::new(
        "randbelow_big(2^2048 - 12345)",
        "against the floor of one 256-byte fill",
    );
    let (b1, b2) = (bound.clone(), bound);
    let mut os = Secrets::new(OsRng::new().map_err(|e| e.to_string())?);
    c.add(
        "os backend (vDSO)",
        op(move || os.randbelow_big(black_box(&b1))),
    );
    let mut chacha = Secrets::new(ChaCha20Drbg::new().map_err(|e| e.to_string())?);
    c.add(
        "chacha20 DRBG",
        op(move || chacha.randbelow_big(black_box(&b2))),
    );
    c.add(
        "floor: secrets_os::fill(256 B) + from_bytes_le",
        op(|| {
            let mut bytes = [0u8; 256];
            secrets_os::fill(&mut bytes).expect("secrets-os");
            BigUint::from_bytes_le(&bytes)
        }),
    );
    c.add(
        "floor: secrets_os::fill(256 B) alone",
        op(|| {
            let mut bytes = [0u8; 256];
            secrets_os::fill(&mut bytes).expect("secrets-os");
            bytes
        }),
    );
    tables.push(c);

    let mut c = Comparison::new("uuid4 string", "≤ 1.2× uuid on the same source");
    let mut syscall = Secrets::new(OsRng::syscall_only());
    c.add(
        "Secrets<OsRng::syscall_only>::uuid4",
        op(move || syscall.uuid4()),
    );
    c.add(
        "uuid::Uuid::new_v4().to_string()",
        op(|| uuid::Uuid::new_v4().to_string()),
    );
    c.add("secrets::uuid4 (default OS, vDSO)", op(secrets::uuid4));
    tables.push(c);

    Ok(tables.into_iter().map(|c| effort.run(c) + "\n").collect())
}
