//! `secrets password` and `secrets passphrase`: thin shells over the
//! facade's policy types and word lists, which own the rules and the
//! entropy figures; the CLI only narrows the character set or the word list
//! (shell-safe symbols, `--exclude`, word lengths, case, acrostic) before
//! drawing, so every result stays equally likely.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;

use secrets::{CharClasses, PasswordPolicy, SHELL_SAFE_SYMBOLS, SYMBOLS, Wordlist, load_wordlist};
use zeroize::Zeroizing;

use crate::cli::{PassphraseArgs, PasswordArgs, SymbolSet, WordCase};
use crate::engine::Engine;
use crate::error::CliError;
use crate::text::{TextOut, os_bytes, warn_if_weak};

/// Runs `secrets password`.
pub fn password(engine: &mut Engine, args: &PasswordArgs) -> Result<(), CliError> {
    let policy = password_policy(args)?;
    // Validates the policy before anything is drawn.
    let bits = policy.entropy_bits()?;
    refuse_zero_bits(bits, args.force, "password", "one character to draw from")?;
    if args.entropy {
        print_entropy(bits);
    }
    warn_if_weak("each password", bits);
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let password = Zeroizing::new(engine.password(&policy)?);
        out.line(password.as_bytes())?;
    }
    out.finish()
}

/// The facade's policy for the flags: classes or `--alphabet`, then the
/// narrowing flags applied to the allowed set, which then becomes the
/// policy's alphabet (its classes are still those of the characters left).
fn password_policy(args: &PasswordArgs) -> Result<PasswordPolicy, CliError> {
    let mut policy = PasswordPolicy {
        length: args.length,
        require_each: args.require_each,
        exclude_ambiguous: args.exclude_ambiguous,
        ..PasswordPolicy::default()
    };
    match &args.alphabet {
        Some(alphabet) => policy.alphabet = Some(utf8(alphabet, "--alphabet")?.to_owned()),
        None => policy.classes = CharClasses::parse(&args.classes)?,
    }
    let shell_symbols =
        policy.alphabet.is_none() && policy.classes.symbols && args.symbol_set == SymbolSet::Shell;
    let exclude = match &args.exclude {
        Some(chars) => Some(utf8(chars, "--exclude")?),
        None => None,
    };
    if shell_symbols || exclude.is_some() {
        let mut allowed = policy.allowed_chars()?;
        if shell_symbols {
            allowed.retain(|&c| !SYMBOLS.contains(c) || SHELL_SAFE_SYMBOLS.contains(c));
        }
        if let Some(exclude) = exclude {
            allowed.retain(|&c| !exclude.contains(c));
        }
        if allowed.is_empty() {
            return Err(CliError::usage(
                "no characters are left after --exclude; allow more classes or exclude fewer",
            ));
        }
        policy.alphabet = Some(allowed.into_iter().collect());
    }
    Ok(policy)
}

/// Refuses a result of 0 bits (every run prints the same text) unless forced.
fn refuse_zero_bits(bits: f64, force: bool, what: &str, why: &str) -> Result<(), CliError> {
    if bits <= 0.0 && !force {
        return Err(CliError::usage(format!(
            "this {what} has 0 bits of entropy ({why}: every run prints the same); \
             pass --force to print it anyway"
        )));
    }
    Ok(())
}

/// The word lists of a passphrase's positions: one list for every
/// position, or (acrostic) one list per letter. Never one copy per
/// position: `--words` may be huge, and must fail cleanly, not exhaust
/// memory before the first word is drawn.
enum Positions<'a> {
    Same { list: Vec<&'a str>, count: usize },
    Each(Vec<Vec<&'a str>>),
}

impl Positions<'_> {
    fn count(&self) -> usize {
        match self {
            Positions::Same { count, .. } => *count,
            Positions::Each(lists) => lists.len(),
        }
    }

    fn list(&self, position: usize) -> &[&str] {
        match self {
            Positions::Same { list, .. } => list,
            Positions::Each(lists) => lists.get(position).map_or(&[], Vec::as_slice),
        }
    }

    /// The most bytes a passphrase can take with `separator_len` between
    /// words, or `None` if that overflows.
    fn max_len(&self, separator_len: usize) -> Option<usize> {
        let longest = |list: &[&str]| list.iter().map(|w| w.len()).max().unwrap_or(0);
        let words = match self {
            Positions::Same { list, count } => longest(list).checked_mul(*count)?,
            Positions::Each(lists) => lists.iter().map(|l| longest(l)).sum(),
        };
        words.checked_add(separator_len.checked_mul(self.count().saturating_sub(1))?)
    }

    /// The passphrase's entropy in bits.
    fn bits(&self) -> f64 {
        match self {
            Positions::Same { list, count } => *count as f64 * (list.len() as f64).log2(),
            Positions::Each(lists) => lists.iter().map(|list| (list.len() as f64).log2()).sum(),
        }
    }
}

