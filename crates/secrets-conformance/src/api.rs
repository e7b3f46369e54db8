//! API semantics over a generator, and the chi-square uniformity of every
//! sampling function and token encoder, through `secrets-core`'s sampling
//! and `secrets-encode`'s encoders (what the facade's handle and free
//! functions call).
//!
//! Every expectation here is CPython's documented behaviour (token lengths,
//! alphabets, error messages) or the crates' documented contract.

use secrets_core::{Error, sample};
use secrets_encode::{Alphabet, Encoding};

use crate::stats::Decision;
use crate::stats::uniformity::{chi_square, choice_decision, randbelow_decision, shuffle_decision};
use crate::suite::Source;

const HEX: &str = "0123456789abcdef";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The decision `name`: `result` is an invalid-argument error whose message
/// contains `needle`.
fn invalid(name: &str, result: Result<impl std::fmt::Debug, Error>, needle: &str) -> Decision {
    let (ok, message) = match result {
        Err(e @ Error::InvalidArgument { .. }) => {
            let message = e.to_string();
            (message.contains(needle), message)
        }
        other => (false, format!("{other:?}")),
    };
    Decision::exact(name, ok, message)
}

fn all_in(text: &str, alphabet: &str) -> bool {
    text.chars().all(|c| alphabet.contains(c))
}

/// `n` random bytes, as `token_bytes(n)` draws them.
fn bytes(s: &mut dyn Source, n: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = vec![0u8; n];
    s.try_fill_bytes(&mut bytes)?;
    Ok(bytes)
}

/// `token_hex`, `token_urlsafe`, `token_base32`: `n` random bytes, encoded.
fn token(s: &mut dyn Source, n: usize, encoding: Encoding) -> Result<String, Error> {
    Ok(encoding.encode(&bytes(s, n)?))
}

/// `token_from_alphabet(alphabet, length)`.
fn from_alphabet(s: &mut dyn Source, alphabet: &str, length: usize) -> Result<String, Error> {
    secrets_encode::token_from_alphabet(s, &Alphabet::new(alphabet)?, length)
}

