//! The command tree: every subcommand, flag and help text.
//!
//! The names here are an interface: scripts depend on them, so they change
//! only with a deprecation period.
//!
//! ```
//! use secrets_cli::cli::{Cli, Command};
//! let cli: Cli = secrets_cli::parse(["secrets", "password", "--length", "20"])?;
//! let Command::Password(args) = cli.command else { panic!("not password") };
//! assert_eq!(args.length, 20);
//! # Ok::<(), clap::Error>(())
//! ```

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::size::{parse_count, parse_positive, parse_size, parse_usize};

/// An item whose doc example only the rendered docs show: clap turns doc
/// comments into help text, and an example is no help.
macro_rules! with_example {
    ($(#[doc = $doc:literal])* example: $example:literal, $item:item) => {
        $(#[doc = $doc])*
        #[cfg_attr(doc, doc = concat!("```", $example, "```"))]
        $item
    };
}

/// The arguments of a subcommand, with an example as [`with_example!`]
/// gives one; `and number` ends them with the `-n, --number` of the
/// commands that print one result a line.
macro_rules! command_args {
    (
        $(#[doc = $doc:literal])*
        example: $example:literal,
        pub struct $name:ident { $($field:tt)* }
    ) => {
        with_example! {
            $(#[doc = $doc])*
            example: $example,
            #[derive(Debug, Args)]
            pub struct $name { $($field)* }
        }
    };
    (
        $(#[doc = $doc:literal])*
        example: $example:literal,
        pub struct $name:ident { $($field:tt)* } and number
    ) => {
        command_args! {
            $(#[doc = $doc])*
            example: $example,
            pub struct $name {
                $($field)*

                /// How many results.
                #[arg(short = 'n', long = "number", alias = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true, help = NUMBER_HELP)]
                pub number: u64,
            }
        }
    };
}

const MAIN_EXAMPLES: &str = "\
Examples:
  secrets token-hex 16                      # 32 hex characters
  secrets token-urlsafe                     # 43 characters, 256 bits
  secrets password --length 20 --require-each
  secrets passphrase --words 6 --entropy
  secrets bytes --backend chacha20 --size 1GiB --output random.bin
  secrets bytes --backend chacha20 --threads 2 --size 4G > /dev/null
  secrets bytes | dieharder -a -g 200       # endless stream until the reader stops
  secrets backends

Numbers: '_' may group digits in every numeric argument (1_000_000).
Sizes read as coreutils reads them: K, M, G, T, P, E = powers of 1024
(1K = 1024, as 'head -c 1K'), KiB, MiB, ... the same, KB, MB, ... = powers
of 1000. Output below 64 bits of entropy comes with a warning on stderr.
Shell completions: 'secrets completions bash|zsh|fish'; manual: 'secrets man'.

Exit status: 0 on success (also when a reader closes the pipe early),
1 if the entropy source or an I/O operation failed, 2 for a usage error.";

with_example! {
    /// Tokens, passwords, passphrases and byte streams from any entropy backend.
    example: r#"
use secrets_cli::cli::{Cli, Command};
let cli: Cli = clap::Parser::try_parse_from(["secrets", "--backend", "os", "uuid"])?;
assert_eq!(cli.backend.as_deref(), Some("os".as_ref()));
assert!(matches!(cli.command, Command::Uuid(_)));
// A subcommand is required.
assert!(<Cli as clap::Parser>::try_parse_from(["secrets", "--backend", "os"]).is_err());
# Ok::<(), clap::Error>(())
"#,
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
        #[arg(long, global = true, value_name = "NAME", help = backend_help(), value_parser = BackendNameParser, hide_possible_values = true)]
        pub backend: Option<OsString>,

        /// What to do.
        #[command(subcommand)]
        pub command: Command,
    }
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

/// `--backend`: any text (an unknown or unavailable name gets the
/// command's own one-line error listing the valid names), with the compiled
/// backends from the registry as its possible values, which is what shell
/// completions and the man page offer.
#[derive(Clone, Copy, Debug)]
struct BackendNameParser;

impl TypedValueParser for BackendNameParser {
    type Value = OsString;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<OsString, clap::Error> {
        clap::builder::OsStringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            secrets::compiled_backends()
                .iter()
                .map(|info| PossibleValue::new(info.name).help(info.about)),
        ))
    }
}

/// The default token size, CPython's `DEFAULT_ENTROPY`.
const DEFAULT_NBYTES: u64 = secrets::DEFAULT_ENTROPY as u64;

with_example! {
    /// The subcommands.
    example: r#"
use secrets_cli::cli::Command;
let cli = secrets_cli::parse(["secrets", "token-urlsafe", "16"])?;
let Command::TokenUrlsafe(args) = cli.command else { panic!("not token-urlsafe") };
assert_eq!(args.nbytes, 16);
assert!(secrets_cli::parse(["secrets", "no-such-command"]).is_err());
# Ok::<(), clap::Error>(())
"#,
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

        /// A random token of NBYTES bytes as standard base64 with '=' padding (as openssl rand -base64).
        #[command(after_help = "\
Examples:
  secrets token-base64        # 44 characters (32 bytes, 256 bits)
  secrets token-base64 12     # 16 characters, like 'openssl rand -base64 12'

The alphabet is A-Z a-z 0-9 + / with '=' padding (RFC 4648 section 4), as
'openssl rand -base64'; each token is one line, not wrapped at 64 columns as
openssl wraps long output.")]
        TokenBase64(TokenArgs),

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
  secrets randbelow 1_000_000 -n 3
  secrets randbelow 0x10000000000000000000000000000000000000000

N is a whole number in decimal, or hex/octal/binary with 0x/0o/0b; '_' may
separate digits, as in every numeric argument.")]
        Randbelow(RandbelowArgs),

        /// A random integer of K random bits, for K of any size (CPython's secrets.randbits).
        #[command(after_help = "\
Examples:
  secrets randbits 128
  secrets randbits 2048
  secrets randbits 32 -n 10")]
        Randbits(RandbitsArgs),

        /// One of the ITEMs, chosen uniformly (CPython's secrets.choice).
        #[command(after_help = "\
Examples:
  secrets choice heads tails
  secrets choice -n 5 rock paper scissors
  secrets choice -- -v -q     # items that start with '-' go after '--'")]
        Choice(ChoiceArgs),

        /// A random password from character classes or a custom alphabet.
        #[command(after_help = "\
Examples:
  secrets password                                   # 20 characters, all classes
  secrets password --length 12 --classes lower,digits
  secrets password --require-each -B --entropy      # pwgen -B: no look-alikes
  secrets password --symbol-set shell               # symbols that need no quoting
  secrets password --exclude '{}[]' -n 5
  secrets password --alphabet 0123456789abcdef --length 40

--require-each draws whole passwords until one contains every class, so every
allowed password stays equally likely. The default symbol set is 'all' (the
32 of Python's string.punctuation, quotes and backslash included); 'shell' is
%+,-./:@_ which no shell needs quoted. A password of 0 bits (a one-character
alphabet) is refused without --force; below 64 bits a warning goes to stderr.")]
        Password(PasswordArgs),

        /// A random passphrase of words from the EFF wordlists or a file of your own.
        #[command(after_help = "\
Examples:
  secrets passphrase                          # 6 words from the EFF large list
  secrets passphrase --words 8 --separator -
  secrets passphrase --wordlist eff-short --entropy
  secrets passphrase --min 4 --max 6 --case capitalize
  secrets passphrase --acrostic cat            # words starting c, a, t
  secrets passphrase --wordlist ./words.txt    # one word a line

Word-length limits and --case narrow or change the list before drawing
(words that become equal are kept once), so every passphrase stays equally
likely and the entropy figure exact. A passphrase of 0 bits (one word to
choose from) is refused without --force; below 64 bits a warning goes to
stderr.")]
        Passphrase(PassphraseArgs),

        /// A raw byte stream: endless, or exactly --size bytes, to stdout or a file.
        #[command(after_help = "\
Examples:
  secrets bytes --size 1MiB > random.bin
  secrets bytes --backend ctr-drbg-aes256 --size 2G --output random.bin
  secrets bytes --backend chacha8 --threads 2 --size 10G > /dev/null
  secrets bytes | head -c 100
  secrets bytes --backend rdrand | rngtest

Sizes read as coreutils reads them: K, M, G, T, P, E are powers of 1024
(2K = 2048 bytes, as 'head -c 2K'), and so are KiB, MiB, ...; KB, MB, GB, ...
are powers of 1000 (2KB = 2000 bytes). Bytes are generated in blocks of
256 KiB with constant memory. --threads N runs N independent instances of a
DRBG backend, each seeded from the OS, filling alternate blocks; the output
keeps block order. A progress bar is drawn on stderr only when stderr is a
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

        /// Random UUIDs: version 4 (random) or version 7 (time-ordered), RFC 9562.
        #[command(after_help = "\
Examples:
  secrets uuid
  secrets uuid --v7 -n 3")]
        Uuid(UuidArgs),

        /// A shell completion script on stdout (the backend names come from this build).
        #[command(after_help = "\
Examples:
  secrets completions bash > ~/.local/share/bash-completion/completions/secrets
  secrets completions zsh > ~/.zfunc/_secrets     # with fpath+=(~/.zfunc)
  secrets completions fish > ~/.config/fish/completions/secrets.fish")]
        Completions(CompletionsArgs),

        /// The manual page (roff) on stdout: of the command, or of one subcommand.
        #[command(after_help = "\
Examples:
  secrets man | man -l -
  secrets man > secrets.1
  secrets man password > secrets-password.1")]
        Man(ManArgs),
    }
}

/// Help of `-n, --number`, the count of results of the line commands. It
/// replaced `--count`, which meant results here and bytes in `bytes`; the old
/// spelling stays accepted as a hidden alias.
const NUMBER_HELP: &str = "How many to print, one a line (--count, the old spelling, still works)";

command_args! {
    /// Arguments of the text token commands.
    example: r#"
use secrets_cli::cli::{Command, TokenArgs};
let cli = secrets_cli::parse(["secrets", "token-hex", "16", "-n", "5"])?;
let Command::TokenHex(TokenArgs { nbytes, number }) = cli.command else { panic!() };
assert_eq!((nbytes, number), (16, 5));
// Without NBYTES: 32 bytes, CPython's DEFAULT_ENTROPY.
let Command::TokenHex(args) = secrets_cli::parse(["secrets", "token-hex"])?.command else { panic!() };
assert_eq!((args.nbytes, args.number), (32, 1));
# Ok::<(), clap::Error>(())
"#,
    pub struct TokenArgs {
        /// Number of random bytes in each token (CPython's DEFAULT_ENTROPY).
        #[arg(value_name = "NBYTES", default_value_t = DEFAULT_NBYTES, value_parser = parse_count, allow_negative_numbers = true)]
        pub nbytes: u64,
    } and number
}

command_args! {
    /// Arguments of `token-bytes`.
    example: r#"
use secrets_cli::cli::{Command, TokenBytesArgs};
let cli = secrets_cli::parse(["secrets", "token-bytes", "64", "--force"])?;
let Command::TokenBytes(TokenBytesArgs { nbytes, force }) = cli.command else { panic!() };
assert_eq!((nbytes, force), (64, true));
# Ok::<(), clap::Error>(())
"#,
    pub struct TokenBytesArgs {
        /// Number of random bytes (CPython's DEFAULT_ENTROPY).
        #[arg(value_name = "NBYTES", default_value_t = DEFAULT_NBYTES, value_parser = parse_count, allow_negative_numbers = true)]
        pub nbytes: u64,

        /// Write binary output even when stdout is a terminal.
        #[arg(long)]
        pub force: bool,
    }
}

command_args! {
    /// Arguments of `randbelow`.
    example: r#"
use secrets_cli::cli::{Command, RandbelowArgs};
// The bound is kept as text: it may be any size.
let big = "340282366920938463463374607431768211456"; // 2^128
let cli = secrets_cli::parse(["secrets", "randbelow", big, "-n", "2"])?;
let Command::Randbelow(RandbelowArgs { bound, number }) = cli.command else { panic!() };
assert_eq!((bound.as_str(), number), (big, 2));
# Ok::<(), clap::Error>(())
"#,
    pub struct RandbelowArgs {
        /// The exclusive upper bound (any size; must be positive).
        #[arg(value_name = "N", allow_negative_numbers = true)]
        pub bound: String,
    } and number
}

command_args! {
    /// Arguments of `randbits`.
    example: r#"
use secrets_cli::cli::{Command, RandbitsArgs};
let cli = secrets_cli::parse(["secrets", "randbits", "256", "--number", "3"])?;
let Command::Randbits(RandbitsArgs { bits, number }) = cli.command else { panic!() };
assert_eq!((bits.as_str(), number), ("256", 3));
# Ok::<(), clap::Error>(())
"#,
    pub struct RandbitsArgs {
        /// The number of random bits (up to 1048576 = 2^20; 0 gives 0).
        #[arg(value_name = "K", allow_negative_numbers = true)]
        pub bits: String,
    } and number
}

command_args! {
    /// Arguments of `choice`.
    example: r#"
use secrets_cli::cli::{Command, ChoiceArgs};
let cli = secrets_cli::parse(["secrets", "choice", "-n", "4", "heads", "tails"])?;
let Command::Choice(ChoiceArgs { items, number }) = cli.command else { panic!() };
assert_eq!(items, ["heads", "tails"]);
assert_eq!(number, 4);
# Ok::<(), clap::Error>(())
"#,
    pub struct ChoiceArgs {
        /// The items to choose from (any bytes; printed unchanged).
        #[arg(value_name = "ITEM", num_args = 0.., value_parser = clap::value_parser!(OsString))]
        pub items: Vec<OsString>,

        /// How many independent choices to print, one a line (with replacement,
        /// as repeated calls of CPython's secrets.choice).
        #[arg(short = 'n', long = "number", alias = "count", value_name = "COUNT", default_value = "1", value_parser = parse_count, allow_negative_numbers = true)]
        pub number: u64,
    }
}

with_example! {
    /// The symbols a password draws from when the `symbols` class is on.
    example: r#"
use clap::ValueEnum;
use secrets_cli::cli::{Command, SymbolSet};
// `--symbol-set` takes a variant's name (PasswordArgs parses one); `all` when absent.
assert_eq!(SymbolSet::from_str("shell", false), Ok(SymbolSet::Shell));
let Command::Password(args) = secrets_cli::parse(["secrets", "password"])?.command else { panic!() };
assert_eq!(args.symbol_set, SymbolSet::All);
assert!(secrets_cli::parse(["secrets", "password", "--symbol-set", "emoji"]).is_err());
# Ok::<(), clap::Error>(())
"#,
    #[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
    pub enum SymbolSet {
        /// The 32 ASCII punctuation characters of Python's string.punctuation
        /// (quotes, backslash and backtick included).
        All,
        /// %+,-./:@_ : characters that no POSIX shell, bash, zsh or fish needs quoted.
        Shell,
    }
}

command_args! {
    /// Arguments of `password`.
    example: r#"
use secrets_cli::cli::{Command, PasswordArgs, SymbolSet};
let argv = ["secrets", "password", "-l", "24", "--classes", "lower,digits", "-B", "-n", "3", "--symbol-set", "shell"];
let Command::Password(args) = secrets_cli::parse(argv)?.command else { panic!() };
assert_eq!((args.length, args.classes.as_str()), (24, "lower,digits"));
assert_eq!(args.symbol_set, SymbolSet::Shell);
assert!(args.exclude_ambiguous && !args.require_each && !args.entropy);
assert_eq!((args.alphabet, args.number), (None, 3));
// An explicit alphabet and character classes contradict each other.
let argv = ["secrets", "password", "--alphabet", "01", "--classes", "lower"];
assert!(secrets_cli::parse(argv).is_err());
# Ok::<(), clap::Error>(())
"#,
    pub struct PasswordArgs {
        /// Password length in characters.
        #[arg(short = 'l', long, value_name = "L", default_value_t = secrets::PasswordPolicy::default().length, value_parser = parse_usize, allow_negative_numbers = true)]
        pub length: usize,

        /// Character classes to draw from, comma-separated: lower, upper, digits, symbols.
        #[arg(
            long,
            value_name = "CLASSES",
            default_value = "lower,upper,digits,symbols",
            conflicts_with = "alphabet"
        )]
        pub classes: String,

        /// Which characters the symbols class holds.
        #[arg(long, value_name = "SET", value_enum, default_value_t = SymbolSet::All, conflicts_with = "alphabet")]
        pub symbol_set: SymbolSet,

        /// Only accept passwords with at least one character of every class (with
        /// --alphabet: of every class the alphabet has characters of). Whole
        /// passwords are redrawn, so the result stays uniform.
        #[arg(long)]
        pub require_each: bool,

        /// Leave out characters that are easy to confuse (0 O o 1 l I | ` ' " and similar), as pwgen -B.
        #[arg(short = 'B', long)]
        pub exclude_ambiguous: bool,

        /// Leave out these characters (after choosing classes or --alphabet).
        #[arg(long, value_name = "CHARS", value_parser = clap::value_parser!(OsString))]
        pub exclude: Option<OsString>,

        /// Draw from exactly these characters instead of the classes.
        #[arg(long, value_name = "CHARS", value_parser = clap::value_parser!(OsString))]
        pub alphabet: Option<OsString>,

        /// Print the entropy of the policy in bits to stderr.
        #[arg(long)]
        pub entropy: bool,

        /// Print a password even if it has 0 bits of entropy (a one-character alphabet).
        #[arg(long)]
        pub force: bool,
    } and number
}

with_example! {
    /// How `passphrase --case` changes each word.
    example: r#"
use clap::ValueEnum;
use secrets_cli::cli::{Command, WordCase};
// `--case` takes a variant's name (PassphraseArgs parses one); as-is when absent.
assert_eq!(WordCase::from_str("capitalize", false), Ok(WordCase::Capitalize));
let Command::Passphrase(args) = secrets_cli::parse(["secrets", "passphrase"])?.command else { panic!() };
assert_eq!(args.case, WordCase::AsIs);
# Ok::<(), clap::Error>(())
"#,
    #[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
    pub enum WordCase {
        /// As in the list.
        AsIs,
        /// all lowercase.
        Lower,
        /// ALL UPPERCASE.
        Upper,
        /// First letter uppercase, the rest lowercase.
        Capitalize,
        /// Each word all lowercase or all uppercase at random (one more bit per word of letters).
        Random,
    }
}

command_args! {
    /// Arguments of `passphrase`.
    example: r#"
use secrets_cli::cli::{Command, PassphraseArgs, WordCase};
let argv = ["secrets", "passphrase", "-w", "8", "-s", "-", "--wordlist", "eff-short", "--max", "6", "--case", "capitalize"];
let Command::Passphrase(args) = secrets_cli::parse(argv)?.command else { panic!() };
assert_eq!((args.words, args.separator.to_str()), (8, Some("-")));
assert_eq!(args.case, WordCase::Capitalize);
assert_eq!((args.wordlist.to_str(), args.max_word_length), (Some("eff-short"), Some(6)));
assert_eq!((args.min_word_length, args.acrostic), (None, None));
// An acrostic fixes the number of words: both at once are refused.
assert!(secrets_cli::parse(["secrets", "passphrase", "-w", "3", "--acrostic", "cat"]).is_err());
# Ok::<(), clap::Error>(())
"#,
    pub struct PassphraseArgs {
        /// Number of words.
        #[arg(short = 'w', long, value_name = "W", default_value_t = secrets::PassphrasePolicy::default().words, value_parser = parse_usize, allow_negative_numbers = true, conflicts_with = "acrostic")]
        pub words: usize,

        /// Text between words.
        #[arg(short = 's', long, value_name = "S", default_value = " ", value_parser = clap::value_parser!(OsString))]
        pub separator: OsString,

        /// eff-large (7776 words, 12.9 bits each), eff-short (1296 words, 10.3
        /// bits each) or the PATH of a UTF-8 file with one word a line.
        #[arg(long, value_name = "LIST", default_value = "eff-large", value_parser = clap::value_parser!(OsString))]
        pub wordlist: OsString,

        /// Only words of at least this many characters (xkcdpass --min).
        #[arg(long = "min-word-length", visible_alias = "min", value_name = "N", value_parser = parse_usize, allow_negative_numbers = true)]
        pub min_word_length: Option<usize>,

        /// Only words of at most this many characters (xkcdpass --max).
        #[arg(long = "max-word-length", visible_alias = "max", value_name = "N", value_parser = parse_usize, allow_negative_numbers = true)]
        pub max_word_length: Option<usize>,

        /// The case of each word.
        #[arg(long, value_name = "CASE", value_enum, default_value_t = WordCase::AsIs)]
        pub case: WordCase,

        /// One word per letter of WORD, each starting with that letter (case-insensitive).
        #[arg(long, value_name = "WORD")]
        pub acrostic: Option<String>,

        /// Print the entropy of the passphrase in bits to stderr.
        #[arg(long)]
        pub entropy: bool,

        /// Print a passphrase even if it has 0 bits of entropy (one word to choose from).
        #[arg(long)]
        pub force: bool,
    } and number
}

command_args! {
    /// Arguments of `bytes`.
    example: r#"
use secrets_cli::cli::{Command, BytesArgs};
let argv = ["secrets", "bytes", "--size", "1MiB", "-o", "key.bin", "-j", "2"];
let Command::Bytes(args) = secrets_cli::parse(argv)?.command else { panic!() };
assert_eq!(args.count, Some(1 << 20));
assert_eq!(args.output.as_deref(), Some(std::path::Path::new("key.bin")));
assert_eq!(args.threads, 2);
assert!(!args.force && !args.no_progress);
// No thread count of zero.
assert!(secrets_cli::parse(["secrets", "bytes", "-j", "0"]).is_err());
# Ok::<(), clap::Error>(())
"#,
    pub struct BytesArgs {
        /// Exactly this many bytes (K, M, G, T, P, E or KiB, MiB, ... = powers of
        /// 1024; KB, MB, ... = powers of 1000); endless when absent. --count, the
        /// old spelling, still works.
        #[arg(short = 'c', long = "size", alias = "count", value_name = "N", value_parser = parse_size, allow_negative_numbers = true)]
        pub count: Option<u64>,

        /// Write to FILE instead of stdout (a regular file: complete or not at all).
        #[arg(short = 'o', long, value_name = "FILE", value_parser = clap::value_parser!(PathBuf))]
        pub output: Option<PathBuf>,

        /// Fill with N independent instances of a DRBG backend, one per thread,
        /// output in order.
        #[arg(short = 'j', long, value_name = "N", default_value = "1", value_parser = parse_positive)]
        pub threads: usize,

        /// Write binary output even when stdout is a terminal.
        #[arg(long)]
        pub force: bool,

        /// Never draw a progress bar.
        #[arg(long)]
        pub no_progress: bool,
    }
}

command_args! {
    /// Arguments of `uuid`.
    example: r#"
use secrets_cli::cli::{Command, UuidArgs};
let Command::Uuid(args) = secrets_cli::parse(["secrets", "uuid", "--v7", "-n", "2"])?.command else { panic!() };
assert!(args.v7);
assert_eq!(args.number, 2);
# Ok::<(), clap::Error>(())
"#,
    pub struct UuidArgs {
        /// Version 7 (Unix-time ordered, strictly increasing within the run; 58 random bits)
        /// instead of version 4 (122 random bits).
        #[arg(long)]
        pub v7: bool,
    } and number
}

command_args! {
    /// Arguments of `completions`.
    example: r#"
use secrets_cli::cli::{Command, CompletionsArgs};
let Command::Completions(args) = secrets_cli::parse(["secrets", "completions", "zsh"])?.command else { panic!() };
assert_eq!(args.shell, clap_complete::Shell::Zsh);
assert!(secrets_cli::parse(["secrets", "completions", "cmd.exe"]).is_err());
# Ok::<(), clap::Error>(())
"#,
    pub struct CompletionsArgs {
        /// The shell.
        #[arg(value_name = "SHELL", value_enum)]
        pub shell: clap_complete::Shell,
    }
}

command_args! {
    /// Arguments of `man`.
    example: r#"
use secrets_cli::cli::{Command, ManArgs};
let Command::Man(args) = secrets_cli::parse(["secrets", "man", "password"])?.command else { panic!() };
assert_eq!(args.subcommand.as_deref(), Some("password"));
let Command::Man(args) = secrets_cli::parse(["secrets", "man"])?.command else { panic!() };
assert_eq!(args.subcommand, None);
# Ok::<(), clap::Error>(())
"#,
    pub struct ManArgs {
        /// The subcommand whose page to print (default: the whole command).
        #[arg(value_name = "SUBCOMMAND")]
        pub subcommand: Option<String>,
    }
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
}
