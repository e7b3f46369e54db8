//! A short-lived read-ahead buffer for operations that make many small draws.
//!
//! A password of 20 characters needs 20 bounded draws. Against the OS backend
//! each draw would be its own system call (the OS backend deliberately does
//! not buffer, as CPython does not); reading ahead once and handing out words
//! from a local buffer turns 20 calls into one. The buffer lives only for one
//! operation and is wiped when it is dropped, so no output lingers.

use rand_core::{TryCryptoRng, TryRng};
use zeroize::Zeroize;

use crate::Error;

/// Largest read-ahead, in bytes.
const MAX_READ_AHEAD: usize = 256;

/// Wraps a generator for the span of one operation, reading ahead `read_ahead`
/// bytes at a time.
pub(crate) struct Buffered<'a, R: ?Sized> {
    rng: &'a mut R,
    buffer: [u8; MAX_READ_AHEAD],
    /// How many bytes one refill draws.
    read_ahead: usize,
    /// Next unread byte in `buffer[..filled]`.
    position: usize,
    filled: usize,
}

impl<'a, R: TryCryptoRng<Error: 'static> + ?Sized> Buffered<'a, R> {
    /// `expected_bytes` is how much the operation will probably consume; the
    /// read-ahead is that, clamped to 16..=256 bytes, so that a slow source
    /// (RDSEED) is not asked for much more than needed.
    pub(crate) fn new(rng: &'a mut R, expected_bytes: usize) -> Self {
        Buffered {
            rng,
            buffer: [0; MAX_READ_AHEAD],
            read_ahead: expected_bytes.clamp(16, MAX_READ_AHEAD),
            position: 0,
            filled: 0,
        }
    }

    #[cold]
    fn refill(&mut self) -> Result<(), Error> {
        self.buffer[..self.filled].zeroize();
        self.position = 0;
        self.filled = 0;
        self.rng
            .try_fill_bytes(&mut self.buffer[..self.read_ahead])
            .map_err(crate::source::convert)?;
        self.filled = self.read_ahead;
        Ok(())
    }

    #[inline]
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        if self.filled - self.position < N {
            self.refill()?;
        }
        let mut out = [0u8; N];
        let source = &mut self.buffer[self.position..self.position + N];
        out.copy_from_slice(source);
        // Handed-out bytes are wiped at once: they must not be handed out
        // again and should not linger.
        source.zeroize();
        self.position += N;
        Ok(out)
    }
}

impl<R: ?Sized> Drop for Buffered<'_, R> {
    fn drop(&mut self) {
        self.buffer.zeroize();
    }
}

impl<R: TryCryptoRng<Error: 'static> + ?Sized> TryRng for Buffered<'_, R> {
    type Error = Error;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        self.take::<4>().map(u32::from_le_bytes)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        self.take::<8>().map(u64::from_le_bytes)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        // Bulk requests go straight to the source; the buffer is for words.
        self.rng.try_fill_bytes(dst).map_err(crate::source::convert)
    }
}

/// Each word is fresh output of a crypto RNG, handed out once.
impl<R: TryCryptoRng<Error: 'static> + ?Sized> TryCryptoRng for Buffered<'_, R> {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;

    #[test]
    fn words_match_the_source_stream_in_order() {
        let mut direct = ChaCha8Rng::seed_from_u64(7);
        let mut expected = [0u8; 48];
        direct.try_fill_bytes(&mut expected).unwrap();

        let mut source = ChaCha8Rng::seed_from_u64(7);
        let mut buffered = Buffered::new(&mut source, 16);
        let mut got = [0u8; 48];
        for chunk in got.chunks_mut(8) {
            let (a, b) = chunk.split_at_mut(4);
            a.copy_from_slice(&buffered.try_next_u32().unwrap().to_le_bytes());
            b.copy_from_slice(&buffered.try_next_u32().unwrap().to_le_bytes());
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn u64_straddling_a_refill_is_not_split() {
        let mut source = ChaCha8Rng::seed_from_u64(9);
        let mut buffered = Buffered::new(&mut source, 16);
        // 12 of 16 bytes used: the next u64 needs a refill, never 4 old + 4 new.
        for _ in 0..3 {
            buffered.try_next_u32().unwrap();
        }
        let word = buffered.try_next_u64().unwrap();
        let mut reference = ChaCha8Rng::seed_from_u64(9);
        let mut stream = [0u8; 32];
        reference.try_fill_bytes(&mut stream).unwrap();
        let expected = u64::from_le_bytes(stream[16..24].try_into().unwrap());
        assert_eq!(word, expected);
    }
}
