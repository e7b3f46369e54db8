//! The RNG wrappers: seeding, request splitting, reseed policy, failure
//! handling, and the backend contract.

use std::sync::{Arc, Mutex};

use rand_core::{TryRng, UnwrapErr};
use secrets_core::test_support::FixedSource;
use secrets_core::{Backend, BackendKind, EntropySource, Error};
use secrets_ctr_drbg::{
    CTR_DRBG_AES128_NAME, CTR_DRBG_AES256_NAME, CtrDrbgAes128Rng, CtrDrbgAes256Rng, CtrDrbgRng,
    RngOptions,
};

/// A source that serves bytes from the OS and records every request length;
/// it can be told to fail from some call on.
#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<usize>>>,
    fail_from_call: Option<usize>,
}

impl Recorder {
    fn failing_from(call: usize) -> Self {
        Recorder {
            fail_from_call: Some(call),
            ..Recorder::default()
        }
    }
    fn calls(&self) -> Vec<usize> {
        self.calls.lock().unwrap().clone()
    }
}

impl EntropySource for Recorder {
    fn source_name(&self) -> &'static str {
        "recorder"
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let mut calls = self.calls.lock().unwrap();
        calls.push(dest.len());
        if self.fail_from_call.is_some_and(|n| calls.len() >= n) {
            return Err(Error::Os { errno: 5 });
        }
        getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    }
}

fn assert_random_looking(bytes: &[u8]) {
    // 32 zero bytes in a row, or a constant run, would mean unfilled output.
    for chunk in bytes.chunks(32).filter(|c| c.len() == 32) {
        assert!(chunk.iter().any(|&b| b != chunk[0]), "constant 32-byte run");
    }
}

#[test]
fn names_kinds_and_debug() {
    let mut a = CtrDrbgAes256Rng::new().unwrap();
    let mut b = CtrDrbgAes128Rng::new().unwrap();
    assert_eq!(a.name(), "ctr-drbg-aes256");
    assert_eq!(b.name(), "ctr-drbg-aes128");
    assert_eq!(CTR_DRBG_AES256_NAME, CtrDrbgAes256Rng::NAME);
    assert_eq!(CTR_DRBG_AES128_NAME, CtrDrbgAes128Rng::NAME);
    assert_eq!(a.kind(), BackendKind::Drbg);
    assert_eq!(b.kind(), BackendKind::Drbg);
    assert_eq!(format!("{a:?}"), "CtrDrbgAes256Rng { .. }");
    assert_eq!(format!("{b:?}"), "CtrDrbgAes128Rng { .. }");
    assert!(a.uses_df() && b.uses_df());
    assert_eq!(a.source_name(), "os");
    assert_eq!(a.self_test(), Ok(()));
    assert_eq!(b.self_test(), Ok(()));
    assert_eq!(a.reseed(), Ok(()));
    assert_eq!(b.reseed(), Ok(()));
    fn send<T: Send>() {}
    send::<CtrDrbgAes256Rng>();
    send::<CtrDrbgAes128Rng>();
}

#[test]
fn every_request_size_is_filled() {
    let mut rng = CtrDrbgAes256Rng::new().unwrap();
    let mut previous = Vec::new();
    for len in [
        0usize, 1, 3, 31, 32, 33, 255, 1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, 65537,
        200_000,
    ] {
        let mut buf = vec![0u8; len];
        rng.try_fill_bytes(&mut buf).unwrap();
        assert_random_looking(&buf);
        if len >= 16 {
            assert_ne!(
                &buf[..16],
                previous.get(..16).unwrap_or(&[0u8; 16][..]),
                "{len}"
            );
        }
        previous = buf;
    }
    // Many small requests never repeat a 32-byte block (the buffer moves on
    // and refills).
    let mut seen = std::collections::HashSet::new();
    for _ in 0..1000 {
        let mut block = [0u8; 32];
        rng.try_fill_bytes(&mut block).unwrap();
        assert!(seen.insert(block), "a 32-byte output repeated");
    }
    let words: Vec<u64> = (0..64).map(|_| rng.try_next_u64().unwrap()).collect();
    assert!(words.windows(2).all(|w| w[0] != w[1]));
    let small: Vec<u32> = (0..64).map(|_| rng.try_next_u32().unwrap()).collect();
    assert!(small.iter().any(|&w| w != small[0]));
}

