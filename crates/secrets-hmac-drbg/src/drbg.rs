//! The HMAC_DRBG mechanism of SP 800-90A section 10.1.2.

use secrets_hash_drbg::sha::{Sha, Wiped, hash_into, pad_block};
use zeroize::{Zeroize, Zeroizing};

/// The largest `outlen` (SHA-512), the size of `K` and `V`.
const MAX_OUT_LEN: usize = 64;

secrets_hash_drbg::__raw_drbg! {
    /// An HMAC_DRBG instance (SP 800-90A 10.1.2): the working state `(V, Key,
    /// reseed_counter)` plus its `reseed_interval`.
    ///
    /// This is the raw mechanism: the caller supplies every entropy input. The
    /// backends built on it (the DRBG engine of `secrets-drbg`) seed, reseed and
    /// survive forks on their own.
    ///
    /// - `Key` and `V` are `outlen` bytes each.
    /// - Every method checks all of its inputs before it changes the state: an
    ///   error leaves the instance as it was and the output buffer untouched.
    /// - The state is zeroized on drop; the keyed hash states and intermediate
    ///   values are wiped after use.
    /// - Not `Clone`/`Copy`: a copied DRBG repeats its output.
    pub struct HmacDrbg { key, v: [u8; MAX_OUT_LEN] }
        in "secrets_hmac_drbg", "HMAC_DRBG", sha1 HmacDrbgSha1;
    health test crate::selftest::KAT_RECORDS, "hmac-drbg";
    /// Instantiate (10.1.2.3): `Key = 0x00…`, `V = 0x01…`, then
    /// HMAC_DRBG_Update with `entropy_input || nonce ||
    /// personalization_string`, and `reseed_counter = 1`.
    fn instantiate;
    /// Reseed (10.1.2.4): HMAC_DRBG_Update with `entropy_input ||
    /// additional_input`, and `reseed_counter = 1`.
    fn reseed;
    /// Generate (10.1.2.5): fills `out` (at most
    /// [`MAX_BYTES_PER_REQUEST`](crate::MAX_BYTES_PER_REQUEST) bytes) with
    /// `V = HMAC(Key, V)` block after
    /// block, with HMAC_DRBG_Update(`additional_input`) before (if it is not
    /// empty) and after.
    ///
    /// The output loop keys HMAC's inner and outer hash states once per call
    /// and then costs two compressions per output block.
    fn generate;
}

/// `key` (at most one block) zero-padded to a block and XORed with `pad`.
fn padded_key<H: Sha>(key: &[u8], pad: u8) -> Wiped<H::Block> {
    let mut block = Wiped(H::ZERO_BLOCK);
    let bytes = (*block).as_mut();
    bytes[..key.len()].copy_from_slice(key);
    for byte in bytes.iter_mut() {
        *byte ^= pad;
    }
    block
}

const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/// HMAC (FIPS 198-1) of the concatenation of `parts` under `key` (`outlen`
/// bytes, so shorter than a block), through the streaming hash API.
fn hmac<'a, H: Sha>(key: &[u8], parts: impl IntoIterator<Item = &'a [u8]>, out: &mut [u8]) {
    let mut inner = Wiped([0u8; MAX_OUT_LEN]);
    let inner = &mut inner[..H::OUT_LEN];
    let ipad = padded_key::<H>(key, IPAD);
    let parts = parts.into_iter().map(|part| -> &[u8] { part });
    hash_into::<H>(core::iter::once(ipad.as_ref()).chain(parts), inner);
    let opad = padded_key::<H>(key, OPAD);
    hash_into::<H>([opad.as_ref(), &inner[..]], out);
}

/// The inner and outer hash states of HMAC under one key: the compression
/// of `K XOR ipad` and of `K XOR opad`, computed once and copied for each
/// message. Wiped on drop.
struct Keyed<H: Sha> {
    inner: H::State,
    outer: H::State,
}

impl<H: Sha> Keyed<H> {
    fn new(key: &[u8]) -> Self {
        let mut inner = H::IV;
        H::compress(&mut inner, &padded_key::<H>(key, IPAD));
        let mut outer = H::IV;
        H::compress(&mut outer, &padded_key::<H>(key, OPAD));
        Keyed { inner, outer }
    }

    /// HMAC of a `message` short enough to share one block with its padding
    /// (at most `outlen + 1` bytes here), into `out` (`outlen` bytes): two
    /// compressions on copies of the keyed states.
    fn mac(&self, message: &[u8], out: &mut [u8]) {
        let total_len = (H::BLOCK_LEN + message.len()) as u64;
        let mut block = Wiped(H::ZERO_BLOCK);
        (*block).as_mut()[..message.len()].copy_from_slice(message);
        pad_block::<H>(&mut block, message.len(), total_len);
        let mut state = Zeroizing::new(self.inner);
        H::compress(&mut state, &block);
        H::write_output(&state, &mut (*block).as_mut()[..H::OUT_LEN]);
        pad_block::<H>(&mut block, H::OUT_LEN, (H::BLOCK_LEN + H::OUT_LEN) as u64);
        *state = self.outer;
        H::compress(&mut state, &block);
        H::write_output(&state, out);
    }
}

