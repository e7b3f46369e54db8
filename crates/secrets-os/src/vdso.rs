//! The Linux vDSO getrandom fast path. Every `unsafe` of the crate is here.
//!
//! # The kernel's contract (Linux 6.11+, `lib/vdso/getrandom.c`)
//!
//! ```text
//! ssize_t vgetrandom(void *buffer, size_t len, unsigned int flags,
//!                    void *opaque_state, size_t opaque_len);
//! ```
//!
//! - Called with `buffer = NULL, len = 0, flags = 0, opaque_len = ~0UL`, it
//!   writes a `struct vgetrandom_opaque_params` (state size, mmap protection
//!   and flags) to `opaque_state` and returns 0. Any other result means the
//!   function must not be used.
//! - States must be allocated with `mmap` using exactly that protection and
//!   those flags (today `PROT_READ | PROT_WRITE` and
//!   `MAP_DROPPABLE | MAP_ANONYMOUS`: the kernel may zero the pages under
//!   memory pressure and wipes them in a forked child), must not straddle a
//!   page boundary, and must not be used by two threads at once. Using the
//!   same state from a signal handler on the same thread is safe (the vDSO
//!   detects it and makes the system call instead).
//! - It returns the number of bytes written (at most `len`, and possibly
//!   fewer for huge requests) or a negative errno. Whenever it cannot serve
//!   from the state (kernel RNG not ready, wrong state size, reentrancy, a
//!   failed reseed) it makes the `getrandom` system call itself.
//! - A zeroed state is always valid: its generation (0) never matches the
//!   kernel's, so the vDSO reseeds it from the kernel before use. This is
//!   what makes fork, VM snapshots and `MAP_DROPPABLE` reclaim safe.
//!
//! # How we use it
//!
//! - [`vdso`] runs once per process: it reads `AT_SYSINFO_EHDR`, checks with
//!   `mincore` that the claimed image really is mapped, resolves the symbol
//!   with the bounds-checked parser in [`crate::elf`], and asks for the
//!   parameters. The result (or the reason there is no vDSO path) is
//!   published through an atomic pointer: no lock, so a `fork` at any moment
//!   cannot leave a child waiting on a lock held by a thread that does not
//!   exist there.
//! - States live in pages of `states_per_page` slots, each slot rounded up to
//!   a cache line (no false sharing between threads). Pages are recorded in
//!   a fixed table of [`MAX_PAGES`] entries with one atomic bitmap each, so
//!   taking and returning a slot is lock-free (and fork-safe for the same
//!   reason). Pages are never unmapped; a slot returned by an exiting thread
//!   is zeroed and handed to the next thread that needs one.
//! - Each thread keeps its slot in a `thread_local!`, with the fork
//!   generation ([`crate::fork`]'s `MADV_WIPEONFORK` page) it took it in:
//!   the hot path is one TLS read, two loads of the generation and the call,
//!   no lock and no atomic read-modify-write.
//! - **After fork** the child has one thread, but inherits the table with
//!   every slot of the parent's threads marked in use. As glibc does (it
//!   resets its state allocator in the child, keeping only the forking
//!   thread's state), the child reclaims them: the first thread of a new
//!   generation to need a slot clears the table (wiping every state, though
//!   the kernel has already zeroed the `MAP_DROPPABLE` pages) and records
//!   the generation in [`TABLE_OWNER`]; every thread whose slot was taken in
//!   another generation drops it and takes a new one. Threads that arrive
//!   while the table is being cleared use the system call for that request
//!   rather than wait: nothing here ever waits for another thread. Where the
//!   page detector is unavailable, ancestors' slots are not reclaimed (they
//!   stay marked, as before; with [`MAX_PAGES`] pages that takes tens of
//!   thousands of leaked threads to matter).
//! - The one-time set-up reads `SECRETS_OS_FORCE_SYSCALL` from
//!   `/proc/self/environ`, not through `std::env`, whose lock a child forked
//!   while another thread was inside `set_var` would wait on forever.

use core::ffi::c_void;
use core::ptr;
use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};

