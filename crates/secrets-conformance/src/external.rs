//! External batteries, fed the generator's stream on stdin when installed
//! (`apt-get install rng-tools5 dieharder ent`), skipped with a note
//! otherwise:
//!
//! - `rngtest` (rng-tools5): FIPS 140-2 on 20,000-bit blocks. A correct
//!   generator fails about 0.086% of blocks (86 in 100,000 measured from
//!   /dev/urandom here); we decide on the binomial tail of the failure count
//!   with a per-block rate of 0.1%.
//! - `dieharder -g 200 -d N`: a set of tests reading raw stdin; a test fails
//!   when dieharder assesses one of its P-values FAILED (P < 10^-6 or
//!   > 1 - 10^-6). WEAK is expected about 1% of the time and is not a failure.
//! - `ent -t`: byte chi-square, mean, Monte Carlo π and serial correlation,
//!   each turned into a P-value.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use rand_core::TryCryptoRng;

use crate::stats::Decision;
use crate::stats::special::{binomial_upper_tail, chi_square_upper_tail, erfc};
use crate::suite::{CheckResult, ExternalSize, confirmed, filler};

/// Bytes of one FIPS 140-2 block.
const FIPS_BLOCK_BYTES: u64 = 2_500;
/// Upper bound of the FIPS 140-2 block failure rate of a correct generator.
const FIPS_FALSE_FAILURE_RATE: f64 = 1e-3;
/// dieharder tests of the full run (numbers of `dieharder -l`), chosen among
/// those rated "Good" and taking seconds, not minutes. Not 15
/// (`diehard_runs`): on `/dev/urandom` its final P-values pile up near 1
/// (0.99999 in 2 of 30 runs of `-p 10`), so dieharder calls a perfect source
/// FAILED often enough to make CI flaky.
const DIEHARDER_FULL: [u32; 9] = [0, 2, 3, 4, 8, 100, 101, 203, 205];
/// dieharder tests of `--quick`, with dieharder's default 100 P-values each
/// (fewer make its Kolmogorov–Smirnov P-values lean towards 1; a few MB of
/// input together, so even RDSEED takes about a second).
const DIEHARDER_QUICK: [u32; 2] = [100, 101];
/// The most a tool reading "until it has enough" may take from us.
const STREAM_CAP: u64 = 8 << 30;

/// Whether `tool` is an executable on `PATH`.
///
/// ```
/// assert!(secrets_conformance::installed("sh"));
/// ```
pub fn installed(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let path = dir.join(tool);
            path.metadata().is_ok_and(|m| {
                m.is_file()
                    && std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
            })
        })
    })
}

/// The output of a tool that read our stream.
struct ToolOutput {
    stdout: String,
    stderr: String,
    bytes_sent: u64,
}

/// Runs `program args`, writing the generator's stream to its stdin until
/// `limit` bytes or until it closes the pipe, and collects its output.
fn feed(
    program: &str,
    args: &[&str],
    fill: &mut dyn FnMut(&mut [u8]) -> Result<(), String>,
    limit: u64,
) -> Result<ToolOutput, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Read both outputs on their own threads so the child never blocks on a
    // full pipe while we block writing its input.
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut buffer = vec![0u8; 64 << 10];
    let mut sent = 0u64;
    let mut generator_error = None;
    while sent < limit {
        let n = (limit - sent).min(buffer.len() as u64) as usize;
        if let Err(e) = fill(&mut buffer[..n]) {
            generator_error = Some(e);
            break;
        }
        if stdin.write_all(&buffer[..n]).is_err() {
            break; // the tool has read what it needed and exited
        }
        sent += n as u64;
    }
    drop(stdin);
    let status = child.wait().map_err(|e| format!("{program}: {e}"))?;
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    if let Some(e) = generator_error {
        return Err(format!("generator failed while feeding {program}: {e}"));
    }
    // rngtest exits 1 when any block failed, which is normal; only a signal
    // death or an empty output is an error of the tool itself.
    if status.code().is_none() {
        return Err(format!("{program} was killed: {status}"));
    }
    Ok(ToolOutput {
        stdout,
        stderr,
        bytes_sent: sent,
    })
}

