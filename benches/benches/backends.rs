//! Every backend side by side, for people who prefer `cargo bench`:
//! `cargo bench -p secrets-benches --bench backends`.
//!
//! The same functions `cargo xtask bench` measures (which also writes
//! docs/benchmarks.md, adds baselines, 2 threads and peers): throughput of
//! `try_fill_bytes` at 16 B … 1 MiB per request through `AnyBackend`, and
//! small-token latency (`token_hex(16)`, `token_urlsafe(32)`,
//! `randbelow(10^6)`, a 16-character password) through the `Secrets`
//! handle. Unusable backends (no RDSEED on this CPU…) are skipped with a note.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::TryRng;
use secrets::{AnyBackend, PasswordPolicy, Secrets};
use secrets_bench::SIZES;

fn usable() -> Vec<&'static str> {
    secrets_bench::availability()
        .into_iter()
        .filter_map(|(info, check)| match check {
            Ok(()) => Some(info.name),
            Err(e) => {
                eprintln!("skipping {}: {e}", info.name);
                None
            }
        })
        .collect()
}

fn throughput(c: &mut Criterion) {
    for name in usable() {
        let mut group = c.benchmark_group(format!("fill/{name}"));
        let mut backend = AnyBackend::from_name(name).expect("usable backend");
        for size in SIZES {
            // RDSEED runs at megabytes per second: keep its large sizes short.
            if name == "rdseed" && size > 4 << 10 {
                continue;
            }
            let mut buffer = vec![0u8; size];
            group.throughput(Throughput::Bytes(size as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
                b.iter(|| {
                    backend.try_fill_bytes(&mut buffer).expect("backend failed");
                    black_box(buffer[0])
                });
            });
        }
        group.finish();
    }
}

fn latency(c: &mut Criterion) {
    let policy = PasswordPolicy {
        length: 16,
        ..PasswordPolicy::default()
    };
    for name in usable() {
        let mut group = c.benchmark_group(format!("token/{name}"));
        let mut s = Secrets::from_name(name).expect("usable backend");
        group.bench_function("token_hex(16)", |b| b.iter(|| s.token_hex(black_box(16))));
        group.bench_function("token_urlsafe(32)", |b| {
            b.iter(|| s.token_urlsafe(black_box(32)))
        });
        group.bench_function("randbelow(10^6)", |b| {
            b.iter(|| s.randbelow(black_box(1_000_000u64)).expect("randbelow"))
        });
        group.bench_function("password(16)", |b| {
            b.iter(|| s.password(&policy).expect("password"))
        });
        group.finish();
    }
}

criterion_group!(benches, throughput, latency);
criterion_main!(benches);