use crate::elf;
use crate::fork;

#[cfg(target_arch = "x86_64")]
mod arch {
    pub(super) const SYMBOL: &str = "__vdso_getrandom";
    pub(super) const VERSION: &str = "LINUX_2.6";
    pub(super) const MACHINE: u16 = crate::elf::EM_X86_64;
    pub(super) const CACHE_LINE: usize = 64;
}

#[cfg(target_arch = "aarch64")]
mod arch {
    pub(super) const SYMBOL: &str = "__kernel_getrandom";
    pub(super) const VERSION: &str = "LINUX_2.6.39";
    pub(super) const MACHINE: u16 = crate::elf::EM_AARCH64;
    // Some Arm cores use 128-byte lines; the extra padding costs little.
    pub(super) const CACHE_LINE: usize = 128;
}

use arch::{SYMBOL, VERSION};

/// The largest vDSO image we accept, in pages. Real ones are 2–3 pages.
const MAX_IMAGE_PAGES: usize = 64;

/// The most state pages we map. With 4 KiB pages and 192-byte slots that is
/// over 20 000 threads holding a state at once; past that, threads use the
/// system call.
pub(crate) const MAX_PAGES: usize = 1024;

/// Slots per page are tracked in one `u64` bitmap.
const MAX_SLOTS_PER_PAGE: usize = 64;

/// `vgetrandom`'s type: the kernel exports it with the C calling convention.
type VgetrandomFn = unsafe extern "C" fn(*mut c_void, usize, u32, *mut c_void, usize) -> isize;

/// `struct vgetrandom_opaque_params` from `include/uapi/linux/random.h`.
#[repr(C)]
#[derive(Default)]
struct OpaqueParams {
    size_of_opaque_state: u32,
    mmap_prot: u32,
    mmap_flags: u32,
    reserved: [u32; 13],
}

/// The resolved vDSO entry point and the kernel's allocation parameters.
pub(crate) struct Vdso {
    function: VgetrandomFn,
    /// `size_of_opaque_state`, passed as `opaque_len` on every call.
    pub(crate) state_size: usize,
    /// Distance between slots: the state size rounded up to a cache line.
    pub(crate) stride: usize,
    pub(crate) states_per_page: usize,
    pub(crate) page_size: usize,
    mmap_prot: i32,
    mmap_flags: i32,
}

/// The outcome of the one-time set-up: the vDSO, or why we do without it.
type Setup = Result<Vdso, &'static str>;

/// Null until the set-up ran; then a leaked, never-freed `Box<Setup>`.
static SETUP: AtomicPtr<Setup> = AtomicPtr::new(ptr::null_mut());

/// The vDSO path, if this process can use it (set up on first use).
#[inline]
pub(crate) fn vdso() -> Result<&'static Vdso, &'static str> {
    let current = SETUP.load(Ordering::Acquire);
    let setup = if current.is_null() {
        publish_setup()
    } else {
        // SAFETY: a non-null SETUP always points to a `Box<Setup>` leaked in
        // `publish_setup` and never freed or written again; the Acquire load
        // pairs with the Release in the compare-exchange that published it.
        unsafe { &*current }
    };
    setup.as_ref().map_err(|reason| *reason)
}

#[cold]
fn publish_setup() -> &'static Setup {
    let fresh = Box::into_raw(Box::new(set_up()));
    match SETUP.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        // SAFETY: we just published `fresh`, a leaked box that is never freed.
        Ok(_) => unsafe { &*fresh },
        Err(winner) => {
            // Another thread set up first (with the same result: the set-up
            // is a pure function of the process). Use its copy, drop ours.
            // SAFETY: `fresh` came from `Box::into_raw` above and was never
            // shared; `winner` is a published, never-freed box.
            unsafe {
                drop(Box::from_raw(fresh));
                &*winner
            }
        }
    }
}

