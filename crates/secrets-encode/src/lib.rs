//! Hex, base64, base32 and custom-alphabet encoders for secret tokens.
//!
//! `no_std` + `alloc`, no `unsafe`.
//!
//! - [`Encoding`]: lowercase and uppercase hex, URL-safe base64 without
//!   padding (Python's `token_urlsafe`), standard base64 with padding, and
//!   RFC 4648 base32 with and without padding. Each encodes to a new
//!   `String`, appends to an existing one, or writes into a caller's buffer,
//!   and decodes strictly.
//! - [`hex_decode_any_case`]: hex decoding that accepts either letter case.
//! - [`Alphabet`] and [`token_from_alphabet`]: tokens over any set of up to
//!   256 characters, each character exactly uniform.
//! - [`DecodeError`]: where the input went wrong and why; converts into
//!   [`secrets_core::Error`].
//!
//! # Strict decoding
//!
//! Every decoder accepts exactly the strings its encoder can produce, so each
//! byte string has one encoding and each accepted string one meaning:
//! - only the encoding's alphabet (URL-safe base64 rejects `+` and `/`,
//!   standard base64 rejects `-` and `_`), no whitespace or line breaks;
//! - hex is case-specific: [`Encoding::HexLower`] rejects uppercase digits and
//!   [`Encoding::HexUpper`] lowercase ones (as [`DecodeErrorReason::WrongCase`]).
//!   [`hex_decode_any_case`] accepts both, even mixed, for input typed by people;
//! - base32 is uppercase only (RFC 4648's alphabet);
//! - padded encodings require exactly the right padding, unpadded ones reject
//!   any `=`;
//! - the unused low bits of a final partial group must be zero (RFC 4648
//!   section 3.5), so e.g. `"Zh"` is refused where `"Zg"` decodes to `"f"`.
//!
//! # Choice of encoders (measured 2026-11-29)
//!
//! Every candidate ran on the same bytes (a `black_box`ed slice) in 101
//! interleaved rounds with per-round ratios (then a criterion bench; now
//! `cargo xtask bench --section encode` times them). Figures: medians of the
//! rounds, ranges over four runs on the reference machine (AMD EPYC Zen 4
//! VM, 2 cores, glibc malloc). In about one run in ten one `String` path
//! stays slow for the whole process (hex of 16 bytes at 15–21 ns; the
//! reference `hex::encode` then often slows down too), which we could not
//! tie to a cause; the lowest ratio we saw for hex was 3.9×.
//!
//! | 16 bytes → hex                         | ns        | vs `hex::encode`  |
//! | -------------------------------------- | --------- | ----------------- |
//! | `hex::encode` (`String`)               | 54–57     | 1.0×              |
//! | `HexLower.encode` (`String`, ours)     | 12.4–13.8 | 3.9–4.6×          |
//! | `faster_hex::hex_string`               | 12.4–14.6 | 4.2–4.6×          |
//! | `const_hex::encode`                    | 19.6–25.8 | 2.0–2.9×          |
//! | `data_encoding::HEXLOWER.encode`       | 28.3      | 1.9–2.0×          |
//! | `HexLower.encode_into` (buffer)        | 3.4       | 14–17×            |
//! | `hex::encode_to_slice` (buffer)        | 8.7       | 5.5–6.6×          |
//!
//! | 32 bytes → URL-safe base64, no padding       | ns        | vs `base64`  |
//! | -------------------------------------------- | --------- | ------------ |
//! | `base64` `URL_SAFE_NO_PAD.encode` (`String`) | 41.0–43.7 | 1.0×         |
//! | `Base64UrlNoPad.encode` (`String`, ours)     | 32.6–34.6 | 1.25–1.28×   |
//! | `base64_simd` `encode_to_string`             | 19.6      | 2.1×         |
//! | `data_encoding::BASE64URL_NOPAD.encode`      | 38.0–39.0 | 1.07–1.10×   |
//! | `Base64UrlNoPad.encode_into` (buffer)        | 25.0–25.6 | 1.6×         |
//! | `base64` `encode_slice` (buffer)             | 20.8–21.7 | 2.0×         |
//!
//! Also: hex of 20 bytes 15.2 ns (4.2× `hex::encode`), standard base64 of
//! 32 bytes 32.9–33.0 ns (1.26× `base64`), base32 of 32 bytes 42 ns (1.01×
//! `data-encoding`). Before this work: 21–23 ns for hex of 16 bytes
//! (2.2–2.6×), 41.8 ns for base64url of 32 (0.98×), 67 ns for base32.
//!
//! Where the time went: into moving the `String`, not into encoding. A
//! `String` returned by a call that is not inlined comes back through
//! memory, and the caller's first copy of it (one 16-byte load over two
//! 8-byte stores) stalls on store forwarding for about 8 ns:
//! `const_hex::encode` takes 20 ns where the same work inlined takes 12.
//! Hence [`Encoding::encode`] is always inlined and assembles the `String`
//! in the caller; the encoding work stays out of line. Then:
//! - **Hex uses `const-hex`** (`no_std` + `alloc`, SIMD chosen at run time
//!   through `cpufeatures`, portable fallback over a 16-entry table), because
//!   it hands back `str` without re-validation; 16- and 32-byte input (the
//!   usual token sizes) goes through a fixed-size stack buffer and a
//!   constant-length copy, other lengths straight into the allocation.
//!   `faster-hex` is as fast but needs Rust 1.95 (our MSRV is 1.89). Our own
//!   safe table and SWAR encoders took 18–27 ns: safe Rust must validate
//!   their output as UTF-8 (3.5 ns for 32 bytes) and copy it.
//! - **Base64 and base32 are our own table-driven encoders**, one symbol per
//!   lookup in a table that fills exactly one 64-byte cache line (the
//!   indices are bits of the secret: a cache attack learns nothing from
//!   which line is touched). Two-symbol tables (4,096 pairs, 8 KiB) were
//!   faster still (26 ns for base64url of 32 bytes) and were rejected for
//!   that reason. Output of up to 64 characters is written to an aligned
//!   stack block, validated as whole 16-byte words (4.1 ns for 43
//!   characters against 6.2 ns validated exactly) and copied into one exact
//!   allocation; longer output goes straight into the `String`'s buffer.
//!   The `base64` crate pays for `calloc` and an exact-length validation.
//!   `base64-simd` is faster still but detects SIMD at run time only with
//!   `std` and brings its own SIMD layer; the target is met without it.
//! - Decoding is ours throughout, for the strictness and positions above.
//!
//! ```
//! use secrets_encode::Encoding;
//! let key = [0xde, 0xad, 0xbe, 0xef];
//! assert_eq!(Encoding::HexLower.encode(&key), "deadbeef");
//! assert_eq!(Encoding::Base64Standard.encode(&key), "3q2+7w==");
//! assert_eq!(Encoding::Base64UrlNoPad.decode("3q2-7w").unwrap(), key);
//! ```
#![no_std]
#![forbid(unsafe_code)]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

