//! The seeded, reseeding, fork-safe DRBGs (feature `std`): the engine of
//! `secrets-drbg` over [`ChaChaCore`].

use crate::core::ChaChaCore;

/// Output bytes between two reseeds from the entropy source, by default
/// (1 MiB). See the crate docs ("Reseeding") for why.
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
pub type ChaChaDrbg<R> = secrets_drbg::Drbg<ChaChaCore<R>>;

/// ChaCha8 DRBG (backend name `"chacha8"`).
pub type ChaCha8Drbg = ChaChaDrbg<chacha20::R8>;
/// ChaCha12 DRBG (backend name `"chacha12"`).
pub type ChaCha12Drbg = ChaChaDrbg<chacha20::R12>;
/// ChaCha20 DRBG (backend name `"chacha20"`).
pub type ChaCha20Drbg = ChaChaDrbg<chacha20::R20>;
