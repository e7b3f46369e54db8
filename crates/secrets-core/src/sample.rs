//! Unbiased sampling over any crypto RNG: the surface of Python's
//! `random.SystemRandom`, without its panics and with typed errors.
//!
//! Every function takes `&mut R` where `R` is any rand_core
//! [`TryCryptoRng`] whose error converts into [`Error`] — every backend of
//! ours, and every infallible rand_core crypto RNG (their error is
//! [`Infallible`](core::convert::Infallible)).
//!
//! **Invariant:** sampling is exactly uniform. Bounded integers use Lemire's
//! nearly-divisionless method with rejection ("Fast Random Integer Generation in
//! an Interval", 2019); nothing here uses modulo reduction or floating point to
//! pick an integer.
//!
//! ```
//! # use rand_core::SeedableRng;
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
//! use secrets_core::sample::{choice, randint, random};
//! let die = randint(&mut rng, 1, 6)?;
//! let colour = choice(&mut rng, &["red", "blue"])?;
//! let x = random(&mut rng)?;
//! assert!((1..=6).contains(&die) && (0.0..1.0).contains(&x));
//! # let _ = colour;
//! # Ok::<(), secrets_core::Error>(())
//! ```

use rand_core::TryCryptoRng;
#[cfg(feature = "alloc")]
use zeroize::{Zeroize, Zeroizing};

use crate::Error;

const UPPER_BOUND_NOT_POSITIVE: Error =
    Error::invalid("exclusive_upper_bound", "Upper bound must be positive.");
const EMPTY_SEQUENCE: Error = Error::invalid("seq", "Cannot choose from an empty sequence");

#[inline(always)]
fn next_u32<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<u32, Error>
where
    R::Error: Into<Error>,
{
    rng.try_next_u32().map_err(Into::into)
}

#[inline(always)]
fn next_u64<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<u64, Error>
where
    R::Error: Into<Error>,
{
    rng.try_next_u64().map_err(Into::into)
}

/// The unsigned integer types [`randbelow`] and [`randbits`] work with:
/// `u32`, `u64`, `u128` and `usize`. Sealed.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// use secrets_core::sample::{UniformInt, randbelow};
/// fn below<T: UniformInt>(rng: &mut rand_chacha::ChaCha20Rng, bound: T) -> T {
///     randbelow(rng, bound).expect("a non-zero bound")
/// }
/// assert!(below(&mut rng, 7u32) < 7);
/// assert!(below(&mut rng, u128::MAX) < u128::MAX);
/// assert_eq!(<u64 as UniformInt>::BITS, 64);
/// ```
pub trait UniformInt: Copy + Ord + private::Sealed {
    /// The width of the type in bits.
    const BITS: u32;
    /// A uniformly random value in `0..bound`; `bound` is non-zero.
    #[doc(hidden)]
    fn below_nonzero<R: TryCryptoRng + ?Sized>(rng: &mut R, bound: Self) -> Result<Self, Error>
    where
        R::Error: Into<Error>;
    /// `k` uniformly random low bits, `1 <= k <= BITS`.
    #[doc(hidden)]
    fn low_bits<R: TryCryptoRng + ?Sized>(rng: &mut R, k: u32) -> Result<Self, Error>
    where
        R::Error: Into<Error>;
    /// Whether the value is zero.
    #[doc(hidden)]
    fn is_zero(self) -> bool {
        self == Self::default()
    }
}

mod private {
    pub trait Sealed: Default {}
    impl Sealed for u32 {}
    impl Sealed for u64 {}
    impl Sealed for u128 {}
    impl Sealed for usize {}
}

/// Lemire's nearly divisionless method: `$draw` is the (high, low) halves of
/// a fresh draw times `$bound`; the high half is the answer unless the low
/// half falls in the biased zone, which is then redrawn.
macro_rules! lemire_below {
    ($bound:expr, $draw:expr) => {{
        let bound = $bound;
        let (mut high, mut low) = $draw;
        // The low half of the product is below `bound` in at most
        // bound/2^BITS of cases; only then can the draw fall in the biased
        // zone, and only then do we pay for the division.
        if low < bound {
            let threshold = bound.wrapping_neg() % bound;
            while low < threshold {
                (high, low) = $draw;
            }
        }
        Ok(high)
    }};
}