/// Whether the user asked for the system call through the environment.
pub(crate) fn forced_by_env(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// Whether [`crate::FORCE_SYSCALL_ENV`] asks for the system call in the
/// environment this process started with.
///
/// Read from `/proc/self/environ`, in pieces on the stack: no lock (std's
/// environment lock may be held forever in a child forked while another
/// thread was in `set_var`; libc's `getenv` races with a concurrent
/// `setenv`), no allocation. Without `/proc` the variable is not seen.
fn forced_by_start_environment() -> bool {
    use std::io::Read;
    let Ok(mut environ) = std::fs::File::open("/proc/self/environ") else {
        return false;
    };
    let mut scan = EnvScan::new(crate::FORCE_SYSCALL_ENV.as_bytes());
    let mut chunk = [0u8; 512];
    loop {
        match environ.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if scan.feed(chunk.get(..n).unwrap_or_default()) {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    scan.forced()
}

/// Finds the first `NAME=value` entry of a NUL-separated environment block
/// fed in pieces, keeping the first two bytes of its value: enough for
/// [`forced_by_env`], whose verdict is the same for every value of two bytes
/// or more.
struct EnvScan<'n> {
    name: &'n [u8],
    /// Bytes of the current entry's name matched so far.
    matched: usize,
    state: ScanState,
    value: [u8; 2],
    value_len: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScanState {
    /// Matching the name at the start of an entry.
    Name,
    /// In an entry with another name.
    Skip,
    /// In the value of the first matching entry.
    Value,
    /// Past the end of that value.
    Done,
}

impl<'n> EnvScan<'n> {
    fn new(name: &'n [u8]) -> Self {
        EnvScan {
            name,
            matched: 0,
            state: ScanState::Name,
            value: [0; 2],
            value_len: 0,
        }
    }

    /// Feeds the next piece; `true` once the value is complete.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        for &byte in bytes {
            match self.state {
                ScanState::Done => break,
                ScanState::Value if byte == 0 => self.state = ScanState::Done,
                ScanState::Value => {
                    if let Some(slot) = self.value.get_mut(self.value_len) {
                        *slot = byte;
                        self.value_len += 1;
                    }
                }
                _ if byte == 0 => {
                    self.state = ScanState::Name;
                    self.matched = 0;
                }
                ScanState::Skip => {}
                ScanState::Name if self.matched == self.name.len() => {
                    self.state = if byte == b'=' {
                        ScanState::Value
                    } else {
                        ScanState::Skip
                    };
                }
                ScanState::Name if self.name.get(self.matched) == Some(&byte) => {
                    self.matched += 1;
                }
                ScanState::Name => self.state = ScanState::Skip,
            }
        }
        self.state == ScanState::Done
    }

    /// The verdict of [`forced_by_env`] on what was found.
    fn forced(&self) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let value = match self.state {
            ScanState::Value | ScanState::Done => self.value.get(..self.value_len),
            ScanState::Name | ScanState::Skip => None,
        };
        forced_by_env(value.map(std::ffi::OsStr::from_bytes))
    }
}

fn set_up() -> Setup {
    if forced_by_start_environment() {
        return Err("disabled by SECRETS_OS_FORCE_SYSCALL");
    }
    let page_size = page_size().ok_or("unusable page size")?;
    let image = image(page_size)?;
    let offset = elf::find_function(image, arch::MACHINE, SYMBOL, VERSION)
        .ok_or("the vDSO does not export getrandom (x86-64 needs Linux 6.11 or newer)")?;
    let address = image.as_ptr().wrapping_add(offset);
    // SAFETY: `find_function` returned the offset of a defined, global
    // STT_FUNC symbol of the expected name and version inside an executable
    // segment of the kernel's vDSO, which stays mapped for the life of the
    // process. The kernel documents its type as `VgetrandomFn` (C ABI).
    let function = unsafe { core::mem::transmute::<*const u8, VgetrandomFn>(address) };

    let mut params = OpaqueParams::default();
    // SAFETY: this is the documented parameter query: NULL buffer, zero
    // length and flags, `opaque_len == ~0UL`; the vDSO writes one
    // `vgetrandom_opaque_params`, which `params` is (repr(C), same layout).
    let ret = unsafe {
        function(
            ptr::null_mut(),
            0,
            0,
            (&raw mut params).cast::<c_void>(),
            usize::MAX,
        )
    };
    if ret != 0 {
        return Err("the vDSO refused the parameter query");
    }
    let state_size = usize::try_from(params.size_of_opaque_state).map_err(|_| "bad state size")?;
    let stride = state_size
        .checked_next_multiple_of(arch::CACHE_LINE)
        .ok_or("bad state size")?;
    if state_size == 0 || stride > page_size {
        return Err("the vDSO state does not fit in a page");
    }
    Ok(Vdso {
        function,
        state_size,
        stride,
        states_per_page: page_size
            .checked_div(stride)
            .ok_or("bad state size")?
            .min(MAX_SLOTS_PER_PAGE),
        page_size,
        mmap_prot: i32::try_from(params.mmap_prot).map_err(|_| "bad mmap protection")?,
        mmap_flags: i32::try_from(params.mmap_flags).map_err(|_| "bad mmap flags")?,
    })
}

