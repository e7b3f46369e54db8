//! The conformance suite (`secrets-conformance`) on the three ChaCha DRBGs.

#[path = "../../secrets-drbg/tests/support/conformance.rs"]
mod support;

use secrets_chacha::{ChaCha8Core, ChaCha12Core, ChaCha20Core};

#[test]
fn chacha8_conforms() {
    support::conforms::<ChaCha8Core>();
}

#[test]
fn chacha12_conforms() {
    support::conforms::<ChaCha12Core>();
}

#[test]
fn chacha20_conforms() {
    support::conforms::<ChaCha20Core>();
}
