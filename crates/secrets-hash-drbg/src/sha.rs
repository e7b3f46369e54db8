//! The hash functions of SP 800-90A's hash-based DRBGs (section 10.1, table
//! 2), at the level both DRBGs' bulk loops need: one compression of one
//! padded block, from the standard initial value.
//!
//! Hash_DRBG's `seedlen` is chosen so that `Hash(data)` of a `seedlen`-byte
//! counter is exactly one block (55 bytes + padding = 64 for SHA-1/224/256
//! and the SHA-512/t functions' 128-byte blocks; 111 + padding = 128 for
//! SHA-384/512), and HMAC_DRBG's `V = HMAC(K, V)` is two blocks after the
//! keyed states. So the bulk of both DRBGs calls the RustCrypto compression
//! functions (`sha2::block_api::compress256`/`compress512`,
//! `sha1::block_api::compress`) on a block padded once and updated in place:
//! about 1.7× the throughput of `Sha256::digest` on the same 55 bytes,
//! which spends the difference copying into its buffer and padding it again
//! on every call. Hashgen's independent blocks go through
//! [`Sha::compress_each`], which for the SHA-512 family is the multi-buffer
//! compression of `secrets-sha512x` (four blocks at once with AVX2).
//! Everything else (Hash_df, the Update steps) goes through the ordinary
//! [`Digest`](sha2::Digest) API.
//!
//! ```
//! use secrets_hash_drbg::{HashName, Sha, sha2::Sha512};
//! assert_eq!(Sha512::NAME, HashName::Sha512);
//! assert_eq!((Sha512::BLOCK_LEN, Sha512::SEED_LEN), (128, 111));
//! ```

use sha2::digest::block_api::EagerHash;
use zeroize::Zeroize;

mod sealed {
    pub trait Sealed {}
}

/// The hash functions by their CAVP section names.
///
/// ```
/// use secrets_hash_drbg::HashName;
/// assert_eq!(HashName::ALL.len(), 7);
/// assert_eq!(HashName::from_label("SHA-384"), Some(HashName::Sha384));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashName {
    /// SHA-1: for CAVP conformance only (feature `sha1`).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA-512/224.
    Sha512_224,
    /// SHA-512/256.
    Sha512_256,
}

impl HashName {
    /// Every hash function, in the order of the CAVP files.
    pub const ALL: [HashName; 7] = [
        HashName::Sha1,
        HashName::Sha224,
        HashName::Sha256,
        HashName::Sha384,
        HashName::Sha512,
        HashName::Sha512_224,
        HashName::Sha512_256,
    ];

    /// The name FIPS 180-4 and the CAVP files use (`"SHA-512/256"`).
    ///
    /// ```
    /// use secrets_hash_drbg::HashName;
    /// assert_eq!(HashName::Sha512_256.label(), "SHA-512/256");
    /// assert_eq!(HashName::Sha1.label(), "SHA-1");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            HashName::Sha1 => "SHA-1",
            HashName::Sha224 => "SHA-224",
            HashName::Sha256 => "SHA-256",
            HashName::Sha384 => "SHA-384",
            HashName::Sha512 => "SHA-512",
            HashName::Sha512_224 => "SHA-512/224",
            HashName::Sha512_256 => "SHA-512/256",
        }
    }

    /// The hash function a label names.
    ///
    /// ```
    /// use secrets_hash_drbg::HashName;
    /// for name in HashName::ALL {
    ///     assert_eq!(HashName::from_label(name.label()), Some(name));
    /// }
    /// assert_eq!(HashName::from_label("SHA-3"), None);
    /// ```
    pub fn from_label(label: &str) -> Option<HashName> {
        HashName::ALL.into_iter().find(|name| name.label() == label)
    }

    /// Calls `visitor` with the hash function's type, or returns `None` for
    /// SHA-1 when feature `sha1` is off.
    ///
    /// ```
    /// use secrets_hash_drbg::{HashName, Sha};
    /// use secrets_hash_drbg::sha::HashVisitor;
    /// /// Visits with the chosen hash function's digest length.
    /// struct OutLen;
    /// impl HashVisitor for OutLen {
    ///     type Output = usize;
    ///     fn visit<H: Sha>(self) -> usize {
    ///         H::OUT_LEN
    ///     }
    /// }
    /// assert_eq!(HashName::Sha384.dispatch(OutLen), Some(48));
    /// assert_eq!(HashName::Sha512_224.dispatch(OutLen), Some(28));
    /// ```
    pub fn dispatch<V: HashVisitor>(self, visitor: V) -> Option<V::Output> {
        match self {
            #[cfg(feature = "sha1")]
            HashName::Sha1 => Some(visitor.visit::<sha1::Sha1>()),
            #[cfg(not(feature = "sha1"))]
            HashName::Sha1 => None,
            HashName::Sha224 => Some(visitor.visit::<sha2::Sha224>()),
            HashName::Sha256 => Some(visitor.visit::<sha2::Sha256>()),
            HashName::Sha384 => Some(visitor.visit::<sha2::Sha384>()),
            HashName::Sha512 => Some(visitor.visit::<sha2::Sha512>()),
            HashName::Sha512_224 => Some(visitor.visit::<sha2::Sha512_224>()),
            HashName::Sha512_256 => Some(visitor.visit::<sha2::Sha512_256>()),
        }
    }
}

