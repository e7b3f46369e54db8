//! Four SHA-512 compressions at once, one per 64-bit lane of the 256-bit
//! AVX2 registers: FIPS 180-4 section 6.4.2 word for word, each operation
//! applied to four independent messages.
//!
//! AVX2 has no 64-bit rotate, so a rotation is two shifts; the rotations
//! of a Σ/σ function are XORed together as six shifts (XOR equals OR on
//! the disjoint halves of a rotation, and XOR reassociates), except
//! σ0's rotation by 8, a byte shuffle. `Maj(a, b, c)` is `((a ^ b) & (b ^
//! c)) ^ b`, where `b ^ c` is the previous round's `a ^ b`.

#[cfg(target_arch = "x86")]
use core::arch::x86::*;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

use zeroize::Zeroize;

use crate::{K, Lane, compress_each_portable};

/// Blocks per call of [`compress4`].
const LANES: usize = 4;

cpufeatures::new!(avx2_cpuid, "avx2");

/// Proof that this CPU runs AVX2: only [`Avx2::detect`] makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

/// How many bytes of stack [`Avx2::compress_each`] wipes after the kernel:
/// the kernel's frame is under 1 KiB in the builds measured (schedule,
/// state, spills, alignment padding), so this leaves a margin.
const KERNEL_STACK_WIPE: usize = 2048;

impl Avx2 {
    /// `Some` when the CPU has AVX2 (CPUID, read once and cached).
    #[inline]
    pub(crate) fn detect() -> Option<Avx2> {
        avx2_cpuid::get().then_some(Avx2(()))
    }

    /// [`crate::compress_each`] with the kernel: whole groups of four, a
    /// last group of two or three padded with spare lanes, a last single
    /// block through the portable compression; then the kernel's stack is
    /// wiped.
    pub(crate) fn compress_each(self, lanes: &mut [Lane]) {
        let (groups, rest) = lanes.as_chunks_mut::<LANES>();
        if groups.is_empty() && rest.len() < 2 {
            // The kernel would not run: nothing of it to wipe.
            return compress_each_portable(lanes);
        }
        for group in groups {
            // SAFETY: `self` exists, so `detect` found AVX2 on this CPU.
            unsafe { compress4(group) };
        }
        match rest {
            [] => {}
            [single] => compress_each_portable(core::slice::from_mut(single)),
            _ => {
                let mut padded = [([0u64; 8], [0u8; 128]); LANES];
                padded[..rest.len()].copy_from_slice(rest);
                // SAFETY: `self` exists, so `detect` found AVX2 on this CPU.
                unsafe { compress4(&mut padded) };
                for ((state, _), (done, _)) in rest.iter_mut().zip(&padded) {
                    *state = *done;
                }
                for (state, block) in &mut padded {
                    state[..].zeroize();
                    block[..].zeroize();
                }
            }
        }
        zeroize::zeroize_stack::<KERNEL_STACK_WIPE>();
    }
}

#[inline]
#[target_feature(enable = "avx2")]
fn add(a: __m256i, b: __m256i) -> __m256i {
    _mm256_add_epi64(a, b)
}

#[inline]
#[target_feature(enable = "avx2")]
fn xor(a: __m256i, b: __m256i) -> __m256i {
    _mm256_xor_si256(a, b)
}

#[inline]
#[target_feature(enable = "avx2")]
fn and(a: __m256i, b: __m256i) -> __m256i {
    _mm256_and_si256(a, b)
}

/// `(x >> n) ^ (x << (64 - n))`: the rotation right by `n` of each lane.
macro_rules! rotr {
    ($x:expr, $n:literal) => {
        _mm256_xor_si256(
            _mm256_srli_epi64::<$n>($x),
            _mm256_slli_epi64::<{ 64 - $n }>($x),
        )
    };
}

/// Σ0 = ROTR^28 ^ ROTR^34 ^ ROTR^39.
#[inline]
#[target_feature(enable = "avx2")]
fn big_sigma0(x: __m256i) -> __m256i {
    xor(xor(rotr!(x, 28), rotr!(x, 34)), rotr!(x, 39))
}

/// Σ1 = ROTR^14 ^ ROTR^18 ^ ROTR^41.
#[inline]
#[target_feature(enable = "avx2")]
fn big_sigma1(x: __m256i) -> __m256i {
    xor(xor(rotr!(x, 14), rotr!(x, 18)), rotr!(x, 41))
}

