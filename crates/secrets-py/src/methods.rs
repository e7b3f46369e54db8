//! The Python surface of a [`Source`]: CPython's `secrets` functions and
//! `SystemRandom`'s primitives, plus passwords, passphrases and UUIDs.
//!
//! Each method has a native fast path for the inputs programs pass (an
//! `int`, a `list` or `tuple`, `None`), with CPython's checks and messages.
//! Inputs outside it (an `int` subclass, a float, a custom sequence, an empty
//! one) take the running interpreter's own code — `Random._randbelow`,
//! `Random.choice`, or Python operators in `getrandbits` — drawing through
//! the same source, so they raise and return exactly what CPython's
//! `secrets` does on that version, including where versions differ
//! (`choice([])` is "list index out of range" on 3.9 and 3.10).

use std::convert::Infallible;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use secrets::{CharClasses, Encoding, PassphrasePolicy, PasswordPolicy, Secrets, Wordlist};
use zeroize::Zeroizing;

use crate::errors::{
    self, FLOAT_SIZE_PY39, NEGATIVE_BITS, NEGATIVE_SIZE, NON_POSITIVE_BITS_PY38, SIZE_OVERFLOW,
};
use crate::errors::{UPPER_BOUND_NOT_POSITIVE, out_of_memory};
use crate::source::Source;
use crate::version;

/// Tokens of up to this many random bytes are drawn and encoded in stack
/// buffers; longer ones on the heap. Both are wiped.
const STACK_BYTES: usize = 64;
/// The longest encoding of [`STACK_BYTES`] bytes (hex).
const STACK_TEXT: usize = 2 * STACK_BYTES;

/// Passwords and passphrases this long or longer are drawn without the GIL.
const DETACH_FROM_CHARS: usize = 4096;

/// A stack buffer wiped when dropped: a plain fill kept alive by
/// `black_box`, as the facade wipes its token buffers (byte-wise volatile
/// writes would cost more than the draw on this hot path).
struct Scratch<const N: usize>([u8; N]);

impl<const N: usize> Scratch<N> {
    fn new() -> Self {
        Scratch([0; N])
    }
}

impl<const N: usize> Drop for Scratch<N> {
    fn drop(&mut self) {
        self.0.fill(0);
        core::hint::black_box(&mut self.0);
    }
}

/// A zeroed heap buffer, wiped when dropped; `MemoryError` if it cannot be
/// allocated.
fn zeroed(len: usize) -> PyResult<Zeroizing<Vec<u8>>> {
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).map_err(|_| out_of_memory())?;
    buffer.resize(len, 0);
    Ok(Zeroizing::new(buffer))
}

/// The byte count `os.urandom(n)` would accept: `None` is
/// `DEFAULT_ENTROPY`; anything with `__index__`; `OverflowError` beyond
/// `Py_ssize_t` and `ValueError` below zero, with CPython's messages.
fn byte_count(nbytes: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
    let Some(nbytes) = nbytes else {
        return Ok(secrets::DEFAULT_ENTROPY);
    };
    // The common case first: a plain `int` from 0 to `Py_ssize_t`'s maximum.
    if nbytes.is_exact_instance_of::<PyInt>()
        && let Ok(count) = nbytes.extract::<isize>()
        && let Ok(count) = usize::try_from(count)
    {
        return Ok(count);
    }
    if version::floats_refused_by_name() && nbytes.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(FLOAT_SIZE_PY39));
    }
    let count: isize = nbytes.extract().map_err(|error: PyErr| {
        if error.is_instance_of::<PyOverflowError>(nbytes.py()) {
            PyOverflowError::new_err(SIZE_OVERFLOW)
        } else {
            error
        }
    })?;
    usize::try_from(count).map_err(|_| PyValueError::new_err(NEGATIVE_SIZE))
}

/// True for `int` and `bool` themselves: types whose comparisons and
/// `bit_length` no subclass has overridden, so the native path is exact.
fn is_plain_int(value: &Bound<'_, PyAny>) -> bool {
    value.is_exact_instance_of::<PyInt>() || value.is_exact_instance_of::<PyBool>()
}