/// The full 64-bit product of two u32 as (high, low).
#[inline]
fn wide_mul_u32(a: u32, b: u32) -> (u32, u32) {
    let m = u64::from(a) * u64::from(b);
    ((m >> 32) as u32, m as u32)
}

/// The full 128-bit product of two u64 as (high, low).
#[inline]
fn wide_mul_u64(a: u64, b: u64) -> (u64, u64) {
    let m = u128::from(a) * u128::from(b);
    ((m >> 64) as u64, m as u64)
}

/// The full 256-bit product of two u128 as (high, low).
#[inline]
fn wide_mul_u128(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let cross = (lo_lo >> 64) + (hi_lo & MASK) + (lo_hi & MASK);
    let low = (cross << 64) | (lo_lo & MASK);
    let high = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (cross >> 64);
    (high, low)
}

#[inline]
fn next_u128<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<u128, Error>
where
    R::Error: Into<Error>,
{
    let hi = next_u64(rng)?;
    let lo = next_u64(rng)?;
    Ok((u128::from(hi) << 64) | u128::from(lo))
}

/// `UniformInt` for one width: Lemire over `$wide_mul` of `$next` words.
/// Bounds (`below`) and bit counts (`low_bits`) that fit in the narrower
/// type named take its path: exactly uniform either way, and less generator
/// output.
macro_rules! uniform_int {
    ($t:ty, $wide_mul:ident, $next:ident, below: $($narrow:ty)?, low_bits: $($narrow_bits:ty)?) => {
        impl UniformInt for $t {
            const BITS: u32 = <$t>::BITS;
            #[inline]
            fn below_nonzero<R: TryCryptoRng + ?Sized>(rng: &mut R, bound: $t) -> Result<$t, Error>
            where
                R::Error: Into<Error>,
            {
                $(if let Ok(small) = <$narrow>::try_from(bound) {
                    return <$narrow>::below_nonzero(rng, small).map(<$t>::from);
                })?
                lemire_below!(bound, $wide_mul($next(rng)?, bound))
            }
            #[inline]
            fn low_bits<R: TryCryptoRng + ?Sized>(rng: &mut R, k: u32) -> Result<$t, Error>
            where
                R::Error: Into<Error>,
            {
                $(if k <= <$narrow_bits as UniformInt>::BITS {
                    return <$narrow_bits>::low_bits(rng, k).map(<$t>::from);
                })?
                Ok($next(rng)? >> (<$t>::BITS - k))
            }
        }
    };
}

uniform_int!(u32, wide_mul_u32, next_u32, below:, low_bits:);
uniform_int!(u64, wide_mul_u64, next_u64, below: u32, low_bits:);
uniform_int!(u128, wide_mul_u128, next_u128, below: u64, low_bits: u64);

impl UniformInt for usize {
    const BITS: u32 = usize::BITS;
    #[inline]
    fn below_nonzero<R: TryCryptoRng + ?Sized>(rng: &mut R, bound: usize) -> Result<usize, Error>
    where
        R::Error: Into<Error>,
    {
        // `usize` fits in `u64` on every target; `u64` takes the cheaper
        // 32-bit path for bounds that fit, so the draws are the same on 32-
        // and 64-bit targets, and the result is below `bound`.
        u64::below_nonzero(rng, bound as u64).map(|v| v as usize)
    }
    fn low_bits<R: TryCryptoRng + ?Sized>(rng: &mut R, k: u32) -> Result<usize, Error>
    where
        R::Error: Into<Error>,
    {
        // `k <= usize::BITS`: draw from the type of the same width, so the
        // value has exactly k bits and the cast below loses nothing.
        if usize::BITS <= 32 {
            u32::low_bits(rng, k).map(|v| v as usize)
        } else {
            u64::low_bits(rng, k).map(|v| v as usize)
        }
    }
}

