//! Parsing of byte sizes (`--count 2G`) and plain counts (`NBYTES`, `-n`).
//!
//! Suffixes follow SI and IEC strictly, so a size never means two things:
//! `K`, `M`, `G`, `T` are powers of 1000 and `KiB`, `MiB`, `GiB`, `TiB` powers
//! of 1024 (the letter is case-insensitive). `KB`-style suffixes are refused
//! because half the world reads them as 1024: the error says which to write.

/// The suffixes accepted after a size, with their multipliers.
const SUFFIXES: [(&str, u64); 8] = [
    ("k", 1_000),
    ("m", 1_000_000),
    ("g", 1_000_000_000),
    ("t", 1_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
];

/// Parses a byte size: a whole decimal number with an optional suffix.
///
/// The error is a short phrase for clap to put after "invalid value 'X' for
/// '--count <N>': ".
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, suffix) = split_number(text)?;
    let multiplier = if suffix.is_empty() {
        1
    } else {
        let lower = suffix.to_ascii_lowercase();
        match SUFFIXES.iter().find(|(name, _)| *name == lower) {
            Some(&(_, multiplier)) => multiplier,
            None if matches!(lower.as_str(), "kb" | "mb" | "gb" | "tb") => {
                let letter = &suffix[..1];
                return Err(format!(
                    "ambiguous suffix '{suffix}': write '{letter}' for powers of 1000 \
                     or '{letter}iB' for powers of 1024"
                ));
            }
            None => {
                return Err(format!(
                    "unknown suffix '{suffix}' (use K, M, G, T = 1000^n or KiB, MiB, GiB, TiB = 1024^n)"
                ));
            }
        }
    };
    let number = parse_digits(digits)?;
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("too large: the largest size is {} bytes", u64::MAX))
}

/// Parses a plain non-negative count (no suffix), such as `NBYTES` or `-n`.
pub fn parse_count(text: &str) -> Result<u64, String> {
    let (digits, suffix) = split_number(text)?;
    if !suffix.is_empty() {
        return Err("expected a whole number without a suffix".to_owned());
    }
    parse_digits(digits)
}

/// Like [`parse_count`], for values that index memory (`usize`).
pub fn parse_usize(text: &str) -> Result<usize, String> {
    let value = parse_count(text)?;
    usize::try_from(value).map_err(|_| format!("too large: at most {}", usize::MAX))
}

/// Splits `text` into its leading ASCII digits and the rest, after rejecting
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
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_end);
    if digits.is_empty() {
        return Err("expected a whole number, optionally followed by a suffix".to_owned());
    }
    if rest.starts_with(['.', ',']) {
        return Err("expected a whole number (no fractions or separators)".to_owned());
    }
    Ok((digits, rest))
}

/// Parses ASCII digits into a `u64`, reporting overflow clearly.
fn parse_digits(digits: &str) -> Result<u64, String> {
    digits
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
        assert_eq!(parse_size("2K"), Ok(2_000));
        assert_eq!(parse_size("2k"), Ok(2_000));
        assert_eq!(parse_size("3M"), Ok(3_000_000));
        assert_eq!(parse_size("2G"), Ok(2_000_000_000));
        assert_eq!(parse_size("1T"), Ok(1_000_000_000_000));
        assert_eq!(parse_size("2KiB"), Ok(2_048));
        assert_eq!(parse_size("2kib"), Ok(2_048));
        assert_eq!(parse_size("3MiB"), Ok(3 << 20));
        assert_eq!(parse_size("10GiB"), Ok(10 << 30));
        assert_eq!(parse_size("1TiB"), Ok(1 << 40));
        assert_eq!(parse_size("007"), Ok(7));
    }

    #[test]
    fn bad_sizes_are_refused_with_a_reason() {
        for (text, needle) in [
            ("", "empty"),
            ("-1", "negative"),
            ("-1K", "negative"),
            ("abc", "whole number"),
            ("K", "whole number"),
            ("1.5G", "fraction"),
            ("1,000", "fraction"),
            (" 1", "whitespace"),
            ("1 ", "whitespace"),
            ("1KB", "ambiguous"),
            ("1gb", "ambiguous"),
            ("1X", "unknown suffix"),
            ("1Kb", "ambiguous"),
            ("1KiBB", "unknown suffix"),
            ("18446744073709551616", "too large"),
            ("18446744073709552K", "too large"),
            ("17179869184GiB", "too large"),
        ] {
            let err = parse_size(text).expect_err(text);
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }

    #[test]
    fn largest_size_is_accepted() {
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse_size("16777215TiB"), Ok(16_777_215 << 40));
    }

    #[test]
    fn counts_take_no_suffix() {
        assert_eq!(parse_count("32"), Ok(32));
        assert!(parse_count("32K").unwrap_err().contains("suffix"));
        assert!(parse_count("").unwrap_err().contains("empty"));
        assert!(parse_count("-3").unwrap_err().contains("negative"));
        assert!(
            parse_usize("99999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }
}
