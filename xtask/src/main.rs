//! `cargo xtask`: project tasks.
#![forbid(unsafe_code)]

fn main() {}
