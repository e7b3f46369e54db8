//! The conformance suite (`secrets-conformance`) on the three ChaCha DRBGs.

#[path = "../../secrets-drbg/tests/support/conformance.rs"]
mod support;
use support::conforms;

use secrets_chacha::{ChaCha8Core, ChaCha12Core, ChaCha20Core};

conformance_tests!(
    chacha8_conforms: ChaCha8Core,
    chacha12_conforms: ChaCha12Core,
    chacha20_conforms: ChaCha20Core,
);
