//! Glue to the encoders of `secrets-encode`: the only place the facade
//! turns random bytes into text. Each encodes straight into the returned
//! `String`'s one exact allocation.

use secrets_encode::Encoding;
use zeroize::Zeroizing;

use crate::Error;
use crate::handle::source_failed;

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

/// Random bytes up to this many are drawn into a stack buffer; more go to the
/// heap. Both are wiped after encoding.
const STACK_BYTES: usize = 64;

/// Draws `nbytes` random bytes with `fill` into a wiped-after-use buffer and
/// returns `encode` of them, or `fill`'s error.
///
/// The stack buffer is wiped with a plain (vectorised) fill kept alive by
/// `black_box`, not byte-wise volatile writes: the same effect in practice at
/// a fraction of the cost on this hot path. The heap buffer of long tokens
/// uses `Zeroizing`.
#[inline(always)]
pub(crate) fn random_then<T>(
    nbytes: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    encode: impl FnOnce(&[u8]) -> T,
) -> Result<T, Error> {
    if nbytes <= STACK_BYTES {
        let mut stack = [0u8; STACK_BYTES];
        let bytes = &mut stack[..nbytes];
        let filled = fill(bytes);
        let result = filled.map(|()| encode(bytes));
        wipe(&mut stack);
        result
    } else {
        let mut heap = Zeroizing::new(zeroed(nbytes)?);
        fill(&mut heap)?;
        Ok(encode(&heap))
    }
}

/// A zeroed buffer of `nbytes`, or an error if it cannot be allocated (a
/// token of absurd size is a bad argument, not a reason to abort).
pub(crate) fn zeroed(nbytes: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(nbytes).map_err(|_| TOO_LARGE)?;
    bytes.resize(nbytes, 0);
    Ok(bytes)
}

/// The error for a token too large to allocate.
pub(crate) const TOO_LARGE: Error = Error::invalid(
    "nbytes",
    "too many bytes: the token would not fit in memory",
);

/// As [`random_then`], panicking if `fill` fails (the policy of the token
/// functions). The value is returned directly, never moved through a
/// `Result`: on the hot path those moves of a `String` inside a large enum
/// cost more than everything else the facade does.
#[inline(always)]
#[track_caller]
pub(crate) fn random_then_or_panic<T>(
    nbytes: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    encode: impl FnOnce(&[u8]) -> T,
) -> T {
    if nbytes <= STACK_BYTES {
        let mut stack = [0u8; STACK_BYTES];
        let bytes = &mut stack[..nbytes];
        if let Err(error) = fill(bytes) {
            source_failed(error);
        }
        let value = encode(bytes);
        wipe(&mut stack);
        value
    } else {
        // Allocation failure here aborts, as for any `String`; the `try_`
        // methods report it as an error instead.
        let mut heap = Zeroizing::new(vec![0u8; nbytes]);
        if let Err(error) = fill(&mut heap) {
            source_failed(error);
        }
        encode(&heap)
    }
}

#[inline(always)]
fn wipe(stack: &mut [u8; STACK_BYTES]) {
    stack.fill(0);
    core::hint::black_box(stack);
}
