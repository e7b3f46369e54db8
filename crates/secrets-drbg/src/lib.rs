//! One DRBG engine for every mechanism of the secrets crates.
//!
//! A *mechanism* is the algorithm alone — CTR_DRBG, Hash_DRBG, HMAC_DRBG,
//! ChaCha with fast key erasure — deterministic, `no_std`, fed by whoever
//! holds it ([`Mechanism`]). The *engine*, [`Drbg<M>`](Drbg), is everything
//! a generator needs around it, written once: seeding from an
//! [`EntropySource`], reseeding by requests and by bytes, prediction
//! resistance, fork detection on every request, buffering with
//! wipe-on-hand-out, zeroing and error latching on failure, one
//! [`Options`] type, `Debug` redaction and the rand_core traits. Every DRBG
//! backend of the project is a `Drbg<M>`: `secrets_chacha::ChaCha20Drbg` is
//! `Drbg<ChaCha20Core>`, `secrets_ctr_drbg::CtrDrbgAes256Rng` is
//! `Drbg<CtrDrbgAes256>`.
//!
//! # Embedding one mechanism, `no_std`
//!
//! With `default-features = false, features = ["alloc"]` the engine needs no
//! OS: bring your entropy source (a TRNG register, a seed file) and pick a
//! mechanism.
//!
//! ```
//! use secrets_drbg::{Drbg, EntropySource, Error};
//! use secrets_ctr_drbg::CtrDrbgAes256;
//!
//! struct Trng; // your hardware generator
//! impl EntropySource for Trng {
//!     fn source_name(&self) -> &'static str { "board trng" }
//!     fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
//!         dest.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8 ^ 0x5a); // read the register here
//!         Ok(())
//!     }
//! }
//!
//! let mut rng = Drbg::<CtrDrbgAes256>::from_source(Trng)?;
//! let mut key = [0u8; 32];
//! rng.fill(&mut key)?;
//! # Ok::<(), Error>(())
//! ```
//!
//! `Drbg` also implements rand_core's `TryRng` and `TryCryptoRng`, so
//! `rand_core::UnwrapErr(rng)` serves the rand ecosystem.
//!
//! # Features
//!
//! - `alloc`: the engine (its state is boxed so it never moves).
//! - `std` (default): fork detection through [`secrets_os::fork`] and
//!   [`Drbg::new`], seeded from the operating system. Without `std` there
//!   are no processes to fork and no fork check.
//!
//! # Writing a mechanism
//!
//! Implement [`Mechanism`] (read its rules), then `Drbg<YourMechanism>` is a
//! complete generator and a [`secrets_core::Backend`]. To offer it in the
//! facade, add one row to the registry (`crates/secrets/src/registry.rs`);
//! `docs/ARCHITECTURE.md` lists the touch points.
#![no_std]
#![forbid(unsafe_code)]

crate::__crate_root! {
    alloc if feature = "alloc";
    std if any(feature = "std", test);
}

pub mod cavp;
#[cfg(feature = "alloc")]
mod engine;
mod hand_out;
mod mechanism;
#[cfg(feature = "alloc")]
mod options;
#[cfg(feature = "alloc")]
mod self_test;

#[cfg(feature = "alloc")]
pub use engine::Drbg;
#[cfg(all(feature = "alloc", feature = "test-hooks"))]
#[doc(hidden)]
pub use engine::drop_observer;
pub use hand_out::{hand_out, hand_out_front, wipe};
pub use mechanism::{Buffering, Mechanism, Sp80090a, reseed_then_generate};
#[cfg(feature = "alloc")]
pub use options::Options;
pub use rand_core;
pub use secrets_core::{Backend, EntropySource, Error};
#[cfg(feature = "std")]
pub use secrets_os::fork;

/// The crate-root items the workspace's crates repeat: the crate README's
/// example compiled and run as a doctest, and `extern crate alloc` and
/// `std` under the `cfg` the calling (`no_std`) crate gives for each.
#[doc(hidden)]
#[macro_export]
macro_rules! __crate_root {
    ($(alloc if $alloc:meta;)? $(std if $std:meta;)?) => {
        #[cfg(doctest)]
        #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))]
        struct ReadmeDoctest;
        $(
            #[cfg($alloc)]
            extern crate alloc;
        )?
        $(
            #[cfg($std)]
            extern crate std;
        )?
    };
}
