//! The derivation function: Block_Cipher_df with BCC (SP 800-90A 10.3.2).
//!
//! Block_Cipher_df runs BCC over the same string `S` once per output block of
//! `temp` (two passes for AES-128, three for AES-192/256), each pass with a
//! different counter block `IV = i || 0^96` in front. The passes are
//! independent, so they run side by side: every block of `S` is absorbed into
//! all chaining values with one multi-block AES call, which pipelines the AES
//! rounds. `S` is streamed from the caller's pieces (`entropy || nonce ||
//! personalization`, ...) without ever being concatenated in memory.

use cipher::{Array, consts::U16};
use zeroize::Zeroize;

use crate::cipher::{AesVariant, BLOCK_LEN};

pub(crate) type Block = Array<u8, U16>;

/// `K = leftmost(0x00010203...1F, keylen)` (10.3.2 step 8).
const BCC_KEY: [u8; 32] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
];

/// At most three BCC passes (`ceil(seedlen / outlen)` for AES-192/256).
const MAX_PASSES: usize = 3;

/// Expands `key` (exactly `C::KEY_LEN` bytes, an internal invariant) into a
/// key schedule, wiping the temporary copy.
pub(crate) fn expand_key<C: AesVariant>(key: &[u8]) -> C {
    let mut k = cipher::Key::<C>::default();
    k.copy_from_slice(key);
    let cipher = C::new(&k);
    k.as_mut_slice().zeroize();
    cipher
}

/// Runs the parallel BCC passes over `S`, one block at a time. The passes
/// are `chains[..C::SEED_BLOCKS]`: a constant per variant, so the compiler
/// checks the range once, at build time.
struct Bcc<'a, C: AesVariant> {
    key: &'a C,
    chains: [Block; MAX_PASSES],
    /// The block of `S` being collected: its first
    /// [`partial_len`](Self::partial_len) bytes are filled.
    pending: Block,
    /// Bytes of `S` absorbed so far (wrapping; only its value modulo
    /// `BLOCK_LEN` is used, which wrapping preserves).
    absorbed: usize,
}

impl<C: AesVariant> Bcc<'_, C> {
    /// Bytes of `S` in `pending`: derived from the count rather than stored,
    /// so it is below `BLOCK_LEN` by construction (and visibly so to the
    /// compiler, which then drops the bounds checks).
    fn partial_len(&self) -> usize {
        self.absorbed % BLOCK_LEN
    }

    fn absorb(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let filled = self.partial_len();
            let free = &mut self.pending[filled..];
            let take = free.len().min(data.len());
            let (now, later) = data.split_at(take);
            free[..take].copy_from_slice(now);
            self.absorbed = self.absorbed.wrapping_add(take);
            data = later;
            if self.partial_len() == 0 {
                self.process_pending();
            }
        }
    }

    fn process_pending(&mut self) {
        let chains = &mut self.chains[..C::SEED_BLOCKS];
        for chain in chains.iter_mut() {
            for (c, p) in chain.iter_mut().zip(self.pending.iter()) {
                *c ^= p;
            }
        }
        self.key.encrypt_blocks(chains);
    }

    /// Appends `0x80`, pads with zeros to a block boundary and processes the
    /// last block (10.3.2 steps 4-5).
    fn finish(&mut self) {
        self.absorb(&[0x80]);
        let filled = self.partial_len();
        if filled != 0 {
            self.pending[filled..].fill(0);
            self.process_pending();
        }
    }
}

impl<C: AesVariant> Drop for Bcc<'_, C> {
    fn drop(&mut self) {
        for chain in &mut self.chains {
            chain.as_mut_slice().zeroize();
        }
        self.pending.as_mut_slice().zeroize();
    }
}

/// Block_Cipher_df(input_string, seedlen): writes `C::SEED_LEN` bytes into
/// `out[..C::SEED_LEN]` from the concatenation of `inputs`.
///
/// The caller has checked that the total input length fits the 32-bit length
/// field `L` (it is at most `max_length` = 2^35 bits by SP 800-90A).
pub(crate) fn block_cipher_df<C: AesVariant>(inputs: &[&[u8]], total_len: u32, out: &mut [u8]) {
    debug_assert_eq!(
        inputs.iter().map(|i| i.len()).sum::<usize>(),
        total_len as usize
    );
    let out = &mut out[..C::SEED_LEN];
    let bcc_key: C = expand_key(&BCC_KEY[..C::KEY_LEN]);
    let mut bcc = Bcc {
        key: &bcc_key,
        chains: [Block::default(); MAX_PASSES],
        pending: Block::default(),
        absorbed: 0,
    };
    // Each pass starts with chaining_value = 0 and absorbs IV_i = i || 0^96
    // first, so its first chaining value is Encrypt(K, IV_i).
    for (i, chain) in (0u32..).zip(bcc.chains[..C::SEED_BLOCKS].iter_mut()) {
        chain[..4].copy_from_slice(&i.to_be_bytes());
    }
    bcc_key.encrypt_blocks(&mut bcc.chains[..C::SEED_BLOCKS]);

    // S = L || N || input_string || 0x80 || 0*.
    let seed_len = u32::try_from(C::SEED_LEN).unwrap_or(u32::MAX);
    bcc.absorb(&total_len.to_be_bytes());
    bcc.absorb(&seed_len.to_be_bytes());
    for input in inputs {
        bcc.absorb(input);
    }
    bcc.finish();

    // temp = the chaining values; K = leftmost keylen bits, X = the next block.
    let mut temp = [0u8; MAX_PASSES * BLOCK_LEN];
    for (dst, chain) in temp
        .chunks_exact_mut(BLOCK_LEN)
        .zip(&bcc.chains[..C::SEED_BLOCKS])
    {
        dst.copy_from_slice(chain);
    }
    drop(bcc);
    let key: C = expand_key(&temp[..C::KEY_LEN]);
    let mut x = Block::default();
    x.copy_from_slice(&temp[C::KEY_LEN..C::KEY_LEN + BLOCK_LEN]);
    temp[..].zeroize();

    // Steps 13-14: X = Encrypt(K, X), repeated, concatenated, truncated.
    for dst in out.chunks_mut(BLOCK_LEN) {
        key.encrypt_block(&mut x);
        dst.copy_from_slice(&x[..dst.len()]);
    }
    x.as_mut_slice().zeroize();
}