/// Runs every installed external battery on fresh generators.
pub(crate) fn run_all<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
    size: ExternalSize,
) -> Vec<CheckResult> {
    let quick = size == ExternalSize::Quick;
    vec![
        confirmed(&|| rngtest(make_rng, quick)),
        confirmed(&|| dieharder(make_rng, quick)),
        confirmed(&|| ent(make_rng, quick)),
    ]
}

fn rngtest<R: TryCryptoRng>(make_rng: &dyn Fn() -> Result<R, String>, quick: bool) -> CheckResult {
    if !installed("rngtest") {
        return CheckResult::skip(
            "rngtest",
            "rngtest not installed (apt-get install rng-tools5)",
        );
    }
    let blocks: u64 = if quick { 2_000 } else { 20_000 };
    let result = filler(make_rng).and_then(|mut fill| {
        // rngtest keeps the first 32 bits for its continuous test.
        let out = feed(
            "rngtest",
            &["-c", &blocks.to_string()],
            &mut fill,
            blocks * FIPS_BLOCK_BYTES + 64,
        )?;
        let field = |label: &str| -> Result<u64, String> {
            out.stderr
                .lines()
                .find_map(|l| l.split_once(label).map(|(_, v)| v.trim().to_owned()))
                .ok_or_else(|| format!("rngtest printed no `{label}` line:\n{}", out.stderr))?
                .parse()
                .map_err(|e| format!("rngtest `{label}`: {e}"))
        };
        let successes = field("FIPS 140-2 successes:")?;
        let failures = field("FIPS 140-2 failures:")?;
        let tested = successes + failures;
        if tested < blocks {
            return Err(format!("rngtest tested {tested} blocks of {blocks}"));
        }
        let p = binomial_upper_tail(tested, FIPS_FALSE_FAILURE_RATE, failures);
        Ok(vec![Decision::from_p_value(
            "FIPS 140-2 failure count",
            p,
            format!(
                "{failures} of {tested} blocks failed (expected ≤ {:.1}); binomial tail P = {p:.3e}",
                tested as f64 * FIPS_FALSE_FAILURE_RATE
            ),
        )])
    });
    CheckResult::from_result("rngtest", result)
}

fn dieharder<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
    quick: bool,
) -> CheckResult {
    if !installed("dieharder") {
        return CheckResult::skip(
            "dieharder",
            "dieharder not installed (apt-get install dieharder)",
        );
    }
    let tests: &[u32] = if quick {
        &DIEHARDER_QUICK
    } else {
        &DIEHARDER_FULL
    };
    let mut decisions = Vec::new();
    for &test in tests {
        let test_arg = test.to_string();
        let args = ["-g", "200", "-d", &test_arg];
        let result =
            filler(make_rng).and_then(|mut fill| feed("dieharder", &args, &mut fill, STREAM_CAP));
        let out = match result {
            Ok(out) => out,
            Err(e) => return CheckResult::error("dieharder", e),
        };
        // Result lines: "   name|ntup| tsamples |psamples|  p-value |Assessment".
        let mut rows = 0;
        for line in out.stdout.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 6 || !matches!(cells[5], "PASSED" | "WEAK" | "FAILED") {
                continue;
            }
            rows += 1;
            let p: f64 = cells[4].parse().unwrap_or(f64::NAN);
            decisions.push(Decision {
                name: format!("dieharder -d {test} {} (ntup {})", cells[0], cells[1]),
                passed: cells[5] != "FAILED",
                p_value: p,
                detail: format!("P = {p}, {}; {} MiB read", cells[5], out.bytes_sent >> 20),
                may_fail_by_chance: true,
            });
        }
        if rows == 0 {
            return CheckResult::error(
                "dieharder",
                format!(
                    "dieharder -d {test} printed no result:\n{}{}",
                    out.stdout, out.stderr
                ),
            );
        }
    }
    CheckResult::from_decisions("dieharder", decisions)
}

