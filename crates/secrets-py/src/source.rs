//! Where draws come from: the module default (one instance per thread) or a
//! backend owned by one `Secrets` object; and the backend list, from the
//! facade.
//!
//! # Threads, fork and the GIL
//!
//! - The **module default** lives in a thread-local: no lock on the hot
//!   path, and every thread seeds its own DRBG instance from the OS, so
//!   threads never share (or repeat) a state. [`use_backend`] only changes
//!   which backend the next draw of each thread builds; the selection is one
//!   atomic index into [`secrets::compiled_backends`].
//! - An **owned** backend sits behind a `Mutex` that is held only while the
//!   GIL is held and no Python code runs. `os.fork()` runs with the GIL held
//!   by the forking thread, so no other thread can hold the lock at that
//!   moment: the child never inherits it locked.
//! - **Large draws** run with the GIL released ([`DETACH_FROM`] bytes and
//!   up). The module default needs nothing more (the thread-local belongs to
//!   the calling OS thread); an owned backend is *taken out* of its slot for
//!   the duration, never locked across the release, and a concurrent draw (or
//!   a child forked meanwhile) finds the slot empty and seeds a fresh
//!   instance of the same backend: same kind and quality, never a copy.
//! - Fork safety of the states themselves is the backends' guarantee: the
//!   DRBGs check the fork generation on every request and reseed in the
//!   child.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyWeakrefMethods, PyWeakrefReference};
use secrets::{AnyBackend, BackendId, BackendInfo, Error};

use crate::errors;

/// Draws of at least this many bytes release the GIL. Below it the release
/// and re-acquisition (about a microsecond) would cost more than the draw.
pub(crate) const DETACH_FROM: usize = 64 * 1024;

/// The module default: an index into [`secrets::compiled_backends`].
static SELECTED: AtomicUsize = AtomicUsize::new(0);

/// Sets the module default to the facade's default backend (the OS unless
/// the build chose otherwise); called when the module is imported.
pub(crate) fn init() -> PyResult<()> {
    let (index, _) = lookup(secrets::default_backend_name())?;
    SELECTED.store(index, Ordering::Relaxed);
    Ok(())
}

/// The compiled backend called `name` and its index, or `ValueError` listing
/// the valid names.
pub(crate) fn lookup(name: &str) -> PyResult<(usize, &'static BackendInfo)> {
    secrets::compiled_backends()
        .iter()
        .enumerate()
        .find(|(_, info)| info.name == name)
        .ok_or_else(|| {
            let valid: Vec<&str> = secrets::compiled_backends()
                .iter()
                .map(|info| info.name)
                .collect();
            PyValueError::new_err(format!(
                "unknown backend '{name}'; valid names are: {}",
                valid.join(", ")
            ))
        })
}

/// The backend of the module default now.
fn selected() -> (usize, &'static BackendInfo) {
    let index = SELECTED.load(Ordering::Relaxed);
    // `SELECTED` only ever holds indices of that slice.
    let backends = secrets::compiled_backends();
    (index, &backends[index.min(backends.len() - 1)])
}

/// `backends()`: every compiled backend as `(name, kind, usable, reason,
/// is_default)`, where `usable` comes from constructing it and running its
/// self-test here, now, and `reason` says why not.
#[pyfunction]
pub(crate) fn backends(
    py: Python<'_>,
) -> Vec<(&'static str, &'static str, bool, Option<String>, bool)> {
    let (default, _) = selected();
    // Seeding DRBGs and testing RDSEED takes a while: let other threads run.
    py.detach(|| {
        secrets::compiled_backends()
            .iter()
            .enumerate()
            .map(|(index, info)| {
                let check = info.check();
                (
                    info.name,
                    info.kind.label(),
                    check.is_ok(),
                    check.err().map(|error| error.to_string()),
                    index == default,
                )
            })
            .collect()
    })
}

