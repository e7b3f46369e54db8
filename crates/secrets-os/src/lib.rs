//! The operating system backend: the kernel's random number generator, with
//! the Linux vDSO fast path.
//!
//! [`OsRng`] (backend name `"os"`) and the free function [`fill`] hand out
//! bytes straight from the operating system, like Python's `os.urandom` and
//! therefore `secrets`: this crate keeps no buffer and no generator of its
//! own, so every request is answered by the kernel's generator, at the
//! kernel's security level, including its reseeding, fork and VM-snapshot
//! handling.
//!
//! ```
//! use rand_core::TryRng;
//!
//! let mut key = [0u8; 32];
//! secrets_os::fill(&mut key)?;
//!
//! let mut rng = secrets_os::OsRng::new()?;
//! let nonce = rng.try_next_u64()?;
//! println!("served by: {}", secrets_os::active_path());
//! # let _ = nonce;
//! # Ok::<(), secrets_core::Error>(())
//! ```
//!
//! # Two paths to the kernel
//!
//! 1. **The vDSO** (x86-64 since Linux 6.11; aarch64 on the later kernels
//!    that export it). The kernel
//!    exports `getrandom` in the vDSO (`__vdso_getrandom`, version
//!    `LINUX_2.6`, on x86-64; `__kernel_getrandom`, `LINUX_2.6.39`, on
//!    aarch64): the kernel's own ChaCha20 fast-key-erasure generator running
//!    in user space on a per-thread state that the kernel keys from its
//!    generator and invalidates whenever the kernel reseeds. No system call,
//!    so a 32-byte request costs tens of nanoseconds instead of hundreds.
//!    This is the path glibc 2.41 and Go 1.24 take. The `getrandom` crate
//!    does not take it itself (its issues 503 and 606): it calls libc's
//!    `getrandom`, which uses the vDSO only from glibc 2.41 on; we take it
//!    whatever the libc (older glibc, musl).
//! 2. **The `getrandom` system call**, through the [`getrandom`] crate
//!    (which also knows the older fallbacks of other systems).
//!
//! Both paths obey the same contract: the whole buffer is filled with output
//! of the kernel's generator, or an error is returned and the buffer is left
//! zeroed. Both block, like `getrandom(2)` with no flags, only in early boot
//! until the kernel's generator is initialized.
//!
//! # The vDSO contract, and how this crate keeps it
//!
//! - **Finding it.** The vDSO's address comes from the auxiliary vector
//!   (`getauxval(AT_SYSINFO_EHDR)`). Before reading it as bytes we ask the
//!   kernel (`mincore`) whether every page its program headers claim is
//!   mapped; then a bounds-checked ELF parser, working on a byte slice,
//!   resolves the symbol through the dynamic symbol table and its hash table
//!   and checks the symbol version (`DT_VERSYM`/`DT_VERDEF`). A missing,
//!   truncated or inconsistent image means the system-call path, never a
//!   crash.
//! - **Parameters.** One call with a null buffer and `opaque_len == ~0`
//!   returns the size of the opaque per-thread state and the `mmap`
//!   protection and flags the states need (`MAP_DROPPABLE`: the kernel may
//!   zero them under memory pressure and wipes them in a forked child).
//! - **States.** They are mapped with exactly those protection and flags,
//!   several per page, each slot rounded up to a cache line so that threads
//!   do not share one, and never straddling a page. Each thread takes one
//!   slot on its first request and keeps it in a `thread_local!`: the hot
//!   path takes no lock. When the thread exits its state is zeroed and the
//!   slot goes back to a lock-free pool for the next thread. Pages are never
//!   unmapped (at most 1024 are mapped; a thread that cannot get a slot
//!   uses the system call). Neither the set-up nor a request ever waits for
//!   another thread, so a child forked at any moment cannot hang on a lock
//!   some thread of the parent held.
//! - **Calling it.** The vDSO may write fewer bytes than asked (requests
//!   over about 2 GiB) — we loop; it may report `EINTR` — we retry; it makes
//!   the system call itself when the kernel's generator is not ready, when
//!   the state is in use by a signal handler on the same thread, or when
//!   reseeding fails. If it ever reports an error or returns a count that
//!   breaks the contract, we stop using it for that request and the system
//!   call serves the rest (any error is then the system call's).
//!
//! Every `unsafe` block of the crate is in one module, each with a
//! `// SAFETY:` comment citing the part of this contract it relies on; the
//! rest of the crate denies `unsafe`.
//!
//! # When the system call is used
//!
//! - not Linux, or not x86-64/aarch64, or a kernel whose vDSO lacks the
//!   symbol (x86-64 before 6.11), or no vDSO at all (`AT_SYSINFO_EHDR`
//!   absent);
//! - a vDSO image the parser rejects, or a parameter query the vDSO refuses;
//! - the state `mmap` fails (for example `MAP_DROPPABLE` refused), or the
//!   slot table is full;
//! - in a child, for a request that arrives while another thread is
//!   clearing the slot table the child inherited (see below);
//! - on a thread whose thread-local storage is being torn down;
//! - for the rest of a request when the vDSO misbehaves (see above);
//! - when forced (next section).
//!
//! [`active_path`] and [`vdso_info`] say which path this process uses and,
//! if it is the system call, why.
//!
//! # Forcing the system call
//!
//! - At run time, for the whole process: start it with the environment
//!   variable `SECRETS_OS_FORCE_SYSCALL` set to any value other than empty
//!   or `0` ([`FORCE_SYSCALL_ENV`]). It is read once, on the first request,
//!   from the environment the process started with (`/proc/self/environ`):
//!   not through `std::env`, whose lock a child forked while another thread
//!   was in `set_var` would wait on forever, nor libc's `getenv`, which
//!   races with `setenv`. So a change made with `set_var` at run time is not
//!   seen, and neither is the variable where `/proc` is not mounted; use
//!   [`OsRng::syscall_only`] or the build flag there.
//! - At build time: `RUSTFLAGS="--cfg secrets_force_syscall"` compiles the
//!   vDSO path out entirely (no `unsafe` code is compiled then).
//! - Per generator: [`OsRng::syscall_only`].
//!
//! # Fork and VM snapshots
//!
//! Parent and child never share output: the state pages are
//! `MAP_DROPPABLE`, which the kernel wipes in the child, and a zeroed state
//! is reseeded from the kernel before its first use (the tests fork and
//! compare). The child has a single thread but inherits the slot table with
//! the slots of all the parent's threads marked in use; as glibc does, it
//! reclaims them. Each thread records the fork generation
//! ([`fork`]'s `MADV_WIPEONFORK` page, which changes in every child and
//! never otherwise) with its slot; the first thread of a child to need a
//! slot clears the table, and the forking thread's copy drops its old
//! record and takes a slot again. So a child counts only its own threads'
//! states ([`VdsoInfo::states_in_use`]), and chains of forks keep the vDSO
//! path instead of leaking slots until the table is full. Where that page
//! is unavailable (never on a kernel with vDSO `getrandom`, unless a
//! sandbox refuses the `madvise`), ancestors' slots stay marked. After a VM snapshot is
//! restored, the kernel learns it from the VM generation ID device, reseeds
//! its generator and bumps the generation that every vDSO state checks on
//! each call, so the next request rekeys. Bytes handed out before the
//! snapshot are, as always, the caller's to protect.
//!
//! # Signal handlers
//!
//! A thread's first request maps and records its state (it may allocate), so
//! [`fill`] is not async-signal-safe on a thread's first use. After that, a
//! request from a signal handler interrupting a request on the same thread
//! is detected by the vDSO, which then makes the system call.
//!
//! # Diagnostics
//!
//! [`thread_counters`] counts, per thread, the requests each path served;
//! tests use it to prove which path ran.
#![deny(unsafe_code)]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

