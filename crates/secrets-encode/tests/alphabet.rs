//! Custom-alphabet tokens: validation, membership, decoding, error
//! propagation and chi-square uniformity with a fixed seed.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng};
use secrets_core::Error;
use secrets_core::rand_core::{TryCryptoRng, TryRng};
use secrets_encode::{
    ALPHANUMERIC, ASCII_LETTERS, ASCII_LOWERCASE, ASCII_UPPERCASE, Alphabet, DIGITS, DecodeError,
    DecodeErrorReason, MAX_ALPHABET_SIZE, token_from_alphabet, token_from_alphabet_to,
};

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn distinct_symbols(n: u32) -> String {
    (0..n)
        .map(|i| char::from_u32(0x4e00 + i).expect("valid"))
        .collect()
}

#[test]
fn invalid_alphabets_are_refused_with_a_reason() {
    let cases = [
        ("", "the alphabet is empty"),
        ("abca", "a character appears more than once"),
        ("αβγα", "a character appears more than once"),
    ];
    for (symbols, reason) in cases {
        let error = Alphabet::new(symbols).unwrap_err();
        assert_eq!(error, Error::invalid("alphabet", reason), "{symbols:?}");
        assert_eq!(error.to_string(), format!("invalid alphabet: {reason}"));
    }
    let too_many = distinct_symbols(257);
    assert_eq!(
        Alphabet::new(&too_many).unwrap_err(),
        Error::invalid("alphabet", "the alphabet has more than 256 symbols")
    );
    // The limits themselves are fine.
    assert_eq!(
        Alphabet::new(&distinct_symbols(256))
            .expect("256 symbols")
            .size(),
        MAX_ALPHABET_SIZE
    );
    assert_eq!(Alphabet::new("x").expect("one symbol").size(), 1);
    assert!(Alphabet::try_from("").is_err());
}

#[test]
fn python_string_constants_are_valid_alphabets() {
    for (symbols, size) in [
        (ALPHANUMERIC, 62),
        (ASCII_LETTERS, 52),
        (ASCII_LOWERCASE, 26),
        (ASCII_UPPERCASE, 26),
        (DIGITS, 10),
    ] {
        let alphabet = Alphabet::new(symbols).expect("valid");
        assert_eq!(alphabet.size(), size);
        assert_eq!(alphabet.as_str(), symbols);
    }
}

#[test]
fn tokens_have_the_requested_length_and_only_alphabet_symbols() {
    let mut rng = rng(1);
    for symbols in [
        ALPHANUMERIC,
        "01",
        "abc",
        "αβγδ🔑",
        &distinct_symbols(256),
        &distinct_symbols(129),
    ] {
        let alphabet = Alphabet::new(symbols).expect("valid");
        // Every length natively; under Miri (about 10^4 times slower) the
        // edges and a few in between.
        let lengths: Vec<usize> = if cfg!(miri) {
            vec![0, 1, 2, 3, 7, 31, 64, 255, 256]
        } else {
            (0..=256).collect()
        };
        for len in lengths {
            let token = token_from_alphabet(&mut rng, &alphabet, len).expect("infallible rng");
            assert_eq!(token.chars().count(), len, "{symbols:?}");
            assert!(
                token.chars().all(|c| symbols.contains(c)),
                "{token:?} not over {symbols:?}"
            );
        }
    }
}

#[test]
fn tokens_append_to_an_existing_string() {
    let alphabet = Alphabet::new("xyz").expect("valid");
    let mut out = String::from("id-");
    token_from_alphabet_to(&mut rng(2), &alphabet, 10, &mut out).expect("infallible rng");
    assert!(out.starts_with("id-"));
    assert_eq!(out.len(), 13);
    assert!(out[3..].chars().all(|c| "xyz".contains(c)));
}

#[test]
fn decode_maps_symbols_back_to_indices() {
    let alphabet = Alphabet::new("αβγδ🔑").expect("valid");
    let mut rng = rng(3);
    for len in 0..=64 {
        let token = token_from_alphabet(&mut rng, &alphabet, len).expect("infallible rng");
        let indices = alphabet.decode(&token).expect("own token");
        assert_eq!(indices.len(), len);
        assert!(indices.iter().all(|&i| i < 5));
        assert_eq!(alphabet.encode(&indices).expect("valid indices"), token);
    }
    assert_eq!(alphabet.decode("🔑α").expect("valid"), [4, 0]);
    assert_eq!(alphabet.index_of('δ'), Some(3));
    assert_eq!(alphabet.index_of('a'), None);
}

#[test]
fn decode_names_the_position_in_characters() {
    let alphabet = Alphabet::new("αβ").expect("valid");
    // 'z' is the third character but the fifth byte.
    assert_eq!(
        alphabet.decode("αβzα").unwrap_err(),
        DecodeError::new(2, DecodeErrorReason::InvalidCharacter)
    );
    let ascii = Alphabet::new(DIGITS).expect("valid");
    let error = ascii.decode("12a4").unwrap_err();
    assert_eq!(
        error,
        DecodeError::new(2, DecodeErrorReason::InvalidCharacter)
    );
    assert_eq!(error.to_string(), "invalid character at position 2");
}

#[test]
fn encode_refuses_indices_outside_the_alphabet() {
    let alphabet = Alphabet::new("abc").expect("valid");
    assert_eq!(alphabet.encode(&[0, 2, 1]).expect("valid"), "acb");
    assert_eq!(
        alphabet.encode(&[0, 3]).unwrap_err(),
        Error::invalid("indices", "an index is not below the alphabet's size")
    );
}

