//! The rand 0.10 API over our generators, as a rand user writes it: the
//! thread-local `secrets::rng()`, the infallible adapters of every backend
//! and handle, and handles over foreign rand generators and their errors.

use std::collections::HashSet;

use rand::RngExt;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_core::{TryCryptoRng, TryRng};
use secrets::{AnyBackend, Backend, Error, Secrets};

#[test]
fn thread_rng_serves_ranges_shuffles_and_choices() {
    let mut rng = secrets::rng();
    let rolls: HashSet<u8> = (0..600).map(|_| rng.random_range(1..=6)).collect();
    assert_eq!(rolls, (1..=6).collect(), "every face, nothing else");
    let mut deck: Vec<u16> = (0..1000).collect();
    deck.shuffle(&mut rng);
    assert_ne!(deck, (0..1000).collect::<Vec<_>>(), "shuffled");
    let mut sorted = deck.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..1000).collect::<Vec<_>>(), "a permutation");
    let picked: HashSet<&u16> = (0..64).map(|_| deck.choose(&mut rng).unwrap()).collect();
    assert!(picked.len() > 1);
    let a: [u8; 32] = secrets::rng().random();
    let b: [u8; 32] = secrets::rng().random();
    assert_ne!(a, b);
    assert_eq!(format!("{rng:?}"), "ThreadRng { .. }");
}

/// `rand::rngs::ThreadRng` is a `CryptoRng`; so is ours.
fn takes_a_crypto_rng(rng: &mut impl rand::CryptoRng) -> u64 {
    rng.next_u64()
}

#[test]
fn every_backend_becomes_an_infallible_rand_rng() {
    for info in secrets::compiled_backends() {
        let Ok(mut backend) = AnyBackend::from_name(info.name) else {
            continue; // unavailable on this machine (RDSEED…)
        };
        let x: u32 = backend.unwrap_mut().random_range(10..20);
        assert!((10..20).contains(&x), "{}", info.name);
        let mut items = [1, 2, 3, 4, 5, 6, 7, 8];
        items.shuffle(&mut backend.unwrap_mut());
        assert!(items.choose(&mut backend.unwrap_mut()).is_some());
        takes_a_crypto_rng(&mut backend.unwrap_mut());
        // Lent, not taken: the backend is still usable through TryRng.
        backend.try_next_u32().unwrap();
        let mut owned = backend.unwrap_err();
        takes_a_crypto_rng(&mut owned);
    }
}

#[test]
fn handles_are_rand_generators_too() {
    let mut handle = Secrets::new(AnyBackend::new_default().unwrap());
    let pick: u8 = handle.unwrap_mut().random_range(0..3);
    assert!(pick < 3);
    fn fallible<R: TryCryptoRng<Error = Error>>(rng: &mut R) -> u64 {
        rng.try_next_u64().unwrap()
    }
    fallible(&mut handle);
    takes_a_crypto_rng(&mut handle.unwrap_err());
}

#[test]
fn handles_accept_foreign_generators_whatever_their_error() {
    let mut sys = Secrets::new(rand::rngs::SysRng);
    assert_eq!(sys.try_token_hex(16).unwrap().len(), 32);
    assert!(sys.randbelow(7u64).unwrap() < 7);
    let mut std_rng = Secrets::new(<rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(1));
    assert_eq!(std_rng.try_token_bytes(5).unwrap().len(), 5);
}

/// A generator that always fails with an error of its own.
struct Broken<E>(fn() -> E);

impl<E: core::error::Error> TryRng for Broken<E> {
    type Error = E;
    fn try_next_u32(&mut self) -> Result<u32, E> {
        Err((self.0)())
    }
    fn try_next_u64(&mut self) -> Result<u64, E> {
        Err((self.0)())
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), E> {
        Err((self.0)())
    }
}
impl<E: core::error::Error> TryCryptoRng for Broken<E> {}

#[derive(Debug)]
struct Jammed;
impl core::fmt::Display for Jammed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("jammed")
    }
}
impl core::error::Error for Jammed {}

#[test]
fn foreign_errors_are_kept_as_well_as_our_error_type_allows() {
    let mut os_error = Secrets::new(Broken(|| std::io::Error::from_raw_os_error(11)));
    assert_eq!(os_error.try_token_hex(4), Err(Error::Os { errno: 11 }));
    assert_eq!(os_error.randbelow(10u32), Err(Error::Os { errno: 11 }));
    let mut foreign = Secrets::new(Broken(|| Jammed));
    let error = foreign.try_token_bytes(8).unwrap_err();
    assert!(error.is_source_failure());
    assert!(matches!(error, Error::Foreign { error_type } if error_type.ends_with("Jammed")));
    assert_eq!(foreign.choice(&[1, 2]).unwrap_err(), error);
    const OURS: Error = Error::HealthTest {
        backend: "x",
        test: "y",
    };
    let mut ours_rng = Secrets::new(Broken(|| OURS));
    assert_eq!(
        ours_rng.try_token_bytes(1),
        Err(OURS),
        "ours pass through unchanged"
    );
}

#[test]
fn the_infallible_adapter_panics_with_the_sources_error() {
    let result = std::panic::catch_unwind(|| {
        let mut rng = Secrets::new(Broken(|| Jammed)).unwrap_err();
        rand::Rng::next_u32(&mut rng)
    });
    let payload = result.expect_err("a failing source must panic, never return bytes");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("Jammed"), "{message}");
}
