//! Integration tests of the habits the command shares with coreutils, pwgen,
//! xkcdpass and openssl: the real binary, run as a user or a script would.
//! (`cli.rs` holds the original suite; this file the flags of issue 18.)

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use secrets::{BackendKind, Encoding, SHELL_SAFE_SYMBOLS, SYMBOLS, compiled_backends};

/// The threaded stream's block size (`threads::BLOCK_SIZE` in the binary).
const BLOCK: usize = 1 << 20;

fn secrets(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the secrets binary")
}

/// What a run printed, after checking it succeeded.
struct Printed {
    stdout: Vec<u8>,
    stderr: String,
}

impl Printed {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("UTF-8 output")
    }

    fn lines(&self) -> Vec<&str> {
        self.text().lines().collect()
    }

    /// The one number printed.
    fn number(&self) -> u64 {
        self.text().trim_end().parse().expect("a number")
    }

    /// The bits of the weak-entropy warning, if there is one.
    fn warned_bits(&self) -> Option<f64> {
        let rest = self.stderr.split("has only ").nth(1)?;
        rest.split(' ').next()?.parse().ok()
    }

    /// The figure of the `--entropy` line.
    fn entropy(&self) -> f64 {
        let rest = self
            .stderr
            .split("entropy: ")
            .nth(1)
            .expect("an entropy line");
        rest.split(' ').next().unwrap().parse().unwrap()
    }
}

fn success(args: &[&str]) -> Printed {
    let output = secrets(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?}: {stderr}");
    Printed {
        stdout: output.stdout,
        stderr,
    }
}

/// `secrets bytes --backend BACKEND --threads THREADS --size SIZE`, which
/// must succeed.
fn threaded_bytes(backend: &str, threads: &str, size: &str) -> Printed {
    success(&[
        "bytes",
        "--backend",
        backend,
        "--threads",
        threads,
        "--size",
        size,
    ])
}

/// Asserts exit status 2 with one stderr line containing `needle`.
fn refused(args: &[&str], needle: &str) -> String {
    let output = secrets(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?}: {stderr:?} lacks {needle:?}"
    );
    stderr
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("secrets-eco-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn word_file(dir: &Path, words: &[&str]) -> String {
    let path = dir.join("words.txt");
    fs::write(&path, words.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_owned()
}

fn drbg_names() -> Vec<&'static str> {
    compiled_backends()
        .iter()
        .filter(|info| info.kind == BackendKind::Drbg)
        .map(|info| info.name)
        .collect()
}

// ----- completions and manual -------------------------------------------------

#[test]
fn completions_for_each_shell_offer_the_registry_backends() {
    for shell in ["bash", "zsh", "fish"] {
        let script = success(&["completions", shell]);
        let text = script.text();
        assert!(text.contains("secrets"), "{shell}");
        for flag in [
            "--threads",
            "--symbol-set",
            "--acrostic",
            "--number",
            "--size",
        ] {
            assert!(
                text.contains(flag.trim_start_matches('-')),
                "{shell}: {flag}"
            );
        }
        for info in compiled_backends() {
            assert!(
                text.contains(info.name),
                "{shell} lacks backend {}",
                info.name
            );
        }
    }
    refused(&["completions", "tcsh"], "invalid value");
    refused(&["completions"], "required");
}

#[test]
fn bash_completion_script_is_valid_bash() {
    let script = success(&["completions", "bash"]);
    let dir = scratch("bash");
    let path = dir.join("secrets.bash");
    fs::write(&path, &script.stdout).unwrap();
    let status = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success(), "bash -n rejected the completion script");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn man_pages_for_the_command_and_each_subcommand() {
    let page = success(&["man"]);
    assert!(page.text().contains(".TH secrets 1"));
    assert!(page.text().contains("passphrase"));
    let password = success(&["man", "password"]);
    assert!(password.text().contains(".TH secrets-password 1"));
    assert!(password.text().contains("symbol\\-set"));
    let bytes = success(&["man", "bytes"]);
    assert!(bytes.text().contains("threads"));
    refused(&["man", "frobnicate"], "no subcommand 'frobnicate'");
}

// ----- numbers, sizes, names -----------------------------------------------------

