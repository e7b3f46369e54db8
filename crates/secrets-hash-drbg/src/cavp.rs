//! NIST CAVP response files of the hash-based DRBGs (`Hash_DRBG.rsp`,
//! `HMAC_DRBG.rsp` of `drbgtestvectors.zip`): their family for
//! [`secrets_drbg::cavp`]'s strict parser and runner, which handles all
//! three DRBGVS flows (no_reseed, pr_false, pr_true).
//!
//! Sections are the hash functions (`[SHA-1]`, `[SHA-224]`, `[SHA-256]`,
//! `[SHA-384]`, `[SHA-512]`, `[SHA-512/224]`, `[SHA-512/256]`) and all are
//! in scope; SHA-1 runs with feature `sha1` and is reported as skipped
//! without it.
//!
//! ```
//! use secrets_hash_drbg::cavp::HashDrbgFamily;
//! use secrets_drbg::cavp;
//!
//! let file = "\
//! ## Hash_DRBG options: SHA-256
//! [SHA-256]
//! [PredictionResistance = False]
//! [EntropyInputLen = 256]
//! [NonceLen = 128]
//! [PersonalizationStringLen = 0]
//! [AdditionalInputLen = 0]
//! [ReturnedBitsLen = 8]
//!
//! COUNT = 0
//! EntropyInput = 0000000000000000000000000000000000000000000000000000000000000000
//! Nonce = 00000000000000000000000000000000
//! PersonalizationString =
//! AdditionalInput =
//! AdditionalInput =
//! ReturnedBits = 00
//! ";
//! let report = cavp::run::<HashDrbgFamily>(file)?;
//! assert_eq!(report.passed() + report.failed(), 1);
//! # Ok::<(), cavp::ParseError>(())
//! ```

use alloc::format;
use alloc::string::String;
use core::marker::PhantomData;

use secrets_drbg::cavp::{self, Family, Outcome, Record};

use crate::__shared::RawDrbg;
use crate::config::Config;
use crate::drbg::HashDrbg;
use crate::sha::{HashName, HashVisitor, Sha};

/// A hash-based DRBG mechanism as the CAVP runner sees it: its name in the
/// files and its raw type for each hash function.
///
/// ```
/// use secrets_hash_drbg::cavp::{HashBased, HashDrbgKind};
/// use secrets_hash_drbg::{Config, sha2::Sha256};
/// assert_eq!(HashDrbgKind::NAME, "Hash_DRBG");
/// // `Drbg<H>` is the raw type: here `HashDrbg<Sha256>`.
/// let drbg = <HashDrbgKind as HashBased>::Drbg::<Sha256>::instantiate(Config::new(), &[1; 32], &[2; 16], &[]);
/// assert!(drbg.is_ok());
/// ```
pub trait HashBased {
    /// `"Hash_DRBG"` or `"HMAC_DRBG"`.
    const NAME: &'static str;
    /// The raw DRBG type with hash function `H`.
    type Drbg<H: Sha>: RawDrbg<Hash = H>;
}

/// The CAVP family of a hash-based DRBG `K`: every section runs.
///
/// ```
#[doc = include_str!("cavp_doc_rsp.md")]
/// use secrets_hash_drbg::cavp::{HashBasedFamily, HashDrbgKind};
/// // RSP: the first [SHA-256] record of NIST's Hash_DRBG no_reseed file.
/// let report = secrets_drbg::cavp::run::<HashBasedFamily<HashDrbgKind>>(RSP)?;
/// assert_eq!((report.mechanism, report.passed(), report.failed()), ("Hash_DRBG", 1, 0));
/// # Ok::<(), secrets_drbg::cavp::ParseError>(())
/// ```
pub struct HashBasedFamily<K>(PhantomData<K>);

/// Declares the mechanism `$kind` (named `$name` in the files) with raw
/// type `$drbg`, and `$family`, its CAVP family.
#[doc(hidden)]
#[macro_export]
macro_rules! __cavp_kind {
    (
        $kind:ident, $family:ident, $drbg:ident, $name:literal, $krate:literal,
        example: $rsp:expr, bits: $good:literal => $bad:literal
    ) => {
        #[doc = concat!($name, ".")]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "use secrets_hash_drbg::cavp::HashBased;"]
        #[doc = concat!("use ", $krate, "::cavp::", stringify!($kind), ";")]
        #[doc = concat!("assert_eq!(", stringify!($kind), "::NAME, \"", $name, "\"); // as the files' `# … options:` line spells it")]
        #[doc = "```"]
        #[derive(Clone, Copy, Debug)]
        pub struct $kind;

        impl $crate::cavp::HashBased for $kind {
            const NAME: &'static str = $name;
            type Drbg<H: $crate::sha::Sha> = $drbg<H>;
        }

        #[doc = concat!("The ", $name, " family: `cavp::run::<", stringify!($family), ">(text)`.")]
        #[doc = ""]
        #[doc = "```"]
        #[doc = $rsp]
        #[doc = concat!("use ", $krate, "::cavp::", stringify!($family), ";")]
        #[doc = concat!("// RSP: the first [SHA-256] record of NIST's ", $name, " no_reseed file.")]
        #[doc = concat!("let report = secrets_drbg::cavp::run::<", stringify!($family), ">(RSP)?;")]
        #[doc = concat!("assert_eq!((report.mechanism, report.passed(), report.failed()), (\"", $name, "\", 1, 0));")]
        #[doc = "// One wrong bit of ReturnedBits and the record fails."]
        #[doc = concat!("let wrong = RSP.replace(\"ReturnedBits = ", $good, "\", \"ReturnedBits = ", $bad, "\");")]
        #[doc = concat!("let report = secrets_drbg::cavp::run::<", stringify!($family), ">(&wrong)?;")]
        #[doc = "assert_eq!(report.failures[0].mismatch.field, \"ReturnedBits\");"]
        #[doc = "# Ok::<(), secrets_drbg::cavp::ParseError>(())"]
        #[doc = "```"]
        pub type $family = $crate::cavp::HashBasedFamily<$kind>;
    };
}

crate::__cavp_kind!(
    HashDrbgKind, HashDrbgFamily, HashDrbg, "Hash_DRBG", "secrets_hash_drbg",
    example: include_str!("cavp_doc_rsp.md"), bits: "d3e1" => "d3e0"
);

impl<K: HashBased> Family for HashBasedFamily<K> {
    const NAME: &'static str = K::NAME;
    type Variant = HashName;

    fn variant(section: &str) -> Result<HashName, String> {
        HashName::from_label(section).ok_or_else(|| {
            format!(
                "unknown section [{section}]: expected a hash function, [SHA-1], [SHA-224], \
                 [SHA-256], [SHA-384], [SHA-512], [SHA-512/224] or [SHA-512/256]"
            )
        })
    }

    fn run(record: &Record<HashName>) -> Outcome {
        record
            .section
            .variant
            .dispatch(RunFlow::<K>(record, PhantomData))
            .unwrap_or(Outcome::Skipped("SHA-1 runs only with feature `sha1`"))
    }
}

struct RunFlow<'a, K>(&'a Record<HashName>, PhantomData<K>);

impl<K: HashBased> HashVisitor for RunFlow<'_, K> {
    type Output = Outcome;
    fn visit<H: Sha>(self) -> Outcome {
        cavp::run_flow::<K::Drbg<H>, _>(Config::new(), self.0)
    }
}
