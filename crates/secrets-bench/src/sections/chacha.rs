//! ChaCha DRBGs (`secrets-chacha`) against the raw cipher and the usual
//! generators. Targets: at 1 MiB and 4 KiB the DRBG ≥ 0.95× the raw
//! keystream and ≥ 2× `rand_chacha`; a 32-byte request on the thread-local
//! instance ≤ 1.2× the time of `rand::rng()`; two threads ≥ 1.8× one.

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use rand::{Rng, SeedableRng};
use secrets_chacha::{ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg};

use super::{Effort, os_seed};
use crate::compare::{Comparison, fill, op};
use crate::timing::Interleaved;

/// The raw keystream of one long-lived cipher, rewound every call so long
/// runs never reach the 32-bit block counter's end.
fn raw<C: KeyIvInit + StreamCipher + StreamCipherSeek + 'static>() -> impl FnMut(&mut [u8]) {
    let mut cipher = C::new_from_slices(&os_seed(), &[0u8; 12]).expect("key and nonce sizes");
    move |buf: &mut [u8]| {
        cipher.seek(0u64);
        cipher.write_keystream(buf);
    }
}

fn rng(mut rng: impl Rng + 'static) -> impl FnMut(&mut [u8]) {
    move |buf: &mut [u8]| rng.fill_bytes(buf)
}

/// A request on this thread's instance, created on first use: the facade's
/// access pattern.
macro_rules! thread_local_fill {
    ($name:ident, $drbg:ty) => {
        fn $name(buf: &mut [u8]) {
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
thread_local_fill!(thread_local_8, ChaCha8Drbg);
thread_local_fill!(thread_local_12, ChaCha12Drbg);
thread_local_fill!(thread_local_20, ChaCha20Drbg);

/// The bulk comparison of one round count at one size.
fn bulk(size: usize, rounds: u8) -> Comparison {
    let mut c = Comparison::throughput(
        format!("ChaCha{rounds}"),
        "drbg ≥ 0.95× raw, ≥ 2× rand_chacha",
        size,
    );
    let seed = [7u8; 32];
    macro_rules! candidates {
        ($cipher:ty, $rounds:ty, $crate_rng:ty, $rand_chacha:ty, $drbg:ty) => {{
            c.add("raw chacha20 keystream", fill(size, raw::<$cipher>()));
            // The DRBG's own block path without the construction: what the
            // DRBG adds (reseeds, rekeys) is its ratio to this row.
            let key = os_seed();
            c.add(
                "raw keystream, DRBG's kernel",
                fill(size, move |buf| {
                    secrets_chacha::raw_keystream::<$rounds>(&key, buf)
                }),
            );
            c.add(
                "chacha20 crate RNG",
                fill(size, rng(<$crate_rng>::from_seed(seed))),
            );
            c.add(
                "rand_chacha",
                fill(size, rng(<$rand_chacha>::from_seed(seed))),
            );
            let mut drbg = <$drbg>::new().expect("the OS seeds the DRBG");
            c.add(
                "drbg",
                fill(size, move |buf| drbg.fill(buf).expect("DRBG output")),
            );
        }};
    }
    match rounds {
        8 => candidates!(
            chacha20::ChaCha8,
            secrets_chacha::R8,
            chacha20::ChaCha8Rng,
            rand_chacha::ChaCha8Rng,
            ChaCha8Drbg
        ),
        12 => candidates!(
            chacha20::ChaCha12,
            secrets_chacha::R12,
            chacha20::ChaCha12Rng,
            rand_chacha::ChaCha12Rng,
            ChaCha12Drbg
        ),
        _ => candidates!(
            chacha20::ChaCha20,
            secrets_chacha::R20,
            chacha20::ChaCha20Rng,
            rand_chacha::ChaCha20Rng,
            ChaCha20Drbg
        ),
    }
    c
}

/// CPU time this thread has run, from the scheduler's own count (Linux);
/// a preempted thread accrues none, so it sees contention, not load.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        text.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Wall time of `threads` threads each making `requests` requests of `size`
/// bytes on their thread-local ChaCha20 DRBG, and their mean CPU time.
fn run_threads(threads: usize, requests: usize, size: usize) -> (f64, Option<f64>) {
    let start = Instant::now();
    let cpu: Vec<Option<Duration>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut buf = vec![0u8; size];
                    thread_local_20(&mut buf); // seeded outside the timing
                    let before = thread_cpu();
                    for _ in 0..requests {
                        thread_local_20(&mut buf);
                        black_box(&buf);
                    }
                    Some(thread_cpu()? - before?)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("bench thread"))
            .collect()
    });
    let mean_cpu = cpu
        .iter()
        .map(|c| c.map(|d| d.as_secs_f64()))
        .sum::<Option<f64>>()
        .map(|total| total / threads as f64);
    (start.elapsed().as_secs_f64(), mean_cpu)
}

