//! The one place that runs the ChaCha block function: RustCrypto `chacha20`'s
//! cipher core, driven block-wise through its backend (AVX-512 when built
//! with `--cfg chacha20_avx512` and the CPU has it, else AVX2, SSE2, NEON or
//! portable code — picked at run time by `chacha20`).
//!
//! Both the DRBG and the known-answer tests call [`write_blocks`], so the
//! vectors check exactly the code path that produces output.

use chacha20::cipher::array::Array;
use chacha20::cipher::consts::U64;
use chacha20::cipher::{
    BlockSizeUser, KeyIvInit, ParBlocksSizeUser, StreamCipherBackend, StreamCipherClosure,
    StreamCipherCore,
};
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
    let mut cipher = Cipher::<R>::new(key.into(), nonce.into());
    cipher.set_block_pos(counter);
    write_with(&mut cipher, blocks);
    // `cipher` (key words included) is zeroized by its `Drop` (the
    // `zeroize` feature of chacha20).
}

/// Starts the zero-nonce keystream of `key` at counter 0 and returns the
/// writer. The cipher state holds its own copy of the key from here on, so
/// the caller may overwrite the bytes `key` came from (the refill writes
/// keystream over them) before it writes a single block.
pub(crate) fn start<R: ChaChaRounds>(key: &[u8; 32]) -> impl FnOnce(&mut [Block]) + use<R> {
    let mut cipher = Cipher::<R>::new(key.into(), &Default::default());
    // The cipher moves into the closure and is zeroized when it drops.
    move |blocks: &mut [Block]| write_with(&mut cipher, blocks)
}

fn write_with<R: ChaChaRounds>(cipher: &mut Cipher<R>, blocks: &mut [Block]) {
    cipher.process_with_backend(WriteBlocks { blocks });
}

/// Generates into whole blocks, as many as possible through the backend's
/// widest parallel path (16 blocks with AVX-512, 4 with AVX2).
///
/// Why not `StreamCipher::write_keystream`: the byte-level wrapper keeps a
/// partial block in its own buffer, and the single-block tail path of the
/// AVX-512 backend is far slower than a full batch; callers here always ask
/// for whole batches.
struct WriteBlocks<'a> {
    blocks: &'a mut [Block],
}

impl BlockSizeUser for WriteBlocks<'_> {
    type BlockSize = U64;
}

impl StreamCipherClosure for WriteBlocks<'_> {
    #[inline(always)]
    fn call<B: StreamCipherBackend<BlockSize = U64>>(self, backend: &mut B) {
        let (batches, tail) =
            Array::<Block, <B as ParBlocksSizeUser>::ParBlocksSize>::slice_as_chunks_mut(
                self.blocks,
            );
        for batch in batches {
            backend.gen_par_ks_blocks(batch);
        }
        backend.gen_tail_blocks(tail);
    }
}

/// Splits a byte slice whose length is a multiple of 64 into blocks.
pub(crate) fn as_blocks(bytes: &mut [u8]) -> &mut [Block] {
    let (blocks, rest) = Array::<u8, U64>::slice_as_chunks_mut(bytes);
    debug_assert!(rest.is_empty(), "callers pass whole blocks");
    blocks
}
