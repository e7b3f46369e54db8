//! `cargo xtask bench [--quick] [--no-write] [--out-dir DIR] [--section NAME]`:
//! every backend beside its baselines and peers, in one run.
//!
//! - Throughput at 16 B … 1 MiB per request, 1 and 2 threads, for every
//!   backend (through the facade's dispatch, `secrets::AnyBackend`) and for
//!   the raw primitive each one is built on (its *baseline*, from the
//!   registry); plus rand's `ThreadRng`, rand_chacha's and chacha20's RNGs,
//!   and `openssl rand`.
//! - Each Hash/HMAC_DRBG backend against OpenSSL's own DRBG of the same
//!   mechanism and digest, in interleaved rounds.
//! - Small-token latency for every backend, against CPython's `secrets` and
//!   bare baselines.
//! - The comparison sections (`--section NAME` runs one): each family
//!   against its raw core and the libraries people use instead.
//!
//! Writes `docs/benchmarks.md` and the SVG charts in `docs/img/`, and
//! prints the tables. Everything is timed by the `secrets-bench` crate;
//! this module runs it and renders the ratio tables and the charts.

mod report;

use std::hint::black_box;
use std::path::PathBuf;

use secrets::BackendId;
use secrets::registry::Baseline;
use secrets_bench::peers::{self, OpensslDrbg, Versus};
use secrets_bench::sections::{Effort, SECTIONS};
use secrets_bench::{
    Measurement, Operation, SIZES, Spread, TimingConfig, availability, backend_latency,
    backend_throughput, measure,
};

/// What a throughput subject is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// One of our backends.
    Backend,
    /// A raw primitive or another library, measured for comparison.
    Baseline,
}

/// Throughput of one subject at every size.
#[derive(Clone, Debug)]
pub struct ThroughputRow {
    /// Display name.
    pub subject: String,
    /// Backend or baseline.
    pub role: Role,
    /// For a backend: the name of its baseline row.
    pub baseline: Option<String>,
    /// Threads.
    pub threads: usize,
    /// (request size, measurement).
    pub by_size: Vec<(usize, Measurement)>,
}

impl ThroughputRow {
    /// The measurement at `size`.
    pub fn at(&self, size: usize) -> Option<&Measurement> {
        self.by_size
            .iter()
            .find(|(s, _)| *s == size)
            .map(|(_, m)| m)
    }
}

/// Latency of one operation on one subject.
#[derive(Clone, Debug)]
pub struct LatencyRow {
    /// The operation label (an [`Operation::label`]).
    pub operation: String,
    /// Backend name, baseline or peer.
    pub subject: String,
    /// Backend, baseline, or peer (a baseline).
    pub role: Role,
    /// The measurement.
    pub measurement: Measurement,
}

/// Everything one run measured.
#[derive(Debug, Default)]
pub struct Results {
    /// Throughput rows (1 and 2 threads).
    pub throughput: Vec<ThroughputRow>,
    /// Latency rows.
    pub latency: Vec<LatencyRow>,
    /// `openssl rand` (its default DRBG): (version, bytes per run, bytes/s).
    pub openssl: Option<(String, u64, Spread)>,
    /// Each Hash/HMAC_DRBG backend against OpenSSL's same DRBG and digest.
    pub versus_openssl: Vec<(String, Versus)>,
    /// Notes about skipped peers or backends.
    pub notes: Vec<String>,
    /// Timing configuration.
    pub quick: bool,
}

impl Results {
    /// Adds one latency figure.
    fn push_latency(&mut self, op: impl Into<String>, subject: String, role: Role, m: Measurement) {
        self.latency.push(LatencyRow {
            operation: op.into(),
            subject,
            role,
            measurement: m,
        });
    }
}

/// Measures the baselines' throughput: the registry's baseline of every
/// compiled backend, and other libraries for comparison.
fn baselines(
    config: &TimingConfig,
    threads: usize,
    rows: &mut Vec<ThroughputRow>,
    notes: &mut Vec<String>,
) {
    let mut push = |subject: &str, by_size| {
        rows.push(ThroughputRow {
            subject: subject.into(),
            role: Role::Baseline,
            baseline: None,
            threads,
            by_size,
        });
    };
    let mut seen = Vec::new();
    for id in BackendId::ALL.iter().filter(|id| id.is_compiled()) {
        let baseline = id.baseline();
        // Multi-thread runs keep only the OS baseline; the others are
        // single-thread references.
        if seen.contains(&baseline) || (threads > 1 && baseline != Baseline::GetrandomFill) {
            continue;
        }
        seen.push(baseline);
        match secrets_bench::baselines::measure(config, threads, baseline) {
            Ok(by_size) => push(baseline.label(), by_size),
            Err(e) => notes.push(format!("{} baseline skipped: {e}", baseline.label())),
        }
    }
    for (subject, by_size) in secrets_bench::baselines::libraries(config, threads) {
        push(subject, by_size);
    }
}

/// The usable compiled backends, with notes for the others.
fn usable_backends(notes: &mut Vec<String>) -> Vec<&'static str> {
    availability()
        .into_iter()
        .filter_map(|(info, status)| match status {
            Ok(()) => Some(info.name),
            Err(e) => {
                notes.push(format!("{} skipped: {e}", info.name));
                None
            }
        })
        .collect()
}

/// The error of a usable backend that failed while measured.
fn failed(name: &str, error: secrets::Error) -> String {
    format!("backend `{name}` failed while measured: {error}")
}

/// The operations also timed on two threads at once.
const PARALLEL_OPERATIONS: [Operation; 3] = [
    Operation::TokenHex16,
    Operation::TokenUrlsafe32,
    Operation::Randbelow1e6,
];

