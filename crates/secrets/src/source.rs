//! Any rand_core crypto RNG as a source of the facade: its error, whatever
//! its type, becomes our [`Error`].
//!
//! rand_core requires every `TryRng::Error` to be a `core::error::Error`, so
//! one conversion serves them all: our own error passes through unchanged,
//! an OS error code (`getrandom::Error`, `std::io::Error`, which is what
//! `rand::rngs::SysRng` and file-backed readers fail with) becomes
//! [`Error::Os`], and anything else [`Error::Foreign`] naming its type.
//! The conversion only runs on the error path.

use rand_core::{TryCryptoRng, TryRng};

use crate::Error;

/// Converts the error of any rand_core generator into ours.
#[cold]
#[inline(never)]
pub(crate) fn convert<E: core::error::Error + 'static>(error: E) -> Error {
    let error: &(dyn core::error::Error + 'static) = &error;
    if let Some(ours) = error.downcast_ref::<Error>() {
        return *ours;
    }
    if let Some(errno) = error
        .downcast_ref::<getrandom::Error>()
        .and_then(|os| os.raw_os_error())
    {
        return Error::Os { errno };
    }
    if let Some(errno) = error
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::raw_os_error)
    {
        return Error::Os { errno };
    }
    Error::Foreign {
        error_type: core::any::type_name::<E>(),
    }
}

/// A lent generator whose error is ours: what the sampling functions of
/// `secrets-core` and `secrets-encode` take.
pub(crate) struct Source<'a, R: ?Sized>(pub(crate) &'a mut R);

impl<R: TryCryptoRng<Error: 'static> + ?Sized> TryRng for Source<'_, R> {
    type Error = Error;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        self.0.try_next_u32().map_err(convert)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        self.0.try_next_u64().map_err(convert)
    }

    #[inline]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        self.0.try_fill_bytes(dst).map_err(convert)
    }
}

/// The same generator, so the same guarantee.
impl<R: TryCryptoRng<Error: 'static> + ?Sized> TryCryptoRng for Source<'_, R> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_pass_through_and_os_codes_are_kept() {
        let ours = Error::invalid("k", "why");
        assert_eq!(convert(ours), ours);
        assert_eq!(
            convert(std::io::Error::from_raw_os_error(5)),
            Error::Os { errno: 5 }
        );
        // Neither ours nor an OS error: a std error of another kind.
        let foreign = convert("x".parse::<u8>().unwrap_err());
        assert!(foreign.is_source_failure());
        assert!(foreign.to_string().contains("ParseIntError"), "{foreign}");
    }
}
