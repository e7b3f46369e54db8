//! [`Wiped`]: a byte buffer that is wiped when dropped.

use core::fmt;
use core::ops::{Deref, DerefMut};

use zeroize::Zeroize;

/// A byte buffer (`[u8; N]`, `Vec<u8>`, anything that is `AsMut<[u8]>`) that
/// is overwritten with zeros when dropped, on every path: a normal return,
/// an early `?` and a panic unwinding through its owner.
///
/// For the short-lived buffers a secret passes through (random bytes before
/// encoding, encoded text before it is copied into a `String`). The wipe is
/// one `memset` of the whole slice followed by an optimization barrier
/// (`zeroize`'s slice path), cheap enough for a 16-byte token's hot path;
/// `zeroize::Zeroizing<[u8; N]>` writes byte by byte with volatile stores.
/// A `Vec`'s spare capacity is not wiped: keep its length equal to its
/// capacity (`resize` after `try_reserve_exact`).
///
/// ```
/// use secrets_core::Wiped;
///
/// let mut buffer = Wiped([0u8; 32]);
/// buffer[..4].copy_from_slice(b"key!");
/// assert_eq!(&buffer[..4], b"key!");
/// // Dropped here: the 32 bytes are zero before the stack frame is reused.
/// ```
#[repr(transparent)]
pub struct Wiped<B: AsMut<[u8]>>(pub B);

impl<const N: usize> Wiped<[u8; N]> {
    /// A zeroed array.
    ///
    /// ```
    /// use secrets_core::Wiped;
    /// let mut key = Wiped::<[u8; 32]>::zeroed();
    /// assert_eq!(*key, [0u8; 32]);
    /// key[..3].copy_from_slice(b"key"); // filled in place, wiped on drop
    /// assert_eq!(&key[..3], b"key");
    /// ```
    pub const fn zeroed() -> Self {
        Wiped([0u8; N])
    }
}

impl<B: AsMut<[u8]>> Wiped<B> {
    /// Wipes the buffer now (it stays usable, all zeros).
    ///
    /// ```
    /// use secrets_core::Wiped;
    /// let mut buffer = Wiped([0xa5u8; 16]);
    /// buffer.wipe();
    /// assert_eq!(*buffer, [0u8; 16]); // all zeros now, and still usable
    /// buffer[0] = 1;
    /// assert_eq!(buffer[0], 1);
    /// ```
    #[inline]
    pub fn wipe(&mut self) {
        self.0.as_mut().zeroize();
    }
}

impl<B: AsMut<[u8]>> Deref for Wiped<B> {
    type Target = B;
    #[inline(always)]
    fn deref(&self) -> &B {
        &self.0
    }
}

impl<B: AsMut<[u8]>> DerefMut for Wiped<B> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut B {
        &mut self.0
    }
}

impl<B: AsMut<[u8]>> Drop for Wiped<B> {
    #[inline]
    fn drop(&mut self) {
        self.wipe();
    }
}

impl<B: AsMut<[u8]>> fmt::Debug for Wiped<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Wiped { .. }")
    }
}
