//! CTR_DRBG (secrets-ctr-drbg) against the raw AES-CTR keystream of the same
//! `aes` crate and against rand's ThreadRng, on this machine, in one run.
//!
//! `cargo bench -p secrets-benches --bench ctr_drbg` runs the criterion groups
//! and then a summary: its own interleaved timing of every candidate
//! (`secrets_bench::Interleaved` rounds, so background load hits all of them
//! alike; medians, and ratios as medians of per-round ratios) with the
//! ratios the design targets:
//!
//! - 1 MiB and 4 KiB requests: `CtrDrbgAes256Rng` ≥ 0.9× raw
//!   `Ctr128BE<Aes256>::write_keystream`;
//! - 32-byte requests: `CtrDrbgAes256Rng` ≤ 1.5× the time of `rand::rng()`
//!   filling 32 bytes.
//!
//! Environment: `CTR_DRBG_SUMMARY_ONLY=1` skips criterion; `CTR_DRBG_SUMMARY=0`
//! skips the summary; `CTR_DRBG_ROUNDS=N` sets the summary's rounds (9).
#![allow(missing_docs)]

use std::cell::RefCell;
use std::hint::black_box;
use std::time::Duration;

use aes::Aes256;
use criterion::{BenchmarkId, Criterion, Throughput};
use ctr::cipher::{KeyIvInit, StreamCipher};
use rand::Rng;
use rand::rand_core::TryRng;
use secrets_bench::{Interleaved, TimingConfig, format_time, measure, size_label};
use secrets_ctr_drbg::{
    Config, CtrDrbgAes128Rng, CtrDrbgAes256, CtrDrbgAes256Rng, MAX_BYTES_PER_REQUEST,
};

const MIB: usize = 1 << 20;
const KIB4: usize = 4096;
const SMALL: usize = 32;

/// One way of filling a buffer, boxed so every candidate is timed the same way.
type Fill = Box<dyn FnMut(&mut [u8])>;

/// The baseline: one long-lived `Ctr128BE<Aes256>` writing its keystream.
fn raw_write_keystream() -> Fill {
    let mut cipher = ctr::Ctr128BE::<Aes256>::new(&[7u8; 32].into(), &[0u8; 16].into());
    Box::new(move |buf: &mut [u8]| cipher.write_keystream(buf))
}

/// For reference: XOR-ing the keystream into zeros (what not to do).
fn raw_apply_keystream() -> Fill {
    let mut cipher = ctr::Ctr128BE::<Aes256>::new(&[7u8; 32].into(), &[0u8; 16].into());
    Box::new(move |buf: &mut [u8]| {
        buf.fill(0);
        cipher.apply_keystream(buf);
    })
}

/// The raw mechanism: Generate calls of at most 64 KiB, no buffering.
fn mechanism() -> Fill {
    let mut drbg = CtrDrbgAes256::instantiate(
        Config::with_df().reseed_interval(1 << 48),
        &[1u8; 32],
        &[2u8; 16],
        b"bench",
    )
    .expect("instantiate");
    Box::new(move |buf: &mut [u8]| {
        for chunk in buf.chunks_mut(MAX_BYTES_PER_REQUEST) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    })
}

fn wrapper_256() -> Fill {
    let mut rng = CtrDrbgAes256Rng::new().expect("the OS seeds the DRBG");
    Box::new(move |buf: &mut [u8]| rng.try_fill_bytes(buf).expect("DRBG output"))
}

fn wrapper_128() -> Fill {
    let mut rng = CtrDrbgAes128Rng::new().expect("the OS seeds the DRBG");
    Box::new(move |buf: &mut [u8]| rng.try_fill_bytes(buf).expect("DRBG output"))
}

/// A request on this thread's AES-256 instance, created on first use: the
/// facade's access pattern.
#[inline]
fn thread_local_256(buf: &mut [u8]) {
    thread_local! {
        static DRBG: RefCell<Option<CtrDrbgAes256Rng>> = const { RefCell::new(None) };
    }
    DRBG.with(|cell| {
        let mut slot = cell.borrow_mut();
        let drbg = match &mut *slot {
            Some(drbg) => drbg,
            empty => empty.insert(CtrDrbgAes256Rng::new().expect("the OS seeds the DRBG")),
        };
        drbg.try_fill_bytes(buf).expect("DRBG output");
    });
}

fn thread_rng_fill(buf: &mut [u8]) {
    rand::rng().fill_bytes(buf);
}

fn held_thread_rng() -> Fill {
    let mut rng = rand::rng();
    Box::new(move |buf: &mut [u8]| rng.fill_bytes(buf))
}

fn bulk_candidates() -> Vec<(&'static str, Fill)> {
    vec![
        (
            "raw Ctr128BE<Aes256> write_keystream",
            raw_write_keystream(),
        ),
        (
            "raw Ctr128BE<Aes256> apply_keystream over zeros",
            raw_apply_keystream(),
        ),
        (
            "CtrDrbgAes256 mechanism (64 KiB Generate calls)",
            mechanism(),
        ),
        ("CtrDrbgAes256Rng", wrapper_256()),
        ("CtrDrbgAes128Rng", wrapper_128()),
    ]
}

