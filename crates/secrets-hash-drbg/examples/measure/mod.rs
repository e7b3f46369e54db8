//! The measuring harness of both hash-based DRBG crates' `throughput`
//! examples (the HMAC_DRBG one includes this file by path): interleaved
//! rounds against a baseline measured in the same run, medians, and
//! OpenSSL 3's own DRBG through `openssl rand` with a config file.

use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The buffer each round fills: 1 MiB.
pub const BUFFER: usize = 1 << 20;
/// Rounds per contestant; their order alternates.
const ROUNDS: usize = 41;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn best(samples: &[Duration]) -> Duration {
    samples.iter().copied().min().unwrap_or_default()
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e6
}

/// Median, lowest and highest of per-round ratios.
fn spread(mut ratios: Vec<f64>) -> (f64, f64, f64) {
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    (median, ratios[0], ratios[ratios.len() - 1])
}

/// Times `ours` and `bare`, each filling a 1 MiB buffer, in alternating
/// order over [`ROUNDS`] rounds after a warm-up, and prints both medians in
/// MB/s, the median of the per-round ratios with their range, and the
/// ratio of the best rounds.
fn versus_bare(
    label: &str,
    mut ours: impl FnMut(&mut [u8]),
    bare_label: &str,
    mut bare: impl FnMut(&mut [u8]),
) {
    let mut buf = vec![0u8; BUFFER];
    for _ in 0..3 {
        ours(&mut buf);
        bare(&mut buf);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let time = |f: &mut dyn FnMut(&mut [u8]), buf: &mut [u8]| {
            let start = Instant::now();
            f(buf);
            black_box(&buf[..]);
            start.elapsed()
        };
        if round % 2 == 0 {
            a.push(time(&mut ours, &mut buf));
            b.push(time(&mut bare, &mut buf));
        } else {
            b.push(time(&mut bare, &mut buf));
            a.push(time(&mut ours, &mut buf));
        }
    }
    let ratios = a
        .iter()
        .zip(&b)
        .map(|(a, b)| b.as_secs_f64() / a.as_secs_f64());
    let (ratio, low, high) = spread(ratios.collect());
    let (best_ours, best_bare) = (mb_per_s(BUFFER, best(&a)), mb_per_s(BUFFER, best(&b)));
    let (ours, bare) = (mb_per_s(BUFFER, median(a)), mb_per_s(BUFFER, median(b)));
    println!(
        "{label:<34} {ours:8.1} MB/s   {bare_label:<34} {bare:8.1} MB/s   ratio {ratio:.2}x \
         (range {low:.2}-{high:.2}; best rounds: {best_ours:.1} / {best_bare:.1} MB/s, {:.2}x)",
        best_ours / best_bare
    );
}

/// Median time of one call of `f`, over rounds of 10,000 calls.
fn latency(label: &str, mut f: impl FnMut()) {
    let mut samples = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for _ in 0..10_000 {
            f();
        }
        samples.push(start.elapsed() / 10_000);
    }
    println!(
        "{label:<34} {:8.0} ns per call (best round: {} ns)",
        median(samples.clone()).as_nanos(),
        best(&samples).as_nanos()
    );
}

/// A config file selecting OpenSSL 3's DRBG `drbg` (`HASH-DRBG`,
/// `HMAC-DRBG`) on `digest` in its `[random]` section, created new (never
/// over an existing file) and removed on drop.
struct OpensslConfig(PathBuf);

impl OpensslConfig {
    fn new(drbg: &str, digest: &str) -> Option<Self> {
        let path = std::env::temp_dir().join(format!(
            "secrets-throughput-{}-{drbg}-{digest}.cnf",
            std::process::id()
        ));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .ok()?;
        let config = OpensslConfig(path);
        write!(
            file,
            "openssl_conf = openssl_init\n\n[openssl_init]\nrandom = random\n\n\
             [random]\nrandom = {drbg}\ndigest = {digest}\n"
        )
        .ok()?;
        Some(config)
    }

    /// Times `openssl rand -out /dev/null BYTES` under this config.
    fn run(&self, bytes: usize) -> Option<Duration> {
        let start = Instant::now();
        let status = Command::new("openssl")
            .args(["rand", "-out", "/dev/null", &bytes.to_string()])
            .env("OPENSSL_CONF", &self.0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| start.elapsed())
    }
}