/// A uniformly random integer in `0..exclusive_upper_bound`.
///
/// Errors with "Upper bound must be positive." (CPython's message) for 0.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let n: u64 = secrets_core::sample::randbelow(&mut rng, 1_000_000)?;
/// assert!(n < 1_000_000);
/// assert!(secrets_core::sample::randbelow(&mut rng, 0u32).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[inline]
pub fn randbelow<T: UniformInt, R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    exclusive_upper_bound: T,
) -> Result<T, Error>
where
    R::Error: Into<Error>,
{
    if exclusive_upper_bound.is_zero() {
        return Err(UPPER_BOUND_NOT_POSITIVE);
    }
    T::below_nonzero(rng, exclusive_upper_bound)
}

/// An integer with `k` uniformly random low bits (`0 <= value < 2^k`).
///
/// `k = 0` gives 0 (as CPython); `k` above the width of `T` is an error.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let byte: u32 = secrets_core::sample::randbits(&mut rng, 8)?;
/// assert!(byte < 256);
/// assert_eq!(secrets_core::sample::randbits::<u64, _>(&mut rng, 0)?, 0);
/// assert!(secrets_core::sample::randbits::<u32, _>(&mut rng, 33).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn randbits<T: UniformInt + From<u8>, R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    k: u32,
) -> Result<T, Error>
where
    R::Error: Into<Error>,
{
    match k {
        0 => Ok(T::from(0)),
        k if k > T::BITS => Err(Error::invalid(
            "k",
            "number of bits exceeds the width of the result type",
        )),
        k => T::low_bits(rng, k),
    }
}

/// A uniformly chosen element of `seq`.
///
/// Errors with "Cannot choose from an empty sequence" (CPython's message).
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let item = secrets_core::sample::choice(&mut rng, &[10, 20, 30])?;
/// assert!([10, 20, 30].contains(item));
/// assert!(secrets_core::sample::choice::<u8, _>(&mut rng, &[]).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[inline]
pub fn choice<'a, T, R: TryCryptoRng + ?Sized>(rng: &mut R, seq: &'a [T]) -> Result<&'a T, Error>
where
    R::Error: Into<Error>,
{
    if seq.is_empty() {
        return Err(EMPTY_SEQUENCE);
    }
    let index = usize::below_nonzero(rng, seq.len())?;
    Ok(&seq[index])
}

/// Shuffles `items` in place (Fisher–Yates): every permutation is equally
/// likely. On error the slice is left in some permutation of its input.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let mut cards: Vec<u8> = (0..52).collect();
/// secrets_core::sample::shuffle(&mut rng, &mut cards)?;
/// let mut sorted = cards.clone();
/// sorted.sort();
/// assert_eq!(sorted, (0..52).collect::<Vec<u8>>());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn shuffle<T, R: TryCryptoRng + ?Sized>(rng: &mut R, items: &mut [T]) -> Result<(), Error>
where
    R::Error: Into<Error>,
{
    for i in (1..items.len()).rev() {
        let j = usize::below_nonzero(rng, i + 1)?;
        items.swap(i, j);
    }
    Ok(())
}

#[cfg(feature = "alloc")]
const SAMPLE_TOO_LARGE: Error = Error::invalid("k", "the sample would not fit in memory");

/// A vector with room for exactly `len` elements, or an error instead of an
/// abort when that much cannot be allocated.
#[cfg(feature = "alloc")]
fn vec_with_capacity<T>(len: usize) -> Result<alloc::vec::Vec<T>, Error> {
    let mut vec = alloc::vec::Vec::new();
    vec.try_reserve_exact(len).map_err(|_| SAMPLE_TOO_LARGE)?;
    Ok(vec)
}

