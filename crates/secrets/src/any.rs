//! [`AnyBackend`]: every compiled backend behind one type, picked by name at
//! run time, and the table of compiled backends the CLI prints. The enum and
//! its dispatch are generated from the registry (`registry.rs`).

use core::fmt;

use crate::Error;
pub use crate::registry::{AnyBackend, BackendInfo};
use crate::registry::{BackendId, COMPILED, UNKNOWN_NAME};

impl AnyBackend {
    /// Constructs the backend with the stable name `name` (one of
    /// [`BACKEND_NAMES`](crate::BACKEND_NAMES)): seeds a DRBG from the OS,
    /// checks a hardware backend's availability and runs its start-up
    /// self-test.
    ///
    /// ```
    /// let backend = secrets::AnyBackend::from_name(secrets::default_backend_name())?;
    /// # let _ = backend;
    /// assert!(secrets::AnyBackend::from_name("urandom").unwrap_err().is_invalid_argument());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    ///
    /// # Errors
    /// An unknown name is [`Error::InvalidArgument`] (listing the valid
    /// names); a known backend that is not compiled in or cannot run on this
    /// machine is [`Error::Unavailable`] saying why.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match BackendId::from_name(name) {
            Some(id) => id.construct(),
            None => Err(Error::invalid("backend", UNKNOWN_NAME)),
        }
    }

    /// The default backend of the free functions, as a fresh instance.
    ///
    /// # Errors
    /// As [`from_name`](Self::from_name).
    ///
    /// ```
    /// let backend = secrets::AnyBackend::new_default()?;
    /// assert_eq!(secrets::Backend::name(&backend), secrets::default_backend_name());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn new_default() -> Result<Self, Error> {
        Self::from_name(default_backend_name())
    }
}

impl fmt::Debug for AnyBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyBackend")
            .field("backend", &self.id().name())
            .finish_non_exhaustive()
    }
}

/// Every variant is a crypto RNG of ours.
impl rand_core::TryCryptoRng for AnyBackend {}

/// The backends compiled into this build, in the registry's order. Whether
/// each works on this machine is [`BackendInfo::check`].
///
/// ```
/// let names: Vec<&str> = secrets::compiled_backends().iter().map(|b| b.name).collect();
/// assert!(names.contains(&secrets::default_backend_name()));
/// ```
pub fn compiled_backends() -> &'static [BackendInfo] {
    COMPILED
}

/// The stable name of the default backend of the free functions, fixed at
/// compile time by the `default-backend-*` features (`"os"` when none is
/// enabled).
///
/// ```
/// # #[cfg(not(any(feature = "default-backend-chacha20")))]
/// # let _ = secrets::default_backend_name();
/// println!("the free functions draw from {}", secrets::default_backend_name());
/// ```
pub const fn default_backend_name() -> &'static str {
    crate::registry::DEFAULT_BACKEND_NAME
}
