//! `cargo xtask`: project tasks.
//!
//! One `match` over subcommands; each lives in its own module with a
//! `main(args: &[String]) -> Result<(), String>` entry point.
//!
//! `unsafe` is denied everywhere except two audited spots: the real `fork`
//! of the conformance suite and the bare RDRAND baseline loop of the bench.
#![deny(unsafe_code)]

mod bench;
mod conformance;
mod ct;
mod fuzz;
mod kat;
mod stats;

const USAGE: &str = "usage: cargo xtask <task> [args]

tasks:
  conformance [--backend NAME]... [--quick]   one suite over every backend
  bench [--quick]                             throughput/latency vs baselines and peers
  ct [--samples N] [--quick]                  dudect constant-time test of compare_digest
  fuzz [--seconds S] [--parallel N] [--cmin] [TARGET]...  cargo-fuzz targets, with figures
  kat FILE.rsp...                             NIST CAVP CTR_DRBG response files";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let result = match task.as_str() {
        "conformance" => conformance::main(rest),
        "bench" => bench::main(rest),
        "ct" => ct::main(rest),
        "fuzz" => fuzz::main(rest),
        "kat" => kat::main(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("xtask: unknown task `{other}`\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(message) = result {
        eprintln!("xtask: {message}");
        std::process::exit(1);
    }
}