pub mod fork;

use core::cell::Cell;
use core::fmt;

use rand_core::TryCryptoRng;
use secrets_core::{Backend, BackendKind, Error};

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(secrets_force_syscall)
))]
mod elf;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(secrets_force_syscall)
))]
#[allow(unsafe_code)]
mod vdso;
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(secrets_force_syscall)
)))]
#[path = "vdso_stub.rs"]
mod vdso;

/// Fuzzing entry point (not an API): runs the vDSO ELF parser on arbitrary
/// bytes as if they were the vDSO image of either supported machine, and
/// returns what it found: the loaded extent and the offsets of the
/// `getrandom` symbols. The parser must never panic, and every offset it
/// returns must lie inside the image (`fuzz/fuzz_targets/vdso_elf.rs`
/// checks both).
#[doc(hidden)]
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64"),
    not(secrets_force_syscall)
))]
pub fn fuzz_vdso_parser(image: &[u8]) -> [(Option<usize>, Option<usize>); 2] {
    [
        (elf::EM_X86_64, "__vdso_getrandom", "LINUX_2.6"),
        (elf::EM_AARCH64, "__kernel_getrandom", "LINUX_2.6.39"),
    ]
    .map(|(machine, name, version)| {
        (
            elf::loaded_extent(image, machine),
            elf::find_function(image, machine, name, version),
        )
    })
}

