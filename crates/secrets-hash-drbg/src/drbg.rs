//! The Hash_DRBG mechanism of SP 800-90A section 10.1.1, with Hash_df
//! (10.3.1).

use zeroize::{Zeroize, Zeroizing};

use crate::sha::{Sha, Wiped, hash_into, pad_block};

/// The largest `seedlen` of any hash function (SHA-384/512: 888 bits).
pub(crate) const MAX_SEED_LEN: usize = 111;
/// The largest `outlen` (SHA-512).
const MAX_OUT_LEN: usize = 64;

crate::__raw_drbg! {
    /// A Hash_DRBG instance (SP 800-90A 10.1.1): the working state `(V, C,
    /// reseed_counter)` plus its `reseed_interval`.
    ///
    /// This is the raw mechanism: the caller supplies every entropy input. The
    /// backends built on it (the DRBG engine of `secrets-drbg`) seed, reseed and
    /// survive forks on their own.
    ///
    /// - `V` and `C` are `seedlen`-byte big-endian integers (55 or 111 bytes).
    /// - Every method checks all of its inputs before it changes the state: an
    ///   error leaves the instance as it was and the output buffer untouched.
    /// - The state is zeroized on drop; intermediate values are wiped after use.
    /// - Not `Clone`/`Copy`: a copied DRBG repeats its output.
    pub struct HashDrbg { v, c: [u8; MAX_SEED_LEN] }
        in "secrets_hash_drbg", "Hash_DRBG", sha1 HashDrbgSha1;
    health test crate::selftest::KAT_RECORDS, "hash-drbg";
    /// Instantiate (10.1.1.2): derives `V` and `C` from `entropy_input`,
    /// `nonce` and `personalization_string`, with `reseed_counter = 1`.
    fn instantiate;
    /// Reseed (10.1.1.3): mixes fresh `entropy_input` and
    /// `additional_input` into `V`, derives a new `C` and resets
    /// `reseed_counter` to 1.
    fn reseed;
    /// Generate (10.1.1.4): fills `out` (at most
    /// [`MAX_BYTES_PER_REQUEST`](crate::MAX_BYTES_PER_REQUEST) bytes), with
    /// `additional_input` (may be empty) mixed into `V` first, then updates
    /// `V` with `Hash(0x03 || V)`, `C` and `reseed_counter`.
    ///
    /// Hashgen hashes a copy of `V` held padded in one block, incremented in
    /// place: one compression per output block.
    fn generate;
}

/// Hash_df (10.3.1): fills `out` (at most 255 hash outputs, here always
/// `seedlen` bytes) from the concatenation of `inputs`, streamed.
fn hash_df<H: Sha>(inputs: &[&[u8]], out: &mut [u8]) {
    // `no_of_bits_to_return` as a 32-bit string; `out` is seedlen bytes.
    let bits = u32::try_from(out.len() * 8)
        .unwrap_or(u32::MAX)
        .to_be_bytes();
    let mut counter = 1u8;
    for chunk in out.chunks_mut(H::OUT_LEN) {
        let prefix: [&[u8]; 2] = [&[counter], &bits];
        hash_into::<H>(prefix.into_iter().chain(inputs.iter().copied()), chunk);
        counter = counter.wrapping_add(1);
    }
}

/// `acc = (acc + addend) mod 2^(8 * acc.len())`, both big-endian, `addend`
/// no longer than `acc`. The carry runs through every byte: no branch on
/// the secret values.
fn add_into(acc: &mut [u8], addend: &[u8]) {
    let mut carry = 0u16;
    let addend = addend.iter().rev().copied().chain(core::iter::repeat(0));
    for (a, b) in acc.iter_mut().rev().zip(addend) {
        let sum = u16::from(*a) + u16::from(b) + carry;
        *a = sum.to_le_bytes()[0];
        carry = sum >> 8;
    }
}

impl<H: Sha> HashDrbg<H> {
    /// Instantiate's steps on inputs already checked.
    fn instantiate_checked(
        &mut self,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) {
        hash_df::<H>(
            &[entropy_input, nonce, personalization_string],
            &mut self.v[..H::SEED_LEN],
        );
        self.derive_c();
    }

    /// Reseed's steps on inputs already checked.
    fn reseed_checked(&mut self, entropy_input: &[u8], additional_input: &[u8]) {
        let mut seed = Wiped([0u8; MAX_SEED_LEN]);
        hash_df::<H>(
            &[
                &[0x01],
                &self.v[..H::SEED_LEN],
                entropy_input,
                additional_input,
            ],
            &mut seed[..H::SEED_LEN],
        );
        self.v.copy_from_slice(&seed[..]);
        self.derive_c();
    }

