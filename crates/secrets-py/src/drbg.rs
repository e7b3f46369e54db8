//! `rsecrets.drbg`: deterministic NIST SP 800-90A DRBGs, driven entirely by
//! the caller's inputs (test vectors, protocols that derive bytes from a
//! shared secret). Not for secrets of your own: use the module functions.
//!
//! # Structure
//!
//! [`Drbg`] is the base class: `generate`, `reseed`, prediction resistance
//! and the reseed counter, once, over any instantiated mechanism as a
//! `Box<dyn Instance>`: the SP 800-90A functions every raw mechanism
//! implements once ([`Sp80090a`]) plus its reseed counter. Adding a
//! mechanism is a `#[pyclass(extends = Drbg)]` whose constructor validates
//! its parameters and calls [`instantiate`], registered in [`register`] and
//! exported by `python/rsecrets/drbg.py`.
//!
//! SHA-1 is the one exception: `HashDrbg<Sha1>` and `HmacDrbg<Sha1>`
//! deliberately do not implement `Mechanism` (no backend may ever be built on
//! them), so they are instantiated through the CAVP [`Functions`]
//! ([`instantiate_conformance_only`]). They are offered for NIST's CAVP
//! files, which test SHA-1 DRBGs too.

use std::sync::{Mutex, PoisonError};

use pyo3::PyClassInitializer;
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};
use secrets::Error;
use secrets_ctr_drbg::{AesVariant, Config, MAX_RESEED_INTERVAL, aes};
use secrets_drbg::cavp::Functions;
use secrets_drbg::{Mechanism, Sp80090a};
use secrets_hash_drbg::sha1::Sha1;
use secrets_hash_drbg::sha2::{Sha224, Sha256, Sha384, Sha512, Sha512_224, Sha512_256};
use secrets_hash_drbg::{HashDrbg, HashName, Sha};
use secrets_hmac_drbg::HmacDrbg;
use zeroize::Zeroizing;

use crate::errors;

create_exception!(
    rsecrets.drbg,
    ReseedRequired,
    PyRuntimeError,
    "The DRBG reached its reseed interval: call reseed() before generate()."
);

/// One instantiated mechanism as the Python classes drive it: its SP 800-90A
/// functions ([`Sp80090a`], dyn-compatible, unlike `Mechanism` with its
/// associated constants and in-place instantiation), plus SP 800-90A's
/// `reseed_counter`, which every raw mechanism keeps in its working state
/// but neither trait exposes (the engine keeps its own reseed policy).
trait Instance: Sp80090a + Send {
    fn reseed_counter(&self) -> u64;
}

impl<C: AesVariant> Instance for secrets_ctr_drbg::CtrDrbg<C> {
    fn reseed_counter(&self) -> u64 {
        secrets_ctr_drbg::CtrDrbg::reseed_counter(self)
    }
}

impl<H: Sha> Instance for HashDrbg<H> {
    fn reseed_counter(&self) -> u64 {
        HashDrbg::reseed_counter(self)
    }
}

impl<H: Sha> Instance for HmacDrbg<H> {
    fn reseed_counter(&self) -> u64 {
        HmacDrbg::reseed_counter(self)
    }
}

/// An instantiated mechanism and the most bytes one Generate call of it
/// returns.
type Instantiated = (Box<dyn Instance>, usize);

/// Instantiates mechanism `M` in place in its box (no copy of the state is
/// left behind by a move).
fn instantiate<M: Mechanism + Instance>(
    config: M::Config,
    inputs: &Inputs,
) -> PyResult<Instantiated> {
    let mut state = Box::new(M::empty(config));
    Mechanism::instantiate(
        &mut *state,
        &inputs.entropy,
        &inputs.nonce,
        &inputs.personalization,
    )
    .map_err(drbg_error)?;
    Ok((state, M::MAX_BYTES_PER_REQUEST))
}

