//! The seeded DRBG: seeding, reseed interval, failure handling, traits.
#![allow(missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use secrets_chacha::{
    ChaCha8Drbg, ChaCha12Drbg, ChaCha20Core, ChaCha20Drbg, ChaChaDrbg, ChaChaRounds,
    DEFAULT_RESEED_INTERVAL, R20,
};
use secrets_core::rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, EntropySource, Error};

/// A deterministic source: call `i` (from 1) returns `[i; 32]`; fails from
/// call `fail_from` on, if set. Counts its calls.
struct CountingSource {
    calls: Arc<AtomicUsize>,
    fail_from: Option<usize>,
}

impl CountingSource {
    fn new(fail_from: Option<usize>) -> (Self, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        (
            Self {
                calls: Arc::clone(&calls),
                fail_from,
            },
            calls,
        )
    }
}

impl EntropySource for CountingSource {
    fn source_name(&self) -> &'static str {
        "counting test source"
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.fail_from.is_some_and(|from| call >= from) {
            return Err(Error::Os { errno: 5 });
        }
        dest.fill(u8::try_from(call).unwrap());
        Ok(())
    }
}

fn seed(call: u8) -> [u8; 32] {
    [call; 32]
}

fn draw(drbg: &mut ChaChaDrbg<R20>, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    drbg.fill(&mut out).expect("the DRBG fills");
    out
}

fn draw_core(core: &mut ChaCha20Core, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    core.fill_bytes(&mut out);
    out
}

#[test]
fn seeding_and_interval_reseeds_follow_the_core() {
    let (source, calls) = CountingSource::new(None);
    let mut drbg = ChaCha20Drbg::from_source(source).unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "seeded once at construction"
    );
    assert_eq!(drbg.reseed_interval(), DEFAULT_RESEED_INTERVAL);
    drbg.set_reseed_interval(100).unwrap();

    // The documented behaviour, replayed on the core: the first key is the
    // seed; every 100 output bytes `key ^= next seed` and the buffer goes.
    let mut core = ChaCha20Core::from_seed(seed(1));
    // One 250-byte request spans two reseeds.
    let mut want = draw_core(&mut core, 100);
    core.reseed(&seed(2));
    want.extend(draw_core(&mut core, 100));
    core.reseed(&seed(3));
    want.extend(draw_core(&mut core, 50));
    assert_eq!(draw(&mut drbg, 250), want);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // 50 bytes are left in the budget: no reseed for them …
    assert_eq!(draw(&mut drbg, 50), draw_core(&mut core, 50));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // … and the next byte reseeds first.
    core.reseed(&seed(4));
    assert_eq!(draw(&mut drbg, 1), draw_core(&mut core, 1));
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    // Backend::reseed draws from the source now and restarts the budget.
    drbg.reseed().unwrap();
    core.reseed(&seed(5));
    assert_eq!(calls.load(Ordering::SeqCst), 5);
    assert_eq!(draw(&mut drbg, 100), draw_core(&mut core, 100));
    assert_eq!(calls.load(Ordering::SeqCst), 5);

    // A large request is split at the interval as well (direct path inside).
    drbg.set_reseed_interval(5000).unwrap();
    core.reseed(&seed(6));
    let mut want = draw_core(&mut core, 5000);
    core.reseed(&seed(7));
    want.extend(draw_core(&mut core, 3000));
    assert_eq!(draw(&mut drbg, 8000), want);
    assert_eq!(calls.load(Ordering::SeqCst), 7);
    assert!(drbg.core().consumed_region_is_zero());
}

#[test]
fn words_come_from_the_same_stream() {
    let (source, _) = CountingSource::new(None);
    let mut drbg = ChaCha20Drbg::from_source(source).unwrap();
    let mut core = ChaCha20Core::from_seed(seed(1));
    let a = drbg.try_next_u32().unwrap();
    let b = drbg.try_next_u64().unwrap();
    assert_eq!(a.to_le_bytes().to_vec(), draw_core(&mut core, 4));
    assert_eq!(b.to_le_bytes().to_vec(), draw_core(&mut core, 8));
    let mut via_trait = [0u8; 20];
    drbg.try_fill_bytes(&mut via_trait).unwrap();
    assert_eq!(via_trait.to_vec(), draw_core(&mut core, 20));
}

#[test]
fn a_failing_source_fails_construction() {
    let (source, _) = CountingSource::new(Some(1));
    assert_eq!(
        ChaCha20Drbg::from_source(source).map(|_| ()),
        Err(Error::Os { errno: 5 })
    );
}

