//! The deterministic fast-key-erasure generator (`no_std`, no OS).
//!
//! See the [crate documentation](crate#the-construction) for the
//! construction this module implements, step by step.

use core::fmt;
use core::marker::PhantomData;

use rand_core::{SeedableRng, TryCryptoRng, TryRng};
use secrets_core::Error;
use secrets_drbg::{Buffering, Mechanism, Sp80090a, reseed_then_generate};
use zeroize::Zeroize;

use crate::ChaChaRounds;
use crate::keystream::{self, BLOCK_BYTES};

/// Bytes of a key.
///
/// ```
/// let seed = [0x42u8; secrets_chacha::KEY_BYTES]; // 32 bytes
/// let rng = secrets_chacha::ChaCha20Core::from_seed(seed);
/// # let _ = rng;
/// ```
pub const KEY_BYTES: usize = 32;

/// Keystream bytes generated per refill: the first [`KEY_BYTES`] become the
/// next key, the rest ([`BUFFER_BYTES`]) is the output buffer.
///
/// A multiple of 1024 so that every refill runs in full 16-block AVX-512
/// batches. 2048 rather than 1024 because each refill has a fixed cost
/// (about 25 ns: cipher setup, backend dispatch) that 32-byte requests share
/// 63 ways instead of 31; 4096 and 8192 measured no better than 2048 within
/// noise. See the crate docs for the figures.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha8Core::from_seed([1; 32]);
/// rng.fill_bytes(&mut [0u8; 1]);
/// // One refill: 32 bytes became the next key, the rest waits in the buffer.
/// assert_eq!(rng.buffered(), secrets_chacha::REFILL_BYTES - 32 - 1);
/// ```
pub const REFILL_BYTES: usize = 2048;

/// Output bytes one refill provides.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha8Core::from_seed([1; 32]);
/// rng.fill_bytes(&mut [0u8; 16]);
/// assert_eq!(rng.buffered(), secrets_chacha::BUFFER_BYTES - 16);
/// ```
pub const BUFFER_BYTES: usize = REFILL_BYTES - KEY_BYTES;

/// Requests of at least this many bytes are generated straight into the
/// caller's buffer, in whole multiples of it, with one rekey per call.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha12Core::from_seed([1; 32]);
/// // A request of a whole DIRECT_CHUNK_BYTES or more goes straight to the caller.
/// let mut big = vec![0u8; 4 * secrets_chacha::DIRECT_CHUNK_BYTES];
/// rng.fill_bytes(&mut big);
/// ```
pub const DIRECT_CHUNK_BYTES: usize = 1024;

/// The most bytes one direct generation writes under one key (2^24 blocks,
/// far below the 2^32-block limit of the 32-bit counter); longer requests are
/// split into several generations, each with its own key.
///
/// ```
/// assert_eq!(secrets_chacha::MAX_DIRECT_BYTES, 1 << 30); // one key per GiB at most
/// ```
pub const MAX_DIRECT_BYTES: usize = 1 << 30;

const _: () = assert!(REFILL_BYTES.is_multiple_of(16 * BLOCK_BYTES));
const _: () = assert!(DIRECT_CHUNK_BYTES.is_multiple_of(16 * BLOCK_BYTES));
const _: () = assert!(MAX_DIRECT_BYTES.is_multiple_of(DIRECT_CHUNK_BYTES));
const _: () = assert!(MAX_DIRECT_BYTES / BLOCK_BYTES <= 1 << 24);

