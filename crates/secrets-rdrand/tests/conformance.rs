//! The conformance suite (`secrets-conformance`) on RDRAND and RDSEED,
//! where the CPU has them: a CPU without one skips it with a note (its
//! absence is tested by `tests/hardware.rs`).

use secrets_core::Error;
use secrets_rdrand::{RdRand, RdSeed};

fn conforms<R: rand_core::TryCryptoRng>(name: &str, new: fn() -> Result<R, Error>) {
    match new() {
        Err(error @ Error::Unavailable { .. }) => eprintln!("{name}: skipped: {error}"),
        _ => secrets_conformance::assert_conforms(name, &|| new().map_err(|e| e.to_string())),
    }
}

#[test]
fn rdrand_conforms() {
    conforms("rdrand", RdRand::new);
}

#[test]
fn rdseed_conforms() {
    conforms("rdseed", RdSeed::new);
}
