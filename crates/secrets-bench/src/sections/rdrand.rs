//! RDRAND and RDSEED (`secrets-rdrand`), health tests included, against the
//! bare instruction loop with the same retries (`secrets_rdrand::baseline`:
//! the backend's own loop without the tests, the error state and the
//! zeroing, so the ratio is what distrust costs) and against the `rdrand`
//! crate. Target: backend ≥ 0.9× bare.

use rand_core::TryRng;
use secrets_rdrand::baseline::{fill_untested, rdrand_fill_untested, rdseed_fill_untested};
use secrets_rdrand::faults::Healthy;
use secrets_rdrand::{HealthTested, Instruction, RdRand, RdSeed};

use super::Effort;
use crate::compare::{Comparison, fill};

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let mut text = String::new();
    for size in [32, 4096, 1 << 20] {
        match (RdRand::new(), RdRand::new(), rdrand::RdRand::new()) {
            (Ok(mut bare), Ok(mut backend), Ok(mut theirs)) => {
                let mut c = Comparison::throughput("RDRAND", "backend ≥ 0.9× bare", size);
                c.add(
                    "bare loop (untested)",
                    fill(size, move |b| {
                        rdrand_fill_untested(&mut bare, b).expect("RDRAND")
                    }),
                );
                c.add(
                    "rdrand backend",
                    fill(size, move |b| backend.try_fill_bytes(b).expect("RDRAND")),
                );
                c.add(
                    "rdrand crate 0.9",
                    fill(size, move |b| theirs.try_fill_bytes(b).expect("RDRAND")),
                );
                text.push_str(&effort.run(c));
            }
            _ => text.push_str("RDRAND: not available on this CPU.\n"),
        }
        text.push('\n');
        match (RdSeed::new(), RdSeed::new(), rdrand::RdSeed::new()) {
            (Ok(mut bare), Ok(mut backend), Ok(mut theirs)) => {
                // RDSEED runs at megabytes per second: short samples.
                let slow = Effort {
                    rounds: effort.rounds / 2 + 1,
                    ..*effort
                };
                let mut c = Comparison::throughput("RDSEED", "backend ≥ 0.9× bare", size);
                c.add(
                    "bare loop (untested)",
                    fill(size, move |b| {
                        rdseed_fill_untested(&mut bare, b).expect("RDSEED")
                    }),
                );
                c.add(
                    "rdseed backend",
                    fill(size, move |b| backend.try_fill_bytes(b).expect("RDSEED")),
                );
                c.add(
                    "rdrand crate 0.9",
                    fill(size, move |b| theirs.try_fill_bytes(b).expect("RDSEED")),
                );
                text.push_str(&slow.run(c));
            }
            _ => text.push_str("RDSEED: not available on this CPU.\n"),
        }
        text.push('\n');
    }
    // The tests' CPU cost alone: the same loops over a fake source, so
    // neither the instruction's latency nor other processes contending for
    // the shared hardware generator enter the figure.
    let mut fake = Healthy::new(2);
    let mut tested =
        HealthTested::new(Healthy::new(1), Instruction::RdRand).map_err(|e| e.to_string())?;
    let mut c = Comparison::throughput(
        "health tests alone (fake source)",
        "the tests' own cost",
        64 << 10,
    );
    c.add(
        "untested loop",
        fill(64 << 10, move |b| {
            fill_untested(&mut fake, Instruction::RdRand, b).expect("fake")
        }),
    );
    c.add(
        "health-tested",
        fill(64 << 10, move |b| tested.fill(b).expect("fake")),
    );
    text.push_str(&effort.run(c));
    Ok(text)
}
