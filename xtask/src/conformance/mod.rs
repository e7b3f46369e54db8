//! `cargo xtask conformance [--backend NAME]... [--quick] [--no-external] [--verbose]`
//!
//! One suite over every compiled backend (or the ones named), printed as a
//! pass/fail matrix of backends × checks; exits non-zero on any failure.
//!
//! | column | what |
//! | --- | --- |
//! | api | token lengths and alphabets, sampling ranges and errors (CPython's semantics) through the facade's handle |
//! | free-fns | the free functions behave as the handle does (default backend only) |
//! | kat | `self_test()`, RFC 8439 ChaCha vectors, NIST CAVP CTR_DRBG files |
//! | sp800-22 | our SP 800-22 battery + byte chi-square on 64 MiB (4 MiB `--quick`) |
//! | sampling | chi-square uniformity of randbelow (7 bounds), randbits, randint, random, choice, shuffle, the token encoders |
//! | rngtest, dieharder, ent | external batteries when installed |
//! | faults | health tests under injected faults (hardware); entropy-source failures (DRBGs) |
//! | fork | a forked child never repeats its parent's bytes |
//!
//! The generic checks are the `secrets-conformance` crate's
//! ([`run_suite`], which every backend's own tests also run, at a smaller
//! size); the backend-specific ones (kat, faults, free-fns) are here.

mod faults;
mod known_answers;

use std::time::{Duration, Instant};

use secrets::registry::{self, Faults, KnownAnswers};
use secrets::{AnyBackend, Error, Secrets};
use secrets_conformance::{CheckResult, DECISION_ALPHA, Decision, Status, SuiteOptions, run_suite};
use secrets_rdrand::Instruction;

/// The matrix columns, in order.
const COLUMNS: [&str; 10] = [
    "api",
    "free-fns",
    "kat",
    "sp800-22",
    "sampling",
    "rngtest",
    "dieharder",
    "ent",
    "faults",
    "fork",
];

/// Arguments of `cargo xtask conformance`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Test only this backend (repeatable); default: every compiled backend.
    #[arg(long = "backend", value_name = "NAME")]
    backends: Vec<String>,
    /// CI size: 4 MiB battery, fewer draws, light external runs.
    #[arg(long)]
    quick: bool,
    /// Skip rngtest, dieharder and ent even when installed.
    #[arg(long)]
    no_external: bool,
    /// Print every decision, not only failures.
    #[arg(long, short)]
    verbose: bool,
}

/// One backend's results.
struct Row {
    name: String,
    results: Vec<CheckResult>,
    elapsed: Duration,
}

impl Row {
    fn get(&self, column: &str) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.check == column)
    }
}

fn not_applicable(check: &'static str, why: &str) -> CheckResult {
    CheckResult::skip(check, format!("n/a: {why}"))
}

/// Entry point of `cargo xtask conformance`.
pub fn main(args: Args) -> Result<(), String> {
    let Args {
        backends: requested,
        quick,
        no_external,
        verbose,
    } = args;
    let compiled: Vec<&str> = secrets::compiled_backends()
        .iter()
        .map(|b| b.name)
        .collect();
    for name in &requested {
        if !compiled.contains(&name.as_str()) {
            return Err(format!(
                "unknown or not compiled backend `{name}`; compiled: {}",
                compiled.join(", ")
            ));
        }
    }
    let mut options = if quick {
        SuiteOptions::QUICK
    } else {
        SuiteOptions::FULL
    };
    if no_external {
        options.external = None;
    }
    let explicit = !requested.is_empty();
    let names: Vec<String> = if explicit {
        requested
    } else {
        compiled.iter().map(|s| s.to_string()).collect()
    };

    let battery = options.battery;
    println!(
        "conformance: {} backend(s), battery {} MiB in {} sub-sequences, {} draws per sampling test, decisions at alpha = {DECISION_ALPHA:e}{}",
        names.len(),
        battery.total_bytes() >> 20,
        battery.sequences,
        options.sampling_draws,
        if quick { " (--quick)" } else { "" }
    );
    let started = Instant::now();
    let mut rows = Vec::new();
    for name in &names {
        let begin = Instant::now();
        let results = run_backend(name, explicit, &options);
        let elapsed = begin.elapsed();
        eprintln!("({:.1} s)", elapsed.as_secs_f64());
        rows.push(Row {
            name: name.clone(),
            results,
            elapsed,
        });
    }
    print_matrix(&rows);
    let failures = print_details(&rows, verbose);
    println!("total time {:.1} s", started.elapsed().as_secs_f64());
    if failures > 0 {
        Err(format!("{failures} check(s) failed"))
    } else {
        println!("all checks passed");
        Ok(())
    }
}

