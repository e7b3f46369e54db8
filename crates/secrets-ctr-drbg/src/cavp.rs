//! NIST CAVP CTR_DRBG response files (`CTR_DRBG.rsp` of `drbgtestvectors.zip`):
//! a strict parser and a runner for all three DRBGVS flows.
//!
//! # Format
//!
//! ```text
//! [AES-256 use df]                      section: algorithm, df or not
//! [PredictionResistance = False]        parameter headers of the group
//! [EntropyInputLen = 256]               (lengths in bits)
//! [NonceLen = 128]
//! [PersonalizationStringLen = 0]
//! [AdditionalInputLen = 0]
//! [ReturnedBitsLen = 512]
//!
//! COUNT = 0                             a record, up to the next blank line
//! EntropyInput = …
//! Nonce = …
//! PersonalizationString =
//! EntropyInputReseed = …                pr_false only
//! AdditionalInputReseed =               pr_false only
//! AdditionalInput =                     twice (pr_true: each followed by
//! AdditionalInput =                     an EntropyInputPR)
//! ReturnedBits = …
//! ```
//!
//! Lines end in CRLF or LF; `#` lines are comments.
//!
//! # Flows (SP 800-90A as DRBGVS runs them)
//!
//! - **no_reseed**: Instantiate(EntropyInput, Nonce, PersonalizationString);
//!   Generate(AdditionalInput 1); Generate(AdditionalInput 2) → ReturnedBits.
//! - **pr_false**: Instantiate; Reseed(EntropyInputReseed,
//!   AdditionalInputReseed); Generate(1); Generate(2).
//! - **pr_true**: Instantiate; Generate with prediction resistance, twice:
//!   Reseed(EntropyInputPR i, AdditionalInput i), then Generate with no
//!   additional input (9.3.1 step 7).
//!
//! The flow comes from the `[PredictionResistance = …]` header and the fields
//! present: `True` → pr_true (needs two `EntropyInputPR`); `False` with
//! reseed fields → pr_false; `False` without → no_reseed. Fields that
//! contradict the header are errors.
//!
//! # Strictness
//!
//! In the style of ring's `testutil`, every field of a record is consumed
//! exactly once: an unknown field, a duplicate, a missing field, bad hex, a
//! hex length that disagrees with its `[…Len = …]` header, a record outside
//! a parameter group, or any unrecognised line is a [`ParseError`] naming
//! the line. Parsing never panics.
//!
//! 3KeyTDEA sections are parsed and checked like the others but not run:
//! their records are reported as skipped.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use aes::{Aes128Enc, Aes192Enc, Aes256Enc};

use crate::cipher::AesVariant;
use crate::drbg::{Config, CtrDrbg, MAX_BYTES_PER_REQUEST};

/// A malformed response file: the 1-based line and what is wrong with it.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// let error = cavp::parse("[AES-128 use df]\nCOUNT = 0\nFrobnicate = 00\n").unwrap_err();
/// println!("{error}"); // names the line and the problem
/// assert!(error.line >= 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl core::error::Error for ParseError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        line,
        message: message.into(),
    })
}

/// The block cipher of a section.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let records = cavp::parse(text)?;
/// assert_eq!(records[0].section.algorithm, cavp::Algorithm::Aes128);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
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

/// Which DRBGVS flow a record follows.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let records = cavp::parse(text)?;
/// assert_eq!(records[0].flow, cavp::Flow::NoReseed);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Instantiate, Generate, Generate.
    NoReseed,
    /// Instantiate, Reseed, Generate, Generate.
    PrFalse,
    /// Instantiate, then two Generate calls with prediction resistance.
    PrTrue,
}

impl Flow {
    /// The DRBGVS name: `no_reseed`, `pr_false` or `pr_true`.
    ///
    /// ```
    /// assert_eq!(secrets_ctr_drbg::cavp::Flow::PrTrue.name(), "pr_true");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Flow::NoReseed => "no_reseed",
            Flow::PrFalse => "pr_false",
            Flow::PrTrue => "pr_true",
        }
    }
}