#[test]
fn debug_shows_the_symbols_only() {
    let alphabet = Alphabet::new("ab").expect("valid");
    assert_eq!(format!("{alphabet:?}"), r#"Alphabet { symbols: "ab" }"#);
}

/// A generator that always fails, like an OS source that cannot deliver.
struct FailingRng;

impl TryRng for FailingRng {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        Err(Error::Os { errno: 5 })
    }
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        Err(Error::Os { errno: 5 })
    }
    fn try_fill_bytes(&mut self, _dst: &mut [u8]) -> Result<(), Error> {
        Err(Error::Os { errno: 5 })
    }
}

impl TryCryptoRng for FailingRng {}

#[test]
fn a_failing_generator_fails_the_token_and_leaves_the_output_alone() {
    let alphabet = Alphabet::new(ALPHANUMERIC).expect("valid");
    assert_eq!(
        token_from_alphabet(&mut FailingRng, &alphabet, 16).unwrap_err(),
        Error::Os { errno: 5 }
    );
    let mut out = String::from("kept");
    assert!(token_from_alphabet_to(&mut FailingRng, &alphabet, 16, &mut out).is_err());
    assert_eq!(out, "kept");
    // Nothing to draw, nothing to fail.
    assert_eq!(
        token_from_alphabet(&mut FailingRng, &alphabet, 0).expect("empty"),
        ""
    );
}

/// Pearson's chi-square statistic of `counts` against equal expectation.
fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

/// Upper critical values of the chi-square distribution at alpha = 1e-4,
/// by degrees of freedom (cells - 1). Computed with the regularized
/// incomplete gamma function (df = 2 is exactly -2 ln 1e-4 = 18.4207); they
/// agree with scipy.stats.chi2.isf(1e-4, df).
const CRITICAL_1E4: [(usize, f64); 4] =
    [(2, 18.4207), (8, 31.8276), (61, 110.8397), (128, 196.2112)];

/// Asserts that `counts` fit equal cell probabilities (df = cells - 1).
fn assert_uniform(counts: &[u64]) {
    let statistic = chi_square(counts);
    let df = counts.len() - 1;
    assert!(
        statistic < critical(df),
        "chi-square {statistic:.1} over {} cells (df {df}): {counts:?}",
        counts.len()
    );
}

fn critical(df: usize) -> f64 {
    CRITICAL_1E4
        .iter()
        .find(|&&(d, _)| d == df)
        .map(|&(_, v)| v)
        .expect("tabulated df")
}

/// Symbol counts over tokens drawn with a fixed seed (cannot flake).
fn symbol_counts(symbols: &str, seed: u64, tokens: usize, len: usize) -> Vec<u64> {
    let alphabet = Alphabet::new(symbols).expect("valid");
    let mut rng = rng(seed);
    let mut counts = vec![0u64; alphabet.size()];
    for _ in 0..tokens {
        let token = token_from_alphabet(&mut rng, &alphabet, len).expect("infallible rng");
        for index in alphabet.decode(&token).expect("own token") {
            counts[usize::from(index)] += 1;
        }
    }
    counts
}

#[test]
#[cfg_attr(
    miri,
    ignore = "statistical; its code paths run under Miri in the tests above"
)]
fn symbols_are_uniform_including_the_worst_case_rejection() {
    // (symbols, seed, tokens, length, cells)
    for (symbols, seed, tokens, len, cells) in [
        // 2,000 tokens of 32 characters: about 1,032 per symbol. df = 61.
        (ALPHANUMERIC.to_owned(), 62, 2_000, 32, 62),
        // 3 symbols reject 1 byte value in 256. df = 2.
        ("abc".to_owned(), 3, 1_000, 30, 3),
        // 129 symbols reject 127 of 256 byte values. df = 128.
        (distinct_symbols(129), 129, 1_000, 129, 129),
    ] {
        let counts = symbol_counts(&symbols, seed, tokens, len);
        assert_eq!(counts.len(), cells);
        assert_uniform(&counts);
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "statistical; its code paths run under Miri in the tests above"
)]
fn adjacent_characters_are_independent() {
    // Pairs of neighbouring characters over 3 symbols: 9 cells, df = 8.
    let alphabet = Alphabet::new("αβγ").expect("valid");
    let mut rng = rng(9);
    let mut counts = [0u64; 9];
    for _ in 0..2_000 {
        let token = token_from_alphabet(&mut rng, &alphabet, 20).expect("infallible rng");
        let indices = alphabet.decode(&token).expect("own token");
        for pair in indices.chunks_exact(2) {
            counts[usize::from(pair[0]) * 3 + usize::from(pair[1])] += 1;
        }
    }
    assert_uniform(&counts);
}

#[test]
#[cfg_attr(
    miri,
    ignore = "statistical; its code paths run under Miri in the tests above"
)]
fn the_test_detects_modulo_bias() {
    // Control: `byte % 62` (the classic mistake) over as many draws as the
    // 62-symbol test must exceed the critical value, so that test has power.
    let mut rng = rng(62);
    let mut counts = vec![0u64; 62];
    let mut bytes = vec![0u8; 64_000];
    rng.fill_bytes(&mut bytes);
    for byte in bytes {
        counts[usize::from(byte) % 62] += 1;
    }
    let statistic = chi_square(&counts);
    assert!(
        statistic > critical(61),
        "modulo bias went unnoticed: {statistic:.1}"
    );
}
