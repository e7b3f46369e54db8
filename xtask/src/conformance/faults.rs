//! Fault handling: the backends must fail loudly, with zeroed buffers, when
//! their source breaks.
//!
//! - Hardware (`rdrand`, `rdseed`): the real health-test code
//!   ([`HealthTested`]) driven by the crate's fault-injection sources — a
//!   stuck word, the AMD all-ones failure, zero runs, a short cycle, a carry
//!   flag that never sets, and a source that breaks after start-up.
//! - DRBGs: an entropy source that fails at construction, at an explicit
//!   reseed, and at an automatic reseed; a DRBG must then refuse to generate
//!   (never keep going on stale state past its reseed interval, never fall
//!   back to another source). Any backend can seed a DRBG: RDSEED is tried.

use rand_core::TryRng as _;
use secrets::BackendId;
use secrets_core::{Backend as _, EntropySource, Error};
use secrets_rdrand::faults::{CarryFails, Cycle, FailsAfter, Healthy, Stuck, ZeroRuns};
use secrets_rdrand::{HealthTested, Instruction, WordSource};

use secrets_conformance::Decision;

/// `Ok` is a failure of the check; a source-failure error is a pass.
fn refuses<T>(name: &str, result: Result<T, Error>) -> Decision {
    match result {
        Ok(_) => Decision::exact(name, false, "accepted the broken source"),
        Err(e) => Decision::exact(name, e.is_source_failure(), format!("{e}")),
    }
}

/// A source that must be refused at start-up.
fn startup_refuses(instruction: Instruction, label: &str, source: impl WordSource) -> Decision {
    refuses(
        &format!("{label}: refused at start-up"),
        HealthTested::new(source, instruction),
    )
}

/// A source that passes start-up and breaks in service: the request fails,
/// its buffer comes back zeroed, and the next request fails too.
fn in_service_fails(
    instruction: Instruction,
    label: &str,
    source: impl WordSource,
) -> Vec<Decision> {
    let mut tested = match HealthTested::new(source, instruction) {
        Ok(t) => t,
        Err(e) => {
            return vec![Decision::exact(
                format!("{label}: start-up passes before the fault"),
                false,
                e.to_string(),
            )];
        }
    };
    let mut buffer = vec![0xa5u8; 64 << 10];
    let first = tested.fill(&mut buffer);
    let zeroed = buffer.iter().all(|&b| b == 0);
    let mut small = [0xa5u8; 32];
    let again = tested.fill(&mut small);
    vec![
        refuses(&format!("{label}: the request fails"), first),
        Decision::exact(
            format!("{label}: the failed request's buffer is zeroed"),
            zeroed,
            format!(
                "{} non-zero bytes left",
                buffer.iter().filter(|&&b| b != 0).count()
            ),
        ),
        refuses(&format!("{label}: the next request fails too"), again),
    ]
}

/// Fault injection through the health-tested word path of one instruction.
pub fn hardware(instruction: Instruction) -> Result<Vec<Decision>, String> {
    let mut d = Vec::new();
    let mut healthy =
        HealthTested::new(Healthy::new(42), instruction).map_err(|e| e.to_string())?;
    let mut buffer = [0u8; 4096];
    d.push(Decision::exact(
        "a healthy source serves requests",
        healthy.fill(&mut buffer).is_ok() && buffer.iter().any(|&b| b != 0),
        "4 KiB",
    ));
    let at_startup: [(&str, &mut dyn WordSource); 5] = [
        ("stuck all-ones (AMD)", &mut Stuck(u64::MAX)),
        ("stuck zero", &mut Stuck(0)),
        ("stuck word", &mut Stuck(0x0123_4567_89ab_cdef)),
        ("cycle of 2 words", &mut Cycle::new(2)),
        ("carry flag never set", &mut CarryFails::new(u32::MAX)),
    ];
    for (label, source) in at_startup {
        d.push(startup_refuses(instruction, label, source));
    }
    // Faults that start after 4096 good words.
    let in_service: [(&str, &mut dyn WordSource); 4] = [
        ("breaks to all-ones after start-up", &mut Stuck(u64::MAX)),
        ("breaks to a cycle of 3 after start-up", &mut Cycle::new(3)),
        ("zero runs after start-up", &mut ZeroRuns::new(100, 64)),
        (
            "carry flag stops after start-up",
            &mut CarryFails::new(u32::MAX),
        ),
    ];
    for (label, fault) in in_service {
        let source = FailsAfter::new(4096, fault);
        d.extend(in_service_fails(instruction, label, source));
    }
    // Repeating faults that start anywhere, not only on a test window's
    // boundary: `offset` words into the first request after start-up.
    let startup = u64::from(secrets_rdrand::health::STARTUP_SAMPLES);
    for offset in [0, 1, 255, 511, 513, 2047, 4095] {
        for period in [2, 3, 600, 4000] {
            d.extend(in_service_fails(
                instruction,
                &format!("breaks to a cycle of {period} at offset {offset}"),
                FailsAfter::new(startup + offset, Cycle::new(period)),
            ));
        }
    }
    // Occasional carry failures within the retry budget are not an error.
    let mut retrying =
        HealthTested::new(CarryFails::new(3), instruction).map_err(|e| e.to_string())?;
    d.push(Decision::exact(
        "3 failed tries per word are retried, not an error",
        retrying.fill(&mut buffer).is_ok(),
        format!("{} retries allowed", instruction.max_attempts()),
    ));
    Ok(d)
}

