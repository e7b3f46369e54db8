//! Multi-buffer SHA-512 compression: independent blocks compressed side
//! by side in the 64-bit lanes of SIMD registers, four at a time with AVX2,
//! chosen at run time; RustCrypto's `sha2` compression, one block after
//! another, everywhere else.
//!
//! # ⚠️ Security warning
//!
//! This is a hazmat building block, not a hash function: it runs FIPS 180-4's
//! compression function on blocks you have already padded, from chaining
//! values you supply. Use `sha2` to hash messages.
//!
//! # Why
//!
//! One SHA-512 compression is a chain of 80 dependent rounds on 64-bit
//! words; a CPU without SHA-512 instructions runs it in scalar registers.
//! Hash_DRBG's output function (SP 800-90A 10.1.1.4, Hashgen) hashes `V`,
//! `V + 1`, `V + 2`, … independently, and with SHA-384/512 each of them is
//! exactly one padded block (`seedlen` is 111 bytes): the same rounds
//! applied to four messages at once in the four 64-bit lanes of a 256-bit
//! AVX2 register cost little more than one scalar block.
//! `secrets-hash-drbg` feeds its Hashgen batches to [`compress_each`].
//! SHA-384, SHA-512/224 and SHA-512/256 share this compression function
//! with other initial values, so it serves them too.
//!
//! On an AMD EPYC (Zen 3), in batches of eight blocks: 1,159 instructions
//! per block against 4,549 for `sha2::block_api::compress512` (callgrind),
//! and 2.5× its speed (best rounds 1,300 against 510 MB/s of blocks;
//! `examples/sha512x_throughput.rs` measures every batch size). A batch of
//! one runs at 0.99×, two at 1.1×, three at 1.7×.
//!
//! A chain of blocks, where each block needs the last (HMAC_DRBG's `V =
//! HMAC(Key, V)`), cannot spread over lanes: [`compress_one`] and
//! [`hmac_chain`] run one block at a time through a latency-first
//! kernel (`single.rs`): the 80 rounds fully unrolled in scalar registers
//! with BMI2's three-operand rotations (`rorx`) and BMI1's `andn`, `Maj`
//! from the previous round's `a XOR b`, the first sixteen rounds on the
//! message words as given (so they wait for no vector work), and the
//! message schedule two words at a time in SSE registers sixteen rounds
//! ahead, `K` added there. About 2,770 instructions per block; on the
//! same Zen 3, with other jobs running (best of 1,001 interleaved rounds,
//! `examples/sha512x_serial.rs`): about 197 ns per block in a chain of
//! message words, 209 ns through [`compress_one`]'s bytes, against 251
//! ns for `sha2::block_api::compress512` on one block (whose two-block
//! AVX2 path does not apply) and about 200 ns per block for OpenSSL's
//! `sha512-x86_64` assembly (`openssl speed -evp sha512`: 635 MB/s).
//! [`hmac_chain`] keeps `V` and the inner hash as words between the two
//! compressions of each step: 161.5 MB/s of output against 117.8 MB/s
//! for the same loop on `sha2` ([`hmac_chain_portable`]), 1.37×.
//!
//! The rounds sit at about 7.4 cycles each against the 5.5 that 22 ALU
//! operations on four ALUs allow (two of which rotate); the figures depend
//! on LLVM's instruction schedule, and the variants tried were slower:
//! pinning the schedule early with `black_box` 139 MB/s, an 80-entry
//! schedule 116 MB/s, a kernel for [`hmac_chain`] with the constant
//! padding words folded in 143 MB/s, rounds that recompute `b AND c` and
//! `b XOR c` for `Maj` and add `T1`'s terms to `d` apart 13% slower per
//! block.
//!
//! ```
//! use secrets_sha512x::{Lane, compress_each};
//!
//! // SHA-512("abc"): the FIPS 180-4 initial value, one padded block.
//! let mut block = [0u8; 128];
//! block[..3].copy_from_slice(b"abc");
//! block[3] = 0x80;
//! block[127] = 24; // the message length in bits
//! let iv = [
//!     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
//!     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
//! ];
//! let mut lanes: [Lane; 5] = [(iv, block); 5];
//! compress_each(&mut lanes);
//! assert!(lanes.iter().all(|(state, _)| state[0] == 0xddaf35a193617aba));
//! ```
//!
//! # Backends
//!
//! | [`Backend`] | where | lanes |
//! | --- | --- | --- |
//! | [`Backend::Avx2`] | x86/x86-64 with AVX2, detected at run time (`cpufeatures`, cached) | 4 |
//! | [`Backend::Portable`] | everywhere else: `sha2::block_api::compress512`, one block at a time | 1 |
//!
//! | [`SerialBackend`] ([`compress_one`], [`hmac_chain`]) | where |
//! | --- | --- |
//! | [`SerialBackend::Bmi2`] | x86/x86-64 with AVX2, BMI1 and BMI2, detected at run time (`cpufeatures`, cached) |
//! | [`SerialBackend::Portable`] | everywhere else: `sha2::block_api::compress512` |
//!
//! Building with `RUSTFLAGS="--cfg secrets_sha512x_force_portable"` turns
//! detection off, so that the tests and the known-answer suites of the
//! crates above can run the fallback on any machine.
//!
//! A batch that is not a multiple of four runs its last two or three
//! blocks through the AVX2 kernel padded with spare lanes, and a last
//! single block through the portable compression. AVX-512 (eight lanes,
//! native 64-bit rotations) would double the width; it is not here because
//! it could not be tested or measured on the machines this was written on.
//!
//! # Secrets
//!
//! The blocks and chaining values may be secret (Hash_DRBG's `V` is). The
//! AVX2 kernel works on its own copies of both in registers and on the
//! stack: it wipes its message schedule and initial state before returning,
//! and [`compress_each`] then wipes the stack the kernel used
//! ([`zeroize::zeroize_stack`], best effort: compilers may spill anywhere).
//! The serial kernel wipes its schedule; [`hmac_chain`] wipes its copies
//! of `V`, the states and the message words, and then the stack the
//! kernel used, once per call; [`compress_one`] reads the block where it
//! is (no copy of it) and leaves the kernel's spills on the stack, as
//! `sha2`, whose place it takes, leaves its own, so a caller that must
//! can wipe the stack after a batch of calls. No branch or memory address depends on the data.
#![no_std]
// `unsafe` lives in the two kernels only (`avx2.rs`, `single.rs`), each
// block with its `SAFETY:` reasoning; everything else is safe code.
#![deny(unsafe_code)]