/// The deterministic ChaCha generator with fast key erasure, for a 32-byte
/// seed: `no_std`, no OS, no reseeding or fork detection of its own.
///
/// This is the mechanism under [`ChaChaDrbg`](crate::ChaChaDrbg) (feature
/// `std`), exposed for embedders that bring their own seed and handle
/// reseeding and `fork` themselves, and for reproducible streams. Output for
/// a seed is fixed by the construction in the [crate docs](crate#the-construction)
/// and does not depend on the CPU or the `chacha20` backend.
///
/// Memory: one [`REFILL_BYTES`] array holding the current key and the unread
/// output; bytes are wiped as they are handed out and everything is zeroized
/// on drop. Moving the value copies that array, so keep it in one place
/// (a `Box`, a `static`, a thread-local) once seeded.
///
/// ```
/// use secrets_chacha::ChaCha20Core;
/// let mut a = Box::new(ChaCha20Core::from_seed([9; 32])); // boxed: the state never moves
/// let mut b = ChaCha20Core::from_seed([9; 32]);
/// let (mut x, mut y) = ([0u8; 64], [0u8; 64]);
/// a.fill_bytes(&mut x);
/// b.fill_bytes(&mut y);
/// assert_eq!(x, y); // deterministic for a seed
/// assert_eq!(format!("{b:?}"), "ChaCha20Core { .. }");
/// ```
pub struct ChaChaCore<R: ChaChaRounds> {
    /// `storage[..KEY_BYTES]` is the current key; `storage[pos..]` is the
    /// unread output; `storage[KEY_BYTES..pos]` has been handed out and is
    /// zero.
    storage: [u8; REFILL_BYTES],
    /// `KEY_BYTES..=REFILL_BYTES`; `REFILL_BYTES` means the buffer is empty.
    pos: usize,
    _rounds: PhantomData<R>,
}

/// ChaCha8 fast-key-erasure core.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha8Core::from_seed([3; 32]);
/// let mut out = [0u8; 32];
/// rng.fill_bytes(&mut out);
/// ```
pub type ChaCha8Core = ChaChaCore<chacha20::R8>;
/// ChaCha12 fast-key-erasure core.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha12Core::from_seed([3; 32]);
/// let mut out = [0u8; 32];
/// rng.fill_bytes(&mut out);
/// ```
pub type ChaCha12Core = ChaChaCore<chacha20::R12>;
/// ChaCha20 fast-key-erasure core.
///
/// ```
/// let mut rng = secrets_chacha::ChaCha20Core::from_seed([3; 32]);
/// let mut out = [0u8; 32];
/// rng.fill_bytes(&mut out);
/// ```
pub type ChaCha20Core = ChaChaCore<chacha20::R20>;

use secrets_drbg::{hand_out, hand_out_front, wipe};

impl<R: ChaChaRounds> ChaChaCore<R> {
    /// A generator whose first key is `seed`, with an empty buffer.
    ///
    /// The seed must be 32 bytes of full entropy (or a fixed value when a
    /// reproducible stream is the point). The caller's copy is not wiped.
    /// The result holds the key inline: box it or keep it in place rather
    /// than moving it around (see the type docs).
    ///
    /// ```
    /// let seed: [u8; 32] = *b"0123456789abcdef0123456789abcdef";
    /// let mut rng = secrets_chacha::ChaCha20Core::from_seed(seed);
    /// rng.fill_bytes(&mut [0u8; 8]);
    /// ```
    pub fn from_seed(seed: [u8; KEY_BYTES]) -> Self {
        let mut seed = seed;
        let mut core = Self::zero_key();
        core.storage[..KEY_BYTES].copy_from_slice(&seed);
        // Our by-value copy of the seed; the caller's own copy is theirs.
        seed.zeroize();
        core
    }

    /// The all-zero key with an empty buffer: the starting point that
    /// [`reseed`](Self::reseed) turns into a seeded generator without the
    /// seed ever being copied around by value. Not a generator to use as is
    /// (its key is public).
    ///
    /// ```
    /// let mut rng = Box::new(secrets_chacha::ChaCha20Core::zero_key());
    /// let seed = [0x11u8; 32]; // from your entropy source
    /// rng.reseed(&seed); // key = 0 ^ seed: now seeded, in place
    /// let mut reference = secrets_chacha::ChaCha20Core::from_seed(seed);
    /// let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
    /// rng.fill_bytes(&mut a);
    /// reference.fill_bytes(&mut b);
    /// assert_eq!(a, b);
    /// ```
    pub const fn zero_key() -> Self {
        Self {
            storage: [0; REFILL_BYTES],
            pos: REFILL_BYTES,
            _rounds: PhantomData,
        }
    }

