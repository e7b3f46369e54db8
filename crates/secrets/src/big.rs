//! Integers of any size (feature `bigint`): CPython's `randbelow` and
//! `randbits` without the 128-bit ceiling.

use num_bigint::BigUint;
use rand_core::TryCryptoRng;

use secrets_core::Wiped;

use crate::{Error, Secrets};

const UPPER_BOUND_NOT_POSITIVE: Error =
    Error::invalid("exclusive_upper_bound", "Upper bound must be positive.");
const TOO_MANY_BITS: Error =
    Error::invalid("k", "too many bits: the number would not fit in memory");

/// A candidate buffer, wiped when dropped (one `memset` and a barrier;
/// `zeroize`'s byte-wise volatile writes for a 2048-bit bound cost more
/// than the comparison and the conversion together).
type Candidate = Wiped<Vec<u8>>;

/// A zeroed, wiped-on-drop buffer of whole 64-bit words holding `k` bits.
fn word_buffer(k: u64) -> Result<Candidate, Error> {
    let words = usize::try_from(k.div_ceil(64)).map_err(|_| TOO_MANY_BITS)?;
    let len = words.checked_mul(8).ok_or(TOO_MANY_BITS)?;
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).map_err(|_| TOO_MANY_BITS)?;
    buffer.resize(len, 0);
    Ok(Wiped(buffer))
}

/// The number of bytes holding `k` bits, and the mask of the top byte.
fn byte_layout(k: u64) -> (usize, u8) {
    // k fits (word_buffer succeeded), so the byte count fits in usize.
    let nbytes = k.div_ceil(8) as usize;
    let top_bits = (k % 8) as u32;
    let mask = if top_bits == 0 {
        0xff
    } else {
        (1u8 << top_bits) - 1
    };
    (nbytes, mask)
}

/// Whether the little-endian number in `candidate` is below `bound`, with no
/// branch on the candidate's value: a full-length subtract-with-borrow, so an
/// accepted draw's timing does not depend on where it differs from the bound.
fn is_below(candidate: &[u8], bound: &BigUint) -> bool {
    let mut borrow = 0u64;
    for (chunk, digit) in candidate.chunks_exact(8).zip(bound.iter_u64_digits()) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0xff; 8]));
        let (difference, under1) = word.overflowing_sub(digit);
        let (_, under2) = difference.overflowing_sub(borrow);
        borrow = u64::from(under1 | under2);
    }
    borrow == 1
}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// Fills the low `k` bits of `buffer` (little-endian) with random bits.
    fn fill_bits(&mut self, buffer: &mut [u8], k: u64) -> Result<(), Error> {
        let (nbytes, mask) = byte_layout(k);
        let bytes = &mut buffer[..nbytes];
        self.try_fill_bytes(bytes)?;
        if let Some(top) = bytes.last_mut() {
            *top &= mask;
        }
        Ok(())
    }

    /// A non-negative integer with `k` uniformly random bits
    /// (`0 <= value < 2^k`), of any size: CPython's `randbits`.
    /// `randbits_big(0) == 0`. A `k` too large to allocate is an error.
    ///
    /// ```
    /// # #[cfg(feature = "bigint")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let n = handle.randbits_big(300)?;
    /// assert!(n.bits() <= 300);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn randbits_big(&mut self, k: u64) -> Result<BigUint, Error> {
        if k == 0 {
            return Ok(BigUint::ZERO);
        }
        let mut buffer = word_buffer(k)?;
        self.fill_bits(&mut buffer.0, k)?;
        Ok(BigUint::from_bytes_le(&buffer.0))
    }

    /// A uniformly random integer in `0..exclusive_upper_bound`, of any size:
    /// CPython's `randbelow` for big integers, by the same method
    /// (`_randbelow_with_getrandbits`): draw `k = bit_length(bound)` random
    /// bits and redraw while the result is not below the bound. Each draw is
    /// accepted with probability above 1/2, and the result is exactly
    /// uniform.
    ///
    /// A zero bound is an error: "Upper bound must be positive.".
    ///
    /// The candidate buffer is wiped after use; the returned `BigUint` cannot
    /// be (num-bigint has no zeroize support), so drop it promptly.
    ///
    /// ```
    /// # #[cfg(feature = "bigint")] {
    /// use secrets::BigUint;
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let bound = BigUint::from(10u32).pow(40);
    /// assert!(handle.randbelow_big(&bound)? < bound);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn randbelow_big(&mut self, exclusive_upper_bound: &BigUint) -> Result<BigUint, Error> {
        let k = exclusive_upper_bound.bits();
        if k == 0 {
            return Err(UPPER_BOUND_NOT_POSITIVE);
        }
        let mut buffer = word_buffer(k)?;
        loop {
            self.fill_bits(&mut buffer.0, k)?;
            if is_below(&buffer.0, exclusive_upper_bound) {
                return Ok(BigUint::from_bytes_le(&buffer.0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_below_agrees_with_biguint_ordering() {
        let bound = BigUint::from(1u128 << 100) + 12345u32;
        let k = bound.bits();
        let words = k.div_ceil(64) as usize;
        for value in [
            BigUint::ZERO,
            bound.clone() - 1u32,
            bound.clone(),
            bound.clone() + 1u32,
            BigUint::from(1u128 << 100),
            (BigUint::from(1u8) << 101u32) - 1u32,
        ] {
            let mut bytes = value.to_bytes_le();
            bytes.resize(8 * words, 0);
            assert_eq!(is_below(&bytes, &bound), value < bound, "{value}");
        }
    }

    #[test]
    fn byte_layout_masks_the_top_byte() {
        assert_eq!(byte_layout(1), (1, 0x01));
        assert_eq!(byte_layout(8), (1, 0xff));
        assert_eq!(byte_layout(9), (2, 0x01));
        assert_eq!(byte_layout(2048), (256, 0xff));
        assert_eq!(byte_layout(2047), (256, 0x7f));
    }
}
