//! `cargo xtask`: project tasks.
//!
//! One `match` over subcommands; each lives in its own module with a
//! `main(args: &[String]) -> Result<(), String>` entry point.
//!
#![forbid(unsafe_code)]

mod bench;
mod conformance;
mod ct;
mod doc_examples;
mod fuzz;
mod kat;
mod miri;
mod nopanic;
mod test;
mod torture;

const USAGE: &str = "usage: cargo xtask <task> [args]

tasks:
  test                                        every test: what the README and CI run
  conformance [--backend NAME]... [--quick]   one suite over every backend
  bench [--quick]                             throughput/latency vs baselines and peers
  ct [--samples N] [--quick]                  dudect constant-time test of compare_digest
  doc-examples                                every public item has a doc example (nightly)
  fuzz [--seconds S] [--parallel N] [--cmin] [TARGET]...  cargo-fuzz targets, with figures
  nopanic                                     can a backend's fill path panic? (call graph)
  torture [--tokens N] [--depth D]            threads, fork, signals, panics: heavy run
  miri [ARGS]                                 Miri over secrets-core and secrets-encode
  kat FILE.rsp...                             NIST CAVP CTR/Hash/HMAC_DRBG response files";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let result = match task.as_str() {
        "test" => test::main(rest),
        "conformance" => conformance::main(rest),
        "bench" => bench::main(rest),
        "ct" => ct::main(rest),
        "doc-examples" => doc_examples::main(rest),
        "fuzz" => fuzz::main(rest),
        "miri" => miri::main(rest),
        "nopanic" => nopanic::main(rest),
        "torture" => torture::main(rest),
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
