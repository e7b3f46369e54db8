//! The CLI's size and count parsers (`--count 2GiB`, `NBYTES`, `-n`) on
//! arbitrary text.
//!
//! Oracle: the documented grammar, written out again here — ASCII digits,
//! `_` only between two digits, then nothing or one of K M G T P E Z Y
//! (powers of 1024, as coreutils), the same with `iB` (powers of 1024) or `B`
//! (powers of 1000), letters in any case, and a value that fits in a u64. Every
//! input must be accepted exactly when the grammar allows it, with the same
//! value, and refused with a non-empty message otherwise. Every u64 written
//! in decimal parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrets_cli::size::{parse_count, parse_size, parse_usize};

fn model(text: &str, suffixes_allowed: bool) -> Option<u64> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(text.len());
    let (grouped, suffix) = text.split_at(digits_end);
    if grouped.is_empty() || grouped.starts_with('_') || grouped.ends_with('_') || grouped.contains("__") {
        return None;
    }
    let digits: String = grouped.chars().filter(|&c| c != '_').collect();
    let lower = suffix.to_ascii_lowercase();
    let multiplier: u128 = if lower.is_empty() {
        1
    } else if !suffixes_allowed {
        return None;
    } else {
        let power = "kmgtpezy".find(lower.chars().next()?)? as u32 + 1;
        match &lower[1..] {
            "" | "ib" => 1024u128.pow(power),
            "b" => 1000u128.pow(power),
            _ => return None,
        }
    };
    // Leading zeros are fine; the digits alone must fit in a u64.
    let number: u64 = digits.parse().ok()?;
    u64::try_from(u128::from(number).checked_mul(multiplier)?).ok()
}

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let value = u64::from_le_bytes(data[..8].try_into().unwrap_or_default());
        assert_eq!(parse_size(&value.to_string()), Ok(value));
        assert_eq!(parse_count(&value.to_string()), Ok(value));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let size = parse_size(text);
    assert_eq!(
        size.as_ref().ok().copied(),
        model(text, true),
        "{text:?}: {size:?}"
    );
    if let Err(message) = &size {
        assert!(!message.is_empty());
    }
    let count = parse_count(text);
    assert_eq!(
        count.as_ref().ok().copied(),
        model(text, false),
        "{text:?}: {count:?}"
    );
    let expected_usize = model(text, false).and_then(|v| usize::try_from(v).ok());
    assert_eq!(parse_usize(text).ok(), expected_usize);
});
