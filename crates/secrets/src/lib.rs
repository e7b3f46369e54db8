//! Python's `secrets` module done right.
#![forbid(unsafe_code)]
