//! Passphrases: words drawn uniformly from a word list.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use rand_core::TryCryptoRng;
use secrets_core::sample;
use unicode_normalization::{UnicodeNormalization, is_nfc};
use zeroize::Zeroize;

use crate::{Error, Secrets};

/// EFF's large list, in dice order.
static EFF_LARGE: &[&str] = &diceware_wordlists::EFF_LONG_WORDLIST;
/// EFF's short list 1, in dice order.
static EFF_SHORT: &[&str] = &diceware_wordlists::EFF_SHORT_WORDLIST_1;

const EMPTY_LIST: Error = Error::invalid("wordlist", "the word list is empty");
const DUPLICATE_WORD: Error = Error::invalid(
    "wordlist",
    "the word list repeats a word, which would bias passphrases and overstate their entropy",
);
const BAD_LINE: Error = Error::invalid(
    "wordlist",
    "expected one word per line, or EFF dice lines such as \"11111<TAB>abacus\", not both",
);
const TOO_LONG: Error = Error::invalid("words", "the passphrase would not fit in memory");
const EMPTY_WORD: Error = Error::invalid("wordlist", "the word list contains an empty word");
const TOO_LARGE: Error = Error::invalid(
    "wordlist",
    "the word list does not fit in the memory available",
);

/// Where passphrase words come from.
///
/// ```
/// use secrets::{PassphrasePolicy, Wordlist};
/// let mine = Wordlist::Custom(vec!["alpha".into(), "bravo".into(), "charlie".into()]);
/// let policy = PassphrasePolicy { words: 4, wordlist: mine, ..PassphrasePolicy::default() };
/// assert_eq!(secrets::generate_passphrase(&policy)?.split(' ').count(), 4);
/// assert_eq!(Wordlist::EffLarge.word_count()?, 7776);
/// # Ok::<(), secrets::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Wordlist {
    /// The EFF large list (2016): 7776 words (five dice), 12.9 bits per
    /// word.
    EffLarge,
    /// The EFF short list 1 (2016): 1296 shorter words (four dice), 10.3
    /// bits per word.
    EffShort,
    /// Your own list. It must be non-empty, without empty or repeated words
    /// (checked when drawing: a repeat would make a word twice as likely and
    /// the entropy figure a lie). [`load_wordlist`] reads one from a file.
    Custom(Vec<String>),
}

impl Wordlist {
    /// The number of words, after checking the list (see [`Wordlist::Custom`]).
    ///
    /// ```
    /// use secrets::Wordlist;
    /// assert_eq!(Wordlist::EffShort.word_count()?, 1296);
    /// assert!(Wordlist::Custom(vec!["a".into(), "a".into()]).word_count().is_err());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn word_count(&self) -> Result<usize, Error> {
        match self {
            Wordlist::EffLarge => Ok(EFF_LARGE.len()),
            Wordlist::EffShort => Ok(EFF_SHORT.len()),
            Wordlist::Custom(words) => {
                check_words(words.iter().map(String::as_str))?;
                Ok(words.len())
            }
        }
    }

    /// The word at `index`, or `None` past the end.
    ///
    /// ```
    /// use secrets::Wordlist;
    /// assert_eq!(Wordlist::EffLarge.get(0), Some("abacus"));
    /// assert_eq!(Wordlist::EffLarge.get(7776), None);
    /// ```
    pub fn get(&self, index: usize) -> Option<&str> {
        match self {
            Wordlist::EffLarge => EFF_LARGE.get(index).copied(),
            Wordlist::EffShort => EFF_SHORT.get(index).copied(),
            Wordlist::Custom(words) => words.get(index).map(String::as_str),
        }
    }

    /// The word at `index` (which is below `word_count()`).
    fn word(&self, index: usize) -> &str {
        match self {
            Wordlist::EffLarge => EFF_LARGE[index],
            Wordlist::EffShort => EFF_SHORT[index],
            Wordlist::Custom(words) => &words[index],
        }
    }

    /// Bits of entropy per word: `log2(len)`.
    ///
    /// ```
    /// let bits = secrets::Wordlist::EffLarge.bits_per_word()?;
    /// assert!((bits - 12.925).abs() < 0.001);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn bits_per_word(&self) -> Result<f64, Error> {
        self.word_count().map(|n| (n as f64).log2())
    }
}

