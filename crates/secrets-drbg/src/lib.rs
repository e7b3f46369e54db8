//! One DRBG engine for every mechanism of the secrets crates.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod cavp;
mod mechanism;

pub use mechanism::{Buffering, Mechanism};
pub use secrets_core::{EntropySource, Error};
