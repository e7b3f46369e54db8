//! The line-oriented commands: tokens, numbers, choice and UUIDs.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::Write;

use secrets::BigUint;
use secrets_cli::size::{digit_groups, not_a_number};
use zeroize::Zeroizing;

use crate::cli::{ChoiceArgs, RandbelowArgs, RandbitsArgs, TokenArgs, UuidArgs};
use crate::engine::Engine;
use crate::error::CliError;
use crate::sink::StdoutWriter;

/// Buffered text on stdout, with write errors mapped (EPIPE → quiet exit 0).
///
/// The buffer holds tokens, so it is ours rather than a `BufWriter`'s: it
/// never grows (so never leaves a reallocated copy) and it is wiped, spare
/// capacity included, when dropped.
pub struct TextOut {
    out: StdoutWriter,
    buffer: Zeroizing<Vec<u8>>,
}

/// Bytes of text collected before one `write(2)`.
const TEXT_BUFFER: usize = 64 * 1024;

impl TextOut {
    /// Takes over stdout.
    pub fn new() -> Result<Self, CliError> {
        Ok(TextOut {
            out: StdoutWriter::new()?,
            buffer: Zeroizing::new(Vec::with_capacity(TEXT_BUFFER)),
        })
    }

    /// Writes `bytes` as they are.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        if self.buffer.len() + bytes.len() > TEXT_BUFFER {
            self.flush_buffer()?;
        }
        if bytes.len() >= TEXT_BUFFER {
            return self.write_out(bytes);
        }
        self.buffer.extend_from_slice(bytes);
        Ok(())
    }

    /// Writes `bytes` and a newline.
    pub fn line(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        self.write(bytes)?;
        self.write(b"\n")
    }

    /// Flushes everything out.
    pub fn finish(mut self) -> Result<(), CliError> {
        self.flush_buffer()?;
        self.out
            .flush()
            .map_err(|e| CliError::io("cannot write to stdout", &e))
    }

    fn flush_buffer(&mut self) -> Result<(), CliError> {
        let result = self
            .out
            .write_all(&self.buffer)
            .map_err(|e| CliError::io("cannot write to stdout", &e));
        // The old bytes stay in the spare capacity until overwritten, or
        // wiped on drop.
        self.buffer.clear();
        result
    }

    fn write_out(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        self.out
            .write_all(bytes)
            .map_err(|e| CliError::io("cannot write to stdout", &e))
    }
}

/// The text encodings of the token commands.
#[derive(Clone, Copy, Debug)]
pub enum TokenEncoding {
    /// Lowercase hex (CPython's `token_hex`).
    Hex,
    /// URL-safe base64 without padding (CPython's `token_urlsafe`).
    UrlSafe,
    /// Standard base64 with `=` padding (`openssl rand -base64`).
    Base64,
    /// RFC 4648 base32 without padding.
    Base32,
}

/// Below this many bits a password, passphrase or token gets a warning on
/// stderr.
pub const WEAK_BITS: f64 = 64.0;

/// Prints the weak-entropy warning on stderr when `bits` is below
/// [`WEAK_BITS`]; `what` names one result ("each token").
pub fn warn_if_weak(what: &str, bits: f64) {
    if bits < WEAK_BITS {
        let _ = writeln!(
            std::io::stderr().lock(),
            "secrets: warning: {what} has only {bits:.1} bits of entropy (64 or more recommended)"
        );
    }
}

/// Random bytes per encoder call. A multiple of 3 and 5, so base64 (padded
/// only at the very end) and base32 pieces concatenate into exactly the
/// encoding of the whole: a token of any size streams with constant memory.
const TOKEN_PIECE: usize = 15 * 1024;

/// Runs `token-hex`, `token-urlsafe` or `token-base32`.
pub fn token(
    engine: &mut Engine,
    encoding: TokenEncoding,
    args: &TokenArgs,
) -> Result<(), CliError> {
    let nbytes = args.nbytes;
    warn_if_weak("each token", nbytes as f64 * 8.0);
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let mut left = nbytes;
        while left > 0 {
            let piece = usize::try_from(left).map_or(TOKEN_PIECE, |l| l.min(TOKEN_PIECE));
            let text = Zeroizing::new(match encoding {
                TokenEncoding::Hex => engine.try_token_hex(piece),
                TokenEncoding::UrlSafe => engine.try_token_urlsafe(piece),
                TokenEncoding::Base64 => engine.try_token_base64(piece),
                TokenEncoding::Base32 => engine.try_token_base32(piece),
            }?);
            out.write(text.as_bytes())?;
            left -= piece as u64;
        }
        out.write(b"\n")?;
    }
    out.finish()
}

/// The largest `K` accepted by `randbits`: 2^20 bits, a 315,653-digit number
/// that still prints in well under a second.
pub const MAX_RANDBITS: u64 = 1 << 20;

