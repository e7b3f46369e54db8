//! One SHA-512 compression at a time, for chains of blocks where each
//! block needs the last (HMAC_DRBG's `V = HMAC(Key, V)`): the rounds in
//! scalar registers with BMI2's three-operand rotations (`rorx`) and
//! BMI1's `andn`, fully unrolled; the first sixteen on the message words
//! as given, the rest on the message schedule, computed two words at a
//! time in SSE registers sixteen rounds ahead with the round constants
//! added there, so that each round reads its `W[t] + K[t]` from memory.

#[cfg(target_arch = "x86")]
use core::arch::x86::*;
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

use zeroize::Zeroize;

use crate::{Block, K, State};

cpufeatures::new!(avx2_bmi2_cpuid, "avx2", "bmi1", "bmi2");

/// Proof that this CPU runs AVX2, BMI1 and BMI2: only [`Scalar::detect`]
/// makes one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scalar(());

impl Scalar {
    /// `Some` when the CPU has AVX2, BMI1 and BMI2 (CPUID, read once and
    /// cached).
    #[inline]
    pub(crate) fn detect() -> Option<Scalar> {
        avx2_bmi2_cpuid::get().then_some(Scalar(()))
    }

    /// `state = compress(state, words)`, the message block given as its
    /// sixteen words.
    #[inline]
    pub(crate) fn compress_words(self, state: &mut State, words: &[u64; 16]) {
        // SAFETY: `self` exists, so `detect` found AVX2, BMI1 and BMI2 on
        // this CPU, all that `compress_words` enables.
        unsafe { compress_words(state, words) }
    }

    /// `state = compress(state, block)`, the words read big-endian from
    /// `block` by the kernel itself (no copy of them to wipe).
    #[inline]
    pub(crate) fn compress_block(self, state: &mut State, block: &Block) {
        // SAFETY: `self` exists, so `detect` found AVX2, BMI1 and BMI2 on
        // this CPU, all that `compress_block` enables.
        unsafe { compress_block(state, block) }
    }
}

/// `W[t] + K[t]` of the sixteen rounds ahead, in pairs: what the scalar
/// rounds read.
type Ahead = [[u64; 2]; 8];

#[inline(always)]
fn rotr(x: u64, n: u32) -> u64 {
    x.rotate_right(n)
}

/// `(x >> n) ^ (x << (64 - n))` in both lanes.
macro_rules! rotr2 {
    ($x:expr, $n:literal) => {
        _mm_xor_si128(_mm_srli_epi64::<$n>($x), _mm_slli_epi64::<{ 64 - $n }>($x))
    };
}

/// Stores `pair` (two words) into `slot`.
#[inline]
#[target_feature(enable = "avx2")]
fn store_pair(slot: &mut [u64; 2], pair: __m128i) {
    // SAFETY: `slot` is an exclusive reference to 16 writable bytes, all
    // that an unaligned 128-bit store writes.
    unsafe { _mm_storeu_si128(slot.as_mut_ptr().cast(), pair) }
}

/// The constants `K[t]` and `K[t + 1]`.
#[inline]
#[target_feature(enable = "avx2")]
fn k_pair(t: usize) -> __m128i {
    _mm_set_epi64x(K[t + 1].cast_signed(), K[t].cast_signed())
}

/// The kernel on a block given as its sixteen words.
///
/// `#[inline(never)]`, as [`compress_block`]: its frame lies below its
/// caller's, where [`crate::hmac_chain`] wipes it after a batch of calls
/// ([`zeroize::zeroize_stack`]), and one copy of its 2,770 instructions
/// stays in the CPU's micro-op cache.
#[inline(never)]
#[target_feature(enable = "avx2,bmi1,bmi2")]
fn compress_words(state: &mut State, words: &[u64; 16]) {
    compress(
        state,
        |t| words[t],
        |j| _mm_set_epi64x(words[2 * j + 1].cast_signed(), words[2 * j].cast_signed()),
    );
}

/// The kernel on a block of bytes, its words big-endian.
#[inline(never)]
#[target_feature(enable = "avx2,bmi1,bmi2")]
fn compress_block(state: &mut State, block: &Block) {
    let (words, _) = block.as_chunks::<8>();
    let (pairs, _) = block.as_chunks::<16>();
    let swap = _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
    compress(
        state,
        |t| u64::from_be_bytes(words[t]),
        |j| {
            let pair: &[u8; 16] = &pairs[j];
            // SAFETY: `pair` is a reference to 16 readable bytes, all that
            // an unaligned 128-bit load reads.
            _mm_shuffle_epi8(unsafe { _mm_loadu_si128(pair.as_ptr().cast()) }, swap)
        },
    );
}