/// Instantiates a raw mechanism that is not an engine `Mechanism` (SHA-1:
/// for NIST's CAVP files only) through its SP 800-90A functions. It is
/// instantiated by value (its type has no in-place instantiation) and then
/// boxed.
fn instantiate_conformance_only<D: Functions + Instance + 'static>(
    config: D::Config,
    inputs: &Inputs,
) -> PyResult<Instantiated> {
    let drbg = D::instantiate(
        config,
        &inputs.entropy,
        &inputs.nonce,
        &inputs.personalization,
    )
    .map_err(drbg_error)?;
    // Both SHA-1 DRBGs have SP 800-90A's 2^19-bit limit.
    Ok((Box::new(drbg), secrets_hash_drbg::MAX_BYTES_PER_REQUEST))
}

/// Instantiates `$drbg<H>` for the hash function `$name` names: SHA-2 as an
/// engine mechanism, SHA-1 through [`instantiate_conformance_only`]. (Exhaustive: a new hash
/// function in `HashName` does not compile until it has an arm.)
macro_rules! instantiate_with_hash {
    ($drbg:ident, $name:expr, $config:expr, $inputs:expr) => {
        match $name {
            HashName::Sha1 => instantiate_conformance_only::<$drbg<Sha1>>($config, $inputs),
            HashName::Sha224 => instantiate::<$drbg<Sha224>>($config, $inputs),
            HashName::Sha256 => instantiate::<$drbg<Sha256>>($config, $inputs),
            HashName::Sha384 => instantiate::<$drbg<Sha384>>($config, $inputs),
            HashName::Sha512 => instantiate::<$drbg<Sha512>>($config, $inputs),
            HashName::Sha512_224 => instantiate::<$drbg<Sha512_224>>($config, $inputs),
            HashName::Sha512_256 => instantiate::<$drbg<Sha512_256>>($config, $inputs),
        }
    };
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

/// The instantiation inputs of every class, as the constructors take them
/// (bytes-like; `nonce` and `personalization` default to empty).
struct Inputs {
    entropy: Zeroizing<Vec<u8>>,
    nonce: Zeroizing<Vec<u8>>,
    personalization: Zeroizing<Vec<u8>>,
}

impl Inputs {
    fn new(
        entropy: &Bound<'_, PyAny>,
        nonce: Option<&Bound<'_, PyAny>>,
        personalization: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Inputs {
            entropy: input_bytes(Some(entropy), "entropy")?,
            nonce: input_bytes(nonce, "nonce")?,
            personalization: input_bytes(personalization, "personalization")?,
        })
    }
}

/// The base class of the deterministic DRBGs: `generate`, `reseed` and the
/// reseed counter over one instantiated mechanism.
///
/// The state sits behind a lock held only with the GIL (so a fork never
/// copies it locked); it is zeroized when the object is freed.
#[pyclass(subclass, frozen, module = "rsecrets.drbg")]
pub(crate) struct Drbg {
    state: Mutex<Box<dyn Instance>>,
    prediction_resistance: bool,
    max_bytes_per_request: usize,
    description: String,
}

