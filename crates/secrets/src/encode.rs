//! Glue to the encoders of `secrets-encode`: the only place the facade
//! turns random bytes into text. Each encodes straight into the returned
//! `String`'s one exact allocation.

use secrets_encode::Encoding;

/// Lowercase hex, `2 * bytes.len()` characters.
#[inline]
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    Encoding::HexLower.encode(bytes)
}

/// Uppercase hex.
#[inline]
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    Encoding::HexUpper.encode(bytes)
}

/// URL-safe base64 (RFC 4648 §5) without `=` padding, as CPython's
/// `token_urlsafe`.
#[inline]
pub(crate) fn base64_urlsafe_nopad(bytes: &[u8]) -> String {
    Encoding::Base64UrlNoPad.encode(bytes)
}

/// Standard base64 (RFC 4648 §4) with `=` padding.
#[inline]
pub(crate) fn base64_standard(bytes: &[u8]) -> String {
    Encoding::Base64Standard.encode(bytes)
}

/// RFC 4648 base32 (uppercase) without `=` padding.
#[inline]
pub(crate) fn base32_nopad(bytes: &[u8]) -> String {
    Encoding::Base32NoPad.encode(bytes)
}
