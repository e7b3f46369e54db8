//! ChaCha DRBGs (secrets-chacha) against the raw cipher and the usual
//! baselines, on this machine, in one run.
//!
//! `cargo bench -p secrets-benches --bench chacha` runs the criterion groups
//! and then a summary: its own interleaved timing of every candidate
//! (thread CPU time, `secrets_bench::Interleaved` rounds, ratios taken
//! within each round, medians reported) with the ratios the design targets,
//! and whether the AVX-512 keystream was built in
//! (`RUSTFLAGS='--cfg chacha20_avx512'`). The two-thread scaling is wall
//! time and needs an otherwise idle machine.
//!
//! Environment: `CHACHA_SUMMARY_ONLY=1` skips criterion; `CHACHA_SUMMARY=0`
//! skips the summary.
//!
//! Candidates per round count (8, 12, 20):
//! - `raw cipher`: `chacha20::ChaChaN::write_keystream` on one long-lived
//!   cipher (the fastest keystream path of the crate, AVX-512 when enabled);
//! - `chacha20 rng`: the `chacha20` crate's `ChaChaNRng` (what rand 0.10
//!   ships; AVX2 at most);
//! - `rand_chacha`: `rand_chacha::ChaChaNRng` (ppv-lite86, AVX2 at most);
//! - `drbg`: `secrets_chacha::ChaChaNDrbg`, owned, seeded from the OS,
//!   default reseed interval — and for 32-byte requests the thread-local
//!   instance (a `RefCell` in a `thread_local!`, as the facade holds it)
//!   against `rand::rng()` (ThreadRng, ChaCha12).
#![allow(missing_docs)]
#![deny(unsafe_code)]

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chacha20::cipher::consts::U32;
use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use criterion::{BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use secrets_bench::{Interleaved, size_label};
use secrets_chacha::{ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg};

const MIB: usize = 1 << 20;
const KIB4: usize = 4096;
const SMALL: usize = 32;

/// One way of filling a buffer, boxed so every candidate is timed the same way.
type Fill = Box<dyn FnMut(&mut [u8])>;

/// A named constructor of a candidate.
type Candidate = (&'static str, fn() -> Fill);

fn raw_cipher<C>() -> Fill
where
    C: KeyIvInit<KeySize = U32> + StreamCipher + StreamCipherSeek + 'static,
{
    let mut cipher = C::new(&[7u8; 32].into(), &Default::default());
    Box::new(move |buf: &mut [u8]| {
        // Restart the counter so long runs never reach the 2^32-block limit.
        cipher.seek(0u64);
        cipher.write_keystream(buf);
    })
}

fn rng<R: Rng + 'static>(mut rng: R) -> Fill {
    Box::new(move |buf: &mut [u8]| rng.fill_bytes(buf))
}

macro_rules! drbg_fill {
    ($drbg:ty) => {{
        let mut drbg = <$drbg>::new().expect("the OS seeds the DRBG");
        Box::new(move |buf: &mut [u8]| drbg.fill(buf).expect("DRBG output")) as Fill
    }};
}

macro_rules! thread_local_drbg {
    ($fn_name:ident, $drbg:ty) => {
        /// A request on this thread's instance, created on first use: the
        /// facade's access pattern.
        #[inline]
        fn $fn_name(buf: &mut [u8]) {
            thread_local! {
                static DRBG: RefCell<Option<$drbg>> = const { RefCell::new(None) };
            }
            DRBG.with(|cell| {
                let mut slot = cell.borrow_mut();
                let drbg = match &mut *slot {
                    Some(drbg) => drbg,
                    empty => empty.insert(<$drbg>::new().expect("the OS seeds the DRBG")),
                };
                drbg.fill(buf).expect("DRBG output");
            });
        }
    };
}
thread_local_drbg!(tls_chacha8, ChaCha8Drbg);
thread_local_drbg!(tls_chacha12, ChaCha12Drbg);
thread_local_drbg!(tls_chacha20, ChaCha20Drbg);

struct Variant {
    name: &'static str,
    raw: fn() -> Fill,
    crate_rng: fn() -> Fill,
    rand_chacha: fn() -> Fill,
    drbg: fn() -> Fill,
    thread_local: fn(&mut [u8]),
}

fn variants() -> [Variant; 3] {
    [
        Variant {
            name: "chacha8",
            raw: raw_cipher::<chacha20::ChaCha8>,
            crate_rng: || rng(chacha20::ChaCha8Rng::from_seed([7; 32])),
            rand_chacha: || rng(rand_chacha::ChaCha8Rng::from_seed([7; 32])),
            drbg: || drbg_fill!(ChaCha8Drbg),
            thread_local: tls_chacha8,
        },
        Variant {
            name: "chacha12",
            raw: raw_cipher::<chacha20::ChaCha12>,
            crate_rng: || rng(chacha20::ChaCha12Rng::from_seed([7; 32])),
            rand_chacha: || rng(rand_chacha::ChaCha12Rng::from_seed([7; 32])),
            drbg: || drbg_fill!(ChaCha12Drbg),
            thread_local: tls_chacha12,
        },
        Variant {
            name: "chacha20",
            raw: raw_cipher::<chacha20::ChaCha20>,
            crate_rng: || rng(chacha20::ChaCha20Rng::from_seed([7; 32])),
            rand_chacha: || rng(rand_chacha::ChaCha20Rng::from_seed([7; 32])),
            drbg: || drbg_fill!(ChaCha20Drbg),
            thread_local: tls_chacha20,
        },
    ]
}

fn thread_rng_fill(buf: &mut [u8]) {
    rand::rng().fill_bytes(buf);
}

fn bench_throughput(c: &mut Criterion) {
    for size in [MIB, KIB4] {
        let label = if size == MIB { "1MiB" } else { "4KiB" };
        let mut group = c.benchmark_group(format!("chacha/{label}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size == MIB {
            group.sample_size(20);
        }
        for variant in variants() {
            let candidates: [Candidate; 4] = [
                ("raw cipher", variant.raw),
                ("chacha20 rng", variant.crate_rng),
                ("rand_chacha", variant.rand_chacha),
                ("drbg", variant.drbg),
            ];
            for (what, make) in candidates {
                let mut fill = make();
                let mut buf = vec![0u8; size];
                group.bench_function(BenchmarkId::new(what, variant.name), |b| {
                    b.iter(|| {
                        fill(&mut buf);
                        black_box(&buf);
                    })
                });
            }
        }
        group.finish();
    }
}

fn bench_small(c: &mut Criterion) {
    let mut group = c.benchmark_group("chacha/32B");
    group.throughput(Throughput::Bytes(SMALL as u64));
    let mut buf = [0u8; SMALL];
    group.bench_function("ThreadRng rand::rng()", |b| {
        b.iter(|| {
            thread_rng_fill(&mut buf);
            black_box(&buf);
        })
    });
    for variant in variants() {
        let fill = variant.thread_local;
        group.bench_function(BenchmarkId::new("drbg thread-local", variant.name), |b| {
            b.iter(|| {
                fill(&mut buf);
                black_box(&buf);
            })
        });
    }
    group.finish();
}

/// Wall time for `threads` threads each making `requests` requests of
/// `size` bytes on their own thread-local DRBG, and the CPU time each
/// thread spent (seconds).
fn run_threads_measured(
    fill: fn(&mut [u8]),
    threads: usize,
    requests: usize,
    size: usize,
) -> (Duration, Vec<f64>) {
    let start = Instant::now();
    let cpu = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut buf = vec![0u8; size];
                    fill(&mut buf); // seed outside the timed part
                    let cpu_start = thread_cpu_seconds();
                    for _ in 0..requests {
                        fill(&mut buf);
                        black_box(&buf);
                    }
                    thread_cpu_seconds() - cpu_start
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("bench thread"))
            .collect()
    });
    (start.elapsed(), cpu)
}