/// Checks a list: non-empty, no empty word, no word twice. Words are
/// compared in Unicode NFC, so `café` written with `é` (one code point) and
/// with `e` + U+0301 (two) are the same word: they look the same, so a list
/// holding both would count one word twice and overstate the entropy.
fn check_words<'a>(words: impl ExactSizeIterator<Item = &'a str>) -> Result<(), Error> {
    // Fallible, so that a list too large for the memory is an error, not
    // an abort.
    let mut seen = HashSet::new();
    seen.try_reserve(words.len()).map_err(|_| TOO_LARGE)?;
    for word in words {
        if word.is_empty() {
            return Err(EMPTY_WORD);
        }
        // Most words are already NFC (all ASCII ones): no copy for them.
        let canonical = if is_nfc(word) {
            Cow::Borrowed(word)
        } else {
            let mut composed = String::new();
            // NFC of a non-NFC word is rarely longer; `extend` grows it
            // if needed.
            composed.try_reserve(word.len()).map_err(|_| TOO_LARGE)?;
            composed.extend(word.nfc());
            Cow::Owned(composed)
        };
        if !seen.insert(canonical) {
            return Err(DUPLICATE_WORD);
        }
    }
    if seen.is_empty() {
        return Err(EMPTY_LIST);
    }
    Ok(())
}

/// How to build a passphrase: `words` words drawn uniformly and independently
/// from `wordlist`, joined by `separator`.
///
/// The entropy is exactly `words * log2(list length)` bits, provided the
/// passphrase can only be read back one way. If a word contains the
/// separator (the EFF large list has `drop-down`, `t-shirt` …, so beware of
/// `-`) or the separator is empty, two draws may give the same text and the
/// figure is an upper bound — slightly, for the EFF lists with a space.
///
/// ```
/// use secrets::{PassphrasePolicy, Wordlist};
/// let policy = PassphrasePolicy {
///     words: 5,
///     separator: "-".into(),
///     wordlist: Wordlist::EffShort,
/// };
/// let phrase = secrets::generate_passphrase(&policy)?;
/// assert!(policy.entropy_bits()? > 51.0); // 5 * log2(1296)
/// # let _ = phrase;
/// # Ok::<(), secrets::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassphrasePolicy {
    /// Number of words (at least 1).
    pub words: usize,
    /// Put between words.
    pub separator: String,
    /// Where the words come from.
    pub wordlist: Wordlist,
}

impl Default for PassphrasePolicy {
    /// Six words of the EFF large list joined by spaces: 77.5 bits, EFF's
    /// recommendation.
    fn default() -> Self {
        PassphrasePolicy {
            words: 6,
            separator: " ".into(),
            wordlist: Wordlist::EffLarge,
        }
    }
}

impl PassphrasePolicy {
    /// `words * log2(list length)` bits; errors for zero words or a bad list.
    ///
    /// ```
    /// let bits = secrets::PassphrasePolicy::default().entropy_bits()?;
    /// assert!((bits - 77.55).abs() < 0.01); // 6 words of 7776
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn entropy_bits(&self) -> Result<f64, Error> {
        self.check()?;
        Ok(self.words as f64 * self.wordlist.bits_per_word()?)
    }