/// `state = compress(state, M)`: FIPS 180-4 section 6.4.2, with `word(t)`
/// the message word `M_t` and `pair(j)` the words `M_2j`, `M_2j+1` in one
/// register. The first sixteen rounds run on `word(t) + K[t]` in scalar
/// registers, so that they wait for no vector work; the rest on the
/// schedule computed in SSE registers sixteen rounds ahead.
#[inline]
#[target_feature(enable = "avx2,bmi1,bmi2")]
fn compress(state: &mut State, word: impl Fn(usize) -> u64, pair: impl Fn(usize) -> __m128i) {
    // The schedule, W[t] and W[t + 1] for even t in slot (t / 2) mod 8.
    let mut w = [_mm_setzero_si128(); 8];
    for (j, slot) in w.iter_mut().enumerate() {
        *slot = pair(j);
    }
    let mut ahead: Ahead = [[0; 2]; 8];

    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    let mut b_xor_c = b ^ c;

    // One round with `W[t] + K[t]` = `$wk`: updates d and h; the caller
    // renames the eight variables.
    macro_rules! round {
        ($a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident, $wk:expr) => {{
            let ch = ($e & $f) ^ (!$e & $g);
            let t1 = $h
                .wrapping_add($wk)
                .wrapping_add(rotr($e, 14) ^ rotr($e, 18) ^ rotr($e, 41))
                .wrapping_add(ch);
            let a_xor_b = $a ^ $b;
            let maj = (a_xor_b & b_xor_c) ^ $b;
            b_xor_c = a_xor_b;
            $d = $d.wrapping_add(t1);
            $h = t1
                .wrapping_add(rotr($a, 28) ^ rotr($a, 34) ^ rotr($a, 39))
                .wrapping_add(maj);
        }};
    }

    // W[t] and W[t + 1] (t even) into slot j = (t / 2) mod 8, which held
    // W[t - 16] and W[t - 15], and their sums with K into `ahead[j]`:
    // W[t] = σ1(W[t - 2]) + W[t - 7] + σ0(W[t - 15]) + W[t - 16].
    macro_rules! schedule {
        ($j:literal, $t:expr) => {{
            let rotr8 = _mm_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
            // W[t - 15], W[t - 14]
            let x = _mm_alignr_epi8::<8>(w[($j + 1) % 8], w[$j]);
            let sigma0 = _mm_xor_si128(
                _mm_xor_si128(rotr2!(x, 1), _mm_shuffle_epi8(x, rotr8)),
                _mm_srli_epi64::<7>(x),
            );
            // W[t - 7], W[t - 6]
            let seven = _mm_alignr_epi8::<8>(w[($j + 5) % 8], w[($j + 4) % 8]);
            // W[t - 2], W[t - 1]
            let y = w[($j + 7) % 8];
            let sigma1 = _mm_xor_si128(
                _mm_xor_si128(rotr2!(y, 19), rotr2!(y, 61)),
                _mm_srli_epi64::<6>(y),
            );
            let next = _mm_add_epi64(_mm_add_epi64(w[$j], seven), _mm_add_epi64(sigma0, sigma1));
            w[$j] = next;
            store_pair(&mut ahead[$j], _mm_add_epi64(next, k_pair($t)));
        }};
    }

    // Sixteen rounds from round `$base`, each pair of rounds followed by
    // the schedule of the pair sixteen rounds on (`yes`) or not (`no`). The
    // eight variables rotate by two per pair, so pairs 4 to 7 name them as
    // pairs 0 to 3 do.
    macro_rules! sixteen {
        ($base:expr, $sched:tt, $wk:ident) => {
            sixteen!(@eight $base, $sched, $wk, 0 1 2 3);
            sixteen!(@eight $base, $sched, $wk, 4 5 6 7);
        };
        (@eight $base:expr, $sched:tt, $wk:ident, $p0:tt $p1:tt $p2:tt $p3:tt) => {
            sixteen!(@pair $p0, $base, $sched, $wk, a b c d e f g h);
            sixteen!(@pair $p1, $base, $sched, $wk, g h a b c d e f);
            sixteen!(@pair $p2, $base, $sched, $wk, e f g h a b c d);
            sixteen!(@pair $p3, $base, $sched, $wk, c d e f g h a b);
        };
        (@pair $j:tt, $base:expr, $sched:tt, $wk:ident,
         $a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident) => {
            round!($a $b $c $d $e $f $g $h, $wk!($j, 0));
            round!($h $a $b $c $d $e $f $g, $wk!($j, 1));
            sixteen!(@s $sched $j, $base + 2 * $j);
        };
        (@s yes $j:literal, $t:expr) => { schedule!($j, $t + 16) };
        (@s no $j:literal, $t:expr) => {};
    }
    // The first sixteen rounds add W[t] and K[t] in scalar registers.
    macro_rules! given {
        ($j:literal, $half:literal) => {
            word(2 * $j + $half).wrapping_add(K[2 * $j + $half])
        };
    }
    macro_rules! scheduled {
        ($j:literal, $half:literal) => {
            ahead[$j][$half]
        };
    }

    sixteen!(0, yes, given);
    sixteen!(16, yes, scheduled);
    sixteen!(32, yes, scheduled);
    sixteen!(48, yes, scheduled);
    sixteen!(64, no, scheduled);
    let _ = b_xor_c;

    for (word, new) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(new);
    }
    w.zeroize();
    ahead.zeroize();
}
