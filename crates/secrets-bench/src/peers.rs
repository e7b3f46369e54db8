//! Peers measured out of process: CPython's `secrets` (with `timeit`, in one
//! interpreter, so start-up is not counted) and `openssl rand` (a large
//! count, start-up subtracted), either OpenSSL's default DRBG or, through a
//! config file, its HASH-DRBG and HMAC-DRBG on the digest of one of ours
//! ([`OpensslDrbg`]), timed in interleaved rounds with that backend
//! ([`versus_openssl`]).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use secrets::Secrets;
use secrets::registry::{Baseline, Digest};

use crate::timing::Interleaved;
use crate::{Measurement, Operation, Spread};

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

/// The first line a program prints for `args` (its version), if it runs.
///
/// ```
/// // `cargo` is on the path of every build of this crate.
/// assert!(secrets_bench::peers::version("cargo", "--version").unwrap().starts_with("cargo"));
/// ```
pub fn version(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// CPython `secrets` timings per operation label, `repeats` samples each
/// (a tenth of `timeit`'s count when `quick`), or why not.
///
/// ```no_run
/// let rows = secrets_bench::peers::python(5, true)?;
/// assert_eq!(rows.len(), secrets_bench::Operation::ALL.len());
/// # Ok::<(), String>(())
/// ```
pub fn python(repeats: usize, quick: bool) -> Result<Vec<(String, Measurement)>, String> {
    let mut child = Command::new("python3")
        .args([
            "-c",
            PYTHON_SCRIPT,
            &repeats.to_string(),
            if quick { "10" } else { "1" },
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
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

/// One of OpenSSL 3's DRBGs, selected by the `[random]` section of a config
/// file: `random = HASH-DRBG` (or `HMAC-DRBG`), `digest = SHA256`.
///
/// ```
/// let drbg = secrets_bench::peers::OpensslDrbg { mechanism: "HMAC-DRBG", digest: "SHA256" };
/// assert_eq!(drbg.label(), "HMAC-DRBG SHA256");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpensslDrbg {
    /// OpenSSL's name of the mechanism: `HASH-DRBG` or `HMAC-DRBG`.
    pub mechanism: &'static str,
    /// OpenSSL's name of the digest: `SHA256` or `SHA512`.
    pub digest: &'static str,
}

impl OpensslDrbg {
    /// OpenSSL's DRBG of the same mechanism and digest as a backend whose
    /// baseline is `baseline` (Hashgen: HASH-DRBG; an HMAC chain:
    /// HMAC-DRBG); `None` for the other families.
    ///
    /// ```
    /// use secrets::BackendId;
    /// use secrets_bench::peers::OpensslDrbg;
    /// let drbg = OpensslDrbg::matching(BackendId::HmacDrbgSha512.baseline()).unwrap();
    /// assert_eq!((drbg.mechanism, drbg.digest), ("HMAC-DRBG", "SHA512"));
    /// assert_eq!(OpensslDrbg::matching(BackendId::ChaCha20.baseline()), None);
    /// ```
    pub fn matching(baseline: Baseline) -> Option<OpensslDrbg> {
        let (mechanism, digest) = match baseline {
            Baseline::Hashgen(digest) => ("HASH-DRBG", digest),
            Baseline::HmacChain(digest) => ("HMAC-DRBG", digest),
            _ => return None,
        };
        let digest = match digest {
            Digest::Sha256 => "SHA256",
            Digest::Sha512 => "SHA512",
        };
        Some(OpensslDrbg { mechanism, digest })
    }

    /// `HASH-DRBG SHA256`.
    ///
    /// ```
    /// let drbg = secrets_bench::peers::OpensslDrbg { mechanism: "HASH-DRBG", digest: "SHA256" };
    /// assert_eq!(drbg.label(), "HASH-DRBG SHA256");
    /// ```
    pub fn label(&self) -> String {
        format!("{} {}", self.mechanism, self.digest)
    }
}

/// `openssl rand`, with OpenSSL's default DRBG or with one chosen by a config
/// file (created new, never over an existing file, and removed on drop).
struct OpensslRand {
    config: Option<PathBuf>,
}

impl OpensslRand {
    fn new(drbg: Option<OpensslDrbg>) -> Result<OpensslRand, String> {
        let Some(drbg) = drbg else {
            return Ok(OpensslRand { config: None });
        };
        let path = std::env::temp_dir().join(format!(
            "secrets-bench-{}-{}-{}.cnf",
            std::process::id(),
            drbg.mechanism,
            drbg.digest
        ));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let this = OpensslRand { config: Some(path) };
        write!(
            file,
            "openssl_conf = openssl_init\n\n[openssl_init]\nrandom = random_sect\n\n\
             [random_sect]\nrandom = {}\ndigest = {}\n",
            drbg.mechanism, drbg.digest
        )
        .map_err(|e| e.to_string())?;
        Ok(this)
    }

    /// Seconds one `openssl rand -out /dev/null BYTES` takes.
    fn time(&self, bytes: u64) -> Result<f64, String> {
        let mut command = Command::new("openssl");
        command.args(["rand", "-out", "/dev/null", &bytes.to_string()]);
        if let Some(config) = &self.config {
            command.env("OPENSSL_CONF", config);
        }
        let start = Instant::now();
        let output = command
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("openssl not runnable: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "openssl rand exited with {}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(start.elapsed().as_secs_f64())
    }

    /// The median time of `repeats` runs for one byte: start-up.
    fn startup(&self, repeats: usize) -> Result<f64, String> {
        let mut runs: Vec<f64> = (0..repeats.max(1))
            .map(|_| self.time(1))
            .collect::<Result<_, _>>()?;
        Ok(Spread::of(&mut runs).ok_or("no openssl runs")?.median)
    }

    /// Seconds for `bytes`, start-up subtracted.
    fn time_less(&self, bytes: u64, startup: f64) -> Result<f64, String> {
        Ok((self.time(bytes)? - startup).max(1e-6))
    }
}

impl Drop for OpensslRand {
    fn drop(&mut self) {
        if let Some(config) = &self.config {
            let _ = std::fs::remove_file(config);
        }
    }
}

/// `openssl rand` throughput (OpenSSL's default DRBG) in bytes per second
/// for `bytes` per run, over `repeats` runs, start-up time subtracted.
///
/// ```no_run
/// let rates = secrets_bench::peers::openssl_rand(32 << 20, 3)?;
/// assert!(rates.median > 0.0);
/// # Ok::<(), String>(())
/// ```
pub fn openssl_rand(bytes: u64, repeats: usize) -> Result<Spread, String> {
    let openssl = OpensslRand::new(None)?;
    let startup = openssl.startup(repeats)?;
    let mut rates: Vec<f64> = (0..repeats.max(1))
        .map(|_| openssl.time_less(bytes, startup).map(|t| bytes as f64 / t))
        .collect::<Result<_, _>>()?;
    Spread::of(&mut rates).ok_or_else(|| "no openssl runs".to_owned())
}

/// Our backend against OpenSSL's same DRBG, from one run
/// ([`versus_openssl`]).
///
/// ```no_run
/// use secrets_bench::peers::{OpensslDrbg, versus_openssl};
/// let drbg = OpensslDrbg { mechanism: "HMAC-DRBG", digest: "SHA512" };
/// let versus = versus_openssl("hmac-drbg-sha512", drbg, 16 << 20, 3)?;
/// println!("ours {:.0} B/s, OpenSSL {:.0} B/s", versus.ours_rate.median, versus.openssl_rate.median);
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Versus {
    /// What OpenSSL ran (`HASH-DRBG SHA256`).
    pub openssl: String,
    /// OpenSSL's throughput, bytes per second, start-up subtracted.
    pub openssl_rate: Spread,
    /// Ours, bytes per second (1 MiB requests through the facade).
    pub ours_rate: Spread,
    /// Per round, our speed over OpenSSL's (above 1: ours is faster).
    pub ratio: Spread,
    /// OpenSSL's start-up, seconds (subtracted from each of its runs).
    pub startup: f64,
}

/// The backend `name` against `openssl rand` with `drbg`, `bytes` each per
/// round over `rounds` interleaved rounds: OpenSSL writes `bytes` to
/// `/dev/null` (its start-up, the median of runs for one byte, subtracted),
/// ours fills the same amount in 1 MiB requests of a facade handle.
///
/// # Errors
/// OpenSSL missing or refusing the config, or our backend failing.
///
/// ```no_run
/// use secrets_bench::peers::{OpensslDrbg, versus_openssl};
/// let drbg = OpensslDrbg { mechanism: "HASH-DRBG", digest: "SHA256" };
/// let versus = versus_openssl("hash-drbg-sha256", drbg, 16 << 20, 3)?;
/// println!("{:.2}× OpenSSL", versus.ratio.median);
/// # Ok::<(), String>(())
/// ```
pub fn versus_openssl(
    name: &str,
    drbg: OpensslDrbg,
    bytes: u64,
    rounds: usize,
) -> Result<Versus, String> {
    const REQUEST: usize = 1 << 20;
    let openssl = OpensslRand::new(Some(drbg))?;
    let startup = openssl.startup(rounds.max(3))?;
    let mut ours = Secrets::from_name(name).map_err(|e| e.to_string())?;
    let mut buffer = vec![0u8; REQUEST];
    let mut failure = None;
    let timed = Interleaved::run(2, rounds, |candidate| {
        let seconds = if candidate == 0 {
            openssl.time_less(bytes, startup)
        } else {
            let start = Instant::now();
            (0..bytes.div_ceil(REQUEST as u64))
                .try_for_each(|_| ours.try_fill_bytes(&mut buffer))
                .map(|()| start.elapsed().as_secs_f64())
                .map_err(|e| format!("{name}: {e}"))
        };
        seconds.unwrap_or_else(|e| {
            failure.get_or_insert(e);
            f64::NAN
        })
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let rate = |candidate| {
        let mut rates: Vec<f64> = timed
            .samples(candidate)
            .iter()
            .map(|t| bytes as f64 / t)
            .collect();
        Spread::of(&mut rates).ok_or("no rounds")
    };
    Ok(Versus {
        openssl: drbg.label(),
        openssl_rate: rate(0)?,
        ours_rate: rate(1)?,
        ratio: timed.ratio(0, 1),
        startup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_selects_the_drbg_and_is_removed_on_drop() {
        let drbg = OpensslDrbg {
            mechanism: "HMAC-DRBG",
            digest: "SHA512",
        };
        let openssl = OpensslRand::new(Some(drbg)).expect("a config file in the temp dir");
        let path = openssl.config.clone().expect("a config file");
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(text.starts_with("openssl_conf = openssl_init\n"), "{text}");
        assert!(
            text.contains("[random_sect]\nrandom = HMAC-DRBG\ndigest = SHA512\n"),
            "{text}"
        );
        // A second one for the same DRBG would overwrite it: refused.
        assert!(OpensslRand::new(Some(drbg)).is_err());
        drop(openssl);
        assert!(!path.exists());
    }

    #[test]
    fn every_hash_based_backend_has_an_openssl_peer_and_no_other_does() {
        for id in secrets::BackendId::ALL {
            let peer = OpensslDrbg::matching(id.baseline());
            let hash_based =
                id.name().starts_with("hash-drbg") || id.name().starts_with("hmac-drbg");
            assert_eq!(peer.is_some(), hash_based, "{}", id.name());
            if let Some(peer) = peer {
                // hash-drbg-sha256 → HASH-DRBG SHA256
                let same = id.name().to_uppercase().replace("-DRBG-", "-DRBG ");
                assert_eq!(peer.label(), same);
            }
        }
    }
}
