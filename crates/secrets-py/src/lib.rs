//! `rsecrets`: Python's `secrets` module over every backend of the `secrets`
//! crates, as a CPython extension module (PyO3, one abi3 wheel for every
//! CPython from 3.8).
//!
//! This crate is the native half, `rsecrets._rsecrets`; the Python half
//! (`python/rsecrets/__init__.py`) assembles the public module: it binds the
//! module-level functions to one `Source` that follows the
//! module default, and defines `SystemRandom` and `Secrets` as subclasses of
//! `random.Random` whose primitives are native. See the crate README.
//!
//! # Where the work happens
//!
//! - `source`: where draws come from. The module default is one instance
//!   of the chosen backend **per thread** (no lock on the hot path; threads
//!   never share a DRBG state); a `Secrets(backend=...)` owns one instance
//!   behind a lock that is only ever held with the GIL, so `os.fork()` can
//!   never copy it locked.
//! - `methods`: the `secrets` surface, with CPython's argument handling
//!   and messages, per interpreter version where CPython differs.
//! - `drbg`: the deterministic SP 800-90A DRBG classes (`rsecrets.drbg`).
//! - `errors`: the one mapping from `secrets::Error` to Python
//!   exceptions, and CPython's messages.
#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod drbg;
mod errors;
mod methods;
mod source;
mod version;

/// The extension module `rsecrets._rsecrets`.
#[pymodule]
fn _rsecrets(module: &Bound<'_, PyModule>) -> PyResult<()> {
    version::init(module.py());
    source::init()?;
    module.add("DEFAULT_ENTROPY", secrets::DEFAULT_ENTROPY)?;
    // For the tests: the smallest draw that releases the GIL.
    module.add("_DETACH_FROM", source::DETACH_FROM)?;
    module.add_class::<source::Source>()?;
    module.add_function(wrap_pyfunction!(source::backends, module)?)?;
    module.add_function(wrap_pyfunction!(source::use_backend, module)?)?;
    module.add_function(wrap_pyfunction!(source::default_backend, module)?)?;
    module.add_function(wrap_pyfunction!(methods::password_entropy, module)?)?;
    module.add_function(wrap_pyfunction!(methods::passphrase_entropy, module)?)?;
    drbg::register(module)?;
    Ok(())
}
