//! The backends on this machine's CPU. Availability must agree with std's
//! independent detection; where the instruction exists, the backend must
//! construct, pass its self-test and serve requests of every size.

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{Backend, BackendKind, EntropySource, Error};
use secrets_rdrand::{RDRAND_NAME, RDSEED_NAME, RdRand, RdSeed};

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
fn cpu_has_rdrand() -> bool {
    std::arch::is_x86_feature_detected!("rdrand")
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
fn cpu_has_rdseed() -> bool {
    std::arch::is_x86_feature_detected!("rdseed")
}

#[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
fn cpu_has_rdrand() -> bool {
    false
}

#[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
fn cpu_has_rdseed() -> bool {
    false
}

/// Exercises a constructed backend: sizes from 0 to 1 MiB, words, variety.
fn exercise<B: Backend + core::fmt::Debug>(mut rng: B, name: &str, big: usize) {
    assert_eq!(rng.name(), name);
    assert_eq!(rng.kind(), BackendKind::Hardware);
    rng.self_test().unwrap();

    for len in [0, 1, 7, 8, 9, 31, 32, 33, 4096, big] {
        let mut buf = vec![0_u8; len];
        rng.try_fill_bytes(&mut buf).unwrap();
        if len >= 32 {
            // 32 zero bytes from a working generator: probability 2^-256.
            assert!(buf.iter().any(|&b| b != 0), "{name}: {len} zero bytes");
        }
    }

    let mut a = [0_u8; 32];
    let mut b = [0_u8; 32];
    rng.try_fill_bytes(&mut a).unwrap();
    rng.try_fill_bytes(&mut b).unwrap();
    assert_ne!(a, b);

    let words: Vec<u64> = (0..64).map(|_| rng.try_next_u64().unwrap()).collect();
    let mut sorted = words.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), words.len(), "{name}: repeated 64-bit words");
    let halves: Vec<u32> = (0..64).map(|_| rng.try_next_u32().unwrap()).collect();
    assert!(halves.windows(2).any(|w| w[0] != w[1]));
}

/// `is_available` and `new` agree with std's detection (`cpu_has`); where
/// the instruction exists, the backend is exercised with up to `big` bytes.
fn available_exactly_when_the_cpu_has_it<B: Backend + core::fmt::Debug>(
    is_available: bool,
    new: Result<B, Error>,
    cpu_has: bool,
    name: &str,
    debug: &str,
    big: usize,
) {
    assert_eq!(is_available, cpu_has, "{name}");
    match new {
        Ok(rng) => {
            assert!(cpu_has, "{name}");
            assert_eq!(format!("{rng:?}"), debug);
            exercise(rng, name, big);
        }
        Err(err) => {
            assert!(!cpu_has, "{name} is present but new() failed: {err}");
            assert!(
                matches!(err, Error::Unavailable { backend, .. } if backend == name),
                "{err:?}"
            );
        }
    }
}

#[test]
fn rdrand_is_available_exactly_when_the_cpu_has_it() {
    assert_eq!(RDRAND_NAME, "rdrand");
    available_exactly_when_the_cpu_has_it(
        RdRand::is_available(),
        RdRand::new(),
        cpu_has_rdrand(),
        RDRAND_NAME,
        "RdRand { .. }",
        1 << 20,
    );
}

#[test]
fn rdseed_is_available_exactly_when_the_cpu_has_it() {
    assert_eq!(RDSEED_NAME, "rdseed");
    // RDSEED is slow (~15 MB/s here): 64 KiB is plenty.
    available_exactly_when_the_cpu_has_it(
        RdSeed::is_available(),
        RdSeed::new(),
        cpu_has_rdseed(),
        RDSEED_NAME,
        "RdSeed { .. }",
        64 << 10,
    );
}

#[test]
fn rdseed_seeds_a_drbg_as_an_entropy_source() {
    let Ok(rng) = RdSeed::new() else {
        assert!(!cpu_has_rdseed());
        return;
    };
    // What a DRBG wrapper holds: a boxed, object-safe source.
    let mut source: Box<dyn EntropySource> = Box::new(rng);
    assert_eq!(source.source_name(), "rdseed");
    // 384 bits: the entropy input of a no-df CTR_DRBG with AES-256.
    let mut seed = [0_u8; 48];
    source.fill_entropy(&mut seed).unwrap();
    assert!(seed.iter().any(|&b| b != 0));
}

#[test]
fn both_work_from_many_threads_at_once() {
    // RDSEED runs dry under contention; the bounded retries must absorb it.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                if let Ok(mut rng) = RdSeed::new() {
                    let mut buf = vec![0_u8; 16 << 10];
                    rng.try_fill_bytes(&mut buf).unwrap();
                }
                if let Ok(mut rng) = RdRand::new() {
                    let mut buf = vec![0_u8; 256 << 10];
                    rng.try_fill_bytes(&mut buf).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

#[test]
fn the_types_follow_the_rng_rules() {
    fn crypto_backend<T: Backend + TryCryptoRng + Send + Sync>() {}
    crypto_backend::<RdRand>();
    crypto_backend::<RdSeed>();
    assert_eq!(RdRand::NAME, "rdrand");
    assert_eq!(RdSeed::NAME, "rdseed");
}