#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    not(secrets_sha512x_force_portable)
))]
#[allow(unsafe_code)]
mod avx2;

use zeroize::Zeroize;

/// A SHA-512 chaining value: the eight 64-bit words `H0` to `H7` (FIPS
/// 180-4 section 6.4).
///
/// ```
/// use secrets_sha512x::{Block, Lane, State};
/// // SHA-512's initial hash value (FIPS 180-4 section 5.3.5).
/// const IV: State = [
///     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
///     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
/// ];
/// // "abc", padded: 0x80, zeros, and its length in bits (24) at the end.
/// let mut block: Block = [0; 128];
/// block[..4].copy_from_slice(b"abc\x80");
/// block[127] = 24;
/// let mut lanes: [Lane; 1] = [(IV, block)];
/// secrets_sha512x::compress_each(&mut lanes);
/// let state: State = lanes[0].0;
/// assert_eq!(state[0], 0xddaf35a193617aba); // SHA-512("abc") starts ddaf35a1 93617aba
/// ```
pub type State = [u64; 8];

/// One 1024-bit message block, as bytes (big-endian words).
///
/// ```
/// use secrets_sha512x::{Block, Lane, State};
/// // SHA-512's initial hash value (FIPS 180-4 section 5.3.5).
/// const IV: State = [
///     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
///     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
/// ];
/// // "abc", padded: 0x80, zeros, and its length in bits (24) at the end.
/// let mut block: Block = [0; 128];
/// block[..4].copy_from_slice(b"abc\x80");
/// block[127] = 24;
/// let mut lanes = [(IV, block)];
/// secrets_sha512x::compress_each(&mut lanes);
/// assert_eq!(lanes[0].0[7], 0x2a9ac94fa54ca49f); // SHA-512("abc") ends 2a9ac94f a54ca49f
/// ```
pub type Block = [u8; 128];

/// One independent compression: a chaining value and the block to
/// compress into it.
///
/// ```
/// use secrets_sha512x::{Block, Lane, State};
/// // SHA-512's initial hash value (FIPS 180-4 section 5.3.5).
/// const IV: State = [
///     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
///     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
/// ];
/// // "abc", padded: 0x80, zeros, and its length in bits (24) at the end.
/// let mut block: Block = [0; 128];
/// block[..4].copy_from_slice(b"abc\x80");
/// block[127] = 24;
/// // Five independent lanes: the same message here, so the same digest each.
/// let mut lanes: Vec<Lane> = vec![(IV, block); 5];
/// secrets_sha512x::compress_each(&mut lanes);
/// assert!(lanes.iter().all(|(state, _)| state[0] == 0xddaf35a193617aba));
/// ```
pub type Lane = (State, Block);

