//! `cargo xtask kat [FILE...]`: runs NIST CAVP DRBG response files (by
//! default every `.rsp` file under vectors/cavp) — CTR_DRBG
//! through secrets-ctr-drbg, Hash_DRBG through secrets-hash-drbg, HMAC_DRBG
//! through secrets-hmac-drbg — and prints, per file and section, the records
//! passed, failed and skipped, then the totals.
//!
//! The mechanism comes from the file's `# NAME options: …` header line, or,
//! without one, from its section names (`[AES-256 use df]` is CTR_DRBG) and,
//! for the hash sections Hash_DRBG and HMAC_DRBG share, from the file name.
//! The flow (no_reseed, pr_false, pr_true) comes from each record's headers
//! and fields. Exits non-zero when any record fails or any file is
//! malformed; an error names the file and line (`FILE:LINE: message`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use secrets_ctr_drbg::cavp::CtrDrbgFamily;
use secrets_drbg::cavp::{self, Family, Flow, Report};
use secrets_hash_drbg::cavp::HashDrbgFamily;
use secrets_hmac_drbg::cavp::HmacDrbgFamily;

/// Most failures printed per file (the counts cover all of them).
const SHOWN_FAILURES: usize = 20;

/// The mechanisms `kat` runs, by the names the files use.
const MECHANISMS: [&str; 3] = [
    CtrDrbgFamily::NAME,
    HashDrbgFamily::NAME,
    HmacDrbgFamily::NAME,
];

/// Entry point: `args` are the response files; none means every `.rsp`
/// file the repository ships (vectors/cavp).
pub fn main(args: &[String]) -> Result<(), String> {
    let files = match args {
        [] => shipped_files()?,
        given => given.iter().map(PathBuf::from).collect(),
    };
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut malformed = 0;
    for path in &files {
        match run_file(path) {
            Ok(report) => {
                print!("{}", render(path, &report));
                passed += report.passed();
                failed += report.failed();
                skipped += report.skipped();
            }
            Err(message) => {
                eprintln!("{message}");
                malformed += 1;
            }
        }
    }
    println!(
        "kat: {} file(s): {passed} passed, {failed} failed, {skipped} skipped",
        files.len()
    );
    if failed == 0 && malformed == 0 {
        Ok(())
    } else {
        Err(format!(
            "kat failed: {failed} record(s) failed, {malformed} file(s) unreadable or malformed"
        ))
    }
}

/// The `.rsp` files under vectors/cavp, sorted.
pub fn shipped_files() -> Result<Vec<PathBuf>, String> {
    let dir = crate::root_dir().join("vectors/cavp");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|ext| ext == "rsp") {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .rsp files", dir.display()));
    }
    Ok(files)
}

/// Runs one response file through the runner of its mechanism.
pub fn run_file(file: &Path) -> Result<Report, String> {
    let path = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("{path}: cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Count lines up to the first invalid byte so the error names one.
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        format!("{path}:{line}: not ASCII/UTF-8 text")
    })?;
    let (line, mechanism) = mechanism(&path, &text)?;
    let result = match mechanism {
        CtrDrbgFamily::NAME => cavp::run::<CtrDrbgFamily>(&text),
        HashDrbgFamily::NAME => cavp::run::<HashDrbgFamily>(&text),
        HmacDrbgFamily::NAME => cavp::run::<HmacDrbgFamily>(&text),
        other => {
            return Err(format!(
                "{path}:{line}: unknown mechanism {other} (kat runs {})",
                MECHANISMS.join(", ")
            ));
        }
    };
    result.map_err(|e| format!("{path}:{}: {}", e.line, e.message))
}