/// Every check on one backend.
fn run_backend(name: &str, explicit: bool, options: &SuiteOptions) -> Vec<CheckResult> {
    let mut backend = match AnyBackend::from_name(name) {
        Ok(b) => b,
        Err(e @ Error::Unavailable { .. }) if !explicit => {
            let why = format!("unavailable here: {e}");
            return COLUMNS
                .iter()
                .map(|&c| CheckResult::skip(c, why.clone()))
                .collect();
        }
        Err(e) => return vec![CheckResult::error("api", format!("cannot construct: {e}"))],
    };
    let make = || AnyBackend::from_name(name).map_err(|e| e.to_string());
    let mut results = run_suite(name, &make, options);

    results.push(if name == secrets::default_backend_name() {
        CheckResult::from_result("free-fns", free_functions(name))
    } else {
        not_applicable(
            "free-fns",
            &format!(
                "the free functions use `{}`",
                secrets::default_backend_name()
            ),
        )
    });

    let id = backend.id();
    let mut kat = vec![known_answers::self_test(&mut backend)];
    let kat_result = match id.known_answers() {
        KnownAnswers::SelfTestOnly => Ok(Vec::new()),
        KnownAnswers::Rfc8439 => known_answers::chacha_rfc8439(),
        KnownAnswers::Cavp { file, section } => known_answers::cavp(file, section),
    };
    results.push(match kat_result {
        Ok(more) => {
            kat.extend(more);
            CheckResult::from_decisions("kat", kat)
        }
        Err(e) => CheckResult::error("kat", e),
    });

    results.push(match id.faults() {
        Faults::NotInjectable(why) => not_applicable("faults", why),
        Faults::HealthTests(instruction) => CheckResult::from_result(
            "faults",
            faults::hardware(match instruction {
                registry::Instruction::RdRand => Instruction::RdRand,
                registry::Instruction::RdSeed => Instruction::RdSeed,
            }),
        ),
        Faults::EntropySource => CheckResult::from_result("faults", faults::drbg(id)),
    });
    results
}

/// The free functions against the handle on the default backend: same
/// lengths, alphabets and errors.
fn free_functions(name: &str) -> Result<Vec<Decision>, String> {
    let mut handle = Secrets::from_name(name).map_err(|e| e.to_string())?;
    let mut d = Vec::new();
    let mut same = |label: &str, ok: bool, detail: String| {
        d.push(Decision::exact(label, ok, detail));
    };
    /// Both calls fail, with the same error.
    fn same_error<T: PartialEq + std::fmt::Debug>(
        free: &Result<T, Error>,
        mine: &Result<T, Error>,
    ) -> (bool, String) {
        (
            free.is_err() && free == mine,
            format!("{free:?} / {mine:?}"),
        )
    }
    for n in [0usize, 1, 16, 32, 33] {
        for (label, free, mine) in [
            ("token_hex", secrets::token_hex(n), handle.token_hex(n)),
            (
                "token_urlsafe",
                secrets::token_urlsafe(n),
                handle.token_urlsafe(n),
            ),
            (
                "token_base32",
                secrets::token_base32(n),
                handle.token_base32(n),
            ),
        ] {
            // Only the hex token's alphabet is checked here.
            let alphabet_ok = label != "token_hex"
                || free
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
            same(
                &format!("{label}({n})"),
                free.len() == mine.len() && alphabet_ok,
                format!("{free:?} / {mine:?}"),
            );
        }
        let (free, mine) = (secrets::token_bytes(n), handle.token_bytes(n));
        same(
            &format!("token_bytes({n})"),
            free.len() == mine.len(),
            format!("{} / {}", free.len(), mine.len()),
        );
    }
    let (ok, detail) = same_error(&secrets::randbelow(0), &handle.randbelow(0u64));
    same("randbelow(0) error", ok, detail);
    let (ok, detail) = same_error(&secrets::randbits(129), &handle.randbits(129));
    same("randbits(129) error", ok, detail);
    same(
        "randbits(0)",
        secrets::randbits(0) == Ok(0) && handle.randbits(0) == Ok(0),
        String::new(),
    );
    let empty: [u8; 0] = [];
    let (ok, detail) = same_error(&secrets::choice(&empty), &handle.choice(&empty));
    same("choice([]) error", ok, detail);
    let in_range = (0..1000).all(|_| matches!(secrets::randbelow(10), Ok(v) if v < 10));
    same("randbelow(10) in range", in_range, "1000 draws".into());
    let digest_ok = secrets::compare_digest(b"abc", b"abc")
        && !secrets::compare_digest(b"abc", b"abd")
        && !secrets::compare_digest(b"abc", b"abcd")
        && Secrets::<AnyBackend>::compare_digest(b"abc", b"abc")
        && !Secrets::<AnyBackend>::compare_digest(b"abc", b"ab");
    same(
        "compare_digest",
        digest_ok,
        "equal, unequal, unequal lengths".into(),
    );
    Ok(d)
}

