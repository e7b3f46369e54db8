//! The one error type of every secrets crate.
//!
//! It is small and `Copy` (like `getrandom::Error`) so that it can cross `no_std`
//! boundaries and be returned from hot paths without allocation. Every variant
//! carries `&'static str` context instead of formatted strings.

use core::fmt;

/// Everything that can go wrong when drawing secrets.
///
/// The variants are distinct kinds a caller may want to tell apart: a bad
/// argument is the caller's bug, an unavailable backend is a deployment
/// problem, and the last four mean the entropy source could not produce good
/// bytes — in which case no bytes were handed out.
///
/// ```
/// use secrets_core::Error;
/// let error = Error::invalid("k", "k must be at most 128");
/// assert_eq!(error.to_string(), "invalid k: k must be at most 128");
/// assert!(error.is_invalid_argument() && !error.is_source_failure());
/// assert!(Error::Os { errno: 5 }.is_source_failure());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An argument is out of its domain (`randbelow(0)`, an empty sequence, an
    /// empty alphabet, a malformed encoding…).
    InvalidArgument {
        /// Which argument (the parameter name, e.g. `"exclusive_upper_bound"`).
        argument: &'static str,
        /// Why it was refused, as a sentence a user understands.
        reason: &'static str,
    },
    /// The backend cannot run on this machine or build (no RDRAND on this CPU,
    /// not compiled in, not an x86 target…).
    Unavailable {
        /// The backend's stable name (e.g. `"rdseed"`).
        backend: &'static str,
        /// Why it is unavailable.
        reason: &'static str,
    },
    /// The operating system's entropy source failed.
    Os {
        /// The raw `errno` reported by the OS (0 if the OS reported none).
        errno: i32,
    },
    /// A health test on a hardware source failed; the bytes of that request were
    /// discarded.
    HealthTest {
        /// The backend's stable name.
        backend: &'static str,
        /// Which test fired (e.g. `"repetition count test"`).
        test: &'static str,
    },
    /// A single request asked for more than the mechanism may produce at once
    /// (e.g. more than 2^19 bits from one CTR_DRBG Generate call).
    RequestTooLarge {
        /// The largest request accepted, in bytes.
        max_bytes: u64,
    },
    /// A DRBG reached its reseed interval (or prediction resistance was
    /// requested) and must be reseeded before it may generate again.
    ReseedRequired,
    /// A generator from outside this project (one handed to
    /// `secrets::Secrets::new`, e.g. `rand::rngs::SysRng`) failed with an
    /// error that is neither ours nor an OS error code.
    Foreign {
        /// The Rust type of that error (`core::any::type_name`), since the
        /// error itself cannot be kept in this small `Copy` type.
        error_type: &'static str,
    },
}

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    ///
    /// ```
    /// let error = secrets_core::Error::invalid("length", "a password needs at least one character");
    /// assert!(error.is_invalid_argument());
    /// ```
    pub const fn invalid(argument: &'static str, reason: &'static str) -> Self {
        Error::InvalidArgument { argument, reason }
    }

    /// Shorthand for [`Error::Unavailable`].
    ///
    /// ```
    /// let error = secrets_core::Error::unavailable("rdseed", "the CPU has no RDSEED");
    /// assert_eq!(error.to_string(), "backend `rdseed` is unavailable: the CPU has no RDSEED");
    /// ```
    pub const fn unavailable(backend: &'static str, reason: &'static str) -> Self {
        Error::Unavailable { backend, reason }
    }

    /// True when the error is the caller's fault (a bad argument), false when
    /// the entropy source or the platform failed.
    ///
    /// ```
    /// use secrets_core::Error;
    /// assert!(Error::invalid("n", "must be positive").is_invalid_argument());
    /// assert!(!Error::ReseedRequired.is_invalid_argument());
    /// ```
    pub const fn is_invalid_argument(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. })
    }

    /// True when the entropy source could not produce good bytes (OS failure,
    /// health-test failure, a DRBG that must be reseeded first, or a foreign
    /// generator's failure).
    ///
    /// ```
    /// use secrets_core::Error;
    /// assert!(Error::HealthTest { backend: "rdrand", test: "repetition count test" }.is_source_failure());
    /// assert!(!Error::unavailable("rdrand", "no RDRAND").is_source_failure());
    /// ```
    pub const fn is_source_failure(&self) -> bool {
        matches!(
            self,
            Error::Os { .. }
                | Error::HealthTest { .. }
                | Error::ReseedRequired
                | Error::Foreign { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::InvalidArgument { argument, reason } => {
                write!(f, "invalid {argument}: {reason}")
            }
            Error::Unavailable { backend, reason } => {
                write!(f, "backend `{backend}` is unavailable: {reason}")
            }
            Error::Os { errno: 0 } => f.write_str("the operating system's random source failed"),
            Error::Os { errno } => write!(
                f,
                "the operating system's random source failed (errno {errno})"
            ),
            Error::HealthTest { backend, test } => write!(
                f,
                "backend `{backend}` failed its {test}; its output was discarded"
            ),
            Error::RequestTooLarge { max_bytes } => {
                write!(f, "request too large: at most {max_bytes} bytes per call")
            }
            Error::ReseedRequired => {
                f.write_str("the generator must be reseeded before it can generate")
            }
            Error::Foreign { error_type } => {
                write!(
                    f,
                    "the generator failed with an error of type `{error_type}`"
                )
            }
        }
    }
}

impl core::error::Error for Error {}

/// Infallible generators (rand_core's `Rng`s) convert trivially.
impl From<core::convert::Infallible> for Error {
    fn from(never: core::convert::Infallible) -> Self {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_small_and_copy() {
        fn assert_copy<T: Copy>() {}
        assert_copy::<Error>();
        assert!(core::mem::size_of::<Error>() <= 40);
    }

    #[test]
    fn kinds_are_distinct() {
        let invalid = Error::invalid("k", "k must be at most 128");
        assert!(invalid.is_invalid_argument());
        assert!(!invalid.is_source_failure());
        assert!(Error::Os { errno: 5 }.is_source_failure());
        assert!(Error::ReseedRequired.is_source_failure());
        assert_ne!(Error::Os { errno: 5 }, Error::Os { errno: 4 });
    }
}
