//! Encoders: `secrets-encode` against the reference and fast crates, in one
//! run.
//!
//! Issue 2 targets: hex of 16 bytes to a `String` at least 3x faster than
//! `hex::encode`; URL-safe base64 of 32 bytes to a `String` no slower than
//! `base64`'s `URL_SAFE_NO_PAD.encode`.
//!
//! `cargo bench -p secrets-benches --bench encode` runs the criterion groups
//! and then a summary: its own timing of every group in interleaved rounds
//! (`secrets_bench::Interleaved`, so background load hits all candidates
//! alike), with each candidate's speed relative to the group's reference as
//! the median (and range) of per-round ratios. Environment:
//! `ENCODE_SUMMARY_ONLY=1` skips criterion, `ENCODE_SUMMARY=0` the summary.
//!
//! Every candidate of a group encodes the same bytes, passed as a
//! `black_box`ed slice so that no encoder sees a constant length. `*/string`
//! rows return a new `String` (as `token_hex` must), `*/buffer` rows write
//! into a caller's buffer, `*/append` rows append to a `String` with spare
//! capacity.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use criterion::Criterion;
use secrets_bench::{Interleaved, format_time};
use secrets_encode::Encoding;

/// Fixed, arbitrary input: encoders run in constant time per byte, so the
/// values do not matter, only the length.
const fn input<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let mut i = 0;
    while i < N {
        bytes[i] = (i as u8).wrapping_mul(151).wrapping_add(7);
        i += 1;
    }
    bytes
}

static BYTES_16: [u8; 16] = input();
static BYTES_20: [u8; 20] = input();
static BYTES_32: [u8; 32] = input();

/// Times `iterations` calls of one operation and returns the total. The loop
/// is monomorphised around the operation (see [`timer`]), so no candidate
/// pays for an indirect call per iteration; criterion runs the same loop
/// through `iter_custom`.
type Op = Box<dyn FnMut(u64) -> Duration>;

/// Each call's result goes through `black_box` and is dropped inside the
/// loop, as criterion's `iter` does: a `String` row includes its `free`.
fn timer<T, F: FnMut() -> T + 'static>(mut op: F) -> Op {
    Box::new(move |iterations| {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(op());
        }
        start.elapsed()
    })
}

