//! Tokens over a caller-chosen alphabet, each character uniform and
//! independent, and the decoder back to symbol indices.
//!
//! # How characters are drawn (exactly uniform)
//!
//! An alphabet has `n` symbols, `1 <= n <= 256`. Each random byte `b` is
//! mapped with Lemire's multiply-and-reject method on 8 bits: let
//! `m = b * n` (a 16-bit product); reject `b` when `m mod 256 < 256 mod n`,
//! otherwise the symbol index is `m / 256`. Exactly `floor(256 / n)` of the
//! 256 byte values are accepted for every index, so each accepted byte picks
//! each symbol with probability exactly `1/n` (the test suite checks this
//! exhaustively for every `n`). Powers of two reject nothing; the worst case,
//! `n = 129`, rejects 127 of 256 byte values.
//!
//! Bytes are drawn in batches (one call to the generator for a typical token,
//! sized from the expected rejection rate) and rejected bytes are simply
//! skipped, so rejection never biases the result; unused bytes of the last
//! batch are discarded.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use rand_core::TryCryptoRng;
use secrets_core::Error;
use zeroize::Zeroize;

use crate::{DecodeError, DecodeErrorReason};

/// The 26 ASCII lowercase letters (Python's `string.ascii_lowercase`).
///
/// ```
/// use secrets_encode::{Alphabet, ASCII_LOWERCASE};
/// assert_eq!(Alphabet::new(ASCII_LOWERCASE)?.size(), 26);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const ASCII_LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
/// The 26 ASCII uppercase letters (Python's `string.ascii_uppercase`).
///
/// ```
/// use secrets_encode::{Alphabet, ASCII_UPPERCASE};
/// assert_eq!(Alphabet::new(ASCII_UPPERCASE)?.size(), 26);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const ASCII_UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// The 52 ASCII letters, lowercase first (Python's `string.ascii_letters`).
///
/// ```
/// use secrets_encode::{Alphabet, ASCII_LETTERS};
/// assert_eq!(Alphabet::new(ASCII_LETTERS)?.size(), 52);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const ASCII_LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// The 10 decimal digits (Python's `string.digits`).
///
/// ```
/// use secrets_encode::{Alphabet, DIGITS};
/// assert_eq!(Alphabet::new(DIGITS)?.size(), 10);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const DIGITS: &str = "0123456789";
/// The 62 ASCII letters and digits (`ascii_letters + digits`, the alphabet of
/// the password example in Python's `secrets` documentation).
///
/// ```
/// use secrets_encode::{Alphabet, ALPHANUMERIC};
/// assert_eq!(Alphabet::new(ALPHANUMERIC)?.size(), 62);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub const ALPHANUMERIC: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The most symbols an alphabet may have: each index fits in a byte.
///
/// ```
/// use secrets_encode::{Alphabet, MAX_ALPHABET_SIZE};
/// let too_many: String = (0..=MAX_ALPHABET_SIZE as u32).map(|i| char::from_u32(0x4e00 + i).unwrap()).collect();
/// assert!(Alphabet::new(&too_many).is_err());
/// ```
pub const MAX_ALPHABET_SIZE: usize = 256;

const EMPTY: Error = Error::invalid("alphabet", "the alphabet is empty");
const TOO_LARGE: Error = Error::invalid("alphabet", "the alphabet has more than 256 symbols");
const REPEATED: Error = Error::invalid("alphabet", "a character appears more than once");
const INDEX_OUT_OF_RANGE: Error =
    Error::invalid("indices", "an index is not below the alphabet's size");
const TOO_LONG: Error = Error::invalid("len", "the token is too long to allocate");

/// Marks an ASCII character outside the alphabet in `ascii_index`.
const NO_INDEX: u16 = u16::MAX;