fn small_candidates() -> Vec<(&'static str, Fill)> {
    vec![
        ("ThreadRng rand::rng() per call", Box::new(thread_rng_fill)),
        ("ThreadRng held", held_thread_rng()),
        ("CtrDrbgAes256Rng held", wrapper_256()),
        ("CtrDrbgAes256Rng thread-local", Box::new(thread_local_256)),
        ("CtrDrbgAes128Rng held", wrapper_128()),
        (
            "CtrDrbgAes256 mechanism, one Generate per request",
            mechanism(),
        ),
    ]
}

fn bench_sizes(c: &mut Criterion) {
    for (size, label) in [(MIB, "1MiB"), (KIB4, "4KiB")] {
        let mut group = c.benchmark_group(format!("ctr_drbg/{label}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size == MIB {
            group.sample_size(20);
        }
        for (name, mut fill) in bulk_candidates() {
            let mut buf = vec![0u8; size];
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.iter(|| {
                    fill(&mut buf);
                    black_box(&buf);
                })
            });
        }
        group.finish();
    }
    let mut group = c.benchmark_group("ctr_drbg/32B");
    group.throughput(Throughput::Bytes(SMALL as u64));
    for (name, mut fill) in small_candidates() {
        let mut buf = [0u8; SMALL];
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                fill(&mut buf);
                black_box(&buf);
            })
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// The summary: own timing, interleaved, medians, ratios.

/// ns/call samples of each candidate over `rounds` interleaved rounds; each
/// sample is one calibrated batch of about the budget. Under background load
/// the minimum is the better estimate of the uncontended cost; both it and
/// the median are printed.
fn interleaved(candidates: &mut [(&str, Fill)], size: usize, rounds: usize) -> Interleaved {
    let mut buf = vec![0u8; size];
    let sample = TimingConfig {
        warm_up: Duration::ZERO,
        sample_time: Duration::from_millis(if size >= MIB { 60 } else { 25 }),
        repeats: 1,
    };
    Interleaved::run(candidates.len(), rounds, |c| {
        let fill = &mut candidates[c].1;
        measure(&sample, || {
            fill(&mut buf);
            black_box(&buf);
        })
        .median_ns
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "BELOW TARGET" }
}

fn summary() {
    let rounds: usize = std::env::var("CTR_DRBG_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    println!();
    println!("== secrets-ctr-drbg summary (medians of {rounds} interleaved rounds) ==");
    println!(
        "AES hardware acceleration detected: {}",
        aes::hardware_accelerated()
    );
    for size in [MIB, KIB4] {
        println!();
        println!("-- {} requests --", size_label(size));
        let mut candidates = bulk_candidates();
        let timed = interleaved(&mut candidates, size, rounds);
        for (c, (name, _)) in candidates.iter().enumerate() {
            let ns = timed.spread(c);
            println!(
                "{name:50} {:6.2} GB/s median {:>10}  (best {:6.2} GB/s)",
                size as f64 / ns.median,
                format_time(ns.median),
                size as f64 / ns.min
            );
        }
        let ratio = timed.ratio(0, 3).median;
        let best_ratio = timed.spread(0).min / timed.spread(3).min;
        println!(
            "CtrDrbgAes256Rng / raw write_keystream: median {ratio:.3}, best {best_ratio:.3} (>= 0.9 {})",
            verdict(ratio >= 0.9)
        );
    }
    println!();
    println!("-- 32-byte requests --");
    let mut candidates = small_candidates();
    let timed = interleaved(&mut candidates, SMALL, rounds);
    for (c, (name, _)) in candidates.iter().enumerate() {
        let ns = timed.spread(c);
        println!(
            "{name:50} median {:8.2} ns  (best {:8.2} ns)",
            ns.median, ns.min
        );
    }
    let held = timed.ratio(2, 0).median;
    let tls = timed.ratio(3, 0).median;
    println!(
        "CtrDrbgAes256Rng held / ThreadRng: median {held:.3}, best {:.3} (<= 1.5 {}); \
         thread-local / ThreadRng: {tls:.3}",
        timed.spread(2).min / timed.spread(0).min,
        verdict(held <= 1.5)
    );
}

fn main() {
    let in_bench_mode = std::env::args().any(|arg| arg == "--bench");
    let summary_only = std::env::var("CTR_DRBG_SUMMARY_ONLY").is_ok_and(|v| v == "1");
    if !summary_only {
        let mut criterion = Criterion::default().configure_from_args();
        bench_sizes(&mut criterion);
        criterion.final_summary();
    }
    let wants_summary = std::env::var("CTR_DRBG_SUMMARY").map_or(true, |v| v != "0");
    if (in_bench_mode || summary_only) && wants_summary {
        summary();
    }
}
