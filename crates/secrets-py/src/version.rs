//! The running interpreter's version, for the few places where CPython's
//! `secrets`/`random` behave differently from one version to the next.

use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::Python;

/// The minor version of the running CPython 3.x (set once at import).
static MINOR: AtomicU8 = AtomicU8::new(0);

/// Records the running interpreter's version; called when the module is
/// imported.
pub(crate) fn init(py: Python<'_>) {
    MINOR.store(py.version_info().minor, Ordering::Relaxed);
}

/// True on CPython 3.8, whose `SystemRandom.getrandbits(0)` is an error
/// (3.9 made it return 0).
pub(crate) fn is_py38() -> bool {
    MINOR.load(Ordering::Relaxed) <= 8
}

/// True before CPython 3.10, whose size arguments (`os.urandom(n)`) refuse
/// a float with their own message before trying `__index__`.
pub(crate) fn floats_refused_by_name() -> bool {
    MINOR.load(Ordering::Relaxed) <= 9
}