    /// Mixes `seed` into the key (`key ^= seed`) and discards the buffered
    /// output.
    ///
    /// XOR keeps the new key at least as unpredictable as either part when
    /// they are independent, so a weak reseed cannot undo a strong seed.
    ///
    /// ```
    /// let mut rng = secrets_chacha::ChaCha20Core::from_seed([1; 32]);
    /// rng.fill_bytes(&mut [0u8; 8]);
    /// rng.reseed(&[2; 32]); // fresh entropy: key ^= seed, buffer discarded
    /// assert_eq!(rng.buffered(), 0);
    /// ```
    pub fn reseed(&mut self, seed: &[u8; KEY_BYTES]) {
        for (key_byte, seed_byte) in self.storage[..KEY_BYTES].iter_mut().zip(seed) {
            *key_byte ^= seed_byte;
        }
        self.discard_buffer();
    }

    /// Wipes the unread buffered output; the next request refills.
    ///
    /// ```
    /// let mut rng = secrets_chacha::ChaCha20Core::from_seed([1; 32]);
    /// rng.fill_bytes(&mut [0u8; 8]);
    /// rng.discard_buffer(); // e.g. after a fork
    /// assert_eq!(rng.buffered(), 0);
    /// ```
    pub fn discard_buffer(&mut self) {
        wipe(self.unread_mut());
        self.pos = REFILL_BYTES;
    }

    /// Unread buffered output bytes.
    ///
    /// ```
    /// let mut rng = secrets_chacha::ChaCha20Core::from_seed([1; 32]);
    /// assert_eq!(rng.buffered(), 0);
    /// rng.fill_bytes(&mut [0u8; 100]);
    /// assert_eq!(rng.buffered(), secrets_chacha::BUFFER_BYTES - 100);
    /// ```
    pub const fn buffered(&self) -> usize {
        // Saturating, to agree with `unread_mut` (empty past the end).
        REFILL_BYTES.saturating_sub(self.pos)
    }

    /// `storage[pos..]`, the unread output. A `pos` past the end (which the
    /// code never sets) reads as an empty buffer, so the next request
    /// refills rather than panicking or handing out bytes it cannot place.
    #[inline(always)]
    fn unread_mut(&mut self) -> &mut [u8] {
        self.storage.get_mut(self.pos..).unwrap_or_default()
    }

    /// Fills `dest` with output.
    ///
    /// ```
    /// let mut rng = secrets_chacha::ChaCha20Core::from_seed([1; 32]);
    /// let mut key = [0u8; 32];
    /// rng.fill_bytes(&mut key); // infallible: a seeded ChaCha cannot fail
    /// ```
    #[inline]
    pub fn fill_bytes(&mut self, dest: &mut [u8]) {
        // Requests of DIRECT_CHUNK_BYTES or more always take the direct path,
        // even when the buffer could serve them (the construction says so).
        if dest.len() < DIRECT_CHUNK_BYTES
            && let Some(src) = self.unread_mut().get_mut(..dest.len())
        {
            hand_out(dest, src);
            self.pos += dest.len();
        } else {
            self.fill_slow(dest);
        }
    }

    /// Requests the buffer cannot serve: direct generation for the large
    /// part, the buffer (with refills) for the rest.
    #[inline(never)]
    fn fill_slow(&mut self, mut dest: &mut [u8]) {
        while dest.len() >= DIRECT_CHUNK_BYTES {
            let direct = (dest.len() - dest.len() % DIRECT_CHUNK_BYTES).min(MAX_DIRECT_BYTES);
            let (head, rest) = dest.split_at_mut(direct);
            self.generate_direct(head);
            dest = rest;
        }
        self.take(dest);
    }

    /// Hands out the next `dest.len()` buffered bytes, refilling whenever the
    /// buffer runs dry.
    fn take(&mut self, mut dest: &mut [u8]) {
        while !dest.is_empty() {
            if self.buffered() == 0 {
                self.refill();
            }
            let taken = hand_out_front(&mut dest, self.unread_mut());
            self.pos += taken;
        }
    }

