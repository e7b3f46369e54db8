//! The command tree: every subcommand, flag and help text.
//!
//! The names here are an interface: scripts depend on them, so they change
//! only with a deprecation period.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::size::{parse_count, parse_size, parse_usize};

const MAIN_EXAMPLES: &str = "\
Examples:
  secrets token-hex 16                      # 32 hex characters
  secrets token-urlsafe                     # 43 characters, 256 bits
  secrets password --length 20 --require-each
  secrets passphrase --words 6 --entropy
  secrets bytes --backend chacha20 --count 1GiB --output random.bin
  secrets bytes | dieharder -a -g 200       # endless stream until the reader stops
  secrets backends

Exit status: 0 on success (also when a reader closes the pipe early),
1 if the entropy source or an I/O operation failed, 2 for a usage error.";

/// Tokens, passwords, passphrases and byte streams from any entropy backend.
#[derive(Debug, Parser)]
#[command(
    name = "secrets",
    version,
    about = "Tokens, passwords, passphrases and byte streams from any entropy backend",
    after_help = MAIN_EXAMPLES,
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// The entropy backend (the list comes from the backend registry).
    #[arg(long, global = true, value_name = "NAME", help = backend_help(), value_parser = clap::value_parser!(OsString))]
    pub backend: Option<OsString>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `--backend` help: every compiled backend, from the registry.
fn backend_help() -> String {
    let names: Vec<&str> = secrets::compiled_backends()
        .iter()
        .map(|b| b.name)
        .collect();
    format!(
        "Entropy backend: {} (default {}; see `secrets backends`)",
        names.join(", "),
        secrets::default_backend_name()
    )
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// A random token of NBYTES bytes as lowercase hex (2 characters a byte).
    #[command(after_help = "\
Examples:
  secrets token-hex           # 64 hex characters (32 bytes, 256 bits)
  secrets token-hex 16        # 32 hex characters
  secrets token-hex 16 -n 5   # five tokens, one a line")]
    TokenHex(TokenArgs),

    /// A random token of NBYTES bytes as URL-safe base64 without padding.
    #[command(after_help = "\
Examples:
  secrets token-urlsafe       # 43 characters (32 bytes, 256 bits)
  secrets token-urlsafe 16    # 22 characters")]
    TokenUrlsafe(TokenArgs),

    /// A random token of NBYTES bytes as RFC 4648 base32 (A-Z, 2-7), unpadded.
    #[command(after_help = "\
Examples:
  secrets token-base32        # 52 characters (32 bytes, 256 bits)
  secrets token-base32 20     # 32 characters, a typical TOTP secret")]
    TokenBase32(TokenArgs),

    /// NBYTES raw random bytes on stdout (refuses a terminal without --force).
    #[command(after_help = "\
Examples:
  secrets token-bytes 32 > key.bin
  secrets token-bytes 16 | xxd")]
    TokenBytes(TokenBytesArgs),

    /// A random integer in [0, N), for N of any size (CPython's secrets.randbelow).
    #[command(after_help = "\
Examples:
  secrets randbelow 6         # a die roll minus one: 0..=5
  secrets randbelow 0x10000000000000000000000000000000000000000

N is a whole number in decimal, or hex/octal/binary with 0x/0o/0b; '_' may
separate digits.")]
    Randbelow(RandbelowArgs),

    /// A random integer of K random bits, for K of any size (CPython's secrets.randbits).
    #[command(after_help = "\
Examples:
  secrets randbits 128
  secrets randbits 2048")]
    Randbits(RandbitsArgs),

    /// One of the ITEMs, chosen uniformly (CPython's secrets.choice).
    #[command(after_help = "\
Examples:
  secrets choice heads tails
  secrets choice -- -v -q     # items that start with '-' go after '--'")]
    Choice(ChoiceArgs),

    /// A random password from character classes or a custom alphabet.
    #[command(after_help = "\
Examples:
  secrets password                                   # 20 characters, all classes
  secrets password --length 12 --classes lower,digits
  secrets password --require-each --exclude-ambiguous --entropy
  secrets password --alphabet 0123456789abcdef --length 40

--require-each draws whole passwords until one contains every class, so every
allowed password stays equally likely.")]
    Password(PasswordArgs),

    /// A random passphrase of words from the EFF wordlists or a file of your own.
    #[command(after_help = "\
Examples:
  secrets passphrase                          # 6 words from the EFF large list
  secrets passphrase --words 8 --separator -
  secrets passphrase --wordlist eff-short --entropy
  secrets passphrase --wordlist ./words.txt   # one word a line")]
    Passphrase(PassphraseArgs),

    /// A raw byte stream: endless, or exactly --count bytes, to stdout or a file.
    #[command(after_help = "\
Examples:
  secrets bytes --count 1MiB > random.bin
  secrets bytes --backend ctr-drbg-aes256 --count 2G --output random.bin
  secrets bytes | head -c 100
  secrets bytes --backend rdrand | rngtest

Sizes: K, M, G, T are powers of 1000 (2K = 2000 bytes); KiB, MiB, GiB, TiB are
powers of 1024 (2KiB = 2048 bytes). Bytes are generated in blocks of 256 KiB
with constant memory. A progress bar is drawn on stderr only when stderr is a
terminal.

--output FILE never changes what stands at FILE except its content: symlinks are
followed, devices and FIFOs are written through (--output /dev/null works), and a
regular file gets its new content only when complete, keeping its mode, owner
and hard links. Until then the bytes go to .FILE.secrets-tmp-PID-N in the same
directory, removed on errors, Ctrl-C, SIGTERM and SIGHUP; only SIGKILL or a
crash can leave it behind (mode 0600, random bytes: delete it).")]
    Bytes(BytesArgs),

    /// The compiled backends: whether each works here, its kind, the default.
    #[command(after_help = "\
Examples:
  secrets backends")]
    Backends,

    /// Throughput and latency of every usable backend on this machine.
    #[command(after_help = "\
Examples:
  secrets bench
  secrets bench --seconds 2
  secrets bench --backend chacha20     # just one backend")]
    Bench(BenchArgs),

    /// Random UUIDs: version 4 (random) or version 7 (time-ordered), RFC 9562.
    #[command(after_help = "\
Examples:
  secrets uuid
  secrets uuid --v7 -n 3")]
    Uuid(UuidArgs),
}

