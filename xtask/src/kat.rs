//! `cargo xtask kat FILE...`: runs NIST CAVP CTR_DRBG response files through
//! secrets-ctr-drbg (all three DRBGVS flows, recognised per record from the
//! file's headers and fields) and prints, per file and section, the records
//! passed, failed and skipped (3KeyTDEA is out of scope: skipped).
//!
//! Exits non-zero when any record fails or any file is malformed; a parse
//! error names the file and line (`FILE:LINE: message`).

use std::fmt::Write as _;

use secrets_ctr_drbg::cavp::{self, Flow, Report};

const USAGE: &str = "usage: cargo xtask kat FILE.rsp...";

/// Most failures printed per file (the counts cover all of them).
const SHOWN_FAILURES: usize = 20;

/// Entry point: `args` are the response files.
pub fn main(args: &[String]) -> Result<(), String> {
    if args.is_empty() || args.iter().any(|a| a == "-h" || a == "--help") {
        return Err(USAGE.to_string());
    }
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut malformed = 0;
    for path in args {
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
    println!("kat: {passed} passed, {failed} failed, {skipped} skipped");
    if failed == 0 && malformed == 0 {
        Ok(())
    } else {
        Err(format!(
            "kat failed: {failed} record(s) failed, {malformed} file(s) unreadable or malformed"
        ))
    }
}

fn run_file(path: &str) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Count lines up to the first invalid byte so the error names one.
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        format!("{path}:{line}: not ASCII/UTF-8 text")
    })?;
    cavp::run(&text).map_err(|e| format!("{path}:{}: {}", e.line, e.message))
}

fn flow_names(flows: &[Flow]) -> String {
    flows
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(path: &str, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{path} (flow: {})", flow_names(&report.flows));
    let width = report
        .sections
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0)
        + 2;
    for section in &report.sections {
        let note = if section.skipped > 0 && section.name.starts_with("3KeyTDEA") {
            "  (3KeyTDEA is out of scope: skipped)"
        } else {
            ""
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