impl<H: Sha> Drop for Keyed<H> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl<H: Sha> HmacDrbg<H> {
    /// Instantiate's steps on inputs already checked.
    fn instantiate_checked(
        &mut self,
        entropy_input: &[u8],
        nonce: &[u8],
        personalization_string: &[u8],
    ) {
        self.key.fill(0x00);
        self.v.fill(0x01);
        self.update(&[entropy_input, nonce, personalization_string]);
    }

    /// Reseed's steps on inputs already checked.
    fn reseed_checked(&mut self, entropy_input: &[u8], additional_input: &[u8]) {
        self.update(&[entropy_input, additional_input]);
    }

    /// Generate's steps on inputs already checked.
    #[inline]
    fn generate_checked(&mut self, out: &mut [u8], additional_input: &[u8]) {
        if !additional_input.is_empty() {
            self.update(&[additional_input]);
        }
        let keyed = Keyed::<H>::new(&self.key[..H::OUT_LEN]);
        self.output(&keyed, out);
        if additional_input.is_empty() {
            self.update_without_data(&keyed);
        } else {
            self.update(&[additional_input]);
        }
    }

    /// HMAC_DRBG_Update (10.1.2.2) with `provided_data` the concatenation of
    /// `provided`: one round when it is empty, two otherwise.
    fn update(&mut self, provided: &[&[u8]]) {
        let out_len = H::OUT_LEN;
        let mut next = Wiped([0u8; MAX_OUT_LEN]);
        for separator in [0x00u8, 0x01] {
            // Key = HMAC(Key, V || separator || provided_data).
            let head: [&[u8]; 2] = [&self.v[..out_len], &[separator]];
            let message = head.into_iter().chain(provided.iter().copied());
            hmac::<H>(&self.key[..out_len], message, &mut next[..out_len]);
            self.key[..out_len].copy_from_slice(&next[..out_len]);
            // V = HMAC(Key, V).
            hmac::<H>(
                &self.key[..out_len],
                [&self.v[..out_len]],
                &mut next[..out_len],
            );
            self.v[..out_len].copy_from_slice(&next[..out_len]);
            if provided.iter().all(|data| data.is_empty()) {
                break;
            }
        }
    }

    /// HMAC_DRBG_Update with empty `provided_data` (Generate step 6 without
    /// additional input): `Key = HMAC(Key, V || 0x00)` through the `keyed`
    /// states of the current key, then `V = HMAC(Key, V)` under the new one;
    /// each message fits one block.
    fn update_without_data(&mut self, keyed: &Keyed<H>) {
        let out_len = H::OUT_LEN;
        let mut message = Wiped([0u8; MAX_OUT_LEN + 1]);
        message[..out_len].copy_from_slice(&self.v[..out_len]);
        keyed.mac(&message[..=out_len], &mut self.key[..out_len]);
        let keyed = Keyed::<H>::new(&self.key[..out_len]);
        keyed.mac(&message[..out_len], &mut self.v[..out_len]);
    }

    /// Generate steps 3-4: `V = HMAC(Key, V)`, appended to the output, until
    /// `out` is full, under the `keyed` states of `Key`.
    ///
    /// `V` (`outlen` bytes) is one block after HMAC's keyed inner state and
    /// the inner hash one block after the outer state, both padded once:
    /// two compressions per output block, on copies of the two keyed states.
    #[inline]
    fn output(&mut self, keyed: &Keyed<H>, out: &mut [u8]) {
        if let Some(chain) = H::HMAC_CHAIN {
            return chain(&keyed.inner, &keyed.outer, &mut self.v, out);
        }
        let out_len = H::OUT_LEN;
        // Both messages are outlen bytes after one block of key.
        let total_len = (H::BLOCK_LEN + out_len) as u64;
        let mut v_block = Wiped(H::ZERO_BLOCK);
        (*v_block).as_mut()[..out_len].copy_from_slice(&self.v[..out_len]);
        pad_block::<H>(&mut v_block, out_len, total_len);
        let mut inner_block = Wiped(H::ZERO_BLOCK);
        pad_block::<H>(&mut inner_block, out_len, total_len);
        let mut state = Zeroizing::new(H::IV);
        for chunk in out.chunks_mut(out_len) {
            *state = keyed.inner;
            H::compress(&mut state, &v_block);
            H::write_output(&state, &mut (*inner_block).as_mut()[..out_len]);
            *state = keyed.outer;
            H::compress(&mut state, &inner_block);
            H::write_output(&state, &mut (*v_block).as_mut()[..out_len]);
            chunk.copy_from_slice(&(*v_block).as_ref()[..chunk.len()]);
        }
        self.v[..out_len].copy_from_slice(&(*v_block).as_ref()[..out_len]);
    }
}
