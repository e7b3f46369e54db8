//! The timing core, kept small so it can be read and trusted.
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
//! - **Failures**: the `try_` functions stop at the operation's first error
//!   and return it (a failing entropy source must not become a figure).
//!
//! ```
//! # use std::time::Duration;
//! # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
//! let m = secrets_bench::measure(&tiny, || secrets::token_hex(16));
//! println!("{} per token", secrets_bench::format_time(m.median_ns));
//! ```

use std::any::Any;
use std::convert::Infallible;
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// How long to measure.
///
/// ```
/// use std::time::Duration;
/// let config = secrets_bench::TimingConfig::within(Duration::from_millis(50));
/// assert_eq!(config.repeats, secrets_bench::TimingConfig::BUDGET_REPEATS);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    /// `cargo xtask bench --quick`: 5 samples of 2 ms.
    pub const QUICK: TimingConfig = TimingConfig {
        warm_up: Duration::from_millis(2),
        sample_time: Duration::from_millis(2),
        repeats: 5,
    };

    /// Repeats of a [`within`](Self::within) configuration.
    pub const BUDGET_REPEATS: usize = 5;

    /// A configuration whose measurement of a fast operation takes about
    /// `budget` in all: 5 samples of
    /// `budget / 7` after a warm-up of `budget / 7`, the remainder being
    /// calibration. An operation slower than a sample still runs once per
    /// sample, so it can take longer.
    ///
    /// ```
    /// use std::time::Duration;
    /// let config = secrets_bench::TimingConfig::within(Duration::from_secs(1));
    /// assert!(config.warm_up + config.sample_time * config.repeats as u32 <= Duration::from_secs(1));
    /// ```
    pub fn within(budget: Duration) -> TimingConfig {
        let slice = budget / (Self::BUDGET_REPEATS as u32 + 2);
        TimingConfig {
            warm_up: slice,
            sample_time: slice,
            repeats: Self::BUDGET_REPEATS,
        }
    }
}

/// Median, fastest and slowest of a set of values.
///
/// ```
/// let spread = secrets_bench::Spread::of(&mut [3.0, 1.0, 2.0]).unwrap();
/// assert_eq!((spread.min, spread.median, spread.max), (1.0, 2.0, 3.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The median (the mean of the two middle values for an even count).
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (sorted in place), or `None` if it is empty.
    ///
    /// ```
    /// assert!(secrets_bench::Spread::of(&mut []).is_none());
    /// assert_eq!(secrets_bench::Spread::of(&mut [5.0, 1.0]).unwrap().max, 5.0);
    /// ```
    pub fn of(values: &mut [f64]) -> Option<Spread> {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = match n {
            0 => return None,
            n if n % 2 == 1 => values[n / 2],
            n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        };
        Some(Spread {
            median,
            min: values[0],
            max: values[n - 1],
        })
    }
}

/// Per-operation times of one measurement, in nanoseconds.
///
/// ```
/// // Three samples, each already the time of one operation, from batches of 10.
/// let m = secrets_bench::Measurement::from_samples(&mut [2000.0, 1000.0, 3000.0], 10, 1).unwrap();
/// assert_eq!((m.median_ns, m.min_ns, m.max_ns, m.batch), (2000.0, 1000.0, 3000.0, 10));
/// ```
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
    /// A measurement from per-operation sample times in nanoseconds (sorted
    /// in place), or `None` if there are none. For figures timed elsewhere
    /// (another process, another language's timer).
    ///
    /// ```
    /// let m = secrets_bench::Measurement::from_samples(&mut [100.0], 1, 2).unwrap();
    /// assert_eq!(m.threads, 2);
    /// ```
    pub fn from_samples(samples_ns: &mut [f64], batch: u64, threads: usize) -> Option<Measurement> {
        let spread = Spread::of(samples_ns)?;
        Some(Measurement {
            median_ns: spread.median,
            min_ns: spread.min,
            max_ns: spread.max,
            batch,
            threads,
        })
    }

    /// Aggregate throughput in bytes per second at the median, for an
    /// operation that produces `bytes` bytes (per thread).
    ///
    /// ```
    /// let m = secrets_bench::Measurement::from_samples(&mut [1000.0], 1, 1).unwrap();
    /// assert!((m.bytes_per_second(1000) - 1e9).abs() < 1.0); // 1000 bytes in 1 µs
    /// ```
    pub fn bytes_per_second(&self, bytes: usize) -> f64 {
        self.rate(bytes, self.median_ns)
    }

    /// Throughput range (slowest sample, fastest sample).
    ///
    /// ```
    /// let m = secrets_bench::Measurement::from_samples(&mut [1000.0, 2000.0, 4000.0], 1, 1).unwrap();
    /// let (low, high) = m.bytes_per_second_range(1000);
    /// assert!(low <= m.bytes_per_second(1000) && m.bytes_per_second(1000) <= high);
    /// ```
    pub fn bytes_per_second_range(&self, bytes: usize) -> (f64, f64) {
        (self.rate(bytes, self.max_ns), self.rate(bytes, self.min_ns))
    }

    fn rate(&self, bytes: usize, ns: f64) -> f64 {
        bytes as f64 * self.threads as f64 / (ns * 1e-9)
    }
}

