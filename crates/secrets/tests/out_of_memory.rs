//! Absurd sizes and exhausted memory: the `try_` methods and the functions
//! that return a `Result` report an error and the process lives on; the
//! infallible token functions panic with a clear message, never abort.
//!
//! The out-of-memory checks run in a child process (this test binary again)
//! under a 512 MiB `RLIMIT_AS`, set by `sh`'s `ulimit -v`: an abort there
//! would kill only the child, and the parent sees it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::{Command, Stdio};

use rand_core::{TryCryptoRng, TryRng};
use secrets::{Error, PassphrasePolicy, PasswordPolicy, Secrets, Wordlist};

const MIB: usize = 1 << 20;
/// Set in the child's environment; the child test does nothing without it.
const CHILD: &str = "SECRETS_TEST_OOM_CHILD";
/// Printed by the child once every check passed.
const DONE: &str = "oom-child: every check passed";

/// A generator that fills with a constant, instantly: what is tested is the
/// allocation, and a real source would spend seconds on 400 MiB.
struct FastFill;

impl TryRng for FastFill {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        Ok(0x5a5a_5a5a)
    }
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        Ok(0x5a5a_5a5a_5a5a_5a5a)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        dst.fill(0x5a);
        Ok(())
    }
}

impl TryCryptoRng for FastFill {}

/// The message of the panic `f` raises; fails the test if it returns.
fn panic_message<T>(f: impl FnOnce() -> T) -> String {
    let payload = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => payload,
    };
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

#[test]
fn absurd_token_lengths_are_errors_or_clear_panics() {
    let mut s = Secrets::new(FastFill);
    // Beyond isize::MAX nothing can be allocated; at isize::MAX bytes the
    // random bytes might be (on 32-bit targets), but never their text, which
    // is refused before anything is drawn.
    let beyond = [usize::MAX, usize::MAX / 2 + 1];
    for nbytes in beyond.into_iter().chain([isize::MAX as usize]) {
        assert!(s.try_token_hex(nbytes).is_err());
        assert!(s.try_token_urlsafe(nbytes).is_err());
        assert!(s.try_token_base32(nbytes).is_err());
        let mut messages = vec![
            panic_message(|| secrets::token_hex(nbytes)),
            panic_message(|| s.token_urlsafe(nbytes)),
            panic_message(|| s.token_base64(nbytes)),
        ];
        if beyond.contains(&nbytes) {
            assert!(s.try_token_bytes(nbytes).is_err());
            messages.push(panic_message(|| secrets::token_bytes(nbytes)));
        }
        for message in messages {
            assert!(
                message.contains("does not fit in memory"),
                "{nbytes}: {message:?}"
            );
        }
    }
    assert!(s.token_from_alphabet("abc", usize::MAX).is_err());
    let password = PasswordPolicy {
        length: usize::MAX,
        ..PasswordPolicy::default()
    };
    assert!(s.password(&password).is_err());
    assert!(s.sample(&[1, 2, 3], 4).is_err());
    let units = vec![(); usize::MAX];
    assert_eq!(s.sample(&units, 2).unwrap().len(), 2);
}

#[test]
fn under_a_512_mib_address_space_limit_try_methods_return_errors() {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("sh")
        .args([
            "-c",
            "ulimit -v 524288 && exec \"$0\" \"$@\"",
            exe.to_str().unwrap(),
            "--exact",
            "oom_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains(DONE),
        "the child died or failed: {:?}\n{stdout}\n{stderr}",
        output.status
    );
}

/// Run by the test above in a child under `ulimit -v 524288`.
#[test]
#[ignore = "run in a child process under RLIMIT_AS by under_a_512_mib_address_space_limit_…"]
fn oom_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let mut s = Secrets::new(FastFill);
    // Each needs more than the 512 MiB limit in total (random bytes + text),
    // but less for its first allocation, so the encoder's own allocation is
    // the one that fails.
    assert!(s.try_token_bytes(600 * MIB).is_err());
    assert!(s.try_token_hex(200 * MIB).is_err());
    assert!(s.try_token_hex_upper(200 * MIB).is_err());
    assert!(s.try_token_urlsafe(250 * MIB).is_err());
    assert!(s.try_token_base64(250 * MIB).is_err());
    assert!(s.try_token_base32(250 * MIB).is_err());
    assert!(s.token_from_alphabet("abcdef", 600 * MIB).is_err());
    let password = PasswordPolicy {
        length: 600 * MIB,
        ..PasswordPolicy::default()
    };
    assert!(s.password(&password).is_err());
    let passphrase = PassphrasePolicy {
        words: 100 * MIB,
        separator: " ".into(),
        wordlist: Wordlist::EffLarge,
    };
    assert!(s.passphrase(&passphrase).is_err());
    assert!(s.choices(&[1u64, 2, 3], None, 100 * MIB).is_err());
    assert!(
        s.choices(&[1u64, 2, 3], Some(&[1, 2, 3]), 100 * MIB)
            .is_err()
    );
    // The infallible form panics (unwinds), it does not abort.
    let message = panic_message(|| s.token_hex(200 * MIB));
    assert!(message.contains("does not fit in memory"), "{message:?}");
    // And the process still works.
    assert_eq!(s.try_token_hex(16).unwrap().len(), 32);
    assert_eq!(secrets::token_urlsafe(32).len(), 43);
    println!("{DONE}");
}

#[cfg(feature = "bigint")]
#[test]
fn randbits_big_beyond_memory_is_an_error() {
    let mut s = Secrets::new(FastFill);
    assert!(s.randbits_big(u64::MAX).is_err());
}