pub(crate) fn page_size() -> Option<usize> {
    // SAFETY: sysconf has no preconditions; it only reads a constant.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|s| s.is_power_of_two() && *s >= 4096)
}

/// Whether every page of `[start, start + len)` is mapped in this process.
fn is_mapped(start: *const u8, len: usize, page_size: usize) -> bool {
    if page_size == 0 {
        return false;
    }
    let pages = len.div_ceil(page_size);
    let mut residency = [0u8; MAX_IMAGE_PAGES];
    if pages == 0 || pages > residency.len() || !start.addr().is_multiple_of(page_size) {
        return false;
    }
    // SAFETY: mincore only inspects the page tables of the range (it never
    // touches the memory) and writes one byte per page into `residency`,
    // which has room for `pages` entries. It fails with ENOMEM if any page of
    // the range is unmapped, which is what we test for.
    let rc = unsafe {
        libc::mincore(
            start.cast_mut().cast::<c_void>(),
            pages * page_size,
            residency.as_mut_ptr(),
        )
    };
    rc == 0
}

/// The vDSO's loaded image as a byte slice, after checking it is mapped.
pub(crate) fn image(page_size: usize) -> Result<&'static [u8], &'static str> {
    // SAFETY: getauxval has no preconditions; it reads the auxiliary vector
    // the kernel passed at exec.
    let base = unsafe { libc::getauxval(libc::AT_SYSINFO_EHDR) };
    let base = usize::try_from(base).map_err(|_| "bad AT_SYSINFO_EHDR")?;
    if base == 0 {
        return Err("no vDSO (AT_SYSINFO_EHDR is absent)");
    }
    let start = ptr::with_exposed_provenance::<u8>(base);
    if !is_mapped(start, page_size, page_size) {
        return Err("the vDSO's first page is not mapped");
    }
    // SAFETY: AT_SYSINFO_EHDR is the start of the vDSO mapping, which the
    // kernel maps readable (r-x) for the life of the process; `is_mapped`
    // just confirmed that its first page exists, and we only read it.
    let head = unsafe { core::slice::from_raw_parts(start, page_size) };
    let extent = elf::loaded_extent(head, arch::MACHINE).ok_or("malformed vDSO header")?;
    if !is_mapped(start, extent, page_size) {
        return Err("the vDSO's segments are not all mapped");
    }
    // SAFETY: as above; `extent` is the end of the image's loadable segments
    // as its own program headers state, and `is_mapped` confirmed every page
    // of it is mapped. The vDSO is the kernel's own read-only image mapped
    // as a whole, so all of it is readable and never written.
    Ok(unsafe { core::slice::from_raw_parts(start, extent) })
}

