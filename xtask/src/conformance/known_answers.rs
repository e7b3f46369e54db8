//! Known answers where a backend has them.
//!
//! - Every backend: its own `Backend::self_test` (a DRBG's known-answer
//!   self-test through its own block path; a hardware backend's start-up
//!   health test).
//! - ChaCha: the RFC 8439 block vectors of `vectors/chacha20_rfc8439.txt`
//!   through the `chacha20` crate's cipher, the core the DRBGs are built on.
//! - CTR_DRBG: every NIST CAVP response file in `vectors/cavp/` through the
//!   crate's CAVP runner (the same mechanism code the backends run).

use std::path::PathBuf;

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use secrets_core::Backend;

use secrets_conformance::Decision;

/// The backend's own self-test.
pub fn self_test<B: Backend>(backend: &mut B) -> Decision {
    match backend.self_test() {
        Ok(()) => Decision::exact("self_test()", true, "passed"),
        Err(e) => Decision::exact("self_test()", false, e.to_string()),
    }
}

fn unhex(text: &str) -> Result<Vec<u8>, String> {
    hex::decode(text).map_err(|e| format!("`{text}`: {e}"))
}

/// The RFC 8439 ChaCha20 block vectors, through the `chacha20` crate.
pub fn chacha_rfc8439() -> Result<Vec<Decision>, String> {
    let path = crate::root_dir().join("vectors/chacha20_rfc8439.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut decisions = Vec::new();
    for (index, record) in text.split("\n\n").enumerate() {
        let field = |name: &str| {
            record
                .lines()
                .find_map(|l| l.strip_prefix(name)?.trim_start().strip_prefix('='))
                .map(str::trim)
        };
        let (Some(key), Some(nonce), Some(counter), Some(keystream)) = (
            field("Key"),
            field("Nonce"),
            field("Counter"),
            field("Keystream"),
        ) else {
            continue; // the header comment
        };
        let key: [u8; 32] = unhex(key)?.try_into().map_err(|_| "key is not 32 bytes")?;
        let nonce: [u8; 12] = unhex(nonce)?
            .try_into()
            .map_err(|_| "nonce is not 12 bytes")?;
        let counter: u64 = counter.parse().map_err(|e| format!("counter: {e}"))?;
        let want = unhex(keystream)?;
        let mut cipher = chacha20::ChaCha20::new(&key.into(), &nonce.into());
        cipher.seek(counter * 64);
        let mut got = vec![0u8; want.len()];
        cipher.apply_keystream(&mut got);
        decisions.push(Decision::exact(
            format!("RFC 8439 block vector {index}"),
            got == want,
            format!("counter {counter}, {} bytes", want.len()),
        ));
    }
    if decisions.len() < 5 {
        return Err(format!(
            "{}: only {} vectors found",
            path.display(),
            decisions.len()
        ));
    }
    Ok(decisions)
}

/// Every CAVP file `vectors/cavp/<stem>_*.rsp`, and the records of the
/// sections starting with `algorithm` (e.g. `"AES-256"`) in particular.
pub fn cavp(stem: &str, algorithm: &str) -> Result<Vec<Decision>, String> {
    let files: Vec<PathBuf> = crate::kat::shipped_files()?
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}_")))
        })
        .collect();
    if files.is_empty() {
        return Err(format!("no {stem}_*.rsp files in vectors/cavp"));
    }
    let mut decisions = Vec::new();
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let report = crate::kat::run_file(&file)?;
        let ours: usize = report
            .sections
            .iter()
            .filter(|s| {
                s.name == algorithm
                    || s.name
                        .strip_prefix(algorithm)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .map(|s| s.passed)
            .sum();
        let first_failure = report.failures.first().map(ToString::to_string);
        decisions.push(Decision::exact(
            format!("CAVP {name}"),
            report.failed() == 0 && ours > 0,
            format!(
                "{} passed ({ours} {algorithm}), {} failed, {} skipped{}",
                report.passed(),
                report.failed(),
                report.skipped(),
                first_failure
                    .map(|f| format!("; first failure: {f}"))
                    .unwrap_or_default()
            ),
        ));
    }
    Ok(decisions)
}