/// Small requests are served from the buffer in order: the unread bytes
/// visible through `buffer_memory` are exactly what the next requests get,
/// and a request crossing a refill gets the old buffer's tail first, then
/// the start of the new buffer (wiped once handed out).
#[test]
fn small_requests_take_buffered_bytes_in_order_across_refills() {
    let mut rng = CtrDrbgAes256Rng::new().unwrap();
    let request = 1000;
    // The first request refills the 4096-byte buffer and takes its start.
    let mut out = vec![0u8; request];
    rng.try_fill_bytes(&mut out).unwrap();
    let buffer = rng.buffer_memory().to_vec();
    assert_eq!(buffer.len(), 4096);
    assert!(buffer[..request].iter().all(|&b| b == 0));
    let mut pos = request;
    while pos + request <= buffer.len() {
        rng.try_fill_bytes(&mut out).unwrap();
        assert_eq!(out, buffer[pos..pos + request], "request at {pos}");
        pos += request;
    }
    // 96 bytes are left: this request takes them, then 904 fresh ones.
    let tail = buffer.len() - pos;
    rng.try_fill_bytes(&mut out).unwrap();
    assert_eq!(
        out[..tail],
        buffer[pos..],
        "the old buffer's tail comes first"
    );
    let refilled = rng.buffer_memory().to_vec();
    let fresh = request - tail;
    assert!(
        refilled[..fresh].iter().all(|&b| b == 0),
        "handed-out bytes wiped"
    );
    assert_random_looking(&out[tail..]);
    rng.try_fill_bytes(&mut out).unwrap();
    assert_eq!(
        out,
        refilled[fresh..fresh + request],
        "then the new buffer, in order"
    );
}

#[test]
fn works_with_the_rand_ecosystem_and_sampling() {
    let mut rng = CtrDrbgAes128Rng::new().unwrap();
    let below: Vec<u64> = (0..200)
        .map(|_| secrets_core::sample::randbelow(&mut rng, 10u64).unwrap())
        .collect();
    assert!(below.iter().all(|&x| x < 10));
    assert!((0..10).all(|d| below.contains(&d)));
    let mut infallible = UnwrapErr(CtrDrbgAes256Rng::new().unwrap());
    let mut buf = [0u8; 64];
    rand_core::Rng::fill_bytes(&mut infallible, &mut buf);
    assert_random_looking(&buf);
}

#[test]
fn seeding_draws_entropy_and_nonce_of_the_documented_sizes() {
    // With df: security strength + half of it, in one call; reseeds draw
    // the security strength. Without df: seedlen every time.
    type Build = fn(Recorder) -> Box<dyn Backend>;
    let cases: [(Build, usize, usize); 4] = [
        (
            |s| Box::new(CtrDrbgAes256Rng::from_source(s).unwrap()),
            32 + 16,
            32,
        ),
        (
            |s| Box::new(CtrDrbgAes128Rng::from_source(s).unwrap()),
            16 + 8,
            16,
        ),
        (
            |s| Box::new(CtrDrbgAes256Rng::from_source_without_df(s).unwrap()),
            48,
            48,
        ),
        (
            |s| Box::new(CtrDrbgAes128Rng::from_source_without_df(s).unwrap()),
            32,
            32,
        ),
    ];
    for (build, seed_len, reseed_len) in cases {
        let source = Recorder::default();
        let mut rng = build(source.clone());
        assert_eq!(source.calls(), [seed_len]);
        let mut buf = [0u8; 100];
        rng.try_fill_bytes(&mut buf).unwrap();
        assert_eq!(
            source.calls(),
            [seed_len],
            "a request must not reseed early"
        );
        rng.reseed().unwrap();
        assert_eq!(source.calls(), [seed_len, reseed_len]);
        assert_eq!(rng.self_test(), Ok(()));
    }
}

#[test]
fn without_df_is_reported() {
    let rng = CtrDrbgAes256Rng::from_source_without_df(Recorder::default()).unwrap();
    assert!(!rng.uses_df());
    assert_eq!(rng.source_name(), "recorder");
}

#[test]
fn reseeds_by_request_count() {
    let source = Recorder::default();
    let options = RngOptions::default().reseed_interval_requests(2);
    let mut rng = CtrDrbgAes256Rng::with_options(Box::new(source.clone()), options).unwrap();
    let mut big = vec![0u8; 65536];
    // Generate calls 1 and 2 use the first seed; call 3 needs a reseed.
    rng.try_fill_bytes(&mut big).unwrap();
    rng.try_fill_bytes(&mut big).unwrap();
    assert_eq!(source.calls().len(), 1);
    rng.try_fill_bytes(&mut big).unwrap();
    assert_eq!(source.calls().len(), 2);
    // Small requests count one Generate call per 4 KiB buffer refill.
    let mut small = [0u8; 32];
    for _ in 0..(2 * 4096 / 32) {
        rng.try_fill_bytes(&mut small).unwrap();
    }
    assert_eq!(source.calls().len(), 3);
}

