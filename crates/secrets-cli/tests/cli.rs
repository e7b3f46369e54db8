//! Integration tests of the `secrets` command: the real binary, run as a
//! user or a script would run it.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The stream's block size (`stream::BLOCK_SIZE` in the binary): counts
/// around it exercise the last-partial-block logic.
const BLOCK: u64 = 256 * 1024;

/// Every backend, from the registry (the command compiles them all in).
const ALL_BACKENDS: [&str; secrets::BACKEND_NAMES.len()] = secrets::BACKEND_NAMES;

const SUBCOMMANDS: [&str; 12] = [
    "token-hex",
    "token-urlsafe",
    "token-base32",
    "token-bytes",
    "randbelow",
    "randbits",
    "choice",
    "password",
    "passphrase",
    "bytes",
    "backends",
    "uuid",
];

fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secrets"));
    command.stdin(Stdio::null());
    command.env_remove("RUST_BACKTRACE");
    command
}

fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    command()
        .args(args)
        .output()
        .expect("run the secrets binary")
}

/// Runs and asserts success with an empty stderr; returns stdout.
fn ok<S: AsRef<OsStr>>(args: &[S]) -> Vec<u8> {
    let output = run(args);
    assert!(
        output.status.success(),
        "{:?} failed: {:?}\n{}",
        args.iter().map(AsRef::as_ref).collect::<Vec<_>>(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "unexpected stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn ok_text<S: AsRef<OsStr>>(args: &[S]) -> String {
    String::from_utf8(ok(args)).expect("UTF-8 output")
}

/// Runs a command whose result has fewer than 64 bits of entropy: success,
/// and exactly the one-line warning on stderr; returns stdout.
fn ok_weak<S: AsRef<OsStr>>(args: &[S]) -> Vec<u8> {
    let output = run(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = args.iter().map(AsRef::as_ref).collect::<Vec<_>>();
    assert!(output.status.success(), "{shown:?}: {stderr}");
    assert!(
        stderr.starts_with("secrets: warning: ")
            && stderr.ends_with("bits of entropy (64 or more recommended)\n")
            && stderr.matches('\n').count() == 1,
        "{shown:?}: {stderr:?}"
    );
    output.stdout
}

fn ok_weak_text<S: AsRef<OsStr>>(args: &[S]) -> String {
    String::from_utf8(ok_weak(args)).expect("UTF-8 output")
}

/// Asserts the exit status, an empty stdout and exactly one line on stderr
/// containing `needle`; returns that line.
fn fails_with<S: AsRef<OsStr>>(args: &[S], code: i32, needle: &str) -> String {
    let shown = args.iter().map(AsRef::as_ref).collect::<Vec<_>>();
    failed_with(&run(args), &shown, code, needle)
}

/// [`fails_with`] for a run already made (`shown` names it in messages).
fn failed_with(output: &Output, shown: &[&OsStr], code: i32, needle: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "{shown:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{shown:?}: stdout not empty");
    assert_eq!(
        stderr.matches('\n').count(),
        1,
        "{shown:?}: not one line: {stderr:?}"
    );
    assert!(stderr.ends_with('\n'), "{shown:?}: {stderr:?}");
    assert!(
        stderr.contains(needle),
        "{shown:?}: {stderr:?} lacks {needle:?}"
    );
    assert!(!stderr.contains("panick"), "{shown:?}: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{shown:?}: {stderr}");
    stderr
}

/// An argument list mixing strings, paths and `OsString`s.
macro_rules! os_args {
    ($($arg:expr),* $(,)?) => {
        [$(AsRef::<OsStr>::as_ref(&$arg)),*]
    };
}

fn usage_error<S: AsRef<OsStr>>(args: &[S], needle: &str) -> String {
    fails_with(args, 2, needle)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn usable(backend: &str) -> bool {
    match backend {
        "rdrand" => std::arch::is_x86_feature_detected!("rdrand"),
        "rdseed" => std::arch::is_x86_feature_detected!("rdseed"),
        _ => true,
    }
}

/// A fresh empty directory under the target directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("secrets-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn dir_entries(dir: &Path) -> Vec<OsString> {
    let mut names: Vec<OsString> = fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    names.sort();
    names
}

// ----- help, version, clap's own errors -------------------------------------

#[test]
fn help_of_every_command_has_an_example() {
    let top = ok_text(&["--help"]);
    assert!(top.contains("Examples:"), "{top}");
    for name in SUBCOMMANDS {
        assert!(top.contains(name), "top-level help lacks {name}");
        let help = ok_text(&[name, "--help"]);
        assert!(help.contains("Examples:"), "{name}: {help}");
        assert!(
            help.contains(&format!("  secrets {name}")),
            "{name} help has no example invocation: {help}"
        );
        // `secrets help NAME` is the same text.
        assert_eq!(ok_text(&["help", name]), help);
    }
}

#[test]
fn bytes_help_documents_the_size_suffixes() {
    let help = ok_text(&["bytes", "--help"]);
    assert!(help.contains("powers of 1000"), "{help}");
    assert!(help.contains("powers of 1024"), "{help}");
}

#[test]
fn version_prints_and_exits_zero() {
    let version = ok_text(&["--version"]);
    assert!(version.starts_with("secrets "), "{version}");
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    usage_error(&["frobnicate"], "unrecognized subcommand");
    usage_error(&["token-hex", "--frobnicate"], "unexpected argument");
    usage_error(&["bytes", "--forc"], "--force");
    usage_error(&["token-hex", "abc"], "whole number");
    usage_error(&["token-hex", "-5"], "negative");
    usage_error(&["token-hex", "1", "2"], "unexpected argument");
    usage_error(&["token-hex", "-n", "x"], "whole number");
    usage_error(&["token-hex", "99999999999999999999999"], "too large");
    usage_error(&["randbelow"], "required");
    // `secrets bench` left the command (cargo xtask bench measures).
    usage_error(&["bench"], "unrecognized subcommand");
    let line = usage_error(&["token-hex", "abc"], "try 'secrets token-hex --help'");
    assert!(line.starts_with("secrets: error: "), "{line}");
}

#[test]
fn missing_arguments_are_named_in_one_line() {
    usage_error(&["randbelow"], "not provided: <N>");
    usage_error(&["randbits"], "not provided: <K>");
}

#[test]
fn no_arguments_is_one_line_with_usage_and_commands() {
    let line = usage_error::<&str>(&[], "no command given");
    assert!(
        line.contains("Usage: secrets [OPTIONS] <COMMAND>"),
        "{line}"
    );
    for command in SUBCOMMANDS {
        assert!(line.contains(command), "{command} missing: {line}");
    }
    assert!(line.contains("try 'secrets --help'"), "{line}");
}

#[test]
fn no_arguments_shows_help_and_exits_2() {
    let output = run::<&str>(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: secrets"));
}

// ----- backends -------------------------------------------------------------

#[test]
fn backends_table_lists_every_backend_with_its_status() {
    let table = ok_text(&["backends"]);
    let rows = lines(&table);
    assert!(rows[0].starts_with("NAME"), "{table}");
    assert_eq!(rows.len(), 1 + ALL_BACKENDS.len(), "{table}");
    for (row, name) in rows[1..].iter().zip(ALL_BACKENDS) {
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(fields[0], name, "{table}");
        let kind = secrets::BackendId::from_name(name)
            .expect("a registry name")
            .kind()
            .label();
        assert_eq!(fields[1], kind, "{row}");
        assert!(fields[2] == "yes" || fields[2] == "no", "{row}");
        if usable(name) {
            assert!(
                row.ends_with("usable"),
                "{name} should be usable here: {row}"
            );
        } else {
            assert!(
                row.contains("unavailable: "),
                "{name} should be unavailable: {row}"
            );
        }
    }
    let defaults: Vec<&&str> = rows[1..]
        .iter()
        .filter(|row| row.contains(" yes "))
        .collect();
    assert_eq!(defaults.len(), 1, "{table}");
    assert!(defaults[0].starts_with("os "), "{table}");
}

#[test]
fn every_backend_produces_tokens_and_exact_streams() {
    for name in ALL_BACKENDS {
        if !usable(name) {
            let line = usage_error(&["--backend", name, "token-hex"], "unavailable");
            assert!(line.contains(name), "{line}");
            continue;
        }
        // --backend before and after the subcommand.
        let first = ok_text(&["--backend", name, "token-hex", "16"]);
        let second = ok_text(&["token-hex", "16", "--backend", name]);
        for token in [&first, &second] {
            assert_eq!(token.len(), 33, "{name}: {token:?}");
            assert!(
                token[..32]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
        }
        assert_ne!(first, second, "{name} repeated a token");
        let stream = ok(&["bytes", "--backend", name, "--count", "100001"]);
        assert_eq!(stream.len(), 100_001, "{name}");
        // Not all equal, not all zero: a crude sanity check of real output.
        let distinct: HashSet<u8> = stream.iter().copied().collect();
        assert!(
            distinct.len() > 200,
            "{name}: only {} distinct byte values",
            distinct.len()
        );
        let number: u64 = ok_text(&["--backend", name, "randbelow", "1000"])
            .trim()
            .parse()
            .unwrap();
        assert!(number < 1000);
    }
}

#[test]
fn unknown_backend_is_a_usage_error_listing_the_names() {
    for bad in ["frob", "", "OS", "chacha"] {
        let line = usage_error(&["--backend", bad, "token-hex"], "unknown backend");
        for name in ALL_BACKENDS {
            assert!(line.contains(name), "{line} lacks {name}");
        }
    }
    let non_utf8 = OsString::from_vec(b"os\xff".to_vec());
    usage_error(
        &os_args!["--backend", non_utf8, "token-hex"],
        "unknown backend",
    );
    usage_error(&["--backend", "frob", "backends"], "unknown backend");
}

// ----- tokens ---------------------------------------------------------------

const URLSAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn check_token(command: &str, nbytes: u64, token: &str) {
    let n = usize::try_from(nbytes).unwrap();
    let (expected_len, alphabet): (usize, &[u8]) = match command {
        "token-hex" => (2 * n, b"0123456789abcdef"),
        "token-urlsafe" => ((4 * n).div_ceil(3), URLSAFE),
        "token-base32" => ((8 * n).div_ceil(5), BASE32),
        _ => unreachable!(),
    };
    assert_eq!(token.len(), expected_len, "{command} {nbytes}");
    assert!(
        token.bytes().all(|b| alphabet.contains(&b)),
        "{command} {nbytes}: {token}"
    );
}

#[test]
fn text_tokens_have_cpython_lengths_and_alphabets() {
    for command in ["token-hex", "token-urlsafe", "token-base32"] {
        // Default: DEFAULT_ENTROPY = 32 bytes.
        let default = ok_text(&[command]);
        assert!(default.ends_with('\n'));
        check_token(command, 32, default.trim_end());
        for nbytes in [0u64, 1, 2, 3, 4, 5, 6, 7, 16, 31, 33, 64] {
            let args = [command, &nbytes.to_string()];
            // Below 8 bytes a token has less than 64 bits: a warning on stderr.
            let token = if nbytes < 8 {
                ok_weak_text(&args)
            } else {
                ok_text(&args)
            };
            check_token(command, nbytes, token.strip_suffix('\n').unwrap());
        }
    }
    assert_eq!(ok_text(&["token-urlsafe"]).trim_end().len(), 43);
}

#[test]
fn large_tokens_stream_in_pieces_that_concatenate() {
    // The encoder works on 15 KiB pieces; sizes around them must still give
    // one valid unpadded token.
    for nbytes in [15 * 1024 - 1, 15 * 1024, 15 * 1024 + 1, 3 * 15 * 1024 + 7] {
        for command in ["token-hex", "token-urlsafe", "token-base32"] {
            let token = ok_text(&[command, &nbytes.to_string()]);
            check_token(command, nbytes, token.strip_suffix('\n').unwrap());
        }
    }
}

#[test]
fn count_prints_distinct_tokens_one_a_line() {
    for command in ["token-hex", "token-urlsafe", "token-base32"] {
        let text = ok_text(&[command, "16", "-n", "50"]);
        let tokens = lines(&text);
        assert_eq!(tokens.len(), 50);
        for token in &tokens {
            check_token(command, 16, token);
        }
        assert_eq!(tokens.iter().collect::<HashSet<_>>().len(), 50);
        assert!(ok_text(&[command, "-n", "0"]).is_empty());
    }
}

#[test]
fn token_bytes_writes_exact_raw_bytes() {
    assert_eq!(ok(&["token-bytes"]).len(), 32);
    assert_eq!(ok_weak(&["token-bytes", "0"]).len(), 0);
    assert_eq!(ok_weak(&["token-bytes", "1"]).len(), 1);
    assert_eq!(ok(&["token-bytes", "1000000"]).len(), 1_000_000);
    assert_ne!(ok(&["token-bytes", "16"]), ok(&["token-bytes", "16"]));
}

/// Runs `shell_command` with stdout on a pseudo-terminal (util-linux
/// `script`), returning the exit status and everything written.
fn run_on_terminal(args: &str) -> (i32, String) {
    let binary = env!("CARGO_BIN_EXE_secrets");
    let output = Command::new("script")
        .args(["-qec", &format!("{binary} {args}"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` is needed to test terminal output");
    let code = output.status.code().expect("exit code");
    (code, String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn binary_output_to_a_terminal_is_refused_unless_forced() {
    for args in ["token-bytes 16", "bytes --count 16"] {
        let (code, text) = run_on_terminal(args);
        assert_eq!(code, 2, "{args}: {text}");
        assert!(
            text.contains("refusing to write binary output to a terminal"),
            "{text}"
        );
        let (code, _) = run_on_terminal(&format!("{args} --force"));
        assert_eq!(code, 0, "{args} --force");
    }
    // Text commands are fine on a terminal.
    let (code, text) = run_on_terminal("token-hex 8");
    assert_eq!(code, 0);
    assert!(text.trim().len() == 16, "{text:?}");
}

#[test]
fn binary_output_to_a_terminal_named_by_output_is_refused_too() {
    let (code, text) = run_on_terminal("bytes --count 16 --output /dev/tty");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("refusing to write binary output"), "{text}");
    let (code, _) = run_on_terminal("bytes --count 16 --output /dev/tty --force");
    assert_eq!(code, 0);
}

// ----- randbelow, randbits, choice -----------------------------------------

/// Decimal digits of 2^k, for comparing big outputs without a bigint crate.
fn pow2_decimal(k: u32) -> String {
    let mut digits = vec![1u8]; // little-endian base-10
    for _ in 0..k {
        let mut carry = 0;
        for d in &mut digits {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

/// `a < b` for decimal strings without leading zeros.
fn decimal_less(a: &str, b: &str) -> bool {
    (a.len(), a) < (b.len(), b)
}

fn decimal(text: &str) -> &str {
    let value = text.strip_suffix('\n').expect("newline");
    assert!(
        !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        "{value:?}"
    );
    assert!(value == "0" || !value.starts_with('0'), "{value:?}");
    value
}

#[test]
fn randbelow_covers_its_range_and_nothing_else() {
    assert_eq!(ok_text(&["randbelow", "1"]), "0\n");
    let mut seen = HashSet::new();
    for _ in 0..60 {
        let value: u32 = decimal(&ok_text(&["randbelow", "3"])).parse().unwrap();
        assert!(value < 3);
        seen.insert(value);
    }
    // Each value missing from 60 draws has probability (2/3)^60 < 3e-11.
    assert_eq!(seen.len(), 3);
    let big: u64 = decimal(&ok_text(&["randbelow", "18446744073709551615"]))
        .parse()
        .unwrap();
    assert!(big < u64::MAX);
    assert_eq!(ok_text(&["randbelow", "0x1"]), "0\n");
    assert_eq!(
        ok_text(&["randbelow", "1_0"])
            .trim()
            .parse::<u8>()
            .map(|v| v < 10),
        Ok(true)
    );
}

#[test]
fn randbelow_takes_bounds_of_any_size() {
    for k in [127u32, 128, 129, 1000, 8192] {
        let bound = pow2_decimal(k);
        let value = ok_text(&["randbelow", &bound]);
        assert!(decimal_less(decimal(&value), &bound), "2^{k}: {value}");
    }
    // Just above 2^1000, in hex: 0x1 followed by 250 zeros then 1.
    let hex_bound = format!("0x1{}1", "0".repeat(249));
    let value = ok_text(&["randbelow", &hex_bound]);
    assert!(decimal_less(decimal(&value), &pow2_decimal(1001)));
}

#[test]
fn randbelow_rejects_what_cpython_rejects() {
    for bad in ["0", "-1", "-0", "-340282366920938463463374607431768211456"] {
        usage_error(&["randbelow", bad], "Upper bound must be positive.");
    }
    for bad in ["", "abc", "1.5", "1e9", "0x", "--"] {
        let output = run(&["randbelow", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
    }
    usage_error(&["randbelow", "12abc"], "invalid N");
}

#[test]
fn randbits_has_k_bits_of_any_size() {
    assert_eq!(ok_text(&["randbits", "0"]), "0\n");
    for _ in 0..5 {
        let bit: u8 = decimal(&ok_text(&["randbits", "1"])).parse().unwrap();
        assert!(bit <= 1);
    }
    for k in [7u32, 64, 128, 129, 2048, 8192] {
        let value = ok_text(&["randbits", &k.to_string()]);
        assert!(decimal_less(decimal(&value), &pow2_decimal(k)), "k={k}");
    }
    // 2048 random bits fall below 2^2040 with probability 2^-8 each time:
    // across three draws, at least one is in the top 8 bits' range.
    let near_top = (0..3).any(|_| {
        let value = ok_text(&["randbits", "2048"]);
        !decimal_less(decimal(&value), &pow2_decimal(2040))
    });
    assert!(near_top, "randbits 2048 never used its top bits");
    usage_error(&["randbits", "-1"], "number of bits must be non-negative");
    usage_error(&["randbits", "1048577"], "too large");
    usage_error(&["randbits", "99999999999999999999999"], "too large");
    usage_error(&["randbits", "x"], "invalid K");
}

#[test]
fn choice_picks_one_of_the_items_unchanged() {
    let items = ["heads", "tails", "edge"];
    let mut seen = HashSet::new();
    for _ in 0..40 {
        let text = ok_text(&["choice", "heads", "tails", "edge"]);
        let picked = text.strip_suffix('\n').unwrap().to_owned();
        assert!(items.contains(&picked.as_str()), "{picked}");
        seen.insert(picked);
    }
    assert_eq!(seen.len(), 3);
    assert_eq!(ok_text(&["choice", "only"]), "only\n");
    assert_eq!(ok_text(&["choice", "--", "-v"]), "-v\n");
    assert_eq!(ok_text(&["choice", "two words"]), "two words\n");
    // An empty item is a valid item.
    assert_eq!(ok_text(&["choice", ""]), "\n");
}

#[test]
fn choice_of_nothing_is_cpythons_error() {
    usage_error(&["choice"], "Cannot choose from an empty sequence");
}

#[test]
fn choice_passes_non_utf8_items_through() {
    let raw = OsString::from_vec(b"caf\xe9".to_vec());
    let output = ok(&os_args!["choice", raw]);
    assert_eq!(output, b"caf\xe9\n");
}

// ----- password and passphrase ----------------------------------------------

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";

fn entropy_of(stderr: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("entropy: "))
        .expect("entropy line");
    line.trim_start_matches("entropy: ")
        .trim_end_matches(" bits")
        .parse()
        .expect("a number of bits")
}

#[test]
fn password_default_and_length() {
    let default = ok_text(&["password"]);
    let password = default.strip_suffix('\n').unwrap();
    assert_eq!(password.chars().count(), 20);
    assert!(password.bytes().all(|b| b.is_ascii_graphic()), "{password}");
    for length in [1usize, 7, 64] {
        let args = ["password", "--length", &length.to_string()];
        // 7 characters of 94 are 45.9 bits: below 64, with a warning.
        let text = if length < 10 {
            ok_weak_text(&args)
        } else {
            ok_text(&args)
        };
        assert_eq!(text.trim_end_matches('\n').chars().count(), length);
    }
    let many = ok_text(&["password", "-n", "20"]);
    assert_eq!(lines(&many).iter().collect::<HashSet<_>>().len(), 20);
}

#[test]
fn password_classes_and_require_each() {
    let digits = ok_text(&["password", "--classes", "digits", "--length", "40"]);
    assert!(
        digits.trim_end().chars().all(|c| c.is_ascii_digit()),
        "{digits}"
    );
    let letters = ok_text(&["password", "--classes", "lower,upper", "--length", "40"]);
    assert!(
        letters.trim_end().chars().all(|c| c.is_ascii_alphabetic()),
        "{letters}"
    );
    // Short passwords: without rejection, many would miss a class.
    let text = ok_weak_text(&["password", "--require-each", "--length", "4", "-n", "200"]);
    for password in lines(&text) {
        assert!(password.chars().any(|c| LOWER.contains(c)), "{password}");
        assert!(password.chars().any(|c| UPPER.contains(c)), "{password}");
        assert!(password.chars().any(|c| DIGITS.contains(c)), "{password}");
        assert!(
            password.chars().any(|c| c.is_ascii_punctuation()),
            "{password}"
        );
    }
}

#[test]
fn password_excludes_ambiguous_characters() {
    let text = ok_text(&[
        "password",
        "--exclude-ambiguous",
        "--length",
        "200",
        "-n",
        "5",
    ]);
    for c in secrets::AMBIGUOUS_CHARS.chars() {
        assert!(!text.contains(c), "{c:?} in {text}");
    }
}

#[test]
fn password_custom_alphabet() {
    let text = ok_text(&["password", "--alphabet", "ab", "--length", "100"]);
    let password = text.trim_end();
    assert_eq!(password.len(), 100);
    assert!(password.contains('a') && password.contains('b'));
    assert!(password.chars().all(|c| c == 'a' || c == 'b'));
    let unicode = ok_weak_text(&["password", "--alphabet", "äöü€", "--length", "10"]);
    assert_eq!(unicode.trim_end().chars().count(), 10);
    assert!(unicode.trim_end().chars().all(|c| "äöü€".contains(c)));
}

#[test]
fn password_entropy_is_printed_to_stderr() {
    let output = run(&[
        "password",
        "--alphabet",
        "0123456789abcdef",
        "--length",
        "40",
        "--entropy",
    ]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim_end().len(), 40);
    assert!((entropy_of(&output.stderr) - 160.0).abs() < 0.05);
    let output = run(&["password", "--entropy"]);
    // 20 * log2(94) = 131.09
    assert!((entropy_of(&output.stderr) - 131.1).abs() < 0.05);
}

#[test]
fn password_bad_policies_are_usage_errors() {
    usage_error(&["password", "--alphabet", ""], "alphabet");
    usage_error(&["password", "--alphabet", "aa"], "repeats");
    usage_error(&["password", "--classes", "emoji"], "classes");
    usage_error(&["password", "--classes", ""], "classes");
    usage_error(&["password", "--length", "0"], "length");
    usage_error(&["password", "--length", "-3"], "negative");
    usage_error(&["password", "-n", "-3"], "negative");
    usage_error(&["passphrase", "--words", "-3"], "negative");
    usage_error(
        &["password", "--alphabet", "ab", "--classes", "lower"],
        "cannot be used with",
    );
    usage_error(
        &["password", "--alphabet", "0O1l", "--exclude-ambiguous"],
        "ambiguous",
    );
    let non_utf8 = OsString::from_vec(b"ab\xff".to_vec());
    usage_error(&os_args!["password", "--alphabet", non_utf8], "UTF-8");
}

fn words_of_file(path: &Path) -> HashSet<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn passphrase_from_a_wordlist_file() {
    let dir = scratch_dir("wordlist");
    let path = dir.join("words.txt");
    let list: Vec<String> = (0..100).map(|i| format!("word{i}")).collect();
    fs::write(&path, list.join("\n") + "\n").unwrap();
    let known = words_of_file(&path);
    let output = command()
        .args([
            "passphrase",
            "--words",
            "8",
            "--separator",
            "-",
            "--entropy",
            "--wordlist",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let words: Vec<&str> = text.trim_end().split('-').collect();
    assert_eq!(words.len(), 8, "{text}");
    assert!(words.iter().all(|w| known.contains(*w)), "{text}");
    // 8 * log2(100) = 53.15
    assert!((entropy_of(&output.stderr) - 53.15).abs() < 0.06);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn passphrase_eff_lists() {
    let large = ok_text(&["passphrase"]);
    let words: Vec<&str> = large.trim_end().split(' ').collect();
    assert_eq!(words.len(), 6, "{large}");
    assert!(
        words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    );
    let output = run(&[
        "passphrase",
        "--wordlist",
        "eff-large",
        "--words",
        "6",
        "--entropy",
    ]);
    assert!(output.status.success());
    // 6 * log2(7776) = 77.55
    assert!((entropy_of(&output.stderr) - 77.5).abs() < 0.1);
    let output = run(&[
        "passphrase",
        "--wordlist",
        "eff-short",
        "--words",
        "4",
        "--entropy",
    ]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .split(' ')
            .count(),
        4
    );
    // 4 * log2(1296) = 41.36
    assert!((entropy_of(&output.stderr) - 41.4).abs() < 0.1);
    let text = ok_weak_text(&["passphrase", "--separator", "", "--words", "3", "-n", "4"]);
    assert_eq!(lines(&text).len(), 4);
    assert!(!text.contains(' '));
}

#[test]
fn passphrase_non_utf8_separator_is_written_as_is() {
    let dir = scratch_dir("separator");
    let path = dir.join("words.txt");
    fs::write(&path, "alpha\nbravo\ncharlie\n").unwrap();
    let separator = OsString::from_vec(b"\xff".to_vec());
    let output = ok_weak(&os_args![
        "passphrase",
        "--words",
        "3",
        "-n",
        "2",
        "--wordlist",
        path,
        "--separator",
        separator
    ]);
    let phrases: Vec<&[u8]> = output
        .strip_suffix(b"\n")
        .unwrap()
        .split(|&b| b == b'\n')
        .collect();
    assert_eq!(phrases.len(), 2, "{output:?}");
    for phrase in phrases {
        let words: Vec<&[u8]> = phrase.split(|&b| b == 0xff).collect();
        assert_eq!(words.len(), 3, "{output:?}");
        for word in words {
            assert!(
                [&b"alpha"[..], b"bravo", b"charlie"].contains(&word),
                "{output:?}"
            );
        }
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn passphrase_bad_input_is_a_usage_error() {
    let dir = scratch_dir("badlist");
    let good = dir.join("good.txt");
    fs::write(&good, "alpha\nbravo\n").unwrap();
    usage_error(
        &os_args!["passphrase", "--words", "0", "--wordlist", good],
        "words",
    );
    let repeated = dir.join("repeated.txt");
    fs::write(&repeated, "alpha\nalpha\n").unwrap();
    let empty = dir.join("empty.txt");
    fs::write(&empty, "\n\n").unwrap();
    let wordlists = [
        (repeated.into_os_string(), "repeats"),
        (OsString::new(), "wordlist"),
        (dir.join("missing.txt").into_os_string(), "missing.txt"),
        (empty.into_os_string(), "wordlist"),
        (
            OsString::from_vec(b"/nonexistent/\xff.txt".to_vec()),
            "wordlist",
        ),
    ];
    for (wordlist, needle) in &wordlists {
        usage_error(&os_args!["passphrase", "--wordlist", wordlist], needle);
    }
    fs::remove_dir_all(&dir).unwrap();
}

// ----- bytes ----------------------------------------------------------------

#[test]
fn bytes_count_is_exact_around_block_boundaries() {
    for count in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7] {
        let output = ok(&["bytes", "--count", &count.to_string()]);
        assert_eq!(output.len() as u64, count);
    }
}

#[test]
fn bytes_count_suffixes() {
    // As coreutils reads them: `head -c 1K` is 1024 bytes, `1KB` 1000.
    for (text, expected) in [
        ("1K", 1_024u64),
        ("1k", 1_024),
        ("1KB", 1_000),
        ("1kB", 1_000),
        ("1KiB", 1_024),
        ("2M", 2 << 20),
        ("2MB", 2_000_000),
        ("1MiB", 1 << 20),
        ("1_000", 1_000),
        ("0G", 0),
        ("0GiB", 0),
        ("0P", 0),
        ("0E", 0),
    ] {
        let output = ok(&["bytes", "--size", text]);
        assert_eq!(output.len() as u64, expected, "{text}");
    }
    // -c is the short form.
    assert_eq!(ok(&["bytes", "-c", "5"]).len(), 5);
}

#[test]
fn bytes_bad_sizes_are_usage_errors() {
    for (text, needle) in [
        ("", "empty"),
        ("-1", "negative"),
        ("abc", "whole number"),
        ("1.5G", "fraction"),
        ("1X", "unknown suffix"),
        ("1__0", "'_'"),
        ("18446744073709551616", "too large"),
        ("20000000000GiB", "too large"),
        ("16E", "too large"),
        ("1Z", "too large"),
    ] {
        let line = usage_error(&["bytes", "--size", text], needle);
        assert!(line.contains("--size"), "{line}");
    }
}

#[test]
fn closed_pipe_ends_quietly_with_status_0() {
    for args in [
        vec!["bytes"],
        vec!["bytes", "--backend", "chacha20"],
        vec!["token-hex", "-n", "100000000"],
        vec!["uuid", "-n", "100000000"],
    ] {
        let mut child = command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = vec![0u8; 1 << 20];
        stdout.read_exact(&mut first).expect("read");
        drop(stdout);
        let output = child.wait_with_output().expect("wait");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn full_disk_on_stdout_is_an_io_error() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let args = ["bytes", "--count", "1000"];
    let output = command().args(args).stdout(full).output().unwrap();
    failed_with(&output, &args.map(OsStr::new), 1, "No space left");
}

#[test]
fn output_file_gets_exactly_the_count() {
    let dir = scratch_dir("output");
    let path = dir.join("random.bin");
    for count in [0u64, 1, BLOCK + 1] {
        write_output(&path, count);
        assert_eq!(fs::metadata(&path).unwrap().len(), count);
        // Only the final file: no temporary left behind.
        assert_eq!(dir_entries(&dir), vec![OsString::from("random.bin")]);
    }
    // Replacing an existing file works, and `-` means stdout.
    assert_eq!(ok(&["bytes", "--count", "9", "--output", "-"]).len(), 9);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_into_a_missing_directory_creates_nothing() {
    let dir = scratch_dir("missing");
    let target = dir.join("no-such-dir").join("random.bin");
    fails_with(
        &os_args!["bytes", "--count", "10", "--output", target],
        1,
        "random.bin",
    );
    assert!(dir_entries(&dir).is_empty());
    // A directory as the target is a usage error; it stays untouched.
    usage_error(
        &os_args!["bytes", "--count", "1", "--output", dir],
        "is a directory",
    );
    usage_error(&["bytes", "--output", ""], "a value is required");
    assert!(dir_entries(&dir).is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

/// A fresh scratch directory holding `random.bin` with "old content";
/// returns the directory and the file.
fn dir_with_old_file(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch_dir(name);
    let path = dir.join("random.bin");
    fs::write(&path, b"old content").unwrap();
    (dir, path)
}

/// Runs `bytes --count 1MiB --output DIR/random.bin` over an existing file
/// under a 100-block file-size limit, with `shell_prefix` before the limit;
/// returns the output and the scratch directory.
fn write_over_file_size_limit(name: &str, shell_prefix: &str) -> (Output, PathBuf) {
    let (dir, path) = dir_with_old_file(name);
    let script = format!(
        "{shell_prefix}ulimit -f 100; exec \"$0\" bytes --count 1MiB --output '{}'",
        path.display()
    );
    let output = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_secrets")])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (output, dir)
}

#[test]
fn failed_write_leaves_no_partial_file_and_keeps_the_old_one() {
    // The file-size limit makes write(2) fail with EFBIG part-way through
    // (SIGXFSZ ignored so the process sees the error instead of dying).
    let (output, dir) = write_over_file_size_limit("efbig", "trap '' XFSZ; ");
    let path = dir.join("random.bin");
    failed_with(&output, &[OsStr::new("bytes --output")], 1, "cannot write");
    assert_eq!(fs::read(&path).unwrap(), b"old content");
    assert_eq!(dir_entries(&dir), vec![OsString::from("random.bin")]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_size_limit_is_an_error_not_a_kill() {
    // Without `trap '' XFSZ` the default action of SIGXFSZ would kill the
    // process and leave its temporary file: the command must make it an error.
    let (output, dir) = write_over_file_size_limit("xfsz", "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{:?} {stderr}",
        output.status
    );
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(fs::read(dir.join("random.bin")).unwrap(), b"old content");
    assert_eq!(dir_entries(&dir), vec![OsString::from("random.bin")]);
    fs::remove_dir_all(&dir).unwrap();
}

/// Runs `bytes --count N --output PATH` and asserts success.
fn write_output(path: &Path, count: u64) {
    write_output_with(command(), path, count);
}

/// [`write_output`] through `command` (e.g. as another user).
fn write_output_with(mut command: Command, path: &Path, count: u64) {
    let output = command
        .args(["bytes", "--count", &count.to_string(), "--output"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

/// The command, run as the unprivileged user `nobody` when the tests run as
/// root (`setpriv`), so "works as a normal user" is tested either way.
fn command_as_normal_user() -> Command {
    let is_root = fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false);
    if !is_root {
        return command();
    }
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_secrets"))
        .stdin(Stdio::null());
    command
}

fn running_as_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn output_to_dev_null_writes_through_as_a_normal_user() {
    let before = fs::metadata("/dev/null").unwrap();
    assert!(before.file_type().is_char_device());
    for command in [command(), command_as_normal_user()] {
        write_output_with(command, Path::new("/dev/null"), 1 << 20);
        let after = fs::metadata("/dev/null").unwrap();
        assert!(after.file_type().is_char_device(), "/dev/null was replaced");
        assert_eq!((after.ino(), after.rdev()), (before.ino(), before.rdev()));
    }
}

#[test]
fn output_through_a_symlink_replaces_the_target_not_the_link() {
    let dir = scratch_dir("symlink");
    let elsewhere = scratch_dir("symlink-target");
    let real = elsewhere.join("real.bin");
    fs::write(&real, b"old content").unwrap();
    // A chain of two links, the first relative.
    std::os::unix::fs::symlink(&real, dir.join("absolute")).unwrap();
    std::os::unix::fs::symlink("absolute", dir.join("link")).unwrap();
    write_output(&dir.join("link"), 1000);
    assert!(fs::symlink_metadata(dir.join("link")).unwrap().is_symlink());
    assert!(
        fs::symlink_metadata(dir.join("absolute"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(fs::read(&real).unwrap().len(), 1000);
    // The temporary file lived (and died) beside the target.
    assert_eq!(dir_entries(&elsewhere), vec![OsString::from("real.bin")]);
    assert_eq!(
        dir_entries(&dir),
        vec![OsString::from("absolute"), OsString::from("link")]
    );
    // A dangling link is followed too: its target is created, as with `>`.
    std::os::unix::fs::symlink(elsewhere.join("new.bin"), dir.join("dangling")).unwrap();
    write_output(&dir.join("dangling"), 7);
    assert!(
        fs::symlink_metadata(dir.join("dangling"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(fs::read(elsewhere.join("new.bin")).unwrap().len(), 7);
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&elsewhere).unwrap();
}

#[test]
fn output_to_a_fifo_writes_through_to_its_reader() {
    let dir = scratch_dir("fifo");
    let fifo = dir.join("pipe");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            fs::File::open(fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    let count = 3 * BLOCK + 5;
    write_output(&fifo, count);
    // Checked first: had the FIFO been replaced, the reader would wait forever.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let received = reader.join().unwrap();
    assert_eq!(received.len() as u64, count);
    assert!(received.iter().any(|&b| b != 0));
    assert_eq!(dir_entries(&dir), vec![OsString::from("pipe")]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_keeps_hard_links() {
    let dir = scratch_dir("hardlink");
    let first = dir.join("first");
    let second = dir.join("second");
    fs::write(&first, vec![b'x'; 5000]).unwrap();
    fs::hard_link(&first, &second).unwrap();
    let inode = fs::metadata(&first).unwrap().ino();
    write_output(&first, 1000);
    let (a, b) = (
        fs::metadata(&first).unwrap(),
        fs::metadata(&second).unwrap(),
    );
    assert_eq!((a.ino(), b.ino(), a.nlink()), (inode, inode, 2));
    let content = fs::read(&second).unwrap();
    assert_eq!(content.len(), 1000, "shorter output truncates the file");
    assert_ne!(content, vec![b'x'; 1000]);
    assert_eq!(fs::read(&first).unwrap(), content);
    assert_eq!(
        dir_entries(&dir),
        vec![OsString::from("first"), OsString::from("second")]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_keeps_mode_and_owner_of_a_regular_file() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = dir_with_old_file("mode");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    if running_as_root() {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    }
    let before = fs::metadata(&path).unwrap();
    write_output(&path, 100);
    let after = fs::metadata(&path).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.len(), 100);
    // A new file is private: it holds secrets.
    write_output(&dir.join("new.bin"), 10);
    assert_eq!(
        fs::metadata(dir.join("new.bin")).unwrap().mode() & 0o777,
        0o600
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn someone_elses_writable_file_is_updated_in_place() {
    // As `nobody`, in a directory anyone may write: root's 0666 file cannot
    // be replaced by one owned by nobody, so it is rewritten in place.
    if !running_as_root() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    // Under the system temporary directory, not the target directory: a
    // checkout may sit below a directory `nobody` cannot enter (mktemp -d
    // makes it 0700), and the point here is the file, not the path to it.
    let dir = std::env::temp_dir().join(format!("secrets-cli-foreign-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    let path = dir.join("shared.bin");
    fs::write(&path, b"old content").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    write_output_with(command_as_normal_user(), &path, 100);
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid(), after.ino()), (0, 0, inode));
    assert_eq!((after.mode() & 0o7777, after.len()), (0o666, 100));
    assert_eq!(dir_entries(&dir), vec![OsString::from("shared.bin")]);
    fs::remove_dir_all(&dir).unwrap();
}

/// Starts an endless-in-practice `bytes --output PATH` and waits until its
/// temporary file exists and holds data; returns the child and that file.
fn start_long_output(dir: &Path, path: &Path) -> (std::process::Child, PathBuf) {
    let mut child = command()
        .args(["bytes", "--count", "1TiB", "--output"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let prefix = format!(".random.bin.secrets-tmp-{}-", child.id());
    // A wait for an event, bounded so a broken build cannot hang the suite.
    for _ in 0..60_000 {
        let temp = dir_entries(dir)
            .into_iter()
            .find(|name| name.to_string_lossy().starts_with(&prefix));
        if let Some(temp) = temp {
            let temp = dir.join(temp);
            if fs::metadata(&temp).map(|m| m.len() > 0).unwrap_or(false) {
                return (child, temp);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no temporary file {prefix}* appeared in {}", dir.display());
}

fn send_signal(child: &std::process::Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn signals_mid_run_remove_the_temporary_file_and_keep_the_old_one() {
    use std::os::unix::process::ExitStatusExt;
    for (name, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let (dir, path) = dir_with_old_file(&format!("signal-{name}"));
        let (mut child, temp) = start_long_output(&dir, &path);
        send_signal(&child, name);
        let status = child.wait().unwrap();
        // Ended by that signal, as the shell expects, not by exit(1).
        assert_eq!(status.signal(), Some(number), "SIG{name}: {status:?}");
        assert!(!temp.exists(), "SIG{name} left {}", temp.display());
        assert_eq!(fs::read(&path).unwrap(), b"old content", "SIG{name}");
        assert_eq!(dir_entries(&dir), vec![OsString::from("random.bin")]);
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn sigkill_leaves_a_recognisable_private_temporary_file() {
    // What --help documents: only SIGKILL leaves `.NAME.secrets-tmp-PID-N`,
    // mode 0600, beside the target, whose old content stays.
    let (dir, path) = dir_with_old_file("sigkill");
    let (mut child, temp) = start_long_output(&dir, &path);
    send_signal(&child, "KILL");
    child.wait().unwrap();
    assert!(temp.exists());
    assert_eq!(fs::metadata(&temp).unwrap().mode() & 0o777, 0o600);
    assert_eq!(
        temp.file_name().unwrap().to_string_lossy(),
        format!(".random.bin.secrets-tmp-{}-0", child.id())
    );
    assert_eq!(fs::read(&path).unwrap(), b"old content");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn non_utf8_output_path_works() {
    let dir = scratch_dir("nonutf8");
    let path = dir.join(OsStr::from_bytes(b"r\xffndom.bin"));
    write_output(&path, 100);
    assert_eq!(fs::metadata(&path).unwrap().len(), 100);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn progress_bar_on_a_terminal_unless_disabled() {
    let dir = scratch_dir("progress");
    let path = dir.join("random.bin");
    // The first block draws the bar at once, so this does not depend on timing.
    let (code, text) = run_on_terminal(&format!("bytes --count 1 --output '{}'", path.display()));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("1 B/1 B"), "no progress bar: {text:?}");
    let (code, text) = run_on_terminal(&format!(
        "bytes --count 1 --no-progress --output '{}'",
        path.display()
    ));
    assert_eq!(code, 0, "{text}");
    assert!(text.is_empty(), "{text:?}");
    assert_eq!(fs::metadata(&path).unwrap().len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let output = run(&["bytes", "--count", "3MiB"]);
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    assert_eq!(output.stdout.len(), 3 << 20);
}

// ----- uuid ----------------------------------------------------------------

fn check_uuid(text: &str, version: char) {
    assert_eq!(text.len(), 36, "{text}");
    for (i, c) in text.chars().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            assert_eq!(c, '-', "{text}");
        } else {
            assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{text}");
        }
    }
    assert_eq!(text.as_bytes()[14], version as u8, "version of {text}");
    assert!(
        "89ab".contains(text.chars().nth(19).unwrap()),
        "variant of {text}"
    );
}

#[test]
fn uuid_v7_lines_are_strictly_sorted() {
    // `secrets uuid --v7 -n 1000 | sort -c`, without relying on the locale.
    let text = ok_text(&["uuid", "--v7", "-n", "1000"]);
    let lines = lines(&text);
    assert_eq!(lines.len(), 1000);
    for pair in lines.windows(2) {
        assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
    }
}

#[test]
fn uuids_have_version_and_variant_bits() {
    check_uuid(ok_text(&["uuid"]).trim_end(), '4');
    let text = ok_text(&["uuid", "-n", "100"]);
    let v4: Vec<&str> = lines(&text);
    assert_eq!(v4.len(), 100);
    v4.iter().for_each(|u| check_uuid(u, '4'));
    assert_eq!(v4.iter().collect::<HashSet<_>>().len(), 100);

    let text = ok_text(&["uuid", "--v7", "-n", "100"]);
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    for id in lines(&text) {
        check_uuid(id, '7');
        let hex: String = id.chars().filter(|c| *c != '-').take(12).collect();
        let millis = u128::from_str_radix(&hex, 16).unwrap();
        assert!(now_ms.abs_diff(millis) < 60_000, "timestamp of {id}");
    }
    assert_eq!(lines(&text).iter().collect::<HashSet<_>>().len(), 100);
    usage_error(&["uuid", "--v8"], "unexpected argument");
}