/// The SHA-384/512 round constants `K0` to `K79` (FIPS 180-4 section
/// 4.2.3).
const K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// How [`compress_each`] runs on this machine.
///
/// ```
/// use secrets_sha512x::Backend;
/// let backend = Backend::detect();
/// assert!(backend == Backend::Avx2 || backend == Backend::Portable);
/// println!("compress_each runs {} lanes at once ({})", backend.lanes(), backend.name());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// Four lanes in 256-bit AVX2 registers (x86 and x86-64).
    Avx2,
    /// `sha2::block_api::compress512`, one block at a time.
    Portable,
}

impl Backend {
    /// The backend of this CPU and build (detected once, then cached).
    ///
    /// ```
    /// use secrets_sha512x::Backend;
    /// // Detection is stable: the same answer every time.
    /// assert_eq!(Backend::detect(), Backend::detect());
    /// #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
    /// assert_eq!(Backend::detect(), Backend::Portable);
    /// ```
    #[inline]
    pub fn detect() -> Backend {
        #[cfg(all(
            any(target_arch = "x86", target_arch = "x86_64"),
            not(secrets_sha512x_force_portable)
        ))]
        if avx2::Avx2::detect().is_some() {
            return Backend::Avx2;
        }
        Backend::Portable
    }

    /// Its name: `"avx2"` or `"portable"`.
    ///
    /// ```
    /// use secrets_sha512x::Backend;
    /// assert_eq!(Backend::Avx2.name(), "avx2");
    /// assert_eq!(Backend::Portable.name(), "portable");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Avx2 => "avx2",
            Backend::Portable => "portable",
        }
    }

    /// How many blocks it compresses at once.
    ///
    /// ```
    /// use secrets_sha512x::Backend;
    /// assert_eq!(Backend::Avx2.lanes(), 4);
    /// assert_eq!(Backend::Portable.lanes(), 1);
    /// ```
    pub const fn lanes(self) -> usize {
        match self {
            Backend::Avx2 => 4,
            Backend::Portable => 1,
        }
    }
}

/// Compresses every lane's block into its chaining value, `lane.0 =
/// compress(lane.0, lane.1)`, as `sha2::block_api::compress512` would one
/// lane at a time, with the [`Backend`] this CPU supports.
///
/// The lanes are independent messages (or independent positions of
/// messages); for one message of many blocks use `sha2`, whose blocks
/// chain.
///
/// ```
/// use secrets_sha512x::{Lane, compress_each, compress_each_portable};
/// // Seven lanes with different states and blocks: every backend agrees with
/// // the portable one, lane by lane.
/// let lanes: Vec<Lane> = (0..7u8)
///     .map(|i| ([u64::from(i) * 0x0101_0101_0101_0101; 8], [i.wrapping_mul(37); 128]))
///     .collect();
/// let (mut fast, mut portable) = (lanes.clone(), lanes.clone());
/// compress_each(&mut fast);
/// compress_each_portable(&mut portable);
/// assert_eq!(fast, portable);
/// assert_ne!(fast, lanes); // and the states did change
/// ```
#[inline]
pub fn compress_each(lanes: &mut [Lane]) {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        not(secrets_sha512x_force_portable)
    ))]
    if let Some(avx2) = avx2::Avx2::detect() {
        return avx2.compress_each(lanes);
    }
    compress_each_portable(lanes);
}

/// [`compress_each`] with the portable backend, on any machine:
/// `sha2::block_api::compress512` on each lane in turn.
///
/// ```
/// use secrets_sha512x::{Lane, compress_each, compress_each_portable};
/// // Seven lanes with different states and blocks: `compress_each` agrees with
/// // the portable one, lane by lane.
/// let lanes: Vec<Lane> = (0..7u8)
///     .map(|i| ([u64::from(i) * 0x0101_0101_0101_0101; 8], [i.wrapping_mul(37); 128]))
///     .collect();
/// let (mut fast, mut portable) = (lanes.clone(), lanes.clone());
/// compress_each(&mut fast);
/// compress_each_portable(&mut portable);
/// assert_eq!(fast, portable);
/// assert_ne!(fast, lanes); // and the states did change
/// // One lane through `compress_each_portable` is `sha2`'s compress512.
/// let mut one = [lanes[3]];
/// compress_each_portable(&mut one);
/// let mut state = lanes[3].0;
/// sha2::block_api::compress512(&mut state, core::slice::from_ref(&lanes[3].1));
/// assert_eq!(one[0].0, state);
/// ```
pub fn compress_each_portable(lanes: &mut [Lane]) {
    for (state, block) in lanes {
        sha2::block_api::compress512(state, core::slice::from_ref(block));
    }
}