/// See [`crate::vdso_info`].
pub(crate) fn info() -> Result<crate::VdsoInfo, &'static str> {
    let v = vdso()?;
    // In a child, count only this process's states.
    if let Some(generation) = fork::exact_generation() {
        let _ = adopt_table(v, generation);
    }
    Ok(crate::VdsoInfo {
        symbol: SYMBOL,
        version: VERSION,
        state_size: v.state_size,
        state_stride: v.stride,
        states_per_page: v.states_per_page,
        pages_mapped: PAGES_MAPPED.load(Ordering::Relaxed),
        states_in_use: STATES_IN_USE.load(Ordering::Relaxed),
    })
}

// ---------------------------------------------------------------------------
// State slots.

/// Base address of each mapped state page; null marks the end of the table.
static PAGE_BASE: [AtomicPtr<u8>; MAX_PAGES] =
    [const { AtomicPtr::new(ptr::null_mut()) }; MAX_PAGES];
/// Bit `i` of entry `p` is set while slot `i` of page `p` belongs to a thread.
static PAGE_USED: [AtomicU64; MAX_PAGES] = [const { AtomicU64::new(0) }; MAX_PAGES];
/// Pages mapped so far (never shrinks).
pub(crate) static PAGES_MAPPED: AtomicUsize = AtomicUsize::new(0);
/// Slots currently held by threads.
pub(crate) static STATES_IN_USE: AtomicUsize = AtomicUsize::new(0);
/// The process whose threads the bitmaps describe: [`adopted`]`(g)` once
/// the process of fork generation `g` owns the table, [`clearing`]`(g)`
/// while it clears an ancestor's marks, 0 while no slot has been taken under
/// an exact generation. Ordinary memory, so a child inherits its parent's
/// value and sees that it is not its own.
static TABLE_OWNER: AtomicU64 = AtomicU64::new(0);

/// [`TABLE_OWNER`] when the process of generation `g` owns the table.
/// Generations are nonzero and far below 2^63, so the encodings of
/// different generations and states never collide, nor meet 0.
const fn adopted(generation: u64) -> u64 {
    (generation << 1) | 1
}

/// [`TABLE_OWNER`] while the process of generation `g` clears the table.
const fn clearing(generation: u64) -> u64 {
    generation << 1
}