/// The mechanism of a file and the line that tells it.
fn mechanism<'a>(path: &str, text: &'a str) -> Result<(usize, &'a str), String> {
    if let Some(declared) = cavp::declared_mechanism(text) {
        return Ok(declared);
    }
    // No options line: the first section header decides.
    let Some((line, section)) = text.lines().enumerate().find_map(|(index, raw)| {
        let inner = raw.trim().strip_prefix('[')?.strip_suffix(']')?;
        (!inner.contains('=')).then_some((index + 1, inner.trim()))
    }) else {
        return Err(format!(
            "{path}:1: no `# NAME options:` line and no [section]: not a CAVP DRBG file"
        ));
    };
    if CtrDrbgFamily::variant(section).is_ok() {
        return Ok((line, CtrDrbgFamily::NAME));
    }
    if HashDrbgFamily::variant(section).is_err() {
        return Err(format!(
            "{path}:{line}: [{section}] is a section of none of {}",
            MECHANISMS.join(", ")
        ));
    }
    // Hash_DRBG and HMAC_DRBG share their sections: the file name decides.
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    match (file.contains("hmac_drbg"), file.contains("hash_drbg")) {
        (true, false) => Ok((line, HmacDrbgFamily::NAME)),
        (false, true) => Ok((line, HashDrbgFamily::NAME)),
        _ => Err(format!(
            "{path}:{line}: [{section}] is a section of both Hash_DRBG and HMAC_DRBG, and \
             neither a `# NAME options:` line nor the file name says which"
        )),
    }
}

fn flow_names(flows: &[Flow]) -> String {
    flows
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(path: &Path, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, flow: {})",
        path.display(),
        report.mechanism,
        flow_names(&report.flows)
    );
    let width = report
        .sections
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0)
        + 2;
    for section in &report.sections {
        let note = match section.skip_reason {
            Some(reason) if section.skipped > 0 => format!("  ({reason}: skipped)"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:width$} passed {:4}  failed {:4}  skipped {:4}{note}",
            format!("[{}]", section.name),
            section.passed,
            section.failed,
            section.skipped,
        );
    }
    for failure in report.failures.iter().take(SHOWN_FAILURES) {
        let _ = writeln!(out, "  FAIL {failure}");
    }
    if report.failures.len() > SHOWN_FAILURES {
        let _ = writeln!(
            out,
            "  … and {} more failures",
            report.failures.len() - SHOWN_FAILURES
        );
    }
    let _ = writeln!(
        out,
        "  total: passed {}, failed {}, skipped {}",
        report.passed(),
        report.failed(),
        report.skipped()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mechanism_comes_from_the_options_line_then_the_sections() {
        let hash = "# CAVS 14.3\n\n# Hash_DRBG options: SHA-1 :: SHA-256\n\n[SHA-1]\n";
        assert_eq!(mechanism("x.rsp", hash), Ok((3, "Hash_DRBG")));
        let ctr = "# nothing\n[AES-128 use df]\n[NonceLen = 64]\n";
        assert_eq!(mechanism("x.rsp", ctr), Ok((2, "CTR_DRBG")));
        let bare = "\n[PredictionResistance = True]\n[SHA-256]\n";
        assert_eq!(
            mechanism("dir/HMAC_DRBG_pr_true.rsp", bare),
            Ok((3, "HMAC_DRBG"))
        );
        assert_eq!(mechanism("Hash_DRBG.rsp", bare), Ok((3, "Hash_DRBG")));
        let e = mechanism("vectors.rsp", bare).unwrap_err();
        assert!(
            e.starts_with("vectors.rsp:3: [SHA-256] is a section of both"),
            "{e}"
        );
        let e = mechanism("x.rsp", "[SHA-3]\n").unwrap_err();
        assert!(
            e.starts_with("x.rsp:1: [SHA-3] is a section of none"),
            "{e}"
        );
        let e = mechanism("x.rsp", "COUNT = 0\n").unwrap_err();
        assert!(e.starts_with("x.rsp:1: no `# NAME options:` line"), "{e}");
    }

    #[test]
    fn an_unknown_declared_mechanism_names_its_line() {
        let dir = std::env::temp_dir().join(format!("xtask-kat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dual.rsp");
        std::fs::write(&path, "# CAVS\n# Dual_EC_DRBG options: P-256\n[P-256]\n").unwrap();
        let e = run_file(&path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            e,
            format!(
                "{}:2: unknown mechanism Dual_EC_DRBG (kat runs CTR_DRBG, Hash_DRBG, HMAC_DRBG)",
                path.display()
            )
        );
    }
}