/// Something to do with a hash function chosen at run time
/// ([`HashName::dispatch`]).
///
/// ```
/// use secrets_hash_drbg::{HashName, Sha};
/// use secrets_hash_drbg::sha::HashVisitor;
/// /// Visits with the chosen hash function's digest length.
/// struct OutLen;
/// impl HashVisitor for OutLen {
///     type Output = usize;
///     fn visit<H: Sha>(self) -> usize {
///         H::OUT_LEN
///     }
/// }
/// let lengths: Vec<_> = HashName::ALL[1..].iter().map(|h| h.dispatch(OutLen)).collect();
/// assert_eq!(lengths, [Some(28), Some(32), Some(48), Some(64), Some(28), Some(32)]);
/// ```
pub trait HashVisitor {
    /// What the visit returns.
    type Output;
    /// Does it with `H`.
    fn visit<H: Sha>(self) -> Self::Output;
}

/// A hash function of SP 800-90A table 2, with its DRBG parameters. Sealed;
/// implemented by `sha2::{Sha224, Sha256, Sha384, Sha512, Sha512_224,
/// Sha512_256}` and, with feature `sha1`, `sha1::Sha1`.
///
/// ```
/// use secrets_hash_drbg::{HashName, Sha, sha2::{Sha256, Sha512}};
/// assert_eq!((Sha256::NAME, Sha256::OUT_LEN, Sha256::BLOCK_LEN), (HashName::Sha256, 32, 64));
/// assert_eq!((Sha512::SEED_LEN, Sha512::SECURITY_STRENGTH), (111, 32));
/// // One compression of one padded block from the initial value is the hash.
/// let mut block = Sha256::ZERO_BLOCK;
/// block[..3].copy_from_slice(b"abc");
/// secrets_hash_drbg::sha::pad_block::<Sha256>(&mut block, 3, 3);
/// let mut state = Sha256::IV;
/// Sha256::compress(&mut state, &block);
/// let mut digest = [0u8; 32];
/// Sha256::write_output(&state, &mut digest);
/// assert_eq!(digest[..4], [0xba, 0x78, 0x16, 0xbf]); // SHA-256("abc")
/// ```
pub trait Sha: sealed::Sealed + Send + Sync + 'static {
    /// Its name.
    const NAME: HashName;
    /// `outlen` in bytes.
    const OUT_LEN: usize;
    /// The block length of the compression function in bytes (64 or 128).
    const BLOCK_LEN: usize;
    /// Hash_DRBG's `seedlen` in bytes (440 or 888 bits).
    const SEED_LEN: usize;
    /// The highest security strength the DRBGs support with it, in bytes
    /// (SP 800-57 part 1 table 3, SP 800-90A table 2).
    const SECURITY_STRENGTH: usize;
    /// Why an entropy input was refused (names the minimum).
    const ENTROPY_INPUT_REASON: &'static str;
    /// Why a nonce was refused (names the minimum).
    const NONCE_REASON: &'static str;

    /// The streaming hash (RustCrypto's type itself).
    type Digest: EagerHash;
    /// The chaining value of the compression function.
    type State: Copy + Zeroize + Send + Sync;
    /// One block of the compression function.
    type Block: Copy + Zeroize + AsRef<[u8]> + AsMut<[u8]> + Send + Sync;

    /// The initial hash value (FIPS 180-4 section 5.3).
    const IV: Self::State;
    /// A block of zeros.
    const ZERO_BLOCK: Self::Block;

    /// Compresses one block into `state`.
    fn compress(state: &mut Self::State, block: &Self::Block);

    /// How many blocks [`compress_each`](Self::compress_each) compresses
    /// at once on this CPU: 4 for the SHA-512 family with AVX2 (through
    /// `secrets-sha512x`), else 1. Hashgen batches its blocks when it is
    /// more than 1.
    fn parallel_lanes() -> usize;

    /// Compresses every lane's block into its state, `lane.0 =
    /// compress(lane.0, lane.1)`: independent messages, side by side in
    /// SIMD lanes where the CPU allows, one after another otherwise.
    fn compress_each(lanes: &mut [(Self::State, Self::Block)]);

    /// Writes the first `out.len()` (at most [`OUT_LEN`](Self::OUT_LEN))
    /// bytes of the digest `state` holds: its words, big-endian.
    fn write_output(state: &Self::State, out: &mut [u8]);

    /// HMAC_DRBG's output loop as one kernel, for SHA-512 (whose `V` is
    /// 64 bytes): `secrets_sha512x::hmac_chain(inner, outer, v, out)`,
    /// `V = HMAC(Key, V)` from HMAC's keyed states until `out` is full,
    /// single compressions in a chain at the speed of OpenSSL's assembly.
    /// `None` for the others, which HMAC_DRBG runs through
    /// [`compress`](Self::compress).
    const HMAC_CHAIN: Option<HmacChain<Self::State>> = None;
}

