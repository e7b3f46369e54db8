//! The deterministic core against an independent reimplementation of the
//! construction written from the crate documentation, on top of a different
//! ChaCha implementation (`rand_chacha`, built on ppv-lite86).
#![allow(missing_docs)]

use std::collections::VecDeque;

use rand_chacha::rand_core::{Rng, SeedableRng};
use secrets_chacha::{
    BUFFER_BYTES, ChaCha8Core, ChaCha12Core, ChaCha20Core, ChaChaCore, ChaChaRounds,
    DIRECT_CHUNK_BYTES, KEY_BYTES, R8, R12, R20, REFILL_BYTES,
};

/// `KS(key, n)`: the first `n` keystream bytes for `key`, zero nonce,
/// counter 0, from rand_chacha (whose zero stream id and 64-bit counter give
/// the same blocks as the RFC 8439 layout with a zero nonce).
trait Keystream {
    fn keystream(key: &[u8; 32], n: usize) -> Vec<u8>;
}

macro_rules! keystream_via {
    ($rounds:ty, $rng:ty) => {
        impl Keystream for $rounds {
            fn keystream(key: &[u8; 32], n: usize) -> Vec<u8> {
                let mut out = vec![0u8; n];
                <$rng>::from_seed(*key).fill_bytes(&mut out);
                out
            }
        }
    };
}
keystream_via!(R8, rand_chacha::ChaCha8Rng);
keystream_via!(R12, rand_chacha::ChaCha12Rng);
keystream_via!(R20, rand_chacha::ChaCha20Rng);

/// The construction, as the crate docs state it, with a byte queue.
struct Model<R> {
    key: [u8; 32],
    buffer: VecDeque<u8>,
    refills: usize,
    _rounds: std::marker::PhantomData<R>,
}

impl<R: Keystream> Model<R> {
    fn from_seed(seed: [u8; 32]) -> Self {
        Self {
            key: seed,
            buffer: VecDeque::new(),
            refills: 0,
            _rounds: std::marker::PhantomData,
        }
    }

    fn refill(&mut self) {
        let stream = R::keystream(&self.key, 2048);
        self.key.copy_from_slice(&stream[..32]);
        self.buffer = stream[32..].iter().copied().collect();
        self.refills += 1;
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            if self.buffer.is_empty() {
                self.refill();
            }
            out.push(self.buffer.pop_front().unwrap());
        }
        out
    }

    fn fill(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        let mut remaining = n;
        while remaining >= 1024 {
            let direct = (remaining - remaining % 1024).min(1 << 30);
            let next_key = self.take(32);
            out.extend(R::keystream(&self.key, direct));
            self.key.copy_from_slice(&next_key);
            remaining -= direct;
        }
        out.extend(self.take(remaining));
        out
    }

    fn reseed(&mut self, seed: &[u8; 32]) {
        for (k, s) in self.key.iter_mut().zip(seed) {
            *k ^= s;
        }
        self.buffer.clear();
    }
}

/// Request sizes that cross every boundary: empty, the small-copy size
/// classes, the direct threshold (1024), the buffer size (2016) and large
/// requests with tails.
const SIZES: &[usize] = &[
    0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 1023, 1024, 1025,
    1056, 2015, 2016, 2017, 2047, 2048, 2049, 4096, 4097, 5000, 65_536, 70_001, 3, 7, 500, 500,
    500, 900, 900, 12, 40, 40, 40, 40, 40, 40,
];

fn compare_with_model<R: ChaChaRounds + Keystream>(seed: [u8; 32]) {
    let mut core = ChaChaCore::<R>::from_seed(seed);
    let mut model = Model::<R>::from_seed(seed);
    for (step, &n) in SIZES.iter().enumerate() {
        let mut got = vec![0u8; n];
        core.fill_bytes(&mut got);
        assert_eq!(
            got,
            model.fill(n),
            "{}: request #{step} of {n} bytes differs from the documented construction",
            R::NAME
        );
        assert!(
            core.consumed_region_is_zero(),
            "{}: handed-out bytes not wiped",
            R::NAME
        );
    }
    // Words come from the same byte stream, little-endian.
    let word = rand_core::Rng::next_u32(&mut core);
    assert_eq!(word.to_le_bytes().to_vec(), model.fill(4));
    let word = rand_core::Rng::next_u64(&mut core);
    assert_eq!(word.to_le_bytes().to_vec(), model.fill(8));
    // Reseed: key ^= seed and the buffer is dropped.
    let reseed = [0x5a; 32];
    core.reseed(&reseed);
    model.reseed(&reseed);
    assert_eq!(core.buffered(), 0);
    for n in [10, 2000, 10] {
        let mut got = vec![0u8; n];
        core.fill_bytes(&mut got);
        assert_eq!(got, model.fill(n), "{}: after reseed", R::NAME);
    }
    assert!(
        model.refills >= 5,
        "the sequence must exercise several refills, did {}",
        model.refills
    );
}

#[test]
fn core_matches_the_documented_construction() {
    let seed: [u8; 32] = std::array::from_fn(|i| (i * 7 + 3) as u8);
    compare_with_model::<R8>(seed);
    compare_with_model::<R12>(seed);
    compare_with_model::<R20>(seed);
    compare_with_model::<R20>([0; 32]);
}

