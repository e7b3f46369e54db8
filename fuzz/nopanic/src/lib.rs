//! One exported fill function per backend. Each takes a generator built
//! elsewhere (construction — seeding, start-up self-tests — is not the fill
//! path and is not exported, so it is not linked) and fills a caller buffer.
//! Returns 0 on success and 1 on an error: errors are values, never panics.
//!
//! The `extern "C"` functions are the roots of what the linker keeps.

use rand_core::TryRng;
use secrets_chacha::{ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg};
use secrets_ctr_drbg::{CtrDrbgAes128Rng, CtrDrbgAes256Rng};
use secrets_os::OsRng;
use secrets_rdrand::{RdRand, RdSeed};

/// Fills `len` bytes at `ptr` from `*rng`.
///
/// # Safety
/// `rng` points to a live generator; `ptr` to `len` writable bytes.
unsafe fn fill<R: TryRng>(rng: *mut R, ptr: *mut u8, len: usize) -> u32 {
    // SAFETY: the caller's contract.
    let (rng, dest) = unsafe { (&mut *rng, core::slice::from_raw_parts_mut(ptr, len)) };
    u32::from(rng.try_fill_bytes(dest).is_err())
}

macro_rules! export {
    ($($name:ident => $ty:ty),* $(,)?) => {$(
        /// Fills `len` bytes at `ptr` from the generator at `rng`.
        ///
        /// # Safety
        /// `rng` points to a live generator of this type; `ptr` to `len`
        /// writable bytes.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(rng: *mut $ty, ptr: *mut u8, len: usize) -> u32 {
            // SAFETY: forwarded contract.
            unsafe { fill(rng, ptr, len) }
        }
    )*};
}

export! {
    secrets_nopanic_fill_os => OsRng,
    secrets_nopanic_fill_rdrand => RdRand,
    secrets_nopanic_fill_rdseed => RdSeed,
    secrets_nopanic_fill_chacha8 => ChaCha8Drbg,
    secrets_nopanic_fill_chacha12 => ChaCha12Drbg,
    secrets_nopanic_fill_chacha20 => ChaCha20Drbg,
    secrets_nopanic_fill_ctr_drbg_aes128 => CtrDrbgAes128Rng,
    secrets_nopanic_fill_ctr_drbg_aes256 => CtrDrbgAes256Rng,
}

/// The OS backend's free function, the facade's hot path for the default.
///
/// # Safety
/// `ptr` points to `len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn secrets_nopanic_fill_os_free(ptr: *mut u8, len: usize) -> u32 {
    // SAFETY: the caller's contract.
    let dest = unsafe { core::slice::from_raw_parts_mut(ptr, len) };
    u32::from(secrets_os::fill(dest).is_err())
}
