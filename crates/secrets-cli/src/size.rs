//! Parsing of byte sizes (`--size 2G`) and plain counts (`NBYTES`, `-n`,
//! `--length`, `--threads`), with one grammar and one set of messages for
//! every numeric argument of the command.
//!
//! **Numbers.** ASCII digits, optionally grouped with `_` between digits
//! (`1_000_000`), as Python's integer literals and Rust allow; every numeric
//! argument accepts them (`randbelow` and `randbits` also take `0x`, `0o`,
//! `0b` prefixes, see [`digit_groups`]).
//!
//! **Sizes** read as coreutils (`head -c`, `dd`, `truncate`) reads them: a
//! bare letter `K`, `M`, `G`, `T`, `P`, `E` is a power of 1024 (`1K` = 1024
//! bytes, as in `head -c 1K`), `KiB`, `MiB`, … the same powers of 1024, and
//! `KB`, `MB`, … powers of 1000. Letters in any case. `Z` and `Y` are known
//! and too large for 64 bits.
//!
//! ```
//! use secrets_cli::size::{parse_count, parse_size};
//! assert_eq!(parse_size("64KiB"), Ok(65_536));
//! assert_eq!(parse_size("1MB"), Ok(1_000_000));
//! assert_eq!(parse_count("1_000"), Ok(1_000));
//! ```

/// The suffix letters, in order: the `n` of 1024^n / 1000^n is the position
/// plus one.
const LETTERS: [char; 8] = ['k', 'm', 'g', 't', 'p', 'e', 'z', 'y'];

/// What the suffix help says, in every message about suffixes.
///
/// ```
/// let message = secrets_cli::size::parse_size("1X").unwrap_err();
/// assert!(message.contains(secrets_cli::size::SUFFIX_HELP));
/// ```
pub const SUFFIX_HELP: &str = "K, M, G, T, P, E or KiB, MiB, ... = powers of 1024 \
                               (as in 'head -c 1K'); KB, MB, GB, ... = powers of 1000";

/// Parses a byte size: a whole number with an optional suffix (see the
/// module docs).
///
/// The error is a short phrase for clap to put after "invalid value 'X' for
/// '--size \<N>': ".
///
/// ```
/// use secrets_cli::size::parse_size;
/// assert_eq!(parse_size("1K"), Ok(1024)); // as `head -c 1K`
/// assert_eq!(parse_size("1KB"), Ok(1000));
/// assert_eq!(parse_size("2MiB"), Ok(2 << 20));
/// assert_eq!(parse_size("1_000"), Ok(1000));
/// assert!(parse_size("1Z").unwrap_err().contains("too large"));
/// ```
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, suffix) = split_number(text)?;
    let multiplier = multiplier(suffix)?;
    let number = parse_digits(digits)?;
    match multiplier {
        Some(multiplier) => number.checked_mul(multiplier),
        // Z or Y: only zero fits.
        None => (number == 0).then_some(0),
    }
    .ok_or_else(|| format!("too large: the largest size is {} bytes", u64::MAX))
}

/// The multiplier of a size suffix; `None` for the known suffixes that are
/// always too large (Z, Y).
fn multiplier(suffix: &str) -> Result<Option<u64>, String> {
    if suffix.is_empty() {
        return Ok(Some(1));
    }
    let lower = suffix.to_ascii_lowercase();
    let mut chars = lower.chars();
    let letter = chars.next().unwrap_or_default();
    let rest = chars.as_str();
    let Some(position) = LETTERS.iter().position(|&l| l == letter) else {
        return Err(unknown_suffix(suffix));
    };
    let base: u64 = match rest {
        "" | "ib" => 1024,
        "b" => 1000,
        _ => return Err(unknown_suffix(suffix)),
    };
    // position + 1 <= 8; 1024^7 and above overflow a u64.
    Ok(u32::try_from(position + 1)
        .ok()
        .and_then(|power| base.checked_pow(power)))
}