/// Runs `op` `batch` times and returns the elapsed time, or its first error.
fn run_batch<T, E>(op: &mut impl FnMut() -> Result<T, E>, batch: u64) -> Result<Duration, E> {
    let start = Instant::now();
    for _ in 0..batch {
        black_box(op()?);
    }
    Ok(start.elapsed())
}

/// Warms up and finds the batch size whose run lasts about `sample_time`.
fn calibrate<T, E>(op: &mut impl FnMut() -> Result<T, E>, config: &TimingConfig) -> Result<u64, E> {
    let warm_until = Instant::now() + config.warm_up;
    let mut batch = 1u64;
    loop {
        let elapsed = run_batch(op, batch)?;
        if elapsed >= config.sample_time / 4 && Instant::now() >= warm_until {
            let per_op = elapsed.as_secs_f64() / batch as f64;
            return Ok(((config.sample_time.as_secs_f64() / per_op) as u64).max(1));
        }
        if elapsed < config.sample_time / 4 {
            batch = batch.saturating_mul(2);
        }
    }
}

fn measurement(mut samples_ns: Vec<f64>, batch: u64, threads: usize) -> Measurement {
    // `repeats` is at least one (checked by the callers), so never `None`.
    Measurement::from_samples(&mut samples_ns, batch, threads).unwrap_or(Measurement {
        median_ns: f64::NAN,
        min_ns: f64::NAN,
        max_ns: f64::NAN,
        batch,
        threads,
    })
}

/// Measures `op` on the current thread; stops at its first error.
///
/// A `repeats` of zero is taken as one.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let mut os = secrets::Secrets::from_name("os")?;
/// let m = secrets_bench::try_measure(&tiny, || os.try_token_hex(16))?;
/// assert!(m.median_ns > 0.0);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn try_measure<T, E>(
    config: &TimingConfig,
    mut op: impl FnMut() -> Result<T, E>,
) -> Result<Measurement, E> {
    let batch = calibrate(&mut op, config)?;
    let samples = (0..config.repeats.max(1))
        .map(|_| Ok(run_batch(&mut op, batch)?.as_secs_f64() * 1e9 / batch as f64))
        .collect::<Result<Vec<f64>, E>>()?;
    Ok(measurement(samples, batch, 1))
}

/// Measures an operation that cannot fail on the current thread.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let m = secrets_bench::measure(&tiny, || secrets::randbelow(1_000_000));
/// assert!(m.batch >= 1);
/// ```
pub fn measure<T>(config: &TimingConfig, mut op: impl FnMut() -> T) -> Measurement {
    let Ok(m) = try_measure(config, || Ok::<T, Infallible>(op()));
    m
}

/// What stopped one worker thread.
enum Stop<E> {
    Failed(E),
    Panicked(Box<dyn Any + Send>),
}

