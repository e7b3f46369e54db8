//! From [`secrets::Error`] to Python exceptions, and CPython's own messages
//! for the argument errors the bindings raise themselves.

use pyo3::PyErr;
use pyo3::exceptions::{PyMemoryError, PyOSError, PyValueError};
use secrets::Error;

/// `secrets.randbelow` with a bound that is not positive.
pub(crate) const UPPER_BOUND_NOT_POSITIVE: &str = "Upper bound must be positive.";
/// `os.urandom` (behind `token_bytes`, `randbytes`) with a negative size.
pub(crate) const NEGATIVE_SIZE: &str = "negative argument not allowed";
/// `os.urandom` with a size beyond `Py_ssize_t`.
pub(crate) const SIZE_OVERFLOW: &str = "Python int too large to convert to C ssize_t";
/// A float for a size argument, before CPython 3.10.
pub(crate) const FLOAT_SIZE_PY39: &str = "integer argument expected, got float";
/// `SystemRandom.getrandbits` with `k < 0` (CPython 3.9 and later).
pub(crate) const NEGATIVE_BITS: &str = "number of bits must be non-negative";
/// `SystemRandom.getrandbits` with `k <= 0` (CPython 3.8).
pub(crate) const NON_POSITIVE_BITS_PY38: &str = "number of bits must be greater than zero";

/// A failure of the entropy source or the platform: `OSError`, carrying the
/// OS error number when there is one. Never weak bytes instead.
///
/// Argument errors that reach here (the facade's password and passphrase
/// policies) are `ValueError`s with the facade's message.
pub(crate) fn to_py(error: Error) -> PyErr {
    match error {
        Error::InvalidArgument { .. } => PyValueError::new_err(error.to_string()),
        Error::Os { errno } if errno != 0 => PyOSError::new_err((errno, error.to_string())),
        _ => PyOSError::new_err(error.to_string()),
    }
}

/// The error for a buffer that cannot be allocated, as CPython raises it.
pub(crate) fn out_of_memory() -> PyErr {
    PyMemoryError::new_err(())
}