#[test]
fn reseeds_by_bytes_and_splits_large_requests() {
    let source = Recorder::default();
    let options = RngOptions::default().reseed_interval_bytes(65536);
    let mut rng = CtrDrbgAes256Rng::with_options(Box::new(source.clone()), options).unwrap();
    // 200,000 bytes = four Generate calls (65,536 × 3 + 3,392): with a
    // reseed every 65,536 bytes, three reseeds happen inside the request.
    let mut buf = vec![0u8; 200_000];
    rng.try_fill_bytes(&mut buf).unwrap();
    assert_random_looking(&buf);
    assert_eq!(source.calls().len(), 1 + 3);
}

#[test]
fn default_policy_reseeds_after_16_mib() {
    let source = Recorder::default();
    let mut rng = CtrDrbgAes128Rng::from_source(source.clone()).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    for _ in 0..16 {
        rng.try_fill_bytes(&mut buf).unwrap();
    }
    assert_eq!(source.calls().len(), 1, "16 MiB fit in one seed");
    rng.try_fill_bytes(&mut buf[..1]).unwrap();
    assert_eq!(source.calls().len(), 2, "the next Generate call reseeds");
}

#[test]
fn invalid_options_are_refused() {
    for options in [
        RngOptions::default().reseed_interval_requests(0),
        RngOptions::default().reseed_interval_requests((1 << 48) + 1),
        RngOptions::default().reseed_interval_bytes(65535),
    ] {
        let err =
            CtrDrbgAes256Rng::with_options(Box::new(Recorder::default()), options).unwrap_err();
        assert!(err.is_invalid_argument(), "{err}");
    }
    assert!(
        CtrDrbgAes256Rng::with_options(
            Box::new(Recorder::default()),
            RngOptions::default().reseed_interval_requests(1 << 48)
        )
        .is_ok()
    );
}

#[test]
fn a_failing_source_fails_construction() {
    let err = CtrDrbgAes256Rng::from_source(Recorder::failing_from(1)).unwrap_err();
    assert_eq!(err, Error::Os { errno: 5 });
}

#[test]
fn a_failed_reseed_fails_the_request_and_leaves_no_output() {
    // The seed works, every reseed fails.
    let options = RngOptions::default().reseed_interval_bytes(65536);
    let mut rng =
        CtrDrbgAes256Rng::with_options(Box::new(Recorder::failing_from(2)), options).unwrap();
    let mut buf = vec![0u8; 65536];
    rng.try_fill_bytes(&mut buf).unwrap();
    // The next Generate call needs a reseed, which fails: the whole request
    // fails and its buffer holds no output (contract rule 1).
    let mut buf = vec![0u8; 70_000];
    assert_eq!(rng.try_fill_bytes(&mut buf), Err(Error::Os { errno: 5 }));
    assert!(buf.iter().all(|&b| b == 0));
    // A small request that needs a refill fails the same way.
    let mut small = [0xffu8; 40];
    assert_eq!(rng.try_fill_bytes(&mut small), Err(Error::Os { errno: 5 }));
    assert_eq!(small, [0u8; 40]);
    assert_eq!(rng.reseed(), Err(Error::Os { errno: 5 }));
    // And it keeps failing rather than serving from the exhausted state.
    assert!(rng.try_fill_bytes(&mut small).is_err());
}

#[test]
fn instances_differ_even_from_a_constant_source() {
    // The personalization string carries an instance number, so two
    // generators seeded with identical entropy still differ.
    let mut a = CtrDrbgAes256Rng::from_source(FixedSource::new([0x42])).unwrap();
    let mut b = CtrDrbgAes256Rng::from_source(FixedSource::new([0x42])).unwrap();
    let (mut x, mut y) = ([0u8; 64], [0u8; 64]);
    a.try_fill_bytes(&mut x).unwrap();
    b.try_fill_bytes(&mut y).unwrap();
    assert_ne!(x, y);
    let mut c = CtrDrbgAes128Rng::from_source_without_df(FixedSource::new([0x42])).unwrap();
    let mut d = CtrDrbgAes128Rng::from_source_without_df(FixedSource::new([0x42])).unwrap();
    c.try_fill_bytes(&mut x).unwrap();
    d.try_fill_bytes(&mut y).unwrap();
    assert_ne!(x, y);
}

#[test]
fn a_backend_can_feed_the_wrapper() {
    // Any Backend is an EntropySource: here another CTR_DRBG, and the OS.
    let inner = CtrDrbgAes256Rng::new().unwrap();
    let mut outer = CtrDrbgAes128Rng::from_source(inner).unwrap();
    assert_eq!(outer.source_name(), "ctr-drbg-aes256");
    let mut buf = [0u8; 48];
    outer.try_fill_bytes(&mut buf).unwrap();
    assert_random_looking(&buf);
    let os = secrets_os::OsRng::new().unwrap();
    let mut rng = CtrDrbgAes256Rng::from_source_without_df(os).unwrap();
    rng.try_fill_bytes(&mut buf).unwrap();
    assert_random_looking(&buf);
}