/// Measures `threads` threads running the operation `make_op` builds (one
/// per thread, built on that thread) at once. The per-operation time is the
/// wall time of a sample divided by the batch of one thread, so throughput
/// scales with [`Measurement::threads`].
///
/// The first error of any thread (building or running its operation) is
/// returned; a panic in a thread is resumed on the caller. Either way every
/// thread still reaches every barrier, so a failure cannot hang the others.
/// A `threads` or `repeats` of zero is taken as one.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let m = secrets_bench::try_measure_parallel(&tiny, 2, || {
///     let mut os = secrets::Secrets::from_name("os")?;
///     Ok::<_, secrets::Error>(move || os.try_token_bytes(32))
/// })?;
/// assert_eq!(m.threads, 2);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn try_measure_parallel<F, Op, T, E>(
    config: &TimingConfig,
    threads: usize,
    make_op: F,
) -> Result<Measurement, E>
where
    F: Fn() -> Result<Op, E> + Sync,
    Op: FnMut() -> Result<T, E>,
    E: Send,
{
    let threads = threads.max(1);
    let repeats = config.repeats.max(1);
    // Calibrate on one thread; every thread then runs that batch.
    let batch = calibrate(&mut make_op()?, config)?;
    // Each thread stamps its own start and end: the sample runs from the
    // first start to the last end. (Timing from a coordinating thread would
    // be wrong when it is descheduled, as it is on a 2-core machine running
    // two busy workers.)
    let start_line = Barrier::new(threads);
    let worker = || -> Result<Vec<(Instant, Instant)>, Stop<E>> {
        let mut stop = None;
        let mut op = match catch_unwind(AssertUnwindSafe(&make_op)) {
            Ok(Ok(op)) => Some(op),
            Ok(Err(e)) => {
                stop = Some(Stop::Failed(e));
                None
            }
            Err(panic) => {
                stop = Some(Stop::Panicked(panic));
                None
            }
        };
        // Runs a batch unless this thread has already stopped.
        let mut run = |n: u64, stop: &mut Option<Stop<E>>| {
            if stop.is_some() {
                return;
            }
            if let Some(op) = op.as_mut() {
                match catch_unwind(AssertUnwindSafe(|| run_batch(op, n))) {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => *stop = Some(Stop::Failed(e)),
                    Err(panic) => *stop = Some(Stop::Panicked(panic)),
                }
            }
        };
        // Warm this thread's state up, untimed.
        run(batch.div_ceil(4), &mut stop);
        let mut stamps = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            start_line.wait();
            let start = Instant::now();
            run(batch, &mut stop);
            stamps.push((start, Instant::now()));
        }
        stop.map_or(Ok(stamps), Err)
    };
    let outcomes: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        workers
            .into_iter()
            // The worker catches its own panics, so `join` cannot fail.
            .map(|w| w.join().unwrap_or_else(|panic| Err(Stop::Panicked(panic))))
            .collect()
    });
    let mut stamps = Vec::with_capacity(threads);
    for outcome in outcomes {
        match outcome {
            Ok(s) => stamps.push(s),
            Err(Stop::Failed(e)) => return Err(e),
            Err(Stop::Panicked(panic)) => resume_unwind(panic),
        }
    }
    let samples = (0..repeats)
        .map(|i| {
            let first = stamps.iter().map(|s| s[i].0).min();
            let last = stamps.iter().map(|s| s[i].1).max();
            match (first, last) {
                (Some(first), Some(last)) => (last - first).as_secs_f64() * 1e9 / batch as f64,
                _ => f64::NAN, // unreachable: threads >= 1
            }
        })
        .collect();
    Ok(measurement(samples, batch, threads))
}

/// [`try_measure_parallel`] for an operation that cannot fail.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let m = secrets_bench::measure_parallel(&tiny, 2, || || secrets::token_hex(16));
/// assert_eq!(m.threads, 2);
/// ```
pub fn measure_parallel<F, Op, T>(config: &TimingConfig, threads: usize, make_op: F) -> Measurement
where
    F: Fn() -> Op + Sync,
    Op: FnMut() -> T,
{
    let Ok(m) = try_measure_parallel(config, threads, || {
        let mut op = make_op();
        Ok::<_, Infallible>(move || Ok::<T, Infallible>(op()))
    });
    m
}

/// Samples of several candidates timed in interleaved rounds: every round
/// takes one sample of each candidate, so a burst of background load hits
/// all of them alike. Compare candidates with [`Interleaved::ratio`], the
/// spread of the per-round ratios: a ratio taken within one round is far
/// less sensitive to load than a ratio of two medians.
///
/// The order rotates from round to round (round `r` starts with candidate
/// `r % n`), so no candidate always runs first or after the same neighbour.
///
/// ```
/// use secrets_bench::Interleaved;
/// // Two candidates, sampled in alternation so drift hits both alike.
/// let run = Interleaved::run(2, 5, |candidate| if candidate == 0 { 10.0 } else { 20.0 });
/// assert_eq!(run.ratio(1, 0).median, 2.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Interleaved {
    /// `samples[candidate][round]`.
    samples: Vec<Vec<f64>>,
}