#[test]
fn digit_groups_are_accepted_by_every_numeric_argument() {
    assert_eq!(success(&["token-hex", "1_6"]).text().trim_end().len(), 32);
    assert_eq!(success(&["token-hex", "-n", "1_0"]).lines().len(), 10);
    assert_eq!(
        success(&["password", "--length", "2_0"])
            .text()
            .trim_end()
            .len(),
        20
    );
    let phrase = success(&["passphrase", "--words", "1_0"]);
    assert_eq!(phrase.text().split(' ').count(), 10);
    assert!(success(&["randbelow", "1_000"]).number() < 1000);
    assert!(success(&["randbits", "1_0"]).number() < 1024);
    assert_eq!(
        success(&["bytes", "--size", "1_0K"]).stdout.len(),
        10 * 1024
    );
    let threaded = threaded_bytes(drbg_names()[0], "0_2", "1_000");
    assert_eq!(threaded.stdout.len(), 1000);
}

#[test]
fn a_bad_digit_group_gets_the_same_message_everywhere() {
    let mut messages = HashSet::new();
    for args in [
        &["token-hex", "1__6"][..],
        &["token-hex", "-n", "1__6"],
        &["password", "--length", "1__6"],
        &["passphrase", "--words", "1__6"],
        &["bytes", "--size", "1__6"],
        &["randbelow", "1__6"],
        &["randbits", "1__6"],
        &["bytes", "--threads", "1__6"],
    ] {
        let line = refused(args, "'_' may only stand between two digits, as in 1_000");
        let reason = line.rsplit(": ").next().unwrap();
        messages.insert(reason.split("; try").next().unwrap().trim_end().to_owned());
    }
    for args in [
        &["token-hex", "-3"][..],
        &["bytes", "--size", "-3"],
        &["password", "-n", "-3"],
    ] {
        refused(args, "must not be negative");
    }
    assert_eq!(messages.len(), 1, "{messages:?}");
}

#[test]
fn sizes_read_as_coreutils_reads_them() {
    for (text, expected) in [
        ("2K", 2048usize),
        ("2KB", 2000),
        ("2KiB", 2048),
        ("1M", 1 << 20),
        ("1MB", 1_000_000),
    ] {
        assert_eq!(
            success(&["bytes", "--size", text]).stdout.len(),
            expected,
            "{text}"
        );
    }
    // P and E are known (and large); Z and Y are known and too large.
    refused(&["bytes", "--size", "16E"], "too large");
    refused(&["bytes", "--size", "1Z"], "too large");
    refused(&["bytes", "--size", "1Q"], "unknown suffix");
}

#[test]
fn count_still_works_as_the_old_spelling() {
    assert_eq!(success(&["token-hex", "--count", "3"]).lines().len(), 3);
    assert_eq!(success(&["password", "--count", "2"]).lines().len(), 2);
    assert_eq!(success(&["uuid", "--count", "4"]).lines().len(), 4);
    assert_eq!(success(&["bytes", "--count", "1K"]).stdout.len(), 1024);
    assert_eq!(success(&["token-hex", "--number", "3"]).lines().len(), 3);
    // The help names the new spellings and says the old one still works.
    let help = success(&["token-hex", "--help"]);
    assert!(help.text().contains("-n, --number <COUNT>"));
    assert!(
        help.text()
            .contains("--count, the old spelling, still works")
    );
    assert!(
        success(&["bytes", "--help"])
            .text()
            .contains("-c, --size <N>")
    );
}

#[test]
fn help_shows_the_defaults() {
    for (command, defaults) in [
        (
            "password",
            &[
                "[default: 20]",
                "[default: lower,upper,digits,symbols]",
                "[default: all]",
                "[default: 1]",
            ][..],
        ),
        (
            "passphrase",
            &[
                "[default: 6]",
                "[default: eff-large]",
                "[default: as-is]",
                "[default: \" \"]",
            ],
        ),
        ("token-hex", &["[default: 32]"]),
        ("token-bytes", &["[default: 32]"]),
        ("bytes", &["[default: 1]"]),
    ] {
        let help = success(&[command, "--help"]);
        for default in defaults {
            assert!(help.text().contains(default), "{command}: {default}");
        }
    }
}

// ----- weak results ----------------------------------------------------------------

#[test]
fn results_below_64_bits_come_with_a_warning() {
    assert_eq!(success(&["token-hex", "7"]).warned_bits(), Some(56.0));
    assert_eq!(success(&["token-urlsafe", "4"]).warned_bits(), Some(32.0));
    assert_eq!(success(&["token-hex", "8"]).stderr, "");
    assert_eq!(success(&["token-bytes", "2"]).warned_bits(), Some(16.0));
    // 9 digits: 29.9 bits.
    let pin = success(&["password", "--classes", "digits", "--length", "9"]);
    assert!(
        (pin.warned_bits().unwrap() - 29.9).abs() < 0.05,
        "{}",
        pin.stderr
    );
    // 4 EFF words: 51.7 bits; 5: 64.6 bits, no warning.
    assert!(
        (success(&["passphrase", "--words", "4"])
            .warned_bits()
            .unwrap()
            - 51.7)
            .abs()
            < 0.05
    );
    assert_eq!(success(&["passphrase", "--words", "5"]).stderr, "");
    assert_eq!(success(&["password"]).stderr, "");
}

