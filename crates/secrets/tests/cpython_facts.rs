//! CPython's `secrets` facts (GUIDE.md, "Facts to get right"), checked for
//! the free functions and, through `Secrets`, for every compiled backend.

use secrets::{AnyBackend, DEFAULT_ENTROPY, Error, Secrets};
use secrets_encode::Encoding;

const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HEX_LOWER: &str = "0123456789abcdef";
const BASE32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn upper_bound_error() -> Error {
    Error::invalid("exclusive_upper_bound", "Upper bound must be positive.")
}

fn reason(error: Error) -> &'static str {
    match error {
        Error::InvalidArgument { reason, .. } => reason,
        other => panic!("expected an invalid-argument error, got {other:?}"),
    }
}

/// Checks one token of each kind made from `n` bytes.
fn check_tokens(n: usize, bytes: Vec<u8>, hex: String, urlsafe: String, base32: String) {
    assert_eq!(bytes.len(), n, "token_bytes({n})");

    let hex_len = 2 * n;
    check_encoded(n, "token_hex", &hex, hex_len, HEX_LOWER, Encoding::HexLower);
    // URL-safe base64 with the '=' padding stripped: ceil(4n/3) characters.
    let urlsafe_len = (4 * n).div_ceil(3);
    check_encoded(
        n,
        "token_urlsafe",
        &urlsafe,
        urlsafe_len,
        URLSAFE,
        Encoding::Base64UrlNoPad,
    );
    let base32_len = (8 * n).div_ceil(5);
    check_encoded(
        n,
        "token_base32",
        &base32,
        base32_len,
        BASE32,
        Encoding::Base32NoPad,
    );
}

/// Checks that `token` (from `function(n)`) has `len` characters, all from
/// `alphabet`, and decodes with `encoding` to `n` bytes.
fn check_encoded(
    n: usize,
    function: &str,
    token: &str,
    len: usize,
    alphabet: &str,
    encoding: Encoding,
) {
    assert_eq!(token.len(), len, "{function}({n}) length");
    assert!(
        token.chars().all(|c| alphabet.contains(c)),
        "{function}({n}) has a character outside {alphabet}: {token}"
    );
    assert_eq!(encoding.decode(token).unwrap().len(), n, "{function}({n})");
}

#[test]
fn default_entropy_is_32() {
    assert_eq!(DEFAULT_ENTROPY, 32);
    assert_eq!(secrets::token_urlsafe(DEFAULT_ENTROPY).len(), 43);
    assert_eq!(secrets::token_hex(DEFAULT_ENTROPY).len(), 64);
}

#[test]
fn free_token_functions_for_every_length_0_to_256() {
    for n in 0..=256 {
        check_tokens(
            n,
            secrets::token_bytes(n),
            secrets::token_hex(n),
            secrets::token_urlsafe(n),
            secrets::token_base32(n),
        );
    }
}

#[test]
fn free_tokens_differ_between_calls() {
    // 128-bit tokens repeat with probability 2^-128.
    assert_ne!(secrets::token_hex(16), secrets::token_hex(16));
    assert_ne!(secrets::token_bytes(16), secrets::token_bytes(16));
}

#[test]
fn free_randbits_and_randbelow() {
    assert_eq!(secrets::randbits(0), Ok(0));
    assert!(secrets::randbits(129).unwrap_err().is_invalid_argument());
    assert!(secrets::randbits(128).is_ok());
    for k in 1..=128u32 {
        let v = secrets::randbits(k).unwrap();
        assert!(k == 128 || v < 1u128 << k, "randbits({k}) = {v}");
    }
    let error = secrets::randbelow(0).unwrap_err();
    assert_eq!(error, upper_bound_error());
    assert_eq!(reason(error), "Upper bound must be positive.");
    assert!(error.to_string().contains("Upper bound must be positive."));
    assert_eq!(secrets::randbelow(1), Ok(0));
    for bound in [2, 3, 7, 1_000_000, u64::MAX - 1, u64::MAX] {
        assert!(secrets::randbelow(bound).unwrap() < bound);
    }
}

#[test]
fn free_choice() {
    let empty: [u8; 0] = [];
    let error = secrets::choice(&empty).unwrap_err();
    assert_eq!(reason(error), "Cannot choose from an empty sequence");
    assert!(
        error
            .to_string()
            .contains("Cannot choose from an empty sequence")
    );
    let items = ["a", "b", "c"];
    let picked = secrets::choice(&items).unwrap();
    assert!(items.contains(picked));
    assert_eq!(secrets::choice(&[42]), Ok(&42));
}

