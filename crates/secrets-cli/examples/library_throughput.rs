//! The baseline for `secrets bytes` throughput: the backend's own fill rate
//! through the library, with no command around it.
//!
//! `cargo run --release -p secrets-cli --example library_throughput -- BACKEND [BYTES] [BLOCK]`
//! prints MB/s (10^6 bytes per second) for filling BYTES (default 2e9) in
//! blocks of BLOCK bytes (default 256 KiB, the command's block size).
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        eprintln!("usage: library_throughput BACKEND [BYTES] [BLOCK]");
        return ExitCode::from(2);
    };
    let parse = |arg: Option<String>, default: u64| match arg {
        None => Some(default),
        Some(text) => text.parse::<u64>().ok(),
    };
    let (Some(total), Some(block)) = (
        parse(args.next(), 2_000_000_000),
        parse(args.next(), 256 * 1024),
    ) else {
        eprintln!("BYTES and BLOCK must be whole numbers");
        return ExitCode::from(2);
    };
    let Ok(block) = usize::try_from(block) else {
        eprintln!("BLOCK is too large");
        return ExitCode::from(2);
    };
    let mut secrets = match secrets::Secrets::from_name(&name) {
        Ok(secrets) => secrets,
        Err(error) => {
            eprintln!("{name}: {error}");
            return ExitCode::from(2);
        }
    };
    let mut buffer = vec![0u8; block];
    let start = Instant::now();
    let mut left = total;
    while left > 0 {
        let len = usize::try_from(left).map_or(block, |l| l.min(block));
        if let Err(error) = secrets.try_fill_bytes(&mut buffer[..len]) {
            eprintln!("{name}: {error}");
            return ExitCode::FAILURE;
        }
        black_box(&buffer);
        left -= len as u64;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("{name} {:.0} MB/s", total as f64 / seconds / 1e6);
    ExitCode::SUCCESS
}