/// Makes the table this process's (generation `generation`, exact): if it
/// still holds an ancestor's marks, clears them first. `false` when another
/// thread of this process is clearing it right now: the caller uses the
/// system call for this request instead of waiting.
#[cold]
fn adopt_table(v: &Vdso, generation: u64) -> bool {
    let mine = adopted(generation);
    loop {
        let owner = TABLE_OWNER.load(Ordering::Acquire);
        if owner == mine {
            return true;
        }
        if owner == clearing(generation) {
            return false;
        }
        if owner == 0 {
            // No ancestor took a slot under an exact generation: nothing to
            // clear (slots taken without one, if any, may be live here).
            if TABLE_OWNER
                .compare_exchange(0, mine, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                return true;
            }
            continue;
        }
        // The table is an ancestor's. Every mark in it belongs to a thread
        // of another process: no thread here took a slot under `generation`
        // (that needs this function to have returned true), nor without one
        // (not once an owner is recorded; see `take_slot`).
        if TABLE_OWNER
            .compare_exchange(
                owner,
                clearing(generation),
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_ok()
        {
            clear_table(v);
            // Release: the cleared bitmaps happen before any claim that
            // Acquire-loads this value.
            TABLE_OWNER.store(mine, Ordering::Release);
            return true;
        }
    }
}

/// Wipes every state and frees every slot. Only while this thread holds
/// [`clearing`] for this process: no state is in use here then.
fn clear_table(v: &Vdso) {
    for (page, (base, used)) in PAGE_BASE.iter().zip(&PAGE_USED).enumerate() {
        let base = base.load(Ordering::Acquire);
        if base.is_null() {
            break;
        }
        for bit in 0..v.states_per_page {
            wipe_state(
                v,
                Slot {
                    state: base.wrapping_add(bit * v.stride),
                    index: page * MAX_SLOTS_PER_PAGE + bit,
                },
            );
        }
        used.store(0, Ordering::Relaxed);
    }
    STATES_IN_USE.store(0, Ordering::Relaxed);
}

/// A state slot: its address and its index (`page * 64 + bit`).
#[derive(Clone, Copy)]
struct Slot {
    state: *mut u8,
    index: usize,
}

fn slot_mask(states_per_page: usize) -> u64 {
    if states_per_page >= 64 {
        u64::MAX
    } else {
        (1u64 << states_per_page) - 1
    }
}

/// Claims a free slot on page `page` (mapped at `base`, its bitmap `used`),
/// if it has one.
fn claim_on_page(v: &Vdso, page: usize, base: *mut u8, used: &AtomicU64) -> Option<Slot> {
    let mut current = used.load(Ordering::Relaxed);
    loop {
        let free = !current & slot_mask(v.states_per_page);
        if free == 0 {
            return None;
        }
        let bit = free.trailing_zeros() as usize;
        // Acquire: pairs with the Release in `release_slot`, so the previous
        // owner's zeroing of the state happens before our use of it.
        match used.compare_exchange_weak(
            current,
            current | (1 << bit),
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            Ok(_) => {
                STATES_IN_USE.fetch_add(1, Ordering::Relaxed);
                return Some(Slot {
                    // In bounds: bit < states_per_page and
                    // states_per_page * stride <= page_size.
                    state: base.wrapping_add(bit * v.stride),
                    index: page * MAX_SLOTS_PER_PAGE + bit,
                });
            }
            Err(seen) => current = seen,
        }
    }
}

/// Takes a free slot, mapping a new page when all are taken. `None` when the
/// kernel refuses the mapping or the page table is full.
#[cold]
fn acquire_slot(v: &Vdso) -> Option<Slot> {
    // Zipped, not indexed: no bounds check to fail.
    let pages = || PAGE_BASE.iter().zip(&PAGE_USED).enumerate();
    for (page, (base, used)) in pages() {
        let base = base.load(Ordering::Acquire);
        if base.is_null() {
            break;
        }
        if let Some(slot) = claim_on_page(v, page, base, used) {
            return Some(slot);
        }
    }
    let fresh = map_page(v)?;
    for (page, (base, used)) in pages() {
        match base.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                PAGES_MAPPED.fetch_add(1, Ordering::Relaxed);
                // Other threads may race us for the new page's slots; if
                // they take them all, this call uses the system call.
                return claim_on_page(v, page, fresh, used);
            }
            Err(_) => continue,
        }
    }
    unmap_page(v, fresh);
    None
}

fn map_page(v: &Vdso) -> Option<*mut u8> {
    // SAFETY: an anonymous mapping with no address hint creates new memory
    // and cannot affect any existing object. The protection and flags are
    // exactly the ones the vDSO's parameter query asked for.
    let page = unsafe {
        libc::mmap(
            ptr::null_mut(),
            v.page_size,
            v.mmap_prot,
            v.mmap_flags,
            -1,
            0,
        )
    };
    (page != libc::MAP_FAILED && !page.is_null()).then_some(page.cast::<u8>())
}

fn unmap_page(v: &Vdso, page: *mut u8) {
    // SAFETY: `page` is a mapping of `page_size` bytes we created in
    // `map_page` and never published, so nothing else refers to it.
    unsafe {
        libc::munmap(page.cast::<c_void>(), v.page_size);
    }
}

/// Zeroes a slot's state and returns the slot to the pool.
fn release_slot(v: &Vdso, slot: Slot) {
    wipe_state(v, slot);
    free_slot(slot);
}

fn wipe_state(v: &Vdso, slot: Slot) {
    for i in 0..v.state_size {
        // SAFETY: the slot's state is `state_size` bytes inside one of our
        // mapped pages, and no vDSO call is running on it: either it is
        // owned by the exiting thread (its bit is still set, so no other
        // thread can hold it), or the table is being cleared after fork (no
        // thread of this process holds any slot). A zeroed state is the
        // fresh state in the vDSO's contract. Volatile so that the wipe of
        // leftover key material is never elided.
        unsafe { ptr::write_volatile(slot.state.wrapping_add(i), 0) };
    }
}