/// Two-sided normal P-value of a z-score.
fn two_sided(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

fn ent<R: TryCryptoRng>(make_rng: &dyn Fn() -> Result<R, String>, quick: bool) -> CheckResult {
    if !installed("ent") {
        return CheckResult::skip("ent", "ent not installed (apt-get install ent)");
    }
    let bytes: u64 = if quick { 1 << 20 } else { 16 << 20 };
    let result = filler(make_rng).and_then(|mut fill| {
        let out = feed("ent", &["-t"], &mut fill, bytes)?;
        parse_ent(&out.stdout, bytes)
    });
    CheckResult::from_result("ent", result)
}

/// Turns `ent -t` output into decisions.
fn parse_ent(stdout: &str, bytes: u64) -> Result<Vec<Decision>, String> {
    // 0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
    let row = stdout
        .lines()
        .find(|l| l.starts_with("1,"))
        .ok_or_else(|| format!("unexpected ent output: {stdout}"))?;
    let cells: Vec<f64> = row
        .split(',')
        .map(|c| {
            c.trim()
                .parse::<f64>()
                .map_err(|e| format!("ent `{c}`: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let [_, file_bytes, entropy, chi_square, mean, pi, serial] = cells[..] else {
        return Err(format!("unexpected ent row: {row}"));
    };
    if file_bytes as u64 != bytes {
        return Err(format!("ent read {file_bytes} bytes of {bytes}"));
    }
    let n = file_bytes;
    let mut d = Vec::new();
    let p = chi_square_upper_tail(chi_square, 255.0);
    // A chi-square too small (too uniform) is as suspicious as too large.
    let p_two_sided = (2.0 * p.min(1.0 - p)).min(1.0);
    d.push(Decision::from_p_value(
        "ent byte chi-square",
        p_two_sided,
        format!("chi-square {chi_square} (255 dof), entropy {entropy} bits/byte; two-sided P = {p_two_sided:.3e}"),
    ));
    // Mean of uniform bytes: 127.5 with standard deviation sqrt((256²-1)/12).
    let sd = ((256.0f64 * 256.0 - 1.0) / 12.0).sqrt() / n.sqrt();
    let p = two_sided((mean - 127.5) / sd);
    d.push(Decision::from_p_value(
        "ent arithmetic mean",
        p,
        format!("mean {mean} (expected 127.5 ± {sd:.4}); P = {p:.3e}"),
    ));
    // Monte Carlo π: ent uses 6 bytes per point (24-bit x and y); a point is
    // inside with probability π/4 (up to the 2^-24 grid).
    let points = (n / 6.0).floor();
    let inside = std::f64::consts::FRAC_PI_4;
    let sd = 4.0 * (inside * (1.0 - inside) / points).sqrt();
    let p = two_sided((pi - std::f64::consts::PI) / sd);
    d.push(Decision::from_p_value(
        "ent Monte Carlo π",
        p,
        format!("π ≈ {pi} (± {sd:.5}); P = {p:.3e}"),
    ));
    // Serial correlation of successive bytes: about N(0, 1/N) for a correct
    // generator.
    let p = two_sided(serial * n.sqrt());
    d.push(Decision::from_p_value(
        "ent serial correlation",
        p,
        format!("{serial} (± {:.6}); P = {p:.3e}", 1.0 / n.sqrt()),
    ));
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ent_output_and_flags_a_bad_mean() {
        let good = "0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation\n\
                    1,1048576,7.999829,248.901367,127.530521,3.140655,0.000391\n";
        let d = parse_ent(good, 1 << 20).unwrap();
        assert_eq!(d.len(), 4);
        assert!(d.iter().all(|d| d.passed), "{d:#?}");
        let bad = "1,1048576,7.9,248.9,126.0,3.140655,0.000391\n";
        let d = parse_ent(bad, 1 << 20).unwrap();
        assert!(!d[1].passed, "{d:#?}");
        assert!(parse_ent("garbage", 1).is_err());
    }

    #[test]
    fn finds_tools_on_path() {
        assert!(installed("sh"));
        assert!(!installed("surely-not-an-installed-tool"));
    }
}
