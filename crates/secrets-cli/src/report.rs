//! `secrets backends`: what is compiled in and what works on this machine.

use secrets::compiled_backends;

use crate::error::CliError;
use crate::text::TextOut;

/// The name column: the longest backend name of the registry, plus a space.
fn name_width() -> usize {
    secrets::BACKEND_NAMES
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(0)
        + 1
}

/// Runs `secrets backends`: one row per compiled backend.
pub fn backends() -> Result<(), CliError> {
    let width = name_width();
    // Aligned columns, names without spaces: scripts split on whitespace.
    let line = |name: &str, kind: &str, default: &str, status: &str| {
        format!("{name:<width$}{kind:<9}{default:<8}{status}")
    };
    let mut out = TextOut::new()?;
    out.line(line("NAME", "KIND", "DEFAULT", "STATUS").as_bytes())?;
    for info in compiled_backends() {
        let status = match info.check() {
            Ok(()) => "usable".to_owned(),
            Err(error) => format!("unavailable: {}", unavailable_reason(&error)),
        };
        let default = if info.is_default() { "yes" } else { "no" };
        out.line(line(info.name, info.kind.label(), default, &status).as_bytes())?;
    }
    out.finish()
}

/// The reason part of an unavailability error, without repeating the name.
fn unavailable_reason(error: &secrets::Error) -> String {
    match *error {
        secrets::Error::Unavailable { reason, .. } => reason.to_owned(),
        other => other.to_string(),
    }
}