/// The backend's stable name.
///
/// ```
/// assert_eq!(secrets_os::OsRng::new()?.path().label().is_empty(), false);
/// assert_eq!(secrets_os::NAME, "os");
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const NAME: &str = "os";

/// The environment variable that, set to anything but empty or `0` when
/// the process starts, makes it use the system call instead of the vDSO.
/// Read once, from `/proc/self/environ` (see the crate docs).
///
/// ```
/// // SECRETS_OS_FORCE_SYSCALL=1 my-program   # skip the vDSO, e.g. to compare
/// assert_eq!(secrets_os::FORCE_SYSCALL_ENV, "SECRETS_OS_FORCE_SYSCALL");
/// ```
pub const FORCE_SYSCALL_ENV: &str = "SECRETS_OS_FORCE_SYSCALL";

/// Which path serves requests.
///
/// ```
/// use secrets_os::{Path, active_path};
/// match active_path() {
///     Path::Vdso => println!("no system call per request"),
///     Path::Syscall => println!("getrandom(2) per request"),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Path {
    /// The kernel's vDSO `getrandom`, without a system call.
    Vdso,
    /// The `getrandom` system call.
    Syscall,
}

impl Path {
    /// A short label for tables: `"vDSO"` or `"getrandom syscall"`.
    ///
    /// ```
    /// assert_eq!(secrets_os::Path::Syscall.label(), "getrandom syscall");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Path::Vdso => "vDSO",
            Path::Syscall => "getrandom syscall",
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the vDSO path looks like in this process.
///
/// ```
/// match secrets_os::vdso_info() {
///     Ok(info) => println!("{}@{}: {} states per page", info.symbol, info.version, info.states_per_page),
///     Err(why) => println!("system call: {why}"),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VdsoInfo {
    /// The symbol in use (e.g. `"__vdso_getrandom"`).
    pub symbol: &'static str,
    /// Its symbol version (e.g. `"LINUX_2.6"`).
    pub version: &'static str,
    /// The opaque state size the kernel asked for, in bytes.
    pub state_size: usize,
    /// The distance between states: the size rounded up to a cache line.
    pub state_stride: usize,
    /// States per mapped page.
    pub states_per_page: usize,
    /// State pages mapped so far (never shrinks; slots are reused).
    pub pages_mapped: usize,
    /// States currently held by live threads.
    pub states_in_use: usize,
}

/// The vDSO path's parameters, or the reason this process uses the system
/// call. Sets the vDSO path up if no request has yet.
///
/// ```
/// if let Ok(info) = secrets_os::vdso_info() {
///     assert!(info.state_stride >= info.state_size);
/// }
/// ```
pub fn vdso_info() -> Result<VdsoInfo, &'static str> {
    vdso::info()
}

/// The path [`fill`] and [`OsRng::new`] take in this process.
///
/// `Vdso` means the fast path is set up; an individual request can still be
/// served by the system call (see the crate docs), which
/// [`thread_counters`] records.
///
/// ```
/// println!("requests go through the {}", secrets_os::active_path());
/// ```
pub fn active_path() -> Path {
    if vdso_info().is_ok() {
        Path::Vdso
    } else {
        Path::Syscall
    }
}

/// Whether this process uses the vDSO path ([`active_path`] is `Vdso`).
///
/// ```
/// assert_eq!(secrets_os::vdso_active(), secrets_os::active_path() == secrets_os::Path::Vdso);
/// ```
pub fn vdso_active() -> bool {
    active_path() == Path::Vdso
}

/// Requests served on the current thread, by path.
///
/// ```
/// let before = secrets_os::thread_counters();
/// secrets_os::fill(&mut [0u8; 16])?;
/// let after = secrets_os::thread_counters();
/// assert_eq!(after.vdso + after.syscall, before.vdso + before.syscall + 1);
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ThreadCounters {
    /// Non-empty requests the vDSO served entirely.
    pub vdso: u64,
    /// Non-empty requests the system call served, in whole or in part.
    pub syscall: u64,
}

struct Counters {
    vdso: Cell<u64>,
    syscall: Cell<u64>,
}

thread_local! {
    static COUNTERS: Counters = const {
        Counters { vdso: Cell::new(0), syscall: Cell::new(0) }
    };
}

/// The current thread's [`ThreadCounters`].
///
/// ```
/// secrets_os::fill(&mut [0u8; 8])?;
/// let counters = secrets_os::thread_counters();
/// assert!(counters.vdso + counters.syscall >= 1);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn thread_counters() -> ThreadCounters {
    COUNTERS
        .try_with(|c| ThreadCounters {
            vdso: c.vdso.get(),
            syscall: c.syscall.get(),
        })
        .unwrap_or_default()
}