fn unknown_suffix(suffix: &str) -> String {
    format!("unknown suffix '{suffix}' (use {SUFFIX_HELP})")
}

/// Parses a plain non-negative count (no suffix), such as `NBYTES` or `-n`.
///
/// ```
/// use secrets_cli::size::parse_count;
/// assert_eq!(parse_count("1_000"), Ok(1000));
/// assert!(parse_count("1K").unwrap_err().contains("suffix"));
/// ```
pub fn parse_count(text: &str) -> Result<u64, String> {
    let (digits, suffix) = split_number(text)?;
    if !suffix.is_empty() {
        return Err("expected a whole number without a suffix".to_owned());
    }
    parse_digits(digits)
}

/// Like [`parse_count`], for values that index memory (`usize`).
///
/// ```
/// use secrets_cli::size::parse_usize;
/// assert_eq!(parse_usize("20"), Ok(20));
/// assert!(parse_usize("-1").is_err());
/// ```
pub fn parse_usize(text: &str) -> Result<usize, String> {
    let value = parse_count(text)?;
    usize::try_from(value).map_err(|_| format!("too large: at most {}", usize::MAX))
}

/// Like [`parse_usize`], for counts that must be at least 1 (`--threads`).
///
/// ```
/// use secrets_cli::size::parse_positive;
/// assert_eq!(parse_positive("4"), Ok(4));
/// assert!(parse_positive("0").unwrap_err().contains("at least 1"));
/// ```
pub fn parse_positive(text: &str) -> Result<usize, String> {
    match parse_usize(text)? {
        0 => Err("must be at least 1".to_owned()),
        value => Ok(value),
    }
}

/// Checks digits grouped with `_` (`1_000`, `ff_ff` in base 16) and returns
/// them without the separators. The one rule for separators in the whole
/// command: `_` only between two digits.
///
/// ```
/// use secrets_cli::size::digit_groups;
/// assert_eq!(digit_groups("1_000", 10).as_deref(), Ok("1000"));
/// assert_eq!(digit_groups("ff_00", 16).as_deref(), Ok("ff00"));
/// assert!(digit_groups("1__0", 10).is_err());
/// assert!(digit_groups("_1", 10).is_err());
/// ```
pub fn digit_groups(text: &str, radix: u32) -> Result<String, String> {
    if text.is_empty() || !text.chars().all(|c| c == '_' || c.is_digit(radix)) {
        return Err(not_a_number(radix));
    }
    if text.starts_with('_') || text.ends_with('_') || text.contains("__") {
        return Err(BAD_SEPARATOR.to_owned());
    }
    Ok(text.chars().filter(|&c| c != '_').collect())
}

const BAD_SEPARATOR: &str = "'_' may only stand between two digits, as in 1_000";

/// The message for text that is not a whole number in `radix`.
///
/// ```
/// use secrets_cli::size::{digit_groups, not_a_number};
/// assert_eq!(digit_groups("12a", 10).unwrap_err(), not_a_number(10));
/// ```
pub fn not_a_number(radix: u32) -> String {
    match radix {
        10 => "expected a whole number such as 1000 or 1_000".to_owned(),
        _ => format!("expected base-{radix} digits after the prefix"),
    }
}

/// Splits `text` into its leading digit groups and the rest, after rejecting
/// the common mistakes with a message that names them.
fn split_number(text: &str) -> Result<(&str, &str), String> {
    if text.is_empty() {
        return Err("empty value: expected a whole number".to_owned());
    }
    if text.trim() != text {
        return Err("unexpected whitespace".to_owned());
    }
    if text.starts_with('-') {
        return Err("must not be negative".to_owned());
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_end);
    if digits.is_empty() {
        return Err(not_a_number(10));
    }
    if rest.starts_with(['.', ',']) {
        return Err(
            "expected a whole number (no fractions or separators other than '_')".to_owned(),
        );
    }
    Ok((digits, rest))
}

