//! RDRAND and RDSEED backends (secrets-rdrand), health tests included,
//! against a bare instruction loop with the same retries, in one run.
//!
//! `cargo bench -p secrets-benches --bench rdrand` runs the criterion groups
//! and then a summary: its own interleaved timing of bare loop and backend
//! (`secrets_bench::Interleaved`: every round times both, in alternating
//! order; medians over rounds; the ratio is the median of the per-round
//! ratios, so background load hits both alike), at 32 B, 4 KiB and 1 MiB, against the target backend ≥ 0.9 × bare.
//!
//! Environment: `RDRAND_SUMMARY_ONLY=1` skips criterion; `RDRAND_SUMMARY=0`
//! skips the summary; `RDRAND_ROUNDS` sets the summary's rounds (default 21).
//!
//! The bare loop is `secrets_rdrand::baseline`: the backend's own fill loop
//! and retry policy compiled without the health tests, the error state and
//! the zeroing, so the ratio is exactly what distrust costs.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use rand::TryRng;
use secrets_bench::{Interleaved, size_label};
use secrets_rdrand::baseline::{fill_untested, rdrand_fill_untested, rdseed_fill_untested};
use secrets_rdrand::faults::Healthy;
use secrets_rdrand::{HealthTested, Instruction, RdRand, RdSeed};

const SIZES: [usize; 3] = [32, 4096, 1 << 20];

/// One way of filling a buffer, boxed so both candidates are timed the same way.
type Fill = Box<dyn FnMut(&mut [u8])>;

fn rdrand_candidates() -> Option<[(&'static str, Fill); 2]> {
    let (mut bare, mut backend) = (RdRand::new().ok()?, RdRand::new().ok()?);
    Some([
        (
            "bare",
            Box::new(move |buf: &mut [u8]| rdrand_fill_untested(&mut bare, buf).expect("RDRAND")),
        ),
        (
            "backend",
            Box::new(move |buf: &mut [u8]| backend.try_fill_bytes(buf).expect("RDRAND")),
        ),
    ])
}

fn rdseed_candidates() -> Option<[(&'static str, Fill); 2]> {
    let (mut bare, mut backend) = (RdSeed::new().ok()?, RdSeed::new().ok()?);
    Some([
        (
            "bare",
            Box::new(move |buf: &mut [u8]| rdseed_fill_untested(&mut bare, buf).expect("RDSEED")),
        ),
        (
            "backend",
            Box::new(move |buf: &mut [u8]| backend.try_fill_bytes(buf).expect("RDSEED")),
        ),
    ])
}

fn bench_group(
    c: &mut Criterion,
    name: &str,
    candidates: Option<[(&'static str, Fill); 2]>,
    slow: bool,
) {
    let Some(mut candidates) = candidates else {
        println!("{name}: not available on this CPU; skipped");
        return;
    };
    let mut group = c.benchmark_group(name);
    if slow {
        // RDSEED runs at ~15 MB/s: 1 MiB takes ~70 ms per iteration.
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(4));
    }
    for size in SIZES {
        let label = size_label(size);
        group.throughput(Throughput::Bytes(size as u64));
        let mut buf = vec![0u8; size];
        for (candidate, fill) in candidates.iter_mut() {
            group.bench_with_input(BenchmarkId::new(*candidate, &label), &size, |b, _| {
                b.iter(|| {
                    fill(&mut buf);
                    black_box(&mut buf);
                });
            });
        }
    }
    group.finish();
}

/// Seconds for `calls` requests into `buf`.
fn time(fill: &mut Fill, buf: &mut [u8], calls: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        fill(buf);
        black_box(&mut *buf);
    }
    start.elapsed().as_secs_f64()
}

fn summary_for(
    name: &str,
    candidates: Option<[(&'static str, Fill); 2]>,
    bytes_per_timing: usize,
    rounds: usize,
) {
    // Candidate 0 is the bare loop, 1 the backend.
    let Some(mut fills) = candidates.map(|c| c.map(|(_, fill)| fill)) else {
        println!("{name}: not available on this CPU");
        return;
    };
    println!("-- {name}: backend (health-tested) vs bare loop, same retries --");
    for size in SIZES {
        let mut buf = vec![0u8; size];
        let calls = (bytes_per_timing / size).max(1);
        let bytes = (calls * size) as f64;
        for fill in &mut fills {
            time(fill, &mut buf, 1);
        }
        // Rounds alternate which of the two goes first.
        let timed = Interleaved::run(2, rounds, |c| time(&mut fills[c], &mut buf, calls));
        let (b, t) = (timed.spread(0).median, timed.spread(1).median);
        let ratio = timed.ratio(0, 1).median;
        let rate = |s: f64| bytes / s / 1e6;
        let per_word = |s: f64| s / (bytes / 8.0) * 1e9;
        println!(
            "{:>6}: bare {:7.1} MB/s ({:6.1} ns/u64)  backend {:7.1} MB/s ({:6.1} ns/u64)  \
             backend/bare {ratio:.3} (>= 0.9 {})",
            size_label(size),
            rate(b),
            per_word(b),
            rate(t),
            per_word(t),
            if ratio >= 0.9 { "ok" } else { "MISSED" }
        );
    }
}

/// The CPU cost of the tests alone: the same loops over a fake source
/// (SplitMix64), so neither the instruction's latency nor other processes
/// contending for the shared hardware generator enter the figure.
fn health_test_cost(rounds: usize) {
    const BYTES: usize = 1 << 20;
    let mut tested = HealthTested::new(Healthy::new(1), Instruction::RdRand).expect("fake passes");
    let mut fake = Healthy::new(2);
    let mut buf = vec![0u8; 64 << 10];
    let calls = BYTES / buf.len();
    let mut fills: [Fill; 2] = [
        Box::new(move |b: &mut [u8]| {
            fill_untested(&mut fake, Instruction::RdRand, b).expect("fake")
        }),
        Box::new(move |b: &mut [u8]| tested.fill(b).expect("fake")),
    ];
    let timed = Interleaved::run(2, rounds, |c| time(&mut fills[c], &mut buf, calls));
    let per_word = |s: f64| s / (BYTES as f64 / 8.0) * 1e9;
    let (plain, checked) = (
        per_word(timed.spread(0).median),
        per_word(timed.spread(1).median),
    );
    println!(
        "-- health tests alone (fake source): untested {plain:.2} ns/u64, tested {checked:.2} ns/u64: \
         {:.2} ns per word --",
        checked - plain
    );
}

fn summary() {
    let rounds = std::env::var("RDRAND_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(61);
    // Short timings, many rounds: the pairs see the same background load.
    summary_for("rdrand", rdrand_candidates(), 256 << 10, rounds);
    summary_for("rdseed", rdseed_candidates(), 64 << 10, rounds / 2 + 1);
    health_test_cost(rounds);
}

fn main() {
    let in_bench_mode = std::env::args().any(|arg| arg == "--bench");
    let summary_only = std::env::var("RDRAND_SUMMARY_ONLY").is_ok_and(|v| v == "1");
    if !summary_only {
        let mut criterion = Criterion::default().configure_from_args();
        bench_group(&mut criterion, "rdrand", rdrand_candidates(), false);
        bench_group(&mut criterion, "rdseed", rdseed_candidates(), true);
        criterion.final_summary();
    }
    let wants_summary = std::env::var("RDRAND_SUMMARY").map_or(true, |v| v != "0");
    if (in_bench_mode || summary_only) && wants_summary {
        summary();
    }
}
