//! `secrets password` and `secrets passphrase`: thin shells over the
//! facade's policy types, which own the rules and the entropy figures.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;

use secrets::{CharClasses, PassphrasePolicy, PasswordPolicy, Wordlist, load_wordlist};
use zeroize::Zeroizing;

use crate::cli::{PassphraseArgs, PasswordArgs};
use crate::engine::Engine;
use crate::error::CliError;
use crate::text::{TextOut, os_bytes};

/// Runs `secrets password`.
pub fn password(engine: &mut Engine, args: &PasswordArgs) -> Result<(), CliError> {
    let mut policy = PasswordPolicy::default();
    if let Some(length) = args.length {
        policy.length = length;
    }
    if let Some(classes) = &args.classes {
        policy.classes = CharClasses::parse(classes)?;
    }
    policy.require_each = args.require_each;
    policy.exclude_ambiguous = args.exclude_ambiguous;
    if let Some(alphabet) = &args.alphabet {
        policy.alphabet = Some(utf8(alphabet, "--alphabet")?.to_owned());
    }
    // Validates the policy before anything is drawn.
    let bits = policy.entropy_bits()?;
    if args.entropy {
        print_entropy(bits);
    }
    let mut out = TextOut::new()?;
    for _ in 0..args.count {
        let password = Zeroizing::new(engine.password(&policy)?);
        out.line(password.as_bytes())?;
    }
    out.finish()
}

/// Runs `secrets passphrase`.
pub fn passphrase(engine: &mut Engine, args: &PassphraseArgs) -> Result<(), CliError> {
    let wordlist = match &args.wordlist {
        Some(name) => wordlist(name)?,
        None => Wordlist::EffLarge,
    };
    let separator = args.separator.as_deref().unwrap_or(OsStr::new(" "));
    let mut policy = PassphrasePolicy {
        words: args.words.unwrap_or(DEFAULT_WORDS),
        separator: String::new(),
        wordlist,
    };
    // Validates the word count and the list before anything is drawn.
    let bits = policy.entropy_bits()?;
    if args.entropy {
        print_entropy(bits);
    }
    let mut out = TextOut::new()?;
    match separator.to_str() {
        Some(separator) => {
            policy.separator = separator.to_owned();
            for _ in 0..args.count {
                let phrase = Zeroizing::new(engine.passphrase(&policy)?);
                out.line(phrase.as_bytes())?;
            }
        }
        None => {
            // A separator that is not UTF-8 cannot live in the facade's
            // String: draw the words one by one (the same independent uniform
            // draws) and put the raw bytes between them.
            let separator = os_bytes(separator);
            let words = policy.words;
            let one_word = PassphrasePolicy { words: 1, ..policy };
            for _ in 0..args.count {
                for i in 0..words {
                    if i > 0 {
                        out.write(&separator)?;
                    }
                    let word = Zeroizing::new(engine.passphrase(&one_word)?);
                    out.write(word.as_bytes())?;
                }
                out.write(b"\n")?;
            }
        }
    }
    out.finish()
}

/// EFF's recommendation: six words of the large list (77.5 bits).
const DEFAULT_WORDS: usize = 6;

/// `--wordlist`: a built-in list by name, or a file.
fn wordlist(name: &OsStr) -> Result<Wordlist, CliError> {
    if name.is_empty() {
        return Err(CliError::usage(
            "--wordlist must be eff-large, eff-short or the path of a word list file",
        ));
    }
    match name.to_str() {
        Some("eff-large") => Ok(Wordlist::EffLarge),
        Some("eff-short") => Ok(Wordlist::EffShort),
        _ => load_wordlist(Path::new(name)).map_err(|error| match error {
            secrets::Error::InvalidArgument { reason, .. } => CliError::usage(format!(
                "--wordlist '{}': {reason}",
                Path::new(name).display()
            )),
            other => CliError::from(other),
        }),
    }
}

/// The text of an argument that must be UTF-8 (characters are counted and
/// drawn as Unicode scalar values), or a usage error naming the option.
fn utf8<'a>(text: &'a OsStr, option: &str) -> Result<&'a str, CliError> {
    text.to_str().ok_or_else(|| {
        CliError::usage(format!(
            "{option} must be valid UTF-8 text; got '{}'",
            text.to_string_lossy()
        ))
    })
}

/// Prints the `--entropy` line on stderr.
fn print_entropy(bits: f64) {
    let _ = writeln!(std::io::stderr().lock(), "entropy: {bits:.1} bits");
}