/// The signature of [`Sha::HMAC_CHAIN`]: `(inner, outer, v, out)`.
///
/// ```
/// use secrets_hash_drbg::sha::{HmacChain, Sha};
///
/// let chain: Option<HmacChain<[u64; 8]>> = <sha2::Sha512 as Sha>::HMAC_CHAIN;
/// assert!(chain.is_some());
/// assert!(<sha2::Sha256 as Sha>::HMAC_CHAIN.is_none());
/// ```
pub type HmacChain<State> = fn(&State, &State, &mut [u8; 64], &mut [u8]);

/// Pads `block` as the last block of a message of `total_len` bytes whose
/// final `message_len` bytes are already at the start of `block`: `0x80`,
/// zeros, and the message length in bits, big-endian, in the last 8 (64-byte
/// blocks) or 16 (128-byte blocks) bytes.
///
/// The caller keeps `message_len + 1 + BLOCK_LEN / 8 <= BLOCK_LEN`.
///
/// ```
/// use secrets_hash_drbg::sha::pad_block;
/// use secrets_hash_drbg::{Sha, sha2::Sha256};
/// let mut block = Sha256::ZERO_BLOCK;
/// block[..3].copy_from_slice(b"abc");
/// pad_block::<Sha256>(&mut block, 3, 3);
/// assert_eq!(block[3], 0x80);
/// assert_eq!(block[63], 24); // 3 bytes = 24 bits, big-endian at the end
/// assert!(block[4..63].iter().all(|&b| b == 0));
/// ```
pub fn pad_block<H: Sha>(block: &mut H::Block, message_len: usize, total_len: u64) {
    let block = block.as_mut();
    if let Some(tail) = block.get_mut(message_len..) {
        tail.fill(0);
        if let Some(marker) = tail.first_mut() {
            *marker = 0x80;
        }
    }
    // 128-byte blocks have a 16-byte field: its upper half stays zero.
    let bits = total_len.wrapping_mul(8).to_be_bytes();
    let field = block.len().saturating_sub(bits.len());
    block[field..].copy_from_slice(&bits);
}

