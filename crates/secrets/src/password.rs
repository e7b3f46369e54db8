//! Passwords: a policy, exactly uniform generation, and an exact entropy
//! figure.

use rand_core::TryCryptoRng;
use secrets_core::sample;
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Secrets};

/// The `symbols` class: ASCII punctuation, Python's `string.punctuation`
/// (32 characters).
///
/// ```
/// assert_eq!(secrets::SYMBOLS.len(), 32);
/// assert!(secrets::SYMBOLS.contains('\\'));
/// ```
pub const SYMBOLS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Symbols that no shell needs quoted: `%+,-./:@_`, a subset of
/// [`SYMBOLS`] for passwords pasted into command lines (the CLI's
/// `--symbol-set shell`). Left out: quotes, backslash, backtick, `$`, `!`,
/// globs (`*?[]`), `#`, `~`, `=` (zsh expands `=cmd`), `^` (zsh's
/// extended glob), redirections and separators.
///
/// ```
/// use secrets::{PasswordPolicy, SHELL_SAFE_SYMBOLS};
/// let alphabet = format!("abcdefghijklmnopqrstuvwxyz0123456789{SHELL_SAFE_SYMBOLS}");
/// let policy = PasswordPolicy { alphabet: Some(alphabet), ..PasswordPolicy::default() };
/// let password = secrets::generate_password(&policy)?;
/// assert!(!password.contains(['\'', '"', '\\', '$']));
/// # Ok::<(), secrets::Error>(())
/// ```
pub const SHELL_SAFE_SYMBOLS: &str = "%+,-./:@_";

/// The characters `exclude_ambiguous` removes: the digit/letter look-alikes
/// `0 O o`, `1 I l |` of common fonts, and the quote marks `' " `` that are
/// hard to tell apart and that word processors rewrite.
///
/// ```
/// use secrets::{AMBIGUOUS_CHARS, PasswordPolicy};
/// let policy = PasswordPolicy { exclude_ambiguous: true, ..PasswordPolicy::default() };
/// let password = secrets::generate_password(&policy)?;
/// assert!(!password.contains(|c| AMBIGUOUS_CHARS.contains(c)));
/// # Ok::<(), secrets::Error>(())
/// ```
pub const AMBIGUOUS_CHARS: &str = "0Oo1Il|'\"`";

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";

/// Generation redraws until `require_each` is satisfied; a policy that is
/// satisfied by fewer than 1 in 2^20 uniform draws is refused instead of
/// spinning.
const MIN_ACCEPTANCE: f64 = 1.0 / (1u64 << 20) as f64;

/// Which character classes a password draws from.
///
/// ```
/// use secrets::{CharClasses, PasswordPolicy};
/// let pin = PasswordPolicy {
///     length: 8,
///     classes: CharClasses { digits: true, ..CharClasses::NONE },
///     ..PasswordPolicy::default()
/// };
/// assert!(secrets::generate_password(&pin)?.chars().all(|c| c.is_ascii_digit()));
/// # Ok::<(), secrets::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CharClasses {
    /// `a`–`z`.
    pub lower: bool,
    /// `A`–`Z`.
    pub upper: bool,
    /// `0`–`9`.
    pub digits: bool,
    /// [`SYMBOLS`].
    pub symbols: bool,
}

impl CharClasses {
    /// All four classes (94 characters).
    pub const ALL: CharClasses = CharClasses {
        lower: true,
        upper: true,
        digits: true,
        symbols: true,
    };

    /// Letters and digits (62 characters).
    pub const ALPHANUMERIC: CharClasses = CharClasses {
        lower: true,
        upper: true,
        digits: true,
        symbols: false,
    };

    /// No class; a starting point for building a set.
    pub const NONE: CharClasses = CharClasses {
        lower: false,
        upper: false,
        digits: false,
        symbols: false,
    };