struct Group {
    name: &'static str,
    target: &'static str,
    /// Candidate 0 is the reference the ratios are taken against.
    candidates: Vec<(&'static str, Op)>,
}

fn groups() -> Vec<Group> {
    let bytes_16: &'static [u8] = &BYTES_16;
    let bytes_20: &'static [u8] = &BYTES_20;
    let bytes_32: &'static [u8] = &BYTES_32;
    vec![
        Group {
            name: "hex_16",
            target: "secrets_encode/string >= 3x faster than hex/string",
            candidates: vec![
                (
                    "hex/string",
                    timer(move || hex::encode(black_box(bytes_16))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::HexLower.encode(black_box(bytes_16))),
                ),
                ("secrets_encode/buffer", {
                    let mut buffer = [0u8; 32];
                    timer(move || {
                        let text = Encoding::HexLower.encode_into(black_box(bytes_16), &mut buffer);
                        text.map(str::len).unwrap_or(0)
                    })
                }),
                ("secrets_encode/append", {
                    let mut text = String::with_capacity(32);
                    timer(move || {
                        text.clear();
                        Encoding::HexLower.encode_to(&mut text, black_box(bytes_16));
                        text.len()
                    })
                }),
                ("hex/buffer", {
                    let mut buffer = [0u8; 32];
                    timer(move || {
                        let done = hex::encode_to_slice(black_box(bytes_16), &mut buffer);
                        (done.is_ok(), buffer[0])
                    })
                }),
                (
                    "const_hex/string",
                    timer(move || const_hex::encode(black_box(bytes_16))),
                ),
                (
                    "faster_hex/string",
                    timer(move || faster_hex::hex_string(black_box(bytes_16))),
                ),
                (
                    "data_encoding/string",
                    timer(move || data_encoding::HEXLOWER.encode(black_box(bytes_16))),
                ),
            ],
        },
        Group {
            name: "base64url_32",
            target: "secrets_encode/string no slower than base64/string",
            candidates: vec![
                (
                    "base64/string",
                    timer(move || URL_SAFE_NO_PAD.encode(black_box(bytes_32))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::Base64UrlNoPad.encode(black_box(bytes_32))),
                ),
                ("secrets_encode/buffer", {
                    let mut buffer = [0u8; 43];
                    timer(move || {
                        let text =
                            Encoding::Base64UrlNoPad.encode_into(black_box(bytes_32), &mut buffer);
                        text.map(str::len).unwrap_or(0)
                    })
                }),
                ("secrets_encode/append", {
                    let mut text = String::with_capacity(43);
                    timer(move || {
                        text.clear();
                        Encoding::Base64UrlNoPad.encode_to(&mut text, black_box(bytes_32));
                        text.len()
                    })
                }),
                ("base64/buffer", {
                    let mut buffer = [0u8; 43];
                    timer(move || {
                        URL_SAFE_NO_PAD
                            .encode_slice(black_box(bytes_32), &mut buffer)
                            .unwrap_or(0)
                    })
                }),
                (
                    "base64_simd/string",
                    timer(move || {
                        base64_simd::URL_SAFE_NO_PAD.encode_to_string(black_box(bytes_32))
                    }),
                ),
                (
                    "data_encoding/string",
                    timer(move || data_encoding::BASE64URL_NOPAD.encode(black_box(bytes_32))),
                ),
            ],
        },
        // The other encodings and a length off the fixed-size hex path, to
        // check that nothing else got slower.
        Group {
            name: "hex_20",
            target: "other lengths: no slower than before",
            candidates: vec![
                (
                    "hex/string",
                    timer(move || hex::encode(black_box(bytes_20))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::HexLower.encode(black_box(bytes_20))),
                ),
                (
                    "const_hex/string",
                    timer(move || const_hex::encode(black_box(bytes_20))),
                ),
            ],
        },
        Group {
            name: "hex_upper_16",
            target: "as lowercase",
            candidates: vec![
                (
                    "hex/string",
                    timer(move || hex::encode_upper(black_box(bytes_16))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::HexUpper.encode(black_box(bytes_16))),
                ),
            ],
        },
        Group {
            name: "base64_32",
            target: "padded standard base64: as URL-safe",
            candidates: vec![
                (
                    "base64/string",
                    timer(move || STANDARD.encode(black_box(bytes_32))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::Base64Standard.encode(black_box(bytes_32))),
                ),
            ],
        },
        Group {
            name: "base32_32",
            target: "no slower than data-encoding",
            candidates: vec![
                (
                    "data_encoding/string",
                    timer(move || data_encoding::BASE32.encode(black_box(bytes_32))),
                ),
                (
                    "secrets_encode/string",
                    timer(move || Encoding::Base32.encode(black_box(bytes_32))),
                ),
            ],
        },
        Group {
            name: "hex_decode_64_chars",
            target: "strict decoding, no slower than hex",
            candidates: {
                let text: &'static str = hex::encode(BYTES_32).leak();
                vec![
                    ("hex", timer(move || hex::decode(black_box(text)))),
                    (
                        "secrets_encode",
                        timer(move || Encoding::HexLower.decode(black_box(text))),
                    ),
                ]
            },
        },
    ]
}

fn criterion_groups(c: &mut Criterion) {
    for group in groups() {
        let mut criterion_group = c.benchmark_group(group.name);
        for (name, mut op) in group.candidates {
            criterion_group.bench_function(name, |b| b.iter_custom(&mut op));
        }
        criterion_group.finish();
    }
}

/// Nanoseconds per call of `op`, over `iterations` calls.
fn time(op: &mut Op, iterations: u64) -> f64 {
    op(iterations).as_nanos() as f64 / iterations as f64
}

fn summary() {
    const ROUNDS: usize = 101;
    println!(
        "\nencode summary: {ROUNDS} interleaved rounds; times are medians, speed-ups are \
         medians (min-max) of per-round ratios reference/candidate"
    );
    for mut group in groups() {
        // Calibrate to about 1 ms per round per candidate.
        let probe = time(&mut group.candidates[0].1, 2000).max(0.5);
        let iterations = ((1e6 / probe) as u64).clamp(100, 1_000_000);
        let rounds = Interleaved::run(group.candidates.len(), ROUNDS, |c| {
            time(&mut group.candidates[c].1, iterations)
        });
        println!("{} (target: {}):", group.name, group.target);
        for (c, (name, _)) in group.candidates.iter().enumerate() {
            let median = format_time(rounds.spread(c).median);
            if c == 0 {
                println!("  {name:<24} {median:>9}   reference");
            } else {
                let speedup = rounds.ratio(0, c);
                println!(
                    "  {name:<24} {median:>9}   {:.2}x ({:.2}-{:.2})",
                    speedup.median, speedup.min, speedup.max
                );
            }
        }
    }
}

fn main() {
    if std::env::var_os("ENCODE_SUMMARY_ONLY").is_none() {
        let mut criterion = Criterion::default()
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args();
        criterion_groups(&mut criterion);
        criterion.final_summary();
    }
    if std::env::var("ENCODE_SUMMARY").as_deref() != Ok("0") {
        summary();
    }
}
