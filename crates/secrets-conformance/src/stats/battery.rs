//! Runs the SP 800-22 tests and the byte chi-square over a generator's
//! output, cut into sub-sequences, and decides pass or fail.
//!
//! How a decision is taken (SP 800-22 section 4.2, with a stricter final
//! threshold so that a correct generator passes reliably):
//!
//! 1. The output is cut into `m` sub-sequences ([`BatteryConfig`]: 512 of
//!    2^20 bits for the full run, 64 of 2^19 bits with `--quick`, 64 of 2^17
//!    bits in a backend's `cargo test`). Every test gives one P-value per
//!    sub-sequence (two for serial and cumulative sums).
//! 2. **Proportion.** A sub-sequence fails a test when its P-value is below
//!    0.01. For a correct generator the number of failures is
//!    Binomial(m, 0.01); the decision's P-value is the exact binomial upper
//!    tail of the observed count.
//! 3. **Uniformity.** The P-values are binned into ten intervals and a
//!    chi-square test with 9 degrees of freedom checks them uniform (needs
//!    m ≥ 55, as the specification says).
//! 4. **Whole stream.** The frequency test and a byte chi-square (255 degrees
//!    of freedom) on all the output at once, which sees biases too small for
//!    one sub-sequence, and a check that no 16-byte block repeats.
//!
//! Each decision fails when its P-value is below
//! [`DECISION_ALPHA`] = 10^-6.

use std::collections::BTreeMap;

use super::sp800_22::{self, unpack_bits};
use super::special::{binomial_upper_tail, chi_square_upper_tail};
use super::uniformity::byte_chi_square;
use super::{DECISION_ALPHA, Decision};

/// A sub-sequence fails a test when its P-value is below this (SP 800-22's
/// recommended level).
pub const SEQUENCE_ALPHA: f64 = 0.01;
/// The P-value uniformity test needs at least this many sub-sequences.
pub const MIN_SEQUENCES_FOR_UNIFORMITY: usize = 55;

/// How much output the battery reads and how it cuts it.
#[derive(Clone, Copy, Debug)]
pub struct BatteryConfig {
    /// Bytes per sub-sequence.
    pub sequence_bytes: usize,
    /// Number of sub-sequences.
    pub sequences: usize,
    /// Bytes checked for repeated 16-byte blocks (from the start).
    pub distinct_block_bytes: usize,
}

impl BatteryConfig {
    /// 64 MiB in 512 sub-sequences of 2^20 bits.
    pub const FULL: BatteryConfig = BatteryConfig {
        sequence_bytes: 128 << 10,
        sequences: 512,
        distinct_block_bytes: 16 << 20,
    };
    /// 4 MiB in 64 sub-sequences of 2^19 bits.
    pub const QUICK: BatteryConfig = BatteryConfig {
        sequence_bytes: 64 << 10,
        sequences: 64,
        distinct_block_bytes: 4 << 20,
    };
    /// 1 MiB in 64 sub-sequences of 2^17 bits: small enough for a debug
    /// build's `cargo test`, large enough that every test of the battery
    /// runs with its proper parameters and the P-value uniformity test runs.
    pub const TEST: BatteryConfig = BatteryConfig {
        sequence_bytes: 16 << 10,
        sequences: 64,
        distinct_block_bytes: 1 << 20,
    };

    /// Total bytes read.
    pub fn total_bytes(&self) -> usize {
        self.sequence_bytes * self.sequences
    }

    /// Serial test block length: 16 (NIST's default) when the sequence is
    /// long enough for m < log2(n) - 2.
    fn serial_m(&self) -> usize {
        16.min(log2_floor(self.sequence_bytes * 8) - 3)
    }

    /// Approximate entropy block length: 10 (NIST's default) when the
    /// sequence is long enough for m < log2(n) - 5.
    fn apen_m(&self) -> usize {
        10.min(log2_floor(self.sequence_bytes * 8) - 6)
    }

    /// Block frequency block length: n/64 blocks, so M ≥ 20, M > n/100 and
    /// N < 100 as the specification recommends.
    fn block_len(&self) -> usize {
        (self.sequence_bytes * 8 / 64).max(20)
    }
}

fn log2_floor(n: usize) -> usize {
    (usize::BITS - 1 - n.leading_zeros()) as usize
}

