//! Passwords and passphrases: uniformity under rejection, require_each,
//! impossible policies, entropy figures, word lists.

mod common;

use std::collections::HashMap;

use common::{assert_uniform, seeded};
use secrets::{
    AMBIGUOUS_CHARS, CharClasses, Error, PassphrasePolicy, PasswordPolicy, SYMBOLS, Wordlist,
};

fn is_invalid(result: Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::InvalidArgument { .. }))
}

fn char_counts(passwords: &[String]) -> HashMap<char, u64> {
    let mut counts = HashMap::new();
    for p in passwords {
        for c in p.chars() {
            *counts.entry(c).or_insert(0u64) += 1;
        }
    }
    counts
}

#[test]
fn plain_policy_is_uniform_over_the_94_characters() {
    let policy = PasswordPolicy::default();
    assert_eq!(policy.allowed_chars().unwrap().len(), 94);
    let mut s = seeded(1);
    let passwords: Vec<String> = (0..1000).map(|_| s.password(&policy).unwrap()).collect();
    assert!(passwords.iter().all(|p| p.chars().count() == 20));
    let counts = char_counts(&passwords);
    assert_eq!(counts.len(), 94);
    assert_uniform(
        "password characters",
        &counts.values().copied().collect::<Vec<_>>(),
    );
    let expected = 20.0 * 94f64.log2();
    assert!((policy.entropy_bits().unwrap() - expected).abs() < 1e-9);
}

#[test]
fn require_each_is_satisfied_and_stays_uniform() {
    // Short passwords over classes of very different sizes: inserting "one
    // of each" would overweight digits and symbols; rejection does not.
    let policy = PasswordPolicy {
        length: 4,
        classes: CharClasses {
            lower: true,
            digits: true,
            ..CharClasses::NONE
        },
        require_each: true,
        ..PasswordPolicy::default()
    };
    let mut s = seeded(2);
    let passwords: Vec<String> = (0..30_000).map(|_| s.password(&policy).unwrap()).collect();
    for p in &passwords {
        assert!(p.chars().any(|c| c.is_ascii_lowercase()), "{p}");
        assert!(p.chars().any(|c| c.is_ascii_digit()), "{p}");
    }
    // Uniform over valid passwords: by symmetry every lowercase letter has
    // the same frequency and every digit has the same frequency, and the
    // digit share equals the exact expectation over valid strings.
    let counts = char_counts(&passwords);
    let letters: Vec<u64> = ('a'..='z').map(|c| counts[&c]).collect();
    let digits: Vec<u64> = ('0'..='9').map(|c| counts[&c]).collect();
    assert_uniform("letters under require_each", &letters);
    assert_uniform("digits under require_each", &digits);
    // E[#digits in a valid password] = sum_j j*C(4,j)*10^j*26^(4-j) / valid.
    let valid: f64 = 36f64.powi(4) - 26f64.powi(4) - 10f64.powi(4);
    let expected_digits: f64 = (1..=3)
        .map(|j| {
            let choose = [1.0, 4.0, 6.0, 4.0, 1.0][j as usize];
            j as f64 * choose * 10f64.powi(j) * 26f64.powi(4 - j)
        })
        .sum::<f64>()
        / valid;
    let total_digits: u64 = digits.iter().sum();
    let total_chars = 4 * passwords.len() as u64;
    let expected = expected_digits * passwords.len() as f64;
    common::assert_fits(
        "digit share under require_each",
        &[total_digits, total_chars - total_digits],
        &[expected, total_chars as f64 - expected],
    );
    // Entropy: exact log2 of the number of valid passwords.
    assert!((policy.entropy_bits().unwrap() - valid.log2()).abs() < 1e-9);
}

#[test]
fn insertion_would_have_been_caught() {
    // The same check as above applied to a biased "insert one of each"
    // generator fails, so the test above can fail.
    let mut s = seeded(3);
    let letters: Vec<char> = ('a'..='z').collect();
    let digits: Vec<char> = ('0'..='9').collect();
    let all: Vec<char> = letters.iter().chain(&digits).copied().collect();
    let mut total_digits = 0u64;
    let n = 30_000u64;
    for _ in 0..n {
        let mut p = vec![*s.choice(&letters).unwrap(), *s.choice(&digits).unwrap()];
        p.push(*s.choice(&all).unwrap());
        p.push(*s.choice(&all).unwrap());
        total_digits += p.iter().filter(|c| c.is_ascii_digit()).count() as u64;
    }
    let valid: f64 = 36f64.powi(4) - 26f64.powi(4) - 10f64.powi(4);
    let expected_digits: f64 = (1..=3)
        .map(|j| {
            [1.0, 4.0, 6.0, 4.0, 1.0][j as usize] * j as f64 * 10f64.powi(j) * 26f64.powi(4 - j)
        })
        .sum::<f64>()
        / valid;
    let expected = expected_digits * n as f64;
    let statistic = common::chi_square(
        &[total_digits, 4 * n - total_digits],
        &[expected, 4.0 * n as f64 - expected],
    );
    assert!(statistic > common::critical_value(1), "{statistic}");
}