macro_rules! sha {
    // A multi-buffer compression: the crate's, or one block at a time.
    (@lanes) => {
        1
    };
    (@lanes $multi:ident) => {
        $multi::Backend::detect().lanes()
    };
    (@each $lanes:ident) => {
        for (state, block) in $lanes {
            Self::compress(state, block);
        }
    };
    (@each $lanes:ident $multi:ident) => {
        $multi::compress_each($lanes)
    };
    (
        $ty:ty, $name:ident, $label:literal, out: $out:literal, block: $block:literal,
        seed: $seed:literal, strength: $strength:literal, half: $half:literal, word: $word:ty,
        compress: $compress:path, $(multi_buffer: $multi:ident,)? $(hmac_chain: $chain:path,)?
        iv: [$($iv:literal),+ $(,)?]
    ) => {
        impl sealed::Sealed for $ty {}
        impl Sha for $ty {
            const NAME: HashName = HashName::$name;
            const OUT_LEN: usize = $out;
            const BLOCK_LEN: usize = $block;
            const SEED_LEN: usize = $seed;
            const SECURITY_STRENGTH: usize = $strength;
            const ENTROPY_INPUT_REASON: &'static str = concat!(
                "the entropy input must hold at least the security strength, ",
                $strength,
                " bytes for ",
                $label
            );
            const NONCE_REASON: &'static str = concat!(
                "the nonce must be at least half the security strength, ",
                $half,
                " bytes for ",
                $label
            );
            type Digest = $ty;
            type State = [$word; <[$word]>::len(&[$($iv),+])];
            type Block = [u8; $block];
            const IV: Self::State = [$($iv),+];
            const ZERO_BLOCK: Self::Block = [0u8; $block];
            $(const HMAC_CHAIN: Option<HmacChain<Self::State>> = Some($chain);)?

            #[inline(always)]
            fn compress(state: &mut Self::State, block: &Self::Block) {
                $compress(state, block);
            }

            #[inline]
            fn parallel_lanes() -> usize {
                sha!(@lanes $($multi)?)
            }

            #[inline(always)]
            fn compress_each(lanes: &mut [(Self::State, Self::Block)]) {
                sha!(@each lanes $($multi)?)
            }

            #[inline(always)]
            fn write_output(state: &Self::State, out: &mut [u8]) {
                // Whole words as fixed-size stores (no call to memcpy for
                // each), then the part of a word a short `out` ends with.
                let (words, rest) = out.as_chunks_mut::<{ size_of::<$word>() }>();
                for (chunk, word) in words.iter_mut().zip(state) {
                    *chunk = word.to_be_bytes();
                }
                if let Some(word) = state.get(words.len()) {
                    let n = rest.len();
                    rest.copy_from_slice(&word.to_be_bytes()[..n]);
                }
            }
        }
    };
}

/// SHA-1's compression of one block.
#[cfg(feature = "sha1")]
#[inline(always)]
fn compress160(state: &mut [u32; 5], block: &[u8; 64]) {
    sha1::block_api::compress(state, core::slice::from_ref(block));
}

/// SHA-256's compression of one block.
#[inline(always)]
fn compress256(state: &mut [u32; 8], block: &[u8; 64]) {
    sha2::block_api::compress256(state, core::slice::from_ref(block));
}

