//! The one place that runs the ChaCha block function: RustCrypto `chacha20`'s
//! cipher core, driven block-wise through its backend (AVX-512 when built
//! with `--cfg chacha20_avx512` and the CPU has it, else AVX2, SSE2, NEON or
//! portable code — picked at run time by `chacha20`).
//!
//! On x86-64 with AVX2 (and no AVX-512), whole groups of eight blocks go
//! through our own kernel instead (`avx2.rs`: same keystream, faster), and
//! only a shorter tail through `chacha20`.
//!
//! Both the DRBG and the known-answer tests call [`write_blocks`], so the
//! vectors check exactly the code path that produces output.

use chacha20::cipher::array::Array;
use chacha20::cipher::consts::U64;
use chacha20::cipher::{KeyIvInit, StreamCipherCore};
use chacha20::variants::Ietf;

use crate::ChaChaRounds;

/// Bytes in one ChaCha block.
pub(crate) const BLOCK_BYTES: usize = 64;

/// One 64-byte keystream block.
pub(crate) type Block = Array<u8, U64>;

/// The RFC 8439 ("IETF") state: 32-bit block counter, 96-bit nonce. With a
/// zero nonce and counters below 2^32 it produces the same blocks as the
/// original layout (64-bit counter, 64-bit nonce) used by `rand_chacha`.
type Cipher<R> = chacha20::ChaChaCore<R, Ietf>;

/// Writes blocks `counter, counter + 1, …` of the ChaCha`R` keystream for
/// `key` and `nonce` into `blocks`.
///
/// The caller keeps `counter + blocks.len()` at or below 2^32 (the DRBG uses
/// counter 0 and at most 2^24 blocks per call).
pub(crate) fn write_blocks<R: ChaChaRounds>(
    key: &[u8; 32],
    nonce: &[u8; 12],
    counter: u32,
    blocks: &mut [Block],
) {
    #[cfg(target_arch = "x86_64")]
    let (counter, blocks) = match crate::avx2::Avx2::detect() {
        Some(avx2) => {
            let written = avx2.write_blocks::<R>(key, nonce, counter, blocks);
            // Fewer than 2^32 blocks per call (see above): no truncation.
            let rest = blocks.get_mut(written..).unwrap_or_default();
            (counter.wrapping_add(written as u32), rest)
        }
        None => (counter, blocks),
    };
    if blocks.is_empty() {
        return;
    }
    let mut cipher = Cipher::<R>::new(key.into(), nonce.into());
    cipher.set_block_pos(counter);
    // Block-wise, so whole batches go through the backend's widest parallel
    // path (16 blocks with AVX-512, 4 with AVX2) and only the rest through
    // its tail path. Not `StreamCipher::write_keystream`: that byte-level
    // wrapper keeps a partial block in a buffer of its own.
    cipher.write_keystream_blocks(blocks);
    // `cipher` (key words included) is zeroized by its `Drop` (the
    // `zeroize` feature of chacha20).
}

/// Starts the zero-nonce keystream of `key` at counter 0 and returns the
/// writer. The writer holds its own copy of the key from here on, so the
/// caller may overwrite the bytes `key` came from (the refill writes
/// keystream over them) before it writes a single block.
pub(crate) fn start<R: ChaChaRounds>(key: &[u8; 32]) -> impl FnOnce(&mut [Block]) + use<R> {
    // Wiped when the writer has run or is dropped unused.
    let key = zeroize::Zeroizing::new(*key);
    move |blocks: &mut [Block]| write_blocks::<R>(&key, &[0; 12], 0, blocks)
}

/// Bench hook: the raw keystream `KS(key, out.len())` (zero nonce, counter
/// 0) through the generator's own block path, without the construction
/// around it, so `cargo xtask bench` can show what the DRBG adds to its own
/// kernel. `out.len()` must be a multiple of 64 bytes; bytes past the last
/// whole block are left as they are.
#[doc(hidden)]
pub fn raw_keystream<R: ChaChaRounds>(key: &[u8; 32], out: &mut [u8]) {
    let (blocks, _) = Array::<u8, U64>::slice_as_chunks_mut(out);
    start::<R>(key)(blocks);
}

/// Splits a byte slice whose length is a multiple of 64 into blocks.
pub(crate) fn as_blocks(bytes: &mut [u8]) -> &mut [Block] {
    let (blocks, rest) = Array::<u8, U64>::slice_as_chunks_mut(bytes);
    debug_assert!(rest.is_empty(), "callers pass whole blocks");
    blocks
}

#[cfg(test)]
mod tests {
    use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};
    use std::vec;

    use super::*;
    use crate::{R8, R12, R20};

    /// `write_blocks` (our AVX2 kernel where the CPU has it, `chacha20`
    /// for the rest) against `chacha20`'s own byte-level cipher, for every
    /// round count, lengths around the kernel's 8-block groups and the
    /// AVX-512 backend's 16-block batches, and counters up to the end of
    /// the 32-bit range.
    fn agrees_with_chacha20<R: ChaChaRounds, C: KeyIvInit + StreamCipher + StreamCipherSeek>() {
        let mut rng = ChaCha8Rng::seed_from_u64(0x9e37_79b9_7f4a_7c15);
        for counter in [0u32, 1, 7, 1000, u32::MAX - 40] {
            for len in [0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40] {
                let (mut key, mut nonce) = ([0u8; 32], [0u8; 12]);
                rng.fill_bytes(&mut key);
                rng.fill_bytes(&mut nonce);
                let mut blocks = vec![Block::default(); len];
                write_blocks::<R>(&key, &nonce, counter, &mut blocks);
                let mut want = vec![0u8; len * BLOCK_BYTES];
                let mut cipher = C::new_from_slices(&key, &nonce).expect("key and nonce sizes");
                cipher.seek(u64::from(counter) * BLOCK_BYTES as u64);
                cipher.write_keystream(&mut want);
                let got: vec::Vec<u8> = blocks.iter().flatten().copied().collect();
                assert!(
                    got == want,
                    "ChaCha{} at counter {counter}, {len} blocks",
                    R::ROUNDS
                );
            }
        }
    }

    #[test]
    fn write_blocks_agrees_with_chacha20() {
        agrees_with_chacha20::<R8, chacha20::ChaCha8>();
        agrees_with_chacha20::<R12, chacha20::ChaCha12>();
        agrees_with_chacha20::<R20, chacha20::ChaCha20>();
    }
}
