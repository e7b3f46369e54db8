//! The `secrets` facade against bare baselines, in one run.
//!
//! `cargo bench -p secrets-benches --bench facade` runs the criterion groups
//! and then a summary: its own interleaved timing of every pair
//! (`secrets_bench::Interleaved`: repeated rounds, so background load hits
//! both sides alike; ratios are medians of per-round ratios) with the
//! ratios the design targets:
//!
//! - `token_hex(16)`, `token_urlsafe(32)` (free functions, OS backend) within
//!   1.1x of a bare fill + encode of the same bytes. Two bare baselines: the
//!   same OS path and encoder called directly (`secrets_os::fill` +
//!   `secrets_encode`: what the facade itself adds), and the literal
//!   `getrandom::fill` + `hex`/`base64` crates.
//! - `randbelow(1_000_000)` through `Secrets` on a ChaCha generator <= 1.0x
//!   rand's `random_range` on the same kind of generator (rand_chacha's
//!   ChaCha8Rng, and our ChaCha8 DRBG through `UnwrapErr`).
//! - `randbelow_big` of a 2048-bit bound (compare with CPython:
//!   `python3 -m timeit -s 'import secrets; n=2**2048-12345' 'secrets.randbelow(n)'`).
//! - `uuid4()` string <= 1.2x `uuid::Uuid::new_v4().to_string()` on the same
//!   backend: uuid's v4 uses getrandom (the system call), so the fair pair is
//!   our handle over `OsRng::syscall_only()`; the free function (vDSO) is
//!   shown too.
//!
//! Environment: `FACADE_SUMMARY_ONLY=1` skips criterion; `FACADE_SUMMARY=0`
//! skips the summary.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use base64::Engine;
use criterion::Criterion;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use secrets::{BigUint, Secrets};
use secrets_bench::{Interleaved, format_time};
use secrets_chacha::{ChaCha8Drbg, ChaCha20Drbg};
use secrets_encode::Encoding;
use secrets_os::OsRng;

fn bound_2048() -> BigUint {
    (BigUint::from(1u8) << 2048u32) - 12345u32
}

/// Times `iterations` calls of one operation and returns the total. The loop
/// is monomorphised around the operation (see [`timer`]), so no candidate
/// pays for an indirect call per iteration.
type Op = Box<dyn FnMut(u64) -> Duration>;

fn timer<F: FnMut() + 'static>(mut op: F) -> Op {
    Box::new(move |iterations| {
        let start = Instant::now();
        for _ in 0..iterations {
            op();
        }
        start.elapsed()
    })
}