fn print_matrix(rows: &[Row]) {
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(7).max(7);
    let mut header = format!("\n{:<name_width$}", "backend");
    for c in COLUMNS {
        header.push_str(&format!(" {c:>9}"));
    }
    header.push_str("   time");
    println!("{header}");
    println!("{}", "-".repeat(header.len() - 1));
    for row in rows {
        let mut line = format!("{:<name_width$}", row.name);
        for c in COLUMNS {
            let cell = match row.get(c) {
                Some(r) if r.status == Status::Skip && r.summary.starts_with("n/a") => {
                    "·".to_string()
                }
                Some(r) if r.passed_on_second_run().is_some() => "pass*".to_string(),
                Some(r) => r.status.to_string(),
                None => "·".to_string(),
            };
            line.push_str(&format!(" {cell:>9}"));
        }
        line.push_str(&format!(" {:>5.1}s", row.elapsed.as_secs_f64()));
        println!("{line}");
    }
    println!(
        "(pass / pass* = passed on a second run, see below / FAIL / skip = not run, see notes / · = not applicable)"
    );
}

/// Prints failures (and every decision with `verbose`), the checks that
/// passed only on a second run, and the skip notes; returns the number of
/// failed checks.
fn print_details(rows: &[Row], verbose: bool) -> usize {
    let mut failures = 0;
    let mut notes: Vec<String> = Vec::new();
    let mut second_runs: Vec<String> = Vec::new();
    for row in rows {
        for result in &row.results {
            match result.status {
                Status::Fail => {
                    failures += 1;
                    println!("\nFAIL {} / {}", row.name, result.failure_report());
                }
                Status::Skip if !result.summary.starts_with("n/a") => {
                    let note = format!("{}: {}", result.check, result.summary);
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
                _ => {}
            }
            if let Some(first) = result.passed_on_second_run() {
                // A chance failure that a fresh generator did not repeat.
                second_runs.push(format!(
                    "{} / {} passed on a second, fresh generator; the first failed {first}",
                    row.name, result.check
                ));
            }
            if verbose && result.status != Status::Fail {
                println!(
                    "\n{} / {}: {} — {}",
                    row.name, result.check, result.status, result.summary
                );
                for d in &result.decisions {
                    println!(
                        "    [{}] {} (P = {:.3e}): {}",
                        if d.passed { "ok" } else { "FAIL" },
                        d.name,
                        d.p_value,
                        d.detail
                    );
                }
            }
        }
    }
    if !second_runs.is_empty() {
        println!("\nsecond runs (a statistical failure that did not repeat):");
        for line in second_runs {
            println!("  {line}");
        }
    }
    if !notes.is_empty() {
        println!("\nnotes:");
        for note in notes {
            println!("  skip {note}");
        }
    }
    failures
}
