//! Hex (base16): encoding through `const-hex`, strict decoding through a
//! 256-entry digit-value table.

use alloc::string::String;
use alloc::vec::Vec;

use crate::ascii::Block;
use crate::{DecodeError, DecodeErrorReason};

/// Marks a byte that is not a hex digit in [`DIGIT_VALUES`].
const NOT_A_DIGIT: u8 = 0xff;

/// The value of each hex digit, either case; [`NOT_A_DIGIT`] elsewhere.
static DIGIT_VALUES: [u8; 256] = {
    let mut values = [NOT_A_DIGIT; 256];
    let mut i = 0;
    while i < 10 {
        values[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        values[b'a' as usize + i] = 10 + i as u8;
        values[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    values
};

/// Which letter case a hex decoder accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Lower,
    Upper,
    Either,
}

// Encoding delegates to `const-hex`: SIMD selected at run time (SSSE3/AVX2
// on x86, NEON on aarch64) with a portable fallback, and it produces `str`
// without re-validating. It was the fastest safe-to-call candidate measured
// (see the crate documentation).

/// Encodes `data` into `out`, which must be exactly `2 * data.len()` long.
#[inline]
pub(crate) fn encode_exact(data: &[u8], out: &mut [u8], case: Case) {
    encode_str(data, out, case);
}

/// Encodes `data` into `out` (exactly `2 * data.len()` long) as `&str`.
#[inline]
pub(crate) fn encode_str<'out>(data: &[u8], out: &'out mut [u8], case: Case) -> &'out str {
    let encoded = match case {
        Case::Upper => const_hex::encode_to_str_upper(data, out),
        Case::Lower | Case::Either => const_hex::encode_to_str(data, out),
    };
    match encoded {
        Ok(text) => text,
        Err(_) => unreachable!("the output is exactly twice the input's length"),
    }
}

/// `data` encoded into a new `String` if it is 16 or 32 bytes long (128- and
/// 256-bit tokens; 32 is CPython's default): `const-hex` into a wiped-on-drop
/// stack block, then one allocation and a copy of known length, a few
/// vector moves instead of a `memcpy` call. Inlined so that the `String` is
/// assembled in the caller's registers (see `Encoding::encode`).
#[inline(always)]
pub(crate) fn encode_fixed_size(data: &[u8], case: Case) -> Option<String> {
    if let Ok(bytes) = <&[u8; 16]>::try_from(data) {
        Some(encode_array(bytes, case))
    } else if let Ok(bytes) = <&[u8; 32]>::try_from(data) {
        Some(encode_array(bytes, case))
    } else {
        None
    }
}

#[inline(always)]
fn encode_array<const N: usize>(bytes: &[u8; N], case: Case) -> String {
    // Our own block, not `const_hex::Buffer`: the block is wiped on drop.
    let mut block = Block::new();
    match block.prefix_mut(2 * N) {
        Some(out) => String::from(encode_str(bytes, out, case)),
        None => unreachable!("the block holds the hex of 32 bytes"),
    }
}

/// `data` encoded into a new `String`, straight into its allocation.
#[inline]
pub(crate) fn encode_string(data: &[u8], case: Case) -> String {
    match case {
        Case::Upper => const_hex::encode_upper(data),
        Case::Lower | Case::Either => const_hex::encode(data),
    }
}

#[inline]
fn digit(input: &[u8], position: usize, case: Case) -> Result<u8, DecodeError> {
    let character = input[position];
    let value = DIGIT_VALUES[usize::from(character)];
    let wrong_case = match case {
        Case::Lower => character.is_ascii_uppercase(),
        Case::Upper => character.is_ascii_lowercase(),
        Case::Either => false,
    };
    if value == NOT_A_DIGIT {
        Err(DecodeError::new(
            position,
            DecodeErrorReason::InvalidCharacter,
        ))
    } else if wrong_case {
        Err(DecodeError::new(position, DecodeErrorReason::WrongCase))
    } else {
        Ok(value)
    }
}

/// Decodes hex digits of the given case; see [`crate::Encoding::decode`].
pub(crate) fn decode(input: &[u8], case: Case) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let (pairs, rest) = input.as_chunks::<2>();
    for index in 0..pairs.len() {
        let high = digit(input, 2 * index, case)?;
        let low = digit(input, 2 * index + 1, case)?;
        out.push((high << 4) | low);
    }
    if !rest.is_empty() {
        // A valid digit with no partner: the input ended early.
        digit(input, input.len() - 1, case)?;
        return Err(DecodeError::new(
            input.len(),
            DecodeErrorReason::InvalidLength,
        ));
    }
    Ok(out)
}