/// Runs every measurement. A usable backend that fails while measured is
/// an error (its figures would be meaningless).
pub fn run(quick: bool) -> Result<Results, String> {
    let config = if quick {
        TimingConfig::QUICK
    } else {
        TimingConfig::FULL
    };
    let mut results = Results {
        quick,
        ..Results::default()
    };
    let backends = usable_backends(&mut results.notes);

    for threads in [1, 2] {
        eprintln!("throughput, {threads} thread(s)…");
        for &name in &backends {
            let by_size =
                backend_throughput(&config, name, threads, &SIZES).map_err(|e| failed(name, e))?;
            results.throughput.push(ThroughputRow {
                subject: name.into(),
                role: Role::Backend,
                baseline: BackendId::from_name(name).map(|id| id.baseline().label().into()),
                threads,
                by_size,
            });
        }
        baselines(
            &config,
            threads,
            &mut results.throughput,
            &mut results.notes,
        );
    }

    eprintln!("latency…");
    for &name in &backends {
        for (threads, operations, subject) in [
            (1, &Operation::ALL[..], name.to_owned()),
            (2, &PARALLEL_OPERATIONS[..], format!("{name} (2 threads)")),
        ] {
            let rows =
                backend_latency(&config, name, threads, operations).map_err(|e| failed(name, e))?;
            for (op, m) in rows {
                results.push_latency(op.label(), subject.clone(), Role::Backend, m);
            }
        }
    }
    let free = [
        (
            Operation::TokenHex16,
            measure(&config, || secrets::token_hex(16)),
        ),
        (
            Operation::TokenUrlsafe32,
            measure(&config, || secrets::token_urlsafe(32)),
        ),
        (
            Operation::Randbelow1e6,
            measure(&config, || {
                secrets::randbelow(black_box(1_000_000)).expect("randbelow")
            }),
        ),
    ];
    let subject = format!("free function ({})", secrets::default_backend_name());
    for (op, m) in free {
        results.push_latency(op.label(), subject.clone(), Role::Backend, m);
    }
    for (op, subject, m) in secrets_bench::baselines::tokens(&config) {
        results.push_latency(op.label(), subject.into(), Role::Baseline, m);
    }

    eprintln!("peers…");
    match peers::python(config.repeats, quick) {
        Ok(rows) => {
            let version = peers::version("python3", "--version").unwrap_or("CPython".into());
            for (op, m) in rows {
                results.push_latency(op, format!("{version} secrets"), Role::Baseline, m);
            }
        }
        Err(e) => results.notes.push(format!("CPython skipped: {e}")),
    }
    let openssl_bytes: u64 = if quick { 32 << 20 } else { 256 << 20 };
    match peers::openssl_rand(openssl_bytes, if quick { 3 } else { 5 }) {
        Ok(rates) => {
            let version = peers::version("openssl", "version").unwrap_or("OpenSSL".into());
            results.openssl = Some((version, openssl_bytes, rates));
        }
        Err(e) => results.notes.push(format!("openssl rand skipped: {e}")),
    }
    // Hash/HMAC_DRBG against OpenSSL's same mechanism and digest (a config
    // file selects it), in interleaved rounds of large counts.
    let (bytes, rounds) = if quick { (16 << 20, 3) } else { (128 << 20, 7) };
    for &name in &backends {
        let id = BackendId::from_name(name);
        let Some(drbg) = id.and_then(|id| OpensslDrbg::matching(id.baseline())) else {
            continue;
        };
        eprintln!("{name} against openssl rand with {}…", drbg.label());
        match peers::versus_openssl(name, drbg, bytes, rounds) {
            Ok(versus) => results.versus_openssl.push((name.to_owned(), versus)),
            Err(e) => (results.notes).push(format!("OpenSSL {} skipped: {e}", drbg.label())),
        }
    }
    black_box(&results);
    Ok(results)
}

/// Arguments of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 5 samples of 2 ms instead of 11 of 20 ms (about a minute).
    #[arg(long)]
    quick: bool,
    /// Print the tables only; leave docs/benchmarks.md and docs/img alone.
    #[arg(long)]
    no_write: bool,
    /// Write DIR/benchmarks.md and DIR/img/*.svg instead of the repository's
    /// docs/ (e.g. a scratch run that must not touch docs/).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Run only this comparison section (repeatable) and print it; writes
    /// nothing.
    #[arg(
        long = "section",
        value_name = "NAME",
        value_parser = clap::builder::PossibleValuesParser::new(SECTIONS.map(|s| s.name))
    )]
    sections: Vec<String>,
}

/// Entry point of `cargo xtask bench`.
pub fn main(args: Args) -> Result<(), String> {
    let Args {
        quick,
        no_write,
        out_dir,
        sections,
    } = args;
    let effort = if quick { Effort::QUICK } else { Effort::FULL };
    if !sections.is_empty() {
        println!("{}", secrets_bench::sections::markdown(&sections, &effort)?);
        return Ok(());
    }
    let write = !no_write;
    let out_dir = out_dir.unwrap_or_else(|| crate::root_dir().join("docs"));
    let started = std::time::Instant::now();
    let results = run(quick)?;
    let markdown = report::markdown(&results, &report::machine_description())
        + "\n"
        + &secrets_bench::sections::markdown(&[], &effort)?;
    println!("{markdown}");
    if write {
        report::write(&out_dir, &results, &markdown)?;
        eprintln!(
            "wrote {0}/benchmarks.md, {0}/img/throughput.svg, {0}/img/latency.svg",
            out_dir.display()
        );
    }
    eprintln!("bench took {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
