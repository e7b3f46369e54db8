//! A statistical failure gets a second run on a fresh generator, seen from
//! outside through `run_suite`: a defect fails both runs, and a failure no
//! chance explains fails at once.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng, TryCryptoRng};
use secrets_conformance::{CheckResult, Status, SuiteOptions, run_suite};

/// Good ChaCha bytes, spoiled by `spoil` (a defect of every instance).
struct Spoiled {
    rng: ChaCha20Rng,
    spoil: fn(&mut Spoiled, &mut [u8]),
    /// The position in `period`, for a periodic stream.
    position: usize,
    period: [u8; 4096],
}

secrets_core::try_rng_via_fill!(Spoiled, |self, dest| {
    (self.spoil)(self, dest);
    Ok(())
});

impl TryCryptoRng for Spoiled {}

fn sp800_22(spoil: fn(&mut Spoiled, &mut [u8])) -> CheckResult {
    // Each instance gets its own seed, as a freshly seeded backend would.
    let instances = std::cell::Cell::new(0u8);
    let make = || {
        instances.set(instances.get() + 1);
        let mut rng = ChaCha20Rng::from_seed([instances.get(); 32]);
        let mut period = [0; 4096];
        rng.fill_bytes(&mut period);
        Ok(Spoiled {
            rng,
            spoil,
            position: 0,
            period,
        })
    };
    let results = run_suite("spoiled", &make, &SuiteOptions::TEST);
    results
        .into_iter()
        .find(|r| r.check == "sp800-22")
        .expect("the suite runs sp800-22")
}

#[test]
fn a_biased_generator_fails_on_both_fresh_generators() {
    // Every bit is 1 with probability 0.51, on every instance.
    let result = sp800_22(|this, dst| {
        for byte in dst {
            *byte = (0..8).fold(0, |b, _| {
                (b << 1) | u8::from((this.rng.next_u32() & 0xffff) < (0.51 * 65536.0) as u32)
            });
        }
    });
    assert_eq!(result.status, Status::Fail, "{result:?}");
    let first = result.first_run_failure.as_deref().expect("a second run");
    assert!(first.contains("frequency: proportion"), "{first}");
    let report = result.failure_report();
    // One failed decision line from each run.
    let lines = report.matches("\n    frequency: proportion (P = ").count();
    assert_eq!(lines, 2, "{report}");
}

#[test]
fn a_repeated_block_fails_at_once() {
    // Good-looking bytes with period 4 KiB: a repeat is never chance.
    let result = sp800_22(|this, dst| {
        for byte in dst {
            *byte = this.period[this.position];
            this.position = (this.position + 1) % this.period.len();
        }
    });
    assert_eq!(result.status, Status::Fail, "{result:?}");
    assert!(result.first_run_failure.is_none(), "{result:?}");
    assert!(
        result
            .failure_report()
            .contains("no repeated 16-byte block"),
        "{}",
        result.failure_report()
    );
}