    /// Parses a comma-separated list of `lower`, `upper`, `digits`,
    /// `symbols` (the CLI's `--classes`). Unknown or empty names are an error.
    ///
    /// ```
    /// use secrets::CharClasses;
    /// assert_eq!(CharClasses::parse("lower,upper,digits")?, CharClasses::ALPHANUMERIC);
    /// assert!(CharClasses::parse("emoji").is_err());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn parse(list: &str) -> Result<Self, Error> {
        let mut classes = CharClasses::NONE;
        for name in list.split(',').map(str::trim) {
            match name {
                "lower" => classes.lower = true,
                "upper" => classes.upper = true,
                "digits" => classes.digits = true,
                "symbols" => classes.symbols = true,
                _ => {
                    return Err(Error::invalid(
                        "classes",
                        "expected a comma-separated list of lower, upper, digits, symbols",
                    ));
                }
            }
        }
        Ok(classes)
    }

    /// The enabled classes as (bit, characters), in a fixed order.
    fn enabled(self) -> impl Iterator<Item = &'static str> {
        [
            (self.lower, LOWER),
            (self.upper, UPPER),
            (self.digits, DIGITS),
            (self.symbols, SYMBOLS),
        ]
        .into_iter()
        .filter_map(|(on, chars)| on.then_some(chars))
    }
}

/// The standard class (0..4) of an ASCII character, if any.
fn class_of(c: char) -> Option<usize> {
    if c.is_ascii_lowercase() {
        Some(0)
    } else if c.is_ascii_uppercase() {
        Some(1)
    } else if c.is_ascii_digit() {
        Some(2)
    } else if SYMBOLS.contains(c) {
        Some(3)
    } else {
        None
    }
}

/// What a password may contain and must satisfy.
///
/// The allowed set is `alphabet` when given, else the union of `classes`;
/// `exclude_ambiguous` then removes [`AMBIGUOUS_CHARS`]. Every character is
/// drawn uniformly and independently from the allowed set.
///
/// With `require_each`, the password must contain at least one character of
/// each class — the enabled `classes`, or with a custom `alphabet` each of
/// the four standard classes the alphabet has characters of (other
/// characters, e.g. non-ASCII, belong to no class). This stays **exactly
/// uniform over the passwords that satisfy it**: a whole password is drawn
/// uniformly and redrawn if a class is missing (CPython's documented recipe),
/// never patched by inserting one of each, which would make some passwords
/// likelier than others.
///
/// ```
/// use secrets::{CharClasses, PasswordPolicy};
///
/// let policy = PasswordPolicy {
///     length: 16,
///     classes: CharClasses::ALPHANUMERIC,
///     require_each: true,
///     ..PasswordPolicy::default()
/// };
/// let password = secrets::generate_password(&policy)?;
/// assert_eq!(password.chars().count(), 16);
/// assert!(password.chars().any(|c| c.is_ascii_digit()));
/// assert!(policy.entropy_bits()? > 94.0); // a bit under 16 * log2(62) = 95.3
/// # Ok::<(), secrets::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Number of characters (at least 1).
    pub length: usize,
    /// The classes to draw from when `alphabet` is `None`.
    pub classes: CharClasses,
    /// At least one character of each class (see the type docs).
    pub require_each: bool,
    /// Remove [`AMBIGUOUS_CHARS`] from the allowed set.
    pub exclude_ambiguous: bool,
    /// A custom set of characters, replacing `classes`. Must be non-empty and
    /// must not repeat a character (a repeat would bias the draw).
    pub alphabet: Option<String>,
}

impl Default for PasswordPolicy {
    /// 20 characters from all four classes (131 bits), no other rule.
    fn default() -> Self {
        PasswordPolicy {
            length: 20,
            classes: CharClasses::ALL,
            require_each: false,
            exclude_ambiguous: false,
            alphabet: None,
        }
    }
}

/// A validated policy, ready to draw from.
pub(crate) struct Plan {
    length: usize,
    alphabet: Vec<char>,
    /// Bit mask of the required class of each alphabet entry (0 if none).
    class_bits: Vec<u8>,
    /// All required bits; 0 when nothing is required.
    required: u8,
    /// Sizes of the required classes within the alphabet.
    class_sizes: Vec<usize>,
    /// The longest UTF-8 encoding among the alphabet's characters.
    widest_char: usize,
}

