//! A byte array that is zeroized when dropped.
//!
//! `zeroize` wipes arrays element by element with volatile byte writes, but
//! slices with one `memset` and an optimization barrier; this wrapper always
//! takes the slice path, which matters on the per-request hot path.

use core::ops::{Deref, DerefMut};

use zeroize::Zeroize;

/// `[u8; N]`, wiped on drop (and by [`Wiped::wipe`]).
pub(crate) struct Wiped<const N: usize>(pub(crate) [u8; N]);

impl<const N: usize> Wiped<N> {
    pub(crate) const fn zeroed() -> Self {
        Wiped([0u8; N])
    }
}

impl<const N: usize> Deref for Wiped<N> {
    type Target = [u8; N];
    fn deref(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> DerefMut for Wiped<N> {
    fn deref_mut(&mut self) -> &mut [u8; N] {
        &mut self.0
    }
}

impl<const N: usize> Drop for Wiped<N> {
    fn drop(&mut self) {
        self.0[..].zeroize();
    }
}