/// Parses digit groups into a `u64`, reporting overflow clearly.
fn parse_digits(digits: &str) -> Result<u64, String> {
    digit_groups(digits, 10)?
        .parse::<u64>()
        .map_err(|_| format!("too large: the largest value is {}", u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_suffixed_sizes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("17"), Ok(17));
        assert_eq!(parse_size("2K"), Ok(2_048));
        assert_eq!(parse_size("2k"), Ok(2_048));
        assert_eq!(parse_size("2KB"), Ok(2_000));
        assert_eq!(parse_size("2kb"), Ok(2_000));
        assert_eq!(parse_size("3M"), Ok(3 << 20));
        assert_eq!(parse_size("3MB"), Ok(3_000_000));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("2GB"), Ok(2_000_000_000));
        assert_eq!(parse_size("1T"), Ok(1 << 40));
        assert_eq!(parse_size("1TB"), Ok(1_000_000_000_000));
        assert_eq!(parse_size("1P"), Ok(1 << 50));
        assert_eq!(parse_size("1PB"), Ok(1_000_000_000_000_000));
        assert_eq!(parse_size("15E"), Ok(15 << 60));
        assert_eq!(parse_size("18EB"), Ok(18_000_000_000_000_000_000));
        assert_eq!(parse_size("2KiB"), Ok(2_048));
        assert_eq!(parse_size("2kib"), Ok(2_048));
        assert_eq!(parse_size("3MiB"), Ok(3 << 20));
        assert_eq!(parse_size("10GiB"), Ok(10 << 30));
        assert_eq!(parse_size("1TiB"), Ok(1 << 40));
        assert_eq!(parse_size("1PiB"), Ok(1 << 50));
        assert_eq!(parse_size("1EiB"), Ok(1 << 60));
        assert_eq!(parse_size("0Z"), Ok(0));
        assert_eq!(parse_size("0YB"), Ok(0));
        assert_eq!(parse_size("007"), Ok(7));
        assert_eq!(parse_size("1_000"), Ok(1_000));
        assert_eq!(parse_size("1_024K"), Ok(1 << 20));
    }

    #[test]
    fn bad_sizes_are_refused_with_a_reason() {
        for (text, needle) in [
            ("", "empty"),
            ("-1", "negative"),
            ("-1K", "negative"),
            ("abc", "whole number"),
            ("K", "whole number"),
            ("_1", "'_'"),
            ("1.5G", "fraction"),
            ("1,000", "fraction"),
            (" 1", "whitespace"),
            ("1 ", "whitespace"),
            ("1X", "unknown suffix"),
            ("1Kx", "unknown suffix"),
            ("1KiBB", "unknown suffix"),
            ("1iB", "unknown suffix"),
            ("1__000", "'_'"),
            ("1_", "'_'"),
            ("1_K", "'_'"),
            ("18446744073709551616", "too large"),
            ("18014398509481984K", "too large"),
            ("17179869184GiB", "too large"),
            ("16E", "too large"),
            ("19EB", "too large"),
            ("1Z", "too large"),
            ("1YiB", "too large"),
        ] {
            let err = parse_size(text).expect_err(text);
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }

    #[test]
    fn largest_size_is_accepted() {
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse_size("18_446_744_073_709_551_615"), Ok(u64::MAX));
        assert_eq!(parse_size("16777215TiB"), Ok(16_777_215 << 40));
    }

    #[test]
    fn counts_take_no_suffix() {
        assert_eq!(parse_count("32"), Ok(32));
        assert_eq!(parse_count("1_000_000"), Ok(1_000_000));
        assert!(parse_count("32K").unwrap_err().contains("suffix"));
        assert!(parse_count("").unwrap_err().contains("empty"));
        assert!(parse_count("-3").unwrap_err().contains("negative"));
        assert!(parse_count("1__0").unwrap_err().contains("'_'"));
        assert!(
            parse_usize("99999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
        assert!(parse_positive("0").is_err());
    }
}