    fn check(&self) -> Result<usize, Error> {
        if self.words == 0 {
            return Err(Error::invalid(
                "words",
                "a passphrase needs at least one word",
            ));
        }
        self.wordlist.word_count()
    }
}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// A passphrase following `policy`.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let phrase = handle.passphrase(&secrets::PassphrasePolicy::default())?;
    /// assert_eq!(phrase.split(' ').count(), 6);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn passphrase(&mut self, policy: &PassphrasePolicy) -> Result<String, Error> {
        let list_len = policy.check()?;
        let longest_word = (0..list_len)
            .map(|i| policy.wordlist.word(i).len())
            .max()
            .unwrap_or(0);
        let capacity = policy
            .words
            .checked_mul(longest_word + policy.separator.len())
            .ok_or(TOO_LONG)?;
        let mut phrase = String::new();
        phrase.try_reserve_exact(capacity).map_err(|_| TOO_LONG)?;
        let mut draws = self.buffered(policy.words.saturating_mul(4));
        for i in 0..policy.words {
            let index = match sample::randbelow(&mut draws, list_len) {
                Ok(index) => index,
                Err(error) => {
                    phrase.zeroize();
                    return Err(error);
                }
            };
            if i > 0 {
                phrase.push_str(&policy.separator);
            }
            phrase.push_str(policy.wordlist.word(index));
        }
        Ok(phrase)
    }
}

/// Parses a word list: either one word per line, or EFF's dice format
/// (`11111<TAB>abacus`: dice digits 1–6, whitespace, the word). Blank lines
/// and surrounding whitespace are ignored; a leading byte-order mark too.
///
/// Errors: a line with more than one word (outside the dice format), a file
/// mixing both formats, an empty list, or a repeated word (which would bias
/// passphrases).
///
/// ```
/// let words = secrets::parse_wordlist("11111\tabacus\n11112\tabdomen\n")?;
/// assert_eq!(words, ["abacus", "abdomen"]);
/// assert!(secrets::parse_wordlist("same\nsame\n").is_err()); // a repeat would bias
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn parse_wordlist(text: &str) -> Result<Vec<String>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut dice_format: Option<bool> = None;
    // Every allocation fallible: a list too large for the memory is an
    // error, not an abort.
    let mut words = Vec::new();
    let lines = text.lines().filter(|line| !line.trim().is_empty()).count();
    words.try_reserve_exact(lines).map_err(|_| TOO_LARGE)?;
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else {
            continue; // blank line
        };
        let (is_dice, word) = match (fields.next(), fields.next()) {
            (None, _) => (false, first),
            (Some(word), None) if is_dice_roll(first) => (true, word),
            _ => return Err(BAD_LINE),
        };
        if *dice_format.get_or_insert(is_dice) != is_dice {
            return Err(BAD_LINE);
        }
        let mut owned = String::new();
        owned.try_reserve_exact(word.len()).map_err(|_| TOO_LARGE)?;
        owned.push_str(word);
        words.push(owned);
    }
    check_words(words.iter().map(String::as_str))?;
    Ok(words)
}

fn is_dice_roll(field: &str) -> bool {
    !field.is_empty() && field.bytes().all(|b| (b'1'..=b'6').contains(&b))
}

/// Reads and parses a word list file (see [`parse_wordlist`]) into a
/// [`Wordlist::Custom`].
///
/// A file that cannot be read is an [`Error::InvalidArgument`] against
/// `path` whose reason names the kind of failure (not found, permission
/// denied, not UTF-8, …).
///
/// ```
/// let path = std::env::temp_dir().join(format!("words-{}.txt", std::process::id()));
/// std::fs::write(&path, "alpha\nbravo\ncharlie\n").unwrap();
/// let list = secrets::load_wordlist(&path)?;
/// assert_eq!(list.word_count()?, 3);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), secrets::Error>(())
/// ```
pub fn load_wordlist(path: impl AsRef<Path>) -> Result<Wordlist, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        use std::io::ErrorKind;
        let reason = match error.kind() {
            ErrorKind::NotFound => "the word list file does not exist",
            ErrorKind::PermissionDenied => "permission denied reading the word list file",
            ErrorKind::InvalidData => "the word list file is not valid UTF-8",
            ErrorKind::IsADirectory => "the word list path is a directory",
            ErrorKind::OutOfMemory => "the word list file does not fit in the memory available",
            _ => "the word list file could not be read",
        };
        Error::invalid("path", reason)
    })?;
    parse_wordlist(&text).map(Wordlist::Custom)
}
