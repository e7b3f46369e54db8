//! Blocks per second of `compress_each` (the detected backend) against
//! `sha2::block_api::compress512` one block at a time, in interleaved
//! rounds of the same run, for batches of 1 to 8 blocks (Hashgen's batch
//! is 8). Prints medians, the range of the ratio, and the load average.
//!
//! `cargo run --release -p secrets-sha512x --example sha512x_throughput`

use std::hint::black_box;
use std::time::{Duration, Instant};

use secrets_sha512x::{Backend, Lane, compress_each};

/// Blocks per timed sample.
const BLOCKS: usize = 1 << 13;
const ROUNDS: usize = 201;

fn time(batch: usize, f: fn(&mut [Lane])) -> Duration {
    let mut lanes: Vec<Lane> = (0..batch)
        .map(|i| ([i as u64; 8], [i as u8; 128]))
        .collect();
    let start = Instant::now();
    for _ in 0..BLOCKS / batch {
        f(black_box(&mut lanes));
    }
    black_box(&lanes);
    start.elapsed()
}

fn portable(lanes: &mut [Lane]) {
    for (state, block) in lanes {
        sha2::block_api::compress512(state, core::slice::from_ref(block));
    }
}

fn main() {
    // `--once avx2|portable BATCH BLOCKS`: one untimed run, for instruction
    // counts under `valgrind --tool=callgrind`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, which, batch, blocks] = &args[..]
        && flag == "--once"
    {
        let f = if which == "portable" {
            portable
        } else {
            compress_each
        };
        let (batch, blocks): (usize, usize) = (batch.parse().unwrap(), blocks.parse().unwrap());
        let mut lanes: Vec<Lane> = (0..batch)
            .map(|i| ([i as u64; 8], [i as u8; 128]))
            .collect();
        for _ in 0..blocks / batch {
            f(black_box(&mut lanes));
        }
        black_box(&lanes);
        return;
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "backend {}, load average {}",
        Backend::detect().name(),
        load.trim()
    );
    for batch in [1, 2, 3, 4, 5, 8] {
        let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let (a, b) = if round % 2 == 0 {
                let a = time(batch, compress_each);
                (a, time(batch, portable))
            } else {
                let b = time(batch, portable);
                (time(batch, compress_each), b)
            };
            ratios.push(b.as_secs_f64() / a.as_secs_f64());
            ours.push(a);
            theirs.push(b);
        }
        ours.sort();
        theirs.sort();
        ratios.sort_by(f64::total_cmp);
        let rate = |d: Duration| (BLOCKS / batch * batch) as f64 * 128.0 / d.as_secs_f64() / 1e6;
        println!(
            "batch {batch}: compress_each {:7.1} MB/s   sha2 compress512 {:7.1} MB/s   ratio median {:.2}x \
             (quartiles {:.2}-{:.2}; best rounds {:.1} / {:.1} MB/s, {:.2}x)",
            rate(ours[ROUNDS / 2]),
            rate(theirs[ROUNDS / 2]),
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4],
            rate(ours[0]),
            rate(theirs[0]),
            theirs[0].as_secs_f64() / ours[0].as_secs_f64(),
        );
    }
}
