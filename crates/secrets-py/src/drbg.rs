//! `rsecrets.drbg`: deterministic NIST SP 800-90A DRBGs, driven entirely by
//! the caller's inputs (test vectors, protocols that derive bytes from a
//! shared secret). Not for secrets of your own: use the module functions.
//!
//! # Structure
//!
//! [`Drbg`] is the base class: `generate`, `reseed`, prediction resistance
//! and the reseed counter, once, over any mechanism that implements
//! [`Sp80090a`]. Each mechanism is a subclass whose constructor only
//! validates its parameters and instantiates the raw mechanism
//! ([`CtrDrbg`]). Adding Hash_DRBG or HMAC_DRBG is: implement [`Sp80090a`]
//! for the raw type (four forwarding functions), and add a
//! `#[pyclass(extends = Drbg)]` with its constructor, registered in
//! [`register`] and exported by `python/rsecrets/drbg.py`.

use std::sync::{Mutex, PoisonError};

use pyo3::PyClassInitializer;
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};
use secrets::Error;
use secrets_ctr_drbg::{AesVariant, Config, MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL, aes};
use zeroize::Zeroizing;

use crate::errors;

create_exception!(
    rsecrets.drbg,
    ReseedRequired,
    PyRuntimeError,
    "The DRBG reached its reseed interval: call reseed() before generate()."
);

/// The dyn-compatible part of an SP 800-90A mechanism that the Python
/// classes drive (`secrets_drbg::Mechanism` has associated constants and
/// in-place instantiation, so it cannot be a trait object). Once a raw
/// mechanism implements `Mechanism`, one blanket impl can replace the
/// per-type ones below.
trait Sp80090a: Send {
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), Error>;
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), Error>;
    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), Error>;
    fn reseed_counter(&self) -> u64;
}

impl<C: AesVariant + Send> Sp80090a for secrets_ctr_drbg::CtrDrbg<C> {
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), Error> {
        secrets_ctr_drbg::CtrDrbg::reseed(self, entropy_input, additional_input)
    }

    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), Error> {
        secrets_ctr_drbg::CtrDrbg::generate(self, out, additional_input)
    }

    fn generate_with_prediction_resistance(
        &mut self,
        out: &mut [u8],
        entropy_input: &[u8],
        additional_input: &[u8],
    ) -> Result<(), Error> {
        secrets_ctr_drbg::CtrDrbg::generate_with_prediction_resistance(
            self,
            out,
            entropy_input,
            additional_input,
        )
    }

    fn reseed_counter(&self) -> u64 {
        secrets_ctr_drbg::CtrDrbg::reseed_counter(self)
    }
}

/// A mechanism's error as a Python exception: bad inputs and oversized
/// requests are `ValueError`, an exhausted reseed interval
/// [`ReseedRequired`].
fn drbg_error(error: Error) -> PyErr {
    match error {
        Error::RequestTooLarge { .. } => PyValueError::new_err(error.to_string()),
        Error::ReseedRequired => ReseedRequired::new_err(error.to_string()),
        other => errors::to_py(other),
    }
}

/// The bytes of a bytes-like argument (`bytes`, `bytearray`, `memoryview`),
/// copied into a buffer that is wiped after use; `None` is empty.
fn input_bytes(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Zeroizing<Vec<u8>>> {
    let Some(value) = value else {
        return Ok(Zeroizing::new(Vec::new()));
    };
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Zeroizing::new(bytes.as_bytes().to_vec()));
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Zeroizing::new(array.to_vec()));
    }
    if value.cast::<PyMemoryView>().is_ok() {
        let copy = value.call_method0("tobytes")?;
        return Ok(Zeroizing::new(copy.cast::<PyBytes>()?.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a bytes-like object (bytes, bytearray or memoryview), not '{}'",
        value.get_type().name()?
    )))
}

/// The base class of the deterministic DRBGs: `generate`, `reseed` and the
/// reseed counter over one instantiated mechanism.
///
/// The state sits behind a lock held only with the GIL (so a fork never
/// copies it locked); it is zeroized when the object is freed.
#[pyclass(subclass, frozen, module = "rsecrets.drbg")]
pub(crate) struct Drbg {
    state: Mutex<Box<dyn Sp80090a>>,
    prediction_resistance: bool,
    max_bytes_per_request: usize,
    description: String,
}

impl Drbg {
    fn new(
        state: Box<dyn Sp80090a>,
        prediction_resistance: bool,
        max_bytes_per_request: usize,
        description: String,
    ) -> Self {
        Drbg {
            state: Mutex::new(state),
            prediction_resistance,
            max_bytes_per_request,
            description,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Box<dyn Sp80090a>> {
        // The mechanisms validate before they change anything and do not
        // panic, so a poisoned lock still guards a consistent state.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl Drbg {
    /// Generate: `n` bytes (at most the mechanism's request limit), mixing
    /// in `additional_input`. A DRBG instantiated with prediction resistance
    /// takes fresh `entropy` on every call and reseeds from it first; one
    /// without refuses it.
    #[pyo3(
        signature = (n, additional_input=None, *, entropy=None),
        text_signature = "(self, n, additional_input=b'', *, entropy=None)"
    )]
    fn generate<'py>(
        &self,
        py: Python<'py>,
        n: isize,
        additional_input: Option<&Bound<'py, PyAny>>,
        entropy: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let n = usize::try_from(n).map_err(|_| PyValueError::new_err("n must not be negative"))?;
        if n > self.max_bytes_per_request {
            return Err(drbg_error(Error::RequestTooLarge {
                max_bytes: u64::try_from(self.max_bytes_per_request).unwrap_or(u64::MAX),
            }));
        }
        let additional_input = input_bytes(additional_input, "additional_input")?;
        let entropy = match (self.prediction_resistance, entropy) {
            (true, Some(entropy)) => Some(input_bytes(Some(entropy), "entropy")?),
            (false, None) => None,
            (true, None) => {
                return Err(PyValueError::new_err(
                    "this DRBG has prediction resistance: every generate() needs fresh entropy",
                ));
            }
            (false, Some(_)) => {
                return Err(PyValueError::new_err(
                    "entropy for generate() needs a DRBG instantiated with prediction_resistance=True",
                ));
            }
        };
        PyBytes::new_with(py, n, |out| {
            let mut state = self.state();
            match &entropy {
                Some(entropy) => {
                    state.generate_with_prediction_resistance(out, entropy, &additional_input)
                }
                None => state.generate(out, &additional_input),
            }
            .map_err(drbg_error)
        })
    }