impl Drop for OpensslConfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Our generator against OpenSSL 3's DRBG `drbg` on `digest` through
/// `openssl rand -out /dev/null` (OPENSSL_CONF pointing at a config file
/// whose `[random]` section selects it), 64 MiB per sample each, in
/// alternating order, OpenSSL's start-up (the median of runs for one byte)
/// subtracted from its times; prints both medians in MB/s, the median of
/// the per-round ratios with their range, and the ratio of the best rounds.
fn versus_openssl(label: &str, mut ours: impl FnMut(&mut [u8]), drbg: &str, digest: &str) {
    const BYTES: usize = 64 << 20;
    const ROUNDS: usize = 9;
    let Some(config) = OpensslConfig::new(drbg, digest) else {
        println!("{label:<34} cannot write an OpenSSL config file");
        return;
    };
    let mut startups = Vec::new();
    for _ in 0..5 {
        let Some(startup) = config.run(1) else {
            println!("{label:<34} openssl rand with {drbg}/{digest}: not available");
            return;
        };
        startups.push(startup);
    }
    let startup = median(startups);
    let mut buf = vec![0u8; BUFFER];
    let mut time_ours = || {
        let start = Instant::now();
        for _ in 0..BYTES / BUFFER {
            ours(&mut buf);
            black_box(&buf[..]);
        }
        start.elapsed()
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let theirs = || config.run(BYTES).map(|t| t.saturating_sub(startup));
        let pair = if round % 2 == 0 {
            let theirs = theirs();
            (time_ours(), theirs)
        } else {
            let ours = time_ours();
            (ours, theirs())
        };
        let (ours, Some(theirs)) = pair else {
            println!("{label:<34} openssl rand with {drbg}/{digest} failed");
            return;
        };
        a.push(ours);
        b.push(theirs);
    }
    let ratios = a
        .iter()
        .zip(&b)
        .map(|(a, b)| b.as_secs_f64() / a.as_secs_f64());
    let (ratio, low, high) = spread(ratios.collect());
    let (best_ours, best_theirs) = (mb_per_s(BYTES, best(&a)), mb_per_s(BYTES, best(&b)));
    let (ours, theirs) = (mb_per_s(BYTES, median(a)), mb_per_s(BYTES, median(b)));
    println!(
        "{label:<34} {ours:8.1} MB/s   openssl rand {drbg} {digest:<10} {theirs:8.1} MB/s   \
         ratio {ratio:.2}x (range {low:.2}-{high:.2}; best rounds: {best_ours:.1} / \
         {best_theirs:.1} MB/s, {:.2}x; start-up {:.1} ms subtracted)",
        best_ours / best_theirs,
        startup.as_secs_f64() * 1e3,
    );
}

/// A generator filling a buffer (ours: by Generate calls of at most 64 KiB).
pub type Fill = Box<dyn FnMut(&mut [u8])>;

/// One hash function's contest.
pub struct Case {
    /// Our backend's name (`"hash-drbg-sha256"`).
    pub label: &'static str,
    /// OpenSSL's name of the digest (`"SHA256"`).
    pub digest: &'static str,
    /// What the bare loop is.
    pub bare_label: &'static str,
    /// A fresh instance of ours.
    pub ours: fn() -> Fill,
    /// A fresh bare loop.
    pub bare: fn() -> Fill,
}

/// For each case: ours against the bare loop and against OpenSSL's
/// `openssl_drbg`, then the latency of one 32-byte Generate call.
///
/// With arguments `--once LABEL ours|bare BYTES`, instead fills BYTES once
/// with that generator of the case LABEL, untimed: for instruction counts
/// under `valgrind --tool=callgrind`, where timing is too noisy.
pub fn run(openssl_drbg: &str, cases: &[Case]) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, label, which, bytes] = &args[..]
        && flag == "--once"
    {
        let case = cases
            .iter()
            .find(|c| c.label == label)
            .expect("a case label");
        let mut fill = if which == "bare" {
            (case.bare)()
        } else {
            (case.ours)()
        };
        let mut buf = vec![0u8; bytes.parse().expect("a byte count")];
        fill(&mut buf);
        black_box(&buf);
        return;
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average: {}", load.trim());
    for case in cases {
        let label = format!("{} Generate", case.label);
        versus_bare(&label, (case.ours)(), case.bare_label, (case.bare)());
    }
    for case in cases {
        let label = format!("{} Generate", case.label);
        versus_openssl(&label, (case.ours)(), openssl_drbg, case.digest);
    }
    for case in cases {
        let mut ours = (case.ours)();
        let mut out = [0u8; 32];
        latency(&format!("{} Generate(32 B)", case.label), || {
            ours(&mut out);
            black_box(&out);
        });
    }
}