/// A section header such as `[AES-256 use df]`.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let section = &cavp::parse(text)?[0].section;
/// assert_eq!((section.name.as_str(), section.use_df), ("AES-128 no df", false));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The header text without brackets (`"AES-256 use df"`).
    pub name: String,
    /// The block cipher.
    pub algorithm: Algorithm,
    /// `use df` (true) or `no df` (false).
    pub use_df: bool,
}

impl Section {
    fn parse(name: &str, line: usize) -> Result<Section, ParseError> {
        let (alg, df) = match name.rsplit_once(' ') {
            Some((rest, "df")) => match rest.rsplit_once(' ') {
                Some((alg, "use")) => (alg, true),
                Some((alg, "no")) => (alg, false),
                _ => {
                    return err(
                        line,
                        format!(
                            "unknown section [{name}]: expected `<cipher> use df` or `<cipher> no df`"
                        ),
                    );
                }
            },
            _ => {
                return err(
                    line,
                    format!(
                        "unknown section [{name}]: expected `<cipher> use df` or `<cipher> no df`"
                    ),
                );
            }
        };
        let algorithm = match alg {
            "3KeyTDEA" => Algorithm::Tdea3Key,
            "AES-128" => Algorithm::Aes128,
            "AES-192" => Algorithm::Aes192,
            "AES-256" => Algorithm::Aes256,
            other => {
                return err(
                    line,
                    format!("unknown cipher `{other}` in section [{name}]"),
                );
            }
        };
        Ok(Section {
            name: name.to_string(),
            algorithm,
            use_df: df,
        })
    }
}

/// The parameter headers of a group (lengths in bits).
///
/// ```
/// let params = secrets_ctr_drbg::cavp::Params::default();
/// assert_eq!(params.entropy_input_len, None); // set by `[EntropyInputLen = …]` headers
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// `[PredictionResistance = True/False]`.
    pub prediction_resistance: Option<bool>,
    /// `[EntropyInputLen = …]` (also the length of reseed and PR entropy).
    pub entropy_input_len: Option<usize>,
    /// `[NonceLen = …]`.
    pub nonce_len: Option<usize>,
    /// `[PersonalizationStringLen = …]`.
    pub personalization_string_len: Option<usize>,
    /// `[AdditionalInputLen = …]` (also the reseed additional input).
    pub additional_input_len: Option<usize>,
    /// `[ReturnedBitsLen = …]`.
    pub returned_bits_len: Option<usize>,
}

/// The reseed inputs of a pr_false record.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let records = cavp::parse(text)?;
/// assert!(records[0].reseed.is_none()); // only pr_false records reseed
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReseedInput {
    /// `EntropyInputReseed`.
    pub entropy_input: Vec<u8>,
    /// `AdditionalInputReseed`.
    pub additional_input: Vec<u8>,
}

/// One test record, with its flow.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let record = &cavp::parse(text)?[0];
/// assert_eq!((record.count, record.entropy_input.len(), record.nonce.len()), (0, 32, 0));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The section it belongs to.
    pub section: Section,
    /// The line of its `COUNT` field.
    pub line: usize,
    /// `COUNT`.
    pub count: u64,
    /// The flow it follows.
    pub flow: Flow,
    /// `EntropyInput`.
    pub entropy_input: Vec<u8>,
    /// `Nonce`.
    pub nonce: Vec<u8>,
    /// `PersonalizationString`.
    pub personalization_string: Vec<u8>,
    /// pr_false: `EntropyInputReseed`, `AdditionalInputReseed`.
    pub reseed: Option<ReseedInput>,
    /// The two `AdditionalInput` fields, in order.
    pub additional_input: [Vec<u8>; 2],
    /// pr_true: the two `EntropyInputPR` fields, in order.
    pub entropy_input_pr: Option<[Vec<u8>; 2]>,
    /// `ReturnedBits`: the expected output of the second Generate.
    pub returned_bits: Vec<u8>,
}

