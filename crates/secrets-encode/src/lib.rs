//! Hex, base64, base32 and custom-alphabet encoders for secret tokens (no_std + alloc)
#![forbid(unsafe_code)]
