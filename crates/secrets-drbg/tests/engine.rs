//! The engine's promises, checked from outside on a real mechanism
//! (CTR_DRBG AES-256, engine-buffered) and on a transparent test mechanism
//! that records what the engine asks of it.

use std::sync::{Arc, Mutex};

use rand_core::TryRng;
use secrets_core::{Backend, EntropySource, Error};
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
use secrets_drbg::{Buffering, Drbg, Mechanism, Options, Sp80090a};

/// A source that counts its calls and can be told to fail.
#[derive(Clone, Default)]
struct Source {
    calls: Arc<Mutex<Vec<usize>>>,
    failing: Arc<Mutex<bool>>,
}

impl Source {
    fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
    fn fail(&self, on: bool) {
        *self.failing.lock().unwrap() = on;
    }
}

impl EntropySource for Source {
    fn source_name(&self) -> &'static str {
        "test source"
    }
    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        self.calls.lock().unwrap().push(dest.len());
        if *self.failing.lock().unwrap() {
            return Err(Error::Os { errno: 5 });
        }
        getrandom::fill(dest).map_err(|_| Error::Os { errno: 0 })
    }
}

/// What the test mechanism was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    Instantiate {
        entropy: usize,
        nonce: usize,
        personalization: Vec<u8>,
    },
    Reseed {
        entropy: usize,
        additional: Vec<u8>,
    },
    Generate {
        len: usize,
    },
    GeneratePr {
        len: usize,
    },
}

static LOG: Mutex<Vec<Call>> = Mutex::new(Vec::new());
static SERIAL: Mutex<()> = Mutex::new(());

/// Output = a counter, so tests can see exactly which bytes were produced.
struct Counter {
    next: u8,
}

impl Mechanism for Counter {
    type Config = ();
    const BACKEND_NAME: &'static str = "counter-test";
    const RNG_NAME: &'static str = "CounterRng";
    const MAX_BYTES_PER_REQUEST: usize = 100;
    const MAX_RESEED_INTERVAL: u64 = 1 << 48;
    const MIN_RESEED_INTERVAL_BYTES: u64 = 100;
    const BUFFERING: Buffering = Buffering::Engine {
        len: 64,
        direct_from: 32,
    };
    const DEFAULT_RESEED_INTERVAL_REQUESTS: u64 = 1000;
    const DEFAULT_RESEED_INTERVAL_BYTES: u64 = 1 << 20;

    fn security_strength(_: &()) -> usize {
        16
    }
    fn entropy_len(_: &()) -> usize {
        16
    }
    fn nonce_len(_: &()) -> usize {
        8
    }
    fn max_additional_len(_: &()) -> usize {
        64
    }
    fn empty((): ()) -> Self {
        Counter { next: 0 }
    }
    fn instantiate(&mut self, e: &[u8], n: &[u8], p: &[u8]) -> Result<(), Error> {
        LOG.lock().unwrap().push(Call::Instantiate {
            entropy: e.len(),
            nonce: n.len(),
            personalization: p.to_vec(),
        });
        self.next = 1;
        Ok(())
    }
    fn self_test() -> Result<(), Error> {
        Ok(())
    }
}

impl Sp80090a for Counter {
    fn reseed(&mut self, e: &[u8], a: &[u8]) -> Result<(), Error> {
        LOG.lock().unwrap().push(Call::Reseed {
            entropy: e.len(),
            additional: a.to_vec(),
        });
        Ok(())
    }
    fn generate(&mut self, out: &mut [u8], _: &[u8]) -> Result<(), Error> {
        if out.len() > Self::MAX_BYTES_PER_REQUEST {
            return Err(Error::RequestTooLarge { max_bytes: 100 });
        }
        LOG.lock().unwrap().push(Call::Generate { len: out.len() });
        for b in out {
            *b = self.next;
            self.next = self.next.wrapping_add(1).max(1);
        }
        Ok(())
    }
    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        e: &[u8],
        a: &[u8],
    ) -> Result<(), Error> {
        LOG.lock()
            .unwrap()
            .push(Call::GeneratePr { len: out.len() });
        self.reseed(e, a)?;
        self.generate(out, &[])
    }
}

