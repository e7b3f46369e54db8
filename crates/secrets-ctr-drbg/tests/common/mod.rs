//! Helpers shared by the integration tests.

use sha2::{Digest, Sha256};

/// Deterministic test inputs (SHA-256 in counter mode over a label): arbitrary
/// bytes, the same on every run.
pub fn bytes(label: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0u32;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(label.as_bytes());
        h.update(i.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        i += 1;
    }
    out.truncate(len);
    out
}