const KNOWN_FIELDS: [&str; 8] = [
    "EntropyInput",
    "Nonce",
    "PersonalizationString",
    "EntropyInputReseed",
    "AdditionalInputReseed",
    "AdditionalInput",
    "EntropyInputPR",
    "ReturnedBits",
];

/// A record's fields as read, each to be consumed exactly once.
struct Fields {
    count_line: usize,
    count: u64,
    items: Vec<Field>,
}

struct Field {
    name: String,
    value: String,
    line: usize,
    used: bool,
}

impl Fields {
    fn has(&self, name: &str) -> Option<usize> {
        self.items.iter().find(|f| f.name == name).map(|f| f.line)
    }

    /// Takes the next unused `name` field, decodes its hex and checks its
    /// length in bits against the header.
    fn take(&mut self, name: &str, expected_bits: usize) -> Result<Vec<u8>, ParseError> {
        let count = self.count;
        let count_line = self.count_line;
        let Some(field) = self.items.iter_mut().find(|f| f.name == name && !f.used) else {
            return err(
                count_line,
                format!(
                    "record COUNT = {count} has no {name} field (record truncated or incomplete)"
                ),
            );
        };
        field.used = true;
        let bytes = decode_hex(&field.value).map_err(|m| ParseError {
            line: field.line,
            message: format!("{name}: {m}"),
        })?;
        if bytes.len() * 8 != expected_bits {
            return err(
                field.line,
                format!(
                    "{name} has {} bits but the header says {expected_bits}",
                    bytes.len() * 8
                ),
            );
        }
        Ok(bytes)
    }

    /// Every field must have been consumed.
    fn finish(&self) -> Result<(), ParseError> {
        // Names are all known by now, so a leftover is a repeat.
        if let Some(extra) = self.items.iter().find(|f| !f.used) {
            return err(
                extra.line,
                format!(
                    "duplicate field `{}` in record COUNT = {}",
                    extra.name, self.count
                ),
            );
        }
        Ok(())
    }
}