extern crate alloc;

mod alphabet;
mod ascii;
mod error;
mod hex;
mod radix;

use alloc::string::String;
use alloc::vec::Vec;

use secrets_core::Error;

pub use alphabet::{
    ALPHANUMERIC, ASCII_LETTERS, ASCII_LOWERCASE, ASCII_UPPERCASE, Alphabet, DIGITS,
    MAX_ALPHABET_SIZE, token_from_alphabet, token_from_alphabet_to,
};
pub use error::{DecodeError, DecodeErrorReason};

use ascii::Block;
use radix::{BASE32_PADDED, BASE32_UNPADDED, BASE64_STANDARD_PADDED, BASE64_URL_UNPADDED};

/// A byte-to-text encoding.
///
/// ```
/// use secrets_encode::Encoding;
/// assert_eq!(Encoding::Base32NoPad.encode(b"hi"), "NBUQ");
/// assert_eq!(Encoding::Base32.encode(b"hi"), "NBUQ====");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Lowercase hex, two characters per byte (Python's `token_hex`).
    HexLower,
    /// Uppercase hex, two characters per byte.
    HexUpper,
    /// URL- and filename-safe base64 (RFC 4648 section 5: `-` and `_`) with
    /// the `=` padding stripped (Python's `token_urlsafe`): `ceil(4n / 3)`
    /// characters, 43 for 32 bytes.
    Base64UrlNoPad,
    /// Standard base64 (RFC 4648 section 4: `+` and `/`) with `=` padding:
    /// `4 * ceil(n / 3)` characters.
    Base64Standard,
    /// RFC 4648 section 6 base32 (`A`–`Z`, `2`–`7`) with `=` padding:
    /// `8 * ceil(n / 5)` characters.
    Base32,
    /// RFC 4648 base32 without padding: `ceil(8n / 5)` characters.
    Base32NoPad,
}

