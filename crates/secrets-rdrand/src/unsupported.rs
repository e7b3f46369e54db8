//! Targets without RDRAND/RDSEED (anything but x86 and x86_64): the same
//! interface as `x86.rs`, where detection always fails.
//!
//! The source types are uninhabited, so a backend over them cannot be
//! constructed and the fill functions cannot be reached. This module is also
//! compiled on x86 under `cfg(test)`, so its logic is tested on the machine
//! that runs the tests.
// On x86 this module exists only for its tests; the backends use `x86.rs`.
#![cfg_attr(
    any(target_arch = "x86", target_arch = "x86_64"),
    allow(dead_code, unused_imports)
)]

use secrets_core::Error;

use crate::tested::{HealthTested, WordSource};
use crate::{RDRAND_NAME, RDSEED_NAME};

const REASON: &str = "RDRAND and RDSEED are x86 instructions and this target is not x86 or x86_64";

pub(crate) fn rdrand_available() -> bool {
    false
}

pub(crate) fn rdseed_available() -> bool {
    false
}

/// No RDRAND or RDSEED here: a source that cannot exist, standing for both.
pub(crate) enum Absent {}

pub(crate) type RdRandSource = Absent;
pub(crate) type RdSeedSource = Absent;

impl WordSource for Absent {
    fn try_word(&mut self) -> Option<u64> {
        match *self {}
    }
}

pub(crate) fn rdrand_source() -> Result<RdRandSource, Error> {
    Err(Error::unavailable(RDRAND_NAME, REASON))
}

pub(crate) fn rdseed_source() -> Result<RdSeedSource, Error> {
    Err(Error::unavailable(RDSEED_NAME, REASON))
}

// Without `target_feature` wrappers to call, one fill serves both sources.
pub(crate) use fill_tested as fill_rdrand;
pub(crate) use fill_tested as fill_rdseed;

pub(crate) fn fill_tested<S: WordSource>(
    tested: &mut HealthTested<S>,
    dest: &mut [u8],
) -> Result<(), Error> {
    tested.fill(dest)
}

pub(crate) use untested_fill as untested_fill_rdrand;
pub(crate) use untested_fill as untested_fill_rdseed;

pub(crate) fn untested_fill(source: &mut Absent, _dest: &mut [u8]) -> Result<(), Error> {
    match *source {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Instruction;
    use crate::tested::HealthTested;

    #[test]
    fn detection_reports_unavailable_with_a_reason() {
        assert!(!rdrand_available());
        assert!(!rdseed_available());
        for (result, name) in [
            (rdrand_source().map(drop), RDRAND_NAME),
            (rdseed_source().map(drop), RDSEED_NAME),
        ] {
            match result {
                Err(Error::Unavailable { backend, reason }) => {
                    assert_eq!(backend, name);
                    assert!(reason.contains("not x86"), "{reason}");
                }
                other => panic!("expected Unavailable, got {other:?}"),
            }
        }
    }

    #[test]
    fn construction_fails_through_the_same_path_as_the_backends() {
        // `RdRand::new` and `RdSeed::new` are `construct(imp::..._source, ..)`;
        // here `imp` is this module.
        let rdrand = crate::construct(rdrand_source, Instruction::RdRand);
        assert!(matches!(
            rdrand,
            Err(Error::Unavailable {
                backend: "rdrand",
                ..
            })
        ));
        let rdseed: Result<HealthTested<RdSeedSource>, Error> =
            crate::construct(rdseed_source, Instruction::RdSeed);
        assert!(matches!(
            rdseed,
            Err(Error::Unavailable {
                backend: "rdseed",
                ..
            })
        ));
    }
}