fn decode_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits = s.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits ({})", digits.len()));
    }
    let nibble = |c: u8| -> Result<u8, String> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(format!("not a hex digit: {:?}", char::from(c))),
        }
    };
    digits
        .chunks_exact(2)
        .map(|pair| Ok((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

fn parse_bits(name: &str, value: &str, line: usize) -> Result<usize, ParseError> {
    let bits: usize = value.parse().map_err(|_| ParseError {
        line,
        message: format!("[{name} = {value}]: not a number"),
    })?;
    if !bits.is_multiple_of(8) {
        return err(
            line,
            format!("[{name} = {value}]: not a whole number of bytes"),
        );
    }
    Ok(bits)
}

fn require(value: Option<usize>, header: &str, line: usize) -> Result<usize, ParseError> {
    value.ok_or_else(|| ParseError {
        line,
        message: format!("record before a [{header} = …] header"),
    })
}

fn build_record(
    section: &Section,
    params: &Params,
    mut fields: Fields,
) -> Result<Record, ParseError> {
    let line = fields.count_line;
    let entropy_len = require(params.entropy_input_len, "EntropyInputLen", line)?;
    let nonce_len = require(params.nonce_len, "NonceLen", line)?;
    let ps_len = require(
        params.personalization_string_len,
        "PersonalizationStringLen",
        line,
    )?;
    let ai_len = require(params.additional_input_len, "AdditionalInputLen", line)?;
    let out_len = require(params.returned_bits_len, "ReturnedBitsLen", line)?;
    let pr = params.prediction_resistance.ok_or_else(|| ParseError {
        line,
        message: "record before a [PredictionResistance = …] header".to_string(),
    })?;

    // Unknown names first: a misspelt field is reported as itself, not as
    // the field it fails to provide.
    if let Some(unknown) = fields
        .items
        .iter()
        .find(|f| !KNOWN_FIELDS.contains(&f.name.as_str()))
    {
        return err(
            unknown.line,
            format!(
                "unknown field `{}` in record COUNT = {}",
                unknown.name, fields.count
            ),
        );
    }

    let has_reseed = fields
        .has("EntropyInputReseed")
        .or_else(|| fields.has("AdditionalInputReseed"));
    let has_pr = fields.has("EntropyInputPR");
    let flow = match (pr, has_pr, has_reseed) {
        (true, _, Some(at)) => {
            return err(
                at,
                "reseed field in a [PredictionResistance = True] group (pr_true records reseed from EntropyInputPR)",
            );
        }
        (true, _, None) => Flow::PrTrue,
        (false, Some(at), _) => {
            return err(
                at,
                "EntropyInputPR in a [PredictionResistance = False] group",
            );
        }
        (false, None, Some(_)) => Flow::PrFalse,
        (false, None, None) => Flow::NoReseed,
    };

    let entropy_input = fields.take("EntropyInput", entropy_len)?;
    let nonce = fields.take("Nonce", nonce_len)?;
    let personalization_string = fields.take("PersonalizationString", ps_len)?;
    let reseed = if flow == Flow::PrFalse {
        Some(ReseedInput {
            entropy_input: fields.take("EntropyInputReseed", entropy_len)?,
            additional_input: fields.take("AdditionalInputReseed", ai_len)?,
        })
    } else {
        None
    };
    let first = fields.take("AdditionalInput", ai_len)?;
    let second = fields.take("AdditionalInput", ai_len)?;
    let entropy_input_pr = if flow == Flow::PrTrue {
        Some([
            fields.take("EntropyInputPR", entropy_len)?,
            fields.take("EntropyInputPR", entropy_len)?,
        ])
    } else {
        None
    };
    let returned_bits = fields.take("ReturnedBits", out_len)?;
    fields.finish()?;
    Ok(Record {
        section: section.clone(),
        line,
        count: fields.count,
        flow,
        entropy_input,
        nonce,
        personalization_string,
        reseed,
        additional_input: [first, second],
        entropy_input_pr,
        returned_bits,
    })
}

/// Parses a whole response file into its records, in file order.
///
/// # Errors
/// A [`ParseError`] naming the first malformed line.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let records = cavp::parse(text)?;
/// assert_eq!(records.len(), 1);
/// assert!(cavp::parse("COUNT = 0\n").is_err()); // a record outside any section
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    let mut records = Vec::new();
    let mut section: Option<Section> = None;
    let mut params = Params::default();
    // True once a record of the current parameter group has been read: the
    // next parameter header starts a new group.
    let mut group_has_records = false;
    let mut open: Option<Fields> = None;

    let close = |open: &mut Option<Fields>,
                 section: &Option<Section>,
                 params: &Params,
                 records: &mut Vec<Record>|
     -> Result<(), ParseError> {
        if let Some(fields) = open.take() {
            let Some(section) = section else {
                return err(fields.count_line, "record before any [section] header");
            };
            records.push(build_record(section, params, fields)?);
        }
        Ok(())
    };

    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let text_line = raw.strip_suffix('\r').unwrap_or(raw);
        if text_line.contains('\r') {
            return err(line, "stray carriage return inside a line");
        }
        let trimmed = text_line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        if trimmed.is_empty() {
            close(&mut open, &section, &params, &mut records)?;
            continue;
        }
        if let Some(inner) = trimmed.strip_prefix('[') {
            close(&mut open, &section, &params, &mut records)?;
            let Some(inner) = inner.strip_suffix(']') else {
                return err(line, "header without a closing `]`");
            };
            if let Some((name, value)) = inner.split_once('=') {
                if group_has_records {
                    params = Params::default();
                    group_has_records = false;
                }
                let (name, value) = (name.trim(), value.trim());
                let slot = match name {
                    "PredictionResistance" => {
                        let pr = match value {
                            "True" => true,
                            "False" => false,
                            _ => {
                                return err(
                                    line,
                                    format!(
                                        "[PredictionResistance = {value}]: expected True or False"
                                    ),
                                );
                            }
                        };
                        if params.prediction_resistance.replace(pr).is_some() {
                            return err(
                                line,
                                "duplicate [PredictionResistance] header in one group",
                            );
                        }
                        continue;
                    }
                    "EntropyInputLen" => &mut params.entropy_input_len,
                    "NonceLen" => &mut params.nonce_len,
                    "PersonalizationStringLen" => &mut params.personalization_string_len,
                    "AdditionalInputLen" => &mut params.additional_input_len,
                    "ReturnedBitsLen" => &mut params.returned_bits_len,
                    other => return err(line, format!("unknown header [{other} = …]")),
                };
                let bits = parse_bits(name, value, line)?;
                if slot.replace(bits).is_some() {
                    return err(line, format!("duplicate [{name}] header in one group"));
                }
            } else {
                section = Some(Section::parse(inner.trim(), line)?);
                params = Params::default();
                group_has_records = false;
            }
            continue;
        }
        let Some((name, value)) = trimmed.split_once('=') else {
            return err(
                line,
                format!("unrecognised line {trimmed:?}: expected `Name = value`"),
            );
        };
        let (name, value) = (name.trim(), value.trim());
        if name == "COUNT" {
            close(&mut open, &section, &params, &mut records)?;
            let count = value.parse().map_err(|_| ParseError {
                line,
                message: format!("COUNT = {value}: not a number"),
            })?;
            if section.is_none() {
                return err(line, "record before any [section] header");
            }
            group_has_records = true;
            open = Some(Fields {
                count_line: line,
                count,
                items: Vec::new(),
            });
            continue;
        }
        let Some(fields) = open.as_mut() else {
            return err(
                line,
                format!("field `{name}` outside a record (no COUNT before it)"),
            );
        };
        fields.items.push(Field {
            name: name.to_string(),
            value: value.to_string(),
            line,
            used: false,
        });
    }
    close(&mut open, &section, &params, &mut records)?;
    Ok(records)
}

/// The result of running one record.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let record = &cavp::parse(text)?[0];
/// assert_eq!(cavp::run_record(record), cavp::Outcome::Passed);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The output matched `ReturnedBits`.
    Passed,
    /// Out of scope (3KeyTDEA).
    Skipped,
    /// A mismatch or a refused input.
    Failed(Mismatch),
}