/// An entropy source that serves `good` requests from the OS, then fails
/// like a broken OS source.
pub struct FlakySource {
    good: u32,
}

impl EntropySource for FlakySource {
    fn source_name(&self) -> &'static str {
        "flaky test source"
    }

    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        if self.good == 0 {
            return Err(Error::Os { errno: libc::EIO });
        }
        self.good -= 1;
        getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    }
}

fn flaky(good: u32) -> FlakySource {
    FlakySource { good }
}

/// Entropy-source failures of a DRBG backend, built over the failing
/// source through the registry ([`BackendId::with_source`]).
pub fn drbg(id: BackendId) -> Result<Vec<Decision>, String> {
    let build = |source: Box<dyn EntropySource>, reseed_bytes: Option<u64>| {
        id.with_source(source, reseed_bytes)
    };
    let mut d = vec![refuses(
        "a failing source at construction is an error",
        build(Box::new(flaky(0)), None),
    )];

    let mut drbg = build(Box::new(flaky(1)), None).map_err(|e| e.to_string())?;
    let mut buffer = [0u8; 64];
    d.push(Decision::exact(
        "seeded once, it generates",
        drbg.try_fill_bytes(&mut buffer).is_ok(),
        "64 bytes",
    ));
    d.push(refuses(
        "an explicit reseed from a failed source is an error",
        drbg.reseed(),
    ));

    // Automatic reseed: the source works for the first seed only.
    const INTERVAL: u64 = 1 << 20;
    let mut drbg = build(Box::new(flaky(1)), Some(INTERVAL)).map_err(|e| e.to_string())?;
    let mut chunk = vec![0u8; 64 << 10];
    let mut served = 0u64;
    let mut failure = None;
    while served <= 4 * INTERVAL {
        chunk.fill(0xa5);
        match drbg.try_fill_bytes(&mut chunk) {
            Ok(()) => served += chunk.len() as u64,
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    d.push(match failure {
        Some(e) => Decision::exact(
            "generation stops when a due reseed fails",
            e.is_source_failure() && served <= 2 * INTERVAL,
            format!("refused after {served} bytes (interval {INTERVAL}): {e}"),
        ),
        None => Decision::exact(
            "generation stops when a due reseed fails",
            false,
            format!("kept generating {served} bytes past a failed reseed"),
        ),
    });
    d.push(Decision::exact(
        "the refused request's buffer is zeroed",
        failure.is_some() && chunk.iter().all(|&b| b == 0),
        "contract rule 1",
    ));

    // Any backend can seed a DRBG: RDSEED where the CPU has it.
    if let Ok(rdseed) = secrets_rdrand::RdSeed::new() {
        let mut drbg = build(Box::new(rdseed), None).map_err(|e| e.to_string())?;
        d.push(Decision::exact(
            "seeded from RDSEED, it generates",
            drbg.try_fill_bytes(&mut buffer).is_ok() && buffer.iter().any(|&b| b != 0),
            "64 bytes",
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flaky_source_fails_when_told() {
        let mut source = flaky(1);
        let mut buf = [0u8; 16];
        assert!(source.fill_entropy(&mut buf).is_ok());
        assert_eq!(
            source.fill_entropy(&mut buf),
            Err(Error::Os { errno: libc::EIO })
        );
    }
}