// The SHA-512 family compresses one block with `secrets-sha512x`'s
// single-block kernel (`sha2`'s compression where the CPU lacks BMI2).
#[cfg(feature = "sha1")]
sha!(sha1::Sha1, Sha1, "SHA-1", out: 20, block: 64, seed: 55, strength: 16, half: 8, word: u32,
    compress: compress160,
    iv: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
sha!(sha2::Sha224, Sha224, "SHA-224", out: 28, block: 64, seed: 55, strength: 24, half: 12, word: u32,
    compress: compress256,
    iv: [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
         0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4]);
sha!(sha2::Sha256, Sha256, "SHA-256", out: 32, block: 64, seed: 55, strength: 32, half: 16, word: u32,
    compress: compress256,
    iv: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
sha!(sha2::Sha384, Sha384, "SHA-384", out: 48, block: 128, seed: 111, strength: 32, half: 16, word: u64,
    compress: secrets_sha512x::compress_one, multi_buffer: secrets_sha512x,
    iv: [0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
         0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4]);
sha!(sha2::Sha512, Sha512, "SHA-512", out: 64, block: 128, seed: 111, strength: 32, half: 16, word: u64,
    compress: secrets_sha512x::compress_one, multi_buffer: secrets_sha512x,
    hmac_chain: secrets_sha512x::hmac_chain,
    iv: [0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
         0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179]);
sha!(sha2::Sha512_224, Sha512_224, "SHA-512/224", out: 28, block: 128, seed: 55, strength: 24, half: 12,
    word: u64, compress: secrets_sha512x::compress_one, multi_buffer: secrets_sha512x,
    iv: [0x8c3d37c819544da2, 0x73e1996689dcd4d6, 0x1dfab7ae32ff9c82, 0x679dd514582f9fcf,
         0x0f6d2b697bd44da8, 0x77e36f7304c48942, 0x3f9d85a86a1d36c8, 0x1112e6ad91d692a1]);
sha!(sha2::Sha512_256, Sha512_256, "SHA-512/256", out: 32, block: 128, seed: 55, strength: 32, half: 16,
    word: u64, compress: secrets_sha512x::compress_one, multi_buffer: secrets_sha512x,
    iv: [0x22312194fc2bf72c, 0x9f555fa3c84c64c2, 0x2393b86b6f53b151, 0x963877195940eabd,
         0x96283ee2a88effe3, 0xbe5e1e2553863992, 0x2b0199fc2c85b8aa, 0x0eb72ddc81c52ca2]);

/// A byte array (or block) wiped when dropped, through its slice: `zeroize`
/// wipes a slice with one `memset` and a barrier but an array one volatile
/// byte at a time, which on a per-request path costs more than the hashing
/// of a small request.
///
/// ```
/// use secrets_hash_drbg::sha::Wiped;
/// let mut key = Wiped([0u8; 32]);
/// key.0[..4].copy_from_slice(b"key!");
/// assert_eq!(&key.0[..4], b"key!");
/// // Dropped here: the 32 bytes are zeroed first.
/// ```
pub struct Wiped<T: AsMut<[u8]>>(pub T);

impl<T: AsMut<[u8]>> core::ops::Deref for Wiped<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: AsMut<[u8]>> core::ops::DerefMut for Wiped<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: AsMut<[u8]>> Drop for Wiped<T> {
    fn drop(&mut self) {
        self.0.as_mut().zeroize();
    }
}

/// Hashes the concatenation of `parts` with the streaming API and writes the
/// first `out.len()` bytes of the digest; the digest is wiped.
///
/// ```
/// use secrets_hash_drbg::sha::hash_into;
/// use secrets_hash_drbg::sha2::{Digest, Sha256};
/// let mut out = [0u8; 32];
/// hash_into::<Sha256>([b"ab".as_slice(), b"c"], &mut out);
/// assert_eq!(out, *Sha256::digest(b"abc"));
/// let mut short = [0u8; 4]; // a prefix of the digest
/// hash_into::<Sha256>([b"abc".as_slice()], &mut short);
/// assert_eq!(short, out[..4]);
/// ```
pub fn hash_into<'a, H: Sha>(parts: impl IntoIterator<Item = &'a [u8]>, out: &mut [u8]) {
    use sha2::digest::Digest;
    let mut hasher = H::Digest::new();
    for part in parts {
        hasher.update(part);
    }
    let mut digest = hasher.finalize();
    let n = out.len().min(digest.len());
    out[..n].copy_from_slice(&digest[..n]);
    digest.as_mut_slice().zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::digest::Digest;

    struct OneBlockMatchesDigest;

    impl HashVisitor for OneBlockMatchesDigest {
        type Output = ();
        /// The IV, the padding and the output words: one block by hand equals
        /// RustCrypto's digest for every message length one block holds.
        fn visit<H: Sha>(self) {
            let max = H::BLOCK_LEN - 1 - H::BLOCK_LEN / 8;
            for len in 0..=max {
                let message: std::vec::Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
                let mut block = H::ZERO_BLOCK;
                block.as_mut()[..len].copy_from_slice(&message);
                pad_block::<H>(&mut block, len, len as u64);
                let mut state = H::IV;
                H::compress(&mut state, &block);
                let mut ours = [0u8; 64];
                H::write_output(&state, &mut ours[..H::OUT_LEN]);
                let theirs = H::Digest::digest(&message);
                assert_eq!(theirs.len(), H::OUT_LEN, "{}", H::NAME.label());
                assert_eq!(
                    &ours[..H::OUT_LEN],
                    &theirs[..],
                    "{} of {len} bytes",
                    H::NAME.label()
                );
                // A truncated output is a prefix.
                let mut short = [0u8; 13];
                H::write_output(&state, &mut short);
                assert_eq!(&short[..], &theirs[..13]);
            }
            // A block after a first one: the length field counts both.
            let first = [0x5au8; 128];
            let mut block = H::ZERO_BLOCK;
            block.as_mut()[..3].copy_from_slice(b"abc");
            pad_block::<H>(&mut block, 3, (H::BLOCK_LEN + 3) as u64);
            let mut state = H::IV;
            let mut head = H::ZERO_BLOCK;
            head.as_mut().copy_from_slice(&first[..H::BLOCK_LEN]);
            H::compress(&mut state, &head);
            H::compress(&mut state, &block);
            let mut ours = [0u8; 64];
            H::write_output(&state, &mut ours[..H::OUT_LEN]);
            let theirs = H::Digest::new()
                .chain_update(&first[..H::BLOCK_LEN])
                .chain_update(b"abc")
                .finalize();
            assert_eq!(
                &ours[..H::OUT_LEN],
                &theirs[..],
                "{} two blocks",
                H::NAME.label()
            );
        }
    }

    #[test]
    fn one_block_hashing_matches_the_digest_api() {
        let mut visited = 0;
        for name in HashName::ALL {
            if name.dispatch(OneBlockMatchesDigest).is_some() {
                visited += 1;
            }
        }
        assert_eq!(visited, if cfg!(feature = "sha1") { 7 } else { 6 });
    }

    #[test]
    fn labels_round_trip() {
        for name in HashName::ALL {
            assert_eq!(HashName::from_label(name.label()), Some(name));
        }
        assert_eq!(HashName::from_label("SHA-3"), None);
    }

    struct Parameters;

    impl HashVisitor for Parameters {
        type Output = (HashName, usize, usize, usize);
        fn visit<H: Sha>(self) -> Self::Output {
            (H::NAME, H::OUT_LEN, H::SEED_LEN, H::SECURITY_STRENGTH)
        }
    }

    /// SP 800-90A table 2 and SP 800-57 part 1 table 3, written out once more
    /// by hand, and the one-block property the bulk loops rely on.
    #[test]
    fn parameters_are_table_2() {
        let table = [
            (HashName::Sha1, 20, 55, 16),
            (HashName::Sha224, 28, 55, 24),
            (HashName::Sha256, 32, 55, 32),
            (HashName::Sha384, 48, 111, 32),
            (HashName::Sha512, 64, 111, 32),
            (HashName::Sha512_224, 28, 55, 24),
            (HashName::Sha512_256, 32, 55, 32),
        ];
        for (name, out, seed, strength) in table {
            if let Some(found) = name.dispatch(Parameters) {
                assert_eq!(found, (name, out, seed, strength));
            }
        }
    }
}