#[test]
fn constants_are_the_documented_ones() {
    assert_eq!(KEY_BYTES, 32);
    assert_eq!(REFILL_BYTES, 2048);
    assert_eq!(BUFFER_BYTES, 2016);
    assert_eq!(DIRECT_CHUNK_BYTES, 1024);
}

/// Rekeying: each refill replaces the key by the first 32 keystream bytes
/// of the old key; the old key is nowhere in the generator's memory
/// afterwards, and it cannot be recomputed from what is left (the next key
/// is a ChaCha output of it). The bytes that follow match a recomputation
/// with the raw cipher.
fn rekey_erases_old_keys<R: ChaChaRounds + Keystream>() {
    let seed = [0x42u8; 32];
    let mut core = ChaChaCore::<R>::from_seed(seed);
    let mut key = seed;
    let mut seen_keys = vec![key];
    for refill in 0..5 {
        // Drain exactly one buffer (2016 bytes) in requests below the
        // direct threshold.
        let mut out = vec![0u8; 2016];
        for chunk in out.chunks_mut(1000) {
            core.fill_bytes(chunk);
        }
        let stream = R::keystream(&key, 2048);
        assert_eq!(out, stream[32..], "{} refill {refill}: output", R::NAME);
        let next: [u8; 32] = stream[..32].try_into().unwrap();
        assert_ne!(next, key, "the key must change on every refill");
        assert!(
            core.memory_contains(&next),
            "the new key is the first 32 bytes"
        );
        for old in &seen_keys {
            assert!(
                !core.memory_contains(old),
                "{} refill {refill}: an old key is still in memory",
                R::NAME
            );
        }
        assert!(core.consumed_region_is_zero());
        key = next;
        seen_keys.push(key);
    }
    // The buffer is empty now: one byte makes the next refill, with `key`.
    let stream = R::keystream(&key, 2048);
    let mut one = [0u8; 1];
    core.fill_bytes(&mut one);
    assert_eq!(one[0], stream[32]);
    let key: [u8; 32] = stream[..32].try_into().unwrap();
    // A direct request uses the current key from block 0 and rekeys from the
    // buffer; afterwards the key it used is gone.
    let mut big = vec![0u8; 4096];
    core.fill_bytes(&mut big);
    assert!(
        big == R::keystream(&key, 4096),
        "{}: direct output is KS(key)",
        R::NAME
    );
    assert!(
        !core.memory_contains(&key),
        "the direct request's key must be erased"
    );
    // The new key is the 32 buffered bytes after `one` (now the key, and
    // wiped from the buffer: it occurs once, at the start).
    let next_key: [u8; 32] = stream[33..65].try_into().unwrap();
    assert!(core.memory_contains(&next_key));
    assert!(core.consumed_region_is_zero());
    let mut after = [0u8; 8];
    core.fill_bytes(&mut after);
    // Output resumes after the bytes that became the key.
    assert_eq!(after[..], stream[65..73]);
}

#[test]
fn rekeying_erases_old_keys() {
    rekey_erases_old_keys::<R8>();
    rekey_erases_old_keys::<R12>();
    rekey_erases_old_keys::<R20>();
}

#[test]
fn streams_of_different_round_counts_and_seeds_differ() {
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    let mut c = [0u8; 64];
    ChaCha8Core::from_seed([1; 32]).fill_bytes(&mut a);
    ChaCha12Core::from_seed([1; 32]).fill_bytes(&mut b);
    ChaCha20Core::from_seed([1; 32]).fill_bytes(&mut c);
    assert!(a != b && b != c && a != c);
    let mut d = [0u8; 64];
    ChaCha20Core::from_seed([2; 32]).fill_bytes(&mut d);
    assert_ne!(c, d);
}

#[test]
fn debug_prints_only_the_name() {
    assert_eq!(
        format!("{:?}", ChaCha8Core::from_seed([9; 32])),
        "ChaCha8Core { .. }"
    );
    assert_eq!(
        format!("{:?}", ChaCha12Core::from_seed([9; 32])),
        "ChaCha12Core { .. }"
    );
    assert_eq!(
        format!("{:?}", ChaCha20Core::from_seed([9; 32])),
        "ChaCha20Core { .. }"
    );
}

#[test]
fn seedable_rng_and_rng_traits_work() {
    let mut core = <ChaCha20Core as rand_core::SeedableRng>::from_seed([3; 32]);
    let mut via_inherent = ChaCha20Core::from_seed([3; 32]);
    let mut a = [0u8; 40];
    let mut b = [0u8; 40];
    rand_core::Rng::fill_bytes(&mut core, &mut a);
    via_inherent.fill_bytes(&mut b);
    assert_eq!(a, b);
    fn is_crypto_rng<T: rand_core::CryptoRng>(_: &T) {}
    is_crypto_rng(&core);
}

#[test]
fn discard_buffer_wipes_unread_output() {
    let mut core = ChaCha20Core::from_seed([4; 32]);
    let mut first = [0u8; 16];
    core.fill_bytes(&mut first);
    assert_eq!(core.buffered(), 2016 - 16);
    // The 32 bytes after `first` are in the buffer now …
    let mut twin = ChaCha20Core::from_seed([4; 32]);
    let mut skip = [0u8; 16];
    twin.fill_bytes(&mut skip);
    let mut next = [0u8; 32];
    twin.fill_bytes(&mut next);
    assert!(core.memory_contains(&next));
    // … and gone after a discard.
    core.discard_buffer();
    assert_eq!(core.buffered(), 0);
    assert!(!core.memory_contains(&next));
}
