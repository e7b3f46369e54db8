//! The selected backend: `--backend NAME` (or the facade's default) opened
//! through the facade, with errors turned into one-line usage messages.

use std::ffi::OsStr;

use secrets::{AnyBackend, Secrets, compiled_backends, default_backend_name};
use secrets_core::Error;

use crate::error::CliError;

/// The facade's handle over the backend chosen on the command line.
pub type Engine = Secrets<AnyBackend>;

/// Opens the backend named by `--backend`, or the default one.
///
/// An unknown name, a backend not compiled in, and one that cannot run on
/// this machine are usage errors (exit 2) that list the valid names.
pub fn open(requested: Option<&OsStr>) -> Result<Engine, CliError> {
    let name = match requested {
        None => default_backend_name(),
        Some(name) => name.to_str().ok_or_else(|| {
            CliError::usage(format!(
                "unknown backend '{}'; valid names are {}",
                name.to_string_lossy(),
                valid_names()
            ))
        })?,
    };
    Secrets::from_name(name).map_err(|error| match error {
        Error::InvalidArgument { .. } => CliError::usage(format!(
            "unknown backend '{name}'; valid names are {}",
            valid_names()
        )),
        Error::Unavailable { reason, .. } => CliError::usage(format!(
            "backend '{name}' is unavailable: {reason}; valid names are {} \
             (see 'secrets backends')",
            valid_names()
        )),
        // Construction failed in the source itself (seeding, self-test).
        other => CliError::from(other),
    })
}

/// The compiled backend names, comma-separated, for error messages.
pub fn valid_names() -> String {
    compiled_backends()
        .iter()
        .map(|info| info.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fills `dest` from the engine, mapping a source failure to exit 1.
pub fn fill(engine: &mut Engine, dest: &mut [u8]) -> Result<(), CliError> {
    engine.try_fill_bytes(dest).map_err(CliError::from)
}