/// Token lengths and alphabets, sampling ranges and errors, on a fresh
/// generator. Also checks that the whole alphabet is reachable.
pub(crate) fn semantics(s: &mut dyn Source) -> Result<Vec<Decision>, String> {
    let mut d = Vec::new();
    let fail = |s: &mut dyn Source, e: Error| s.describe(e);

    for n in [0usize, 1, 2, 3, 15, 16, 31, 32, 33, 1000] {
        let bytes = bytes(s, n).map_err(|e| fail(s, e))?;
        let hex = token(s, n, Encoding::HexLower).map_err(|e| fail(s, e))?;
        let url = token(s, n, Encoding::Base64UrlNoPad).map_err(|e| fail(s, e))?;
        let b32 = token(s, n, Encoding::Base32NoPad).map_err(|e| fail(s, e))?;
        d.push(Decision::exact(
            format!("token_bytes({n}) length"),
            bytes.len() == n,
            format!("{} bytes", bytes.len()),
        ));
        d.push(Decision::exact(
            format!("token_hex({n})"),
            hex.len() == 2 * n && all_in(&hex, HEX),
            format!("{hex:?}"),
        ));
        // CPython: base64.urlsafe_b64encode(...).rstrip(b'=') → ceil(4n/3).
        d.push(Decision::exact(
            format!("token_urlsafe({n})"),
            url.len() == (4 * n).div_ceil(3) && all_in(&url, URLSAFE),
            format!("{url:?}"),
        ));
        d.push(Decision::exact(
            format!("token_base32({n})"),
            b32.len() == (8 * n).div_ceil(5) && all_in(&b32, BASE32),
            format!("{b32:?}"),
        ));
    }
    d.push(Decision::exact(
        "token_urlsafe(32) (CPython's DEFAULT_ENTROPY) is 43 characters",
        token(s, 32, Encoding::Base64UrlNoPad)
            .map(|t| t.len() == 43)
            .unwrap_or(false),
        "CPython's default",
    ));

    // Every symbol of each alphabet appears (a stuck encoder table would not).
    let mut seen_hex = String::new();
    let mut seen_url = String::new();
    for _ in 0..64 {
        seen_hex.push_str(&token(s, 32, Encoding::HexLower).map_err(|e| fail(s, e))?);
        seen_url.push_str(&token(s, 48, Encoding::Base64UrlNoPad).map_err(|e| fail(s, e))?);
    }
    d.push(Decision::exact(
        "token_hex reaches all 16 digits",
        HEX.chars().all(|c| seen_hex.contains(c)),
        "over 2048 characters",
    ));
    d.push(Decision::exact(
        "token_urlsafe reaches all 64 symbols",
        URLSAFE.chars().all(|c| seen_url.contains(c)),
        "over 4096 characters",
    ));

    // randbelow: CPython's error for a non-positive bound, ranges otherwise.
    d.push(invalid(
        "randbelow(0) is an invalid-argument error",
        sample::randbelow(s, 0u64),
        "Upper bound must be positive.",
    ));
    let mut ones = true;
    let mut in_range = true;
    for _ in 0..1000 {
        ones &= sample::randbelow(s, 1u64).map_err(|e| fail(s, e))? == 0;
        in_range &= sample::randbelow(s, 7u64).map_err(|e| fail(s, e))? < 7;
        in_range &= sample::randbelow(s, u64::MAX).map_err(|e| fail(s, e))? < u64::MAX;
        in_range &= sample::randbelow(s, 3u32 << 30).map_err(|e| fail(s, e))? < 3 << 30;
        in_range &= sample::randbelow(s, 3u128 << 126).map_err(|e| fail(s, e))? < 3 << 126;
    }
    d.push(Decision::exact("randbelow(1) == 0", ones, "1000 draws"));
    d.push(Decision::exact(
        "randbelow in range (u32, u64, u128 bounds)",
        in_range,
        "1000 draws each",
    ));

    // randbits: 0 gives 0, k bits stay below 2^k and reach the top bit.
    d.push(Decision::exact(
        "randbits(0) == 0",
        sample::randbits::<u128, _>(s, 0) == Ok(0),
        format!("{:?}", sample::randbits::<u128, _>(s, 0)),
    ));
    d.push(invalid(
        "randbits(129) is an invalid-argument error",
        sample::randbits::<u128, _>(s, 129),
        "",
    ));
    let mut below = true;
    let mut top_bits_seen = true;
    for k in 1..=128u32 {
        let mut or = 0u128;
        for _ in 0..64 {
            let v = sample::randbits::<u128, _>(s, k).map_err(|e| fail(s, e))?;
            below &= k == 128 || v >> k == 0;
            or |= v;
        }
        top_bits_seen &= or >> (k - 1) == 1;
    }
    d.push(Decision::exact(
        "randbits(k) < 2^k for k in 1..=128",
        below,
        "64 draws each",
    ));
    d.push(Decision::exact(
        "randbits(k) reaches bit k-1",
        top_bits_seen,
        "the top bit appears in 64 draws (fails with probability 2^-64 per k)",
    ));

    // choice: CPython's error for an empty sequence.
    let empty: [u8; 0] = [];
    d.push(invalid(
        "choice([]) is an invalid-argument error",
        sample::choice(s, &empty),
        "Cannot choose from an empty sequence",
    ));
    d.push(Decision::exact(
        "choice of one element",
        sample::choice(s, &[42]) == Ok(&42),
        "",
    ));

    // randrange / randint / uniform / random.
    d.push(invalid(
        "randrange step 0 is an error",
        sample::randrange(s, 0, 10, 0),
        "",
    ));
    d.push(invalid(
        "randrange empty range is an error",
        sample::randrange(s, 5, 5, 1),
        "",
    ));
    d.push(invalid(
        "randint(2, 1) is an error",
        sample::randint(s, 2, 1),
        "",
    ));
    d.push(invalid(
        "uniform with a NaN bound is an error",
        sample::uniform(s, 0.0, f64::NAN),
        "",
    ));
    let mut ranges_ok = true;
    for _ in 0..1000 {
        let v = sample::randrange(s, 10, -10, -3).map_err(|e| fail(s, e))?;
        ranges_ok &= (-10 < v && v <= 10) && (10 - v) % 3 == 0;
        let v = sample::randint(s, -3, 3).map_err(|e| fail(s, e))?;
        ranges_ok &= (-3..=3).contains(&v);
        let v = sample::randint(s, i64::MIN, i64::MAX).map_err(|e| fail(s, e))?;
        ranges_ok &= (i64::MIN..=i64::MAX).contains(&v);
        let v = sample::random(s).map_err(|e| fail(s, e))?;
        ranges_ok &= (0.0..1.0).contains(&v) && (v * 2f64.powi(53)).fract() == 0.0;
        let v = sample::uniform(s, 2.0, -2.0).map_err(|e| fail(s, e))?;
        ranges_ok &= (-2.0..=2.0).contains(&v);
    }
    d.push(Decision::exact(
        "randrange/randint/random/uniform stay in range",
        ranges_ok,
        "1000 draws each; random() is a multiple of 2^-53",
    ));

    // sample and shuffle: permutations, distinct picks, CPython's error.
    let population: Vec<u32> = (0..50).collect();
    let picked = sample::sample(s, &population, 20).map_err(|e| fail(s, e))?;
    let mut sorted = picked.clone();
    sorted.sort_unstable();
    sorted.dedup();
    d.push(Decision::exact(
        "sample(50, 20) picks 20 distinct members",
        picked.len() == 20 && sorted.len() == 20 && picked.iter().all(|p| *p < 50),
        format!("{picked:?}"),
    ));
    d.push(invalid(
        "sample larger than the population is an error",
        sample::sample(s, &population, 51),
        "",
    ));
    let mut items: Vec<u32> = (0..100).collect();
    sample::shuffle(s, &mut items).map_err(|e| fail(s, e))?;
    let mut restored = items.clone();
    restored.sort_unstable();
    d.push(Decision::exact(
        "shuffle permutes",
        restored == (0..100).collect::<Vec<_>>() && items != restored,
        "100 items",
    ));

    // Custom alphabets: bad alphabets are errors, output stays in the set.
    d.push(invalid(
        "an empty alphabet is an error",
        from_alphabet(s, "", 8),
        "",
    ));
    d.push(invalid(
        "a repeated symbol is an error",
        from_alphabet(s, "abca", 8),
        "",
    ));
    let token = from_alphabet(s, "0123456789", 100).map_err(|e| fail(s, e))?;
    d.push(Decision::exact(
        "token_from_alphabet(digits, 100)",
        token.chars().count() == 100 && all_in(&token, "0123456789"),
        token,
    ));
    Ok(d)
}

