//! Creating the default backend of the free functions.
//!
//! Which type it is comes from the registry (`registry.rs`,
//! `select_default!`), the one place that reads the `default-backend-*`
//! features. Rules (documented for users in the crate docs, "Choosing the
//! default backend"):
//!
//! - Backend features only add backends. They never change the default.
//! - The application picks the default with at most one `default-backend-*`
//!   feature; each implies its backend feature.
//! - Two `default-backend-*` features are a compile error naming both.
//! - None means `os`; a build with neither `os` nor a `default-backend-*`
//!   feature is a compile error too, because the free functions would have
//!   no source.

pub use crate::registry::DefaultBackend;

/// Creates a fresh instance of the default backend (seeding it, for a DRBG).
pub(crate) fn new_default_backend() -> Result<DefaultBackend, crate::Error> {
    DefaultBackend::new()
}
