//! `cargo xtask ct [--samples N] [--quick]`: a dudect-style constant-time test
//! of `secrets::compare_digest` (Reparaz, Balasch, Verbauwhede, "Dude, is my
//! code constant time?", 2017).
//!
//! Two input classes are timed in random interleaving: class 0 compares a
//! secret against an equal copy, class 1 against a random string that
//! differs from it in the first byte. Both operands sit at the same two
//! addresses for every measurement (the input is copied into a scratch
//! buffer first, untimed), so only the contents differ between classes. A
//! comparison that leaks where the first difference is runs faster on
//! class 1. For each
//! class the timings are summarized online (Welford), and Welch's t-statistic
//! is computed on the raw samples and on samples cropped at several upper
//! percentiles (dudect's pre-processing, which removes interrupts and other
//! heavy-tailed noise). |t| > 4.5 on any of them is a leak, as dudect decides.
//!
//! The same test is run on a naive `==` so that the test is seen to fail on
//! leaky code: an honest test must be able to fail.

use std::hint::black_box;
use std::time::Instant;

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// dudect's threshold: |t| above this means "definitely not constant time".
const T_THRESHOLD: f64 = 4.5;
/// Calls timed per measurement, to lift each measurement well above the
/// timer's resolution.
const CALLS_PER_SAMPLE: u32 = 8;
/// Upper percentiles at which samples are cropped, as in dudect.
const CROP_PERCENTILES: [f64; 5] = [1.0, 0.99, 0.95, 0.9, 0.75];

/// Welford's online mean and variance.
#[derive(Clone, Copy, Default)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let delta = x - self.mean;
        self.mean += delta / self.n;
        self.m2 += delta * (x - self.mean);
    }
    fn variance(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            self.m2 / (self.n - 1.0)
        }
    }
}

/// Welch's t-statistic between two samples.
fn welch_t(a: &Moments, b: &Moments) -> f64 {
    let se = (a.variance() / a.n + b.variance() / b.n).sqrt();
    if se == 0.0 {
        0.0
    } else {
        (a.mean - b.mean) / se
    }
}

/// The result of one dudect run.
pub struct CtReport {
    /// What was measured.
    pub label: String,
    /// Timed measurements (each of `CALLS_PER_SAMPLE` calls).
    pub samples: usize,
    /// The largest |t| over the crop levels.
    pub max_abs_t: f64,
    /// Per crop level: (percentile, t).
    pub per_crop: Vec<(f64, f64)>,
}

impl CtReport {
    /// Whether the comparison looks constant time (|t| below the threshold).
    pub fn constant_time(&self) -> bool {
        self.max_abs_t < T_THRESHOLD
    }
}

/// Times `compare` on the two classes and returns the t-statistics.
///
/// Both operands live at fixed addresses: before each measurement (outside
/// the timed region) the class's input is copied into one scratch buffer,
/// so both classes read the same, equally hot memory and only the *contents*
/// differ. (An earlier version compared class 1 in place from a 64-entry
/// pool and class 0 from one hot buffer; the cache difference alone gave
/// |t| up to 80 for the constant-time comparison.)
pub fn dudect(
    label: &str,
    len: usize,
    samples: usize,
    compare: impl Fn(&[u8], &[u8]) -> bool,
) -> CtReport {
    let mut rng = ChaCha8Rng::seed_from_u64(0xc0ffee ^ len as u64);
    let mut secret = vec![0u8; len];
    rng.fill_bytes(&mut secret);
    // One pool per class, of the same shape, so that the untimed copy into
    // the scratch buffer costs the same for both classes: class 0 holds
    // copies of the secret; class 1 random strings that differ from it in
    // the first byte, deterministically (a random string would agree there
    // once in 256 draws and dilute an early-exit leak).
    let pool_len = 64;
    let mut pools = [secret.repeat(pool_len), vec![0u8; len * pool_len]];
    rng.fill_bytes(&mut pools[1]);
    for entry in pools[1].chunks_exact_mut(len) {
        if entry[0] == secret[0] {
            entry[0] ^= 0x80;
        }
    }
    let mut scratch = vec![0u8; len];

    let mut timings: [Vec<f64>; 2] = [Vec::with_capacity(samples / 2 + 1), Vec::new()];
    timings[1].reserve(samples / 2 + 1);
    // Warm-up so caches and frequency settle before we record.
    for i in 0..10_000 {
        scratch.copy_from_slice(&pools[i & 1][(i % pool_len) * len..][..len]);
        black_box(compare(black_box(&secret), black_box(&scratch)));
    }
    for i in 0..samples {
        let class = (rng.next_u32() & 1) as usize;
        // No branch on the class: the same code runs for both, only the
        // source address of the copy differs.
        scratch.copy_from_slice(&pools[class][(i % pool_len) * len..][..len]);
        black_box(&mut scratch);
        let start = Instant::now();
        for _ in 0..CALLS_PER_SAMPLE {
            black_box(compare(black_box(&secret), black_box(&scratch)));
        }
        timings[class].push(start.elapsed().as_nanos() as f64);
    }

    // Crop thresholds come from the pooled distribution, as in dudect.
    let mut pooled: Vec<f64> = timings.iter().flatten().copied().collect();
    pooled.sort_by(|a, b| a.total_cmp(b));
    let mut per_crop = Vec::new();
    for &p in &CROP_PERCENTILES {
        let index = ((pooled.len() as f64 - 1.0) * p) as usize;
        let cutoff = pooled[index];
        let mut moments = [Moments::default(); 2];
        for class in 0..2 {
            for &t in timings[class].iter().filter(|&&t| t <= cutoff) {
                moments[class].push(t);
            }
        }
        per_crop.push((p, welch_t(&moments[0], &moments[1])));
    }
    let max_abs_t = per_crop.iter().map(|&(_, t)| t.abs()).fold(0.0, f64::max);
    CtReport {
        label: label.to_string(),
        samples,
        max_abs_t,
        per_crop,
    }
}

