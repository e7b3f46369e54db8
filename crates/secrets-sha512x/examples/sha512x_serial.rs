//! The serial kernel against `sha2`, in interleaved rounds of the same
//! run: `compress_one` against `sha2::block_api::compress512` on a chain
//! of single blocks (each block holds the last state, as in HMAC), and
//! `hmac_chain` against `hmac_chain_portable` (HMAC_DRBG's output loop)
//! on 64 KiB. Prints the best and the median round and the load average:
//! on a shared machine the best rounds are the ones nothing else ran in.
//!
//! `cargo run --release -p secrets-sha512x --example sha512x_serial`

use std::hint::black_box;
use std::time::{Duration, Instant};

use secrets_sha512x::{SerialBackend, State, compress_one, hmac_chain, hmac_chain_portable};

/// Blocks per timed sample of the compression chain: short samples, so
/// that some of them run undisturbed.
const CHAIN: usize = 256;
/// Output bytes per timed sample of the HMAC chain (one Generate).
const OUTPUT: usize = 1 << 16;
const ROUNDS: usize = 1001;

fn chain(compress: fn(&mut State, &[u8; 128])) -> Duration {
    let mut block = [0x5au8; 128];
    let start = Instant::now();
    for _ in 0..CHAIN {
        let mut state = black_box([7u64; 8]);
        compress(&mut state, &block);
        for (bytes, word) in block.as_chunks_mut::<8>().0.iter_mut().zip(&state) {
            *bytes = word.to_be_bytes();
        }
    }
    black_box(&block);
    start.elapsed()
}

fn sha2_compress(state: &mut State, block: &[u8; 128]) {
    sha2::block_api::compress512(state, core::slice::from_ref(block));
}

type Chain = fn(&State, &State, &mut [u8; 64], &mut [u8]);

fn hmac(run: Chain, out: &mut [u8]) -> Duration {
    let (inner, outer) = ([1u64; 8], [2u64; 8]);
    let mut v = [3u8; 64];
    let start = Instant::now();
    run(&inner, &outer, &mut v, black_box(out));
    start.elapsed()
}

/// Best and median of interleaved rounds of `ours` and `theirs`.
fn compare(
    mut ours: impl FnMut() -> Duration,
    mut theirs: impl FnMut() -> Duration,
) -> [Duration; 4] {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            a.push(ours());
            b.push(theirs());
        } else {
            b.push(theirs());
            a.push(ours());
        }
    }
    a.sort();
    b.sort();
    [a[0], a[ROUNDS / 2], b[0], b[ROUNDS / 2]]
}

fn main() {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "serial backend {}, load average {}",
        SerialBackend::detect().name(),
        load.trim()
    );
    let per_block = |d: Duration| d.as_secs_f64() * 1e9 / CHAIN as f64;
    let [best, median, sha2_best, sha2_median] =
        compare(|| chain(compress_one), || chain(sha2_compress));
    println!(
        "chained single blocks: compress_one {:.0} ns (median {:.0})   sha2 compress512 {:.0} ns \
         (median {:.0})   best {:.2}x",
        per_block(best),
        per_block(median),
        per_block(sha2_best),
        per_block(sha2_median),
        sha2_best.as_secs_f64() / best.as_secs_f64(),
    );
    let mut out = vec![0u8; OUTPUT];
    let mut out2 = vec![0u8; OUTPUT];
    let rate = |d: Duration| OUTPUT as f64 / d.as_secs_f64() / 1e6;
    let [best, median, sha2_best, sha2_median] = compare(
        || hmac(hmac_chain, &mut out),
        || hmac(hmac_chain_portable, &mut out2),
    );
    println!(
        "HMAC-SHA-512 chain, 64 KiB: hmac_chain {:.1} MB/s (median {:.1})   hmac_chain_portable \
         {:.1} MB/s (median {:.1})   best {:.2}x",
        rate(best),
        rate(median),
        rate(sha2_best),
        rate(sha2_median),
        sha2_best.as_secs_f64() / best.as_secs_f64(),
    );
}