impl Drbg {
    /// The base of a subclass: `description` is its `repr` (parameters
    /// only, never state).
    fn initializer(
        (state, max_bytes_per_request): Instantiated,
        prediction_resistance: bool,
        description: String,
    ) -> PyClassInitializer<Self> {
        PyClassInitializer::from(Drbg {
            max_bytes_per_request,
            state: Mutex::new(state),
            prediction_resistance,
            description,
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Box<dyn Instance>> {
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
        let inputs = Inputs::new(entropy, nonce, personalization)?;
        let config = if derivation_function {
            Config::with_df()
        } else {
            Config::without_df()
        }
        .reseed_interval(reseed_interval);
        use secrets_ctr_drbg::CtrDrbg as Ctr;
        let state = match key_bits {
            128 => instantiate::<Ctr<aes::Aes128Enc>>(config, &inputs),
            192 => instantiate::<Ctr<aes::Aes192Enc>>(config, &inputs),
            256 => instantiate::<Ctr<aes::Aes256Enc>>(config, &inputs),
            _ => Err(PyValueError::new_err("key_bits must be 128, 192 or 256")),
        }?;
        let description = format!(
            "CtrDrbg(key_bits={key_bits}, derivation_function={}, prediction_resistance={}) {{ .. }}",
            python_bool(derivation_function),
            python_bool(prediction_resistance),
        );
        Ok(Drbg::initializer(state, prediction_resistance, description).add_subclass(CtrDrbg))
    }
}

/// The hash function a `hash=` argument names (`"SHA-256"`, as FIPS 180-4
/// and the CAVP files write it), or `ValueError` listing the valid names.
fn hash_name(label: &str) -> PyResult<HashName> {
    HashName::from_label(label).ok_or_else(|| {
        let valid: Vec<String> = HashName::ALL
            .iter()
            .map(|name| format!("'{}'", name.label()))
            .collect();
        PyValueError::new_err(format!(
            "hash must be one of {}, not '{label}'",
            valid.join(", ")
        ))
    })
}

/// The `repr` of a hash-based DRBG: its class and parameters, never state.
fn hashed_description(class: &str, hash: HashName, prediction_resistance: bool) -> String {
    format!(
        "{class}(hash='{}', prediction_resistance={}) {{ .. }}",
        hash.label(),
        python_bool(prediction_resistance)
    )
}

/// Defines the Python class `$name` over the hash-based mechanism `$drbg`
/// (Hash_DRBG, HMAC_DRBG): the same parameters, rules and `repr` for both.
macro_rules! hashed_drbg_class {
    ($(#[$doc:meta])* $class:ident = $name:tt, $drbg:ident, $config:ty) => {
        $(#[$doc])*
        #[pyclass(extends = Drbg, frozen, module = "rsecrets.drbg", name = $name)]
        pub(crate) struct $class;

        #[pymethods]
        impl $class {
            /// Instantiate from `entropy` (at least the security strength: 16 bytes
            /// for SHA-1, 24 for SHA-224 and SHA-512/224, 32 for the others),
            /// `nonce` (at least half of it) and `personalization`.
            #[new]
            #[pyo3(
                signature = (entropy, nonce=None, personalization=None, *, hash="SHA-256", prediction_resistance=false, reseed_interval=MAX_RESEED_INTERVAL),
                text_signature = "(entropy, nonce=b'', personalization=b'', *, hash='SHA-256', prediction_resistance=False, reseed_interval=2**48)"
            )]
            fn new(
                entropy: &Bound<'_, PyAny>,
                nonce: Option<&Bound<'_, PyAny>>,
                personalization: Option<&Bound<'_, PyAny>>,
                hash: &str,
                prediction_resistance: bool,
                reseed_interval: u64,
            ) -> PyResult<PyClassInitializer<Self>> {
                let inputs = Inputs::new(entropy, nonce, personalization)?;
                let hash = hash_name(hash)?;
                let config = <$config>::new().reseed_interval(reseed_interval);
                let state = instantiate_with_hash!($drbg, hash, config, &inputs)?;
                let description = hashed_description($name, hash, prediction_resistance);
                Ok(Drbg::initializer(state, prediction_resistance, description).add_subclass($class))
            }
        }
    };
}

hashed_drbg_class!(
    /// NIST SP 800-90A Hash_DRBG on SHA-224, SHA-256, SHA-384, SHA-512,
    /// SHA-512/224 or SHA-512/256; SHA-1 for NIST's CAVP files only.
    PyHashDrbg = "HashDrbg",
    HashDrbg,
    secrets_hash_drbg::Config
);

hashed_drbg_class!(
    /// NIST SP 800-90A HMAC_DRBG on SHA-224, SHA-256, SHA-384, SHA-512,
    /// SHA-512/224 or SHA-512/256; SHA-1 for NIST's CAVP files only.
    PyHmacDrbg = "HmacDrbg",
    HmacDrbg,
    secrets_hmac_drbg::Config
);

fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// Adds the DRBG classes and `ReseedRequired` to the extension module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Drbg>()?;
    module.add_class::<CtrDrbg>()?;
    module.add_class::<PyHashDrbg>()?;
    module.add_class::<PyHmacDrbg>()?;
    module.add("ReseedRequired", module.py().get_type::<ReseedRequired>())?;
    Ok(())
}
