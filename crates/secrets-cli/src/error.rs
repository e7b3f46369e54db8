//! The command's error type and its exit codes.
//!
//! Exit codes: 0 success (including a reader that closed the pipe early),
//! 1 a failure at run time (the entropy source failed, or an I/O error such as
//! a full disk), 2 a usage error (bad arguments, an unknown or unavailable
//! backend). Every error is printed as exactly one line on stderr.

use std::fmt;
use std::io;

/// Exit status for a usage error (clap's own errors use it too).
pub const EXIT_USAGE: i32 = 2;
/// Exit status for a failure at run time (entropy source or I/O).
pub const EXIT_FAILURE: i32 = 1;

/// An error that ends the command.
#[derive(Debug)]
pub enum CliError {
    /// The arguments are wrong; exit 2.
    Usage(String),
    /// The entropy source failed; exit 1.
    Source(String),
    /// Reading or writing failed; exit 1.
    Io(String),
    /// The reader of stdout went away (EPIPE): the consumer has all it wanted,
    /// so this is a quiet success.
    ClosedPipe,
}

impl CliError {
    /// Builds a usage error from anything printable.
    pub fn usage(message: impl fmt::Display) -> Self {
        CliError::Usage(message.to_string())
    }

    /// Wraps an I/O error, with `context` saying what was being done. A broken
    /// pipe becomes [`CliError::ClosedPipe`].
    pub fn io(context: impl fmt::Display, error: &io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Io(format!("{context}: {error}"))
        }
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Source(_) | CliError::Io(_) => EXIT_FAILURE,
            CliError::ClosedPipe => 0,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Source(message) | CliError::Io(message) => {
                f.write_str(message)
            }
            CliError::ClosedPipe => f.write_str("the output pipe was closed"),
        }
    }
}

impl From<secrets_core::Error> for CliError {
    /// A bad argument or an unavailable backend is the user's to fix (exit 2);
    /// everything else means the source could not produce good bytes (exit 1).
    fn from(error: secrets_core::Error) -> Self {
        match error {
            secrets_core::Error::InvalidArgument { .. }
            | secrets_core::Error::Unavailable { .. } => CliError::Usage(error.to_string()),
            _ => CliError::Source(format!("entropy source failed: {error}")),
        }
    }
}

/// Prints one error line to stderr. A failing stderr is ignored: there is
/// nowhere left to report it, and `eprintln!` would panic.
pub fn report(message: impl fmt::Display) {
    use io::Write as _;
    let line = format!("secrets: error: {}\n", one_line(&message.to_string()));
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Collapses a message onto one line so scripts can rely on a single line.
pub fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for part in message
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}
