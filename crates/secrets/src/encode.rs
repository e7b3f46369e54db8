//! Glue to the encoders of `secrets-encode`: the only place the facade
//! turns random bytes into text. Each encodes straight into the returned
//! `String`'s one exact allocation.
//!
//! Allocation policy: the `try_` paths ([`random_then`], [`zeroed`]) reserve
//! every allocation fallibly and return [`TOO_LARGE`]; the infallible paths
//! ([`random_then_or_panic`], [`zeroed_or_panic`]) panic with
//! [`too_large`]'s message instead. Neither aborts.

use secrets_core::Wiped;
use secrets_encode::Encoding;

use crate::Error;
use crate::handle::source_failed;

/// Random bytes up to this many are drawn into a stack buffer; more go to the
/// heap. Both are [`Wiped`] buffers, wiped when dropped: after encoding, on
/// an error and when a failing source's panic unwinds.
const STACK_BYTES: usize = 64;

/// Draws `nbytes` random bytes with `fill` into a wiped-after-use buffer and
/// returns them in `encoding`, or `fill`'s error, or [`TOO_LARGE`].
#[inline(always)]
pub(crate) fn random_then(
    nbytes: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    encoding: Encoding,
) -> Result<String, Error> {
    if nbytes <= STACK_BYTES {
        let mut stack = Wiped::<[u8; STACK_BYTES]>::zeroed();
        let bytes = &mut stack[..nbytes];
        fill(bytes)?;
        encoding.try_encode(bytes)
    } else {
        // Refused before drawing: no point spending (and holding) gigabytes
        // of random bytes whose text can never exist (on 32-bit targets a
        // 2 GiB buffer may well be allocated, and its text not).
        if !fits_in_memory(encoding, nbytes) {
            return Err(TOO_LARGE);
        }
        let mut heap = Wiped(zeroed(nbytes)?);
        fill(&mut heap)?;
        encoding.try_encode(&heap).map_err(|_| TOO_LARGE)
    }
}

/// Whether the text of `nbytes` in `encoding` can exist at all: Rust caps
/// every allocation at `isize::MAX` bytes.
fn fits_in_memory(encoding: Encoding, nbytes: usize) -> bool {
    encoding
        .encoded_len(nbytes)
        .is_some_and(|len| isize::try_from(len).is_ok())
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

/// The infallible functions' answer to a token too large to allocate: a
/// panic that says so (never an abort, never "capacity overflow").
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn too_large(nbytes: usize) -> ! {
    panic!(
        "secrets: a token of {nbytes} bytes does not fit in memory \
         (the `try_` methods of `Secrets` return an error instead)"
    )
}

/// [`zeroed`], panicking with [`too_large`] if it cannot be allocated.
#[track_caller]
pub(crate) fn zeroed_or_panic(nbytes: usize) -> Vec<u8> {
    match zeroed(nbytes) {
        Ok(bytes) => bytes,
        Err(_) => too_large(nbytes),
    }
}

/// As [`random_then`], panicking if `fill` fails (the policy of the token
/// functions) or the token cannot be allocated ([`too_large`]). The value is
/// returned directly, never moved through a `Result`: on the hot path those
/// moves of a `String` inside a large enum cost more than everything else
/// the facade does.
#[inline(always)]
#[track_caller]
pub(crate) fn random_then_or_panic(
    nbytes: usize,
    fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    encoding: Encoding,
) -> String {
    if nbytes <= STACK_BYTES {
        let mut stack = Wiped::<[u8; STACK_BYTES]>::zeroed();
        let bytes = &mut stack[..nbytes];
        if let Err(error) = fill(bytes) {
            source_failed(error);
        }
        // At most 128 characters: the allocator's own failure policy applies.
        encoding.encode(bytes)
    } else {
        if !fits_in_memory(encoding, nbytes) {
            too_large(nbytes);
        }
        let mut heap = Wiped(zeroed_or_panic(nbytes));
        if let Err(error) = fill(&mut heap) {
            source_failed(error);
        }
        match encoding.try_encode(&heap) {
            Ok(text) => text,
            Err(_) => too_large(nbytes),
        }
    }
}
