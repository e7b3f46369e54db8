//! The library in a hostile environment, each case in a real process (this
//! test binary re-executed with one test, so that a seccomp filter or a
//! resource limit never touches the harness):
//!
//! - `getrandom` blocked by a seccomp filter, with ENOSYS and with EPERM;
//!   alone (the `getrandom` crate then reads `/dev/urandom`, the same kernel
//!   generator, which the test checks is what served the bytes) and together
//!   with `open`/`openat` (then there is no kernel generator left: the OS
//!   backend must fail with the errno, zeroing the buffer, and every DRBG
//!   must fail to seed);
//! - a DRBG whose entropy source fails on reseed, then recovers: every
//!   refused request is zeroed, nothing is generated past the reseed
//!   interval on stale state, and no 16-byte block ever repeats;
//! - a low `RLIMIT_AS`: every backend constructs or reports an error, and
//!   works.
//!
//! Each test prints `torture:` lines with its figures, which
//! `cargo xtask torture` collects.
#![cfg(target_os = "linux")]
#![allow(unsafe_code)]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rand_core::TryRng;
use secrets::{BackendId, Error};

mod process;
use process::{drbg_backends, isolated};
use secrets_core::EntropySource;

/// Adds the 16-byte blocks of `bytes` to `seen`; false on a repeat.
fn all_new(bytes: &[u8], seen: &mut HashSet<u128>) -> bool {
    bytes
        .chunks_exact(16)
        .all(|b| seen.insert(u128::from_le_bytes(b.try_into().expect("16 bytes"))))
}

// ----- getrandom blocked by seccomp ------------------------------------------

#[cfg(target_arch = "x86_64")]
mod seccomp {
    /// `AUDIT_ARCH_X86_64` from `linux/audit.h`.
    const ARCH: u32 = 0xC000_003E;
    /// `offsetof(struct seccomp_data, nr)` and `arch`.
    const NR: u32 = 0;
    const ARCH_OFFSET: u32 = 4;
    /// `openat2`, not in every libc release.
    const SYS_OPENAT2: i64 = 437;

    fn statement(code: u32, k: u32) -> libc::sock_filter {
        libc::sock_filter {
            code: code as u16,
            jt: 0,
            jf: 0,
            k,
        }
    }

    fn jump(code: u32, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
        libc::sock_filter {
            code: code as u16,
            jt,
            jf,
            k,
        }
    }

    /// Installs a filter that makes each of `calls` fail with `errno` and
    /// allows everything else, for this process and its children. Needs no
    /// privilege (`PR_SET_NO_NEW_PRIVS` first).
    pub fn block(calls: &[i64], errno: i32) {
        let count = u8::try_from(calls.len()).expect("a few calls");
        let mut program = vec![
            statement(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, ARCH_OFFSET),
            // Another architecture's calls: allowed (this test makes none).
            jump(
                libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K,
                ARCH,
                0,
                count + 1,
            ),
            statement(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, NR),
        ];
        for (i, &call) in calls.iter().enumerate() {
            let to_errno = count - u8::try_from(i).expect("small");
            let nr = u32::try_from(call).expect("a system call number");
            program.push(jump(
                libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K,
                nr,
                to_errno,
                0,
            ));
        }
        program.push(statement(
            libc::BPF_RET | libc::BPF_K,
            libc::SECCOMP_RET_ALLOW,
        ));
        let errno = u32::try_from(errno).expect("an errno") & libc::SECCOMP_RET_DATA;
        program.push(statement(
            libc::BPF_RET | libc::BPF_K,
            libc::SECCOMP_RET_ERRNO | errno,
        ));
        let fprog = libc::sock_fprog {
            len: u16::try_from(program.len()).expect("short"),
            filter: program.as_mut_ptr(),
        };
        // SAFETY: prctl with these options only changes this process's
        // privileges and installs the filter, which the kernel copies from
        // `fprog` (valid, pointing at `program`, alive across the call).
        unsafe {
            assert_eq!(libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
            assert_eq!(
                libc::prctl(
                    libc::PR_SET_SECCOMP,
                    libc::SECCOMP_MODE_FILTER,
                    &raw const fprog,
                ),
                0,
                "seccomp filter refused"
            );
        }
    }

    pub const GETRANDOM: &[i64] = &[libc::SYS_getrandom];
    pub const GETRANDOM_AND_OPEN: &[i64] = &[
        libc::SYS_getrandom,
        libc::SYS_open,
        libc::SYS_openat,
        SYS_OPENAT2,
    ];
}

/// Whether this process holds a descriptor of `/dev/urandom` (the
/// `getrandom` crate keeps the one it read from).
#[cfg(target_arch = "x86_64")]
fn reads_dev_urandom() -> bool {
    std::fs::read_dir("/proc/self/fd").is_ok_and(|fds| {
        fds.flatten().any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|target| target.as_os_str() == "/dev/urandom")
        })
    })
}

