//! The `secrets` command: tokens, passwords, passphrases and endless byte
//! streams from any compiled entropy backend.
//!
//! Run `secrets --help` for the commands. The error policy: every error is
//! one line on stderr; exit 2 for usage errors (clap's included), 1 when the
//! entropy source or I/O fails, 0 when a reader closes the pipe early. Panics
//! are bugs; the panic hook still turns one into a single line and exit 1.
#![forbid(unsafe_code)]

mod cleanup;
mod engine;
mod error;
mod manual;
mod report;
mod sink;
mod stream;
mod text;
mod threads;
mod words;

use std::ffi::OsString;

use clap::Parser as _;
use clap::error::ErrorKind;
use secrets_cli::cli;

use crate::cli::{Cli, Command};
use crate::error::{CliError, EXIT_USAGE, report};
use crate::text::TokenEncoding;

/// CPython's `secrets.DEFAULT_ENTROPY`: the default token size in bytes.
// Lossless: usize is at most 64 bits on every supported target.
pub const DEFAULT_ENTROPY: u64 = secrets::DEFAULT_ENTROPY as u64;

fn main() {
    install_panic_hook();
    let args: Vec<OsString> = std::env::args_os().collect();
    let code = match Cli::try_parse_from(&args) {
        Ok(cli) => match run(cli) {
            Ok(()) => 0,
            Err(error) => {
                if !matches!(error, CliError::ClosedPipe) {
                    report(&error);
                }
                error.exit_code()
            }
        },
        Err(error) => clap_error(&error, &args),
    };
    std::process::exit(code);
}

/// Runs the parsed command.
fn run(cli: Cli) -> Result<(), CliError> {
    let backend = cli.backend.as_deref();
    // Commands that look at every backend (but still honour --backend).
    match &cli.command {
        Command::Backends => {
            if let Some(name) = backend {
                engine::open(Some(name))?;
            }
            return report::backends();
        }
        Command::Completions(args) => return manual::completions(args),
        Command::Man(args) => return manual::man(args),
        _ => {}
    }
    let mut engine = engine::open(backend)?;
    let engine = &mut engine;
    match &cli.command {
        Command::TokenHex(args) => text::token(engine, TokenEncoding::Hex, args),
        Command::TokenUrlsafe(args) => text::token(engine, TokenEncoding::UrlSafe, args),
        Command::TokenBase64(args) => text::token(engine, TokenEncoding::Base64, args),
        Command::TokenBase32(args) => text::token(engine, TokenEncoding::Base32, args),
        Command::TokenBytes(args) => stream::token_bytes(engine, args),
        Command::Randbelow(args) => text::randbelow(engine, args),
        Command::Randbits(args) => text::randbits(engine, args),
        Command::Choice(args) => text::choice(engine, args),
        Command::Password(args) => words::password(engine, args),
        Command::Passphrase(args) => words::passphrase(engine, args),
        Command::Bytes(args) => stream::bytes(engine, args),
        Command::Uuid(args) => text::uuid(engine, args),
        // Handled above, without opening a single backend.
        Command::Backends | Command::Completions(_) | Command::Man(_) => Ok(()),
    }
}

/// Prints a clap error and returns the exit status: help and version go to
/// stdout with status 0; everything else is a usage error, printed as one
/// line with clap's tip (if any) and a pointer to `--help`, status 2.
fn clap_error(error: &clap::Error, args: &[OsString]) -> i32 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `secrets` alone: one line like every error, with the usage and
            // the commands (clap would print the whole help, 36 lines).
            report(missing_command_line());
            EXIT_USAGE
        }
        _ => {
            let command = match subcommand_of(args) {
                Some(name) => format!("secrets {name}"),
                None => "secrets".to_owned(),
            };
            report(summarize_clap_error(&error.render().to_string(), &command));
            EXIT_USAGE
        }
    }
}

/// The one line for `secrets` with no command: what is missing, the usage,
/// the commands (from the clap tree, so never out of date) and the pointer
/// to `--help`.
fn missing_command_line() -> String {
    let mut command = <Cli as clap::CommandFactory>::command();
    let usage = error::one_line(&command.render_usage().to_string());
    let commands: Vec<&str> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(clap::Command::get_name)
        .collect();
    format!(
        "no command given. {usage} (commands: {}); try 'secrets --help'",
        commands.join(", ")
    )
}

/// Turns clap's multi-line error text into one line: the message with the
/// indented lines that complete it (e.g. the names of missing arguments),
/// any `tip:` lines, and `try 'COMMAND --help'`.
fn summarize_clap_error(rendered: &str, command: &str) -> String {
    let mut message = String::new();
    let mut tips = Vec::new();
    let mut in_message = false;
    for raw in rendered.lines() {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("error: ") {
            message = rest.to_owned();
            in_message = true;
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip.to_owned());
            in_message = false;
        } else if line.is_empty() {
            in_message = false;
        } else if in_message && raw.starts_with(char::is_whitespace) {
            // "the following required arguments were not provided:" is
            // followed by one indented line per missing argument.
            message.push(' ');
            message.push_str(line);
        }
    }
    if message.is_empty() {
        message = error::one_line(rendered);
    }
    for tip in tips {
        message.push_str(&format!(" (tip: {tip})"));
    }
    format!("{message}; try '{command} --help'")
}

/// The subcommand named on the command line, if any, for the `--help` hint.
fn subcommand_of(args: &[OsString]) -> Option<String> {
    let command = <Cli as clap::CommandFactory>::command();
    args.iter().skip(1).find_map(|arg| {
        let arg = arg.to_str()?;
        command
            .get_subcommands()
            .find(|sub| sub.get_name() == arg)
            .map(|sub| sub.get_name().to_owned())
    })
}

/// Last resort: a panic is a bug, but it must still end as one line and
/// exit 1, never a backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        report(format!(
            "internal error (a bug, please report it): {message}"
        ));
        // `exit` skips destructors: remove --output's temporary file here.
        cleanup::remove_pending();
        std::process::exit(error::EXIT_FAILURE);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_arguments_are_named() {
        let rendered = "error: the following required arguments were not provided:\n  \
                        <N>\n\nUsage: secrets randbelow <N>\n\nFor more information, try \
                        '--help'.\n";
        assert_eq!(
            summarize_clap_error(rendered, "secrets randbelow"),
            "the following required arguments were not provided: <N>; \
             try 'secrets randbelow --help'"
        );
    }

    #[test]
    fn clap_errors_become_one_line() {
        let rendered = "error: unexpected argument '--forc' found\n\n  tip: a similar argument \
                        exists: '--force'\n\nUsage: secrets bytes [OPTIONS]\n\nFor more \
                        information, try '--help'.\n";
        assert_eq!(
            summarize_clap_error(rendered, "secrets bytes"),
            "unexpected argument '--forc' found (tip: a similar argument exists: '--force'); \
             try 'secrets bytes --help'"
        );
    }
}