/// A comparison that returns at the first difference, like `==` on slices.
fn naive_eq(a: &[u8], b: &[u8]) -> bool {
    a == b
}

fn print_report(report: &CtReport, expect_constant: bool) {
    let verdict = match (report.constant_time(), expect_constant) {
        (true, true) => "PASS (constant time)",
        (false, false) => "PASS (leak detected, as expected)",
        (true, false) => "FAIL (the test did not detect a known leak)",
        (false, true) => "FAIL (timing depends on the data)",
    };
    let crops: Vec<String> = report
        .per_crop
        .iter()
        .map(|(p, t)| format!("p{:.0}:{t:+.2}", p * 100.0))
        .collect();
    println!(
        "{:<32} samples={:>9} max|t|={:>8.2}  [{}]  {verdict}",
        report.label,
        report.samples,
        report.max_abs_t,
        crops.join(" ")
    );
}

/// Arguments of `cargo xtask ct`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Measurements per case (default 1,000,000; 200,000 with --quick).
    #[arg(long, value_name = "N")]
    samples: Option<usize>,
    /// 200,000 measurements per case.
    #[arg(long)]
    quick: bool,
}

/// Entry point of `cargo xtask ct`.
pub fn main(args: Args) -> Result<(), String> {
    let samples = match (args.samples, args.quick) {
        (Some(samples), _) => samples,
        (None, true) => 200_000,
        (None, false) => 1_000_000,
    };
    println!(
        "dudect: Welch's t-test, {samples} measurements of {CALLS_PER_SAMPLE} calls per case, threshold |t| < {T_THRESHOLD}"
    );
    let mut ok = true;
    // Ours must look constant time; the naive `==` must be caught.
    let compare_digest: fn(&[u8], &[u8]) -> bool = |a, b| secrets::compare_digest(a, b);
    let cases = [
        ("compare_digest", compare_digest, true),
        ("naive ==", naive_eq, false),
    ];
    for len in [32usize, 1024] {
        for (name, compare, expect_constant) in cases {
            let report = dudect(&format!("{name}, {len} bytes"), len, samples, compare);
            print_report(&report, expect_constant);
            ok &= report.constant_time() == expect_constant;
        }
    }
    if ok {
        Ok(())
    } else {
        Err("constant-time test failed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_t_separates_shifted_samples() {
        let mut a = Moments::default();
        let mut b = Moments::default();
        for i in 0..1000 {
            a.push(f64::from(i % 10));
            b.push(f64::from(i % 10) + 1.0);
        }
        // Mean difference -1, variance 8.25 each, n = 1000: t = -1 / sqrt(2 * 8.25 / 1000) ≈ -7.8.
        let t = welch_t(&a, &b);
        assert!((t + 7.785).abs() < 0.01, "{t}");
        assert_eq!(welch_t(&a, &a), 0.0);
    }

    #[test]
    fn moments_match_two_pass_variance() {
        let data = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut m = Moments::default();
        data.iter().for_each(|&x| m.push(x));
        assert!((m.mean - 5.0).abs() < 1e-12);
        assert!((m.variance() - 32.0 / 7.0).abs() < 1e-12);
    }
}