/// With `getrandom` blocked (and `open` too when `and_open`): the OS
/// backend fails with `errno` and a zeroed buffer, or (getrandom alone)
/// serves bytes that came from `/dev/urandom`; every DRBG fails to seed, or
/// seeds from that same kernel generator.
#[cfg(target_arch = "x86_64")]
fn blocked(errno: i32, and_open: bool) {
    let calls = if and_open {
        seccomp::GETRANDOM_AND_OPEN
    } else {
        seccomp::GETRANDOM
    };
    // std seeds a HashSet's hasher from the kernel on a thread's first use:
    // do that before the filter goes in.
    let mut seen = HashSet::new();
    seccomp::block(calls, errno);
    let (mut refused, mut served) = (0, 0);

    // The OS backend, through the vDSO's fresh state and the system call,
    // and through a handle.
    let mut os = secrets_os::OsRng::new().expect("constructing needs no entropy");
    for request in [16usize, 32, 4096] {
        let mut buf = vec![0xA5u8; request];
        match os.try_fill_bytes(&mut buf) {
            Err(error) => {
                assert_eq!(error, Error::Os { errno }, "the errno of the blocked call");
                assert!(buf.iter().all(|&b| b == 0), "a refused request is zeroed");
                refused += 1;
            }
            Ok(()) => {
                assert!(
                    !and_open,
                    "bytes from nowhere: every kernel source is blocked"
                );
                assert!(
                    reads_dev_urandom(),
                    "bytes that did not come from /dev/urandom"
                );
                assert!(all_new(&buf, &mut seen), "a repeated block");
                served += 1;
            }
        }
    }
    // A handle over the OS backend, where it is compiled in (the facade's
    // feature combinations include builds without it).
    #[cfg(feature = "os")]
    {
        let handle = secrets::AnyBackend::from_name("os").map(secrets::Secrets::new);
        match handle.and_then(|mut handle| handle.try_token_bytes(32)) {
            Err(error) => {
                assert!(error.is_source_failure(), "{error}");
                refused += 1;
            }
            Ok(token) => {
                assert!(!and_open);
                assert!(all_new(&token, &mut seen));
                served += 1;
            }
        }
    }
    for id in drbg_backends() {
        match id.construct() {
            Err(error) => {
                assert_eq!(error, Error::Os { errno }, "{}", id.name());
                refused += 1;
            }
            Ok(mut drbg) => {
                assert!(
                    !and_open,
                    "{} seeded with every kernel source blocked",
                    id.name()
                );
                let mut buf = [0u8; 64];
                drbg.try_fill_bytes(&mut buf).expect("seeded, it generates");
                assert!(all_new(&buf, &mut seen));
                served += 1;
            }
        }
    }
    if and_open {
        assert_eq!(served, 0);
    }
    let what = if and_open {
        "getrandom+open"
    } else {
        "getrandom"
    };
    println!(
        "torture: seccomp blocks {what} with errno {errno}: {refused} requests and seedings \
         refused with that errno (buffers zeroed), {served} served from /dev/urandom, 0 weak \
         bytes"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getrandom_blocked_with_enosys() {
    isolated("getrandom_blocked_with_enosys", || {
        blocked(libc::ENOSYS, false)
    });
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getrandom_blocked_with_eperm() {
    isolated("getrandom_blocked_with_eperm", || {
        blocked(libc::EPERM, false)
    });
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getrandom_and_open_blocked_with_enosys() {
    isolated("getrandom_and_open_blocked_with_enosys", || {
        blocked(libc::ENOSYS, true);
    });
}

#[cfg(target_arch = "x86_64")]
#[test]
fn getrandom_and_open_blocked_with_eperm() {
    isolated("getrandom_and_open_blocked_with_eperm", || {
        blocked(libc::EPERM, true);
    });
}

// ----- a DRBG whose source fails on reseed -----------------------------------

/// A source that serves the OS's bytes, except during the fills the
/// schedule marks as failing; counts its good fills.
struct Unreliable {
    /// Fill number → fails? (cycled).
    schedule: &'static [bool],
    fills: u64,
    good: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
}

impl EntropySource for Unreliable {
    fn source_name(&self) -> &'static str {
        "unreliable test source"
    }

    fn fill_entropy(&mut self, dest: &mut [u8]) -> Result<(), Error> {
        let index = usize::try_from(self.fills).expect("fits") % self.schedule.len();
        self.fills += 1;
        if self.schedule[index] {
            self.failed.fetch_add(1, Ordering::Relaxed);
            return Err(Error::Os { errno: libc::EIO });
        }
        secrets_os::fill(dest)?;
        self.good.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Good for the first seed, then failing 3 fills of every 4, then
/// failing 20 in a row: reseeds fail repeatedly and recover.
const SCHEDULE: &[bool] = &[
    false, true, true, true, false, true, true, true, false, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    false, false,
];

#[test]
fn a_drbg_whose_source_fails_on_reseed() {
    const INTERVAL: u64 = 64 << 10;
    let requests = std::env::var("SECRETS_TORTURE_RESEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400u64);
    for id in drbg_backends() {
        let good = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let source = Unreliable {
            schedule: SCHEDULE,
            fills: 0,
            good: good.clone(),
            failed: failed.clone(),
        };
        let mut drbg = id
            .with_source(Box::new(source), Some(INTERVAL))
            .unwrap_or_else(|e| panic!("{}: the first seed succeeds: {e}", id.name()));
        let mut seen = HashSet::new();
        let (mut served, mut refused, mut since_seed) = (0u64, 0u64, 0u64);
        let mut good_fills = good.load(Ordering::Relaxed);
        for request in 0..requests {
            // 1 byte to 12 KiB, so requests straddle the interval.
            let len = 1 + usize::try_from(request * 7919 % 12288).expect("fits");
            let mut buf = vec![0xA5u8; len];
            let result = drbg.try_fill_bytes(&mut buf);
            let now_good = good.load(Ordering::Relaxed);
            if now_good != good_fills {
                // A reseed succeeded during this request.
                since_seed = 0;
                good_fills = now_good;
            }
            match result {
                Ok(()) => {
                    served += len as u64;
                    since_seed += len as u64;
                    assert!(
                        since_seed <= INTERVAL + 12288,
                        "{}: {since_seed} bytes on a seed older than the interval",
                        id.name()
                    );
                    assert!(all_new(&buf, &mut seen), "{}: a repeated block", id.name());
                }
                Err(error) => {
                    assert!(error.is_source_failure(), "{}: {error}", id.name());
                    assert!(buf.iter().all(|&b| b == 0), "{}: not zeroed", id.name());
                    refused += 1;
                }
            }
        }
        let failures = failed.load(Ordering::Relaxed);
        assert!(
            failures > 0 && refused > 0,
            "{}: the faults were exercised",
            id.name()
        );
        assert!(
            good.load(Ordering::Relaxed) > 2,
            "{}: it recovered",
            id.name()
        );
        println!(
            "torture: {} with a source failing on reseed: {requests} requests, {failures} \
             source failures injected, {refused} requests refused (zeroed), {served} bytes \
             served, 0 repeated blocks, 0 bytes past the reseed interval",
            id.name()
        );
    }
}

// ----- a low RLIMIT_AS ----------------------------------------------------------

/// This process's address-space size, from `/proc/self/status`.
fn address_space() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmSize:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib * 1024)
        .expect("VmSize")
}

#[test]
fn every_backend_under_a_low_address_space_limit() {
    isolated("every_backend_under_a_low_address_space_limit", || {
        // Room for a little more than what is mapped now.
        let limit = libc::rlim_t::try_from(address_space() + (32 << 20))
            .expect("the limit fits this target's rlim_t");
        let rlimit = libc::rlimit {
            rlim_cur: limit,
            rlim_max: limit,
        };
        // SAFETY: setrlimit reads the struct we pass; it only lowers this
        // process's own limit.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_AS, &rlimit) }, 0);
        let mut seen = HashSet::new();
        let (mut working, mut refused) = (0, 0);
        for &id in BackendId::ALL.iter().filter(|id| id.is_compiled()) {
            match id.construct() {
                Ok(mut backend) => {
                    let mut buf = vec![0u8; 1 << 20];
                    backend
                        .try_fill_bytes(&mut buf)
                        .unwrap_or_else(|e| panic!("{}: {e}", id.name()));
                    assert!(all_new(&buf, &mut seen), "{}", id.name());
                    working += 1;
                }
                Err(error) => {
                    // Only a clear refusal: no memory, or no such CPU feature.
                    assert!(
                        matches!(error, Error::Unavailable { .. }),
                        "{}: {error}",
                        id.name()
                    );
                    refused += 1;
                }
            }
        }
        println!(
            "torture: RLIMIT_AS {} MiB (library): {working} backends constructed and served 1 \
             MiB each, {refused} refused with an error, 0 aborts, 0 repeated blocks",
            limit >> 20
        );
    });
}
