//! NIST CAVP CTR_DRBG response files (`CTR_DRBG.rsp` of `drbgtestvectors.zip`):
//! the CTR_DRBG family of [`secrets_drbg::cavp`], whose strict parser and
//! runner handle all three DRBGVS flows.
//!
//! Sections are `[<cipher> use df]` or `[<cipher> no df]` with the cipher
//! one of `3KeyTDEA`, `AES-128`, `AES-192`, `AES-256`. 3KeyTDEA sections are
//! parsed and checked like the others but not run: their records are
//! reported as skipped.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use secrets_drbg::cavp::{self as generic, Family, Functions};
pub use secrets_drbg::cavp::{
    Failure, Flow, Mismatch, Outcome, Params, ParseError, Report, ReseedInput, SectionReport,
};

use crate::cipher::AesVariant;
use crate::drbg::{Config, CtrDrbg};

/// The block cipher of a section.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The block cipher.
    pub algorithm: Algorithm,
    /// `use df` (true) or `no df` (false).
    pub use_df: bool,
}

/// A section header such as `[AES-256 use df]`.
pub type Section = generic::Section<Variant>;
/// One CTR_DRBG test record.
pub type Record = generic::Record<Variant>;

/// The CTR_DRBG family: AES sections run, 3KeyTDEA sections are skipped.
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

impl<C: AesVariant> Functions for CtrDrbg<C> {
    type Config = Config;

    fn instantiate(
        config: Config,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) -> Result<Self, crate::Error> {
        CtrDrbg::instantiate(config, entropy_input, nonce, personalization_string)
    }

    fn reseed(
        &mut self,
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), crate::Error> {
        CtrDrbg::reseed(self, entropy_input, additional_input)
    }

    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), crate::Error> {
        CtrDrbg::generate(self, out, additional_input)
    }

    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), crate::Error> {
        CtrDrbg::generate_with_prediction_resistance(self, out, entropy_input, additional_input)
    }
}

/// Parses a whole response file into its records, in file order.
///
/// # Errors
/// A [`ParseError`] naming the first malformed line.
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    generic::parse::<CtrDrbgFamily>(text)
}

/// Runs one record through the mechanism.
pub fn run_record(record: &Record) -> Outcome {
    CtrDrbgFamily::run(record)
}

/// Runs already parsed records.
pub fn run_records(records: &[Record]) -> Report {
    generic::run_records::<CtrDrbgFamily>(records)
}

/// Parses and runs a whole response file.
///
/// # Errors
/// A [`ParseError`] if the file is malformed anywhere (nothing is run then).
pub fn run(text: &str) -> Result<Report, ParseError> {
    generic::run::<CtrDrbgFamily>(text)
}
