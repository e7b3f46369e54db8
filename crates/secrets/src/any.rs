//! [`AnyBackend`]: every compiled backend behind one type, picked by name at
//! run time, and the table of compiled backends the CLI prints.

use core::fmt;

use rand_core::{TryCryptoRng, TryRng};
use secrets_core::{BACKEND_NAMES, Backend, BackendKind};

use crate::Error;

/// One of the backends compiled into this build, chosen by its stable name.
///
/// Dispatch is a `match` (no allocation, no virtual call). Which variants
/// exist depends on the backend features (`os`, `rdrand`, `chacha`,
/// `ctr-drbg`); every compiled backend is available here whatever the default
/// backend of the free functions is.
#[non_exhaustive]
pub enum AnyBackend {
    /// `"os"`: the operating system (feature `os`).
    #[cfg(feature = "os")]
    Os(secrets_os::OsRng),
    /// `"rdrand"`: the CPU's RDRAND, health-tested (feature `rdrand`).
    #[cfg(feature = "rdrand")]
    RdRand(secrets_rdrand::RdRand),
    /// `"rdseed"`: the CPU's RDSEED, health-tested (feature `rdrand`).
    #[cfg(feature = "rdrand")]
    RdSeed(secrets_rdrand::RdSeed),
    /// `"chacha8"`: ChaCha8 DRBG seeded from the OS (feature `chacha`).
    #[cfg(feature = "chacha")]
    ChaCha8(secrets_chacha::ChaCha8Drbg),
    /// `"chacha12"`: ChaCha12 DRBG seeded from the OS (feature `chacha`).
    #[cfg(feature = "chacha")]
    ChaCha12(secrets_chacha::ChaCha12Drbg),
    /// `"chacha20"`: ChaCha20 DRBG seeded from the OS (feature `chacha`).
    #[cfg(feature = "chacha")]
    ChaCha20(secrets_chacha::ChaCha20Drbg),
    /// `"ctr-drbg-aes128"`: SP 800-90A CTR_DRBG on AES-128 (feature `ctr-drbg`).
    #[cfg(feature = "ctr-drbg")]
    CtrDrbgAes128(secrets_ctr_drbg::CtrDrbgAes128Rng),
    /// `"ctr-drbg-aes256"`: SP 800-90A CTR_DRBG on AES-256 (feature `ctr-drbg`).
    #[cfg(feature = "ctr-drbg")]
    CtrDrbgAes256(secrets_ctr_drbg::CtrDrbgAes256Rng),
}

/// Runs `$body` with `$b` bound to the inner backend, whatever the variant.
macro_rules! dispatch {
    ($self:expr, $b:ident => $body:expr) => {
        match $self {
            #[cfg(feature = "os")]
            AnyBackend::Os($b) => $body,
            #[cfg(feature = "rdrand")]
            AnyBackend::RdRand($b) => $body,
            #[cfg(feature = "rdrand")]
            AnyBackend::RdSeed($b) => $body,
            #[cfg(feature = "chacha")]
            AnyBackend::ChaCha8($b) => $body,
            #[cfg(feature = "chacha")]
            AnyBackend::ChaCha12($b) => $body,
            #[cfg(feature = "chacha")]
            AnyBackend::ChaCha20($b) => $body,
            #[cfg(feature = "ctr-drbg")]
            AnyBackend::CtrDrbgAes128($b) => $body,
            #[cfg(feature = "ctr-drbg")]
            AnyBackend::CtrDrbgAes256($b) => $body,
            // Only in a build with no backend, which `select.rs` already
            // rejects with a clear compile error; keeps that error alone.
            #[cfg(not(any(
                feature = "os",
                feature = "rdrand",
                feature = "chacha",
                feature = "ctr-drbg"
            )))]
            _ => unreachable!("no backend is compiled in"),
        }
    };
}

/// The message for a name that is none of ours (the names are fixed, so the
/// list can be static).
const UNKNOWN_NAME: &str = "unknown backend; valid names are os, rdrand, rdseed, chacha8, \
     chacha12, chacha20, ctr-drbg-aes128, ctr-drbg-aes256";

/// The cargo feature of this crate that compiles the backend `name` in.
const fn feature_of(name: &str) -> &'static str {
    match name.as_bytes() {
        b"os" => "os",
        b"rdrand" | b"rdseed" => "rdrand",
        b"chacha8" | b"chacha12" | b"chacha20" => "chacha",
        _ => "ctr-drbg",
    }
}

/// Why a known backend is missing from this build.
const fn not_compiled_reason(feature: &str) -> &'static str {
    match feature.as_bytes() {
        b"os" => "not compiled in: enable the `os` feature of the `secrets` crate",
        b"rdrand" => "not compiled in: enable the `rdrand` feature of the `secrets` crate",
        b"chacha" => "not compiled in: enable the `chacha` feature of the `secrets` crate",
        _ => "not compiled in: enable the `ctr-drbg` feature of the `secrets` crate",
    }
}

