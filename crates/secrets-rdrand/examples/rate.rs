//! Raw rates of the hardware backends against a bare instruction loop with
//! the same retries, and against the `rdrand` crate, measured in one run.
//!
//! `cargo run --release -p secrets-rdrand --example rate [rounds]`
//!
//! Each round times every contender once, in rotating order, on the same
//! request size; the figures are medians over rounds, and the ratio is the
//! median of the per-round ratios (so machine noise hits both sides alike).

use std::hint::black_box;
use std::time::Instant;

use rand_core::TryRng;
use secrets_bench::{Column, Interleaved, Table, size_label};
use secrets_rdrand::baseline::{rdrand_fill_untested, rdseed_fill_untested};
use secrets_rdrand::{RdRand, RdSeed};

const SIZES: [usize; 3] = [32, 4096, 1 << 20];

type Fill<'a> = Box<dyn FnMut(&mut [u8]) + 'a>;

/// Seconds for `calls` requests of `buf.len()` bytes.
fn time(fill: &mut Fill<'_>, buf: &mut [u8], calls: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        fill(buf);
        black_box(&mut *buf);
    }
    start.elapsed().as_secs_f64()
}

/// Prints one table: contender 0 is the baseline.
fn measure(
    label: &str,
    contenders: &mut [(&str, Fill<'_>)],
    bytes_per_timing: usize,
    rounds: usize,
) {
    println!("\n{label}");
    let table = Table::new([
        Column::right("size").width(8),
        Column::left("contender").width(22),
        Column::right("MB/s").width(10),
        Column::right("ns per u64").width(12),
        Column::right("ratio to bare").width(14),
    ]);
    println!("{}", table.text_header());
    for size in SIZES {
        let mut buf = vec![0_u8; size];
        let calls = (bytes_per_timing / size).max(1);
        let bytes = (calls * size) as f64;
        // Warm up.
        for (_, fill) in contenders.iter_mut() {
            time(fill, &mut buf, 1);
        }
        let timed = Interleaved::run(contenders.len(), rounds, |i| {
            time(&mut contenders[i].1, &mut buf, calls)
        });
        for (i, (name, _)) in contenders.iter().enumerate() {
            let secs = timed.spread(i).median;
            println!(
                "{}",
                table.text_line(&[
                    size_label(size),
                    (*name).to_owned(),
                    format!("{:.1}", bytes / secs / 1e6),
                    format!("{:.1}", secs / (bytes / 8.0) * 1e9),
                    // Rate ratio: baseline time over contender time.
                    format!("{:.3}", timed.ratio(0, i).median),
                ])
            );
        }
    }
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("rounds must be a number"))
        .unwrap_or(15);

    match (RdRand::new(), RdRand::new(), rdrand::RdRand::new()) {
        (Ok(mut bare), Ok(mut backend), Ok(mut theirs)) => {
            let mut contenders: Vec<(&str, Fill<'_>)> = vec![
                (
                    "bare loop (untested)",
                    Box::new(|b: &mut [u8]| rdrand_fill_untested(&mut bare, b).unwrap()),
                ),
                (
                    "rdrand backend",
                    Box::new(|b: &mut [u8]| backend.try_fill_bytes(b).unwrap()),
                ),
                (
                    "rdrand crate 0.9",
                    Box::new(|b: &mut [u8]| theirs.try_fill_bytes(b).unwrap()),
                ),
            ];
            measure("RDRAND", &mut contenders, 4 << 20, rounds);
        }
        (Err(e), ..) | (_, Err(e), _) => println!("RDRAND: {e}"),
        (.., Err(e)) => println!("RDRAND (rdrand crate): {e:?}"),
    }

    match (RdSeed::new(), RdSeed::new(), rdrand::RdSeed::new()) {
        (Ok(mut bare), Ok(mut backend), Ok(mut theirs)) => {
            let mut contenders: Vec<(&str, Fill<'_>)> = vec![
                (
                    "bare loop (untested)",
                    Box::new(|b: &mut [u8]| rdseed_fill_untested(&mut bare, b).unwrap()),
                ),
                (
                    "rdseed backend",
                    Box::new(|b: &mut [u8]| backend.try_fill_bytes(b).unwrap()),
                ),
                (
                    "rdrand crate 0.9",
                    Box::new(|b: &mut [u8]| theirs.try_fill_bytes(b).unwrap()),
                ),
            ];
            measure("RDSEED", &mut contenders, 128 << 10, rounds);
        }
        (Err(e), ..) | (_, Err(e), _) => println!("RDSEED: {e}"),
        (.., Err(e)) => println!("RDSEED (rdrand crate): {e:?}"),
    }
}