/// σ0 = ROTR^1 ^ ROTR^8 ^ SHR^7, the rotation by 8 as a byte shuffle.
#[inline]
#[target_feature(enable = "avx2")]
fn small_sigma0(x: __m256i) -> __m256i {
    xor(
        xor(rotr!(x, 1), word_bytes(x, [1, 2, 3, 4, 5, 6, 7, 0])),
        _mm256_srli_epi64::<7>(x),
    )
}

/// σ1 = ROTR^19 ^ ROTR^61 ^ SHR^6.
#[inline]
#[target_feature(enable = "avx2")]
fn small_sigma1(x: __m256i) -> __m256i {
    xor(xor(rotr!(x, 19), rotr!(x, 61)), _mm256_srli_epi64::<6>(x))
}

/// Reverses the bytes of each 64-bit lane (the message words are
/// big-endian).
#[inline]
#[target_feature(enable = "avx2")]
fn byte_swap(x: __m256i) -> __m256i {
    word_bytes(x, [7, 6, 5, 4, 3, 2, 1, 0])
}

/// Each 64-bit lane's bytes reordered: byte `i` of a result lane is byte
/// `order[i]` of the same lane of `x`. (The shuffle indexes bytes within
/// each 128-bit half, so the second lane of a half adds 8; the mask is a
/// constant the compiler folds.)
#[inline]
#[target_feature(enable = "avx2")]
fn word_bytes(x: __m256i, order: [u8; 8]) -> __m256i {
    let second = 0x0808_0808_0808_0808;
    let mask = _mm256_add_epi8(
        _mm256_set1_epi64x(i64::from_le_bytes(order)),
        _mm256_setr_epi64x(0, second, 0, second),
    );
    _mm256_shuffle_epi8(x, mask)
}

/// Transposes a 4×4 matrix of 64-bit words held as four rows: row `l`
/// becomes column `l`. Its own inverse.
#[inline]
#[target_feature(enable = "avx2")]
fn transpose(rows: [__m256i; 4]) -> [__m256i; 4] {
    let [r0, r1, r2, r3] = rows;
    let t0 = _mm256_unpacklo_epi64(r0, r1);
    let t1 = _mm256_unpackhi_epi64(r0, r1);
    let t2 = _mm256_unpacklo_epi64(r2, r3);
    let t3 = _mm256_unpackhi_epi64(r2, r3);
    [
        _mm256_permute2x128_si256::<0x20>(t0, t2),
        _mm256_permute2x128_si256::<0x20>(t1, t3),
        _mm256_permute2x128_si256::<0x31>(t0, t2),
        _mm256_permute2x128_si256::<0x31>(t1, t3),
    ]
}

/// One 32-byte value of every lane, as `chunk` picks it: a row per lane.
#[inline]
#[target_feature(enable = "avx2")]
fn load_rows<C>(lanes: &[Lane; LANES], chunk: impl Fn(&Lane) -> &C) -> [__m256i; 4] {
    const { assert!(size_of::<C>() == 32) };
    let mut rows = [_mm256_setzero_si256(); 4];
    for (row, lane) in rows.iter_mut().zip(lanes) {
        let chunk: *const C = chunk(lane);
        // SAFETY: `chunk` comes from a reference to a `C`, 32 readable bytes
        // (asserted above), all that an unaligned 256-bit load reads.
        *row = unsafe { _mm256_loadu_si256(chunk.cast()) };
    }
    rows
}

/// The 32-byte chunk `index` (0 to 3) of every lane's block.
#[inline]
#[target_feature(enable = "avx2")]
fn load_block_rows(lanes: &[Lane; LANES], index: usize) -> [__m256i; 4] {
    load_rows(lanes, |(_, block)| &block.as_chunks::<32>().0[index])
}

/// Words `4 * half` to `4 * half + 3` of every lane's state.
#[inline]
#[target_feature(enable = "avx2")]
fn load_state_rows(lanes: &[Lane; LANES], half: usize) -> [__m256i; 4] {
    load_rows(lanes, |(state, _)| &state.as_chunks::<4>().0[half])
}

/// Stores `rows` (one per lane) as words `4 * half` to `4 * half + 3` of
/// every lane's state.
#[inline]
#[target_feature(enable = "avx2")]
fn store_state_rows(lanes: &mut [Lane; LANES], half: usize, rows: [__m256i; 4]) {
    for (row, (state, _)) in rows.into_iter().zip(lanes) {
        let (quads, _) = state.as_chunks_mut::<4>();
        let quad: &mut [u64; 4] = &mut quads[half];
        // SAFETY: `quad` is an exclusive reference to 32 writable bytes, all
        // that an unaligned 256-bit store writes.
        unsafe { _mm256_storeu_si256(quad.as_mut_ptr().cast(), row) };
    }
}

