//! Parsing and running response files (feature `cavp`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use secrets_core::Error;

use super::Functions;

/// A malformed response file: the 1-based line and what is wrong with it.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let error = secrets_drbg::cavp::parse::<ToyFamily>("[toy]\nCOUNT = x\n").unwrap_err();
/// assert_eq!(error.line, 2);
/// assert_eq!(error.to_string(), format!("line 2: {}", error.message));
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

/// A mechanism family (CTR_DRBG, Hash_DRBG, HMAC_DRBG): what its sections
/// mean and how a record of one runs.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// // `ToyFamily` implements `Family` (see the source of this example).
/// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(report.mechanism, ToyFamily::NAME);
/// assert_eq!(ToyFamily::variant("retired"), Ok(false));
/// assert!(ToyFamily::variant("AES-256 use df").is_err());
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub trait Family {
    /// The mechanism's name as the file's `# NAME options: …` line spells
    /// it (`"CTR_DRBG"`, `"Hash_DRBG"`, `"HMAC_DRBG"`).
    const NAME: &'static str;
    /// What a section header selects (CTR_DRBG: the cipher and the df;
    /// Hash_DRBG: the hash function).
    type Variant: Clone + fmt::Debug + PartialEq + Eq;

    /// Reads a section header, without its brackets (`"AES-256 use df"`).
    ///
    /// # Errors
    /// A message naming the section and what was expected; the parser adds
    /// the line.
    fn variant(section: &str) -> Result<Self::Variant, String>;

    /// Runs one record: [`run_flow`] over the variant's DRBG, or
    /// [`Outcome::Skipped`] for a variant out of scope.
    fn run(record: &Record<Self::Variant>) -> Outcome;
}

/// Which DRBGVS flow a record follows.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// use secrets_drbg::cavp::{Flow, parse};
/// let records = parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(records[0].flow, Flow::NoReseed);
/// assert_eq!(records[1].flow, Flow::PrFalse);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
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
    /// use secrets_drbg::cavp::Flow;
    /// assert_eq!(Flow::NoReseed.name(), "no_reseed");
    /// assert_eq!(Flow::PrFalse.name(), "pr_false");
    /// assert_eq!(Flow::PrTrue.name(), "pr_true");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Flow::NoReseed => "no_reseed",
            Flow::PrFalse => "pr_false",
            Flow::PrTrue => "pr_true",
        }
    }
}

/// A section header such as `[SHA-256]`.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(records[0].section.name, "toy");
/// assert!(records[0].section.variant);
/// assert_eq!(records[3].section.name, "retired");
/// assert!(!records[3].section.variant);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section<V> {
    /// The header text without brackets (`"SHA-256"`).
    pub name: String,
    /// What it selects.
    pub variant: V,
}

/// The parameter headers of a group (lengths in bits).
///
/// ```
/// use secrets_drbg::cavp::Params;
/// // Every header starts unset; the parser fills them from `[… = …]` lines.
/// let params = Params::default();
/// assert_eq!(params.entropy_input_len, None);
/// assert_eq!(params.prediction_resistance, None);
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
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// use secrets_drbg::cavp::{ReseedInput, parse};
/// let records = parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(records[0].reseed, None); // no_reseed
/// assert_eq!(
///     records[1].reseed,
///     Some(ReseedInput { entropy_input: vec![0x03], additional_input: vec![] }),
/// );
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
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
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// let first = &records[0];
/// assert_eq!((first.count, first.line), (0, 10));
/// assert_eq!(first.entropy_input, [0x10]);
/// assert_eq!(first.nonce, [0x01]);
/// assert!(first.personalization_string.is_empty());
/// assert_eq!(first.returned_bits, [0x12, 0x12]);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<V> {
    /// The section it belongs to.
    pub section: Section<V>,
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

