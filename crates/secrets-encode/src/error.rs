//! The decoding error: where the input went wrong and why.

use core::fmt;

use secrets_core::Error;

/// Why a decoder refused its input.
///
/// ```
/// use secrets_encode::{DecodeErrorReason, Encoding};
/// let error = Encoding::HexLower.decode("abC").unwrap_err();
/// assert_eq!(error.reason, DecodeErrorReason::WrongCase);
/// assert_eq!(Encoding::HexLower.decode("abc").unwrap_err().reason, DecodeErrorReason::InvalidLength);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorReason {
    /// A character that is not in the encoding's alphabet (nor its padding).
    InvalidCharacter,
    /// A letter of the encoding's alphabet in the wrong case (uppercase for a
    /// lowercase-only hex decoder, or the reverse).
    WrongCase,
    /// The input ends in the middle of a group: no encoded string of this
    /// length exists (odd-length hex, one leftover base64 symbol, …).
    InvalidLength,
    /// Padding that is missing (padded encodings), present where none is
    /// allowed (unpadded encodings), misplaced, incomplete or followed by data.
    InvalidPadding,
    /// The last symbol carries unused low bits that are not zero, so the
    /// input is not the canonical encoding of any byte string.
    NonCanonicalTrailingBits,
}

impl DecodeErrorReason {
    /// A short sentence describing the reason, without a position.
    ///
    /// ```
    /// use secrets_encode::DecodeErrorReason;
    /// println!("{}", DecodeErrorReason::InvalidPadding.description());
    /// ```
    pub const fn description(self) -> &'static str {
        match self {
            DecodeErrorReason::InvalidCharacter => {
                "contains a character outside the encoding's alphabet"
            }
            DecodeErrorReason::WrongCase => "contains a letter of the wrong case for this encoding",
            DecodeErrorReason::InvalidLength => "has a length that no encoded string can have",
            DecodeErrorReason::InvalidPadding => "has missing, misplaced or superfluous padding",
            DecodeErrorReason::NonCanonicalTrailingBits => {
                "is not canonical: its last symbol has non-zero unused bits"
            }
        }
    }
}

/// A decoder's refusal: the position of the offending character and the reason.
///
/// `position` counts characters from 0. For hex, base64 and base32 every valid
/// character is ASCII, so it is also the byte offset; for
/// [`Alphabet::decode`](crate::Alphabet::decode) it counts Unicode scalar
/// values (`char`s).
///
/// The position is the first character at which the input stops being the
/// beginning of some valid encoding, with one exception: for
/// [`NonCanonicalTrailingBits`](DecodeErrorReason::NonCanonicalTrailingBits)
/// it is the symbol that carries the stray bits. When the input is a valid
/// beginning but ends too early
/// ([`InvalidLength`](DecodeErrorReason::InvalidLength), or missing padding),
/// the position is the input's length: where the next character was due.
///
/// Converts into [`secrets_core::Error::InvalidArgument`] (losing the
/// position, which that `Copy` type cannot carry) with `?`.
///
/// ```
/// use secrets_encode::{DecodeErrorReason, Encoding};
/// let error = Encoding::Base64UrlNoPad.decode("ab+d").unwrap_err();
/// assert_eq!((error.position, error.reason), (2, DecodeErrorReason::InvalidCharacter));
/// println!("{error}"); // names the position and the reason
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DecodeError {
    /// Index of the offending character (see the type's documentation).
    pub position: usize,
    /// Why the input was refused.
    pub reason: DecodeErrorReason,
}

impl DecodeError {
    /// A decode error at `position` for `reason`.
    ///
    /// ```
    /// use secrets_encode::{DecodeError, DecodeErrorReason};
    /// let error = DecodeError::new(3, DecodeErrorReason::InvalidCharacter);
    /// assert_eq!(error.position, 3);
    /// ```
    pub const fn new(position: usize, reason: DecodeErrorReason) -> Self {
        DecodeError { position, reason }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let position = self.position;
        match self.reason {
            DecodeErrorReason::InvalidCharacter => {
                write!(f, "invalid character at position {position}")
            }
            DecodeErrorReason::WrongCase => {
                write!(f, "letter of the wrong case at position {position}")
            }
            DecodeErrorReason::InvalidLength => write!(
                f,
                "invalid length: the input ends at position {position}, in the middle of a group"
            ),
            DecodeErrorReason::InvalidPadding => {
                write!(f, "invalid padding at position {position}")
            }
            DecodeErrorReason::NonCanonicalTrailingBits => write!(
                f,
                "non-canonical trailing bits in the symbol at position {position}"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::invalid("input", error.reason.description())
    }
}