/// A Python `int` from a Rust integer.
fn int<'py, T>(py: Python<'py>, value: T) -> Bound<'py, PyAny>
where
    T: IntoPyObject<'py, Target = PyInt, Output = Bound<'py, PyInt>, Error = Infallible>,
{
    match value.into_pyobject(py) {
        Ok(value) => value.into_any(),
        Err(never) => match never {},
    }
}

/// The mask that keeps the low `bits % 8` bits of the top byte (all of
/// them for a multiple of 8).
fn top_byte_mask(bits: u64) -> u8 {
    match bits % 8 {
        0 => 0xff,
        partial => (1u8 << partial) - 1,
    }
}

/// `ValueError` for a refused bit count, with this version's message.
fn bits_error() -> PyErr {
    PyValueError::new_err(if version::is_py38() {
        NON_POSITIVE_BITS_PY38
    } else {
        NEGATIVE_BITS
    })
}

/// An attribute of a module (`path` from the module down).
fn attribute<'py>(py: Python<'py>, module: &str, path: &[&str]) -> PyResult<Bound<'py, PyAny>> {
    let mut object = py.import(module)?.into_any();
    for name in path {
        object = object.getattr(*name)?;
    }
    Ok(object)
}

/// A function `$name(py)` returning the object `$init(py)` makes, made
/// once per process and kept.
macro_rules! kept {
    ($(#[$doc:meta])* fn $name:ident = $init:expr;) => {
        $(#[$doc])*
        fn $name(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
            static KEPT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            KEPT.get_or_try_init(py, || $init(py).map(Bound::unbind))
                .map(|object| object.bind(py))
        }
    };
}

kept! {
    /// `int.from_bytes`.
    fn int_from_bytes = |py| attribute(py, "builtins", &["int", "from_bytes"]);
}

kept! {
    /// The `int` 2^64.
    fn two_to_the_64 = |py| Ok::<_, PyErr>(int(py, u128::from(u64::MAX) + 1));
}

kept! {
    /// The interpreter's own `random.Random.choice`.
    fn interpreter_choice = |py| attribute(py, "random", &["Random", "choice"]);
}

kept! {
    /// `uuid.UUID`.
    fn uuid_class = |py| attribute(py, "uuid", &["UUID"]);
}

/// A password policy from the keyword arguments of `password()`.
fn password_policy(
    length: isize,
    classes: Option<&Bound<'_, PyAny>>,
    alphabet: Option<String>,
    require_each: bool,
    exclude_ambiguous: bool,
) -> PyResult<PasswordPolicy> {
    let classes = match classes {
        None => CharClasses::ALL,
        Some(classes) => {
            let list = match classes.cast::<PyString>() {
                Ok(text) => text.to_cow()?.into_owned(),
                Err(_) => classes.extract::<Vec<String>>()?.join(","),
            };
            CharClasses::parse(&list).map_err(errors::to_py)?
        }
    };
    Ok(PasswordPolicy {
        // Negative lengths are refused as 0 is, with the policy's message.
        length: usize::try_from(length).unwrap_or(0),
        classes,
        require_each,
        exclude_ambiguous,
        alphabet,
    })
}

/// A passphrase policy from the keyword arguments of `passphrase()`.
fn passphrase_policy(
    words: isize,
    separator: String,
    wordlist: Option<&Bound<'_, PyAny>>,
) -> PyResult<PassphrasePolicy> {
    let wordlist = match wordlist {
        None => Wordlist::EffLarge,
        Some(list) => match list.cast::<PyString>() {
            Ok(name) => match &*name.to_cow()? {
                "eff-large" => Wordlist::EffLarge,
                "eff-short" => Wordlist::EffShort,
                _ => {
                    return Err(PyValueError::new_err(
                        "wordlist must be 'eff-large', 'eff-short' or a sequence of words",
                    ));
                }
            },
            Err(_) => Wordlist::Custom(list.extract::<Vec<String>>()?),
        },
    };
    Ok(PassphrasePolicy {
        words: usize::try_from(words).unwrap_or(0),
        separator,
        wordlist,
    })
}

/// `password_entropy(...)`: the exact entropy in bits of `password(...)`
/// with the same arguments.
#[pyfunction]
#[pyo3(signature = (length=20, *, classes=None, alphabet=None, require_each=false, exclude_ambiguous=false))]
pub(crate) fn password_entropy(
    length: isize,
    classes: Option<&Bound<'_, PyAny>>,
    alphabet: Option<String>,
    require_each: bool,
    exclude_ambiguous: bool,
) -> PyResult<f64> {
    password_policy(length, classes, alphabet, require_each, exclude_ambiguous)?
        .entropy_bits()
        .map_err(errors::to_py)
}

/// `passphrase_entropy(...)`: the entropy in bits of `passphrase(...)` with
/// the same arguments.
#[pyfunction]
#[pyo3(
    signature = (words=6, *, separator=String::from(" "), wordlist=None),
    text_signature = "(words=6, *, separator=' ', wordlist=None)"
)]
pub(crate) fn passphrase_entropy(
    words: isize,
    separator: String,
    wordlist: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    passphrase_policy(words, separator, wordlist)?
        .entropy_bits()
        .map_err(errors::to_py)
}