#[test]
fn zero_bit_passwords_and_passphrases_need_force() {
    refused(&["password", "--alphabet", "a"], "0 bits of entropy");
    refused(
        &["password", "--classes", "digits", "--exclude", "012345678"],
        "--force",
    );
    let forced = success(&["password", "--alphabet", "a", "--length", "5", "--force"]);
    assert_eq!(forced.text(), "aaaaa\n");
    assert_eq!(forced.warned_bits(), Some(0.0));
    let dir = scratch("one-word");
    let list = word_file(&dir, &["lonely"]);
    refused(&["passphrase", "--wordlist", &list], "0 bits of entropy");
    let forced = success(&["passphrase", "--wordlist", &list, "--words", "2", "--force"]);
    assert_eq!(forced.text(), "lonely lonely\n");
    fs::remove_dir_all(&dir).unwrap();
}

// ----- passwords: pwgen's habits -------------------------------------------------------

#[test]
fn shell_safe_symbol_set() {
    let shell = success(&[
        "password",
        "--classes",
        "symbols",
        "--symbol-set",
        "shell",
        "--length",
        "400",
        "--entropy",
    ]);
    let drawn: HashSet<char> = shell.text().trim_end().chars().collect();
    assert_eq!(
        drawn,
        SHELL_SAFE_SYMBOLS.chars().collect(),
        "all nine and nothing else"
    );
    // 400 * log2(9)
    assert!((shell.entropy() - 400.0 * 9f64.log2()).abs() < 0.1);
    let all = success(&["password", "--classes", "symbols", "--length", "3000"]);
    let drawn: HashSet<char> = all.text().trim_end().chars().collect();
    assert_eq!(
        drawn,
        SYMBOLS.chars().collect(),
        "the default set has all 32"
    );
    // With letters too, only the symbols change.
    let mixed = success(&["password", "--symbol-set", "shell", "--length", "2000"]);
    assert!(
        mixed
            .text()
            .trim_end()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SHELL_SAFE_SYMBOLS.contains(c))
    );
    let help = success(&["password", "--help"]);
    assert!(help.text().contains("'all'") && help.text().contains("%+,-./:@_"));
    refused(&["password", "--symbol-set", "emoji"], "invalid value");
}

#[test]
fn exclude_removes_characters_and_the_entropy_follows() {
    let text = success(&["password", "--exclude", "abcXYZ019", "--length", "3000"]);
    assert!(
        !text
            .text()
            .contains(['a', 'b', 'c', 'X', 'Y', 'Z', '0', '1', '9'])
    );
    let narrowed = success(&[
        "password",
        "--alphabet",
        "abcd",
        "--exclude",
        "ab",
        "--length",
        "64",
        "--entropy",
    ]);
    assert!(
        narrowed
            .text()
            .trim_end()
            .chars()
            .all(|c| c == 'c' || c == 'd')
    );
    assert!((narrowed.entropy() - 64.0).abs() < 0.01);
    refused(
        &["password", "--classes", "digits", "--exclude", "0123456789"],
        "no characters are left",
    );
}

#[test]
fn dash_b_drops_ambiguous_characters_as_pwgen() {
    let text = success(&["password", "-B", "--length", "3000"]);
    for c in secrets::AMBIGUOUS_CHARS.chars() {
        assert!(!text.text().contains(c), "{c:?}");
    }
    let long_form = success(&["password", "--exclude-ambiguous", "--entropy"]);
    let short_form = success(&["password", "-B", "--entropy"]);
    assert_eq!(long_form.entropy(), short_form.entropy());
}

// ----- passphrases: xkcdpass's habits ---------------------------------------------------

