//! `compare_digest` with the type rules of `hmac.compare_digest`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use zeroize::Zeroizing;

/// `hmac.compare_digest`'s message for `str` arguments that are not ASCII.
const NON_ASCII: &str = "comparing strings with non-ASCII characters is not supported";

/// `a == b` in time that depends only on their lengths, with the type rules
/// of `hmac.compare_digest`: two bytes-like objects, or two ASCII `str`.
///
/// `bytes`, `bytearray` and `str` are compared here, by the facade's
/// constant-time comparison (`subtle`). Every other combination — other
/// buffer types such as `memoryview` (the stable ABI of 3.8 has no buffer
/// protocol), mixed or unsupported types — goes to the interpreter's own
/// `hmac.compare_digest`, so it is accepted, or refused with the same
/// exception and message, exactly as there.
#[pyfunction]
#[pyo3(signature = (a, b, /))]
pub(crate) fn compare_digest(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    if let (Ok(a), Ok(b)) = (a.cast_exact::<PyBytes>(), b.cast_exact::<PyBytes>()) {
        return Ok(secrets::compare_digest(a.as_bytes(), b.as_bytes()));
    }
    if let (Ok(a), Ok(b)) = (a.cast::<PyString>(), b.cast::<PyString>()) {
        let (a, b) = (ascii(a)?, ascii(b)?);
        return Ok(secrets::compare_digest(a.as_bytes(), b.as_bytes()));
    }
    if let (Ok(a), Ok(b)) = (a.cast_exact::<PyByteArray>(), b.cast_exact::<PyByteArray>()) {
        let (a, b) = (Zeroizing::new(a.to_vec()), Zeroizing::new(b.to_vec()));
        return Ok(secrets::compare_digest(&*a, &*b));
    }
    interpreter_compare_digest(py)?.call1((a, b))?.extract()
}

/// The ASCII bytes of `text`, or `TypeError` as `hmac.compare_digest`
/// raises it. The check folds every byte (no early exit), so its time does
/// not depend on where a non-ASCII character is.
fn ascii<'py>(text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    // Lone surrogates cannot be encoded; they are not ASCII either.
    let encoded = text
        .encode_utf8()
        .map_err(|_| PyTypeError::new_err(NON_ASCII))?;
    let high_bits = encoded.as_bytes().iter().fold(0u8, |acc, byte| acc | byte);
    if high_bits >= 0x80 {
        return Err(PyTypeError::new_err(NON_ASCII));
    }
    Ok(encoded)
}

/// The interpreter's `hmac.compare_digest`.
fn interpreter_compare_digest(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static HMAC_COMPARE_DIGEST: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    HMAC_COMPARE_DIGEST
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("hmac")?.getattr("compare_digest")?.unbind())
        })
        .map(|function| function.bind(py))
}