impl Source {
    /// `nbytes` random bytes as a `bytes` object.
    fn bytes<'py>(&self, py: Python<'py>, nbytes: usize) -> PyResult<Bound<'py, PyBytes>> {
        PyBytes::new_with(py, nbytes, |buffer| self.fill(py, buffer))
    }

    /// `nbytes` random bytes in `encoding`, as a `str`.
    fn text<'py>(
        &self,
        py: Python<'py>,
        nbytes: Option<&Bound<'py, PyAny>>,
        encoding: Encoding,
    ) -> PyResult<Bound<'py, PyString>> {
        let nbytes = byte_count(nbytes)?;
        if nbytes <= STACK_BYTES {
            let mut raw = Scratch::<STACK_BYTES>::new();
            let mut text = Scratch::<STACK_TEXT>::new();
            let raw = &mut raw.0[..nbytes];
            self.fill(py, raw)?;
            let text = encoding
                .encode_into(raw, &mut text.0)
                .map_err(errors::to_py)?;
            return Ok(PyString::new(py, text));
        }
        let text_len = encoding.encoded_len(nbytes).ok_or_else(out_of_memory)?;
        let mut raw = zeroed(nbytes)?;
        self.fill(py, &mut raw)?;
        let mut text = zeroed(text_len)?;
        let text = encoding
            .encode_into(&raw, &mut text)
            .map_err(errors::to_py)?;
        Ok(PyString::new(py, text))
    }

    /// A uniform index below `len`, or `None` for an empty sequence.
    fn index_below(&self, py: Python<'_>, len: usize) -> PyResult<Option<usize>> {
        if len == 0 {
            return Ok(None);
        }
        self.run(py, false, |rng| Secrets::new(rng).randbelow(len))
            .map(Some)
    }

    /// An `int` with `bits` random bits (more than 128), through
    /// `int.from_bytes` of a little-endian buffer with its top bits masked.
    fn big_randbits<'py>(&self, py: Python<'py>, bits: u64) -> PyResult<Bound<'py, PyAny>> {
        let nbytes = usize::try_from(bits.div_ceil(8)).map_err(|_| out_of_memory())?;
        let mask = top_byte_mask(bits);
        let raw = PyBytes::new_with(py, nbytes, |buffer| {
            self.fill(py, buffer)?;
            if let Some(top) = buffer.last_mut() {
                *top &= mask;
            }
            Ok(())
        })?;
        int_from_bytes(py)?.call1((raw, intern!(py, "little")))
    }

    /// `randbelow` of an `int` beyond 64 bits: CPython's method (and the
    /// facade's `randbelow_big`): `bit_length(bound)` random bits, redrawn
    /// until below the bound. Each draw is accepted with probability above
    /// 1/2; the result is exactly uniform.
    fn big_randbelow<'py>(
        &self,
        py: Python<'py>,
        bound: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bits: u64 = bound.call_method0(intern!(py, "bit_length"))?.extract()?;
        loop {
            let candidate = self.big_randbits(py, bits)?;
            if candidate.lt(bound)? {
                return Ok(candidate);
            }
        }
    }

    /// `getrandbits` for arguments other than a plain `int` of 64 bits:
    /// CPython's own steps with Python operators, so that every type and
    /// size behaves (and fails) as it does there.
    fn generic_getrandbits<'py>(
        &self,
        py: Python<'py>,
        k: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let refused = if version::is_py38() {
            k.le(0)?
        } else {
            k.lt(0)?
        };
        if refused {
            return Err(bits_error());
        }
        let numbytes = k.add(7)?.floor_div(8)?;
        let raw = self.bytes(py, byte_count(Some(&numbytes))?)?;
        let value = int_from_bytes(py)?.call1((raw, intern!(py, "big")))?;
        value.rshift(numbytes.mul(8)?.sub(k)?)
    }
}

