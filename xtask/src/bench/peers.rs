//! Peers measured out of process: CPython's `secrets` (with `timeit`, in one
//! interpreter, so start-up is not counted) and `openssl rand` (a large
//! count, start-up subtracted).

use std::process::Command;
use std::time::Instant;

use secrets_bench::{Measurement, Operation, Spread};

/// The CPython statement of each of our operations.
fn python_statement(op: Operation) -> &'static str {
    match op {
        Operation::TokenHex16 => "secrets.token_hex(16)",
        Operation::TokenUrlsafe32 => "secrets.token_urlsafe(32)",
        Operation::Randbelow1e6 => "secrets.randbelow(10**6)",
        Operation::Password16 => "''.join(secrets.choice(alphabet) for _ in range(16))",
        Operation::RandbelowBig => "secrets.randbelow(big)",
    }
}

/// `timeit` in one interpreter: autorange picks the count for ~0.2 s, we
/// divide it by `scale` in quick mode, then take `repeats` samples.
const PYTHON_SCRIPT: &str = r#"
import secrets, string, sys, timeit
repeats, scale = int(sys.argv[1]), int(sys.argv[2])
alphabet = string.ascii_letters + string.digits + string.punctuation
big = 2**2048 - 159
env = {"secrets": secrets, "alphabet": alphabet, "big": big}
for line in sys.stdin:
    label, stmt = line.rstrip("\n").split("\t")
    timer = timeit.Timer(stmt, globals=env)
    number, _ = timer.autorange()
    number = max(1, number // scale)
    samples = timer.repeat(repeat=repeats, number=number)
    print(label, number, *(s / number * 1e9 for s in samples), sep="\t", flush=True)
"#;

/// The Python version string, if `python3` runs.
pub fn python_version() -> Option<String> {
    let out = Command::new("python3").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// CPython `secrets` timings per operation label, or why not.
pub fn python(repeats: usize, quick: bool) -> Result<Vec<(String, Measurement)>, String> {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args([
            "-c",
            PYTHON_SCRIPT,
            &repeats.to_string(),
            if quick { "10" } else { "1" },
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3 not runnable: {e}"))?;
    {
        let mut stdin = child.stdin.take().expect("piped stdin");
        for op in Operation::ALL {
            let (label, stmt) = (op.label(), python_statement(op));
            writeln!(stdin, "{label}\t{stmt}").map_err(|e| e.to_string())?;
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("python3 exited with {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut results = Vec::new();
    for line in text.lines() {
        let mut cells = line.split('\t');
        let label = cells.next().unwrap_or_default().to_owned();
        let batch: u64 = cells.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let mut samples: Vec<f64> = cells.filter_map(|c| c.parse().ok()).collect();
        let measurement = Measurement::from_samples(&mut samples, batch, 1)
            .ok_or_else(|| format!("unexpected python output: {line}"))?;
        results.push((label, measurement));
    }
    Ok(results)
}

/// The OpenSSL version string, if `openssl` runs.
pub fn openssl_version() -> Option<String> {
    let out = Command::new("openssl").arg("version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn time_openssl(bytes: u64) -> Result<f64, String> {
    let start = Instant::now();
    let status = Command::new("openssl")
        .args(["rand", "-out", "/dev/null", &bytes.to_string()])
        .status()
        .map_err(|e| format!("openssl not runnable: {e}"))?;
    if !status.success() {
        return Err(format!("openssl rand exited with {status}"));
    }
    Ok(start.elapsed().as_secs_f64())
}

/// `openssl rand` throughput in bytes per second for `bytes` per run
/// (median, min, max over `repeats`), start-up time subtracted.
pub fn openssl_rand(bytes: u64, repeats: usize) -> Result<(f64, f64, f64), String> {
    let mut startup: Vec<f64> = (0..repeats.max(1))
        .map(|_| time_openssl(1))
        .collect::<Result<_, _>>()?;
    let startup = Spread::of(&mut startup).ok_or("no openssl runs")?.median;
    let mut rates: Vec<f64> = (0..repeats.max(1))
        .map(|_| time_openssl(bytes).map(|t| bytes as f64 / (t - startup).max(1e-6)))
        .collect::<Result<_, _>>()?;
    let rates = Spread::of(&mut rates).ok_or("no openssl runs")?;
    Ok((rates.median, rates.min, rates.max))
}
