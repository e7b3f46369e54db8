//! Quick timing of the OS backend against `getrandom::fill` in the same run
//! (the criterion bench is `benches/benches/os.rs`).
//!
//! `cargo run --release -p secrets-os --example os_speed`
//!
//! Prints the median over several interleaved rounds of the mean time per
//! call, and the ratio to `getrandom::fill` for the same size (the median of
//! the per-round ratios).

use std::hint::black_box;
use std::time::Instant;

use rand_core::TryRng;
use secrets_bench::{Interleaved, TimingConfig, measure, size_label};

fn time_per_call(iters: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(iters)
}

fn main() {
    const ROUNDS: usize = 11;
    println!("path: {}", secrets_os::active_path());
    for (size, iters) in [(16usize, 200_000u32), (32, 200_000), (1 << 20, 200)] {
        let mut buf = vec![0u8; size];
        let mut syscall_only = secrets_os::OsRng::syscall_only();
        // Interleave the contenders so that machine noise hits all alike.
        let timed = Interleaved::run(3, ROUNDS, |c| match c {
            0 => time_per_call(iters, || getrandom::fill(black_box(&mut buf)).unwrap()),
            1 => time_per_call(iters, || secrets_os::fill(black_box(&mut buf)).unwrap()),
            _ => time_per_call(iters, || {
                syscall_only.try_fill_bytes(black_box(&mut buf)).unwrap();
            }),
        });
        let [base, ours, sys] = [0, 1, 2].map(|c| timed.spread(c).median);
        println!(
            "{:>8}: getrandom::fill {base:>10.1} ns | secrets_os::fill {ours:>10.1} ns ({:.2}x faster) | syscall_only {sys:>10.1} ns",
            size_label(size),
            timed.ratio(0, 1).median
        );
    }
    // The cost of the facade's token_hex(16) minus the facade: fill + encode.
    let config = TimingConfig {
        repeats: ROUNDS,
        ..TimingConfig::QUICK
    };
    let fill_encode = measure(&config, || {
        let mut bytes = [0u8; 16];
        secrets_os::fill(&mut bytes).unwrap();
        hex::encode(bytes)
    });
    println!("fill(16) + hex::encode: {:.1} ns", fill_encode.median_ns);
}