/// `use_backend(name)`: makes `name` the backend of the module-level
/// functions and of `SystemRandom`, in every thread (each builds its own
/// instance at its next draw).
///
/// Raises `ValueError` for an unknown name and `OSError` for a backend that
/// cannot run here (after trying it), leaving the default unchanged.
#[pyfunction]
pub(crate) fn use_backend(py: Python<'_>, name: &str) -> PyResult<()> {
    let (index, info) = lookup(name)?;
    py.detach(|| info.check()).map_err(errors::to_py)?;
    SELECTED.store(index, Ordering::Relaxed);
    Ok(())
}

/// `default_backend()`: the name of the module default backend.
#[pyfunction]
pub(crate) fn default_backend() -> &'static str {
    selected().1.name
}

/// This thread's instance of the module default, and which backend it is.
/// (Boxed, as every instance here: the state then never moves again.)
struct ThreadDefault {
    index: usize,
    backend: Box<AnyBackend>,
}

thread_local! {
    static THREAD_DEFAULT: RefCell<Option<ThreadDefault>> = const { RefCell::new(None) };
}

/// Runs `draw` on this thread's instance of the module default, building
/// it on first use and again whenever the default has changed.
///
/// If the thread-local is unavailable (being destroyed at thread exit, or
/// busy, which no caller does: draws never call back into Python), `draw`
/// gets a fresh instance of the same backend instead, never a weaker one.
fn with_module_default<T>(
    draw: impl FnOnce(&mut AnyBackend) -> Result<T, Error>,
) -> Result<T, Error> {
    let (index, info) = selected();
    let mut draw = Some(draw);
    let outcome = THREAD_DEFAULT.try_with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let current = match &mut *slot {
            Some(current) if current.index == index => current,
            stale => match new_backend(info) {
                Ok(backend) => stale.insert(ThreadDefault { index, backend }),
                Err(error) => return Some(Err(error)),
            },
        };
        draw.take().map(|draw| draw(&mut current.backend))
    });
    match (outcome, draw) {
        (Ok(Some(result)), _) => result,
        (_, Some(draw)) => draw(&mut *new_backend(info)?),
        // `draw` is taken only on the path that returns its result.
        (_, None) => Err(Error::unavailable(
            info.name,
            "internal error: a draw was lost",
        )),
    }
}

/// A fresh, boxed instance of a backend.
fn new_backend(info: &BackendInfo) -> Result<Box<AnyBackend>, Error> {
    AnyBackend::from_name(info.name).map(Box::new)
}

/// A backend owned by one `Secrets` object.
struct Owned {
    info: &'static BackendInfo,
    /// Empty while a large draw has it out, or in a child forked meanwhile.
    slot: Mutex<Option<Box<AnyBackend>>>,
}

impl Owned {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Box<AnyBackend>>> {
        // A panic cannot leave a backend half-updated (the fill paths are
        // panic-free), so a poisoned lock is still a good one.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `draw` on the owned instance (GIL held, no Python code inside).
    fn with<T>(&self, draw: impl FnOnce(&mut AnyBackend) -> Result<T, Error>) -> Result<T, Error> {
        let mut slot = self.lock();
        let backend = match &mut *slot {
            Some(backend) => backend,
            empty => empty.insert(new_backend(self.info)?),
        };
        draw(backend)
    }

    /// Takes the instance out for a draw without the GIL (a fresh one if it
    /// is already out).
    fn check_out(&self) -> Result<Box<AnyBackend>, Error> {
        match self.lock().take() {
            Some(backend) => Ok(backend),
            None => new_backend(self.info),
        }
    }