/// What went wrong in a failed record.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let mut record = cavp::parse(text)?.remove(0);
/// record.entropy_input[0] ^= 1;
/// let cavp::Outcome::Failed(mismatch) = cavp::run_record(&record) else { panic!("must fail") };
/// assert_eq!(mismatch.field, "ReturnedBits");
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The field that disagrees (`ReturnedBits`), or the input the mechanism
    /// refused.
    pub field: &'static str,
    /// Expected vs. obtained, or the mechanism's error.
    pub detail: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn refused(field: &'static str, step: &str, e: crate::Error) -> Outcome {
    Outcome::Failed(Mismatch {
        field,
        detail: format!("{step} refused it: {e}"),
    })
}

fn run_variant<C: AesVariant>(record: &Record) -> Outcome {
    let config = if record.section.use_df {
        Config::with_df()
    } else {
        Config::without_df()
    };
    let mut drbg = match CtrDrbg::<C>::instantiate(
        config,
        &record.entropy_input,
        &record.nonce,
        &record.personalization_string,
    ) {
        Ok(drbg) => drbg,
        Err(e) => return refused("EntropyInput/Nonce/PersonalizationString", "Instantiate", e),
    };
    if record.returned_bits.len() > MAX_BYTES_PER_REQUEST {
        return Outcome::Failed(Mismatch {
            field: "ReturnedBits",
            detail: "longer than one Generate call may return (2^19 bits)".to_string(),
        });
    }
    let mut out = alloc::vec![0u8; record.returned_bits.len()];
    match record.flow {
        Flow::NoReseed | Flow::PrFalse => {
            if let Some(reseed) = &record.reseed
                && let Err(e) = drbg.reseed(&reseed.entropy_input, &reseed.additional_input)
            {
                return refused("EntropyInputReseed/AdditionalInputReseed", "Reseed", e);
            }
            for additional in &record.additional_input {
                if let Err(e) = drbg.generate(&mut out, additional) {
                    return refused("AdditionalInput", "Generate", e);
                }
            }
        }
        Flow::PrTrue => {
            let Some(entropy_pr) = &record.entropy_input_pr else {
                return Outcome::Failed(Mismatch {
                    field: "EntropyInputPR",
                    detail: "a pr_true record without EntropyInputPR".to_string(),
                });
            };
            for (entropy, additional) in entropy_pr.iter().zip(&record.additional_input) {
                if let Err(e) =
                    drbg.generate_with_prediction_resistance(&mut out, entropy, additional)
                {
                    return refused(
                        "EntropyInputPR/AdditionalInput",
                        "Generate with prediction resistance",
                        e,
                    );
                }
            }
        }
    }
    if out == record.returned_bits {
        Outcome::Passed
    } else {
        Outcome::Failed(Mismatch {
            field: "ReturnedBits",
            detail: format!("expected {}, got {}", hex(&record.returned_bits), hex(&out)),
        })
    }
}