/// Runs `secrets passphrase`.
pub fn passphrase(engine: &mut Engine, args: &PassphraseArgs) -> Result<(), CliError> {
    let words = candidate_words(args)?;
    let positions = match &args.acrostic {
        None => {
            if args.words == 0 {
                return Err(CliError::usage(
                    "invalid words: a passphrase needs at least one word",
                ));
            }
            Positions::Same {
                list: words.iter().map(String::as_str).collect(),
                count: args.words,
            }
        }
        Some(acrostic) => Positions::Each(acrostic_lists(&words, acrostic)?),
    };
    let bits = positions.bits();
    refuse_zero_bits(bits, args.force, "passphrase", "one word to choose from")?;
    if args.entropy {
        print_entropy(bits);
    }
    warn_if_weak("each passphrase", bits);
    let separator = os_bytes(&args.separator);
    let mut out = TextOut::new()?;
    let too_long = || {
        CliError::from(secrets::Error::invalid(
            "words",
            "the passphrase does not fit in memory",
        ))
    };
    let capacity = positions.max_len(separator.len()).ok_or_else(too_long)?;
    for _ in 0..args.number {
        // Reserved once, fallibly, for the longest passphrase possible: a
        // passphrase too long for memory is an error, and the buffer never
        // reallocates (which would free a copy of the words unwiped).
        let mut line = Zeroizing::new(Vec::new());
        line.try_reserve_exact(capacity).map_err(|_| too_long())?;
        for i in 0..positions.count() {
            let word = engine.choice(positions.list(i))?.as_bytes();
            if i > 0 {
                line.extend_from_slice(&separator);
            }
            line.extend_from_slice(word);
        }
        out.line(&line)?;
    }
    out.finish()
}

/// The word list after `--min`/`--max` and `--case`, each distinct word
/// once (a case change can make two words equal; keeping both would make
/// that word twice as likely and overstate the entropy).
fn candidate_words(args: &PassphraseArgs) -> Result<Vec<String>, CliError> {
    let list = wordlist(&args.wordlist)?;
    let count = list.word_count()?;
    let min = args.min_word_length.unwrap_or(0);
    let max = args.max_word_length.unwrap_or(usize::MAX);
    if min > max {
        return Err(CliError::usage(format!(
            "--min-word-length {min} is above --max-word-length {max}"
        )));
    }
    let mut seen = HashSet::new();
    let mut words = Vec::new();
    for word in (0..count).filter_map(|i| list.get(i)) {
        let length = word.chars().count();
        if length < min || length > max {
            continue;
        }
        let forms = match args.case {
            WordCase::AsIs => vec![word.to_owned()],
            WordCase::Lower => vec![word.to_lowercase()],
            WordCase::Upper => vec![word.to_uppercase()],
            WordCase::Capitalize => vec![capitalize(word)],
            WordCase::Random => vec![word.to_lowercase(), word.to_uppercase()],
        };
        for form in forms {
            if seen.insert(form.clone()) {
                words.push(form);
            }
        }
    }
    if words.is_empty() {
        return Err(CliError::usage(format!(
            "no word of the list has between {min} and {} characters",
            args.max_word_length
                .map_or_else(|| "any number of".to_owned(), |max| max.to_string())
        )));
    }
    Ok(words)
}

/// Python's `str.capitalize`: the first character uppercase, the rest
/// lowercase.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
}

/// One list per letter of `acrostic`: the words starting with that letter,
/// compared case-insensitively.
fn acrostic_lists<'a>(words: &'a [String], acrostic: &str) -> Result<Vec<Vec<&'a str>>, CliError> {
    if acrostic.is_empty() {
        return Err(CliError::usage("--acrostic needs at least one letter"));
    }
    acrostic
        .chars()
        .map(|letter| {
            let wanted: String = letter.to_lowercase().collect();
            let list: Vec<&str> = words
                .iter()
                .filter(|word| {
                    word.chars()
                        .next()
                        .is_some_and(|first| first.to_lowercase().eq(wanted.chars()))
                })
                .map(String::as_str)
                .collect();
            if list.is_empty() {
                Err(CliError::usage(format!(
                    "--acrostic: no word of the list starts with '{letter}'"
                )))
            } else {
                Ok(list)
            }
        })
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalize_is_pythons() {
        assert_eq!(capitalize("hELLO"), "Hello");
        assert_eq!(capitalize("ß-word"), "SS-word");
        assert_eq!(capitalize(""), "");
    }
}