impl Interleaved {
    /// Runs `rounds` rounds of `candidates` samples; `sample(c)` times
    /// candidate `c` once and returns its figure (time per operation,
    /// seconds per batch: any unit, the same for all). A `rounds` of zero is
    /// taken as one.
    ///
    /// ```
    /// let run = secrets_bench::Interleaved::run(3, 4, |candidate| candidate as f64 + 1.0);
    /// assert_eq!(run.samples(2).len(), 4);
    /// ```
    pub fn run(
        candidates: usize,
        rounds: usize,
        mut sample: impl FnMut(usize) -> f64,
    ) -> Interleaved {
        let rounds = rounds.max(1);
        let mut samples = vec![Vec::with_capacity(rounds); candidates];
        for round in 0..rounds {
            for k in 0..candidates {
                let c = (round + k) % candidates;
                samples[c].push(sample(c));
            }
        }
        Interleaved { samples }
    }

    /// Interleaved samples timed elsewhere: `samples[candidate][round]`,
    /// every candidate with the same number of rounds.
    ///
    /// ```
    /// let run = secrets_bench::Interleaved::from_samples(vec![vec![1.0, 2.0], vec![2.0, 4.0]]);
    /// assert_eq!(run.ratio(1, 0).median, 2.0);
    /// ```
    pub fn from_samples(samples: Vec<Vec<f64>>) -> Interleaved {
        Interleaved { samples }
    }

    /// The samples of `candidate`, in round order.
    ///
    /// ```
    /// let run = secrets_bench::Interleaved::from_samples(vec![vec![1.0, 3.0]]);
    /// assert_eq!(run.samples(0), [1.0, 3.0]);
    /// ```
    pub fn samples(&self, candidate: usize) -> &[f64] {
        &self.samples[candidate]
    }

    /// Median, fastest and slowest sample of `candidate`.
    ///
    /// ```
    /// let run = secrets_bench::Interleaved::from_samples(vec![vec![1.0, 3.0, 2.0]]);
    /// assert_eq!(run.spread(0).median, 2.0);
    /// ```
    pub fn spread(&self, candidate: usize) -> Spread {
        spread_or_nan(self.samples[candidate].clone())
    }

    /// The spread over rounds of `a[round] / b[round]`. For times, the
    /// ratio `ratio(baseline, candidate)` is the candidate's speed relative
    /// to the baseline.
    ///
    /// ```
    /// let run = secrets_bench::Interleaved::from_samples(vec![vec![10.0, 10.0], vec![5.0, 20.0]]);
    /// let ratio = run.ratio(1, 0);
    /// assert_eq!((ratio.min, ratio.max), (0.5, 2.0));
    /// ```
    pub fn ratio(&self, a: usize, b: usize) -> Spread {
        let ratios = self.samples[a]
            .iter()
            .zip(&self.samples[b])
            .map(|(a, b)| a / b);
        spread_or_nan(ratios.collect())
    }
}