/// Compresses each lane's block into its state: `lane.0 = compress(lane.0,
/// lane.1)` for all four lanes, as `sha2::block_api::compress512` does for
/// one.
///
/// `#[inline(never)]`, so that its stack frame (the message schedule it
/// wipes, and whatever the compiler spilled) lies below its caller's,
/// where [`zeroize::zeroize_stack`] reaches it.
#[inline(never)]
#[target_feature(enable = "avx2")]
fn compress4(lanes: &mut [Lane; LANES]) {
    // The message schedule, W[t] of the four lanes in W[t mod 16].
    let mut w = [_mm256_setzero_si256(); 16];
    for index in 0..4 {
        let columns = transpose(load_block_rows(lanes, index));
        for (slot, column) in w[4 * index..].iter_mut().zip(columns) {
            *slot = byte_swap(column);
        }
    }
    let mut initial = [_mm256_setzero_si256(); 8];
    let [a0, b0, c0, d0] = transpose(load_state_rows(lanes, 0));
    let [e0, f0, g0, h0] = transpose(load_state_rows(lanes, 1));
    initial.copy_from_slice(&[a0, b0, c0, d0, e0, f0, g0, h0]);
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = initial;
    // `b ^ c` of the coming round: `a ^ b` of the last one.
    let mut b_xor_c = xor(b, c);

    // One round t on slot i = t mod 16 of the schedule (already holding
    // W[t]): updates d and h; the caller renames the eight variables.
    macro_rules! round {
        ($a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident, $k:expr, $i:expr) => {{
            let wk = add(w[$i], _mm256_set1_epi64x($k.cast_signed()));
            let ch = xor(and($e, $f), _mm256_andnot_si256($e, $g));
            let t1 = add(add($h, wk), add(big_sigma1($e), ch));
            let a_xor_b = xor($a, $b);
            let maj = xor(and(a_xor_b, b_xor_c), $b);
            b_xor_c = a_xor_b;
            $d = add($d, t1);
            $h = add(t1, add(big_sigma0($a), maj));
        }};
    }
    // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], into slot i.
    macro_rules! schedule {
        ($i:expr) => {{
            let sum = add(
                add(small_sigma1(w[($i + 14) % 16]), w[($i + 9) % 16]),
                add(small_sigma0(w[($i + 1) % 16]), w[$i]),
            );
            w[$i] = sum;
        }};
    }
    // Sixteen rounds with the round constants `$ks` (a `&[u64; 16]`, so
    // every index is in bounds by its type), each after `$before` on its
    // slot.
    macro_rules! sixteen_rounds {
        ($ks:expr, $before:ident) => {
            $before!(0);
            round!(a b c d e f g h, $ks[0], 0);
            $before!(1);
            round!(h a b c d e f g, $ks[1], 1);
            $before!(2);
            round!(g h a b c d e f, $ks[2], 2);
            $before!(3);
            round!(f g h a b c d e, $ks[3], 3);
            $before!(4);
            round!(e f g h a b c d, $ks[4], 4);
            $before!(5);
            round!(d e f g h a b c, $ks[5], 5);
            $before!(6);
            round!(c d e f g h a b, $ks[6], 6);
            $before!(7);
            round!(b c d e f g h a, $ks[7], 7);
            $before!(8);
            round!(a b c d e f g h, $ks[8], 8);
            $before!(9);
            round!(h a b c d e f g, $ks[9], 9);
            $before!(10);
            round!(g h a b c d e f, $ks[10], 10);
            $before!(11);
            round!(f g h a b c d e, $ks[11], 11);
            $before!(12);
            round!(e f g h a b c d, $ks[12], 12);
            $before!(13);
            round!(d e f g h a b c, $ks[13], 13);
            $before!(14);
            round!(c d e f g h a b, $ks[14], 14);
            $before!(15);
            round!(b c d e f g h a, $ks[15], 15);
        };
    }
    macro_rules! loaded {
        ($i:expr) => {};
    }

    let (round_constants, _) = K.as_chunks::<16>();
    for (group, ks) in round_constants.iter().enumerate() {
        if group == 0 {
            sixteen_rounds!(ks, loaded);
        } else {
            sixteen_rounds!(ks, schedule);
        }
    }

    let high = transpose([
        add(a, initial[0]),
        add(b, initial[1]),
        add(c, initial[2]),
        add(d, initial[3]),
    ]);
    let low = transpose([
        add(e, initial[4]),
        add(f, initial[5]),
        add(g, initial[6]),
        add(h, initial[7]),
    ]);
    store_state_rows(lanes, 0, high);
    store_state_rows(lanes, 1, low);
    w.zeroize();
    initial.zeroize();
}