#[test]
fn require_each_with_all_classes_and_ambiguous_removed() {
    let policy = PasswordPolicy {
        length: 8,
        require_each: true,
        exclude_ambiguous: true,
        ..PasswordPolicy::default()
    };
    let allowed = policy.allowed_chars().unwrap();
    assert_eq!(allowed.len(), 94 - AMBIGUOUS_CHARS.chars().count());
    let mut s = seeded(4);
    for _ in 0..2000 {
        let p = s.password(&policy).unwrap();
        assert_eq!(p.chars().count(), 8);
        assert!(p.chars().all(|c| !AMBIGUOUS_CHARS.contains(c)), "{p}");
        assert!(p.chars().any(|c| c.is_ascii_lowercase()));
        assert!(p.chars().any(|c| c.is_ascii_uppercase()));
        assert!(p.chars().any(|c| c.is_ascii_digit()));
        assert!(p.chars().any(|c| SYMBOLS.contains(c)));
    }
    let entropy = policy.entropy_bits().unwrap();
    let plain = 8.0 * (allowed.len() as f64).log2();
    assert!(
        entropy < plain && entropy > plain - 2.0,
        "{entropy} vs {plain}"
    );
}

#[test]
fn custom_alphabet() {
    let policy = PasswordPolicy {
        length: 12,
        alphabet: Some("abcdef0123".into()),
        require_each: true,
        ..PasswordPolicy::default()
    };
    let mut s = seeded(5);
    for _ in 0..500 {
        let p = s.password(&policy).unwrap();
        assert!(p.chars().all(|c| "abcdef0123".contains(c)));
        assert!(p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(|c| c.is_ascii_lowercase()));
    }
    let unicode = PasswordPolicy {
        length: 6,
        alphabet: Some("αβγδ".into()),
        ..PasswordPolicy::default()
    };
    let p = secrets::generate_password(&unicode).unwrap();
    assert_eq!(p.chars().count(), 6);
    assert!((unicode.entropy_bits().unwrap() - 12.0).abs() < 1e-12);
}

#[test]
fn impossible_policies_are_errors() {
    let base = PasswordPolicy::default();
    let mut s = seeded(6);
    let cases = [
        PasswordPolicy {
            length: 0,
            ..base.clone()
        },
        PasswordPolicy {
            length: 3,
            require_each: true,
            ..base.clone()
        },
        PasswordPolicy {
            classes: CharClasses::NONE,
            ..base.clone()
        },
        PasswordPolicy {
            alphabet: Some(String::new()),
            ..base.clone()
        },
        PasswordPolicy {
            alphabet: Some("abca".into()),
            ..base.clone()
        },
        PasswordPolicy {
            alphabet: Some("0Oo1Il".into()),
            exclude_ambiguous: true,
            ..base.clone()
        },
    ];
    for policy in cases {
        assert!(is_invalid(s.password(&policy)), "{policy:?}");
        assert!(is_invalid(policy.entropy_bits()), "{policy:?}");
        assert!(
            is_invalid(secrets::generate_password(&policy)),
            "{policy:?}"
        );
    }
    // Possible but satisfied too rarely to find by rejection: refused.
    let rare = PasswordPolicy {
        length: 2,
        alphabet: Some("a1".chars().chain(('\u{4e00}'..).take(3000)).collect()),
        require_each: true,
        ..base
    };
    assert!(is_invalid(s.password(&rare)));
}

#[test]
fn token_from_alphabet_checks_its_alphabet() {
    let mut s = seeded(7);
    let token = s.token_from_alphabet("01", 64).unwrap();
    assert_eq!(token.len(), 64);
    assert!(is_invalid(s.token_from_alphabet("", 4)));
    assert!(is_invalid(s.token_from_alphabet("aa", 4)));
    let mut counts = [0u64; 3];
    for c in s.token_from_alphabet("xyz", 30_000).unwrap().chars() {
        counts[(c as u8 - b'x') as usize] += 1;
    }
    assert_uniform("token_from_alphabet(xyz)", &counts);
}

fn custom(words: &[&str]) -> Wordlist {
    Wordlist::Custom(words.iter().map(|w| w.to_string()).collect())
}

#[test]
fn passphrase_words_separator_and_entropy() {
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    ];
    let policy = PassphrasePolicy {
        words: 5,
        separator: "-".into(),
        wordlist: custom(&words),
    };
    assert!((policy.entropy_bits().unwrap() - 15.0).abs() < 1e-12);
    let mut s = seeded(8);
    let mut counts = vec![0u64; words.len()];
    for _ in 0..2000 {
        let phrase = s.passphrase(&policy).unwrap();
        let parts: Vec<&str> = phrase.split('-').collect();
        assert_eq!(parts.len(), 5, "{phrase}");
        for part in parts {
            counts[words.iter().position(|w| *w == part).unwrap()] += 1;
        }
    }
    assert_uniform("passphrase words", &counts);
    let spaced = PassphrasePolicy {
        words: 3,
        separator: " ".into(),
        wordlist: custom(&words),
    };
    assert_eq!(
        secrets::generate_passphrase(&spaced)
            .unwrap()
            .split(' ')
            .count(),
        3
    );
}