/// The distinct characters of `text` in order; empty text or a repeated
/// character is an error against `argument`.
pub(crate) fn distinct_chars(text: &str, argument: &'static str) -> Result<Vec<char>, Error> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Err(Error::invalid(argument, "the alphabet is empty"));
    }
    let mut sorted = chars.clone();
    sorted.sort_unstable();
    if sorted.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(Error::invalid(
            argument,
            "the alphabet repeats a character, which would bias the draw",
        ));
    }
    Ok(chars)
}

impl PasswordPolicy {
    pub(crate) fn plan(&self) -> Result<Plan, Error> {
        if self.length == 0 {
            return Err(Error::invalid(
                "length",
                "a password needs at least one character",
            ));
        }
        let mut alphabet = match &self.alphabet {
            Some(custom) => distinct_chars(custom, "alphabet")?,
            None => {
                let chars: Vec<char> = self.classes.enabled().flat_map(str::chars).collect();
                if chars.is_empty() {
                    return Err(Error::invalid(
                        "classes",
                        "select at least one character class",
                    ));
                }
                chars
            }
        };
        if self.exclude_ambiguous {
            alphabet.retain(|&c| !AMBIGUOUS_CHARS.contains(c));
            if alphabet.is_empty() {
                return Err(Error::invalid(
                    "alphabet",
                    "no characters are left after excluding the ambiguous ones",
                ));
            }
        }
        let wanted: [bool; 4] = match &self.alphabet {
            Some(_) => [true; 4], // the classes the alphabet has, see below
            None => [
                self.classes.lower,
                self.classes.upper,
                self.classes.digits,
                self.classes.symbols,
            ],
        };
        let mut class_sizes_all = [0usize; 4];
        for &c in &alphabet {
            if let Some(class) = class_of(c) {
                class_sizes_all[class] += 1;
            }
        }
        let mut required = 0u8;
        let mut class_sizes = Vec::new();
        if self.require_each {
            for class in 0..4 {
                if wanted[class] && class_sizes_all[class] > 0 {
                    required |= 1 << class;
                    class_sizes.push(class_sizes_all[class]);
                }
            }
            if self.length < class_sizes.len() {
                return Err(Error::invalid(
                    "length",
                    "the password is shorter than the number of required character classes",
                ));
            }
        }
        let class_bits = alphabet
            .iter()
            .map(|&c| class_of(c).map_or(0, |class| (1u8 << class) & required))
            .collect();
        let widest_char = alphabet.iter().map(|c| c.len_utf8()).max().unwrap_or(1);
        let plan = Plan {
            widest_char,
            length: self.length,
            alphabet,
            class_bits,
            required,
            class_sizes,
        };
        if plan.acceptance() < MIN_ACCEPTANCE {
            return Err(Error::invalid(
                "require_each",
                "fewer than 1 in 2^20 passwords of this length contain every required class; \
                 make the password longer or the rare classes larger",
            ));
        }
        Ok(plan)
    }

    /// The entropy of a password drawn under this policy, in bits: exactly
    /// `log2` of the number of passwords it can produce, all of which are
    /// equally likely.
    ///
    /// Without `require_each` that is `length * log2(alphabet size)`; with
    /// it, the log of the number of strings containing every required class,
    /// counted by inclusion–exclusion (a little less than the former).
    /// Errors as generation does for impossible policies.
    ///
    /// ```
    /// use secrets::PasswordPolicy;
    /// let bits = PasswordPolicy::default().entropy_bits()?;
    /// assert!((bits - 131.09).abs() < 0.01); // 20 * log2(94)
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn entropy_bits(&self) -> Result<f64, Error> {
        self.plan().map(|plan| plan.entropy_bits())
    }

