//! Same-run comparisons: candidates doing the same job, timed in
//! interleaved rounds ([`Interleaved`]) and reported against a reference
//! as the median (and range) of per-round ratios. The sections of
//! `cargo xtask bench` ([`crate::sections`]) are lists of these.
//!
//! ```
//! use secrets_bench::compare::{Comparison, op};
//! let mut table = Comparison::new("sum of 100 numbers", "ns per call");
//! table.add("iterator", op(|| (0..100u64).sum::<u64>()));
//! table.add("loop", op(|| { let mut s = 0u64; for i in 0..100 { s += i; } s }));
//! let text = table.run(3, std::time::Duration::from_micros(200)).markdown();
//! assert!(text.contains("| iterator |"));
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::format::{Column, Table, format_rate, format_time, size_label};
use crate::timing::Interleaved;

/// One candidate: runs its operation `n` times and returns the time taken.
/// The loop is compiled around the operation ([`op`], [`fill`]), so no
/// candidate pays for a dynamic call per operation.
pub type Candidate = Box<dyn FnMut(u64) -> Duration>;

/// A candidate calling `operation` (its result goes through `black_box`
/// and is dropped inside the loop, so a `String` includes its `free`).
pub fn op<T>(mut operation: impl FnMut() -> T + 'static) -> Candidate {
    Box::new(move |n| {
        let start = Instant::now();
        for _ in 0..n {
            black_box(operation());
        }
        start.elapsed()
    })
}

/// A candidate filling its own `size`-byte buffer with `fill`.
pub fn fill(size: usize, mut fill: impl FnMut(&mut [u8]) + 'static) -> Candidate {
    let mut buffer = vec![0u8; size];
    Box::new(move |n| {
        let start = Instant::now();
        for _ in 0..n {
            fill(&mut buffer);
            black_box(&mut buffer);
        }
        start.elapsed()
    })
}

/// What a comparison reports per candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Report {
    /// Time per call.
    Latency,
    /// Bytes per second for requests of this size.
    Throughput(usize),
}

/// Candidates for the same job; candidate 0 is the reference.
pub struct Comparison {
    title: String,
    note: String,
    report: Report,
    candidates: Vec<(String, Candidate)>,
}

impl Comparison {
    /// A latency comparison (time per call); `note` follows the title
    /// (a target, a unit).
    pub fn new(title: impl Into<String>, note: impl Into<String>) -> Comparison {
        Comparison {
            title: title.into(),
            note: note.into(),
            report: Report::Latency,
            candidates: Vec::new(),
        }
    }

    /// A throughput comparison of `size`-byte requests ([`fill`]
    /// candidates of that size).
    pub fn throughput(
        title: impl Into<String>,
        note: impl Into<String>,
        size: usize,
    ) -> Comparison {
        Comparison {
            report: Report::Throughput(size),
            ..Comparison::new(
                format!("{}, {} requests", title.into(), size_label(size)),
                note,
            )
        }
    }

    /// Adds a candidate (the first one added is the reference).
    pub fn add(&mut self, name: impl Into<String>, candidate: Candidate) -> &mut Self {
        self.candidates.push((name.into(), candidate));
        self
    }

    /// Times every candidate in `rounds` interleaved rounds of about
    /// `sample` each and renders the table: median and best per candidate,
    /// and its speed relative to the reference (reference time / candidate
    /// time: above 1 is faster) as the median and range of per-round ratios.
    pub fn run(mut self, rounds: usize, sample: Duration) -> Table {
        // Calibrate each candidate to about `sample` per round.
        let calls: Vec<u64> = self
            .candidates
            .iter_mut()
            .map(|(_, candidate)| calibrate(candidate, sample))
            .collect();
        let timed = Interleaved::run(self.candidates.len(), rounds, |c| {
            (self.candidates[c].1)(calls[c]).as_secs_f64() * 1e9 / calls[c] as f64
        });
        let show = |ns: f64| match self.report {
            Report::Latency => format_time(ns),
            Report::Throughput(size) => format_rate(size as f64 / ns * 1e9),
        };
        let mut table = Table::new([
            Column::left(format!("{} ({})", self.title, self.note)),
            Column::right("median"),
            Column::right("best"),
            Column::right(format!("vs {}", self.candidates[0].0)),
        ]);
        for (c, (name, _)) in self.candidates.iter().enumerate() {
            let spread = timed.spread(c);
            let ratio = timed.ratio(0, c);
            table.push_row([
                name.clone(),
                show(spread.median),
                show(spread.min),
                format!("{:.2}× ({:.2}–{:.2})", ratio.median, ratio.min, ratio.max),
            ]);
        }
        table
    }
}

/// The number of calls that take about `sample` (at least one); the
/// doubling runs before it are the warm-up.
fn calibrate(candidate: &mut Candidate, sample: Duration) -> u64 {
    let mut n = 1u64;
    loop {
        let elapsed = candidate(n);
        if elapsed >= sample / 4 {
            return ((sample.as_secs_f64() / elapsed.as_secs_f64() * n as f64) as u64).max(1);
        }
        n = n.saturating_mul(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_has_a_row_per_candidate_and_the_reference_at_one() {
        let mut c = Comparison::throughput("zeroing", "GB/s", 4096);
        c.add("fill", fill(4096, |b| b.fill(0)));
        c.add(
            "twice",
            fill(4096, |b| {
                b.fill(0);
                b.fill(1);
            }),
        );
        let text = c.run(3, Duration::from_micros(100)).markdown();
        assert!(text.contains("zeroing, 4 KiB requests (GB/s)"), "{text}");
        assert!(
            text.contains("| fill |") && text.contains("| twice |"),
            "{text}"
        );
        assert!(text.contains("1.00× (1.00–1.00)"), "{text}");
    }
}