/// Runs `randbelow N`.
pub fn randbelow(engine: &mut Engine, args: &RandbelowArgs) -> Result<(), CliError> {
    let (negative, bound) = parse_integer(&args.bound)
        .map_err(|why| CliError::usage(format!("invalid N '{}': {why}", args.bound)))?;
    if negative || bound == BigUint::ZERO {
        // CPython's exact message for n <= 0.
        return Err(CliError::usage("Upper bound must be positive."));
    }
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let value = match u128::try_from(&bound) {
            Ok(small) => BigUint::from(engine.randbelow(small)?),
            Err(_) => engine.randbelow_big(&bound)?,
        };
        out.line(value.to_string().as_bytes())?;
    }
    out.finish()
}

/// Runs `randbits K`.
pub fn randbits(engine: &mut Engine, args: &RandbitsArgs) -> Result<(), CliError> {
    let (negative, bits) = parse_integer(&args.bits)
        .map_err(|why| CliError::usage(format!("invalid K '{}': {why}", args.bits)))?;
    if negative && bits != BigUint::ZERO {
        // CPython's exact message.
        return Err(CliError::usage("number of bits must be non-negative"));
    }
    let bits = u64::try_from(&bits)
        .ok()
        .filter(|&k| k <= MAX_RANDBITS)
        .ok_or_else(|| CliError::usage(format!("K is too large: at most {MAX_RANDBITS} bits")))?;
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let value = match u32::try_from(bits) {
            Ok(small) if small <= 128 => BigUint::from(engine.randbits(small)?),
            _ => engine.randbits_big(bits)?,
        };
        out.line(value.to_string().as_bytes())?;
    }
    out.finish()
}

/// Parses a whole number as Python's integer literals spell it: an optional
/// sign, decimal digits or `0x`/`0o`/`0b` digits, `_` between digits.
/// Returns whether it had a minus sign, and the magnitude.
fn parse_integer(text: &str) -> Result<(bool, BigUint), String> {
    if text.is_empty() {
        return Err("empty value: expected a whole number".to_owned());
    }
    if text.trim() != text {
        return Err("unexpected whitespace".to_owned());
    }
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest.strip_prefix('_').unwrap_or(rest))
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest.strip_prefix('_').unwrap_or(rest))
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest.strip_prefix('_').unwrap_or(rest))
    } else {
        (10, lower.as_str())
    };
    // The command's one digit grammar (`_` between digits), one message set.
    let clean = digit_groups(digits, radix).map_err(|why| {
        if why == not_a_number(10) {
            format!("{why} (or 0x/0o/0b digits)")
        } else {
            why
        }
    })?;
    let magnitude =
        BigUint::parse_bytes(clean.as_bytes(), radix).ok_or_else(|| not_a_number(radix))?;
    Ok((negative, magnitude))
}

/// Runs `choice ITEM...`: prints the chosen item's bytes unchanged.
pub fn choice(engine: &mut Engine, args: &ChoiceArgs) -> Result<(), CliError> {
    if args.items.is_empty() {
        // CPython's exact message.
        return Err(CliError::usage("Cannot choose from an empty sequence"));
    }
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let item = engine.choice(&args.items)?;
        out.line(&os_bytes(item))?;
    }
    out.finish()
}

/// The bytes of an argument: exact on Unix, lossy elsewhere.
pub fn os_bytes(text: &OsStr) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Cow::Borrowed(text.as_bytes())
    }
    #[cfg(not(unix))]
    {
        match text.to_string_lossy() {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }
    }
}

/// Runs `uuid [--v7] [-n COUNT]`.
pub fn uuid(engine: &mut Engine, args: &UuidArgs) -> Result<(), CliError> {
    let mut out = TextOut::new()?;
    for _ in 0..args.number {
        let id = if args.v7 {
            engine.try_uuid7_value()?
        } else {
            engine.try_uuid4_value()?
        };
        let mut text = secrets::Uuid::encode_buffer();
        out.line(id.hyphenated().encode_lower(&mut text).as_bytes())?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_parse_like_python_literals() {
        let big = |s: &str| {
            parse_integer(s).map(|(negative, v)| format!("{}{v}", if negative { "-" } else { "" }))
        };
        assert_eq!(big("0").as_deref(), Ok("0"));
        assert_eq!(big("-5").as_deref(), Ok("-5"));
        assert_eq!(big("+7").as_deref(), Ok("7"));
        assert_eq!(big("1_000_000").as_deref(), Ok("1000000"));
        assert_eq!(big("0xff").as_deref(), Ok("255"));
        assert_eq!(big("0XFF").as_deref(), Ok("255"));
        assert_eq!(big("0x_ff").as_deref(), Ok("255"));
        assert_eq!(big("0o17").as_deref(), Ok("15"));
        assert_eq!(big("0b101").as_deref(), Ok("5"));
        assert_eq!(
            big("340282366920938463463374607431768211456").as_deref(),
            Ok("340282366920938463463374607431768211456")
        );
        for bad in [
            "", "-", "abc", "1_", "_1", "1__0", "0x", "0xg", "1.5", " 1", "1e9", "--1",
        ] {
            assert!(parse_integer(bad).is_err(), "{bad:?}");
        }
    }
}