    /// Puts an instance back after a draw without the GIL; if another took
    /// its place meanwhile, this one is dropped (and wiped).
    fn check_in(&self, backend: Box<AnyBackend>) {
        let mut slot = self.lock();
        if slot.is_none() {
            *slot = Some(backend);
        }
    }
}

/// Where a [`Source`] draws from.
enum Origin {
    /// The module default, per thread; follows `use_backend`.
    ModuleDefault,
    /// One instance of one backend.
    Owned(Owned),
}

/// The native object behind the module-level functions (one that follows
/// the module default) and behind each `Secrets(backend=...)`: the whole
/// `secrets` surface plus `SystemRandom`'s primitives (see `methods.rs`).
#[pyclass(frozen, module = "rsecrets._rsecrets", name = "_Source")]
pub(crate) struct Source {
    origin: Origin,
    /// The `random.Random` object presenting this source (held weakly), to
    /// which inputs outside the native fast paths are handed, so that they
    /// get the running interpreter's own behaviour.
    owner: PyOnceLock<Py<PyWeakrefReference>>,
}

impl Source {
    /// A source following the module default (`backend=None`) or owning a
    /// fresh instance of the named backend.
    pub(crate) fn new(py: Python<'_>, backend: Option<&str>) -> PyResult<Self> {
        let origin = match backend {
            None => Origin::ModuleDefault,
            Some(name) => {
                let (_, info) = lookup(name)?;
                let backend = py.detach(|| new_backend(info)).map_err(errors::to_py)?;
                Origin::Owned(Owned {
                    info,
                    slot: Mutex::new(Some(backend)),
                })
            }
        };
        Ok(Source {
            origin,
            owner: PyOnceLock::new(),
        })
    }

    /// The stable name of the backend draws come from now.
    pub(crate) fn backend_name(&self) -> &'static str {
        match &self.origin {
            Origin::ModuleDefault => selected().1.name,
            Origin::Owned(owned) => owned.info.name,
        }
    }

    /// Runs `draw` on the generator; with `detach`, without the GIL.
    /// Errors of the source become Python exceptions (`OSError`).
    #[inline]
    pub(crate) fn run<T, F>(&self, py: Python<'_>, detach: bool, draw: F) -> PyResult<T>
    where
        F: FnOnce(&mut AnyBackend) -> Result<T, Error> + Send,
        T: Send,
    {
        let outcome = match &self.origin {
            Origin::ModuleDefault if detach => py.detach(|| with_module_default(draw)),
            Origin::ModuleDefault => with_module_default(draw),
            Origin::Owned(owned) if detach => {
                let mut backend = owned.check_out().map_err(errors::to_py)?;
                let outcome = py.detach(|| draw(&mut backend));
                owned.check_in(backend);
                outcome
            }
            Origin::Owned(owned) => owned.with(draw),
        };
        outcome.map_err(errors::to_py)
    }

    /// Fills `dest` from the generator, releasing the GIL for large fills.
    ///
    /// The module default on the OS backend goes straight to the kernel
    /// (`secrets_os::fill`, the vDSO where there is one), which is all its
    /// `AnyBackend` would do: the OS backend keeps no state, so there is no
    /// per-thread instance to find and no dispatch to make.
    #[inline]
    pub(crate) fn fill(&self, py: Python<'_>, dest: &mut [u8]) -> PyResult<()> {
        let detach = dest.len() >= DETACH_FROM;
        if !detach
            && matches!(self.origin, Origin::ModuleDefault)
            && selected().1.id == BackendId::Os
        {
            return secrets_os::fill(dest).map_err(errors::to_py);
        }
        self.run(py, detach, |rng| {
            secrets::Secrets::new(rng).try_fill_bytes(dest)
        })
    }

    /// Records the `random.Random` object presenting this source.
    pub(crate) fn bind(&self, owner: &Bound<'_, PyAny>) -> PyResult<()> {
        let reference = PyWeakrefReference::new(owner)?.unbind();
        if self.owner.set(owner.py(), reference).is_err() {
            return Err(PyValueError::new_err("this source is already bound"));
        }
        Ok(())
    }

    /// The `random.Random` object presenting this source.
    pub(crate) fn owner<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.owner
            .get(py)
            .and_then(|reference| reference.bind(py).upgrade())
            .ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err(
                    "this rsecrets source has no live random.Random object",
                )
            })
    }
}