/// A validated alphabet: 1 to 256 distinct characters (Unicode scalar values,
/// so `"αβγ"` has three symbols; grapheme clusters are not split specially).
///
/// Symbol `i` is the `i`-th character of the string it was built from; token
/// characters and [`Alphabet::decode`] indices refer to that order.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
/// use secrets_encode::{Alphabet, token_from_alphabet};
/// let vowels = Alphabet::new("aeiou")?;
/// let token = token_from_alphabet(&mut rng, &vowels, 12)?;
/// assert_eq!(token.chars().count(), 12);
/// assert!(token.chars().all(|c| vowels.index_of(c).is_some()));
/// # Ok::<(), secrets_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Alphabet {
    text: String,
    symbols: Box<[char]>,
    /// Index of each ASCII symbol, for fast decoding.
    ascii_index: [u16; 128],
    /// Non-ASCII symbols with their index, sorted by character.
    non_ascii: Box<[(char, u8)]>,
    /// `256 mod n`: a byte whose product with `n` has a low byte below this
    /// is rejected.
    reject_below: u16,
}

impl Alphabet {
    /// Validates `symbols` as an alphabet.
    ///
    /// Errors ([`Error::InvalidArgument`] for argument `"alphabet"`) if it is
    /// empty, has more than [`MAX_ALPHABET_SIZE`] characters, or repeats a
    /// character.
    ///
    /// ```
    /// use secrets_encode::Alphabet;
    /// assert!(Alphabet::new("01").is_ok());
    /// assert!(Alphabet::new("").is_err());
    /// assert!(Alphabet::new("abca").is_err()); // a repeated symbol would bias tokens
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn new(symbols: &str) -> Result<Self, Error> {
        // Counted before anything is allocated: a huge string is refused
        // without copying it.
        if symbols.chars().nth(MAX_ALPHABET_SIZE).is_some() {
            return Err(TOO_LARGE);
        }
        let chars: Box<[char]> = symbols.chars().collect();
        if chars.is_empty() {
            return Err(EMPTY);
        }
        let mut sorted: Vec<(char, u8)> = (0u8..=255)
            .zip(chars.iter())
            .map(|(i, &c)| (c, i))
            .collect();
        sorted.sort_unstable();
        if sorted.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            return Err(REPEATED);
        }
        let mut ascii_index = [NO_INDEX; 128];
        for &(character, index) in &sorted {
            if character.is_ascii() {
                ascii_index[character as usize] = u16::from(index);
            }
        }
        sorted.retain(|&(character, _)| !character.is_ascii());
        let size = chars.len() as u16;
        Ok(Alphabet {
            text: String::from(symbols),
            symbols: chars,
            ascii_index,
            non_ascii: sorted.into_boxed_slice(),
            reject_below: 256 % size,
        })
    }

    /// The number of symbols, from 1 to 256.
    ///
    /// ```
    /// assert_eq!(secrets_encode::Alphabet::new("äöü")?.size(), 3);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn size(&self) -> usize {
        self.symbols.len()
    }

    /// The alphabet as the string it was built from.
    ///
    /// ```
    /// assert_eq!(secrets_encode::Alphabet::new("xyz")?.as_str(), "xyz");
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The symbols in index order.
    ///
    /// ```
    /// assert_eq!(secrets_encode::Alphabet::new("ab€")?.symbols(), ['a', 'b', '€']);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn symbols(&self) -> &[char] {
        &self.symbols
    }

    /// The index of `character`, or `None` if it is not in the alphabet.
    ///
    /// ```
    /// let alphabet = secrets_encode::Alphabet::new("ab€")?;
    /// assert_eq!(alphabet.index_of('€'), Some(2));
    /// assert_eq!(alphabet.index_of('c'), None);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn index_of(&self, character: char) -> Option<u8> {
        if character.is_ascii() {
            let index = self.ascii_index[character as usize];
            return u8::try_from(index).ok();
        }
        self.non_ascii
            .binary_search_by_key(&character, |&(symbol, _)| symbol)
            .ok()
            .map(|found| self.non_ascii[found].1)
    }

    /// The string whose characters are the symbols at `indices`.
    ///
    /// Errors if an index is not below [`size`](Self::size) (checked before
    /// any output is built, so no partial token is left behind), or if the
    /// text cannot be allocated.
    ///
    /// ```
    /// let alphabet = secrets_encode::Alphabet::new("ACGT")?;
    /// assert_eq!(alphabet.encode(&[0, 3, 2])?, "ATG");
    /// assert!(alphabet.encode(&[4]).is_err());
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn encode(&self, indices: &[u8]) -> Result<String, Error> {
        if indices
            .iter()
            .any(|&index| usize::from(index) >= self.symbols.len())
        {
            return Err(INDEX_OUT_OF_RANGE);
        }
        let mut out = String::new();
        let capacity = indices.len().checked_mul(self.widest()).ok_or(TOO_LONG)?;
        out.try_reserve_exact(capacity).map_err(|_| TOO_LONG)?;
        out.extend(
            indices
                .iter()
                .map(|&index| self.symbols[usize::from(index)]),
        );
        Ok(out)
    }

    /// The longest symbol's length in UTF-8 bytes.
    fn widest(&self) -> usize {
        self.symbols.iter().map(|c| c.len_utf8()).max().unwrap_or(1)
    }

    /// The symbol index of each character of `token`.
    ///
    /// A character outside the alphabet is a
    /// [`DecodeErrorReason::InvalidCharacter`] at its position, counted in
    /// characters (not bytes).
    ///
    /// ```
    /// let alphabet = secrets_encode::Alphabet::new("ACGT")?;
    /// assert_eq!(alphabet.decode("GATTACA").unwrap(), [2, 0, 3, 3, 0, 1, 0]);
    /// assert_eq!(alphabet.decode("GAX").unwrap_err().position, 2);
    /// # Ok::<(), secrets_core::Error>(())
    /// ```
    pub fn decode(&self, token: &str) -> Result<Vec<u8>, DecodeError> {
        let mut indices = Vec::with_capacity(token.len());
        for (position, character) in token.chars().enumerate() {
            match self.index_of(character) {
                Some(index) => indices.push(index),
                None => {
                    return Err(DecodeError::new(
                        position,
                        DecodeErrorReason::InvalidCharacter,
                    ));
                }
            }
        }
        Ok(indices)
    }

    /// The symbol index a random byte selects, or `None` if the byte is
    /// rejected (see the module documentation).
    #[inline]
    pub(crate) fn index_for_byte(&self, byte: u8) -> Option<u8> {
        // At most 255 * 256, so the product fits in 16 bits.
        let product = u16::from(byte) * self.symbols.len() as u16;
        if product & 0xff < self.reject_below {
            None
        } else {
            Some((product >> 8) as u8)
        }
    }

    /// How many random bytes to request for `symbols` more characters: the
    /// expected number plus a margin, so one call usually suffices.
    fn bytes_to_request(&self, symbols: usize, capacity: usize) -> usize {
        let symbols = symbols.min(capacity);
        if self.reject_below == 0 {
            return symbols;
        }
        let rejected = usize::from(self.reject_below);
        let accepted = 256 - rejected;
        let expected_extra = (symbols * rejected).div_ceil(accepted);
        (symbols + expected_extra + expected_extra / 2 + 4).min(capacity)
    }
}