/// How [`compress_one`] and [`hmac_chain`] run on this machine.
///
/// ```
/// use secrets_sha512x::SerialBackend;
///
/// match SerialBackend::detect() {
///     SerialBackend::Bmi2 => println!("the scalar BMI2 kernel"),
///     _ => println!("sha2's compression"),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SerialBackend {
    /// Scalar rounds with BMI2 rotations, the message schedule in SSE
    /// registers (x86 and x86-64 with AVX2, BMI1 and BMI2).
    Bmi2,
    /// `sha2::block_api::compress512`.
    Portable,
}

impl SerialBackend {
    /// The serial backend of this CPU and build (detected once, then
    /// cached).
    ///
    /// ```
    /// use secrets_sha512x::SerialBackend;
    ///
    /// println!("one block at a time: {}", SerialBackend::detect().name());
    /// ```
    #[inline]
    pub fn detect() -> SerialBackend {
        #[cfg(all(
            any(target_arch = "x86", target_arch = "x86_64"),
            not(secrets_sha512x_force_portable)
        ))]
        if single::Scalar::detect().is_some() {
            return SerialBackend::Bmi2;
        }
        SerialBackend::Portable
    }

    /// Its name: `"bmi2"` or `"portable"`.
    ///
    /// ```
    /// use secrets_sha512x::SerialBackend;
    ///
    /// assert_eq!(SerialBackend::Portable.name(), "portable");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            SerialBackend::Bmi2 => "bmi2",
            SerialBackend::Portable => "portable",
        }
    }
}

/// `state = compress(state, block)` for one block, latency first: for a
/// chain of blocks where each needs the last, which [`compress_each`]
/// cannot spread over lanes.
///
/// On x86 with AVX2 and BMI2 (detected at run time, cached) the rounds run
/// in scalar registers with three-operand rotations and the message
/// schedule in SSE registers; elsewhere this is
/// `sha2::block_api::compress512`. The kernel reads the block in place
/// and wipes its copies of the schedule; it leaves whatever the compiler
/// spilled on the stack, as `sha2` does: [`hmac_chain`] wipes that stack
/// once per call.
///
/// ```
/// use secrets_sha512x::compress_one;
///
/// // SHA-512("abc"): the FIPS 180-4 initial value, one padded block.
/// let mut block = [0u8; 128];
/// block[..3].copy_from_slice(b"abc");
/// block[3] = 0x80;
/// block[127] = 24; // the message length in bits
/// let mut state = [
///     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
///     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
/// ];
/// compress_one(&mut state, &block);
/// assert_eq!(state[0], 0xddaf35a193617aba);
/// ```
#[inline]
pub fn compress_one(state: &mut State, block: &Block) {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        not(secrets_sha512x_force_portable)
    ))]
    if let Some(scalar) = single::Scalar::detect() {
        return scalar.compress_block(state, block);
    }
    sha2::block_api::compress512(state, core::slice::from_ref(block));
}

/// HMAC-SHA-512 iterated on its own output, as HMAC_DRBG's Generate
/// produces its bits (SP 800-90A 10.1.2.5 step 4): `v = HMAC(Key, v)`,
/// each new `v` appended to `out` until it is full (the last one cut
/// short), the last `v` left in `v`. Costs two compressions per 64 bytes.
///
/// `inner` and `outer` are HMAC's keyed chaining values (FIPS 198-1): the
/// compression of `Key XOR ipad` and of `Key XOR opad` into the SHA-512
/// initial value, `Key` padded with zeros to a block. Both messages of
/// each step (`v`, then the inner hash) are 64 bytes after one block of
/// key, so each is one block whose second half is the fixed padding.
///
/// Runs [`compress_one`]'s kernel where the CPU has it, then wipes its
/// copies of `v`, the states and the blocks, and the stack the kernel
/// used ([`zeroize::zeroize_stack`], best effort: compilers may spill
/// anywhere); [`hmac_chain_portable`] elsewhere.
///
/// ```
/// use secrets_sha512x::{Block, State, compress_one, hmac_chain};
///
/// let iv: State = [
///     0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
///     0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
/// ];
/// // The keyed states of HMAC under a 64-byte key.
/// let keyed = |pad: u8| {
///     let mut block: Block = [pad; 128];
///     block[..64].iter_mut().for_each(|byte| *byte ^= 0x0b);
///     let mut state = iv;
///     compress_one(&mut state, &block);
///     state
/// };
/// let (inner, outer) = (keyed(0x36), keyed(0x5c));
/// let mut v = [0x01u8; 64];
/// let mut out = [0u8; 100];
/// hmac_chain(&inner, &outer, &mut v, &mut out);
/// // The second 64 bytes are the last v; only 36 of them fit.
/// assert_eq!(out[64..], v[..36]);
/// ```
pub fn hmac_chain(inner: &State, outer: &State, v: &mut [u8; 64], out: &mut [u8]) {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        not(secrets_sha512x_force_portable)
    ))]
    if let Some(scalar) = single::Scalar::detect() {
        hmac_chain_with(
            |state, words| scalar.compress_words(state, words),
            inner,
            outer,
            v,
            out,
        );
        zeroize::zeroize_stack::<KERNEL_STACK_WIPE>();
        return;
    }
    hmac_chain_portable(inner, outer, v, out);
}

