//! The parts of the `secrets` command that stand on their own, as a library
//! so that they can be tested and fuzzed without the binary
//! (`fuzz/fuzz_targets/cli_size.rs`).
//!
//! - [`size`]: byte sizes and counts (`--count 2GiB`, `NBYTES`, `-n`).
//!
//! ```
//! assert_eq!(secrets_cli::size::parse_size("1K"), Ok(1024));
//! ```
#![forbid(unsafe_code)]

pub mod size;
