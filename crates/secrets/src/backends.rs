//! The backend types, re-exported from their crates (each behind its
//! feature), so that the registry, the docs and applications can name them
//! through the facade: the seeded backends (`OsRng`, `RdRand`, `RdSeed`,
//! `ChaCha*Drbg`, `CtrDrbgAes*Rng`), the DRBG engine, and the raw `no_std`
//! mechanisms for reproducible streams from your own seed (`ChaCha*Core`,
//! `CtrDrbgAes*` with [`CtrDrbgSeed`], both rand `SeedableRng`s).
//!
//! ```
//! # #[cfg(feature = "os")] {
//! use secrets::backends::OsRng;
//! let mut handle = secrets::Secrets::new(OsRng::new()?);
//! assert_eq!(handle.try_token_bytes(8)?.len(), 8);
//! # }
//! # Ok::<(), secrets::Error>(())
//! ```

#[cfg(feature = "chacha")]
pub use secrets_chacha::{
    ChaCha8Core, ChaCha8Drbg, ChaCha12Core, ChaCha12Drbg, ChaCha20Core, ChaCha20Drbg,
};
#[cfg(feature = "ctr-drbg")]
pub use secrets_ctr_drbg::{
    Config as CtrDrbgConfig, CtrDrbgAes128, CtrDrbgAes128Rng, CtrDrbgAes192, CtrDrbgAes256,
    CtrDrbgAes256Rng, CtrDrbgRng, CtrDrbgSeed,
};
pub use secrets_drbg::{Drbg, Mechanism, Options as DrbgOptions, Sp80090a};
#[cfg(feature = "hash-drbg")]
pub use secrets_hash_drbg::{HashDrbgSha256Rng, HashDrbgSha512Rng};
#[cfg(feature = "hmac-drbg")]
pub use secrets_hmac_drbg::{HmacDrbgSha256Rng, HmacDrbgSha512Rng};
#[cfg(feature = "os")]
pub use secrets_os::OsRng;
#[cfg(feature = "rdrand")]
pub use secrets_rdrand::{RdRand, RdSeed};