fn threads(effort: &Effort) -> String {
    let mut text = String::from(
        "Two threads, each on its thread-local ChaCha20 DRBG, against one (wall time, twice the \
         work; the CPU ratio is per request and thread, 1.00 = no contention):\n\n\
         | requests | 1 thread | 2 threads | throughput 2 / 1 (≥ 1.8) | CPU per request 2 / 1 |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    for (size, requests) in [(64 << 10, 1_000), (32, 1_000_000)] {
        let requests = requests * effort.sample.as_millis().max(1) as usize / 10;
        let mut cpu = vec![Vec::new(); 2];
        let wall = Interleaved::run(2, effort.rounds, |c| {
            let (wall, per_thread) = run_threads(c + 1, requests.max(1), size);
            cpu[c].push(per_thread.unwrap_or(f64::NAN));
            wall
        });
        let contention = Interleaved::from_samples(cpu).ratio(1, 0).median;
        text.push_str(&format!(
            "| {} | {:.1} ms | {:.1} ms | {:.2}× | {contention:.3} |\n",
            crate::size_label(size),
            wall.spread(0).median * 1e3,
            wall.spread(1).median * 1e3,
            2.0 * wall.ratio(0, 1).median,
        ));
    }
    text
}

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let mut text = format!(
        "AVX-512 keystream compiled in (`--cfg chacha20_avx512`): {}.\n\n",
        cfg!(chacha20_avx512)
    );
    for size in [1 << 20, 4 << 10] {
        for rounds in [8, 12, 20] {
            text.push_str(&effort.run(bulk(size, rounds)));
            text.push('\n');
        }
    }
    let mut small = super::small_requests("thread-local drbg ≤ 1.2× the time of rand::rng()");
    small.add("thread-local chacha8 drbg", fill(32, thread_local_8));
    small.add("thread-local chacha12 drbg", fill(32, thread_local_12));
    small.add("thread-local chacha20 drbg", fill(32, thread_local_20));
    text.push_str(&effort.run(small));
    text.push('\n');
    let mut plain = ChaCha8Drbg::new().map_err(|e| e.to_string())?;
    let mut reseeding = ChaCha8Drbg::new().map_err(|e| e.to_string())?;
    let mut reseed = Comparison::new(
        "a reseed (OS seed and the refill it forces)",
        "ChaCha8, 32-byte requests",
    );
    reseed.add(
        "32 B",
        fill(32, move |buf| plain.fill(buf).expect("DRBG output")),
    );
    reseed.add(
        "reseed + 32 B",
        op(move || {
            secrets_core::Backend::reseed(&mut reseeding).expect("reseed");
            let mut buf = [0u8; 32];
            reseeding.fill(&mut buf).expect("DRBG output");
            buf
        }),
    );
    text.push_str(&effort.run(reseed));
    text.push('\n');
    text.push_str(&threads(effort));
    Ok(text)
}