#[test]
fn word_length_limits() {
    let dir = scratch("lengths");
    let words = [
        "a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh",
    ];
    let list = word_file(&dir, &words);
    let phrase = success(&[
        "passphrase",
        "--wordlist",
        &list,
        "--min",
        "3",
        "--max",
        "5",
        "--words",
        "60",
        "--entropy",
    ]);
    let seen: HashSet<&str> = phrase.text().trim_end().split(' ').collect();
    assert_eq!(seen, HashSet::from(["ccc", "dddd", "eeeee"]));
    assert!((phrase.entropy() - 60.0 * 3f64.log2()).abs() < 0.05);
    let long_names = success(&[
        "passphrase",
        "--wordlist",
        &list,
        "--min-word-length",
        "8",
        "--words",
        "2",
        "--force",
    ]);
    assert_eq!(long_names.text(), "hhhhhhhh hhhhhhhh\n");
    refused(
        &[
            "passphrase",
            "--wordlist",
            &list,
            "--min",
            "6",
            "--max",
            "5",
        ],
        "above",
    );
    refused(
        &["passphrase", "--wordlist", &list, "--min", "9"],
        "no word of the list",
    );
    // The EFF large list: every word within the limits.
    let eff = success(&["passphrase", "--min", "4", "--max", "5", "--words", "30"]);
    assert!(
        eff.text()
            .trim_end()
            .split(' ')
            .all(|w| (4..=5).contains(&w.chars().count()))
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn case_options() {
    let upper = success(&["passphrase", "--case", "upper", "--words", "8"]);
    assert!(
        upper.text().trim_end().chars().all(|c| !c.is_lowercase()),
        "{}",
        upper.text()
    );
    let capitalized = success(&["passphrase", "--case", "capitalize", "--words", "8"]);
    for word in capitalized.text().trim_end().split(' ') {
        let mut chars = word.chars();
        assert!(chars.next().unwrap().is_uppercase(), "{word}");
        assert!(chars.all(|c| !c.is_uppercase()), "{word}");
    }
    let dir = scratch("case");
    let list = word_file(&dir, &["ab", "cd"]);
    let random = success(&[
        "passphrase",
        "--wordlist",
        &list,
        "--case",
        "random",
        "--words",
        "80",
        "--entropy",
    ]);
    let seen: HashSet<&str> = random.text().trim_end().split(' ').collect();
    assert_eq!(seen, HashSet::from(["ab", "AB", "cd", "CD"]));
    assert!((random.entropy() - 160.0).abs() < 0.01, "two bits a word");
    // Words that become equal count once: no bias, no inflated entropy.
    let twins = word_file(&dir, &["Apple", "apple", "pear"]);
    let lowered = success(&[
        "passphrase",
        "--wordlist",
        &twins,
        "--case",
        "lower",
        "--words",
        "64",
        "--entropy",
    ]);
    assert!((lowered.entropy() - 64.0).abs() < 0.01);
    let one = word_file(&dir, &["Apple", "apple"]);
    refused(
        &["passphrase", "--wordlist", &one, "--case", "lower"],
        "0 bits",
    );
    refused(&["passphrase", "--case", "sideways"], "invalid value");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn acrostic() {
    let dir = scratch("acrostic");
    let list = word_file(
        &dir,
        &[
            "cat", "cow", "crab", "crow", "ant", "ape", "toad", "tiger", "tern", "tuna", "trout",
            "tapir", "teal", "tit", "zebra",
        ],
    );
    let phrase = success(&[
        "passphrase",
        "--wordlist",
        &list,
        "--acrostic",
        "CAT",
        "--entropy",
        "-n",
        "20",
    ]);
    for line in phrase.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        assert_eq!(words.len(), 3, "{line}");
        assert!(
            words[0].starts_with('c') && words[1].starts_with('a') && words[2].starts_with('t'),
            "{line}"
        );
    }
    // log2(4) + log2(2) + log2(8) = 6 bits, with a warning.
    assert!((phrase.entropy() - 6.0).abs() < 0.01);
    assert_eq!(phrase.warned_bits(), Some(6.0));
    let eff = success(&["passphrase", "--acrostic", "secret"]);
    let words: Vec<&str> = eff.text().trim_end().split(' ').collect();
    assert_eq!(words.len(), 6);
    for (word, letter) in words.iter().zip("secret".chars()) {
        assert!(word.starts_with(letter), "{word}");
    }
    refused(
        &["passphrase", "--wordlist", &list, "--acrostic", "cx"],
        "no word of the list starts with 'x'",
    );
    refused(
        &["passphrase", "--acrostic", "abc", "--words", "3"],
        "cannot be used with",
    );
    refused(&["passphrase", "--acrostic", ""], "at least one letter");
    fs::remove_dir_all(&dir).unwrap();
}

// ----- numbers and choices ---------------------------------------------------------

#[test]
fn dash_n_on_randbelow_randbits_and_choice() {
    let below = success(&["randbelow", "10", "-n", "300"]);
    let values: HashSet<u32> = below.lines().iter().map(|l| l.parse().unwrap()).collect();
    assert_eq!(
        values,
        (0..10).collect(),
        "300 draws cover 0..10 and nothing else"
    );
    let bits = success(&["randbits", "3", "-n", "200"]);
    let values: HashSet<u32> = bits.lines().iter().map(|l| l.parse().unwrap()).collect();
    assert_eq!(values, (0..8).collect());
    let big = success(&["randbits", "200", "--number", "5"]);
    assert_eq!(big.lines().len(), 5);
    let picks = success(&["choice", "-n", "100", "heads", "tails"]);
    assert_eq!(
        picks.lines().into_iter().collect::<HashSet<_>>(),
        HashSet::from(["heads", "tails"])
    );
    assert_eq!(success(&["choice", "-n", "0", "x"]).stdout, b"");
    refused(
        &["randbelow", "0", "-n", "3"],
        "Upper bound must be positive.",
    );
}

// ----- token-base64 ----------------------------------------------------------------

#[test]
fn token_base64_is_standard_padded_base64() {
    for nbytes in [1usize, 2, 3, 12, 32, 15 * 1024 + 1, 3 * 15 * 1024 + 2] {
        let out = success(&["token-base64", &nbytes.to_string()]);
        let token = out.text().strip_suffix('\n').unwrap();
        assert_eq!(token.len(), 4 * nbytes.div_ceil(3), "{nbytes}");
        let decoded = Encoding::Base64Standard
            .decode(token)
            .expect("valid standard base64");
        assert_eq!(decoded.len(), nbytes);
    }
    let default = success(&["token-base64"]);
    assert_eq!(default.text().trim_end().len(), 44);
    // Over many tokens, both characters that set it apart from URL-safe base64 appear.
    let many = success(&["token-base64", "-n", "200"]);
    assert!(many.text().contains('+') && many.text().contains('/'));
    assert!(success(&["token-base64", "1"]).text().ends_with("==\n"));
}

// ----- bytes --threads ------------------------------------------------------------------

#[test]
fn threads_give_exact_counts_around_block_boundaries() {
    for backend in drbg_names() {
        for threads in ["2", "3"] {
            for count in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 3] {
                let out = threaded_bytes(backend, threads, &count.to_string());
                assert_eq!(out.stdout.len(), count, "{backend} -j{threads} {count}");
            }
        }
    }
}

#[test]
fn threads_never_repeat_a_block() {
    let out = threaded_bytes(drbg_names()[0], "4", &(16 * BLOCK).to_string());
    let blocks: HashSet<&[u8]> = out.stdout.chunks(BLOCK).collect();
    assert_eq!(blocks.len(), 16, "every block distinct");
    let ones: u64 = out.stdout.iter().map(|b| u64::from(b.count_ones())).sum();
    let ratio = ones as f64 / (out.stdout.len() * 8) as f64;
    assert!((ratio - 0.5).abs() < 0.001, "{ratio}");
}

#[test]
fn threads_need_a_drbg_and_at_least_one() {
    let line = refused(
        &["bytes", "--backend", "os", "--threads", "2", "--size", "1"],
        "needs a DRBG backend",
    );
    for name in drbg_names() {
        assert!(line.contains(name), "{line}");
    }
    refused(&["bytes", "--threads", "0"], "at least 1");
    // One thread is the plain stream, whatever the backend.
    assert_eq!(
        success(&["bytes", "--backend", "os", "--threads", "1", "--size", "10"])
            .stdout
            .len(),
        10
    );
}

#[test]
fn threads_write_files_and_stop_quietly_at_a_closed_pipe() {
    let dir = scratch("threads");
    let path = dir.join("random.bin");
    let chacha = drbg_names()[0];
    success(&[
        "bytes",
        "--backend",
        chacha,
        "-j",
        "2",
        "--size",
        "3MiB",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(fs::metadata(&path).unwrap().len(), 3 << 20);
    // Endless, read by `head`: ends with status 0 and nothing on stderr.
    let shell = format!(
        "{} bytes --backend {chacha} --threads 2 | head -c 5000000 | wc -c",
        env!("CARGO_BIN_EXE_secrets")
    );
    let out = Command::new("sh").args(["-c", &shell]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "5000000");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threads_keep_the_progress_bar() {
    let dir = scratch("threads-progress");
    let path = dir.join("random.bin");
    let chacha = drbg_names()[0];
    let command = format!(
        "{} bytes --backend {chacha} --threads 2 --size 1 --output '{}'",
        env!("CARGO_BIN_EXE_secrets"),
        path.display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script`");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 B/1 B"), "no progress bar: {text:?}");
    fs::remove_dir_all(&dir).unwrap();
}