#[test]
fn compare_digest_semantics() {
    assert!(secrets::compare_digest(b"", b""));
    assert!(secrets::compare_digest("abc", "abc"));
    assert!(secrets::compare_digest(vec![1u8, 2, 3], [1u8, 2, 3]));
    assert!(!secrets::compare_digest("abc", "abd"));
    assert!(!secrets::compare_digest("abc", "ab"), "unequal lengths");
    assert!(!secrets::compare_digest("ab", "abc"), "unequal lengths");
    assert!(!secrets::compare_digest("", "a"));
    // A prefix of equal bytes with a different length is still unequal.
    assert!(!secrets::compare_digest([0u8; 32], [0u8; 33]));
    for n in 0..=256 {
        let a = secrets::token_bytes(n);
        assert!(secrets::compare_digest(&a, a.clone()));
        if n > 0 {
            let mut b = a.clone();
            b[n - 1] ^= 1;
            assert!(!secrets::compare_digest(&a, &b));
            b[n - 1] ^= 1;
            b[0] ^= 0x80;
            assert!(!secrets::compare_digest(&a, &b));
        }
    }
    assert!(Secrets::<AnyBackend>::compare_digest("x", "x"));
}

/// Runs the CPython facts on one handle.
fn check_handle(name: &str, s: &mut Secrets<AnyBackend>) {
    for n in 0..=256 {
        let bytes = s.try_token_bytes(n).unwrap();
        let hex = s.try_token_hex(n).unwrap();
        let urlsafe = s.try_token_urlsafe(n).unwrap();
        let base32 = s.try_token_base32(n).unwrap();
        check_tokens(n, bytes, hex, urlsafe, base32);
        // The panicking variants give the same shapes.
        assert_eq!(s.token_bytes(n).len(), n);
        assert_eq!(s.token_hex(n).len(), 2 * n);
        assert_eq!(s.token_urlsafe(n).len(), (4 * n).div_ceil(3));
        assert_eq!(s.token_base32(n).len(), (8 * n).div_ceil(5));
        let std64 = s.try_token_base64(n).unwrap();
        assert_eq!(Encoding::Base64Standard.decode(&std64).unwrap().len(), n);
        let upper = s.try_token_hex_upper(n).unwrap();
        assert_eq!(Encoding::HexUpper.decode(&upper).unwrap().len(), n);
    }
    assert_eq!(s.try_token_urlsafe(32).unwrap().len(), 43, "{name}");
    assert_eq!(s.randbits(0), Ok(0), "{name}");
    assert!(s.randbits(129).is_err(), "{name}");
    assert_eq!(s.randbelow(0u64), Err(upper_bound_error()), "{name}");
    assert_eq!(s.randbelow(0u32), Err(upper_bound_error()), "{name}");
    assert_eq!(s.randbelow(0u128), Err(upper_bound_error()), "{name}");
    assert_eq!(s.randbelow(0usize), Err(upper_bound_error()), "{name}");
    let empty: [u8; 0] = [];
    assert_eq!(
        reason(s.choice(&empty).unwrap_err()),
        "Cannot choose from an empty sequence"
    );
    assert!(s.randbelow(10u64).unwrap() < 10);
    assert!(s.randbelow(u128::MAX).is_ok());
    assert_ne!(
        s.try_token_bytes(16).unwrap(),
        s.try_token_bytes(16).unwrap(),
        "{name}"
    );
}

#[test]
fn every_compiled_backend_through_the_handle() {
    let compiled = secrets::compiled_backends();
    assert!(!compiled.is_empty());
    assert!(
        compiled.iter().any(|b| b.is_default()),
        "the default backend is compiled in"
    );
    for info in compiled {
        match Secrets::from_name(info.name) {
            Ok(mut s) => {
                assert_eq!(info.check(), Ok(()), "{}", info.name);
                assert_eq!(s.backend_name(), info.name);
                check_handle(info.name, &mut s);
            }
            // Only hardware may be missing on a machine, and then it must say
            // so as Unavailable, never construct and substitute.
            Err(error) => {
                assert_eq!(
                    info.kind,
                    secrets::BackendKind::Hardware,
                    "{}: {error}",
                    info.name
                );
                assert!(
                    matches!(error, Error::Unavailable { .. }),
                    "{}: {error:?}",
                    info.name
                );
                assert_eq!(info.check(), Err(error));
            }
        }
    }
}

#[test]
fn backend_names_are_checked() {
    let error = AnyBackend::from_name("urandom").unwrap_err();
    assert!(error.is_invalid_argument());
    for name in secrets::BACKEND_NAMES {
        assert!(error.to_string().contains(name), "the error lists {name}");
    }
    for name in secrets::BACKEND_NAMES {
        let compiled = secrets::compiled_backends().iter().any(|b| b.name == name);
        match AnyBackend::from_name(name) {
            Ok(backend) => {
                use secrets::Backend;
                assert!(compiled);
                assert_eq!(backend.name(), name);
                assert_eq!(
                    format!("{backend:?}"),
                    format!("AnyBackend {{ backend: {name:?}, .. }}")
                );
            }
            Err(Error::Unavailable { backend, reason }) => {
                assert_eq!(backend, name);
                if !compiled {
                    assert!(reason.contains("not compiled in"), "{reason}");
                }
            }
            Err(other) => panic!("{name}: {other:?}"),
        }
    }
}