    /// Refill: keystream blocks 0.. of the current key overwrite the whole
    /// storage, key bytes included; the first 32 bytes are the next key.
    #[inline(never)]
    fn refill(&mut self) {
        let write = keystream::start::<R>(self.key());
        write(keystream::as_blocks(&mut self.storage));
        self.pos = KEY_BYTES;
    }

    /// Direct generation of `dest` (a multiple of [`DIRECT_CHUNK_BYTES`]):
    /// the next key is taken from the buffer first, then the current key's
    /// keystream from block 0 goes straight into `dest`.
    fn generate_direct(&mut self, dest: &mut [u8]) {
        let mut next_key = [0u8; KEY_BYTES];
        self.take(&mut next_key);
        let write = keystream::start::<R>(self.key());
        // The cipher holds the only copy of the old key from here on.
        self.storage[..KEY_BYTES].copy_from_slice(&next_key);
        next_key.zeroize();
        write(keystream::as_blocks(dest));
    }

    fn key(&self) -> &[u8; KEY_BYTES] {
        self.storage
            .first_chunk()
            .unwrap_or_else(|| unreachable!("storage is longer than a key"))
    }

    /// Runs the known-answer self-test of this round count: the published
    /// keystream vectors (RFC 8439, draft-strombergson-chacha-test-vectors)
    /// through the same block path the generator uses, then the
    /// construction's pinned outputs for a fixed seed. Touches no generator
    /// state.
    ///
    /// ```
    /// secrets_chacha::ChaCha20Core::self_test()?;
    /// secrets_chacha::ChaCha8Core::self_test()?;
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn self_test() -> Result<(), secrets_core::Error> {
        crate::kat::self_test::<R>()
    }

    /// Test hook: true when every handed-out byte still in memory is zero.
    #[doc(hidden)]
    pub fn consumed_region_is_zero(&self) -> bool {
        self.storage
            .get(KEY_BYTES..self.pos)
            .is_some_and(|consumed| consumed.iter().all(|&b| b == 0))
    }

    /// Test hook: the generator's whole memory (current key and buffer), so
    /// that a test can locate it and check that drop wipes it
    /// (`tests/wipe_on_drop.rs`).
    #[doc(hidden)]
    pub fn memory(&self) -> &[u8; REFILL_BYTES] {
        &self.storage
    }

    /// Test hook: true when `bytes` occur anywhere in the generator's memory
    /// (key or buffer). Used to show that an old key is gone after a rekey;
    /// it only answers for a value the caller already knows.
    #[doc(hidden)]
    pub fn memory_contains(&self, bytes: &[u8; KEY_BYTES]) -> bool {
        self.storage
            .windows(KEY_BYTES)
            .any(|window| window == bytes)
    }
}

impl<R: ChaChaRounds> Drop for ChaChaCore<R> {
    fn drop(&mut self) {
        self.storage.zeroize();
        self.pos = REFILL_BYTES;
    }
}

impl<R: ChaChaRounds> zeroize::ZeroizeOnDrop for ChaChaCore<R> {}

impl<R: ChaChaRounds> fmt::Debug for ChaChaCore<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(R::CORE_NAME).finish_non_exhaustive()
    }
}

impl<R: ChaChaRounds> TryRng for ChaChaCore<R> {
    type Error = core::convert::Infallible;

    /// The next 4 output bytes, little-endian.
    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    /// The next 8 output bytes, little-endian.
    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        rand_core::utils::next_word_via_fill(self)
    }

    #[inline]
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl<R: ChaChaRounds> TryCryptoRng for ChaChaCore<R> {}

/// The mechanism under [`ChaChaDrbg`](crate::ChaChaDrbg): Instantiate and
/// Reseed are `key ^= entropy_input` with the buffer discarded (on the
/// all-zero key of [`Mechanism::empty`], Instantiate makes the key the
/// entropy input), Generate is [`ChaChaCore::fill_bytes`]. The construction
/// has no use for a nonce, a personalization string or additional input, so
/// each must be empty; the entropy input is exactly 32 bytes.
impl<R: ChaChaRounds> Mechanism for ChaChaCore<R> {
    type Config = ();

