//! What is measured on every backend: fill throughput at given request
//! sizes, and the latency of the small-token operations, on one or more
//! threads. Backends are opened by name through the facade's dispatch
//! ([`secrets::AnyBackend`], as the CLI and the free functions use them),
//! one fresh instance per thread.
//!
//! ```
//! # use std::time::Duration;
//! # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
//! let rates = secrets_bench::backend_throughput(&tiny, "os", 1, &[4096])?;
//! let (size, measurement) = rates[0];
//! println!("os: {}", secrets_bench::format_rate(measurement.bytes_per_second(size)));
//! # Ok::<(), secrets::Error>(())
//! ```

use std::convert::Infallible;
use std::hint::black_box;

use secrets::{AnyBackend, BackendInfo, BigUint, Error, PasswordPolicy, Secrets};

use crate::timing::{Measurement, TimingConfig, try_measure, try_measure_parallel};

/// Request sizes of `cargo xtask bench`'s throughput table.
///
/// ```
/// assert!(secrets_bench::SIZES.contains(&4096));
/// ```
pub const SIZES: [usize; 6] = [16, 32, 256, 4 << 10, 64 << 10, 1 << 20];

/// A small-token operation whose latency is measured.
///
/// ```
/// use secrets_bench::Operation;
/// for op in Operation::ALL {
///     println!("{}", op.label());
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `token_hex(16)`.
    TokenHex16,
    /// `token_urlsafe(32)`.
    TokenUrlsafe32,
    /// `randbelow(10^6)`.
    Randbelow1e6,
    /// A 16-character password of the default policy (all four classes).
    Password16,
    /// `randbelow(2^2048 - 159)`, the bound of CPython's own benchmark.
    RandbelowBig,
}

impl Operation {
    /// Every operation, in table order.
    pub const ALL: [Operation; 5] = [
        Operation::TokenHex16,
        Operation::TokenUrlsafe32,
        Operation::Randbelow1e6,
        Operation::Password16,
        Operation::RandbelowBig,
    ];

    /// The label used in tables, charts and peers' figures.
    ///
    /// ```
    /// assert_eq!(secrets_bench::Operation::TokenHex16.label(), "token_hex(16)");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Operation::TokenHex16 => "token_hex(16)",
            Operation::TokenUrlsafe32 => "token_urlsafe(32)",
            Operation::Randbelow1e6 => "randbelow(10^6)",
            Operation::Password16 => "password(16)",
            Operation::RandbelowBig => "randbelow(2^2048-159)",
        }
    }
}

/// Every compiled backend with whether it works on this machine now
/// ([`BackendInfo::check`]: constructed and self-tested), in the order of
/// [`secrets::compiled_backends`].
///
/// ```
/// for (info, usable) in secrets_bench::availability() {
///     println!("{}: {}", info.name, if usable.is_ok() { "usable" } else { "unavailable" });
/// }
/// ```
pub fn availability() -> Vec<(&'static BackendInfo, Result<(), Error>)> {
    secrets::compiled_backends()
        .iter()
        .map(|info| (info, info.check()))
        .collect()
}

/// Measures filling a `size`-byte buffer with the operation `make` builds,
/// for every size in `sizes`, on `threads` threads (each with its own
/// operation and buffer). Stops at the first error.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let rows = secrets_bench::try_fill_sizes(&tiny, 1, &[32, 1024], || {
///     let mut os = secrets::Secrets::from_name("os")?;
///     Ok::<_, secrets::Error>(move |buf: &mut [u8]| os.try_fill_bytes(buf))
/// })?;
/// assert_eq!(rows.len(), 2);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn try_fill_sizes<F, Op, E>(
    config: &TimingConfig,
    threads: usize,
    sizes: &[usize],
    make: F,
) -> Result<Vec<(usize, Measurement)>, E>
where
    F: Fn() -> Result<Op, E> + Sync,
    Op: FnMut(&mut [u8]) -> Result<(), E>,
    E: Send,
{
    sizes
        .iter()
        .map(|&size| {
            // The last byte is the result, so the fill cannot be elided.
            let m = if threads <= 1 {
                let mut op = make()?;
                let mut buffer = vec![0u8; size];
                try_measure(config, || {
                    op(&mut buffer)?;
                    Ok(buffer.last().copied())
                })?
            } else {
                try_measure_parallel(config, threads, || {
                    let mut op = make()?;
                    let mut buffer = vec![0u8; size];
                    Ok(move || {
                        op(&mut buffer)?;
                        Ok(buffer.last().copied())
                    })
                })?
            };
            Ok((size, m))
        })
        .collect()
}

/// [`try_fill_sizes`] for a fill that cannot fail (a baseline that panics
/// on the impossible).
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let rows = secrets_bench::fill_sizes(&tiny, 1, &[64], || |buf: &mut [u8]| buf.fill(0));
/// assert_eq!(rows[0].0, 64);
/// ```
pub fn fill_sizes<F, Op>(
    config: &TimingConfig,
    threads: usize,
    sizes: &[usize],
    make: F,
) -> Vec<(usize, Measurement)>
where
    F: Fn() -> Op + Sync,
    Op: FnMut(&mut [u8]),
{
    let Ok(rows) = try_fill_sizes(config, threads, sizes, || {
        let mut op = make();
        Ok::<_, Infallible>(move |buf: &mut [u8]| {
            op(buf);
            Ok(())
        })
    });
    rows
}

