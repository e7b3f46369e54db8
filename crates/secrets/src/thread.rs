//! The per-thread instance of the default backend behind the free functions.
//!
//! One instance per thread, created on first use: no lock on the hot path,
//! and a DRBG default is seeded separately in every thread (from the OS), so
//! threads never share a state. Fork safety is the backend's job (contract
//! rule 4: DRBGs reseed in the child).

use core::cell::RefCell;

use crate::select::{DefaultBackend, new_default_backend};
use crate::{Error, Secrets};

thread_local! {
    static DEFAULT: RefCell<Option<Secrets<DefaultBackend>>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's default-backend handle, creating it on first
/// use.
///
/// If the thread-local is busy (`f` of an outer call calls a free function
/// again) or already destroyed (a free function called from another
/// thread-local's destructor), `f` gets a fresh instance of the same default
/// backend instead: same type and quality, never a weaker source.
#[inline(always)]
pub(crate) fn with_default<T>(
    f: impl FnOnce(&mut Secrets<DefaultBackend>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut f = Some(f);
    let outcome = DEFAULT.try_with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return None;
        };
        let handle = match &mut *slot {
            Some(handle) => handle,
            empty => match new_default_backend() {
                Ok(backend) => empty.insert(Secrets::new(backend)),
                Err(error) => return Some(Err(error)),
            },
        };
        f.take().map(|f| f(handle))
    });
    match (outcome, f) {
        (Ok(Some(result)), _) => result,
        (_, Some(f)) => with_fresh(f),
        // `f` was taken only on the path that returned its result.
        (_, None) => unreachable!("the closure ran but its result was lost"),
    }
}

#[cold]
fn with_fresh<T>(
    f: impl FnOnce(&mut Secrets<DefaultBackend>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut handle = Secrets::new(new_default_backend()?);
    f(&mut handle)
}

/// Fills `dest` from this thread's default backend.
///
/// The token functions' hot path, kept apart from [`with_default`]: the
/// outcome travels as a small state in a register and the error (40 bytes)
/// is written only when there is one, so the common case moves nothing
/// through memory. First use, re-entrancy and teardown take the general
/// path.
#[inline(always)]
pub(crate) fn fill_default(dest: &mut [u8]) -> Result<(), Error> {
    const FILLED: u8 = 0;
    const FAILED: u8 = 1;
    const GENERAL: u8 = 2;
    let mut failure = None;
    let state = DEFAULT
        .try_with(|cell| {
            let Ok(mut slot) = cell.try_borrow_mut() else {
                return GENERAL;
            };
            let Some(handle) = slot.as_mut() else {
                return GENERAL;
            };
            match handle.try_fill_bytes(dest) {
                Ok(()) => FILLED,
                Err(error) => {
                    failure = Some(error);
                    FAILED
                }
            }
        })
        .unwrap_or(GENERAL);
    if state == FILLED {
        return Ok(());
    }
    if let Some(error) = failure {
        return Err(error);
    }
    fill_default_general(dest)
}

#[cold]
#[inline(never)]
fn fill_default_general(dest: &mut [u8]) -> Result<(), Error> {
    with_default(|s| s.try_fill_bytes(dest))
}

/// A `u32` from this thread's default backend.
#[inline]
pub(crate) fn next_u32_default() -> Result<u32, Error> {
    with_default(|s| rand_core::TryRng::try_next_u32(s.generator_mut()))
}

/// A `u64` from this thread's default backend.
#[inline]
pub(crate) fn next_u64_default() -> Result<u64, Error> {
    with_default(|s| rand_core::TryRng::try_next_u64(s.generator_mut()))
}
