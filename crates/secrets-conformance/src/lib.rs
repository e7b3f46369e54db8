//! The conformance suite every `secrets` backend passes, runnable on any
//! rand_core crypto RNG — in the spirit of rustls' provider test suite: one
//! set of checks a generator must pass, which every backend crate runs from
//! its own `cargo test` and which anyone can run on their own generator.
//!
//! [`run_suite`] checks, on a fresh generator per check:
//!
//! | check | what |
//! | --- | --- |
//! | `api` | token lengths and alphabets, sampling ranges and errors (CPython's semantics) through `secrets-core`'s sampling and `secrets-encode`'s encoders |
//! | `sp800-22` | seven SP 800-22 tests over sub-sequences, byte chi-square, repeated blocks ([`stats::battery`]) |
//! | `sampling` | chi-square uniformity of randbelow (several bounds), randbits, randint, random, choice, shuffle and the token encoders |
//! | `rngtest`, `dieharder`, `ent` | external batteries when installed (`apt-get install rng-tools5 dieharder ent`) |
//! | `fork` | a forked child never repeats its parent's bytes (Unix) |
//!
//! Each check is a [`CheckResult`] made of [`Decision`]s, each decided at
//! [`DECISION_ALPHA`] = 10⁻⁶. A statistical check that fails only on
//! decisions a correct generator fails by chance runs once more on a fresh
//! generator and fails when that run fails too (the first run's failure is
//! kept in [`CheckResult::first_run_failure`]); exact checks and errors fail
//! at once. So a correct generator passes reliably and a failure means
//! something. Backend-specific checks (known answers, fault
//! injection) stay with `cargo xtask conformance`, which prints the matrix.
//!
//! Your own generator: anything with `TryCryptoRng`. A DRBG without fork
//! detection fails the `fork` check and passes the rest:
//!
//! ```
//! use rand_core::SeedableRng;
//! use secrets_conformance::{SuiteOptions, Status, run_suite};
//!
//! let make = || Ok(rand_chacha::ChaCha20Rng::from_seed([7; 32]));
//! let results = run_suite("my-chacha", &make, &SuiteOptions::TEST);
//! for result in &results {
//!     let expected = if result.check == "fork" { Status::Fail } else { Status::Pass };
//!     assert_eq!(result.status, expected, "{result:?}");
//! }
//! ```
//!
//! A backend's own test is one call ([`assert_conforms`]), which panics with
//! every failed decision:
//!
//! ```no_run
//! # fn new_backend() -> Result<getrandom::SysRng, String> { Ok(getrandom::SysRng) }
//! secrets_conformance::assert_conforms("my-backend", &new_backend);
//! ```
// `unsafe` only for the real `fork` of the fork check (`fork.rs`).
#![deny(unsafe_code)]

mod api;
mod external;
mod fork;
pub mod stats;
mod suite;

pub use external::installed;
pub use stats::{DECISION_ALPHA, Decision};
pub use suite::{CheckResult, ExternalSize, Status, SuiteOptions, assert_conforms, run_suite};