fn build_record<V: Clone>(
    section: &Section<V>,
    params: &Params,
    mut fields: Fields,
) -> Result<Record<V>, ParseError> {
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

/// The mechanism a `# NAME options: …` comment line declares, if `line` is
/// one (`"Hash_DRBG"` from `# Hash_DRBG options: SHA-1 :: …`).
fn options_line(line: &str) -> Option<&str> {
    let (name, _) = line.strip_prefix('#')?.split_once(" options:")?;
    let name = name.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
}

/// The mechanism a file declares in its `# NAME options: …` header line, and
/// that line (1-based): `Some((6, "Hash_DRBG"))`. `None` if it has none.
///
/// ```
/// use secrets_drbg::cavp::declared_mechanism;
/// let text = "# CAVS 14.3\r\n# Hash_DRBG options: SHA-1 :: SHA-256\r\n[SHA-1]\r\n";
/// assert_eq!(declared_mechanism(text), Some((2, "Hash_DRBG")));
/// assert_eq!(declared_mechanism("[SHA-1]\r\n"), None);
/// ```
pub fn declared_mechanism(text: &str) -> Option<(usize, &str)> {
    text.split('\n').enumerate().find_map(|(index, raw)| {
        let name = options_line(raw.trim())?;
        Some((index + 1, name))
    })
}

/// Parses a whole response file of family `F` into its records, in file
/// order.
///
/// # Errors
/// A [`ParseError`] naming the first malformed line.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(records.len(), 4);
/// assert_eq!(records.iter().map(|r| r.count).collect::<Vec<_>>(), [0, 1, 2, 0]);
/// // A field the format does not know is refused, naming its line.
/// let bad = TOY_RSP.replace("Nonce = 01", "Noncee = 01");
/// assert_eq!(secrets_drbg::cavp::parse::<ToyFamily>(&bad).unwrap_err().line, 12);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub fn parse<F: Family>(text: &str) -> Result<Vec<Record<F::Variant>>, ParseError> {
    let mut records = Vec::new();
    let mut section: Option<Section<F::Variant>> = None;
    let mut params = Params::default();
    // True once a record of the current parameter group has been read: the
    // next parameter header starts a new group.
    let mut group_has_records = false;
    let mut open: Option<Fields> = None;

    let close = |open: &mut Option<Fields>,
                 section: &Option<Section<F::Variant>>,
                 params: &Params,
                 records: &mut Vec<Record<F::Variant>>|
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
            if let Some(name) = options_line(trimmed)
                && name != F::NAME
            {
                return err(line, format!("this is a {name} file, not {}", F::NAME));
            }
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
                let name = inner.trim();
                let variant = F::variant(name).map_err(|message| ParseError { line, message })?;
                section = Some(Section {
                    name: name.to_string(),
                    variant,
                });
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
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(ToyFamily::run(&records[0]), Outcome::Passed);
/// assert!(matches!(ToyFamily::run(&records[2]), Outcome::Failed(_)));
/// assert_eq!(ToyFamily::run(&records[3]), Outcome::Skipped("retired is out of scope"));
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The output matched `ReturnedBits`.
    Passed,
    /// Not run, for the reason given (`"3KeyTDEA is out of scope"`).
    Skipped(&'static str),
    /// A mismatch or a refused input.
    Failed(Mismatch),
}

/// What went wrong in a failed record.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// let Outcome::Failed(mismatch) = ToyFamily::run(&records[2]) else { panic!("COUNT 2 must fail") };
/// assert_eq!(mismatch.field, "ReturnedBits");
/// assert_eq!(mismatch.detail, "expected 0000, got 1212");
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
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

fn refused(field: &'static str, step: &str, e: Error) -> Outcome {
    Outcome::Failed(Mismatch {
        field,
        detail: format!("{step} refused it: {e}"),
    })
}

/// Runs `record` through `D` instantiated with `config`, following the
/// record's flow, and compares the second output with `ReturnedBits`.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let records = secrets_drbg::cavp::parse::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(run_flow::<Toy, bool>((), &records[1]), Outcome::Passed);
/// // The same record with an empty EntropyInput: the mechanism refuses it.
/// let mut refused = records[1].clone();
/// refused.entropy_input.clear();
/// let Outcome::Failed(mismatch) = run_flow::<Toy, bool>((), &refused) else { panic!() };
/// assert!(mismatch.detail.starts_with("Instantiate refused it"));
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub fn run_flow<D: Functions, V>(config: D::Config, record: &Record<V>) -> Outcome {
    let mut drbg = match D::instantiate(
        config,
        &record.entropy_input,
        &record.nonce,
        &record.personalization_string,
    ) {
        Ok(drbg) => drbg,
        Err(e) => return refused("EntropyInput/Nonce/PersonalizationString", "Instantiate", e),
    };
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

/// A failed record, located.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
/// let failure = &report.failures[0];
/// assert_eq!((failure.section.as_str(), failure.count, failure.line), ("toy", 2, 28));
/// assert_eq!(
///     failure.to_string(),
///     "[toy] COUNT = 2 (line 28, no_reseed): ReturnedBits mismatch: expected 0000, got 1212",
/// );
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
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
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
/// let toy = &report.sections[0];
/// assert_eq!((toy.name.as_str(), toy.passed, toy.failed, toy.skipped), ("toy", 2, 1, 0));
/// let retired = &report.sections[1];
/// assert_eq!((retired.skipped, retired.skip_reason), (1, Some("retired is out of scope")));
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionReport {
    /// The section name.
    pub name: String,
    /// Records whose output matched.
    pub passed: usize,
    /// Records that failed.
    pub failed: usize,
    /// Records not run.
    pub skipped: usize,
    /// Why records were skipped, if any were.
    pub skip_reason: Option<&'static str>,
}

/// The result of running a whole file.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// use secrets_drbg::cavp::Flow;
/// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
/// assert_eq!(report.mechanism, "Toy");
/// assert_eq!(report.sections.len(), 2);
/// assert_eq!(report.failures.len(), 1);
/// assert_eq!(report.flows, [Flow::NoReseed, Flow::PrFalse]);
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The mechanism family ([`Family::NAME`]).
    pub mechanism: &'static str,
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
    #[doc = include_str!("doc_toy_functions.md")]
    #[doc = include_str!("doc_toy.md")]
    /// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
    /// assert_eq!(report.passed(), 2);
    /// # Ok::<(), secrets_drbg::cavp::ParseError>(())
    /// ```
    pub fn passed(&self) -> usize {
        self.sections.iter().map(|s| s.passed).sum()
    }
    /// Total failed records.
    ///
    /// ```
    #[doc = include_str!("doc_toy_functions.md")]
    #[doc = include_str!("doc_toy.md")]
    /// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
    /// assert_eq!(report.failed(), 1);
    /// # Ok::<(), secrets_drbg::cavp::ParseError>(())
    /// ```
    pub fn failed(&self) -> usize {
        self.sections.iter().map(|s| s.failed).sum()
    }
    /// Total skipped records.
    ///
    /// ```
    #[doc = include_str!("doc_toy_functions.md")]
    #[doc = include_str!("doc_toy.md")]
    /// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
    /// assert_eq!(report.skipped(), 1);
    /// # Ok::<(), secrets_drbg::cavp::ParseError>(())
    /// ```
    pub fn skipped(&self) -> usize {
        self.sections.iter().map(|s| s.skipped).sum()
    }
}

/// Runs already parsed records of family `F`.
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// use secrets_drbg::cavp::{parse, run_records};
/// let mut records = parse::<ToyFamily>(TOY_RSP)?;
/// records.retain(|r| r.section.variant); // only the [toy] section
/// let report = run_records::<ToyFamily>(&records);
/// assert_eq!((report.passed(), report.failed(), report.skipped()), (2, 1, 0));
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub fn run_records<F: Family>(records: &[Record<F::Variant>]) -> Report {
    let mut report = Report {
        mechanism: F::NAME,
        ..Report::default()
    };
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
        match F::run(record) {
            Outcome::Passed => section.passed += 1,
            Outcome::Skipped(reason) => {
                section.skipped += 1;
                section.skip_reason = Some(reason);
            }
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

/// Parses and runs a whole response file of family `F`.
///
/// # Errors
/// A [`ParseError`] if the file is malformed anywhere (nothing is run then).
///
/// ```
#[doc = include_str!("doc_toy_functions.md")]
#[doc = include_str!("doc_toy.md")]
/// let report = secrets_drbg::cavp::run::<ToyFamily>(TOY_RSP)?;
/// assert_eq!((report.passed(), report.failed(), report.skipped()), (2, 1, 1));
/// // A malformed file runs nothing.
/// assert!(secrets_drbg::cavp::run::<ToyFamily>("[AES-128 no df]\n").is_err());
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub fn run<F: Family>(text: &str) -> Result<Report, ParseError> {
    Ok(run_records::<F>(&parse::<F>(text)?))
}
