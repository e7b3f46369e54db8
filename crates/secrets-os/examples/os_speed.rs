//! Quick, dependency-free timing of the OS backend against `getrandom::fill`
//! in the same run (the criterion bench is `benches/benches/os.rs`).
//!
//! `cargo run --release -p secrets-os --example os_speed`
//!
//! Prints the median over several rounds of the mean time per call, and the
//! ratio to `getrandom::fill` for the same size.

use std::hint::black_box;
use std::time::Instant;

use rand_core::TryRng;

fn time_per_call(iters: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(iters)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    const ROUNDS: usize = 11;
    println!("path: {}", secrets_os::active_path());
    for (size, iters) in [(16usize, 200_000u32), (32, 200_000), (1 << 20, 200)] {
        let mut buf = vec![0u8; size];
        let (mut base, mut ours, mut sys) = (Vec::new(), Vec::new(), Vec::new());
        let mut syscall_only = secrets_os::OsRng::syscall_only();
        for _ in 0..ROUNDS {
            // Interleave the contenders so that machine noise hits all alike.
            base.push(time_per_call(iters, || {
                getrandom::fill(black_box(&mut buf)).unwrap();
            }));
            ours.push(time_per_call(iters, || {
                secrets_os::fill(black_box(&mut buf)).unwrap();
            }));
            sys.push(time_per_call(iters, || {
                syscall_only.try_fill_bytes(black_box(&mut buf)).unwrap();
            }));
        }
        let (base, ours, sys) = (median(base), median(ours), median(sys));
        println!(
            "{size:>8} B: getrandom::fill {base:>10.1} ns | secrets_os::fill {ours:>10.1} ns ({:.2}x faster) | syscall_only {sys:>10.1} ns",
            base / ours
        );
    }
    // The cost of the facade's token_hex(16) minus the facade: fill + encode.
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        rounds.push(time_per_call(200_000, || {
            let mut bytes = [0u8; 16];
            secrets_os::fill(&mut bytes).unwrap();
            black_box(hex::encode(bytes));
        }));
    }
    println!("fill(16) + hex::encode: {:.1} ns", median(rounds));
}