impl fmt::Debug for Alphabet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Alphabet")
            .field("symbols", &self.text)
            .finish()
    }
}

impl TryFrom<&str> for Alphabet {
    type Error = Error;

    fn try_from(symbols: &str) -> Result<Self, Error> {
        Alphabet::new(symbols)
    }
}

/// A token of `len` characters, each drawn uniformly and independently from
/// `alphabet` (see the `alphabet` module documentation for the exact method).
///
/// Errors if the generator fails (its error, converted) or the token could not
/// be allocated.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
/// use secrets_encode::{Alphabet, DIGITS, token_from_alphabet};
/// let pin = token_from_alphabet(&mut rng, &Alphabet::new(DIGITS)?, 6)?;
/// assert_eq!(pin.len(), 6);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn token_from_alphabet<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    alphabet: &Alphabet,
    len: usize,
) -> Result<String, Error>
where
    R::Error: Into<Error>,
{
    let mut token = String::new();
    token_from_alphabet_to(rng, alphabet, len, &mut token)?;
    Ok(token)
}

/// Overwrites `out[from..]` with zeros, then truncates `out` to `from`: the
/// part of a token built before an error is wiped, not just forgotten (safe
/// code cannot reach a `String`'s spare capacity, but it can overwrite the
/// same bytes through `push` before truncating).
fn wipe_tail(out: &mut String, from: usize) {
    let appended = out.len() - from;
    out.truncate(from);
    out.extend(core::iter::repeat_n('\0', appended));
    core::hint::black_box(out.as_str());
    out.truncate(from);
}

