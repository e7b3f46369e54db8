//! NIST CAVP CTR_DRBG response files (`CTR_DRBG.rsp` of `drbgtestvectors.zip`):
//! the CTR_DRBG family of [`secrets_drbg::cavp`], whose strict parser and
//! runner handle all three DRBGVS flows.
//!
//! Sections are `[<cipher> use df]` or `[<cipher> no df]` with the cipher
//! one of `3KeyTDEA`, `AES-128`, `AES-192`, `AES-256`. 3KeyTDEA sections are
//! parsed and checked like the others but not run: their records are
//! reported as skipped.
//!
//! ```
#![doc = include_str!("cavp_doc_rsp.md")]
//! let report = secrets_ctr_drbg::cavp::run(RSP)?; // RSP: two records of a NIST file
//! assert_eq!((report.passed(), report.failed(), report.skipped()), (1, 0, 1));
//! # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use secrets_drbg::cavp::{self as generic, Family};
pub use secrets_drbg::cavp::{
    Failure, Flow, Mismatch, Outcome, Params, ParseError, Report, ReseedInput, SectionReport,
};

use crate::cipher::AesVariant;
use crate::drbg::{Config, CtrDrbg};

/// The block cipher of a section.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{Algorithm, parse};
/// let records = parse(RSP)?;
/// assert_eq!(records[0].section.variant.algorithm, Algorithm::Tdea3Key);
/// assert_eq!(records[1].section.variant.algorithm, Algorithm::Aes128);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Three-key Triple DES: out of scope, skipped.
    Tdea3Key,
    /// AES-128.
    Aes128,
    /// AES-192.
    Aes192,
    /// AES-256.
    Aes256,
}

/// What a CTR_DRBG section header selects.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{Algorithm, Variant, parse};
/// let records = parse(RSP)?;
/// assert_eq!(records[1].section.variant, Variant { algorithm: Algorithm::Aes128, use_df: true });
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The block cipher.
    pub algorithm: Algorithm,
    /// `use df` (true) or `no df` (false).
    pub use_df: bool,
}

/// A section header such as `[AES-256 use df]`.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{Section, parse};
/// let sections: Vec<Section> = parse(RSP)?.into_iter().map(|r| r.section).collect();
/// assert_eq!(sections[0].name, "3KeyTDEA use df");
/// assert_eq!(sections[1].name, "AES-128 use df");
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub type Section = generic::Section<Variant>;
/// One CTR_DRBG test record.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{Flow, Record, parse};
/// let records: Vec<Record> = parse(RSP)?;
/// let aes = &records[1];
/// assert_eq!((aes.count, aes.flow), (0, Flow::NoReseed));
/// assert_eq!(aes.entropy_input.len(), 16); // [EntropyInputLen = 128]
/// assert_eq!(aes.returned_bits.len(), 64); // [ReturnedBitsLen = 512]
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub type Record = generic::Record<Variant>;

/// The CTR_DRBG family: AES sections run, 3KeyTDEA sections are skipped.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::CtrDrbgFamily;
/// use secrets_drbg::cavp::Family;
/// let report = secrets_drbg::cavp::run::<CtrDrbgFamily>(RSP)?;
/// assert_eq!((report.mechanism, report.passed(), report.skipped()), ("CTR_DRBG", 1, 1));
/// assert!(CtrDrbgFamily::variant("AES-256 no df").is_ok());
/// assert!(CtrDrbgFamily::variant("AES-512 use df").is_err());
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
#[derive(Clone, Copy, Debug)]
pub struct CtrDrbgFamily;

impl Family for CtrDrbgFamily {
    const NAME: &'static str = "CTR_DRBG";
    type Variant = Variant;

    fn variant(name: &str) -> Result<Variant, String> {
        let expected =
            || format!("unknown section [{name}]: expected `<cipher> use df` or `<cipher> no df`");
        let (rest, use_df) = match name.rsplit_once(' ') {
            Some((rest, "df")) => match rest.rsplit_once(' ') {
                Some((alg, "use")) => (alg, true),
                Some((alg, "no")) => (alg, false),
                _ => return Err(expected()),
            },
            _ => return Err(expected()),
        };
        let algorithm = match rest {
            "3KeyTDEA" => Algorithm::Tdea3Key,
            "AES-128" => Algorithm::Aes128,
            "AES-192" => Algorithm::Aes192,
            "AES-256" => Algorithm::Aes256,
            other => return Err(format!("unknown cipher `{other}` in section [{name}]")),
        };
        Ok(Variant { algorithm, use_df })
    }

    fn run(record: &Record) -> Outcome {
        let variant = record.section.variant;
        let config = if variant.use_df {
            Config::with_df()
        } else {
            Config::without_df()
        };
        match variant.algorithm {
            Algorithm::Tdea3Key => Outcome::Skipped("3KeyTDEA is out of scope"),
            Algorithm::Aes128 => generic::run_flow::<CtrDrbg<Aes128Enc>, _>(config, record),
            Algorithm::Aes192 => generic::run_flow::<CtrDrbg<Aes192Enc>, _>(config, record),
            Algorithm::Aes256 => generic::run_flow::<CtrDrbg<Aes256Enc>, _>(config, record),
        }
    }
}

secrets_drbg::__forward_functions!(impl<C: AesVariant> Functions for CtrDrbg<C>, Config);

/// Parses a whole response file into its records, in file order.
///
/// # Errors
/// A [`ParseError`] naming the first malformed line.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// let records = secrets_ctr_drbg::cavp::parse(RSP)?;
/// assert_eq!(records.len(), 2);
/// // A hex field of the wrong length is refused, naming its line.
/// let error = secrets_ctr_drbg::cavp::parse(&RSP.replace("Nonce = aad471ef3ef1d203", "Nonce = aad4")).unwrap_err();
/// assert_eq!(error.line, 28);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    generic::parse::<CtrDrbgFamily>(text)
}

/// Runs one record through the mechanism.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{Outcome, parse, run_record};
/// let mut records = parse(RSP)?;
/// assert_eq!(run_record(&records[1]), Outcome::Passed); // NIST's answer
/// assert_eq!(run_record(&records[0]), Outcome::Skipped("3KeyTDEA is out of scope"));
/// records[1].returned_bits[0] ^= 1;
/// assert!(matches!(run_record(&records[1]), Outcome::Failed(_)));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub fn run_record(record: &Record) -> Outcome {
    CtrDrbgFamily::run(record)
}

/// Runs already parsed records.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_ctr_drbg::cavp::{parse, run_records};
/// let records = parse(RSP)?;
/// let report = run_records(&records[1..]); // the AES-128 record only
/// assert_eq!((report.passed(), report.failed(), report.skipped()), (1, 0, 0));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub fn run_records(records: &[Record]) -> Report {
    generic::run_records::<CtrDrbgFamily>(records)
}

/// Parses and runs a whole response file.
///
/// # Errors
/// A [`ParseError`] if the file is malformed anywhere (nothing is run then).
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// let report = secrets_ctr_drbg::cavp::run(RSP)?;
/// assert_eq!((report.passed(), report.failed(), report.skipped()), (1, 0, 1));
/// assert_eq!(report.sections[0].skip_reason, Some("3KeyTDEA is out of scope"));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
pub fn run(text: &str) -> Result<Report, ParseError> {
    generic::run::<CtrDrbgFamily>(text)
}
