//! NIST CAVP DRBG response files (DRBGVS, `drbgtestvectors.zip`): a strict
//! parser and a runner for all three flows, for any SP 800-90A mechanism
//! (feature `cavp`; without it only the [`Functions`] trait is here).
//!
//! The format and the flows are the same for CTR_DRBG, Hash_DRBG and
//! HMAC_DRBG; only the section headers differ (`[AES-256 use df]`,
//! `[SHA-256]`). A mechanism family says what its sections mean and how to
//! run a record through one of them by implementing `Family`, usually with
//! `run_flow` over a type implementing [`Functions`].
//!
//! # Format
//!
//! ```text
//! # Hash_DRBG options: SHA-1 :: …       the mechanism (checked if present)
//! [SHA-256]                             section: the variant
//! [PredictionResistance = False]        parameter headers of the group
//! [EntropyInputLen = 256]               (lengths in bits)
//! [NonceLen = 128]
//! [PersonalizationStringLen = 0]
//! [AdditionalInputLen = 0]
//! [ReturnedBitsLen = 1024]
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
//! Lines end in CRLF or LF; `#` lines are comments, except that a
//! `# NAME options: …` line naming another mechanism than the family's is an
//! error (a Hash_DRBG file run as HMAC_DRBG would otherwise fail every
//! record instead of saying why).
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
//! a parameter group, an unknown section or any unrecognised line is a
//! `ParseError` naming the line. Parsing never panics.

use secrets_core::Error;

use crate::Sp80090a;

#[cfg(feature = "cavp")]
mod files;

#[cfg(feature = "cavp")]
pub use files::{
    Failure, Family, Flow, Mismatch, Outcome, Params, ParseError, Record, Report, ReseedInput,
    Section, SectionReport, declared_mechanism, parse, run, run_flow, run_records,
};

/// The SP 800-90A functions a record runs through, for one raw DRBG type
/// (its own methods of the same names): Instantiate, by value, here; Reseed
/// and Generate in the supertrait [`Sp80090a`]. Available without feature
/// `cavp`, so that a mechanism's self-test can run known answers through it
/// too.
///
/// ```
#[doc = include_str!("cavp/doc_toy_functions.md")]
/// // `Toy` implements `Functions` and `Sp80090a` (see the source of this example).
/// let mut drbg = Toy::instantiate((), &[0x10], &[0x01], &[])?;
/// let mut out = [0u8; 2];
/// drbg.generate(&mut out, &[])?;
/// assert_eq!(out, [0x11, 0x11]);
/// drbg.generate_with_prediction_resistance(&mut out, &[0x20], &[])?;
/// assert_eq!(out, [0x32, 0x32]); // (0x11 + 1) ^ 0x20
/// assert!(Toy::instantiate((), &[], &[0x01], &[]).is_err());
/// # Ok::<(), Error>(())
/// ```
pub trait Functions: Sp80090a + Sized {
    /// Choices fixed at instantiation (CTR_DRBG: the df or none).
    type Config: Copy;

    /// Instantiate.
    ///
    /// # Errors
    /// The mechanism's refusal of an input.
    fn instantiate(
        config: Self::Config,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) -> Result<Self, Error>;
}