/// Arguments of the text token commands.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Number of random bytes in each token (default 32, CPython's DEFAULT_ENTROPY).
    #[arg(value_name = "NBYTES", value_parser = parse_count, allow_negative_numbers = true)]
    pub nbytes: Option<u64>,

    /// Print COUNT tokens, one a line.
    #[arg(short = 'n', long = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true)]
    pub count: u64,
}

/// Arguments of `token-bytes`.
#[derive(Debug, Args)]
pub struct TokenBytesArgs {
    /// Number of random bytes (default 32, CPython's DEFAULT_ENTROPY).
    #[arg(value_name = "NBYTES", value_parser = parse_count, allow_negative_numbers = true)]
    pub nbytes: Option<u64>,

    /// Write binary output even when stdout is a terminal.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `randbelow`.
#[derive(Debug, Args)]
pub struct RandbelowArgs {
    /// The exclusive upper bound (any size; must be positive).
    #[arg(value_name = "N", allow_negative_numbers = true)]
    pub bound: String,
}

/// Arguments of `randbits`.
#[derive(Debug, Args)]
pub struct RandbitsArgs {
    /// The number of random bits (up to 1048576 = 2^20; 0 gives 0).
    #[arg(value_name = "K", allow_negative_numbers = true)]
    pub bits: String,
}

/// Arguments of `choice`.
#[derive(Debug, Args)]
pub struct ChoiceArgs {
    /// The items to choose from (any bytes; printed unchanged).
    #[arg(value_name = "ITEM", num_args = 0.., value_parser = clap::value_parser!(OsString))]
    pub items: Vec<OsString>,
}

/// Arguments of `password`.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// Password length in characters.
    #[arg(short = 'l', long, value_name = "L", value_parser = parse_usize, allow_negative_numbers = true)]
    pub length: Option<usize>,