/// Like [`token_from_alphabet`], but appends the token to `out`.
///
/// On error `out` is left as it was, and the part of the token built before
/// the error is wiped.
///
/// ```
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
/// use secrets_encode::{Alphabet, ALPHANUMERIC, token_from_alphabet_to};
/// let mut line = String::from("id=");
/// token_from_alphabet_to(&mut rng, &Alphabet::new(ALPHANUMERIC)?, 10, &mut line)?;
/// assert_eq!(line.len(), 13);
/// # Ok::<(), secrets_core::Error>(())
/// ```
pub fn token_from_alphabet_to<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    alphabet: &Alphabet,
    len: usize,
    out: &mut String,
) -> Result<(), Error>
where
    R::Error: Into<Error>,
{
    const BATCH: usize = 256;
    let capacity = len.checked_mul(alphabet.widest()).ok_or(TOO_LONG)?;
    out.try_reserve(capacity).map_err(|_| TOO_LONG)?;
    let original_len = out.len();
    let mut remaining = len;
    let mut batch = [0u8; BATCH];
    let mut outcome = Ok(());
    while remaining > 0 {
        let request = &mut batch[..alphabet.bytes_to_request(remaining, BATCH)];
        if let Err(error) = rng.try_fill_bytes(request) {
            wipe_tail(out, original_len);
            outcome = Err(error.into());
            break;
        }
        for &byte in request.iter() {
            if let Some(index) = alphabet.index_for_byte(byte) {
                out.push(alphabet.symbols[usize::from(index)]);
                remaining -= 1;
                if remaining == 0 {
                    break;
                }
            }
        }
    }
    // The random bytes determine the token: don't leave them on the stack.
    batch.zeroize();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An alphabet of `n` distinct characters: ASCII first, then CJK.
    fn alphabet_of_size(n: usize) -> Alphabet {
        let symbols: String = (0..n as u32)
            .map(|i| {
                if i < 94 {
                    char::from(b'!' + i as u8)
                } else {
                    char::from_u32(0x4e00 + i).expect("valid")
                }
            })
            .collect();
        Alphabet::new(&symbols).expect("distinct symbols")
    }

    /// The byte mapping is exactly uniform: over all 256 byte values, every
    /// index is hit exactly floor(256 / n) times, for every alphabet size.
    #[test]
    fn every_size_maps_bytes_exactly_uniformly() {
        for n in 1..=MAX_ALPHABET_SIZE {
            let alphabet = alphabet_of_size(n);
            let mut hits = [0usize; 256];
            for byte in 0..=255u8 {
                if let Some(index) = alphabet.index_for_byte(byte) {
                    hits[usize::from(index)] += 1;
                }
            }
            let expected = 256 / n;
            assert!(
                hits[..n].iter().all(|&count| count == expected),
                "n = {n}: {:?}",
                &hits[..n]
            );
            assert!(
                hits[n..].iter().all(|&count| count == 0),
                "n = {n}: index out of range"
            );
        }
    }

    #[test]
    fn requests_cover_the_expected_need() {
        for n in [2, 3, 62, 129, 200, 256] {
            let alphabet = alphabet_of_size(n);
            let accepted = 256 - 256 % n;
            for symbols in [1, 16, 32, 100, 1000] {
                let request = alphabet.bytes_to_request(symbols, 256);
                assert!(request <= 256);
                let expected = symbols.min(256) * 256 / accepted;
                assert!(
                    request >= expected.min(256),
                    "n = {n}, {symbols} symbols: {request}"
                );
            }
        }
    }
}