/// [`hmac_chain`] with `sha2::block_api::compress512`, on any machine:
/// the same output.
///
/// ```
/// use secrets_sha512x::{hmac_chain, hmac_chain_portable};
///
/// let (inner, outer) = ([1u64; 8], [2u64; 8]);
/// let (mut v, mut same_v) = ([3u8; 64], [3u8; 64]);
/// let (mut out, mut same) = ([0u8; 200], [0u8; 200]);
/// hmac_chain(&inner, &outer, &mut v, &mut out);
/// hmac_chain_portable(&inner, &outer, &mut same_v, &mut same);
/// assert_eq!((out, v), (same, same_v));
/// ```
pub fn hmac_chain_portable(inner: &State, outer: &State, v: &mut [u8; 64], out: &mut [u8]) {
    hmac_chain_with(
        |state, words| {
            let mut block = [0u8; 128];
            for (bytes, word) in block.as_chunks_mut::<8>().0.iter_mut().zip(words) {
                *bytes = word.to_be_bytes();
            }
            sha2::block_api::compress512(state, core::slice::from_ref(&block));
            block.zeroize();
        },
        inner,
        outer,
        v,
        out,
    );
}

/// How many bytes of stack [`hmac_chain`] wipes after the kernel: its
/// frame holds the schedule and spills, a few hundred bytes in the builds
/// measured, so this leaves a margin.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    not(secrets_sha512x_force_portable)
))]
const KERNEL_STACK_WIPE: usize = 2048;

/// The second half of a block that holds a 64-byte message after one
/// block: the `1` bit after the message, zeros, and the length of the
/// whole message in bits, (128 + 64) × 8.
const HMAC_TAIL: [u64; 8] = [1 << 63, 0, 0, 0, 0, 0, 0, (128 + 64) * 8];

/// The loop of [`hmac_chain`], the message blocks kept as words.
#[inline(always)]
fn hmac_chain_with(
    compress: impl Fn(&mut State, &[u64; 16]),
    inner: &State,
    outer: &State,
    v: &mut [u8; 64],
    out: &mut [u8],
) {
    let mut inner_words = [0u64; 16];
    let mut outer_words = [0u64; 16];
    inner_words[8..].copy_from_slice(&HMAC_TAIL);
    outer_words[8..].copy_from_slice(&HMAC_TAIL);
    for (word, bytes) in inner_words.iter_mut().zip(v.as_chunks::<8>().0) {
        *word = u64::from_be_bytes(*bytes);
    }
    let mut state = [0u64; 8];
    for chunk in out.chunks_mut(64) {
        state = *inner;
        compress(&mut state, &inner_words);
        outer_words[..8].copy_from_slice(&state);
        state = *outer;
        compress(&mut state, &outer_words);
        inner_words[..8].copy_from_slice(&state);
        let (whole, rest) = chunk.as_chunks_mut::<8>();
        for (bytes, word) in whole.iter_mut().zip(&state) {
            *bytes = word.to_be_bytes();
        }
        if let Some(word) = state.get(whole.len()) {
            let n = rest.len();
            rest.copy_from_slice(&word.to_be_bytes()[..n]);
        }
    }
    for (bytes, word) in v.as_chunks_mut::<8>().0.iter_mut().zip(&inner_words) {
        *bytes = word.to_be_bytes();
    }
    inner_words.zeroize();
    outer_words.zeroize();
    state.zeroize();
}

#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    not(secrets_sha512x_force_portable)
))]
#[allow(unsafe_code)]
mod single;