/// Throughput of the backend `name` (`try_fill_bytes` of a facade handle
/// over [`AnyBackend`], the path of `secrets bytes`) at every size in
/// `sizes`, on `threads` threads.
///
/// # Errors
/// An unknown or unavailable backend, or a failure of its source during the
/// measurement.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let rates = secrets_bench::backend_throughput(&tiny, "os", 1, &[32])?;
/// assert!(rates[0].1.bytes_per_second(32) > 0.0);
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn backend_throughput(
    config: &TimingConfig,
    name: &str,
    threads: usize,
    sizes: &[usize],
) -> Result<Vec<(usize, Measurement)>, Error> {
    try_fill_sizes(config, threads, sizes, || {
        let mut handle = Secrets::from_name(name)?;
        Ok(move |buf: &mut [u8]| handle.try_fill_bytes(buf))
    })
}

/// Latency of each of `operations` on the backend `name` (a facade handle,
/// [`Secrets::from_name`]), on `threads` threads at once (time per call on
/// each thread).
///
/// # Errors
/// An unknown or unavailable backend, or a failure of its source during the
/// measurement.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// use secrets_bench::{Operation, backend_latency, format_time};
/// let rows = backend_latency(&tiny, "os", 1, &[Operation::TokenHex16])?;
/// println!("token_hex(16): {}", format_time(rows[0].1.median_ns));
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn backend_latency(
    config: &TimingConfig,
    name: &str,
    threads: usize,
    operations: &[Operation],
) -> Result<Vec<(Operation, Measurement)>, Error> {
    let policy = PasswordPolicy {
        length: 16,
        ..PasswordPolicy::default()
    };
    let big = (BigUint::from(1u8) << 2048usize) - BigUint::from(159u8);
    operations
        .iter()
        .map(|&op| {
            let m = match op {
                Operation::TokenHex16 => {
                    time_handle(config, name, threads, |h| h.try_token_hex(16))
                }
                Operation::TokenUrlsafe32 => {
                    time_handle(config, name, threads, |h| h.try_token_urlsafe(32))
                }
                Operation::Randbelow1e6 => time_handle(config, name, threads, |h| {
                    h.randbelow(black_box(1_000_000u64))
                }),
                Operation::Password16 => {
                    time_handle(config, name, threads, |h| h.password(&policy))
                }
                Operation::RandbelowBig => {
                    time_handle(config, name, threads, |h| h.randbelow_big(&big))
                }
            }?;
            Ok((op, m))
        })
        .collect()
}

/// Times `call` on a fresh handle per thread.
fn time_handle<T>(
    config: &TimingConfig,
    name: &str,
    threads: usize,
    call: impl Fn(&mut Secrets<AnyBackend>) -> Result<T, Error> + Sync,
) -> Result<Measurement, Error> {
    if threads <= 1 {
        let mut handle = Secrets::from_name(name)?;
        try_measure(config, || call(&mut handle))
    } else {
        let call = &call;
        try_measure_parallel(config, threads, || {
            let mut handle = Secrets::from_name(name)?;
            Ok(move || call(&mut handle))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timing::tests::TINY;

    #[test]
    fn labels_are_distinct_and_in_table_order() {
        let labels: Vec<&str> = Operation::ALL.iter().map(|op| op.label()).collect();
        assert_eq!(
            labels,
            [
                "token_hex(16)",
                "token_urlsafe(32)",
                "randbelow(10^6)",
                "password(16)",
                "randbelow(2^2048-159)"
            ]
        );
    }

    #[test]
    fn availability_lists_every_compiled_backend_and_os_works() {
        let list = availability();
        assert_eq!(list.len(), secrets::compiled_backends().len());
        let os = list.iter().find(|(info, _)| info.name == "os");
        assert!(matches!(os, Some((_, Ok(())))), "{list:?}");
    }

    #[test]
    fn throughput_of_the_os_backend_at_each_size() {
        for threads in [1, 2] {
            let rows = backend_throughput(&TINY, "os", threads, &[32, 4096]).unwrap();
            assert_eq!(rows.iter().map(|(s, _)| *s).collect::<Vec<_>>(), [32, 4096]);
            for (size, m) in rows {
                assert_eq!(m.threads, threads);
                assert!(
                    m.bytes_per_second(size).is_finite() && m.median_ns > 0.0,
                    "{m:?}"
                );
            }
        }
    }

    #[test]
    fn latency_of_every_operation_on_the_os_backend() {
        let rows = backend_latency(&TINY, "os", 1, &Operation::ALL).unwrap();
        assert_eq!(
            rows.iter().map(|(op, _)| *op).collect::<Vec<_>>(),
            Operation::ALL
        );
        assert!(
            rows.iter()
                .all(|(_, m)| m.median_ns > 0.0 && m.threads == 1)
        );
        let two = backend_latency(&TINY, "os", 2, &[Operation::Randbelow1e6]).unwrap();
        assert_eq!(two[0].1.threads, 2);
    }

    #[test]
    fn an_unknown_backend_is_an_error_not_a_figure() {
        let error = backend_throughput(&TINY, "no-such-rng", 1, &[32]).unwrap_err();
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
        for threads in [1, 2] {
            let error = backend_latency(&TINY, "no-such-rng", threads, &Operation::ALL);
            assert!(
                matches!(error, Err(Error::InvalidArgument { .. })),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_failing_fill_stops_the_sizes() {
        let calls = std::sync::atomic::AtomicU32::new(0);
        let result = try_fill_sizes(&TINY, 1, &[16, 32], || {
            Ok(|buf: &mut [u8]| {
                let n = calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                buf.fill(1);
                if n == 5 { Err("broken source") } else { Ok(()) }
            })
        });
        assert_eq!(result, Err("broken source"));
    }
}