    const BACKEND_NAME: &'static str = R::NAME;
    const RNG_NAME: &'static str = R::DRBG_NAME;
    const MAX_BYTES_PER_REQUEST: usize = usize::MAX;
    const MAX_RESEED_INTERVAL: u64 = u64::MAX;
    const MIN_RESEED_INTERVAL_BYTES: u64 = 1;
    const BUFFERING: Buffering = Buffering::Mechanism;
    /// Only the byte interval applies: a ChaCha request has no size limit.
    const DEFAULT_RESEED_INTERVAL_REQUESTS: u64 = u64::MAX;
    /// 1 MiB (see the crate docs, "Reseeding").
    const DEFAULT_RESEED_INTERVAL_BYTES: u64 = 1 << 20;

    fn security_strength(_: &()) -> usize {
        KEY_BYTES
    }
    fn entropy_len(_: &()) -> usize {
        KEY_BYTES
    }
    fn nonce_len(_: &()) -> usize {
        0
    }
    fn max_additional_len(_: &()) -> usize {
        0
    }

    fn empty((): ()) -> Self {
        Self::zero_key()
    }

    fn instantiate(
        &mut self,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) -> Result<(), Error> {
        let seed = seed_of(entropy_input)?;
        refuse_non_empty("nonce", nonce)?;
        refuse_non_empty("personalization_string", personalization_string)?;
        wipe(&mut self.storage[..KEY_BYTES]);
        self.reseed(seed);
        Ok(())
    }

    fn discard_buffered(&mut self) {
        self.discard_buffer();
    }

    fn self_test() -> Result<(), Error> {
        crate::kat::self_test::<R>()
    }
}

impl<R: ChaChaRounds> Sp80090a for ChaChaCore<R> {
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), Error> {
        let seed = seed_of(entropy_input)?;
        refuse_non_empty("additional_input", additional_input)?;
        ChaChaCore::reseed(self, seed);
        Ok(())
    }

    #[inline(always)]
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), Error> {
        refuse_non_empty("additional_input", additional_input)?;
        self.fill_bytes(out);
        Ok(())
    }

    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), Error> {
        reseed_then_generate(
            self,
            Self::MAX_BYTES_PER_REQUEST,
            out,
            entropy_input,
            additional_input,
        )
    }
}

fn seed_of(entropy_input: &[u8]) -> Result<&[u8; KEY_BYTES], Error> {
    entropy_input.try_into().map_err(|_| {
        Error::invalid(
            "entropy_input",
            "a ChaCha key is exactly 32 bytes of full entropy",
        )
    })
}

fn refuse_non_empty(argument: &'static str, input: &[u8]) -> Result<(), Error> {
    if input.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(
            argument,
            "the ChaCha construction has no use for it; pass an empty input",
        ))
    }
}

/// The seed is the first key (see the construction in the
/// [crate docs](crate#the-construction)); the generator is infallible, so
/// rand's whole `Rng` API works on it directly:
///
/// ```
/// use rand::{RngExt, SeedableRng};
/// use rand::seq::SliceRandom;
/// use secrets_chacha::ChaCha20Core;
///
/// let mut rng = ChaCha20Core::from_seed([7u8; 32]); // your own 32-byte seed
/// let roll: u8 = rng.random_range(1..=6);
/// let mut cards = [1, 2, 3, 4, 5];
/// cards.shuffle(&mut rng);
/// // Reproducible: the same seed gives the same stream.
/// let mut again = ChaCha20Core::from_seed([7u8; 32]);
/// assert_eq!(again.random_range(1..=6u8), roll);
/// ```
impl<R: ChaChaRounds> SeedableRng for ChaChaCore<R> {
    type Seed = [u8; KEY_BYTES];

    fn from_seed(seed: Self::Seed) -> Self {
        ChaChaCore::from_seed(seed)
    }
}
