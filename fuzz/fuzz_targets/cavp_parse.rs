//! The CAVP response-file parser on arbitrary text, and the runner on
//! whatever parses (records with mismatching ReturnedBits just fail).
//!
//! Properties: no panic; a parse error names a line that exists; every
//! parsed record is consistent with its flow; running a record never panics
//! and gives an outcome.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrets_ctr_drbg::cavp::{self, Algorithm, Flow, Outcome};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match cavp::parse(text) {
        Err(error) => {
            // Lines are 1-based; a missing field may be reported one past the end.
            let lines = text.split('\n').count();
            assert!(
                error.line >= 1 && error.line <= lines + 1,
                "{error} ({lines} lines)"
            );
            assert!(!error.message.is_empty());
        }
        Ok(records) => {
            for record in &records {
                match record.flow {
                    Flow::NoReseed => {
                        assert!(record.reseed.is_none() && record.entropy_input_pr.is_none())
                    }
                    Flow::PrFalse => {
                        assert!(record.reseed.is_some() && record.entropy_input_pr.is_none())
                    }
                    Flow::PrTrue => {
                        assert!(record.reseed.is_none() && record.entropy_input_pr.is_some())
                    }
                }
                let outcome = cavp::run_record(record);
                if record.section.variant.algorithm == Algorithm::Tdea3Key {
                    assert!(matches!(outcome, Outcome::Skipped(_)), "{outcome:?}");
                }
            }
            let report = cavp::run_records(&records);
            assert_eq!(
                report.passed() + report.failed() + report.skipped(),
                records.len()
            );
        }
    }
});