fn take_log() -> Vec<Call> {
    std::mem::take(&mut *LOG.lock().unwrap())
}

/// A `Counter` DRBG with `options` on a fresh source, and that source.
fn counter_rng(options: Options<()>) -> (Drbg<Counter>, Source) {
    let source = Source::default();
    let rng = Drbg::<Counter>::with_options(Box::new(source.clone()), options).unwrap();
    (rng, source)
}

#[test]
fn seeding_draws_entropy_and_nonce_in_one_call_with_a_diversifier() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    take_log();
    let source = Source::default();
    let a = Drbg::<Counter>::from_source(source.clone()).unwrap();
    let b = Drbg::<Counter>::from_source(source.clone()).unwrap();
    assert_eq!(*source.calls.lock().unwrap(), [24, 24]);
    let log = take_log();
    let personalization = |call: &Call| match call {
        Call::Instantiate {
            entropy: 16,
            nonce: 8,
            personalization,
        } => personalization.clone(),
        other => panic!("{other:?}"),
    };
    let (pa, pb) = (personalization(&log[0]), personalization(&log[1]));
    assert_eq!(pa.len(), 36);
    assert_ne!(
        pa, pb,
        "two instances get different personalization strings"
    );
    assert_eq!(&pa[..4], &std::process::id().to_be_bytes());
    assert!(pa.ends_with(b"counter-test\0\0\0\0"));
    assert_eq!(format!("{a:?}"), "CounterRng { .. }");
    assert_eq!(a.source_name(), "test source");
    drop(b);
}

#[test]
fn small_requests_use_the_buffer_and_large_ones_bypass_it() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut rng = Drbg::<Counter>::from_source(Source::default()).unwrap();
    take_log();
    let mut small = [0u8; 10];
    rng.fill(&mut small).unwrap();
    assert_eq!(small, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(take_log(), [Call::Generate { len: 64 }]);
    assert!(
        rng.buffer_memory()[..10].iter().all(|&b| b == 0),
        "handed out, wiped"
    );
    let before = rng.buffer_memory().to_vec();
    // 40 bytes would fit in what is left, but requests of `direct_from` and
    // more always go direct (the documented behaviour).
    let mut large = [0u8; 40];
    rng.fill(&mut large).unwrap();
    assert_eq!(take_log(), [Call::Generate { len: 40 }]);
    assert_eq!(
        rng.buffer_memory(),
        &before[..],
        "the buffer was not touched"
    );
    // A request over the mechanism's maximum is split.
    let mut huge = vec![0u8; 250];
    rng.fill(&mut huge).unwrap();
    assert_eq!(
        take_log(),
        [
            Call::Generate { len: 100 },
            Call::Generate { len: 100 },
            Call::Generate { len: 50 }
        ]
    );
    // And the next small request continues the buffer where it was.
    rng.fill(&mut small).unwrap();
    assert_eq!(small, [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert!(take_log().is_empty());
}

#[test]
fn prediction_resistance_reseeds_before_every_generate_and_never_buffers() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (mut rng, source) = counter_rng(Options::default().prediction_resistance(true));
    assert!(rng.uses_prediction_resistance());
    take_log();
    let mut small = [0u8; 5];
    rng.fill(&mut small).unwrap();
    rng.fill(&mut small).unwrap();
    let mut big = vec![0u8; 150];
    rng.fill(&mut big).unwrap();
    let log = take_log();
    let pr: Vec<usize> = log
        .iter()
        .filter_map(|c| match c {
            Call::GeneratePr { len } => Some(*len),
            _ => None,
        })
        .collect();
    assert_eq!(pr, [5, 5, 100, 50], "one fresh draw per Generate call");
    assert_eq!(source.calls(), 1 + 4);
    assert!(
        rng.buffer_memory().iter().all(|&b| b == 0),
        "nothing buffered ahead"
    );
}

#[test]
fn reseeds_by_requests_and_bytes() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let options = Options::default()
        .reseed_interval_requests(3)
        .reseed_interval_bytes(200);
    let (mut rng, source) = counter_rng(options);
    take_log();
    let mut buf = vec![0u8; 90];
    for _ in 0..3 {
        rng.fill(&mut buf).unwrap();
    }
    // 3 × 90 = 270 > 200 bytes: the third call is split at the byte budget.
    assert_eq!(source.calls(), 2);
    let log = take_log();
    assert_eq!(
        log,
        [
            Call::Generate { len: 90 },
            Call::Generate { len: 90 },
            Call::Generate { len: 20 },
            Call::Reseed {
                entropy: 16,
                additional: match &log[3] {
                    Call::Reseed { additional, .. } => additional.clone(),
                    other => panic!("{other:?}"),
                }
            },
            Call::Generate { len: 70 },
        ]
    );
    // The request interval: 3 Generate calls per seed.
    rng.fill(&mut buf).unwrap();
    rng.fill(&mut buf).unwrap();
    assert_eq!(source.calls(), 3);
}

