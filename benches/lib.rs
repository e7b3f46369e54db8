//! Criterion benches for the secrets crates (see `benches/`).
#![forbid(unsafe_code)]
