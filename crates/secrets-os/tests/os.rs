//! Behaviour of the OS backend on this machine: sizes, threads, paths.

use std::collections::HashSet;

use rand_core::TryRng;
use secrets_core::{Backend, BackendKind};
use secrets_os::{OsRng, Path};

/// The kernel release as (major, minor), from uname(2).
fn kernel_version() -> (u32, u32) {
    // SAFETY: uname fills the zero-initialised struct we pass it.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is a valid, writable utsname.
    assert_eq!(unsafe { libc::uname(&mut name) }, 0);
    let release: Vec<u8> = name
        .release
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    let release = String::from_utf8(release).expect("ASCII release");
    let mut parts = release.split(|c: char| !c.is_ascii_digit());
    let major = parts.next().and_then(|p| p.parse().ok()).expect("major");
    let minor = parts.next().and_then(|p| p.parse().ok()).expect("minor");
    (major, minor)
}

fn forced_by_env() -> bool {
    std::env::var_os(secrets_os::FORCE_SYSCALL_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// On x86-64 Linux 6.11+ the vDSO path must be in use (unless the user
/// forced the system call): a silent fallback fails here. Also run, with the
/// environment override set, by `env_override_forces_the_syscall`.
#[test]
fn path_matches_kernel_and_environment() {
    let expect_vdso = cfg!(all(target_os = "linux", target_arch = "x86_64"))
        && !cfg!(secrets_force_syscall)
        && kernel_version() >= (6, 11)
        && !forced_by_env();
    let mut rng = OsRng::new().unwrap();
    let before = secrets_os::thread_counters();
    let mut buf = [0u8; 32];
    rng.try_fill_bytes(&mut buf).unwrap();
    let after = secrets_os::thread_counters();
    if expect_vdso {
        assert!(secrets_os::vdso_active(), "{:?}", secrets_os::vdso_info());
        assert_eq!(rng.path(), Path::Vdso);
        assert_eq!(after.vdso, before.vdso + 1, "the vDSO served the request");
        assert_eq!(after.syscall, before.syscall);
        let info = secrets_os::vdso_info().unwrap();
        assert_eq!(info.symbol, "__vdso_getrandom");
        assert_eq!(info.version, "LINUX_2.6");
        assert!(info.pages_mapped >= 1 && info.states_in_use >= 1);
    } else {
        assert_eq!(after.syscall, before.syscall + 1);
    }
    if forced_by_env() {
        assert_eq!(secrets_os::active_path(), Path::Syscall);
        let reason = secrets_os::vdso_info().unwrap_err();
        let expected = if cfg!(secrets_force_syscall) {
            "secrets_force_syscall"
        } else if cfg!(all(
            target_os = "linux",
            any(target_arch = "x86_64", target_arch = "aarch64")
        )) {
            "SECRETS_OS_FORCE_SYSCALL"
        } else {
            "only on Linux"
        };
        assert!(reason.contains(expected), "{reason}");
    }
    println!("secrets-os-path={:?}", secrets_os::active_path());
}

#[test]
fn env_override_forces_the_syscall() {
    // Re-run the test above in a child process with the override set.
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "path_matches_kernel_and_environment",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(secrets_os::FORCE_SYSCALL_ENV, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("secrets-os-path=Syscall"), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn syscall_only_takes_the_syscall() {
    let mut rng = OsRng::syscall_only();
    assert_eq!(rng.path(), Path::Syscall);
    let before = secrets_os::thread_counters();
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    rng.try_fill_bytes(&mut a).unwrap();
    rng.try_fill_bytes(&mut b).unwrap();
    let after = secrets_os::thread_counters();
    assert_eq!(after.syscall, before.syscall + 2);
    assert_eq!(after.vdso, before.vdso);
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

fn check_sizes(mut fill: impl FnMut(&mut [u8])) {
    for len in [0usize, 1, 31, 32, 33, 4096, 1 << 20] {
        let mut a = vec![0u8; len];
        let mut b = vec![0u8; len];
        fill(&mut a);
        fill(&mut b);
        if len == 0 {
            continue;
        }
        if len >= 16 {
            // 2^-128 chance of a false failure.
            assert_ne!(a, b, "two {len}-byte requests were equal");
            assert!(a.iter().any(|&x| x != 0), "{len} bytes all zero");
        } else {
            // One byte: compare several draws instead.
            let draws: HashSet<u8> = (0..64)
                .map(|_| {
                    let mut one = [0u8; 1];
                    fill(&mut one);
                    one[0]
                })
                .collect();
            assert!(draws.len() > 8, "64 one-byte draws gave {draws:?}");
        }
        if len >= 4096 {
            // Every byte position is written: no stretch of 64 zero bytes
            // (probability 2^-512 per window in random data).
            assert!(a.chunks(64).all(|c| c.iter().any(|&x| x != 0)));
            // Roughly half the bits set.
            let ones: u64 = a.iter().map(|x| u64::from(x.count_ones())).sum();
            let bits = len as u64 * 8;
            assert!(
                ones.abs_diff(bits / 2) < bits / 20,
                "{ones} of {bits} bits set"
            );
        }
    }
}

#[test]
fn request_sizes_default_path() {
    check_sizes(|buf| secrets_os::fill(buf).unwrap());
    let mut rng = OsRng::new().unwrap();
    check_sizes(|buf| rng.try_fill_bytes(buf).unwrap());
}

#[test]
fn request_sizes_syscall_path() {
    let mut rng = OsRng::syscall_only();
    check_sizes(|buf| rng.try_fill_bytes(buf).unwrap());
}

#[test]
fn empty_request_counts_nothing() {
    let before = secrets_os::thread_counters();
    secrets_os::fill(&mut []).unwrap();
    OsRng::syscall_only().try_fill_bytes(&mut []).unwrap();
    assert_eq!(secrets_os::thread_counters(), before);
}

#[test]
fn many_threads_at_once_get_distinct_output() {
    const THREADS: usize = 16;
    const DRAWS: usize = 200;
    let barrier = std::sync::Barrier::new(THREADS);
    let outputs: Vec<(Vec<[u8; 32]>, secrets_os::ThreadCounters)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let draws: Vec<[u8; 32]> = (0..DRAWS)
                        .map(|i| {
                            let mut buf = [0u8; 32];
                            if i % 2 == 0 {
                                secrets_os::fill(&mut buf).unwrap();
                            } else {
                                OsRng::new().unwrap().try_fill_bytes(&mut buf).unwrap();
                            }
                            buf
                        })
                        .collect();
                    (draws, secrets_os::thread_counters())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: HashSet<[u8; 32]> = outputs
        .iter()
        .flat_map(|(d, _)| d.iter().copied())
        .collect();
    assert_eq!(all.len(), THREADS * DRAWS, "a 32-byte output repeated");
    for (_, counters) in &outputs {
        assert_eq!(counters.vdso + counters.syscall, DRAWS as u64);
        if secrets_os::vdso_active() {
            // A fresh thread may only fall back if no state slot was free.
            assert!(counters.vdso >= DRAWS as u64 - 1, "{counters:?}");
        }
    }
}

#[test]
fn rng_trait_surface() {
    let mut rng = OsRng::default();
    assert_eq!(rng.name(), "os");
    assert_eq!(rng.kind(), BackendKind::Os);
    assert_eq!(format!("{rng:?}"), "OsRng { .. }");
    rng.self_test().unwrap();
    rng.reseed().unwrap();
    let words: HashSet<u64> = (0..100).map(|_| rng.try_next_u64().unwrap()).collect();
    assert_eq!(words.len(), 100);
    let halves: HashSet<u32> = (0..100).map(|_| rng.try_next_u32().unwrap()).collect();
    assert!(halves.len() >= 99);
    // Works with the rand_core ecosystem through the infallible adapter.
    use rand_core::Rng;
    let mut infallible = rand_core::UnwrapErr(OsRng::new().unwrap());
    assert_ne!(infallible.next_u64(), infallible.next_u64());
}

#[test]
fn not_copy() {
    // A compile-time property (the build fails if OsRng becomes Copy),
    // spelled as a trait probe: the inherent const exists only for Copy types.
    trait NotCopy {
        const IS_COPY: bool = false;
    }
    impl<T> NotCopy for T {}
    struct Probe<T>(std::marker::PhantomData<T>);
    #[allow(dead_code)]
    impl<T: Copy> Probe<T> {
        const IS_COPY: bool = true;
    }
    const { assert!(!<Probe<OsRng>>::IS_COPY) };
    // The probe does detect Copy types.
    const { assert!(<Probe<u8>>::IS_COPY) };
}