impl AnyBackend {
    /// Constructs the backend with the stable name `name` (one of
    /// [`BACKEND_NAMES`]): seeds a DRBG from the OS, checks a hardware
    /// backend's availability and runs its start-up self-test.
    ///
    /// Errors: an unknown name is [`Error::InvalidArgument`] (listing the
    /// valid names); a known backend that is not compiled in or cannot run on
    /// this machine is [`Error::Unavailable`] saying why.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        let Some(&name) = BACKEND_NAMES.iter().find(|known| **known == name) else {
            return Err(Error::invalid("backend", UNKNOWN_NAME));
        };
        match name {
            #[cfg(feature = "os")]
            "os" => secrets_os::OsRng::new().map(AnyBackend::Os),
            #[cfg(feature = "rdrand")]
            "rdrand" => secrets_rdrand::RdRand::new().map(AnyBackend::RdRand),
            #[cfg(feature = "rdrand")]
            "rdseed" => secrets_rdrand::RdSeed::new().map(AnyBackend::RdSeed),
            #[cfg(feature = "chacha")]
            "chacha8" => secrets_chacha::ChaCha8Drbg::new().map(AnyBackend::ChaCha8),
            #[cfg(feature = "chacha")]
            "chacha12" => secrets_chacha::ChaCha12Drbg::new().map(AnyBackend::ChaCha12),
            #[cfg(feature = "chacha")]
            "chacha20" => secrets_chacha::ChaCha20Drbg::new().map(AnyBackend::ChaCha20),
            #[cfg(feature = "ctr-drbg")]
            "ctr-drbg-aes128" => {
                secrets_ctr_drbg::CtrDrbgAes128Rng::new().map(AnyBackend::CtrDrbgAes128)
            }
            #[cfg(feature = "ctr-drbg")]
            "ctr-drbg-aes256" => {
                secrets_ctr_drbg::CtrDrbgAes256Rng::new().map(AnyBackend::CtrDrbgAes256)
            }
            other => Err(Error::unavailable(
                other,
                not_compiled_reason(feature_of(other)),
            )),
        }
    }

    /// The default backend of the free functions, as a fresh instance.
    pub fn new_default() -> Result<Self, Error> {
        Self::from_name(default_backend_name())
    }
}

impl fmt::Debug for AnyBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyBackend")
            .field("backend", &self.name())
            .finish_non_exhaustive()
    }
}

impl TryRng for AnyBackend {
    type Error = Error;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        dispatch!(self, b => b.try_next_u32())
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        dispatch!(self, b => b.try_next_u64())
    }

    #[inline]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        dispatch!(self, b => b.try_fill_bytes(dst))
    }
}

/// Every variant is a crypto RNG of ours.
impl TryCryptoRng for AnyBackend {}

impl Backend for AnyBackend {
    fn name(&self) -> &'static str {
        dispatch!(self, b => b.name())
    }

    fn kind(&self) -> BackendKind {
        dispatch!(self, b => b.kind())
    }

    fn self_test(&mut self) -> Result<(), Error> {
        dispatch!(self, b => b.self_test())
    }

    fn reseed(&mut self) -> Result<(), Error> {
        dispatch!(self, b => b.reseed())
    }
}

/// A backend compiled into this build, as listed by [`compiled_backends`].
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct BackendInfo {
    /// The stable name (`"os"`, `"chacha20"`, …), accepted by
    /// [`AnyBackend::from_name`] and the CLI's `--backend`.
    pub name: &'static str,
    /// OS, hardware or DRBG.
    pub kind: BackendKind,
    /// The cargo feature of this crate that compiled it in.
    pub feature: &'static str,
}

impl BackendInfo {
    /// Whether the backend works on this machine now: constructs it (checking
    /// CPU support, seeding a DRBG) and runs its self-test. The error says why
    /// not (e.g. "backend `rdseed` is unavailable: the CPU has no RDSEED").
    pub fn check(&self) -> Result<(), Error> {
        AnyBackend::from_name(self.name)?.self_test()
    }

    /// Whether this is the default backend of the free functions.
    pub fn is_default(&self) -> bool {
        self.name == default_backend_name()
    }
}

const fn info(name: &'static str, kind: BackendKind) -> BackendInfo {
    BackendInfo {
        name,
        kind,
        feature: feature_of(name),
    }
}

static COMPILED: &[BackendInfo] = &[
    #[cfg(feature = "os")]
    info("os", BackendKind::Os),
    #[cfg(feature = "rdrand")]
    info("rdrand", BackendKind::Hardware),
    #[cfg(feature = "rdrand")]
    info("rdseed", BackendKind::Hardware),
    #[cfg(feature = "chacha")]
    info("chacha8", BackendKind::Drbg),
    #[cfg(feature = "chacha")]
    info("chacha12", BackendKind::Drbg),
    #[cfg(feature = "chacha")]
    info("chacha20", BackendKind::Drbg),
    #[cfg(feature = "ctr-drbg")]
    info("ctr-drbg-aes128", BackendKind::Drbg),
    #[cfg(feature = "ctr-drbg")]
    info("ctr-drbg-aes256", BackendKind::Drbg),
];

/// The backends compiled into this build, in the order of
/// [`BACKEND_NAMES`]. Whether each works on this machine is
/// [`BackendInfo::check`].
pub fn compiled_backends() -> &'static [BackendInfo] {
    COMPILED
}

/// The stable name of the default backend of the free functions, fixed at
/// compile time by the `default-backend-*` features (`"os"` when none is
/// enabled).
pub const fn default_backend_name() -> &'static str {
    crate::select::DEFAULT_BACKEND_NAME
}