    /// Reseed from fresh `entropy` and optional `additional_input`.
    #[pyo3(
        signature = (entropy, additional_input=None),
        text_signature = "(self, entropy, additional_input=b'')"
    )]
    fn reseed(
        &self,
        entropy: &Bound<'_, PyAny>,
        additional_input: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let entropy = input_bytes(Some(entropy), "entropy")?;
        let additional_input = input_bytes(additional_input, "additional_input")?;
        self.state()
            .reseed(&entropy, &additional_input)
            .map_err(drbg_error)
    }

    /// SP 800-90A's `reseed_counter`: 1 after instantiation or a reseed,
    /// plus one per generate.
    #[getter]
    fn reseed_counter(&self) -> u64 {
        self.state().reseed_counter()
    }

    /// Whether every generate reseeds from caller-supplied entropy first.
    #[getter]
    fn prediction_resistance(&self) -> bool {
        self.prediction_resistance
    }

    /// The most bytes one generate() returns.
    #[getter]
    fn max_bytes_per_request(&self) -> usize {
        self.max_bytes_per_request
    }

    fn __repr__(&self) -> String {
        self.description.clone()
    }
}

/// NIST SP 800-90A CTR_DRBG on AES-128, AES-192 or AES-256, with or without
/// the derivation function.
#[pyclass(extends = Drbg, frozen, module = "rsecrets.drbg")]
pub(crate) struct CtrDrbg;

/// Instantiates the raw mechanism for one AES variant, boxed.
fn instantiate_ctr<C: AesVariant + Send + 'static>(
    config: Config,
    entropy: &[u8],
    nonce: &[u8],
    personalization: &[u8],
) -> PyResult<Box<dyn Sp80090a>> {
    secrets_ctr_drbg::CtrDrbg::<C>::instantiate(config, entropy, nonce, personalization)
        .map(|drbg| Box::new(drbg) as Box<dyn Sp80090a>)
        .map_err(drbg_error)
}

#[pymethods]
impl CtrDrbg {
    /// Instantiate from `entropy`, `nonce` and `personalization` (bytes-like;
    /// the last two default to empty). With the derivation function the
    /// entropy is at least the security strength and the nonce at least half
    /// of it; without it the entropy is exactly seedlen bytes (32/40/48) of
    /// full entropy and there is no nonce.
    #[new]
    #[pyo3(
        signature = (entropy, nonce=None, personalization=None, *, key_bits=256, derivation_function=true, prediction_resistance=false, reseed_interval=MAX_RESEED_INTERVAL),
        text_signature = "(entropy, nonce=b'', personalization=b'', *, key_bits=256, derivation_function=True, prediction_resistance=False, reseed_interval=2**48)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        entropy: &Bound<'_, PyAny>,
        nonce: Option<&Bound<'_, PyAny>>,
        personalization: Option<&Bound<'_, PyAny>>,
        key_bits: u32,
        derivation_function: bool,
        prediction_resistance: bool,
        reseed_interval: u64,
    ) -> PyResult<PyClassInitializer<Self>> {
        let entropy = input_bytes(Some(entropy), "entropy")?;
        let nonce = input_bytes(nonce, "nonce")?;
        let personalization = input_bytes(personalization, "personalization")?;
        let config = if derivation_function {
            Config::with_df()
        } else {
            Config::without_df()
        }
        .reseed_interval(reseed_interval);
        let state = match key_bits {
            128 => instantiate_ctr::<aes::Aes128Enc>(config, &entropy, &nonce, &personalization),
            192 => instantiate_ctr::<aes::Aes192Enc>(config, &entropy, &nonce, &personalization),
            256 => instantiate_ctr::<aes::Aes256Enc>(config, &entropy, &nonce, &personalization),
            _ => Err(PyValueError::new_err("key_bits must be 128, 192 or 256")),
        }?;
        let description = format!(
            "CtrDrbg(key_bits={key_bits}, derivation_function={}, prediction_resistance={}) {{ .. }}",
            python_bool(derivation_function),
            python_bool(prediction_resistance),
        );
        Ok(PyClassInitializer::from(Drbg::new(
            state,
            prediction_resistance,
            MAX_BYTES_PER_REQUEST,
            description,
        ))
        .add_subclass(CtrDrbg))
    }
}

fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// Adds the DRBG classes and `ReseedRequired` to the extension module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Drbg>()?;
    module.add_class::<CtrDrbg>()?;
    module.add("ReseedRequired", module.py().get_type::<ReseedRequired>())?;
    Ok(())
}
