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

/// The bare loop, our backend and the `rdrand` crate at `size`, or a note
/// that the CPU lacks the instruction.
fn compare<Ours: TryRng + 'static, Theirs: TryRng + 'static>(
    instruction: &str,
    size: usize,
    effort: &Effort,
    new: fn() -> Option<(Ours, Ours, Theirs)>,
    bare: fn(&mut Ours, &mut [u8]) -> Result<(), secrets_core::Error>,
) -> String {
    let Some((mut untested, mut backend, mut theirs)) = new() else {
        return format!("{instruction}: not available on this CPU.\n");
    };
    let mut c = Comparison::throughput(instruction, "backend ≥ 0.9× bare", size);
    c.add(
        "bare loop (untested)",
        fill(size, move |b| {
            bare(&mut untested, b).expect("the instruction")
        }),
    );
    c.add(
        format!("{} backend", instruction.to_lowercase()),
        fill(size, move |b| {
            backend.try_fill_bytes(b).expect("the backend")
        }),
    );
    c.add(
        "rdrand crate 0.9",
        fill(size, move |b| {
            theirs.try_fill_bytes(b).expect("the rdrand crate")
        }),
    );
    effort.run(c)
}

/// [`compare`] for one instruction: two of our backends (one for the bare
/// loop) and the `rdrand` crate's generator.
macro_rules! compare_instruction {
    ($name:literal, $size:expr, $effort:expr, $ours:ident, $theirs:ty, $bare:ident) => {
        compare(
            $name,
            $size,
            $effort,
            || {
                Some((
                    $ours::new().ok()?,
                    $ours::new().ok()?,
                    <$theirs>::new().ok()?,
                ))
            },
            $bare,
        )
    };
}

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let mut text = String::new();
    // RDSEED runs at megabytes per second: fewer rounds.
    let slow = Effort {
        rounds: effort.rounds / 2 + 1,
        ..*effort
    };
    for size in [32, 4096, 1 << 20] {
        text += &compare_instruction!(
            "RDRAND",
            size,
            effort,
            RdRand,
            rdrand::RdRand,
            rdrand_fill_untested
        );
        text.push('\n');
        text += &compare_instruction!(
            "RDSEED",
            size,
            &slow,
            RdSeed,
            rdrand::RdSeed,
            rdseed_fill_untested
        );
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