    /// Character classes to draw from, comma-separated: lower, upper, digits, symbols.
    #[arg(long, value_name = "CLASSES", conflicts_with = "alphabet")]
    pub classes: Option<String>,

    /// Only accept passwords with at least one character of every class (with
    /// --alphabet: of every class the alphabet has characters of). Whole
    /// passwords are redrawn, so the result stays uniform.
    #[arg(long)]
    pub require_each: bool,

    /// Leave out characters that are easy to confuse (0 O o 1 l I | ` ' " and similar).
    #[arg(long)]
    pub exclude_ambiguous: bool,

    /// Draw from exactly these characters instead of the classes.
    #[arg(long, value_name = "CHARS", value_parser = clap::value_parser!(OsString))]
    pub alphabet: Option<OsString>,

    /// Print the entropy of the policy in bits to stderr.
    #[arg(long)]
    pub entropy: bool,

    /// Print COUNT passwords, one a line.
    #[arg(short = 'n', long = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true)]
    pub count: u64,
}

/// Arguments of `passphrase`.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Number of words.
    #[arg(short = 'w', long, value_name = "W", value_parser = parse_usize, allow_negative_numbers = true)]
    pub words: Option<usize>,

    /// Text between words (default: a space).
    #[arg(short = 's', long, value_name = "S", value_parser = clap::value_parser!(OsString))]
    pub separator: Option<OsString>,

    /// eff-large (7776 words, 12.9 bits each), eff-short (1296 words, 10.3
    /// bits each) or the PATH of a UTF-8 file with one word a line.
    #[arg(long, value_name = "LIST", value_parser = clap::value_parser!(OsString))]
    pub wordlist: Option<OsString>,

    /// Print the entropy of the passphrase in bits to stderr.
    #[arg(long)]
    pub entropy: bool,

    /// Print COUNT passphrases, one a line.
    #[arg(short = 'n', long = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true)]
    pub count: u64,
}

/// Arguments of `bytes`.
#[derive(Debug, Args)]
pub struct BytesArgs {
    /// Exactly this many bytes (suffixes K, M, G, T = 1000^n; KiB, MiB, GiB,
    /// TiB = 1024^n); endless when absent.
    #[arg(short = 'c', long, value_name = "N", value_parser = parse_size, allow_negative_numbers = true)]
    pub count: Option<u64>,

    /// Write to FILE instead of stdout (a regular file: complete or not at all).
    #[arg(short = 'o', long, value_name = "FILE", value_parser = clap::value_parser!(PathBuf))]
    pub output: Option<PathBuf>,

    /// Write binary output even when stdout is a terminal.
    #[arg(long)]
    pub force: bool,

    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// Arguments of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Measuring time per backend and measurement, in seconds.
    #[arg(long, value_name = "S", default_value = "0.25", value_parser = parse_seconds)]
    pub seconds: f64,
}

/// Arguments of `uuid`.
#[derive(Debug, Args)]
pub struct UuidArgs {
    /// Version 7 (Unix-time ordered, strictly increasing within the run; 58 random bits)
    /// instead of version 4 (122 random bits).
    #[arg(long)]
    pub v7: bool,

    /// Print COUNT UUIDs, one a line.
    #[arg(short = 'n', long = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true)]
    pub count: u64,
}

/// Parses `--seconds`: a finite positive number of at most an hour.
fn parse_seconds(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| "expected a number of seconds such as 0.5 or 2".to_owned())?;
    if !seconds.is_finite() || seconds <= 0.0 || seconds > 3600.0 {
        return Err("must be more than 0 and at most 3600 seconds".to_owned());
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_an_example() {
        let command = Cli::command();
        for sub in command.get_subcommands() {
            let after = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                after.contains("Examples:\n  secrets "),
                "{} lacks an example",
                sub.get_name()
            );
        }
    }

    #[test]
    fn seconds_are_checked() {
        assert_eq!(parse_seconds("0.5"), Ok(0.5));
        for bad in ["0", "-1", "nan", "inf", "x", "", "7200"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
