//! The OS backend (issue 6): the vDSO path of `secrets_os::fill` against a
//! bare `getrandom::fill` (the system call) in the same run, for 16-byte,
//! 32-byte and 1 MiB requests; plus `secrets::token_hex(16)` on the OS
//! backend against a bare fill + `hex::encode`.
//!
//! Targets: 32 bytes ≥ 4.5× faster than `getrandom::fill`, 1 MiB ≥ 1.6×;
//! `token_hex(16)` ≥ 10× faster than CPython's `secrets.token_hex(16)`
//! (measure that with `python3 -m timeit -s "import secrets"
//! "secrets.token_hex(16)"` right after this bench).
//!
//! `cargo bench -p secrets-benches --bench os`; set
//! `SECRETS_OS_FORCE_SYSCALL=1` to see the fallback path alone.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::TryRng;

fn fill_sizes(c: &mut Criterion) {
    eprintln!(
        "secrets-os path: {} ({:?})",
        secrets_os::active_path(),
        secrets_os::vdso_info()
    );
    let mut group = c.benchmark_group("os-fill");
    for size in [16usize, 32, 1 << 20] {
        let mut buf = vec![0u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("getrandom::fill", size), &size, |b, _| {
            b.iter(|| getrandom::fill(black_box(&mut buf)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("secrets_os::fill", size), &size, |b, _| {
            b.iter(|| secrets_os::fill(black_box(&mut buf)).unwrap())
        });
        let mut syscall_only = secrets_os::OsRng::syscall_only();
        group.bench_with_input(
            BenchmarkId::new("OsRng::syscall_only", size),
            &size,
            |b, _| b.iter(|| syscall_only.try_fill_bytes(black_box(&mut buf)).unwrap()),
        );
    }
    group.finish();
}

fn token_hex_16(c: &mut Criterion) {
    let mut group = c.benchmark_group("os-token-hex-16");
    group.bench_function("getrandom::fill + hex::encode", |b| {
        b.iter(|| {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).unwrap();
            hex::encode(black_box(bytes))
        })
    });
    group.bench_function("secrets_os::fill + hex::encode", |b| {
        b.iter(|| {
            let mut bytes = [0u8; 16];
            secrets_os::fill(&mut bytes).unwrap();
            hex::encode(black_box(bytes))
        })
    });
    group.bench_function("secrets::token_hex", |b| {
        b.iter(|| secrets::token_hex(black_box(16)))
    });
    group.finish();
}

criterion_group!(benches, fill_sizes, token_hex_16);
criterion_main!(benches);
