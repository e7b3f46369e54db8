//! Eight ChaCha blocks at once, one per 32-bit lane of the 256-bit AVX2
//! registers ("vertical" layout): register `i` holds state word `i` of
//! eight consecutive blocks, so every quarter-round step is one vector
//! operation and the rounds need no shuffles at all. One 8×8 transpose per
//! group of eight blocks turns the columns back into blocks.
//!
//! Why our own kernel: `chacha20`'s AVX2 backend keeps two blocks per
//! register ("horizontal"), which costs three shuffles per half round and
//! leaves only two independent dependency chains; OpenSSL and the Linux
//! kernel use the vertical layout for their 8-block AVX2 paths. Measured
//! on the reference machine (figures in the crate docs): about 1.2×
//! (ChaCha8) to 1.4× (ChaCha20) the throughput of `chacha20`'s AVX2
//! backend, the same keystream bit for bit. Where the CPU has AVX-512 (and the build
//! sets `chacha20_avx512`), `chacha20`'s AVX-512 backend stays in charge:
//! it is faster still.

use core::arch::x86_64::*;

use zeroize::Zeroize;

use crate::ChaChaRounds;
use crate::keystream::Block;

/// Blocks per call of the kernel.
pub(crate) const LANES: usize = 8;

/// How many bytes of stack are wiped after the kernel: its frame is under
/// 1 KiB in the builds measured (0x360 bytes: spills of the sixteen
/// vectors, alignment), so this leaves a margin.
const KERNEL_STACK_WIPE: usize = 2048;

cpufeatures::new!(avx2_cpuid, "avx2");
#[cfg(chacha20_avx512)]
cpufeatures::new!(avx512_cpuid, "avx512f", "avx512vl");

/// Proof that this CPU runs AVX2 and that `chacha20` would not pick its
/// AVX-512 backend instead: only [`Avx2::detect`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

impl Avx2 {
    /// `Some` when this kernel is the fastest path here (CPUID, read once
    /// and cached).
    #[inline]
    pub(crate) fn detect() -> Option<Avx2> {
        #[cfg(chacha20_avx512)]
        if avx512_cpuid::get() {
            return None;
        }
        avx2_cpuid::get().then_some(Avx2(()))
    }

    /// Writes blocks `counter, counter + 1, …` of the ChaCha`R` keystream
    /// for `key` and `nonce` into the leading whole groups of [`LANES`]
    /// blocks of `blocks`, and returns how many blocks it wrote; the caller
    /// generates the rest (fewer than [`LANES`]) another way. Then wipes the
    /// kernel's copy of the state and its stack.
    pub(crate) fn write_blocks<R: ChaChaRounds>(
        self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        counter: u32,
        blocks: &mut [Block],
    ) -> usize {
        let (groups, _) = blocks.as_chunks_mut::<LANES>();
        if groups.is_empty() {
            return 0;
        }
        let mut state = initial_state(key, nonce);
        // SAFETY: `self` exists, so `detect` found AVX2 on this CPU.
        unsafe { write_groups::<R>(&state, counter, groups) };
        state.zeroize();
        zeroize::zeroize_stack::<KERNEL_STACK_WIPE>();
        groups.len() * LANES
    }
}

