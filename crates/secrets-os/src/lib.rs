//! The operating system backend: getrandom, with the Linux vDSO fast path
#![forbid(unsafe_code)]