/// Runs one record through the mechanism.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// for record in cavp::parse(text)? {
///     assert_eq!(cavp::run_record(&record), cavp::Outcome::Passed);
/// }
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
pub fn run_record(record: &Record) -> Outcome {
    match record.section.algorithm {
        Algorithm::Tdea3Key => Outcome::Skipped,
        Algorithm::Aes128 => run_variant::<Aes128Enc>(record),
        Algorithm::Aes192 => run_variant::<Aes192Enc>(record),
        Algorithm::Aes256 => run_variant::<Aes256Enc>(record),
    }
}

/// A failed record, located.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let mut records = cavp::parse(text)?;
/// records[0].nonce.push(0); // a nonce without df is refused
/// let report = cavp::run_records(&records);
/// let failure = &report.failures[0];
/// println!("[{}] COUNT = {} (line {}): {}", failure.section, failure.count, failure.line, failure.mismatch.detail);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The section name (`"AES-256 use df"`).
    pub section: String,
    /// `COUNT`.
    pub count: u64,
    /// The line of `COUNT`.
    pub line: usize,
    /// The flow that was run.
    pub flow: Flow,
    /// What differed.
    pub mismatch: Mismatch,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] COUNT = {} (line {}, {}): {} mismatch: {}",
            self.section,
            self.count,
            self.line,
            self.flow.name(),
            self.mismatch.field,
            self.mismatch.detail
        )
    }
}

/// Counts for one section (all its parameter groups).
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let report = cavp::run(text)?;
/// let section = &report.sections[0];
/// assert_eq!((section.name.as_str(), section.passed, section.failed), ("AES-128 no df", 1, 0));
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionReport {
    /// The section name.
    pub name: String,
    /// Records whose output matched.
    pub passed: usize,
    /// Records that failed.
    pub failed: usize,
    /// Records not run (3KeyTDEA).
    pub skipped: usize,
}

/// The result of running a whole file.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let report = cavp::run(text)?;
/// assert_eq!((report.passed(), report.failed(), report.skipped()), (1, 0, 0));
/// assert_eq!(report.flows, [cavp::Flow::NoReseed]);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Per section, in order of first appearance.
    pub sections: Vec<SectionReport>,
    /// Every failure, in file order.
    pub failures: Vec<Failure>,
    /// The flows seen in the file.
    pub flows: Vec<Flow>,
}