fn count(path: Path) {
    let _ = COUNTERS.try_with(|c| {
        let counter = match path {
            Path::Vdso => &c.vdso,
            Path::Syscall => &c.syscall,
        };
        counter.set(counter.get().wrapping_add(1));
    });
}

/// Fills `dest` with random bytes from the kernel: through the vDSO where it
/// can, else through the `getrandom` system call.
///
/// Every call reaches the kernel's generator; nothing is buffered here.
/// On error `dest` is left zeroed.
///
/// # Errors
///
/// [`Error::Os`] with the system call's errno when the kernel fails (in
/// practice only when a seccomp filter or a sandbox forbids `getrandom` and
/// every fallback), [`Error::Unavailable`] on a target with no OS generator.
///
/// ```
/// let mut key = [0u8; 32];
/// secrets_os::fill(&mut key)?;
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[inline]
pub fn fill(dest: &mut [u8]) -> Result<(), Error> {
    if dest.is_empty() {
        return Ok(());
    }
    match vdso::fill(dest) {
        Ok(()) => {
            count(Path::Vdso);
            Ok(())
        }
        Err(done) => fill_by_syscall(dest, done),
    }
}

/// Fills `dest[done..]` with the system call; on failure zeroes all of `dest`.
fn fill_by_syscall(dest: &mut [u8], done: usize) -> Result<(), Error> {
    count(Path::Syscall);
    let rest = dest.get_mut(done..).unwrap_or_default();
    getrandom::fill(rest).map_err(|e| {
        dest.fill(0);
        map_error(e)
    })
}

/// Maps a `getrandom` error into the core error.
fn map_error(e: getrandom::Error) -> Error {
    match e.raw_os_error() {
        Some(errno) if errno > 0 => Error::Os { errno },
        _ if e == getrandom::Error::UNSUPPORTED => {
            Error::unavailable(NAME, "the OS generator is not supported on this target")
        }
        _ => Error::Os { errno: 0 },
    }
}

/// The operating system's generator as a backend.
///
/// Stateless: every request goes to the kernel (see the crate docs for the
/// paths). Not `Copy`, by the backend contract; `Default` is [`OsRng::new`].
///
/// ```
/// use rand_core::TryRng;
/// let mut os = secrets_os::OsRng::new()?;
/// let word = os.try_next_u64()?;
/// # let _ = word;
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Default)]
pub struct OsRng {
    syscall_only: bool,
}

impl OsRng {
    /// The OS backend, on the fastest path this process has. Never fails on
    /// Linux; sets the vDSO path up on first use.
    ///
    /// # Errors
    ///
    /// None today; the `Result` is the constructor contract of every backend.
    ///
    /// ```
    /// let os = secrets_os::OsRng::new()?;
    /// assert_eq!(os.path(), secrets_os::active_path());
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn new() -> Result<Self, Error> {
        let _ = vdso_info();
        Ok(OsRng {
            syscall_only: false,
        })
    }

    /// The OS backend restricted to the `getrandom` system call, whatever
    /// this process's path (for tests, comparisons, and the cautious).
    ///
    /// ```
    /// use rand_core::TryRng;
    /// let mut os = secrets_os::OsRng::syscall_only(); // always getrandom(2)
    /// assert_eq!(os.path(), secrets_os::Path::Syscall);
    /// os.try_fill_bytes(&mut [0u8; 16])?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn syscall_only() -> Self {
        OsRng { syscall_only: true }
    }

    /// The path this generator's requests take.
    ///
    /// ```
    /// println!("{}", secrets_os::OsRng::new()?.path());
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn path(&self) -> Path {
        if self.syscall_only {
            Path::Syscall
        } else {
            active_path()
        }
    }
}

impl fmt::Debug for OsRng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OsRng { .. }")
    }
}

secrets_core::try_rng_via_fill!(OsRng, |self, dest| {
    if !self.syscall_only {
        fill(dest)
    } else if dest.is_empty() {
        Ok(())
    } else {
        fill_by_syscall(dest, 0)
    }
});

impl TryCryptoRng for OsRng {}

impl Backend for OsRng {
    fn name(&self) -> &'static str {
        NAME
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Os
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_getrandom_errors() {
        assert_eq!(
            map_error(getrandom::Error::UNSUPPORTED),
            Error::unavailable(NAME, "the OS generator is not supported on this target")
        );
        assert_eq!(
            map_error(getrandom::Error::UNEXPECTED),
            Error::Os { errno: 0 }
        );
        assert_eq!(
            map_error(getrandom::Error::new_custom(7)),
            Error::Os { errno: 0 }
        );
    }
}
