//! The `secrets` command.
#![forbid(unsafe_code)]

fn main() {}