/// The spread of `values`, all NaN when there are none.
fn spread_or_nan(mut values: Vec<f64>) -> Spread {
    Spread::of(&mut values).unwrap_or(Spread {
        median: f64::NAN,
        min: f64::NAN,
        max: f64::NAN,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A configuration that makes the crate's tests fast, not accurate.
    pub(crate) const TINY: TimingConfig = TimingConfig {
        warm_up: Duration::from_micros(100),
        sample_time: Duration::from_micros(200),
        repeats: 3,
    };

    #[test]
    fn spread_of_odd_even_and_empty() {
        let odd = Spread::of(&mut [3.0, 1.0, 2.0]).unwrap();
        assert_eq!((odd.median, odd.min, odd.max), (2.0, 1.0, 3.0));
        let even = Spread::of(&mut [4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!((even.median, even.min, even.max), (2.5, 1.0, 4.0));
        assert_eq!(Spread::of(&mut []), None);
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
        assert_eq!(m.threads, 1);
        // Calibration and warm-up run too, so at least repeats * batch calls.
        assert!(calls >= TINY.repeats as u64 * m.batch);
    }

    #[test]
    fn parallel_runs_every_thread() {
        let calls = AtomicU64::new(0);
        let m = measure_parallel(&TINY, 2, || || calls.fetch_add(1, Ordering::Relaxed));
        assert_eq!(m.threads, 2);
        assert!(m.min_ns <= m.median_ns && m.median_ns <= m.max_ns, "{m:?}");
        assert!(calls.load(Ordering::Relaxed) >= 2 * TINY.repeats as u64 * m.batch);
        assert!(m.bytes_per_second(100) > 0.0);
    }

    #[test]
    fn throughput_scales_with_threads_and_orders_its_range() {
        let m = Measurement {
            median_ns: 100.0,
            min_ns: 50.0,
            max_ns: 200.0,
            batch: 1,
            threads: 2,
        };
        // 2 threads × 1000 bytes per 100 ns.
        assert_eq!(m.bytes_per_second(1000), 2e10);
        assert_eq!(m.bytes_per_second_range(1000), (1e10, 4e10));
    }

    #[test]
    fn the_first_error_stops_a_measurement() {
        let mut calls = 0u32;
        let result = try_measure(&TINY, || {
            calls += 1;
            if calls == 10 {
                Err("source failed")
            } else {
                Ok(calls)
            }
        });
        assert_eq!(result, Err("source failed"));
        assert_eq!(calls, 10, "no call after the failure");
    }

    #[test]
    fn a_failing_thread_fails_the_parallel_measurement_without_hanging() {
        // Calibration (on the caller) succeeds; the workers' second
        // operation fails while the others wait at the barrier.
        let built = AtomicU64::new(0);
        let result = try_measure_parallel(&TINY, 2, || {
            let n = built.fetch_add(1, Ordering::Relaxed);
            let mut calls = 0u64;
            Ok(move || {
                calls += 1;
                if n == 2 && calls > 1 {
                    Err("worker failed")
                } else {
                    Ok(calls)
                }
            })
        });
        assert_eq!(result, Err("worker failed"));
        let result: Result<Measurement, &str> = try_measure_parallel(&TINY, 3, || {
            Err::<fn() -> Result<u8, &'static str>, _>("no source")
        });
        assert_eq!(result, Err("no source"));
    }

    #[test]
    fn a_panicking_thread_is_resumed_on_the_caller() {
        let built = AtomicU64::new(0);
        let panicked = catch_unwind(AssertUnwindSafe(|| {
            measure_parallel(&TINY, 2, || {
                let n = built.fetch_add(1, Ordering::Relaxed);
                move || {
                    assert!(n != 1, "worker panicked");
                    n
                }
            })
        }));
        let payload = panicked.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"worker panicked"));
    }

    #[test]
    fn a_budget_splits_into_warm_up_and_samples() {
        let config = TimingConfig::within(Duration::from_millis(700));
        assert_eq!(config.repeats, 5);
        assert_eq!(config.warm_up, Duration::from_millis(100));
        assert_eq!(config.sample_time, Duration::from_millis(100));
    }
    #[test]
    fn interleaved_rounds_rotate_and_pair_their_ratios() {
        let mut order = Vec::new();
        let mut tick = 0.0;
        let rounds = Interleaved::run(3, 4, |c| {
            order.push(c);
            tick += 1.0;
            // Candidate c costs (c + 1) units, plus a load that grows each
            // call: paired ratios cancel most of it, per-candidate figures
            // do not.
            (c as f64 + 1.0) * (1.0 + tick)
        });
        assert_eq!(order, [0, 1, 2, 1, 2, 0, 2, 0, 1, 0, 1, 2]);
        assert_eq!(rounds.samples(0), [2.0, 7.0, 9.0, 11.0]);
        assert_eq!(rounds.samples(1), [6.0, 10.0, 20.0, 24.0]);
        let spread = rounds.spread(0);
        assert_eq!((spread.median, spread.min, spread.max), (8.0, 2.0, 11.0));
        let ratio = rounds.ratio(1, 0);
        assert_eq!(ratio.min, 10.0 / 7.0);
        assert_eq!(ratio.max, 3.0);
        assert_eq!(ratio.median, (24.0 / 11.0 + 20.0 / 9.0) / 2.0);
        assert_eq!(
            Interleaved::from_samples(vec![vec![1.0, 4.0], vec![2.0, 2.0]]).ratio(1, 0),
            Spread {
                median: 1.25,
                min: 0.5,
                max: 2.0
            }
        );
    }

    #[test]
    fn interleaved_takes_zero_rounds_as_one() {
        let rounds = Interleaved::run(2, 0, |c| c as f64 + 1.0);
        assert_eq!(rounds.samples(1), [2.0]);
        assert_eq!(rounds.ratio(1, 0).median, 2.0);
        assert!(
            Interleaved::from_samples(vec![vec![]])
                .spread(0)
                .median
                .is_nan()
        );
    }
}
