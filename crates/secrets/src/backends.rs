//! The backend types, re-exported from their crates (each behind its
//! feature), so that the registry, the docs and applications can name them
//! through the facade.
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
pub use secrets_chacha::{ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg};
#[cfg(feature = "ctr-drbg")]
pub use secrets_ctr_drbg::{CtrDrbgAes128Rng, CtrDrbgAes256Rng, CtrDrbgRng};
pub use secrets_drbg::{Drbg, Mechanism, Options as DrbgOptions};
#[cfg(feature = "os")]
pub use secrets_os::OsRng;
#[cfg(feature = "rdrand")]
pub use secrets_rdrand::{RdRand, RdSeed};