    /// The allowed characters after applying `alphabet`/`classes` and
    /// `exclude_ambiguous`, in drawing order.
    ///
    /// ```
    /// use secrets::PasswordPolicy;
    /// let policy = PasswordPolicy { alphabet: Some("a0O".into()), exclude_ambiguous: true, ..PasswordPolicy::default() };
    /// assert_eq!(policy.allowed_chars()?, ['a']);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn allowed_chars(&self) -> Result<Vec<char>, Error> {
        self.plan().map(|plan| plan.alphabet)
    }
}

impl Plan {
    /// The probability that a uniformly drawn string of `length` characters
    /// contains every required class.
    fn acceptance(&self) -> f64 {
        if self.class_sizes.is_empty() {
            return 1.0;
        }
        let n = self.alphabet.len() as f64;
        let length = self.length;
        let m = self.class_sizes.len();
        // Inclusion–exclusion: sum over subsets S of the required classes of
        // (-1)^|S| (1 - |S's characters| / n)^length.
        let by_inclusion_exclusion: f64 = (0u32..1 << m)
            .map(|subset| {
                let missing: usize = (0..m)
                    .filter(|i| subset & (1 << i) != 0)
                    .map(|i| self.class_sizes[i])
                    .sum();
                let term = powi_usize(1.0 - missing as f64 / n, length);
                if subset.count_ones() % 2 == 0 {
                    term
                } else {
                    -term
                }
            })
            .sum();
        if by_inclusion_exclusion > 1.0 / 1024.0 {
            // Cancellation costs at most 2^m ulps of 1: relative error < 1e-11.
            return by_inclusion_exclusion.min(1.0);
        }
        // A small probability would drown in that cancellation; count it
        // instead with a dynamic programme over which classes have been seen
        // (only additions, so every step is accurate to a few ulps). It only
        // happens for short passwords, so it is cheap.
        self.acceptance_by_dp()
    }

    fn acceptance_by_dp(&self) -> f64 {
        let m = self.class_sizes.len();
        let n = self.alphabet.len() as f64;
        let others = self.alphabet.len() - self.class_sizes.iter().sum::<usize>();
        let mut probability = vec![0.0f64; 1 << m];
        probability[0] = 1.0;
        for _ in 0..self.length {
            let mut next = vec![0.0f64; 1 << m];
            for (seen, &p) in probability.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                next[seen] += p * others as f64 / n;
                for (class, &size) in self.class_sizes.iter().enumerate() {
                    next[seen | (1 << class)] += p * size as f64 / n;
                }
            }
            probability = next;
        }
        probability[(1 << m) - 1]
    }

    fn entropy_bits(&self) -> f64 {
        self.length as f64 * (self.alphabet.len() as f64).log2() + self.acceptance().log2()
    }
}