#[pymethods]
impl Source {
    /// A source following the module default (`backend=None`) or owning an
    /// instance of the named backend.
    #[new]
    #[pyo3(signature = (backend=None))]
    fn py_new(py: Python<'_>, backend: Option<&str>) -> PyResult<Self> {
        Source::new(py, backend)
    }

    /// Records the `random.Random` object presenting this source; inputs
    /// outside the native fast paths go through its methods.
    fn _bind(&self, owner: &Bound<'_, PyAny>) -> PyResult<()> {
        self.bind(owner)
    }

    /// The name of the backend draws come from.
    #[getter]
    fn backend(&self) -> &'static str {
        self.backend_name()
    }

    fn __repr__(&self) -> String {
        format!("_Source(backend='{}')", self.backend_name())
    }

    /// `nbytes` random bytes (`DEFAULT_ENTROPY` when `None`).
    #[pyo3(signature = (nbytes=None))]
    fn token_bytes<'py>(
        &self,
        py: Python<'py>,
        nbytes: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.bytes(py, byte_count(nbytes)?)
    }

    /// `nbytes` random bytes as `2 * nbytes` lowercase hex digits.
    #[pyo3(signature = (nbytes=None))]
    fn token_hex<'py>(
        &self,
        py: Python<'py>,
        nbytes: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyString>> {
        self.text(py, nbytes, Encoding::HexLower)
    }

    /// `nbytes` random bytes as URL-safe base64 without `=` padding.
    #[pyo3(signature = (nbytes=None))]
    fn token_urlsafe<'py>(
        &self,
        py: Python<'py>,
        nbytes: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyString>> {
        self.text(py, nbytes, Encoding::Base64UrlNoPad)
    }

    /// A uniformly random `int` in `range(exclusive_upper_bound)`, of any
    /// size; `ValueError("Upper bound must be positive.")` otherwise.
    fn randbelow<'py>(
        &self,
        py: Python<'py>,
        exclusive_upper_bound: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bound = exclusive_upper_bound;
        if is_plain_int(bound) {
            // One comparison routes the bound: below 2^64 it converts
            // without an exception (negative ones fail the conversion and
            // are refused either way); beyond, the big-integer path.
            if !bound.lt(two_to_the_64(py)?)? {
                return self.big_randbelow(py, bound);
            }
            return match bound.extract::<u64>() {
                Ok(bound) if bound > 0 => {
                    let value = self.run(py, false, |rng| Secrets::new(rng).randbelow(bound))?;
                    Ok(int(py, value))
                }
                _ => Err(PyValueError::new_err(UPPER_BOUND_NOT_POSITIVE)),
            };
        }
        // CPython's `secrets.randbelow`, word for word.
        if bound.le(0)? {
            return Err(PyValueError::new_err(UPPER_BOUND_NOT_POSITIVE));
        }
        self.owner(py)?
            .call_method1(intern!(py, "_randbelow"), (bound,))
    }

    /// An `int` with `k` random bits (`SystemRandom.getrandbits`; the
    /// module's `randbits`).
    fn getrandbits<'py>(
        &self,
        py: Python<'py>,
        k: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if !is_plain_int(k) {
            return self.generic_getrandbits(py, k);
        }
        let Ok(bits) = k.extract::<i64>() else {
            // Beyond 64 bits: CPython's steps decide between ValueError,
            // MemoryError and OverflowError.
            return self.generic_getrandbits(py, k);
        };
        let bits = match u64::try_from(bits) {
            Ok(bits) if bits > 0 || !version::is_py38() => bits,
            _ => return Err(bits_error()),
        };
        match u32::try_from(bits) {
            Ok(small) if small <= 128 => {
                let value = self.run(py, false, |rng| Secrets::new(rng).randbits(small))?;
                Ok(match u64::try_from(value) {
                    Ok(word) => int(py, word),
                    Err(_) => int(py, value),
                })
            }
            _ => self.big_randbits(py, bits),
        }
    }

    /// A uniformly chosen element of a non-empty sequence.
    fn choice<'py>(&self, py: Python<'py>, seq: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(list) = seq.cast_exact::<PyList>() {
            if let Some(index) = self.index_below(py, list.len())? {
                return list.get_item(index);
            }
        } else if let Ok(tuple) = seq.cast_exact::<PyTuple>()
            && let Some(index) = self.index_below(py, tuple.len())?
        {
            return tuple.get_item(index);
        }
        // Other sequences, and empty ones (whose error differs between
        // versions): the interpreter's own `Random.choice`.
        interpreter_choice(py)?.call1((self.owner(py)?, seq))
    }

    /// A float uniformly distributed on the multiples of 2^-53 in [0, 1).
    fn random(&self, py: Python<'_>) -> PyResult<f64> {
        self.run(py, false, |rng| Secrets::new(rng).random())
    }

    /// `n` random bytes (`SystemRandom.randbytes`).
    fn randbytes<'py>(
        &self,
        py: Python<'py>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.bytes(py, byte_count(Some(n))?)
    }

    /// A password: `length` characters drawn uniformly from the `classes`
    /// (`lower`, `upper`, `digits`, `symbols`; all by default) or from a
    /// custom `alphabet`; see the facade's `PasswordPolicy`.
    #[pyo3(signature = (length=20, *, classes=None, alphabet=None, require_each=false, exclude_ambiguous=false))]
    fn password<'py>(
        &self,
        py: Python<'py>,
        length: isize,
        classes: Option<&Bound<'py, PyAny>>,
        alphabet: Option<String>,
        require_each: bool,
        exclude_ambiguous: bool,
    ) -> PyResult<Bound<'py, PyString>> {
        let policy = password_policy(length, classes, alphabet, require_each, exclude_ambiguous)?;
        let detach = policy.length >= DETACH_FROM_CHARS;
        let password =
            Zeroizing::new(self.run(py, detach, |rng| Secrets::new(rng).password(&policy))?);
        Ok(PyString::new(py, &password))
    }

    /// A passphrase: `words` words drawn uniformly from the EFF large list
    /// (or `'eff-short'`, or a sequence of your own words), joined by
    /// `separator`.
    #[pyo3(
        signature = (words=6, *, separator=String::from(" "), wordlist=None),
        text_signature = "($self, words=6, *, separator=' ', wordlist=None)"
    )]
    fn passphrase<'py>(
        &self,
        py: Python<'py>,
        words: isize,
        separator: String,
        wordlist: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyString>> {
        let policy = passphrase_policy(words, separator, wordlist)?;
        let detach = policy.words >= DETACH_FROM_CHARS;
        let phrase =
            Zeroizing::new(self.run(py, detach, |rng| Secrets::new(rng).passphrase(&policy))?);
        Ok(PyString::new(py, &phrase))
    }

    /// A random (version 4) `uuid.UUID`.
    fn uuid4<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = self.run(py, false, |rng| Secrets::new(rng).try_uuid4_bytes())?;
        new_uuid(py, &bytes)
    }

    /// A time-ordered (version 7) `uuid.UUID`.
    fn uuid7<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = self.run(py, false, |rng| Secrets::new(rng).try_uuid7_bytes())?;
        new_uuid(py, &bytes)
    }
}

/// `uuid.UUID(bytes=...)`.
fn new_uuid<'py>(py: Python<'py>, bytes: &[u8; 16]) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item(intern!(py, "bytes"), PyBytes::new(py, bytes))?;
    uuid_class(py)?.call((), Some(&kwargs))
}