impl Report {
    /// Total passed records.
    ///
    /// ```
    /// use secrets_ctr_drbg::cavp;
    /// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
    /// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
    /// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
    /// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
    /// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
    /// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
    /// assert_eq!(cavp::run(text)?.passed(), 1);
    /// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
    /// ```
    pub fn passed(&self) -> usize {
        self.sections.iter().map(|s| s.passed).sum()
    }
    /// Total failed records.
    ///
    /// ```
    /// use secrets_ctr_drbg::cavp;
    /// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
    /// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
    /// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
    /// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
    /// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
    /// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
    /// assert_eq!(cavp::run(text)?.failed(), 0);
    /// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
    /// ```
    pub fn failed(&self) -> usize {
        self.sections.iter().map(|s| s.failed).sum()
    }
    /// Total skipped records.
    ///
    /// ```
    /// use secrets_ctr_drbg::cavp;
    /// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
    /// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
    /// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
    /// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
    /// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
    /// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
    /// assert_eq!(cavp::run(text)?.skipped(), 0); // 3KeyTDEA records would count here
    /// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
    /// ```
    pub fn skipped(&self) -> usize {
        self.sections.iter().map(|s| s.skipped).sum()
    }
}

/// Runs already parsed records.
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let records = cavp::parse(text)?;
/// assert_eq!(cavp::run_records(&records).passed(), 1);
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
pub fn run_records(records: &[Record]) -> Report {
    let mut report = Report::default();
    for record in records {
        if !report.flows.contains(&record.flow) {
            report.flows.push(record.flow);
        }
        let index = match report
            .sections
            .iter()
            .position(|s| s.name == record.section.name)
        {
            Some(i) => i,
            None => {
                report.sections.push(SectionReport {
                    name: record.section.name.clone(),
                    ..SectionReport::default()
                });
                report.sections.len() - 1
            }
        };
        let section = &mut report.sections[index];
        match run_record(record) {
            Outcome::Passed => section.passed += 1,
            Outcome::Skipped => section.skipped += 1,
            Outcome::Failed(mismatch) => {
                section.failed += 1;
                report.failures.push(Failure {
                    section: record.section.name.clone(),
                    count: record.count,
                    line: record.line,
                    flow: record.flow,
                    mismatch,
                });
            }
        }
    }
    report
}

/// Parses and runs a whole response file.
///
/// # Errors
/// A [`ParseError`] if the file is malformed anywhere (nothing is run then).
///
/// ```
/// use secrets_ctr_drbg::cavp;
/// # let text = "[AES-128 no df]\n[PredictionResistance = False]\n[EntropyInputLen = 256]\n[NonceLen = 0]\n\
/// # [PersonalizationStringLen = 0]\n[AdditionalInputLen = 0]\n[ReturnedBitsLen = 512]\n\nCOUNT = 0\n\
/// # EntropyInput = ce50f33da5d4c1d3d4004eb35244b7f2cd7f2e5076fbf6780a7ff634b249a5fc\nNonce = \n\
/// # PersonalizationString = \nAdditionalInput = \nAdditionalInput = \n\
/// # ReturnedBits = 6545c0529d372443b392ceb3ae3a99a30f963eaf313280f1d1a1e87f9db373d361e75d18018266499cccd64d9bbb8de0185f213383080faddec46bae1f784e5a\n";
/// // `text`: a CAVP response file, e.g. one AES-128 record of CTR_DRBG_no_reseed.rsp
/// let report = cavp::run(text)?;
/// assert!(report.failures.is_empty());
/// # Ok::<(), secrets_ctr_drbg::cavp::ParseError>(())
/// ```
pub fn run(text: &str) -> Result<Report, ParseError> {
    Ok(run_records(&parse(text)?))
}