/// `base^exponent` for any `usize` exponent (repeated squaring).
fn powi_usize(base: f64, mut exponent: usize) -> f64 {
    let mut result = 1.0;
    let mut square = base;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result *= square;
        }
        square *= square;
        exponent >>= 1;
    }
    result
}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// A password following `policy`: each character uniform over the
    /// allowed set, and with `require_each` the whole password uniform over
    /// the passwords that contain every required class (rejection, never
    /// insertion). Impossible or near-impossible policies are an error.
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let password = handle.password(&secrets::PasswordPolicy::default())?;
    /// assert_eq!(password.chars().count(), 20);
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn password(&mut self, policy: &PasswordPolicy) -> Result<String, Error> {
        let plan = policy.plan()?;
        // Wiped on every exit but success (a failing source midway, a
        // rejected candidate): the partial password is secret too. Reserved
        // once for the longest outcome, so it never reallocates (which
        // would free an unwiped copy).
        let mut password = Zeroizing::new(String::new());
        password
            .try_reserve_exact(plan.length.saturating_mul(plan.widest_char))
            .map_err(|_| Error::invalid("length", "the password would not fit in memory"))?;
        let mut draws = self.buffered(plan.length.saturating_mul(4));
        loop {
            let mut seen = 0u8;
            for _ in 0..plan.length {
                let index = sample::randbelow(&mut draws, plan.alphabet.len())?;
                seen |= plan.class_bits[index];
                password.push(plan.alphabet[index]);
            }
            if seen == plan.required {
                return Ok(core::mem::take(&mut *password));
            }
            // A rejected candidate is still secret-looking; wipe it.
            password.zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_force_count(plan: &Plan) -> u64 {
        let n = plan.alphabet.len() as u64;
        let total = n.pow(plan.length as u32);
        (0..total)
            .filter(|&code| {
                let mut seen = 0u8;
                let mut rest = code;
                for _ in 0..plan.length {
                    seen |= plan.class_bits[(rest % n) as usize];
                    rest /= n;
                }
                seen == plan.required
            })
            .count() as u64
    }

    #[test]
    fn entropy_matches_brute_force_counts() {
        for (alphabet, length) in [
            ("ab1", 2),
            ("ab1", 5),
            ("abAB1!", 4),
            ("abcA1", 3),
            ("aA1!", 4),
            ("abcdefghijA0!é", 4),
        ] {
            let policy = PasswordPolicy {
                length,
                alphabet: Some(alphabet.into()),
                require_each: true,
                ..PasswordPolicy::default()
            };
            let plan = policy.plan().unwrap();
            let exact = (brute_force_count(&plan) as f64).log2();
            let estimate = plan.entropy_bits();
            assert!(
                (exact - estimate).abs() < 1e-9,
                "{alphabet} {length}: {exact} vs {estimate}"
            );
        }
    }

    #[test]
    fn dp_and_inclusion_exclusion_agree_where_both_are_accurate() {
        let policy = PasswordPolicy {
            length: 12,
            require_each: true,
            ..PasswordPolicy::default()
        };
        let plan = policy.plan().unwrap();
        let dp = plan.acceptance_by_dp();
        let ie = plan.acceptance();
        assert!((dp - ie).abs() < 1e-12, "{dp} vs {ie}");
    }

    #[test]
    fn tiny_acceptance_is_counted_not_cancelled() {
        // Four single-character classes among 2000 characters, length 4:
        // exactly 4! passwords of 2000^4 qualify.
        let policy = PasswordPolicy {
            length: 4,
            alphabet: Some("aA1!".chars().chain(('\u{4e00}'..).take(1996)).collect()),
            require_each: true,
            ..PasswordPolicy::default()
        };
        let plan = policy.plan_unchecked_for_test();
        let expected = 24f64.log2();
        assert!(
            (plan.entropy_bits() - expected).abs() < 1e-9,
            "{}",
            plan.entropy_bits()
        );
    }

    impl PasswordPolicy {
        /// `plan` without the acceptance floor, to test the counting itself.
        fn plan_unchecked_for_test(&self) -> Plan {
            let mut relaxed = self.clone();
            relaxed.require_each = false;
            let mut plan = relaxed.plan().unwrap();
            let strict = {
                let mut p = self.clone();
                p.length = 1000; // long enough to pass the floor
                p.plan().unwrap()
            };
            plan.class_bits = strict.class_bits;
            plan.required = strict.required;
            plan.class_sizes = strict.class_sizes;
            plan
        }
    }

    #[test]
    fn shell_safe_symbols_are_distinct_symbols_no_shell_quotes() {
        assert!(SHELL_SAFE_SYMBOLS.chars().all(|c| SYMBOLS.contains(c)));
        assert_eq!(
            distinct_chars(SHELL_SAFE_SYMBOLS, "alphabet")
                .unwrap()
                .len(),
            9
        );
        for special in "'\"\\`$!*?[]{}()<>|&;#~=^ ".chars() {
            assert!(!SHELL_SAFE_SYMBOLS.contains(special), "{special:?}");
        }
    }

    #[test]
    fn class_parsing() {
        assert_eq!(
            CharClasses::parse("lower,digits").unwrap(),
            CharClasses {
                lower: true,
                digits: true,
                ..CharClasses::NONE
            }
        );
        assert!(CharClasses::parse("lower,emoji").is_err());
        assert!(CharClasses::parse("").is_err());
    }
}
