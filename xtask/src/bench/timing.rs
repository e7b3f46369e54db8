//! The measurement core, kept small so it can be read and trusted (and
//! shared with `secrets bench`; see the module docs of `bench`).
//!
//! - **Warm-up**: the operation runs for a while before anything is timed
//!   (caches, branch predictors, CPU frequency, lazy initialisation).
//! - **Calibration**: the batch size is chosen so one timed sample lasts
//!   about `sample_time`, far above the clock's resolution.
//! - **Repeats**: `repeats` samples; we report the median per-operation time
//!   and the min–max spread. The median resists the noise of a shared
//!   machine; the spread shows how much there was.
//! - **`black_box`** on every result, so the optimizer cannot delete the
//!   work.
//! - **Threads**: each thread builds its own state and runs the same batch
//!   behind a barrier; the sample is the wall time until all finish.

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// How long to measure.
#[derive(Clone, Copy, Debug)]
pub struct TimingConfig {
    /// Time spent running the operation before measuring.
    pub warm_up: Duration,
    /// Target duration of one timed sample.
    pub sample_time: Duration,
    /// Number of timed samples.
    pub repeats: usize,
}

impl TimingConfig {
    /// `cargo xtask bench`: 11 samples of 20 ms.
    pub const FULL: TimingConfig = TimingConfig {
        warm_up: Duration::from_millis(20),
        sample_time: Duration::from_millis(20),
        repeats: 11,
    };
    /// `--quick`: 5 samples of 2 ms.
    pub const QUICK: TimingConfig = TimingConfig {
        warm_up: Duration::from_millis(2),
        sample_time: Duration::from_millis(2),
        repeats: 5,
    };
}

/// Per-operation times of one measurement, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    /// Median over the samples.
    pub median_ns: f64,
    /// Fastest sample.
    pub min_ns: f64,
    /// Slowest sample.
    pub max_ns: f64,
    /// Operations per sample (per thread).
    pub batch: u64,
    /// Threads that ran the operation at once.
    pub threads: usize,
}

impl Measurement {
    /// Aggregate throughput in bytes per second at the median, for an
    /// operation that produces `bytes` bytes (per thread).
    pub fn bytes_per_second(&self, bytes: usize) -> f64 {
        bytes as f64 * self.threads as f64 / (self.median_ns * 1e-9)
    }