fn free_slot(slot: Slot) {
    let (page, bit) = (
        slot.index / MAX_SLOTS_PER_PAGE,
        slot.index % MAX_SLOTS_PER_PAGE,
    );
    // Every slot index came from `claim_on_page`, so the page exists.
    if let Some(used) = PAGE_USED.get(page) {
        // Release: the zeroing above happens before the next owner's Acquire.
        used.fetch_and(!(1 << bit), Ordering::Release);
        STATES_IN_USE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Each thread's slot, returned to the pool by the TLS destructor.
struct ThreadSlot {
    slot: Cell<Option<Slot>>,
    /// Set when taking a slot failed (the kernel refused the mapping or the
    /// page table is full): the thread then uses the system call for the
    /// rest of its life in this process rather than retrying an `mmap` on
    /// every request.
    no_slot: Cell<bool>,
    /// The exact fork generation `slot` and `no_slot` were recorded in
    /// (`None`: none was known). A different one means this thread is the
    /// copy of a forking thread in a child, where the record is stale.
    generation: Cell<Option<u64>>,
}

impl Drop for ThreadSlot {
    fn drop(&mut self) {
        if let (Some(slot), Ok(v)) = (self.slot.take(), vdso()) {
            // A slot recorded in an ancestor is not this process's to free:
            // the table clearing reclaims it (and may have handed it on).
            if self.generation.get() == fork::exact_generation() {
                release_slot(v, slot);
            }
        }
    }
}

thread_local! {
    static THREAD_SLOT: ThreadSlot = const {
        ThreadSlot {
            slot: Cell::new(None),
            no_slot: Cell::new(false),
            generation: Cell::new(None),
        }
    };
}

/// The slot for this thread in this process, after a miss on the hot path:
/// the thread has none yet, or has none to get, or its record is from
/// another generation. `None`: use the system call for this request.
#[cold]
fn take_slot(v: &Vdso, thread: &ThreadSlot, generation: Option<u64>) -> Option<Slot> {
    if thread.generation.get() != generation {
        // Recorded in an ancestor (or before the generation was known):
        // forget it without freeing it. The table clearing frees it.
        thread.slot.set(None);
        thread.no_slot.set(false);
        thread.generation.set(generation);
    }
    if thread.no_slot.get() {
        return None;
    }
    let table_is_ours = match generation {
        Some(generation) => adopt_table(v, generation),
        // No exact generation (no wipe-on-fork page): take slots without
        // tracking, as long as no process of this line ever tracked them;
        // otherwise a later clearing could free a live thread's slot.
        None => TABLE_OWNER.load(Ordering::Acquire) == 0,
    };
    if !table_is_ours {
        return None;
    }
    let Some(slot) = acquire_slot(v) else {
        thread.no_slot.set(true);
        return None;
    };
    thread.slot.set(Some(slot));
    Some(slot)
}

/// Fills `dest` through the vDSO.
///
/// `Ok(())` when the vDSO filled all of it; `Err(done)` when the vDSO path
/// is unavailable here or stopped early, with `dest[..done]` already filled
/// with good output, so the caller makes the system call for the rest.
#[inline]
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), usize> {
    let Ok(v) = vdso() else { return Err(0) };
    let generation = fork::exact_generation();
    THREAD_SLOT
        .try_with(|thread| {
            let slot = match thread.slot.get() {
                Some(slot) if thread.generation.get() == generation => slot,
                _ => match take_slot(v, thread, generation) {
                    Some(slot) => slot,
                    None => return Err(0),
                },
            };
            call(v, slot.state, dest)
        })
        // The thread is exiting and its slot is gone: use the system call.
        .unwrap_or(Err(0))
}

#[inline]
fn call(v: &Vdso, state: *mut u8, dest: &mut [u8]) -> Result<(), usize> {
    let mut done = 0;
    while done < dest.len() {
        let rest = &mut dest[done..];
        // SAFETY: `function` is the kernel's vgetrandom (see `set_up`).
        // `rest` is valid for writes of `rest.len()` bytes, and the vDSO
        // writes at most that many. `state` is a slot of `state_size` bytes
        // inside a page mapped with the kernel's protection and flags, not
        // straddling a page, and owned by this thread alone (a signal
        // handler reusing it on this thread is detected by the vDSO).
        let ret = unsafe {
            (v.function)(
                rest.as_mut_ptr().cast::<c_void>(),
                rest.len(),
                0,
                state.cast::<c_void>(),
                v.state_size,
            )
        };
        match usize::try_from(ret) {
            // Fewer bytes than asked is allowed (requests over ~2 GiB): loop.
            Ok(n) if n > 0 && n <= rest.len() => done += n,
            // Zero bytes for a non-empty request, or more than asked: the
            // vDSO is not keeping its contract, so stop using it for this call.
            Ok(_) => return Err(done),
            Err(_) if ret == -(libc::EINTR as isize) => continue,
            // Any other error: let the system call path serve (and report).
            Err(_) => return Err(done),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_override_values() {
        use std::ffi::OsStr;
        assert!(!forced_by_env(None));
        assert!(!forced_by_env(Some(OsStr::new(""))));
        assert!(!forced_by_env(Some(OsStr::new("0"))));
        assert!(forced_by_env(Some(OsStr::new("1"))));
        assert!(forced_by_env(Some(OsStr::new("yes"))));
    }

    /// `forced` for an environment block fed in pieces of every size.
    fn scan(block: &[u8]) -> bool {
        let whole = {
            let mut scan = EnvScan::new(b"FORCE");
            scan.feed(block);
            scan.forced()
        };
        for piece in 1..=block.len().max(1) {
            let mut scan = EnvScan::new(b"FORCE");
            for chunk in block.chunks(piece) {
                if scan.feed(chunk) {
                    break;
                }
            }
            assert_eq!(scan.forced(), whole, "{block:?} in pieces of {piece}");
        }
        whole
    }

    #[test]
    fn the_start_environment_is_scanned_like_getenv() {
        assert!(!scan(b""));
        assert!(!scan(b"A=1\0B=2\0"));
        assert!(scan(b"A=1\0FORCE=1\0B=2\0"));
        assert!(scan(b"FORCE=yes"), "the last entry may lack its NUL");
        assert!(scan(b"FORCE=00\0"), "only exactly `0` means no");
        assert!(!scan(b"FORCE=0\0"));
        assert!(!scan(b"FORCE=\0"));
        assert!(!scan(b"FORCE\0"), "no `=`: not an assignment");
        // Only whole names, at the start of an entry.
        assert!(!scan(b"FORCED=1\0XFORCE=1\0FORC=1\0A=FORCE=1\0"));
        // The first entry wins, as with getenv.
        assert!(!scan(b"FORCE=0\0FORCE=1\0"));
        assert!(scan(b"FORCE=1\0FORCE=0\0"));
    }

    #[test]
    fn slots_never_straddle_a_page() {
        let Ok(v) = vdso() else { return };
        assert!(v.state_size <= v.stride);
        assert!(v.states_per_page >= 1);
        assert!((v.states_per_page - 1) * v.stride + v.state_size <= v.page_size);
        assert_eq!(v.stride % arch::CACHE_LINE, 0);
    }

    #[test]
    fn a_released_state_is_wiped() {
        let Ok(v) = vdso() else { return };
        let slot = acquire_slot(v).expect("a state slot");
        let mut out = [0u8; 64];
        assert_eq!(call(v, slot.state, &mut out), Ok(()));
        assert_ne!(out, [0u8; 64]);
        let read = |i: usize| {
            // SAFETY: the slot is ours until `free_slot`, and pages stay mapped.
            unsafe { slot.state.wrapping_add(i).read_volatile() }
        };
        assert!(
            (0..v.state_size).any(|i| read(i) != 0),
            "the call used the state"
        );
        wipe_state(v, slot);
        assert!((0..v.state_size).all(|i| read(i) == 0));
        free_slot(slot);
    }
}