#[test]
fn a_failed_reseed_hands_out_nothing_and_retries() {
    let (source, calls) = CountingSource::new(Some(2));
    let mut drbg = ChaCha20Drbg::from_source(source).unwrap();
    drbg.set_reseed_interval(64).unwrap();
    // 64 bytes fit the budget; the 100-byte request needs a reseed midway.
    let mut ok = [0u8; 64];
    drbg.fill(&mut ok).unwrap();
    let mut out = [0xaau8; 100];
    assert_eq!(drbg.fill(&mut out), Err(Error::Os { errno: 5 }));
    assert!(
        out.iter().all(|&b| b == 0),
        "a failed request leaves the buffer zeroed"
    );
    // Budget exhausted, request split: the first part was produced and then
    // wiped; the next request retries the reseed.
    let mut again = [0xaau8; 10];
    assert_eq!(drbg.try_fill_bytes(&mut again), Err(Error::Os { errno: 5 }));
    assert_eq!(again, [0; 10]);
    assert_eq!(drbg.try_next_u64(), Err(Error::Os { errno: 5 }));
    assert!(
        calls.load(Ordering::SeqCst) >= 4,
        "each request retried the source"
    );
    assert_eq!(drbg.reseed(), Err(Error::Os { errno: 5 }));
    // An empty request needs no bytes and no reseed.
    assert_eq!(drbg.fill(&mut []), Ok(()));
}

#[test]
fn a_zero_interval_is_refused_and_max_is_allowed() {
    let mut drbg = ChaCha20Drbg::new().unwrap();
    let err = drbg.set_reseed_interval(0).unwrap_err();
    assert!(err.is_invalid_argument());
    assert_eq!(drbg.reseed_interval(), DEFAULT_RESEED_INTERVAL);
    drbg.set_reseed_interval(u64::MAX).unwrap();
    assert_eq!(drbg.reseed_interval(), u64::MAX);
    assert_ne!(draw(&mut drbg, 32), vec![0u8; 32]);
}

fn check_backend<R: ChaChaRounds>(name: &str, debug: &str) {
    let mut drbg = ChaChaDrbg::<R>::new().expect("the OS seeds the DRBG");
    assert_eq!(drbg.name(), name);
    assert_eq!(drbg.kind(), BackendKind::Drbg);
    assert_eq!(format!("{drbg:?}"), debug);
    assert_eq!(drbg.source_name(), "os");
    drbg.self_test().expect("the self-test passes");
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    drbg.try_fill_bytes(&mut a).unwrap();
    drbg.try_fill_bytes(&mut b).unwrap();
    assert_ne!(a, b);
    let mut other = ChaChaDrbg::<R>::new().unwrap();
    let mut c = [0u8; 64];
    other.try_fill_bytes(&mut c).unwrap();
    assert_ne!(a, c, "two OS-seeded instances differ");
    drbg.reseed().unwrap();
    assert!(drbg.core().consumed_region_is_zero());
}

#[test]
fn each_round_count_is_a_backend() {
    check_backend::<secrets_chacha::R8>("chacha8", "ChaCha8Drbg { .. }");
    check_backend::<secrets_chacha::R12>("chacha12", "ChaCha12Drbg { .. }");
    check_backend::<R20>("chacha20", "ChaCha20Drbg { .. }");
}

#[test]
fn trait_bounds_hold() {
    fn backend<B: Backend + TryCryptoRng + Send + 'static>() {}
    backend::<ChaCha8Drbg>();
    backend::<ChaCha12Drbg>();
    backend::<ChaCha20Drbg>();
    // Any backend can seed it, including another DRBG.
    let inner = ChaCha8Drbg::new().unwrap();
    let mut outer = ChaCha20Drbg::from_source(inner).unwrap();
    assert_eq!(outer.source_name(), "chacha8");
    assert_ne!(draw(&mut outer, 32), vec![0u8; 32]);
}

#[test]
fn requests_of_every_size_are_served() {
    let mut drbg = ChaCha12Drbg::new().unwrap();
    for n in [
        0usize,
        1,
        7,
        31,
        32,
        33,
        992,
        1023,
        1024,
        1025,
        4096,
        70_000,
        1 << 21,
    ] {
        let mut out = vec![0u8; n];
        drbg.fill(&mut out).unwrap();
        if n >= 32 {
            // 32 zero bytes in a row from a working generator: 2^-256.
            assert!(
                out.windows(32).all(|w| w.iter().any(|&b| b != 0)),
                "{n} bytes"
            );
        }
        assert!(drbg.core().consumed_region_is_zero());
    }
}