/// `k` distinct indices of `0..population`, in selection order, each
/// k-permutation equally likely: a partial Fisher–Yates shuffle of the
/// indices `0..population`.
///
/// Memory is O(k), whatever the population: when `k` is small against the
/// population, the shuffled array is kept sparse (a table of the positions
/// the shuffle has changed). Both forms make the same draws and return the
/// same indices. Every allocation is fallible: a sample too large for memory
/// is an error, not an abort.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let picked = secrets_core::sample::sample_indices(&mut rng, 100, 5)?;
/// assert_eq!(picked.len(), 5);
/// assert!(picked.iter().all(|&i| i < 100));
/// assert!(secrets_core::sample::sample_indices(&mut rng, 3, 4).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[cfg(feature = "alloc")]
pub fn sample_indices<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    population: usize,
    k: usize,
) -> Result<alloc::vec::Vec<usize>, Error>
where
    R::Error: Into<Error>,
{
    if k > population {
        return Err(Error::invalid("k", "Sample larger than population"));
    }
    // The dense array costs `population` words, the sparse table about 4k
    // words (load factor at most 1/2, two words a slot).
    if population <= k.saturating_mul(4) {
        partial_shuffle(rng, &mut DenseShuffle::new(population)?, population, k)
    } else {
        partial_shuffle(rng, &mut SparseShuffle::new(k)?, population, k)
    }
}

/// The array `0..population` as a partial Fisher–Yates shuffle sees it.
#[cfg(feature = "alloc")]
trait ShuffledArray {
    fn get(&self, position: usize) -> usize;
    fn set(&mut self, position: usize, value: usize);
}

/// The first `k` steps of Fisher–Yates over `array`: the `k` chosen values.
/// Step `i` swaps positions `i` and `j`; position `i` is never read again,
/// so only `j` is written.
#[cfg(feature = "alloc")]
fn partial_shuffle<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    array: &mut impl ShuffledArray,
    population: usize,
    k: usize,
) -> Result<alloc::vec::Vec<usize>, Error>
where
    R::Error: Into<Error>,
{
    // The selection so far is secret: wiped if a draw fails.
    let mut chosen = Zeroizing::new(vec_with_capacity(k)?);
    for i in 0..k {
        let j = i + usize::below_nonzero(rng, population - i)?;
        let at_i = array.get(i);
        chosen.push(array.get(j));
        array.set(j, at_i);
    }
    Ok(core::mem::take(&mut *chosen))
}

/// The whole array, wiped when dropped (its prefix is the selection).
#[cfg(feature = "alloc")]
struct DenseShuffle(Zeroizing<alloc::vec::Vec<usize>>);

#[cfg(feature = "alloc")]
impl DenseShuffle {
    fn new(population: usize) -> Result<Self, Error> {
        let mut array = Zeroizing::new(vec_with_capacity(population)?);
        array.extend(0..population);
        Ok(DenseShuffle(array))
    }
}

#[cfg(feature = "alloc")]
impl ShuffledArray for DenseShuffle {
    fn get(&self, position: usize) -> usize {
        self.0[position]
    }
    fn set(&mut self, position: usize, value: usize) {
        self.0[position] = value;
    }
}

/// The array `0..population` under a partial Fisher–Yates shuffle, storing
/// only the positions whose value changed: open addressing with linear
/// probing in a table allocated once (`k` swaps change at most `k`
/// positions), so nothing allocates after the start.
#[cfg(feature = "alloc")]
struct SparseShuffle {
    /// (position, value) pairs; [`SparseShuffle::EMPTY`] marks a free slot.
    slots: alloc::vec::Vec<(usize, usize)>,
    /// `slots.len() - 1`; the length is a power of two.
    mask: usize,
}

/// The table holds the shuffle's secret state: wiped when dropped.
#[cfg(feature = "alloc")]
impl Drop for SparseShuffle {
    fn drop(&mut self) {
        for (position, value) in &mut self.slots {
            position.zeroize();
            value.zeroize();
        }
    }
}

#[cfg(feature = "alloc")]
impl SparseShuffle {
    /// Never a position: positions are below the population, a `usize`.
    const EMPTY: usize = usize::MAX;

    fn new(changes: usize) -> Result<Self, Error> {
        let len = changes
            .checked_mul(2)
            .and_then(usize::checked_next_power_of_two)
            .ok_or(SAMPLE_TOO_LARGE)?
            .max(2);
        let mut slots = vec_with_capacity(len)?;
        slots.resize(len, (Self::EMPTY, 0));
        Ok(SparseShuffle {
            slots,
            mask: len - 1,
        })
    }