/// Chi-square of symbol frequencies in tokens against a uniform alphabet.
fn symbol_decision(name: &str, alphabet: &str, text: &str) -> Decision {
    let symbols: Vec<char> = alphabet.chars().collect();
    let mut counts = vec![0u64; symbols.len()];
    let mut strays = 0;
    for c in text.chars() {
        match symbols.iter().position(|&s| s == c) {
            Some(i) => counts[i] += 1,
            None => strays += 1,
        }
    }
    if strays > 0 {
        return Decision::exact(
            format!("{name} alphabet"),
            false,
            format!("{strays} symbols outside the alphabet"),
        );
    }
    let probabilities = vec![1.0 / symbols.len() as f64; symbols.len()];
    let (statistic, dof, p) = chi_square(&counts, &probabilities);
    Decision::from_p_value(
        format!("{name} symbol uniformity"),
        p,
        format!(
            "{} symbols; chi-square {statistic:.1} ({dof} dof), P = {p:.3e}",
            text.len()
        ),
    )
}

/// Chi-square uniformity of randbelow (several bounds), randbits, choice,
/// shuffle, randint, random() and the token encoders, each over `draws`
/// draws on a fresh generator.
pub(crate) fn sampling_uniformity(s: &mut dyn Source, draws: u64) -> Result<Vec<Decision>, String> {
    let mut d = Vec::new();
    let err = |e: Error| e.to_string();

    // Small, odd, decimal, huge and adversarial bounds: 3·2^62 is where a
    // modulo reduction puts twice the mass on the lowest third.
    for bound in [2u64, 3, 10, 1000, 1_000_000, 3 << 62, u64::MAX] {
        d.push(randbelow_decision(
            "randbelow::<u64>",
            bound,
            draws,
            &mut |b| sample::randbelow(s, b).map_err(err),
        )?);
    }
    d.push(randbelow_decision(
        "randbelow::<u32>",
        3 << 30,
        draws,
        &mut |b| {
            let b32 = u32::try_from(b).map_err(|_| "bound fits u32".to_string())?;
            sample::randbelow(s, b32).map(u64::from).map_err(err)
        },
    )?);
    d.push(randbelow_decision("randbits(5)", 32, draws, &mut |_| {
        sample::randbits::<u128, _>(s, 5)
            .map(|v| v as u64)
            .map_err(err)
    })?);
    d.push(randbelow_decision(
        "randint(1, 6) - 1",
        6,
        draws,
        &mut |_| {
            sample::randint(s, 1, 6)
                .map(|v| (v - 1) as u64)
                .map_err(err)
        },
    )?);
    d.push(randbelow_decision(
        "floor(1000 * random())",
        1000,
        draws,
        &mut |_| sample::random(s).map(|v| (v * 1000.0) as u64).map_err(err),
    )?);
    let items = ["a", "b", "c", "d", "e", "f", "g"];
    d.push(choice_decision(
        "choice of 7",
        items.len(),
        draws,
        &mut |_| {
            let picked = sample::choice(s, &items).map_err(err)?;
            Ok(items
                .iter()
                .position(|i| i == picked)
                .expect("picked from items"))
        },
    )?);
    d.push(shuffle_decision("shuffle of 4", draws, &mut |four| {
        sample::shuffle(s, four).map_err(err)
    })?);

    // Token encoders: each symbol equally likely.
    let token_count = (draws / 64).max(100) as usize;
    let mut hex = String::new();
    let mut url = String::new();
    let mut b32 = String::new();
    let mut digits = String::new();
    for _ in 0..token_count {
        hex.push_str(&token(s, 32, Encoding::HexLower).map_err(err)?);
        // 48 bytes = 64 base64 symbols exactly (no partial last symbol).
        url.push_str(&token(s, 48, Encoding::Base64UrlNoPad).map_err(err)?);
        // 40 bytes = 64 base32 symbols exactly.
        b32.push_str(&token(s, 40, Encoding::Base32NoPad).map_err(err)?);
        digits.push_str(&from_alphabet(s, "0123456789", 64).map_err(err)?);
    }
    d.push(symbol_decision("token_hex", HEX, &hex));
    d.push(symbol_decision("token_urlsafe", URLSAFE, &url));
    d.push(symbol_decision("token_base32", BASE32, &b32));
    d.push(symbol_decision(
        "token_from_alphabet(digits)",
        "0123456789",
        &digits,
    ));
    Ok(d)
}