#[test]
fn passphrase_errors() {
    let mut s = seeded(9);
    let bad = [
        PassphrasePolicy {
            words: 0,
            separator: " ".into(),
            wordlist: custom(&["a", "b"]),
        },
        PassphrasePolicy {
            words: 3,
            separator: " ".into(),
            wordlist: custom(&[]),
        },
        PassphrasePolicy {
            words: 3,
            separator: " ".into(),
            wordlist: custom(&["a", "b", "a"]),
        },
        PassphrasePolicy {
            words: 3,
            separator: " ".into(),
            wordlist: custom(&["a", ""]),
        },
    ];
    for policy in bad {
        assert!(is_invalid(s.passphrase(&policy)), "{policy:?}");
        assert!(is_invalid(policy.entropy_bits()), "{policy:?}");
    }
}

#[test]
fn eff_lists() {
    let large = PassphrasePolicy::default();
    assert_eq!(large.words, 6);
    assert_eq!(large.wordlist.word_count(), Ok(7776));
    assert!((large.entropy_bits().unwrap() - 6.0 * 7776f64.log2()).abs() < 1e-9);
    let phrase = secrets::generate_passphrase(&large).unwrap();
    assert_eq!(phrase.split(' ').count(), 6);
    let short = PassphrasePolicy {
        words: 4,
        separator: ".".into(),
        wordlist: Wordlist::EffShort,
    };
    assert_eq!(short.wordlist.word_count(), Ok(1296));
    assert_eq!(
        secrets::generate_passphrase(&short)
            .unwrap()
            .split('.')
            .count(),
        4
    );
    // EFF's published first and last entries (dice 11111 and 66666; 1111
    // and 6666 for the short list), and nothing past the end.
    assert_eq!(Wordlist::EffLarge.get(0), Some("abacus"));
    assert_eq!(Wordlist::EffLarge.get(7775), Some("zoom"));
    assert_eq!(Wordlist::EffLarge.get(7776), None);
    assert_eq!(Wordlist::EffShort.get(0), Some("acid"));
    assert_eq!(Wordlist::EffShort.get(1295), Some("zoom"));
    assert_eq!(Wordlist::EffShort.get(1296), None);
}

#[test]
fn look_alike_words_count_as_one() {
    // "café" as one code point (U+00E9) and as "e" + combining acute (U+0301):
    // different bytes, the same word to a reader (and the same in NFC).
    let composed = "caf\u{e9}";
    let decomposed = "cafe\u{301}";
    assert_ne!(composed, decomposed);
    assert!(
        is_invalid(secrets::parse_wordlist(&format!(
            "{composed}\n{decomposed}\n"
        ))),
        "a list with both spellings repeats a word"
    );
    let list = custom(&["tea", composed, decomposed]);
    assert!(
        is_invalid(list.word_count()),
        "custom lists are checked alike"
    );
    let policy = PassphrasePolicy {
        words: 3,
        separator: " ".into(),
        wordlist: list,
    };
    assert!(is_invalid(policy.entropy_bits()));
    // Distinct words with accents are fine.
    assert_eq!(custom(&[composed, "cafe", "caf\u{e8}"]).word_count(), Ok(3));
}

#[test]
fn parse_and_load_word_lists() {
    let plain = secrets::parse_wordlist("\u{feff}apple\n\nbanana\r\n  cherry  \n").unwrap();
    assert_eq!(plain, ["apple", "banana", "cherry"]);
    let dice = secrets::parse_wordlist("11111\tabacus\n11112\tabdomen\n11113 abdominal\n").unwrap();
    assert_eq!(dice, ["abacus", "abdomen", "abdominal"]);
    for (text, why) in [
        ("apple\n11111\tabacus\n", "mixed formats"),
        ("two words\n", "two words on a line"),
        ("17111\tword\n", "7 is not a die face"),
        ("a\nb\na\n", "duplicate"),
        ("\n \n", "empty"),
    ] {
        assert!(is_invalid(secrets::parse_wordlist(text)), "{why}");
    }

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("secrets-wordlist-test.txt");
    std::fs::write(&path, "21111\tzebra\n21112\tyak\n").unwrap();
    let list = secrets::load_wordlist(&path).unwrap();
    assert_eq!(list, custom(&["zebra", "yak"]));
    let missing = secrets::load_wordlist(dir.join("no-such-wordlist.txt")).unwrap_err();
    assert_eq!(
        missing,
        Error::invalid("path", "the word list file does not exist")
    );
    std::fs::write(&path, [0xffu8, 0xfe, b'\n']).unwrap();
    assert!(is_invalid(secrets::load_wordlist(&path)));
    std::fs::remove_file(&path).unwrap();
}