/// Every encoding, for callers (and tests) that iterate over them.
///
/// ```
/// for encoding in secrets_encode::ALL_ENCODINGS {
///     let text = encoding.encode(b"round trip");
///     assert_eq!(encoding.decode(&text).unwrap(), b"round trip");
/// }
/// ```
pub const ALL_ENCODINGS: [Encoding; 6] = [
    Encoding::HexLower,
    Encoding::HexUpper,
    Encoding::Base64UrlNoPad,
    Encoding::Base64Standard,
    Encoding::Base32,
    Encoding::Base32NoPad,
];

const TOO_LARGE: Error = Error::invalid("data", "the encoded text would not fit in memory");

const OUTPUT_TOO_SMALL: Error =
    Error::invalid("output", "the buffer is shorter than the encoded length");

impl Encoding {
    /// A short stable name: `"hex"`, `"HEX"`, `"base64url"`, `"base64"`,
    /// `"base32"`, `"base32-nopad"`.
    ///
    /// ```
    /// assert_eq!(secrets_encode::Encoding::HexUpper.name(), "HEX");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::HexLower => "hex",
            Encoding::HexUpper => "HEX",
            Encoding::Base64UrlNoPad => "base64url",
            Encoding::Base64Standard => "base64",
            Encoding::Base32 => "base32",
            Encoding::Base32NoPad => "base32-nopad",
        }
    }

    /// The number of characters that encode `n` bytes, or `None` if it
    /// overflows `usize` (never for the length of an actual slice).
    ///
    /// ```
    /// use secrets_encode::Encoding;
    /// assert_eq!(Encoding::Base64UrlNoPad.encoded_len(32), Some(43));
    /// assert_eq!(Encoding::HexLower.encoded_len(usize::MAX), None); // would overflow
    /// ```
    #[inline]
    pub const fn encoded_len(self, n: usize) -> Option<usize> {
        match self {
            Encoding::HexLower | Encoding::HexUpper => n.checked_mul(2),
            Encoding::Base64UrlNoPad => {
                radix::group_len(n / 3, 4, radix::BASE64_TAIL_SYMBOLS[n % 3])
            }
            Encoding::Base64Standard => radix::group_len(n.div_ceil(3), 4, 0),
            Encoding::Base32 => radix::group_len(n.div_ceil(5), 8, 0),
            Encoding::Base32NoPad => radix::group_len(n / 5, 8, radix::BASE32_TAIL_SYMBOLS[n % 5]),
        }
    }

    /// Encodes `data` into `out`, whose length is exactly the encoded length.
    #[inline]
    fn encode_exact(self, data: &[u8], out: &mut [u8]) {
        match self {
            Encoding::HexLower => hex::encode_exact(data, out, hex::Case::Lower),
            Encoding::HexUpper => hex::encode_exact(data, out, hex::Case::Upper),
            Encoding::Base64UrlNoPad => radix::encode_base64_url(data, out),
            Encoding::Base64Standard => radix::encode_base64_standard(data, out),
            Encoding::Base32 => radix::encode_base32_padded(data, out),
            Encoding::Base32NoPad => radix::encode_base32_unpadded(data, out),
        }
    }

    /// `data` encoded into a new `String` of exactly
    /// [`encoded_len`](Self::encoded_len) characters, allocated once.
    ///
    /// Like any `String`, aborts if the allocation fails (the global
    /// allocator's policy); [`try_encode`](Self::try_encode) returns an error
    /// instead.
    ///
    /// ```
    /// assert_eq!(secrets_encode::Encoding::HexLower.encode(&[1, 255]), "01ff");
    /// ```
    // Always inlined, with the allocation in the inlined part: a `String`
    // returned from a call lands in memory, and the caller's first 16-byte
    // copy of it stalls on store forwarding (measured: 20 instead of 12 ns
    // for hex of 16 bytes). The encoding work itself stays out of line.
    #[inline(always)]
    pub fn encode(self, data: &[u8]) -> String {
        if let Some(case) = self.hex_case() {
            return match hex::encode_fixed_size(data, case) {
                Some(text) => text,
                None => hex::encode_string(data, case),
            };
        }
        let mut block = Block::new();
        match self.encode_short(data, &mut block) {
            Some(text) => String::from(text),
            None => self.encode_long(data),
        }
    }

    /// As [`encode`](Self::encode), but fallible: when the `String` cannot
    /// be allocated the result is an error ([`Error::InvalidArgument`] for
    /// `"data"`), never an abort. Every allocation is `try_reserve`d.
    ///
    /// ```
    /// use secrets_encode::Encoding;
    /// assert_eq!(Encoding::HexLower.try_encode(&[1, 255])?, "01ff");
    /// // The same text as `encode`, for any length.
    /// let data = vec![0x5au8; 10_000];
    /// assert_eq!(Encoding::HexLower.try_encode(&data)?, Encoding::HexLower.encode(&data));
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn try_encode(self, data: &[u8]) -> Result<String, Error> {
        let len = self.slice_encoded_len(data.len());
        if len <= ascii::BLOCK_LEN {
            let mut text = String::new();
            text.try_reserve_exact(len).map_err(|_| TOO_LARGE)?;
            let mut block = Block::new();
            text.push_str(self.encode_block(data, &mut block));
            return Ok(text);
        }
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(len).map_err(|_| TOO_LARGE)?;
        bytes.resize(len, 0);
        self.encode_exact(data, &mut bytes);
        Ok(ascii::into_string(bytes))
    }

    /// The letter case of a hex encoding; `None` for the others.
    #[inline(always)]
    const fn hex_case(self) -> Option<hex::Case> {
        match self {
            Encoding::HexLower => Some(hex::Case::Lower),
            Encoding::HexUpper => Some(hex::Case::Upper),
            _ => None,
        }
    }

    /// Base64 or base32 of `data` in `block`, if it fits.
    #[inline]
    fn encode_short<'block>(self, data: &[u8], block: &'block mut Block) -> Option<&'block str> {
        let len = self.slice_encoded_len(data.len());
        self.encode_exact(data, block.prefix_mut(len)?);
        Some(block.as_str(len))
    }

    /// Base64 or base32 of `data`, straight into the `String`'s allocation.
    #[inline(never)]
    fn encode_long(self, data: &[u8]) -> String {
        let len = self.slice_encoded_len(data.len());
        // `malloc` + `memset`: `vec![0; len]` calls `calloc`, which measured
        // slower (38 against 43 ns for base64url of 32 bytes, before the
        // short path existed).
        #[allow(clippy::slow_vector_initialization)]
        let mut bytes = {
            let mut bytes = Vec::with_capacity(len);
            bytes.resize(len, 0);
            bytes
        };
        self.encode_exact(data, &mut bytes);
        ascii::into_string(bytes)
    }

    /// Appends the encoding of `data` to `out`, reserving the space once and
    /// allocating nothing else.
    ///
    /// ```
    /// let mut line = String::from("key=");
    /// secrets_encode::Encoding::HexLower.encode_to(&mut line, &[0xab]);
    /// assert_eq!(line, "key=ab");
    /// ```
    #[inline]
    pub fn encode_to(self, out: &mut String, data: &[u8]) {
        out.reserve(self.slice_encoded_len(data.len()));
        // Whole groups (1, 3 or 5 bytes) at a time through a stack block, so
        // the text already in `out` is never re-validated.
        let block_bytes = match self {
            Encoding::HexLower | Encoding::HexUpper => ascii::BLOCK_LEN / 2,
            Encoding::Base64UrlNoPad | Encoding::Base64Standard => ascii::BLOCK_LEN / 4 * 3,
            Encoding::Base32 | Encoding::Base32NoPad => ascii::BLOCK_LEN / 8 * 5,
        };
        let mut block = Block::new();
        for chunk in data.chunks(block_bytes) {
            out.push_str(self.encode_block(chunk, &mut block));
        }
    }

    /// `data` (at most one block's worth) encoded in `block`.
    #[inline]
    fn encode_block<'block>(self, data: &[u8], block: &'block mut Block) -> &'block str {
        let text = match self.hex_case() {
            Some(case) => block
                .prefix_mut(2 * data.len())
                .map(|out| hex::encode_str(data, out, case)),
            None => self.encode_short(data, block),
        };
        match text {
            Some(text) => text,
            None => unreachable!("the caller splits the input into blocks"),
        }
    }

    /// Writes the encoding of `data` to the start of `out` and returns it as
    /// `&str`; the rest of `out` is untouched. Allocates nothing.
    ///
    /// Errors ([`Error::InvalidArgument`] for `"output"`) if `out` is shorter
    /// than [`encoded_len`](Self::encoded_len)`(data.len())`.
    ///
    /// ```
    /// let mut buffer = [0u8; 8];
    /// let text = secrets_encode::Encoding::HexLower.encode_into(&[1, 2], &mut buffer)?;
    /// assert_eq!(text, "0102");
    /// assert!(secrets_encode::Encoding::HexLower.encode_into(&[1; 5], &mut buffer).is_err());
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    #[inline]
    pub fn encode_into<'out>(self, data: &[u8], out: &'out mut [u8]) -> Result<&'out str, Error> {
        let len = self.slice_encoded_len(data.len());
        let out = out.get_mut(..len).ok_or(OUTPUT_TOO_SMALL)?;
        Ok(self.encode_exact_str(data, out))
    }

    /// [`encode_exact`](Self::encode_exact), returning the text as `&str`.
    #[inline]
    fn encode_exact_str<'out>(self, data: &[u8], out: &'out mut [u8]) -> &'out str {
        match self {
            Encoding::HexLower => hex::encode_str(data, out, hex::Case::Lower),
            Encoding::HexUpper => hex::encode_str(data, out, hex::Case::Upper),
            _ => {
                self.encode_exact(data, out);
                ascii::as_str(out)
            }
        }
    }

    /// Decodes `input` strictly (see the [crate documentation](crate)).
    ///
    /// Accepts `&str`, `String`, `&[u8]`…; errors name the position and the
    /// reason ([`DecodeError`]).
    ///
    /// ```
    /// use secrets_encode::Encoding;
    /// assert_eq!(Encoding::HexLower.decode("0aff").unwrap(), [0x0a, 0xff]);
    /// assert!(Encoding::HexLower.decode("0AFF").is_err()); // strict about case
    /// ```
    pub fn decode(self, input: impl AsRef<[u8]>) -> Result<Vec<u8>, DecodeError> {
        let input = input.as_ref();
        match self {
            Encoding::HexLower => hex::decode(input, hex::Case::Lower),
            Encoding::HexUpper => hex::decode(input, hex::Case::Upper),
            Encoding::Base64UrlNoPad => radix::decode(&BASE64_URL_UNPADDED, input),
            Encoding::Base64Standard => radix::decode(&BASE64_STANDARD_PADDED, input),
            Encoding::Base32 => radix::decode(&BASE32_PADDED, input),
            Encoding::Base32NoPad => radix::decode(&BASE32_UNPADDED, input),
        }
    }

    #[inline]
    fn slice_encoded_len(self, n: usize) -> usize {
        match self.encoded_len(n) {
            Some(len) => len,
            None => unreachable!("a slice's encoded length fits in usize"),
        }
    }
}

impl core::fmt::Display for Encoding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Decodes hex digits of either case, even mixed (`"aB"` is `[0xab]`), for
/// input typed or pasted by people. The case-specific
/// [`Encoding::HexLower`]/[`Encoding::HexUpper`] decoders are stricter.
///
/// ```
/// assert_eq!(secrets_encode::hex_decode_any_case("0aFf").unwrap(), [0x0a, 0xff]);
/// ```
pub fn hex_decode_any_case(input: impl AsRef<[u8]>) -> Result<Vec<u8>, DecodeError> {
    hex::decode(input.as_ref(), hex::Case::Either)
}