fn run_threads(fill: fn(&mut [u8]), threads: usize, requests: usize, size: usize) -> Duration {
    run_threads_measured(fill, threads, requests, size).0
}

fn bench_threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("chacha/threads-64KiB");
    group.sample_size(20);
    for threads in [1usize, 2] {
        group.throughput(Throughput::Bytes((threads * 65_536) as u64));
        group.bench_function(BenchmarkId::new("chacha20 drbg", threads), |b| {
            b.iter_custom(|iters| {
                let requests = usize::try_from(iters).unwrap_or(usize::MAX);
                run_threads(tls_chacha20, threads, requests, 65_536)
            })
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// The summary: own timing, interleaved, medians, ratios.

/// CPU time consumed by this thread so far, in seconds. Single-thread
/// candidates are timed in CPU time, not wall time: on a shared machine a
/// preempted thread accrues no CPU time, so other processes' load barely
/// shifts the figures (cache pollution still does a little).
fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID
    // is supported on every Linux and BSD.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}

/// CPU nanoseconds per call of `fill` on `buf`, over about `budget`.
fn time_once(fill: &mut dyn FnMut(&mut [u8]), buf: &mut [u8], budget: Duration) -> f64 {
    // Calibrate the call count on a short run, then time.
    let budget = budget.as_secs_f64();
    let mut calls = 1usize;
    loop {
        let start = thread_cpu_seconds();
        for _ in 0..calls {
            fill(buf);
            black_box(&*buf);
        }
        let elapsed = thread_cpu_seconds() - start;
        if elapsed >= budget / 4.0 {
            let calls = ((calls as f64 * budget / elapsed) as usize).max(1);
            let start = thread_cpu_seconds();
            for _ in 0..calls {
                fill(buf);
                black_box(&*buf);
            }
            return (thread_cpu_seconds() - start) * 1e9 / calls as f64;
        }
        calls *= 2;
    }
}

/// CPU ns/call samples of each candidate over `rounds` interleaved rounds.
fn interleaved(candidates: &mut [(&str, Fill)], size: usize, rounds: usize) -> Interleaved {
    let mut buf = vec![0u8; size];
    let budget = Duration::from_millis(if size >= MIB { 30 } else { 10 });
    Interleaved::run(candidates.len(), rounds, |c| {
        time_once(candidates[c].1.as_mut(), &mut buf, budget)
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "BELOW TARGET" }
}

fn summary() {
    let rounds: usize = std::env::var("CHACHA_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    println!();
    println!(
        "== secrets-chacha summary: {rounds} interleaved rounds; speeds are medians, \
         ratios are medians of per-round ratios =="
    );
    println!(
        "AVX-512 keystream compiled in (cfg chacha20_avx512): {}",
        cfg!(chacha20_avx512)
    );
    for size in [MIB, KIB4] {
        println!();
        println!("-- {} requests, GB/s --", size_label(size));
        for variant in variants() {
            let mut candidates: Vec<(&str, Fill)> = vec![
                ("raw cipher", (variant.raw)()),
                ("chacha20 rng", (variant.crate_rng)()),
                ("rand_chacha", (variant.rand_chacha)()),
                ("drbg", (variant.drbg)()),
            ];
            let ns = interleaved(&mut candidates, size, rounds);
            let gbs: Vec<f64> = (0..candidates.len())
                .map(|c| size as f64 / ns.spread(c).median)
                .collect();
            let (raw, crate_rng, rand_chacha, drbg) = (gbs[0], gbs[1], gbs[2], gbs[3]);
            // Speed ratios are inverse time ratios; the raw cipher is the
            // fastest raw keystream (checked: it beats both RNG crates).
            let vs_raw = ns.ratio(0, 3).median;
            let vs_rand_chacha = ns.ratio(2, 3).median;
            println!(
                "{:9} raw {raw:6.2}  chacha20-rng {crate_rng:6.2}  rand_chacha {rand_chacha:6.2}  \
                 drbg {drbg:6.2}  | drbg/raw {vs_raw:.3} (>= 0.95 {})  drbg/rand_chacha {vs_rand_chacha:.2} (>= 2 {}){}",
                variant.name,
                verdict(vs_raw >= 0.95),
                verdict(vs_rand_chacha >= 2.0),
                if raw >= crate_rng.max(rand_chacha) {
                    ""
                } else {
                    "  [raw cipher is not the fastest raw path!]"
                },
            );
        }
    }

    println!();
    println!("-- 32-byte requests, ns/call --");
    let mut candidates: Vec<(&str, Fill)> = vec![
        (
            "ThreadRng (rand::rng() per call)",
            Box::new(thread_rng_fill),
        ),
        ("ThreadRng (held)", rng(rand::rng())),
    ];
    for variant in variants() {
        candidates.push((variant.name, Box::new(variant.thread_local)));
    }
    let names: Vec<&str> = candidates.iter().map(|(name, _)| *name).collect();
    let ns = interleaved(&mut candidates, SMALL, rounds);
    let thread_rng = ns.spread(0).median;
    let held = ns.spread(1).median;
    println!("ThreadRng: rand::rng() per call {thread_rng:.2} ns, held instance {held:.2} ns");
    for (i, name) in names.iter().enumerate().skip(2) {
        let vs_thread_rng = ns.ratio(i, 0).median;
        println!(
            "{name:9} thread-local drbg {:6.2} ns  | / ThreadRng {vs_thread_rng:.3} (<= 1.2 {})  / held ThreadRng {:.3}",
            ns.spread(i).median,
            verdict(vs_thread_rng <= 1.2),
            ns.ratio(i, 1).median,
        );
    }

    println!();
    println!("-- reseed cost (justifies the 1 MiB default interval) --");
    let mut plain = ChaCha8Drbg::new().expect("the OS seeds the DRBG");
    let mut reseeding = ChaCha8Drbg::new().expect("the OS seeds the DRBG");
    let mut candidates: Vec<(&str, Fill)> = vec![
        (
            "32 B",
            Box::new(move |buf: &mut [u8]| plain.fill(buf).expect("DRBG output")),
        ),
        (
            "reseed + 32 B",
            Box::new(move |buf: &mut [u8]| {
                secrets::Backend::reseed(&mut reseeding).expect("reseed");
                reseeding.fill(buf).expect("DRBG output");
            }),
        ),
    ];
    let ns = interleaved(&mut candidates, SMALL, rounds);
    let reseed_ns = ns.spread(1).median - ns.spread(0).median;
    // ChaCha8 at 4 KiB requests: time per byte from the raw cipher figure.
    let chacha8_ns_per_mib = MIB as f64 / (10.0 * 1e9) * 1e9;
    println!(
        "one reseed (OS seed + the refill it forces): {reseed_ns:.0} ns; as a share of \
         ChaCha8 output time (~10 GB/s): every 64 KiB {:.1} %, every 1 MiB {:.2} %",
        100.0 * reseed_ns / (chacha8_ns_per_mib / 16.0),
        100.0 * reseed_ns / chacha8_ns_per_mib
    );

    println!();
    println!("-- threads: chacha20 thread-local drbg (wall time; needs an idle machine) --");
    for (size, label) in [(65_536usize, "64 KiB"), (SMALL, "32 B")] {
        let requests = if size == SMALL { 1_000_000 } else { 1_000 };
        // Candidate c runs c + 1 threads: wall seconds, and each round's
        // mean CPU seconds per thread on the side.
        let mut cpu = vec![Vec::new(); 2];
        let wall = Interleaved::run(2, rounds, |c| {
            let (wall, per_thread) = run_threads_measured(tls_chacha20, c + 1, requests, size);
            cpu[c].push(per_thread.iter().sum::<f64>() / per_thread.len() as f64);
            wall.as_secs_f64()
        });
        // Two threads did twice the work: throughput ratio = 2 * t1 / t2.
        let scaling = 2.0 * wall.ratio(0, 1).median;
        // CPU time per request per thread, two threads against one: 1.0
        // means no contention between the threads (nothing shared but the
        // read-only fork counter), whatever the machine's load.
        let contention = Interleaved::from_samples(cpu).ratio(1, 0).median;
        println!(
            "{label:6} requests: 1 thread {:.1} ms, 2 threads {:.1} ms (twice the work): \
             throughput x{scaling:.2} (>= 1.8 {}); CPU per request, 2 threads / 1: {contention:.3}",
            wall.spread(0).median * 1e3,
            wall.spread(1).median * 1e3,
            verdict(scaling >= 1.8)
        );
    }
    println!(
        "(cores available: {})",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

fn main() {
    let in_bench_mode = std::env::args().any(|arg| arg == "--bench");
    let summary_only = std::env::var("CHACHA_SUMMARY_ONLY").is_ok_and(|v| v == "1");
    if !summary_only {
        let mut criterion = Criterion::default().configure_from_args();
        bench_throughput(&mut criterion);
        bench_small(&mut criterion);
        bench_threads(&mut criterion);
        criterion.final_summary();
    }
    let wants_summary = std::env::var("CHACHA_SUMMARY").map_or(true, |v| v != "0");
    if (in_bench_mode || summary_only) && wants_summary {
        summary();
    }
}
