//! The seeded, reseeding, fork-safe DRBGs (feature `std`): the engine of
//! `secrets-drbg` over [`ChaChaCore`].

use crate::core::ChaChaCore;

/// Output bytes between two reseeds from the entropy source, by default
/// (1 MiB). See the crate docs ("Reseeding") for why.
///
/// ```
/// let rng = secrets_chacha::ChaCha20Drbg::new()?;
/// assert_eq!(rng.reseed_interval(), secrets_chacha::DEFAULT_RESEED_INTERVAL);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const DEFAULT_RESEED_INTERVAL: u64 =
    <ChaChaCore<chacha20::R20> as secrets_drbg::Mechanism>::DEFAULT_RESEED_INTERVAL_BYTES;

/// A ChaCha DRBG with fast key erasure, seeded from an entropy source (the
/// OS by default), reseeded every
/// [`reseed_interval`](secrets_drbg::Drbg::reseed_interval) output bytes and
/// after every `fork`: [`secrets_drbg::Drbg`] over [`ChaChaCore`].
///
/// Use the aliases [`ChaCha8Drbg`], [`ChaCha12Drbg`] and [`ChaCha20Drbg`].
/// Every request checks the fork generation first, so a child process never
/// hands out a byte its parent buffered. Not `Clone` (two copies would
/// produce the same bytes) and never `Copy`; `Debug` prints only the type
/// name. The state lives on the heap and is zeroized on drop.
///
/// ```
/// use secrets_chacha::{ChaChaDrbg, R12};
/// let mut rng = ChaChaDrbg::<R12>::new()?;
/// rng.fill(&mut [0u8; 32])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type ChaChaDrbg<R> = secrets_drbg::Drbg<ChaChaCore<R>>;

/// ChaCha8 DRBG (backend name `"chacha8"`).
///
/// ```
/// use rand_core::TryRng;
/// let mut rng = secrets_chacha::ChaCha8Drbg::new()?;
/// let word = rng.try_next_u64()?;
/// # let _ = word;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type ChaCha8Drbg = ChaChaDrbg<chacha20::R8>;
/// ChaCha12 DRBG (backend name `"chacha12"`).
///
/// ```
/// let mut rng = secrets_chacha::ChaCha12Drbg::new()?;
/// rng.fill(&mut [0u8; 32])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type ChaCha12Drbg = ChaChaDrbg<chacha20::R12>;
/// ChaCha20 DRBG (backend name `"chacha20"`).
///
/// ```
/// use secrets_core::Backend;
/// let mut rng = secrets_chacha::ChaCha20Drbg::new()?;
/// assert_eq!(rng.name(), "chacha20");
/// rng.set_reseed_interval(64 * 1024)?; // reseed every 64 KiB, as rand's ThreadRng
/// rng.fill(&mut [0u8; 32])?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub type ChaCha20Drbg = ChaChaDrbg<chacha20::R20>;