    /// Generate's steps on inputs already checked.
    #[inline]
    fn generate_checked(&mut self, out: &mut [u8], additional_input: &[u8]) {
        let seed_len = H::SEED_LEN;
        let mut w = Wiped([0u8; MAX_OUT_LEN]);
        if !additional_input.is_empty() {
            // w = Hash(0x02 || V || additional_input); V = V + w.
            let parts: [&[u8]; 3] = [&[0x02], &self.v[..seed_len], additional_input];
            hash_into::<H>(parts, &mut w[..H::OUT_LEN]);
            add_into(&mut self.v[..seed_len], &w[..H::OUT_LEN]);
        }
        self.hashgen(out);
        // H = Hash(0x03 || V); V = V + H + C + reseed_counter.
        let parts: [&[u8]; 2] = [&[0x03], &self.v[..seed_len]];
        hash_into::<H>(parts, &mut w[..H::OUT_LEN]);
        let v = &mut self.v[..seed_len];
        add_into(v, &w[..H::OUT_LEN]);
        add_into(v, &self.c[..seed_len]);
        add_into(v, &self.reseed_counter.to_be_bytes());
    }

    /// `C = Hash_df(0x00 || V, seedlen)`.
    fn derive_c(&mut self) {
        let seed_len = H::SEED_LEN;
        hash_df::<H>(&[&[0x00], &self.v[..seed_len]], &mut self.c[..seed_len]);
    }

    /// Hashgen (10.1.1.4): `Hash(data) || Hash(data + 1) || …` over `out`,
    /// with `data = V`.
    ///
    /// `data` lives in a block already padded for a one-block message of
    /// `seedlen` bytes; its low 64 bits run as a machine counter and the
    /// carry into the upper bytes (once in 2^64 steps) goes through the
    /// branch-free addition. A request covers at most 2^11 blocks. Where
    /// the compression takes several blocks at once, the blocks `data`,
    /// `data + 1`, … go to it in batches of [`BATCH`].
    #[inline]
    fn hashgen(&self, out: &mut [u8]) {
        let mut data = Data::<H>::new(&self.v[..H::SEED_LEN]);
        if H::parallel_lanes() > 1 && out.len() > H::OUT_LEN {
            let mut lanes = Lanes::<H> {
                lanes: [(H::IV, H::ZERO_BLOCK); BATCH],
                used: 0,
            };
            for batch in out.chunks_mut(BATCH * H::OUT_LEN) {
                let count = batch.len().div_ceil(H::OUT_LEN);
                lanes.used = lanes.used.max(count);
                let lanes = &mut lanes.lanes[..count];
                for (state, block) in lanes.iter_mut() {
                    *state = H::IV;
                    *block = *data.block;
                    data.step();
                }
                H::compress_each(lanes);
                for (chunk, (state, _)) in batch.chunks_mut(H::OUT_LEN).zip(lanes.iter()) {
                    H::write_output(state, chunk);
                }
            }
        } else {
            let mut state = Zeroizing::new(H::IV);
            for chunk in out.chunks_mut(H::OUT_LEN) {
                *state = H::IV;
                H::compress(&mut state, &data.block);
                H::write_output(&state, chunk);
                data.step();
            }
        }
    }
}

/// How many blocks Hashgen hands a multi-buffer compression at once: eight
/// groups of four AVX2 lanes (6 KiB for the SHA-512 family), so that the
/// per-call work around them (dispatch, the wipe of the kernel's stack)
/// is spread thin.
const BATCH: usize = 32;

/// Hashgen's `data`: a block padded once for a `seedlen`-byte message,
/// and its low 64 bits as a machine counter. Wiped on drop.
struct Data<H: Sha> {
    block: Wiped<H::Block>,
    low: u64,
}

impl<H: Sha> Data<H> {
    fn new(v: &[u8]) -> Self {
        let seed_len = H::SEED_LEN;
        let mut block = Wiped(H::ZERO_BLOCK);
        (*block).as_mut()[..seed_len].copy_from_slice(v);
        pad_block::<H>(&mut block, seed_len, seed_len as u64);
        let mut low = [0u8; 8];
        low.copy_from_slice(&v[seed_len - 8..]);
        let counter = u64::from_be_bytes(low);
        low.zeroize();
        Data {
            block,
            low: counter,
        }
    }

    /// `data = data + 1`: the low 64 bits in place, the carry into the
    /// upper bytes when they wrap.
    #[inline(always)]
    fn step(&mut self) {
        let seed_len = H::SEED_LEN;
        let (next, wrapped) = self.low.overflowing_add(1);
        self.low = next;
        let data = &mut (*self.block).as_mut()[..seed_len];
        let (high, low) = data.split_at_mut(seed_len - 8);
        low.copy_from_slice(&next.to_be_bytes());
        if wrapped {
            add_into(high, &[1]);
        }
    }
}

impl<H: Sha> Drop for Data<H> {
    fn drop(&mut self) {
        self.low.zeroize();
    }
}