    /// The slot holding `position`, or the free slot where it belongs.
    fn slot(&self, position: usize) -> usize {
        // Fibonacci hashing (the top bits of the product by 2^BITS / phi)
        // spreads consecutive positions; the table is at most half full, so
        // the probe ends.
        const GOLDEN: usize = if usize::BITS == 64 {
            0x9E37_79B9_7F4A_7C15_u64 as usize
        } else {
            0x9E37_79B9
        };
        let table_bits = self.mask.count_ones();
        let mut slot = position.wrapping_mul(GOLDEN) >> (usize::BITS - table_bits);
        while self.slots[slot].0 != Self::EMPTY && self.slots[slot].0 != position {
            slot = (slot + 1) & self.mask;
        }
        slot
    }
}

#[cfg(feature = "alloc")]
impl ShuffledArray for SparseShuffle {
    fn get(&self, position: usize) -> usize {
        match self.slots[self.slot(position)] {
            (Self::EMPTY, _) => position,
            (_, value) => value,
        }
    }

    fn set(&mut self, position: usize, value: usize) {
        let slot = self.slot(position);
        self.slots[slot] = (position, value);
    }
}

/// `k` elements of `population` chosen without replacement, in selection
/// order (Python's `SystemRandom().sample`). Memory is O(k) (see
/// [`sample_indices`]); a result too large for memory is an error.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let hand = secrets_core::sample::sample(&mut rng, &['a', 'b', 'c', 'd'], 2)?;
/// assert_eq!(hand.len(), 2);
/// assert_ne!(hand[0], hand[1]);
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[cfg(feature = "alloc")]
pub fn sample<T: Clone, R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    population: &[T],
    k: usize,
) -> Result<alloc::vec::Vec<T>, Error>
where
    R::Error: Into<Error>,
{
    // Which positions were chosen is the secret: wiped after use.
    let indices = Zeroizing::new(sample_indices(rng, population.len(), k)?);
    let mut chosen = vec_with_capacity(k)?;
    chosen.extend(indices.iter().map(|&i| population[i].clone()));
    Ok(chosen)
}

/// A float uniformly distributed on the 2^53 multiples of 2^-53 in `[0, 1)`,
/// as CPython's `random()`.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let x = secrets_core::sample::random(&mut rng)?;
/// assert!((0.0..1.0).contains(&x));
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[inline]
pub fn random<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<f64, Error>
where
    R::Error: Into<Error>,
{
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
    Ok((next_u64(rng)? >> 11) as f64 * SCALE)
}

/// A uniformly chosen element of `range(start, stop, step)`, with CPython's
/// semantics: `step` may be negative; an empty range or a zero step is an
/// error.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let odd = secrets_core::sample::randrange(&mut rng, 1, 100, 2)?;
/// assert!(odd % 2 == 1);
/// let down = secrets_core::sample::randrange(&mut rng, 10, 0, -3)?; // 10, 7, 4 or 1
/// assert!([10, 7, 4, 1].contains(&down));
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn randrange<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    start: i64,
    stop: i64,
    step: i64,
) -> Result<i64, Error>
where
    R::Error: Into<Error>,
{
    if step == 0 {
        return Err(Error::invalid("step", "zero step for randrange()"));
    }
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let width = stop - start;
    // Number of elements of the range (Python's floor division), exactly in i128.
    let count = if step > 0 {
        (width + step - 1).div_euclid(step)
    } else {
        (-(width + step + 1)).div_euclid(-step)
    };
    if count <= 0 {
        return Err(Error::invalid("stop", "empty range for randrange()"));
    }
    // count <= 2^64 because |width| < 2^64.
    let offset = u128::below_nonzero(rng, count as u128)?;
    let value = start + step * offset as i128;
    Ok(value as i64)
}

/// A uniformly chosen integer in the inclusive range `a..=b` (CPython's
/// `randint`). Errors when `a > b`.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let year = secrets_core::sample::randint(&mut rng, 1900, 2100)?;
/// assert!((1900..=2100).contains(&year));
/// assert!(secrets_core::sample::randint(&mut rng, 2, 1).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn randint<R: TryCryptoRng + ?Sized>(rng: &mut R, a: i64, b: i64) -> Result<i64, Error>
where
    R::Error: Into<Error>,
{
    if a > b {
        return Err(Error::invalid("b", "empty range for randint(): a > b"));
    }
    let span = (i128::from(b) - i128::from(a) + 1) as u128; // 1..=2^64
    let offset = u128::below_nonzero(rng, span)?;
    Ok((i128::from(a) + offset as i128) as i64)
}