struct Pair {
    what: &'static str,
    target: &'static str,
    facade: (&'static str, Op),
    baselines: Vec<(&'static str, Op)>,
}

fn pairs() -> Vec<Pair> {
    let mut handle_rand = Secrets::new(ChaCha8Rng::seed_from_u64(1));
    let mut bare_rand = ChaCha8Rng::seed_from_u64(1);
    let mut handle_drbg = Secrets::new(ChaCha8Drbg::new().expect("OS seeds the DRBG"));
    let mut bare_drbg = rand::rand_core::UnwrapErr(ChaCha8Drbg::new().expect("OS seeds the DRBG"));
    let mut big_os = Secrets::new(OsRng::new().expect("OS backend"));
    let mut big_chacha = Secrets::new(ChaCha20Drbg::new().expect("OS seeds the DRBG"));
    let bound_os = bound_2048();
    let bound_chacha = bound_2048();
    let mut uuid_syscall = Secrets::new(OsRng::syscall_only());
    let mut hex_handle = Secrets::new(OsRng::new().expect("OS backend"));
    vec![
        Pair {
            what: "token_hex(16)",
            target: "<= 1.1x",
            facade: (
                "secrets::token_hex",
                timer(|| drop(black_box(secrets::token_hex(16)))),
            ),
            baselines: vec![
                (
                    "secrets_os::fill + Encoding::HexLower",
                    timer(|| {
                        let mut bytes = [0u8; 16];
                        secrets_os::fill(&mut bytes).unwrap();
                        drop(black_box(Encoding::HexLower.encode(&bytes)));
                    }),
                ),
                (
                    "Secrets<OsRng>::try_token_hex (no thread-local)",
                    timer(move || drop(black_box(hex_handle.try_token_hex(16).unwrap()))),
                ),
                (
                    "getrandom::fill + hex::encode",
                    timer(|| {
                        let mut bytes = [0u8; 16];
                        getrandom::fill(&mut bytes).unwrap();
                        drop(black_box(hex::encode(bytes)));
                    }),
                ),
            ],
        },
        Pair {
            what: "token_urlsafe(32)",
            target: "<= 1.1x",
            facade: (
                "secrets::token_urlsafe",
                timer(|| drop(black_box(secrets::token_urlsafe(32)))),
            ),
            baselines: vec![
                (
                    "secrets_os::fill + Encoding::Base64UrlNoPad",
                    timer(|| {
                        let mut bytes = [0u8; 32];
                        secrets_os::fill(&mut bytes).unwrap();
                        drop(black_box(Encoding::Base64UrlNoPad.encode(&bytes)));
                    }),
                ),
                (
                    "getrandom::fill + base64 URL_SAFE_NO_PAD",
                    timer(|| {
                        let mut bytes = [0u8; 32];
                        getrandom::fill(&mut bytes).unwrap();
                        drop(black_box(
                            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
                        ));
                    }),
                ),
            ],
        },
        Pair {
            what: "randbelow(1e6), rand_chacha ChaCha8Rng",
            target: "<= 1.0x",
            facade: (
                "Secrets::randbelow",
                timer(move || {
                    black_box(handle_rand.randbelow(black_box(1_000_000u64)).unwrap());
                }),
            ),
            baselines: vec![(
                "rand random_range",
                timer(move || {
                    black_box(bare_rand.random_range(0..black_box(1_000_000u64)));
                }),
            )],
        },
        Pair {
            what: "randbelow(1e6), secrets ChaCha8Drbg",
            target: "<= 1.0x",
            facade: (
                "Secrets::randbelow",
                timer(move || {
                    black_box(handle_drbg.randbelow(black_box(1_000_000u64)).unwrap());
                }),
            ),
            baselines: vec![(
                "rand random_range (UnwrapErr)",
                timer(move || {
                    black_box(bare_drbg.random_range(0..black_box(1_000_000u64)));
                }),
            )],
        },
        Pair {
            what: "randbelow_big(2^2048 - 12345)",
            target: "CPython / 5",
            facade: (
                "os backend (vDSO)",
                timer(move || {
                    drop(black_box(
                        big_os.randbelow_big(black_box(&bound_os)).unwrap(),
                    ))
                }),
            ),
            baselines: vec![
                (
                    "chacha20 DRBG",
                    timer(move || {
                        drop(black_box(
                            big_chacha.randbelow_big(black_box(&bound_chacha)).unwrap(),
                        ))
                    }),
                ),
                (
                    "floor: secrets_os::fill(256 B) + from_bytes_le",
                    timer(|| {
                        let mut bytes = [0u8; 256];
                        secrets_os::fill(&mut bytes).unwrap();
                        drop(black_box(BigUint::from_bytes_le(&bytes)));
                    }),
                ),
                (
                    "floor: secrets_os::fill(256 B) alone",
                    timer(|| {
                        let mut bytes = [0u8; 256];
                        secrets_os::fill(&mut bytes).unwrap();
                        black_box(&bytes);
                    }),
                ),
            ],
        },
        Pair {
            what: "uuid4 string",
            target: "<= 1.2x",
            facade: (
                "Secrets<OsRng::syscall_only>::uuid4",
                timer(move || drop(black_box(uuid_syscall.uuid4()))),
            ),
            baselines: vec![
                (
                    "uuid::Uuid::new_v4().to_string()",
                    timer(|| drop(black_box(uuid::Uuid::new_v4().to_string()))),
                ),
                (
                    "secrets::uuid4 (default OS, vDSO)",
                    timer(|| drop(black_box(secrets::uuid4()))),
                ),
            ],
        },
    ]
}

fn criterion_groups(c: &mut Criterion) {
    for pair in pairs() {
        let mut group = c.benchmark_group(pair.what);
        let (name, mut op) = pair.facade;
        group.bench_function(name, |b| b.iter_custom(&mut op));
        for (name, mut op) in pair.baselines {
            group.bench_function(name, |b| b.iter_custom(&mut op));
        }
        group.finish();
    }
}

/// Nanoseconds per call of `op`, over `iterations` calls.
fn time(op: &mut Op, iterations: u64) -> f64 {
    op(iterations).as_nanos() as f64 / iterations as f64
}

fn summary() {
    const ROUNDS: usize = 31;
    println!(
        "\nfacade summary: {ROUNDS} interleaved rounds; times are medians, \
         ratios are medians of per-round ratios"
    );
    for mut pair in pairs() {
        // Calibrate to about 2 ms per round per candidate.
        let probe = time(&mut pair.facade.1, 200).max(0.5);
        let iterations = ((2e6 / probe) as u64).clamp(50, 1_000_000);
        // Candidate 0 is the facade, then the baselines.
        let mut ops: Vec<&mut Op> = std::iter::once(&mut pair.facade.1)
            .chain(pair.baselines.iter_mut().map(|(_, op)| op))
            .collect();
        let rounds = Interleaved::run(ops.len(), ROUNDS, |c| time(ops[c], iterations));
        println!("{} (target {}):", pair.what, pair.target);
        let facade = format_time(rounds.spread(0).median);
        println!("  {:<48} {facade:>9}", pair.facade.0);
        for (i, (name, _)) in pair.baselines.iter().enumerate() {
            println!(
                "  {name:<48} {:>9}   facade/baseline = {:.3}",
                format_time(rounds.spread(i + 1).median),
                rounds.ratio(0, i + 1).median
            );
        }
    }
}

fn main() {
    if std::env::var_os("FACADE_SUMMARY_ONLY").is_none() {
        let mut criterion = Criterion::default().configure_from_args();
        criterion_groups(&mut criterion);
        criterion.final_summary();
    }
    if std::env::var("FACADE_SUMMARY").as_deref() != Ok("0") {
        summary();
    }
}