/// Hashgen's batch of chaining values and blocks; the `used` first lanes
/// (the only ones that held secrets) are wiped on drop.
struct Lanes<H: Sha> {
    lanes: [(H::State, H::Block); BATCH],
    used: usize,
}

impl<H: Sha> Drop for Lanes<H> {
    fn drop(&mut self) {
        for (state, block) in self.lanes.iter_mut().take(self.used) {
            state.zeroize();
            block.as_mut().zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use sha2::digest::Digest;
    use std::vec::Vec;

    /// Hashgen by the letter: `data` a byte string incremented with a full
    /// carry after each hash.
    fn reference_hashgen<H: Sha>(v: &[u8], len: usize) -> Vec<u8> {
        let mut data = v.to_vec();
        let mut out = Vec::new();
        while out.len() < len {
            out.extend_from_slice(&H::Digest::digest(&data));
            for byte in data.iter_mut().rev() {
                *byte = byte.wrapping_add(1);
                if *byte != 0 {
                    break;
                }
            }
        }
        out.truncate(len);
        out
    }

    fn carries_across_the_low_64_bits<H: Sha>() {
        let seed_len = H::SEED_LEN;
        // V ends in 8 bytes of 0xff minus `k`: the low counter wraps after
        // k + 1 blocks, and the carry runs into the bytes above it; in the
        // first group of four lanes, a later one, or the second batch of
        // the multi-buffer path.
        for (above, k) in [
            (0x00u8, 0u8),
            (0x00, 2),
            (0xff, 0),
            (0xff, 3),
            (0x7f, 1),
            (0x00, 9),
            (0xff, 12),
            (0x00, BATCH as u8 + 8),
        ] {
            let mut drbg =
                HashDrbg::<H>::instantiate(Config::new(), &[1; 32], &[2; 16], &[]).unwrap();
            let v = &mut drbg.v[..seed_len];
            v[..seed_len - 8].fill(above);
            v[0] = 0x42;
            v[seed_len - 8..].fill(0xff);
            v[seed_len - 1] = 0xff - k;
            let blocks = BATCH + 16;
            let expected = reference_hashgen::<H>(&drbg.v[..seed_len], blocks * H::OUT_LEN + 3);
            let mut out = std::vec![0u8; expected.len()];
            drbg.hashgen(&mut out);
            assert_eq!(out, expected, "{} above {above:#x}, k {k}", H::NAME.label());
        }
    }

    /// Request sizes around the block boundaries: one block (the serial
    /// path), every remainder of a group of four lanes (one, two, three),
    /// whole and partial batches and three batches, and a partial last
    /// block.
    fn matches_the_definition_for_every_length<H: Sha>() {
        let mut drbg =
            HashDrbg::<H>::instantiate(Config::new(), &[3; 32], &[4; 16], b"lengths").unwrap();
        let sizes = (0..=10).chain([BATCH - 1, BATCH, BATCH + 1, BATCH + 6, 2 * BATCH + 5]);
        for blocks in sizes {
            let whole = blocks * H::OUT_LEN;
            for len in [whole.saturating_sub(1), whole, whole + 1] {
                let expected = reference_hashgen::<H>(&drbg.v[..H::SEED_LEN], len);
                let mut out = std::vec![0u8; len];
                drbg.hashgen(&mut out);
                assert_eq!(out, expected, "{} {len} bytes", H::NAME.label());
            }
            // A new V for the next sizes.
            drbg.generate(&mut [0u8; 1], &[]).unwrap();
        }
    }

    /// `$check::<H>()` for SHA-256 (one lane) and the SHA-512 family (the
    /// multi-buffer path where AVX2 is there).
    macro_rules! for_each_hashgen_path {
        ($check:ident) => {
            $check::<sha2::Sha256>();
            $check::<sha2::Sha384>();
            $check::<sha2::Sha512>();
            $check::<sha2::Sha512_224>();
            $check::<sha2::Sha512_256>();
        };
    }

    #[test]
    fn hashgen_matches_the_definition_for_every_length() {
        for_each_hashgen_path!(matches_the_definition_for_every_length);
    }

    #[test]
    fn hashgen_carries_across_the_low_64_bits() {
        for_each_hashgen_path!(carries_across_the_low_64_bits);
    }

    #[test]
    fn add_into_wraps_modulo_seedlen() {
        let mut a = [0xffu8; 5];
        add_into(&mut a, &[1]);
        assert_eq!(a, [0; 5]);
        let mut a = [0x00, 0xff, 0xfe];
        add_into(&mut a, &[0x01, 0x03]);
        assert_eq!(a, [0x01, 0x01, 0x01]);
        let mut a = [0x80, 0x00];
        add_into(&mut a, &[0x80, 0x00]);
        assert_eq!(a, [0x00, 0x00]);
    }
}