/// The P-values of one test over all sub-sequences.
#[derive(Default)]
struct PValues(BTreeMap<&'static str, Vec<f64>>);

impl PValues {
    fn push(&mut self, test: &'static str, p: f64) {
        self.0.entry(test).or_default().push(p);
    }
}

/// Decision on the proportion of sub-sequences passing at [`SEQUENCE_ALPHA`].
pub fn proportion_decision(test: &str, pvalues: &[f64]) -> Decision {
    let m = pvalues.len() as u64;
    let failures = pvalues.iter().filter(|&&p| p < SEQUENCE_ALPHA).count() as u64;
    let tail = binomial_upper_tail(m, SEQUENCE_ALPHA, failures);
    Decision::from_p_value(
        format!("{test}: proportion"),
        tail,
        format!(
            "{failures} of {m} sub-sequences below {SEQUENCE_ALPHA} (expected {:.1}); binomial tail P = {tail:.3e}",
            m as f64 * SEQUENCE_ALPHA
        ),
    )
}

/// Decision on the uniformity of P-values (SP 800-22 4.2.2). `None` when
/// there are too few P-values for the test.
pub fn uniformity_decision(test: &str, pvalues: &[f64]) -> Option<Decision> {
    if pvalues.len() < MIN_SEQUENCES_FOR_UNIFORMITY {
        return None;
    }
    let mut bins = [0u64; 10];
    for &p in pvalues {
        bins[((p * 10.0) as usize).min(9)] += 1;
    }
    let expected = pvalues.len() as f64 / 10.0;
    let chi_square: f64 = bins
        .iter()
        .map(|&f| (f as f64 - expected).powi(2) / expected)
        .sum();
    let p_t = chi_square_upper_tail(chi_square, 9.0);
    Some(Decision::from_p_value(
        format!("{test}: P-value uniformity"),
        p_t,
        format!("deciles {bins:?}; chi-square {chi_square:.2} (9 dof), P_T = {p_t:.3e}"),
    ))
}

/// Runs the battery over `config.total_bytes()` bytes drawn through `fill`
/// (called once per sub-sequence). Returns every decision, or the
/// generator's error.
pub fn run_battery(
    fill: &mut dyn FnMut(&mut [u8]) -> Result<(), String>,
    config: &BatteryConfig,
) -> Result<Vec<Decision>, String> {
    let mut pvalues = PValues::default();
    let mut bytes = vec![0u8; config.sequence_bytes];
    let mut bits = Vec::with_capacity(config.sequence_bytes * 8);
    let mut byte_counts = [0u64; 256];
    let mut total_ones = 0u64;
    let mut blocks: Vec<u128> = Vec::new();
    let serial_m = config.serial_m();
    let apen_m = config.apen_m();
    let block_len = config.block_len();

    for index in 0..config.sequences {
        fill(&mut bytes)?;
        let mut sequence_counts = [0u64; 256];
        for &b in &bytes {
            sequence_counts[usize::from(b)] += 1;
        }
        for (total, &c) in byte_counts.iter_mut().zip(&sequence_counts) {
            *total += c;
        }
        total_ones += bytes.iter().map(|b| u64::from(b.count_ones())).sum::<u64>();
        if (index + 1) * config.sequence_bytes <= config.distinct_block_bytes {
            blocks.extend(
                bytes
                    .chunks_exact(16)
                    .map(|c| u128::from_le_bytes(c.try_into().expect("16 bytes"))),
            );
        }

        unpack_bits(&bytes, &mut bits);
        pvalues.push("frequency", sp800_22::frequency(&bits));
        pvalues.push(
            "block frequency",
            sp800_22::block_frequency(&bits, block_len),
        );
        pvalues.push("runs", sp800_22::runs(&bits));
        if let Some(p) = sp800_22::longest_run_of_ones(&bits) {
            pvalues.push("longest run of ones", p);
        }
        let (p1, p2) = sp800_22::serial(&bits, serial_m);
        pvalues.push("serial (P1)", p1);
        pvalues.push("serial (P2)", p2);
        pvalues.push(
            "approximate entropy",
            sp800_22::approximate_entropy(&bits, apen_m),
        );
        pvalues.push(
            "cumulative sums (forward)",
            sp800_22::cumulative_sums(&bits, true),
        );
        pvalues.push(
            "cumulative sums (backward)",
            sp800_22::cumulative_sums(&bits, false),
        );
        pvalues.push("byte chi-square", byte_chi_square(&sequence_counts).1);
    }

    let mut decisions = Vec::new();
    for (test, ps) in &pvalues.0 {
        decisions.push(proportion_decision(test, ps));
        if let Some(d) = uniformity_decision(test, ps) {
            decisions.push(d);
        }
    }

    // Whole stream: the frequency test on every bit, and the byte chi-square.
    let total_bits = (config.total_bytes() * 8) as f64;
    let s_obs = (2.0 * total_ones as f64 - total_bits).abs() / total_bits.sqrt();
    let p = super::special::erfc(s_obs / std::f64::consts::SQRT_2);
    decisions.push(Decision::from_p_value(
        "whole-stream frequency",
        p,
        format!(
            "{:.6}% ones in {} bits; P = {p:.3e}",
            100.0 * total_ones as f64 / total_bits,
            total_bits
        ),
    ));
    let (chi_square, p) = byte_chi_square(&byte_counts);
    decisions.push(Decision::from_p_value(
        "whole-stream byte chi-square",
        p,
        format!("chi-square {chi_square:.1} (255 dof); P = {p:.3e}"),
    ));
    decisions.push(distinct_blocks_decision(&mut blocks));
    Ok(decisions)
}

/// Repeated 16-byte blocks: for a correct generator a repeat among `k`
/// blocks has probability about k²/2^129 (< 10^-25 here), so one repeat is
/// a failure (a short period, a replayed state, a stuck source).
fn distinct_blocks_decision(blocks: &mut [u128]) -> Decision {
    blocks.sort_unstable();
    let repeats = blocks.windows(2).filter(|w| w[0] == w[1]).count();
    let k = blocks.len() as f64;
    let p_any_repeat = (k * k / 2f64.powi(129)).min(1.0);
    Decision {
        name: "no repeated 16-byte block".into(),
        passed: repeats == 0,
        p_value: if repeats == 0 { 1.0 } else { p_any_repeat },
        detail: format!(
            "{repeats} repeats among {} blocks (chance of any for a correct generator ≈ {p_any_repeat:.1e}, below {DECISION_ALPHA:e})",
            blocks.len()
        ),
        may_fail_by_chance: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::{Rng, SeedableRng};

    fn failures(decisions: &[Decision]) -> Vec<&str> {
        decisions
            .iter()
            .filter(|d| !d.passed)
            .map(|d| d.name.as_str())
            .collect()
    }

    fn battery_of(mut fill: impl FnMut(&mut [u8])) -> Vec<Decision> {
        run_battery(
            &mut |buf| {
                fill(buf);
                Ok(())
            },
            &BatteryConfig::TEST,
        )
        .expect("infallible source")
    }

    #[test]
    fn a_good_generator_passes() {
        // A fixed seed makes this deterministic: it cannot flake.
        let mut rng = ChaCha20Rng::from_seed([7; 32]);
        let decisions = battery_of(|buf| rng.fill_bytes(buf));
        assert!(decisions.len() >= 20, "{} decisions", decisions.len());
        assert!(failures(&decisions).is_empty(), "{decisions:#?}");
    }

    #[test]
    fn a_generator_with_51_percent_ones_fails() {
        let mut rng = ChaCha20Rng::from_seed([8; 32]);
        let decisions = battery_of(|buf| {
            for byte in buf.iter_mut() {
                let mut b = 0u8;
                for _ in 0..8 {
                    // One bit with P(1) = 0.51: compare a 16-bit draw.
                    let one = (rng.next_u32() & 0xffff) < (0.51 * 65536.0) as u32;
                    b = (b << 1) | u8::from(one);
                }
                *byte = b;
            }
        });
        let failed = failures(&decisions);
        assert!(failed.contains(&"frequency: proportion"), "{failed:?}");
        assert!(failed.contains(&"whole-stream frequency"), "{failed:?}");
    }

    #[test]
    fn a_short_period_fails() {
        // Good bytes, but the same 4 KiB block over and over.
        let mut rng = ChaCha20Rng::from_seed([9; 32]);
        let mut period = [0u8; 4096];
        rng.fill_bytes(&mut period);
        let decisions = battery_of(|buf| {
            for chunk in buf.chunks_mut(period.len()) {
                chunk.copy_from_slice(&period[..chunk.len()]);
            }
        });
        let failed = failures(&decisions);
        assert!(failed.contains(&"no repeated 16-byte block"), "{failed:?}");
        assert!(
            failed.contains(&"whole-stream byte chi-square"),
            "{failed:?}"
        );
        assert!(failed.len() >= 5, "{failed:?}");
    }

    #[test]
    fn a_counter_fails() {
        let mut counter = 0u64;
        let decisions = battery_of(|buf| {
            for chunk in buf.chunks_mut(8) {
                chunk.copy_from_slice(&counter.to_le_bytes()[..chunk.len()]);
                counter += 1;
            }
        });
        let failed = failures(&decisions);
        assert!(failed.contains(&"runs: proportion"), "{failed:?}");
        assert!(
            failed.contains(&"serial (P1): proportion")
                || failed.contains(&"serial (P2): proportion"),
            "{failed:?}"
        );
        assert!(failed.len() >= 8, "{failed:?}");
    }

    #[test]
    fn proportion_and_uniformity_decisions_can_fail() {
        let mostly_failing = vec![0.001; 100];
        assert!(!proportion_decision("t", &mostly_failing).passed);
        assert!(!uniformity_decision("t", &mostly_failing).unwrap().passed);
        let uniform: Vec<f64> = (0..100).map(|i| (f64::from(i) + 0.5) / 100.0).collect();
        assert!(proportion_decision("t", &uniform).passed);
        assert!(uniformity_decision("t", &uniform).unwrap().passed);
        assert!(uniformity_decision("t", &uniform[..50]).is_none());
    }
}