    /// Throughput range (slowest sample, fastest sample).
    pub fn bytes_per_second_range(&self, bytes: usize) -> (f64, f64) {
        let rate = |ns: f64| bytes as f64 * self.threads as f64 / (ns * 1e-9);
        (rate(self.max_ns), rate(self.min_ns))
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Runs `op` `batch` times and returns the elapsed time.
fn run_batch<T>(op: &mut impl FnMut() -> T, batch: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..batch {
        black_box(op());
    }
    start.elapsed()
}

/// Warms up and finds the batch size whose run lasts about `sample_time`.
fn calibrate<T>(op: &mut impl FnMut() -> T, config: &TimingConfig) -> u64 {
    let warm_until = Instant::now() + config.warm_up;
    let mut batch = 1u64;
    loop {
        let elapsed = run_batch(op, batch);
        if elapsed >= config.sample_time / 4 && Instant::now() >= warm_until {
            let per_op = elapsed.as_secs_f64() / batch as f64;
            return ((config.sample_time.as_secs_f64() / per_op) as u64).max(1);
        }
        if elapsed < config.sample_time / 4 {
            batch = batch.saturating_mul(2);
        }
    }
}

/// Measures `op` on the current thread.
pub fn measure<T>(config: &TimingConfig, mut op: impl FnMut() -> T) -> Measurement {
    let batch = calibrate(&mut op, config);
    let mut samples: Vec<f64> = (0..config.repeats)
        .map(|_| run_batch(&mut op, batch).as_secs_f64() * 1e9 / batch as f64)
        .collect();
    let (min_ns, max_ns) = samples
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    Measurement {
        median_ns: median(&mut samples),
        min_ns,
        max_ns,
        batch,
        threads: 1,
    }
}

/// Measures `threads` threads running the operation `make_op` builds (one
/// per thread, built on that thread) at once. The per-operation time is the
/// wall time of a sample divided by the batch of one thread, so throughput
/// scales with [`Measurement::threads`].
pub fn measure_parallel<F, Op, T>(config: &TimingConfig, threads: usize, make_op: F) -> Measurement
where
    F: Fn() -> Op + Sync,
    Op: FnMut() -> T,
{
    // Calibrate on one thread; every thread then runs that batch.
    let batch = {
        let mut op = make_op();
        calibrate(&mut op, config)
    };
    // Each thread stamps its own start and end: the sample runs from the
    // first start to the last end. (Timing from a coordinating thread would
    // be wrong when it is descheduled, as it is on a 2-core machine running
    // two busy workers.)
    let start_line = Barrier::new(threads);
    let stamps: Vec<Vec<(Instant, Instant)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut op = make_op();
                    // Warm this thread's state up, untimed.
                    run_batch(&mut op, batch.div_ceil(4));
                    (0..config.repeats)
                        .map(|_| {
                            start_line.wait();
                            let start = Instant::now();
                            run_batch(&mut op, batch);
                            (start, Instant::now())
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("benchmark thread panicked"))
            .collect()
    });
    let mut samples: Vec<f64> = (0..config.repeats)
        .map(|i| {
            let first = stamps.iter().map(|s| s[i].0).min().expect("threads >= 1");
            let last = stamps.iter().map(|s| s[i].1).max().expect("threads >= 1");
            (last - first).as_secs_f64() * 1e9 / batch as f64
        })
        .collect();
    let (min_ns, max_ns) = samples
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    Measurement {
        median_ns: median(&mut samples),
        min_ns,
        max_ns,
        batch,
        threads,
    }
}

/// `1234.5` → `"1.23 GB/s"` (decimal units, as the anchors).
pub fn format_rate(bytes_per_second: f64) -> String {
    let (value, unit) = if bytes_per_second >= 1e9 {
        (bytes_per_second / 1e9, "GB/s")
    } else if bytes_per_second >= 1e6 {
        (bytes_per_second / 1e6, "MB/s")
    } else {
        (bytes_per_second / 1e3, "kB/s")
    };
    format!("{value:.3} {unit}")
}

/// `12.3` → `"12.3 ns"`, `12345.0` → `"12.3 µs"`.
pub fn format_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: TimingConfig = TimingConfig {
        warm_up: Duration::from_micros(100),
        sample_time: Duration::from_micros(200),
        repeats: 3,
    };

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn measurements_are_ordered_and_count_calls() {
        let mut calls = 0u64;
        let m = measure(&TINY, || {
            calls += 1;
            calls
        });
        assert!(m.min_ns <= m.median_ns && m.median_ns <= m.max_ns, "{m:?}");
        assert!(m.batch >= 1);
        // Calibration and warm-up run too, so at least repeats * batch calls.
        assert!(calls >= TINY.repeats as u64 * m.batch);
    }

    #[test]
    fn parallel_runs_every_thread() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let calls = AtomicU64::new(0);
        let m = measure_parallel(&TINY, 2, || || calls.fetch_add(1, Ordering::Relaxed));
        assert_eq!(m.threads, 2);
        assert!(calls.load(Ordering::Relaxed) >= 2 * TINY.repeats as u64 * m.batch);
        assert!(m.bytes_per_second(100) > 0.0);
    }

    #[test]
    fn formats_units() {
        assert_eq!(format_rate(2.5e9), "2.500 GB/s");
        assert_eq!(format_rate(4.46e8), "446.000 MB/s");
        assert_eq!(format_time(12.34), "12.3 ns");
        assert_eq!(format_time(1234.0), "1.23 µs");
    }
}
