//! Secrets don't linger on error paths: when the source fails midway, the
//! part of a password, passphrase or token already built is wiped before its
//! memory is freed.
//!
//! A spying global allocator looks at every freed block of the size the
//! output was reserved with (and only while armed): it must be all zeros.
//! The spy hands out zeroed memory, so every byte it later reads was
//! written by someone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand_core::TryCryptoRng;
use secrets::{Error, PassphrasePolicy, PasswordPolicy, Secrets, Wordlist};

struct Spy;

static ARMED: AtomicBool = AtomicBool::new(false);
/// Only freed blocks of exactly this size are inspected.
static WATCHED_SIZE: AtomicUsize = AtomicUsize::new(0);
static FREED: AtomicUsize = AtomicUsize::new(0);
static FREED_DIRTY: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments;
// `dealloc` only reads the block (still allocated) before freeing it.
unsafe impl GlobalAlloc for Spy {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; zeroed so that every byte is
        // initialized when `dealloc` reads it.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) && layout.size() == WATCHED_SIZE.load(Ordering::SeqCst) {
            // SAFETY: `ptr` is a live block of `layout.size()` bytes (the
            // caller frees it only after this call), initialized by `alloc`.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            FREED.fetch_add(1, Ordering::SeqCst);
            if bytes.iter().any(|&b| b != 0) {
                FREED_DIRTY.fetch_add(1, Ordering::SeqCst);
            }
        }
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Spy = Spy;

/// Serves its first `good_fills` requests (with nonzero bytes), then fails,
/// like a source whose health test fires midway.
struct FailsMidway {
    good_fills: usize,
}

secrets_core::try_rng_via_fill!(FailsMidway, |self, dst| {
    if self.good_fills == 0 {
        return Err(Error::HealthTest {
            backend: "test",
            test: "midway failure",
        });
    }
    self.good_fills -= 1;
    for (i, byte) in dst.iter_mut().enumerate() {
        *byte = (i as u8).wrapping_mul(97).wrapping_add(13);
    }
    Ok(())
});

impl TryCryptoRng for FailsMidway {}

/// Runs `f` with the spy watching blocks of `size` bytes; returns (freed
/// blocks of that size, how many of them held nonzero bytes).
fn watch<T>(size: usize, f: impl FnOnce() -> T) -> (T, usize, usize) {
    FREED.store(0, Ordering::SeqCst);
    FREED_DIRTY.store(0, Ordering::SeqCst);
    WATCHED_SIZE.store(size, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    let value = f();
    ARMED.store(false, Ordering::SeqCst);
    (
        value,
        FREED.load(Ordering::SeqCst),
        FREED_DIRTY.load(Ordering::SeqCst),
    )
}

/// One test function, so no other test thread frees blocks while armed.
#[test]
fn partial_secrets_are_wiped_when_the_source_fails_midway() {
    // A password of 200 characters: the first read-ahead (256 bytes) gives
    // about 64 characters, the refill fails.
    let policy = PasswordPolicy {
        length: 200,
        ..PasswordPolicy::default()
    };
    let mut s = Secrets::new(FailsMidway { good_fills: 1 });
    let (result, freed, dirty) = watch(200, || s.password(&policy));
    assert!(result.is_err());
    assert_eq!((freed, dirty), (1, 0), "password: freed blocks, unwiped");

    // An alphanumeric token of 1000: the first batch of 256 bytes gives
    // about 248 characters, the next request fails.
    let mut s = Secrets::new(FailsMidway { good_fills: 1 });
    let (result, freed, dirty) = watch(1000, || {
        s.token_from_alphabet(secrets_encode_alphanumeric(), 1000)
    });
    assert!(result.is_err());
    assert_eq!((freed, dirty), (1, 0), "alphabet token: freed, unwiped");

    // A passphrase of 100 words (reserved for the longest word each).
    let policy = PassphrasePolicy {
        words: 100,
        separator: " ".into(),
        wordlist: Wordlist::EffLarge,
    };
    let longest = (0..policy.wordlist.word_count().unwrap())
        .map(|i| policy.wordlist.get(i).unwrap().len())
        .max()
        .unwrap();
    let mut s = Secrets::new(FailsMidway { good_fills: 1 });
    let (result, freed, dirty) = watch(100 * (longest + 1), || s.passphrase(&policy));
    assert!(result.is_err());
    assert_eq!((freed, dirty), (1, 0), "passphrase: freed, unwiped");

    // A sample of 100 of 1000 (sparse path: the table of changed positions
    // and the selection so far are the secret) and of 100 of 200 (dense).
    let population: Vec<u32> = (0..1000).collect();
    let word = size_of::<usize>();
    for (n, k, watched) in [(1000, 100, 100 * word), (200, 100, 200 * word)] {
        let mut s = Secrets::new(FailsMidway { good_fills: 1 });
        let (result, freed, dirty) = watch(watched, || s.sample(&population[..n], k));
        assert!(result.is_err());
        assert!(freed >= 1, "sample {k} of {n}: nothing freed to inspect");
        assert_eq!(dirty, 0, "sample {k} of {n}: unwiped");
    }

    // A big integer whose first candidate is rejected (all ones, not below
    // 2^2048 - 1): the candidate buffer is freed after the refill fails.
    #[cfg(feature = "bigint")]
    {
        struct AllOnesThenFail(usize);
        impl rand_core::TryRng for AllOnesThenFail {
            type Error = Error;
            fn try_next_u32(&mut self) -> Result<u32, Error> {
                unreachable!()
            }
            fn try_next_u64(&mut self) -> Result<u64, Error> {
                unreachable!()
            }
            fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
                if self.0 == 0 {
                    return Err(Error::Os { errno: 5 });
                }
                self.0 -= 1;
                dst.fill(0xff);
                Ok(())
            }
        }
        impl TryCryptoRng for AllOnesThenFail {}
        let bound = (secrets::BigUint::from(1u8) << 2048u32) - 1u8;
        let mut s = Secrets::new(AllOnesThenFail(1));
        let (result, freed, dirty) = watch(256, || s.randbelow_big(&bound));
        assert!(result.is_err());
        assert_eq!((freed, dirty), (1, 0), "randbelow_big: freed, unwiped");
    }
}

fn secrets_encode_alphanumeric() -> &'static str {
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
}
