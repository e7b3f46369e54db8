//! Turning the ASCII our encoders produce into `str` and `String` without
//! `unsafe`: the only safe conversions validate UTF-8, which for a 32-byte
//! token costs about 3 ns (measured; see the crate docs).

use alloc::string::String;
use alloc::vec::Vec;

/// Views encoder output as `str`.
///
/// Every byte our encoders write comes from ASCII arithmetic or tables, so
/// validation cannot fail; the panic arm is unreachable.
#[inline]
pub(crate) fn as_str(ascii: &[u8]) -> &str {
    match core::str::from_utf8(ascii) {
        Ok(text) => text,
        Err(_) => unreachable!("encoders produce only ASCII"),
    }
}

/// Encoder output as `String` (see [`as_str`]).
#[inline]
pub(crate) fn into_string(ascii: Vec<u8>) -> String {
    match String::from_utf8(ascii) {
        Ok(text) => text,
        Err(_) => unreachable!("encoders produce only ASCII"),
    }
}
