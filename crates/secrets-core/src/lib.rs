//! The core of the secrets crates: the backend contract, the one error type,
//! and unbiased sampling over any rand_core crypto RNG.
//!
//! `no_std`; the `alloc` feature (default) adds [`sample::sample`].
//!
//! - [`backend`]: the [`Backend`] trait every entropy source implements, and
//!   the contract it obeys.
//! - [`Error`]: small, `Copy`, with distinct kinds.
//! - [`sample`]: `randbelow` (Lemire), `randbits`, `choice`, `shuffle`,
//!   `sample`, `random`, `randrange`, `randint`, `uniform`.
//! - [`Wiped`]: a byte buffer that is wiped when dropped, for the short-lived
//!   buffers secrets pass through.
//! - `test_support` (feature `test-support`, **tests only**): a replay tape
//!   and a fixed entropy source that drive the sampling functions and the
//!   DRBGs down every path. Not random; never in a shipped build.
//!
//! ```
//! # use rand_core::SeedableRng;
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
//! use secrets_core::sample;
//! let index = sample::randbelow(&mut rng, 10u32)?; // exactly uniform
//! let mut deck = [1, 2, 3, 4, 5];
//! sample::shuffle(&mut rng, &mut deck)?;
//! assert!(index < 10);
//! # Ok::<(), secrets_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod backend;
mod error;
pub mod sample;
#[cfg(feature = "test-support")]
pub mod test_support;
mod wipe;

pub use backend::{Backend, BackendKind, EntropySource};
pub use error::Error;
pub use rand_core;
pub use wipe::Wiped;