/// The RFC 8439 state without its counter word (word 12 is set per lane).
fn initial_state(key: &[u8; 32], nonce: &[u8; 12]) -> [u32; 16] {
    // "expand 32-byte k"
    let mut state = [0; 16];
    state[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    let (key_words, _) = key.as_chunks::<4>();
    let (nonce_words, _) = nonce.as_chunks::<4>();
    for (word, bytes) in state[4..12].iter_mut().zip(key_words) {
        *word = u32::from_le_bytes(*bytes);
    }
    for (word, bytes) in state[13..].iter_mut().zip(nonce_words) {
        *word = u32::from_le_bytes(*bytes);
    }
    state
}

/// One step of four quarter rounds side by side: `a += b; d ^= a; d <<<= r`
/// for the four (a, b, d) triples given (the second and fourth steps of a
/// quarter round pass (c, d, b)).
macro_rules! step {
    ($x:ident, $rotate:expr, $(($a:literal, $b:literal, $d:literal)),+) => {
        $( $x[$a] = _mm256_add_epi32($x[$a], $x[$b]); )+
        $( $x[$d] = $rotate(_mm256_xor_si256($x[$d], $x[$a])); )+
    };
}

/// A double round (RFC 8439 section 2.2): for each group of four quarter
/// rounds in turn (the columns, then the diagonals), the four named by
/// their `(a, b, c, d)` words, interleaved step by step so that four
/// independent chains keep the vector units busy.
macro_rules! double_round {
    ($x:ident, $rotate16:expr, $rotate8:expr; $($group:ident: $(($a:literal, $b:literal, $c:literal, $d:literal)),+;)+) => {$(
        step!($x, $rotate16, $(($a, $b, $d)),+);
        step!($x, rotate12, $(($c, $d, $b)),+);
        step!($x, $rotate8, $(($a, $b, $d)),+);
        step!($x, rotate7, $(($c, $d, $b)),+);
    )+};
}

/// Blocks `counter, counter + 1, …` into `groups`, eight at a time.
///
/// # Safety
/// The CPU must support AVX2.
#[target_feature(enable = "avx2")]
unsafe fn write_groups<R: ChaChaRounds>(
    state: &[u32; 16],
    counter: u32,
    groups: &mut [[Block; LANES]],
) {
    // Rotations by 16 and 8 bits are byte shuffles. Given a constant mask,
    // LLVM turns the rotation by 16 into two word shuffles (vpshuflw and
    // vpshufhw); an opaque mask keeps it one vpshufb, measured 3–11 %
    // faster over the whole kernel.
    let rotate16_mask = core::hint::black_box(byte_order(0x0100_0302));
    let rotate8_mask = byte_order(0x0201_0003);
    let rotate16 = |v| _mm256_shuffle_epi8(v, rotate16_mask);
    let rotate8 = |v| _mm256_shuffle_epi8(v, rotate8_mask);
    let lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    let mut block_counter = counter;
    for group in groups {
        let counters = _mm256_add_epi32(_mm256_set1_epi32(block_counter as i32), lanes);
        let mut x = state.map(|word| _mm256_set1_epi32(word as i32));
        x[12] = counters;
        for _ in 0..R::ROUNDS / 2 {
            double_round!(x, rotate16, rotate8;
                columns: (0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15);
                diagonals: (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14);
            );
        }
        // The input words are added back from memory rather than kept in
        // registers through the rounds (AVX2 has only sixteen); word 12 of
        // `state` is zero and the counters are added on their own.
        for (word, input) in x.iter_mut().zip(state) {
            *word = _mm256_add_epi32(*word, _mm256_set1_epi32(*input as i32));
        }
        x[12] = _mm256_add_epi32(x[12], counters);
        let base = group.as_mut_ptr().cast::<u8>();
        if let (Some(low), Some(high)) = (x.first_chunk::<8>(), x.last_chunk::<8>()) {
            // SAFETY: `group` is 8 blocks of 64 bytes; the two calls write
            // 32 bytes at offsets 64·j (words 0–7) and 64·j + 32 (words
            // 8–15) of each block j < 8, all inside `group`.
            unsafe {
                store_transposed(low, base);
                store_transposed(high, base.add(32));
            }
        }
        block_counter = block_counter.wrapping_add(LANES as u32);
    }
}

/// Stores eight vectors, vector `i` holding word `i` of blocks 0–7 (one per
/// lane), as eight 32-byte rows `64·j` bytes apart: row `j` is words 0–7 of
/// block `j`.
///
/// # Safety
/// The CPU must support AVX2, and `base + 64·j .. + 32` must be writable
/// for every `j < 8`.
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn store_transposed(x: &[__m256i; 8], base: *mut u8) {
    let [w0, w1, w2, w3, w4, w5, w6, w7] = *x;
    // Words 2k and 2k + 1 interleaved: blocks 0, 1, 4, 5 (lo) and 2, 3, 6, 7 (hi).
    let (lo01, hi01) = (_mm256_unpacklo_epi32(w0, w1), _mm256_unpackhi_epi32(w0, w1));
    let (lo23, hi23) = (_mm256_unpacklo_epi32(w2, w3), _mm256_unpackhi_epi32(w2, w3));
    let (lo45, hi45) = (_mm256_unpacklo_epi32(w4, w5), _mm256_unpackhi_epi32(w4, w5));
    let (lo67, hi67) = (_mm256_unpacklo_epi32(w6, w7), _mm256_unpackhi_epi32(w6, w7));
    // Per block m < 4: words 0–3 of blocks m (low 128 bits) and m + 4 (high
    // 128 bits), then words 4–7 of the same two blocks.
    let rows = [
        (
            _mm256_unpacklo_epi64(lo01, lo23),
            _mm256_unpacklo_epi64(lo45, lo67),
        ),
        (
            _mm256_unpackhi_epi64(lo01, lo23),
            _mm256_unpackhi_epi64(lo45, lo67),
        ),
        (
            _mm256_unpacklo_epi64(hi01, hi23),
            _mm256_unpacklo_epi64(hi45, hi67),
        ),
        (
            _mm256_unpackhi_epi64(hi01, hi23),
            _mm256_unpackhi_epi64(hi45, hi67),
        ),
    ];
    for (m, (words0to3, words4to7)) in rows.into_iter().enumerate() {
        let block_m = _mm256_permute2x128_si256::<0x20>(words0to3, words4to7);
        let block_m4 = _mm256_permute2x128_si256::<0x31>(words0to3, words4to7);
        // SAFETY: rows m and m + 4 (m < 4) are within the 8 rows the caller
        // vouches for; unaligned stores need no alignment.
        unsafe {
            _mm256_storeu_si256(base.add(64 * m).cast(), block_m);
            _mm256_storeu_si256(base.add(64 * (m + 4)).cast(), block_m4);
        }
    }
}

/// The `vpshufb` mask that reorders the bytes within every 32-bit word:
/// byte `i` of each word (little-endian) becomes the word's byte whose
/// number is byte `i` of `order`. Rotating left by 16 bits is order
/// `0x0100_0302`, by 8 bits `0x0201_0003`.
#[inline]
#[target_feature(enable = "avx2")]
fn byte_order(order: i32) -> __m256i {
    // The shuffle indexes bytes within each 128-bit half: add the offset
    // of each word's first byte.
    let word_offsets = _mm256_setr_epi32(
        0,
        0x0404_0404,
        0x0808_0808,
        0x0c0c_0c0c,
        0,
        0x0404_0404,
        0x0808_0808,
        0x0c0c_0c0c,
    );
    _mm256_add_epi32(_mm256_set1_epi32(order), word_offsets)
}

/// `v <<< 12` and `v <<< 7` on every 32-bit word: two shifts (AVX2 has no
/// rotate).
macro_rules! rotate_by_shifts {
    ($($name:ident: $bits:literal),+) => {$(
        #[inline]
        #[target_feature(enable = "avx2")]
        fn $name(v: __m256i) -> __m256i {
            _mm256_or_si256(
                _mm256_slli_epi32::<$bits>(v),
                _mm256_srli_epi32::<{ 32 - $bits }>(v),
            )
        }
    )+};
}
rotate_by_shifts!(rotate12: 12, rotate7: 7);
