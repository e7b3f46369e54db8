//! One exported fill function per backend. Each takes a generator built
//! elsewhere (construction — seeding, start-up self-tests — is not the fill
//! path and is not exported, so it is not linked) and fills a caller buffer.
//! Returns 0 on success and 1 on an error: errors are values, never panics.
//!
//! The `extern "C"` functions are the roots of what the linker keeps.

use rand_core::TryRng;

/// Fills `len` bytes at `ptr` from `*rng`.
///
/// # Safety
/// `rng` points to a live generator; `ptr` to `len` writable bytes.
unsafe fn fill<R: TryRng>(rng: *mut R, ptr: *mut u8, len: usize) -> u32 {
    // SAFETY: the caller's contract.
    let (rng, dest) = unsafe { (&mut *rng, core::slice::from_raw_parts_mut(ptr, len)) };
    u32::from(rng.try_fill_bytes(dest).is_err())
}

/// One `secrets_nopanic_fill_<backend name>` per row of the facade's backend
/// registry: the check covers every backend without naming any.
macro_rules! export {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident {
            name: $name:literal,
            ty: $ty:ty,
            $($rest:tt)*
        }
    )*) => {$(
        const _: () = {
            /// Fills `len` bytes at `ptr` from the generator at `rng`.
            ///
            /// # Safety
            /// `rng` points to a live generator of this type; `ptr` to `len`
            /// writable bytes.
            #[unsafe(export_name = concat!("secrets_nopanic_fill_", $name))]
            pub unsafe extern "C" fn fill_backend(rng: *mut $ty, ptr: *mut u8, len: usize) -> u32 {
                // SAFETY: forwarded contract.
                unsafe { fill(rng, ptr, len) }
            }
        };
    )*};
}

secrets::__backend_table!(export);

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