#[test]
fn invalid_options_are_refused() {
    for options in [
        Options::default().reseed_interval_requests(0),
        Options::default().reseed_interval_requests((1 << 48) + 1),
        Options::default().reseed_interval_bytes(99),
        Options::default().reseed_interval_bytes(0),
    ] {
        let error =
            Drbg::<Counter>::with_options(Box::new(Source::default()), options).unwrap_err();
        assert!(error.is_invalid_argument(), "{error}");
    }
    let mut rng = Drbg::<Counter>::from_source(Source::default()).unwrap();
    assert!(
        rng.set_reseed_interval(99)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert_eq!(rng.reseed_interval(), 1 << 20);
    rng.set_reseed_interval(u64::MAX).unwrap();
    assert_eq!(rng.reseed_interval(), u64::MAX);
}

#[test]
fn a_failure_zeroes_the_request_discards_the_buffer_and_latches() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (mut rng, source) = counter_rng(Options::default().reseed_interval_bytes(100));
    let mut small = [0u8; 10];
    rng.fill(&mut small).unwrap(); // buffer: 54 unread bytes, budget 36
    source.fail(true);
    let mut big = [0xaau8; 60];
    assert_eq!(rng.fill(&mut big), Err(Error::Os { errno: 5 }));
    assert_eq!(big, [0u8; 60], "no partial output");
    assert!(
        rng.buffer_memory().iter().all(|&b| b == 0),
        "buffer discarded"
    );
    // Latched: even a request the old buffer could have served waits for a
    // successful reseed.
    assert_eq!(rng.fill(&mut small), Err(Error::Os { errno: 5 }));
    assert_eq!(small, [0u8; 10]);
    assert_eq!(rng.try_next_u32(), Err(Error::Os { errno: 5 }));
    assert_eq!(rng.fill(&mut []), Ok(()), "an empty request needs nothing");
    // The source recovers: the next request reseeds first, then serves.
    source.fail(false);
    let calls = source.calls();
    rng.fill(&mut small).unwrap();
    assert_eq!(source.calls(), calls + 1);
    assert!(small.iter().all(|&b| b != 0));
}

#[test]
fn the_state_is_boxed_and_never_moves() {
    let rng = Drbg::<CtrDrbgAes256>::from_source(Source::default()).unwrap();
    let before: *const CtrDrbgAes256 = rng.core();
    let moved = Box::new(rng);
    let after: *const CtrDrbgAes256 = moved.core();
    assert_eq!(before, after, "moving the generator moved its key schedule");
    let unboxed = *moved;
    assert_eq!(before, unboxed.core() as *const _);
}

#[test]
fn the_ctr_drbg_default_and_no_df_configurations_seed_as_documented() {
    let source = Source::default();
    let rng = Drbg::<CtrDrbgAes256>::with_options(
        Box::new(source.clone()),
        Options::with_config(Config::without_df()),
    )
    .unwrap();
    assert_eq!(*source.calls.lock().unwrap(), [48]);
    assert!(!rng.config().uses_df());
    assert_eq!(rng.name(), "ctr-drbg-aes256");
}