/// A float between `a` and `b` (either order), as CPython's `uniform`:
/// `a + (b - a) * random()`. Non-finite bounds are an error rather than a NaN
/// or infinite answer.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7); // any rand_core crypto RNG
/// let t = secrets_core::sample::uniform(&mut rng, 2.5, -2.5)?;
/// assert!((-2.5..=2.5).contains(&t));
/// assert!(secrets_core::sample::uniform(&mut rng, 0.0, f64::INFINITY).is_err());
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn uniform<R: TryCryptoRng + ?Sized>(rng: &mut R, a: f64, b: f64) -> Result<f64, Error>
where
    R::Error: Into<Error>,
{
    if !a.is_finite() || !b.is_finite() {
        return Err(Error::invalid("a, b", "bounds must be finite numbers"));
    }
    let u = random(rng)?;
    let width = b - a;
    let value = if width.is_finite() {
        a + width * u
    } else {
        // b - a overflowed (bounds near ±f64::MAX): interpolate instead.
        a * (1.0 - u) + b * u
    };
    Ok(value.clamp(a.min(b), a.max(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(0x5ec2e75)
    }

    #[test]
    fn wide_mul_matches_schoolbook() {
        let cases = [
            (u128::MAX, u128::MAX),
            (u128::MAX, 2),
            (1 << 127, 1 << 127),
            (
                0x1234_5678_9abc_def0_1122_3344_5566_7788,
                0xffee_ddcc_bbaa_9988_7766_5544_3322_1100,
            ),
        ];
        for (a, b) in cases {
            let (hi, lo) = wide_mul_u128(a, b);
            assert_eq!(lo, a.wrapping_mul(b));
            // high word check via splitting b into two halves
            let b_lo = b & u64::MAX as u128;
            let b_hi = b >> 64;
            let (h1, l1) = wide_mul_u128(a, b_lo);
            let (h2, l2) = wide_mul_u128(a, b_hi);
            // a*b = a*b_lo + (a*b_hi << 64)
            let (low, carry) = l1.overflowing_add(l2 << 64);
            assert_eq!(low, lo);
            assert_eq!(hi, h1 + (l2 >> 64) + (h2 << 64) + u128::from(carry));
        }
    }

    #[test]
    fn randbelow_zero_is_cpython_error() {
        let err = randbelow(&mut rng(), 0u64).unwrap_err();
        assert_eq!(err, UPPER_BOUND_NOT_POSITIVE);
        assert!(randbelow(&mut rng(), 0u128).is_err());
        assert!(randbelow(&mut rng(), 0usize).is_err());
        assert!(randbelow(&mut rng(), 0u32).is_err());
    }

    #[test]
    fn randbelow_stays_below_every_width() {
        let mut r = rng();
        for bound in [
            1u64,
            2,
            3,
            7,
            1 << 32,
            (1 << 32) + 1,
            u64::MAX - 1,
            u64::MAX,
        ] {
            for _ in 0..200 {
                assert!(randbelow(&mut r, bound).unwrap() < bound);
            }
        }
        for bound in [1u128, 3, u64::MAX as u128 + 1, u128::MAX - 7, u128::MAX] {
            for _ in 0..200 {
                assert!(randbelow(&mut r, bound).unwrap() < bound);
            }
        }
        for bound in [1u32, 5, u32::MAX] {
            for _ in 0..200 {
                assert!(randbelow(&mut r, bound).unwrap() < bound);
            }
        }
        assert_eq!(randbelow(&mut r, 1usize).unwrap(), 0);
    }

    #[test]
    fn randbelow_u128_reaches_high_values() {
        // With a bound of 2^127 + 1 about half the draws must exceed 2^126.
        let mut r = rng();
        let bound = (1u128 << 127) + 1;
        let high = (0..1000)
            .filter(|_| randbelow(&mut r, bound).unwrap() >= 1 << 126)
            .count();
        assert!((400..=600).contains(&high), "{high}");
    }

    #[test]
    fn randbits_edges() {
        let mut r = rng();
        assert_eq!(randbits::<u128, _>(&mut r, 0).unwrap(), 0);
        assert!(
            randbits::<u128, _>(&mut r, 129)
                .unwrap_err()
                .is_invalid_argument()
        );
        assert!(randbits::<u64, _>(&mut r, 65).is_err());
        assert!(randbits::<u32, _>(&mut r, 33).is_err());
        for k in 1..=128u32 {
            let mut max_seen = 0u128;
            for _ in 0..64 {
                let v: u128 = randbits(&mut r, k).unwrap();
                assert!(k == 128 || v < 1u128 << k, "k={k} v={v}");
                max_seen = max_seen.max(v);
            }
            // The top bit of k bits is set in 64 draws except with prob 2^-64.
            assert!(max_seen >= 1u128 << (k - 1), "k={k}");
        }
    }

    #[test]
    fn choice_and_empty() {
        let mut r = rng();
        let empty: [u8; 0] = [];
        assert_eq!(choice(&mut r, &empty).unwrap_err(), EMPTY_SEQUENCE);
        let seq = [10, 20, 30];
        let mut seen = [false; 3];
        for _ in 0..100 {
            let v = *choice(&mut r, &seq).unwrap();
            seen[(v / 10 - 1) as usize] = true;
        }
        assert_eq!(seen, [true; 3]);
    }

    #[test]
    fn sample_is_distinct_and_checks_k() {
        let mut r = rng();
        let population: [u32; 50] = core::array::from_fn(|i| i as u32);
        let picked = sample(&mut r, &population, 50).unwrap();
        let mut sorted = picked.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, population);
        assert!(sample(&mut r, &population, 51).is_err());
        assert!(sample(&mut r, &population, 0).unwrap().is_empty());
        let ten = sample(&mut r, &population, 10).unwrap();
        let mut dedup = ten.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), 10);
    }

    #[test]
    fn randbits_has_exactly_k_bits_for_every_width() {
        fn check<T: UniformInt + From<u8> + Into<u128>>() {
            let mut r = rng();
            for k in 1..=T::BITS {
                let mut highest = 0u128;
                for _ in 0..64 {
                    let value: u128 = randbits::<T, _>(&mut r, k).unwrap().into();
                    assert!(k == 128 || value < 1u128 << k, "k {k}: {value:#x}");
                    highest = highest.max(value);
                }
                // The top bit of k shows up (each draw: probability 1/2).
                assert!(highest >= 1u128 << (k - 1), "k {k}: top bit never set");
            }
        }
        check::<u32>();
        check::<u64>();
        check::<u128>();
        // usize is not Into<u128> everywhere; go through u64.
        let mut r = rng();
        for k in 1..=usize::BITS {
            let mut highest = 0u64;
            for _ in 0..64 {
                let value = randbits::<usize, _>(&mut r, k).unwrap() as u64;
                assert!(k == 64 || value < 1u64 << k, "usize, k {k}: {value:#x}");
                highest = highest.max(value);
            }
            assert!(highest >= 1u64 << (k - 1), "usize, k {k}");
        }
    }

    #[test]
    fn sparse_and_dense_samples_make_the_same_draws() {
        for (population, k) in [(1, 1), (10, 3), (50, 50), (1000, 7), (1000, 999)] {
            for seed in 0..20 {
                let mut a = ChaCha8Rng::seed_from_u64(seed);
                let mut b = ChaCha8Rng::seed_from_u64(seed);
                let mut dense = DenseShuffle::new(population).unwrap();
                let mut sparse = SparseShuffle::new(k).unwrap();
                assert_eq!(
                    partial_shuffle(&mut a, &mut dense, population, k).unwrap(),
                    partial_shuffle(&mut b, &mut sparse, population, k).unwrap(),
                    "population {population}, k {k}, seed {seed}"
                );
            }
        }
    }

    #[test]
    fn samples_of_huge_populations_need_memory_for_k_only() {
        let mut r = rng();
        assert!(sample_indices(&mut r, usize::MAX, 0).unwrap().is_empty());
        let picked = sample_indices(&mut r, usize::MAX, 1000).unwrap();
        let mut distinct = picked.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 1000);
        // Spread over the whole range, not clustered at the start.
        assert!(picked.iter().any(|&i| i > usize::MAX / 2));
        // Zero-sized elements: a slice of usize::MAX of them exists.
        let units = alloc::vec![(); usize::MAX];
        assert_eq!(sample(&mut r, &units, 3).unwrap().len(), 3);
        assert!(sample(&mut r, &units, usize::MAX).is_err());
    }

    #[test]
    fn sparse_sample_is_uniform_over_ordered_selections() {
        // 12 * 11 ordered pairs of a population of 12: k = 2 takes the sparse
        // path (12 > 4 * 2). 132,000 draws, 1,000 expected per pair.
        let mut r = rng();
        let mut counts = [0u64; 144];
        for _ in 0..132_000 {
            let pair = sample_indices(&mut r, 12, 2).unwrap();
            counts[pair[0] * 12 + pair[1]] += 1;
        }
        let expected = 1000.0;
        let mut statistic = 0.0;
        for first in 0..12 {
            for second in 0..12 {
                let observed = counts[first * 12 + second] as f64;
                if first == second {
                    assert_eq!(observed, 0.0);
                } else {
                    statistic += (observed - expected) * (observed - expected) / expected;
                }
            }
        }
        // chi-square with 131 degrees of freedom: P(X > 230) < 1e-6.
        assert!(statistic < 230.0, "chi-square {statistic}");
    }

    #[test]
    fn random_in_unit_interval_with_53_bits() {
        let mut r = rng();
        let mut any_low_bit = false;
        for _ in 0..1000 {
            let x = random(&mut r).unwrap();
            assert!((0.0..1.0).contains(&x));
            let scaled = x * (1u64 << 53) as f64;
            assert_eq!(scaled, scaled.trunc());
            any_low_bit |= (scaled as u64) & 1 == 1;
        }
        assert!(any_low_bit);
    }

    #[test]
    fn randrange_semantics() {
        let mut r = rng();
        assert!(randrange(&mut r, 0, 10, 0).is_err());
        assert!(randrange(&mut r, 5, 5, 1).is_err());
        assert!(randrange(&mut r, 5, 0, 1).is_err());
        assert!(randrange(&mut r, 0, 5, -1).is_err());
        for _ in 0..500 {
            let v = randrange(&mut r, 10, -10, -3).unwrap();
            assert!(v <= 10 && v > -10 && (10 - v) % 3 == 0, "{v}");
            let w = randrange(&mut r, i64::MIN, i64::MAX, 1).unwrap();
            assert!(w < i64::MAX);
            let s = randrange(&mut r, 1, 10, 4).unwrap();
            assert!([1, 5, 9].contains(&s));
        }
    }

    #[test]
    fn randint_inclusive_and_full_range() {
        let mut r = rng();
        assert!(randint(&mut r, 2, 1).is_err());
        let mut seen = [false; 3];
        for _ in 0..200 {
            let v = randint(&mut r, -1, 1).unwrap();
            seen[(v + 1) as usize] = true;
        }
        assert_eq!(seen, [true; 3]);
        assert_eq!(randint(&mut r, 7, 7).unwrap(), 7);
        randint(&mut r, i64::MIN, i64::MAX).unwrap();
    }

    #[test]
    fn uniform_bounds_and_errors() {
        let mut r = rng();
        assert!(uniform(&mut r, f64::NAN, 1.0).is_err());
        assert!(uniform(&mut r, 0.0, f64::INFINITY).is_err());
        for _ in 0..500 {
            let v = uniform(&mut r, 3.0, -2.0).unwrap();
            assert!((-2.0..=3.0).contains(&v));
            let w = uniform(&mut r, -f64::MAX, f64::MAX).unwrap();
            assert!(w.is_finite());
        }
    }
}
