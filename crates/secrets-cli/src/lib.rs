//! The parts of the `secrets` command that stand on their own, as a library
//! so that they can be tested and fuzzed without the binary
//! (`fuzz/fuzz_targets/cli_size.rs`).
//!
//! - [`size`]: byte sizes and counts (`--count 2GiB`, `NBYTES`, `-n`).
//! - [`cli`]: the command tree, and [`parse`], so that `cargo xtask torture`
//!   can throw millions of argument lists at the real parser in-process.
//!
//! ```
//! assert_eq!(secrets_cli::size::parse_size("1K"), Ok(1024));
//! ```
#![forbid(unsafe_code)]

pub mod cli;
pub mod size;

use std::ffi::OsString;

/// Parses a command line (`args[0]` is the program name) exactly as the
/// `secrets` binary does, without running anything.
///
/// # Errors
///
/// clap's error for anything the command tree refuses, `--help` and
/// `--version` included (as clap reports them).
///
/// ```
/// use secrets_cli::cli::Command;
/// let cli = secrets_cli::parse(["secrets", "token-hex", "16"])?;
/// assert!(matches!(cli.command, Command::TokenHex(ref args) if args.nbytes == 16));
/// // A usage error is clap's error, with clap's exit code, and nothing ran.
/// let error = secrets_cli::parse(["secrets", "token-hex", "sixteen"]).unwrap_err();
/// assert_eq!(error.exit_code(), 2);
/// # Ok::<(), clap::Error>(())
/// ```
pub fn parse<I, T>(args: I) -> Result<cli::Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    <cli::Cli as clap::Parser>::try_parse_from(args)
}

/// The command tree, for [`parse_with`]: building it is most of the cost of
/// a parse, so a caller parsing many command lines builds it once.
///
/// ```
/// let command = secrets_cli::command();
/// assert_eq!(command.get_name(), "secrets");
/// assert!(command.find_subcommand("passphrase").is_some());
/// ```
pub fn command() -> clap::Command {
    <cli::Cli as clap::CommandFactory>::command()
}

/// [`parse`] against a command tree from [`command`], reused across calls;
/// the same result as [`parse`] for every command line.
///
/// # Errors
///
/// As [`parse`].
///
/// ```
/// use secrets_cli::cli::Command;
/// let mut command = secrets_cli::command(); // built once
/// for n in ["1", "2", "3"] {
///     let cli = secrets_cli::parse_with(&mut command, ["secrets", "uuid", "-n", n])?;
///     let Command::Uuid(args) = cli.command else { panic!("not uuid") };
///     assert_eq!(args.number.to_string(), n);
/// }
/// assert!(secrets_cli::parse_with(&mut command, ["secrets", "uuid", "-n", "x"]).is_err());
/// # Ok::<(), clap::Error>(())
/// ```
pub fn parse_with<I, T>(command: &mut clap::Command, args: I) -> Result<cli::Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut matches = command.try_get_matches_from_mut(args)?;
    <cli::Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)
        .map_err(|error| error.format(command))
}
