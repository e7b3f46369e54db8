//! The conformance suite (`secrets-conformance`) on the three ChaCha DRBGs.

use secrets_chacha::{ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg};

#[test]
fn chacha8_conforms() {
    secrets_conformance::assert_conforms("chacha8", &|| {
        ChaCha8Drbg::new().map_err(|e| e.to_string())
    });
}

#[test]
fn chacha12_conforms() {
    secrets_conformance::assert_conforms("chacha12", &|| {
        ChaCha12Drbg::new().map_err(|e| e.to_string())
    });
}

#[test]
fn chacha20_conforms() {
    secrets_conformance::assert_conforms("chacha20", &|| {
        ChaCha20Drbg::new().map_err(|e| e.to_string())
    });
}
