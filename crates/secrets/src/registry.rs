//! The backend registry: the one table that names every backend.
//!
//! Each row of [`backend_table!`](crate::__backend_table) is one backend: its
//! stable name, type, kind, cargo feature, `default-backend-*` feature,
//! one-line description, known-answer hook, fault-injection hook and
//! benchmark baseline. Everything that enumerates or names backends is
//! generated from it or reads it at run time:
//!
//! - here: [`BackendId`] with exhaustive matches for every property,
//!   [`BACKEND_NAMES`], [`AnyBackend`] and its dispatch,
//!   [`compiled_backends`](crate::compiled_backends), the error messages
//!   that list the valid names, the default-backend selection
//!   ([`DefaultBackend`]) and its two-defaults
//!   compile error;
//! - elsewhere, at run time through [`BackendId::ALL`]: the CLI's
//!   `--backend` help and `secrets backends`, `cargo xtask`'s conformance,
//!   kat, faults, bench and feature combinations, the no-panic check;
//! - and checked by a tidy test (`tests/registry.rs`): the feature lists of
//!   the Cargo.toml files that cargo cannot generate.
//!
//! No match in the workspace maps an unknown backend to a default answer: a
//! new row that some match forgets does not compile.
//!
//! Adding a backend: a crate whose type implements
//! [`Backend`](secrets_core::Backend) with `new()` (a DRBG is
//! `secrets_drbg::Drbg<YourMechanism>`), one row below, its two features in
//! `Cargo.toml`. `docs/ARCHITECTURE.md` ("How to add a backend") has the
//! list.
//!
//! ```
//! use secrets::BackendId;
//! for id in BackendId::ALL {
//!     println!("{:18} {:8} feature `{}`: {}", id.name(), id.kind().label(), id.feature(), id.about());
//! }
//! ```

use secrets_core::{BackendKind, EntropySource, Error};

/// Known answers a backend is checked against, beyond its own
/// `self_test()` (which every backend runs).
///
/// ```
/// use secrets::{BackendId, registry::KnownAnswers};
/// assert_eq!(BackendId::Os.known_answers(), KnownAnswers::SelfTestOnly);
/// assert_eq!(BackendId::ChaCha20.known_answers(), KnownAnswers::Rfc8439);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KnownAnswers {
    /// Only the backend's own start-up self-test (a live source has no
    /// known answers).
    SelfTestOnly,
    /// The RFC 8439 ChaCha20 keystream vectors (`vectors/chacha20_rfc8439.txt`).
    Rfc8439,
    /// NIST CAVP response files `vectors/cavp/<file>_*.rsp`, the sections
    /// named `section` or `section` followed by a space (`"AES-256"` takes
    /// `[AES-256 use df]` and `[AES-256 no df]`; `"SHA-512"` takes
    /// `[SHA-512]` but not `[SHA-512/256]`).
    Cavp {
        /// The file stem: `"CTR_DRBG"`, `"Hash_DRBG"` or `"HMAC_DRBG"`.
        file: &'static str,
        /// The section prefix: `"AES-256"`, `"SHA-256"`.
        section: &'static str,
    },
}

/// A CPU instruction whose health tests the fault checks drive.
///
/// ```
/// use secrets::{BackendId, registry::{Faults, Instruction}};
/// assert_eq!(BackendId::RdSeed.faults(), Faults::HealthTests(Instruction::RdSeed));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// RDRAND.
    RdRand,
    /// RDSEED.
    RdSeed,
}

/// How the conformance suite injects faults into a backend.
///
/// ```
/// use secrets::{BackendId, registry::Faults};
/// assert_eq!(BackendId::CtrDrbgAes256.faults(), Faults::EntropySource);
/// assert!(matches!(BackendId::Os.faults(), Faults::NotInjectable(_)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Faults {
    /// It cannot be faulted from user space; the reason.
    NotInjectable(&'static str),
    /// A hardware source: its health tests are driven by fault sources.
    HealthTests(Instruction),
    /// A DRBG: built over a failing [`EntropySource`] with
    /// [`BackendId::with_source`].
    EntropySource,
}

/// The hash function of a Hash_DRBG or HMAC_DRBG baseline.
///
/// ```
/// use secrets::registry::{Baseline, Digest};
/// assert_eq!(Baseline::Hashgen(Digest::Sha256).label(), "sha2 Hashgen loop, SHA-256");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Digest {
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

/// The raw primitive a backend is built on, which `cargo xtask bench`
/// measures beside it so that the ratio shows what the backend costs.
///
/// ```
/// use secrets::{BackendId, registry::Baseline};
/// assert_eq!(BackendId::ChaCha8.baseline(), Baseline::ChaChaKeystream { rounds: 8 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Baseline {
    /// `getrandom::fill`.
    GetrandomFill,
    /// The bare RDRAND or RDSEED loop with the same retries, no health tests.
    BareInstruction(Instruction),
    /// The `chacha20` crate's keystream with this many rounds.
    ChaChaKeystream {
        /// 8, 12 or 20.
        rounds: u32,
    },
    /// `ctr::Ctr128BE<AesN>` keystream.
    AesCtr {
        /// 128 or 256.
        key_bits: u32,
    },
    /// The bare Hashgen loop: one digest of a seedlen-byte counter per block.
    Hashgen(Digest),
    /// The bare HMAC chain `V = HMAC(K, V)` with a pre-keyed state.
    HmacChain(Digest),
}

impl Baseline {
    /// The row label in benchmark tables.
    ///
    /// ```
    /// use secrets::BackendId;
    /// assert_eq!(BackendId::Os.baseline().label(), "getrandom::fill");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Baseline::GetrandomFill => "getrandom::fill",
            Baseline::BareInstruction(Instruction::RdRand) => "RDRAND bare loop",
            Baseline::BareInstruction(Instruction::RdSeed) => "RDSEED bare loop",
            Baseline::ChaChaKeystream { rounds: 8 } => "chacha20 crate ChaCha8 keystream",
            Baseline::ChaChaKeystream { rounds: 12 } => "chacha20 crate ChaCha12 keystream",
            Baseline::ChaChaKeystream { .. } => "chacha20 crate ChaCha20 keystream",
            Baseline::AesCtr { key_bits: 128 } => "Ctr128BE<Aes128> keystream",
            Baseline::AesCtr { .. } => "Ctr128BE<Aes256> keystream",
            Baseline::Hashgen(Digest::Sha256) => "sha2 Hashgen loop, SHA-256",
            Baseline::Hashgen(Digest::Sha512) => "sha2 Hashgen loop, SHA-512",
            Baseline::HmacChain(Digest::Sha256) => "HMAC-SHA256 chain, pre-keyed",
            Baseline::HmacChain(Digest::Sha512) => "HMAC-SHA512 chain, pre-keyed",
        }
    }
}

/// Building a backend over a given entropy source: what DRBGs can do (and
/// the fault checks need), and sources of their own cannot.
pub(crate) trait WithSource: Sized {
    fn with_source(
        source: Box<dyn EntropySource>,
        reseed_interval_bytes: Option<u64>,
    ) -> Result<Self, Error>;
}

impl<M: secrets_drbg::Mechanism> WithSource for secrets_drbg::Drbg<M> {
    fn with_source(
        source: Box<dyn EntropySource>,
        reseed_interval_bytes: Option<u64>,
    ) -> Result<Self, Error> {
        let mut options = secrets_drbg::Options::default();
        if let Some(bytes) = reseed_interval_bytes {
            options = options.reseed_interval_bytes(bytes.max(M::MIN_RESEED_INTERVAL_BYTES));
        }
        Self::with_options(source, options)
    }
}

/// Sources that seed themselves.
macro_rules! seeds_itself {
    ($($feature:literal => $ty:ty),* $(,)?) => {$(
        #[cfg(feature = $feature)]
        impl WithSource for $ty {
            fn with_source(_: Box<dyn EntropySource>, _: Option<u64>) -> Result<Self, Error> {
                Err(Error::invalid(
                    "source",
                    "this backend is an entropy source itself; only DRBGs are built over one",
                ))
            }
        }
    )*};
}

seeds_itself!(
    "os" => secrets_os::OsRng,
    "rdrand" => secrets_rdrand::RdRand,
    "rdrand" => secrets_rdrand::RdSeed,
);

/// `concat!` of string literals with `", "` between them.
macro_rules! join_names {
    ($first:literal $(, $rest:literal)*) => {
        concat!($first $(, ", ", $rest)*)
    };
}

/// Emits a `compile_error!` for every pair of enabled `default-backend-*`
/// features, naming both, so the fix is obvious.
macro_rules! reject_two_defaults {
    () => {};
    ($first:literal $(, $rest:literal)* $(,)?) => {
        $(
            #[cfg(all(feature = $first, feature = $rest))]
            compile_error!(concat!(
                "the `secrets` crate has two default backends: features `", $first,
                "` and `", $rest, "` are both enabled. Enable exactly one ",
                "`default-backend-*` feature, and only in the final application: ",
                "a library must never enable one (it would override or clash with ",
                "the application's choice). Run `cargo tree -e features -i secrets` ",
                "to find which crate enables each. See the `secrets` crate docs, ",
                "\"Choosing the default backend\"."
            ));
        )*
        reject_two_defaults!($($rest),*);
    };
}

/// The default backend: the first row whose `default-backend-*` feature is
/// on (two are a compile error above), else `os`.
macro_rules! select_default {
    (@items ($($cfg:tt)*) $ty:ty, $name:literal) => {
        #[cfg($($cfg)*)]
        /// The backend type behind the free functions (chosen by cargo features).
        ///
        /// ```
        /// let mut handle = secrets::Secrets::new(secrets::DefaultBackend::new()?);
        /// assert_eq!(handle.backend_name(), secrets::default_backend_name());
        /// # Ok::<(), secrets::Error>(())
        /// ```
        pub type DefaultBackend = $ty;
        #[cfg($($cfg)*)]
        /// The stable name of [`DefaultBackend`].
        ///
        /// ```
        /// assert_eq!(secrets::registry::DEFAULT_BACKEND_NAME, secrets::default_backend_name());
        /// ```
        pub const DEFAULT_BACKEND_NAME: &str = $name;
    };
    (@chain [$($taken:meta),*]) => {
        select_default!(@items (all(not(any($($taken),*)), feature = "os")) secrets_os::OsRng, "os");
        #[cfg(all(not(any($($taken),*)), not(feature = "os")))]
        compile_error!(
            "the `secrets` crate has no default backend: its free functions need \
             one. Enable the `os` feature (on by default; did you set \
             `default-features = false`?) or, in the final application only, one \
             `default-backend-*` feature. See the `secrets` crate docs, \
             \"Choosing the default backend\"."
        );
    };
    (@chain [$($taken:meta),*] ($default_feature:literal, $ty:ty, $name:literal) $($rest:tt)*) => {
        select_default!(
            @items (all(feature = $default_feature, not(any($($taken),*)))) $ty, $name
        );
        select_default!(@chain [$($taken,)* feature = $default_feature] $($rest)*);
    };
}

/// Generates everything that names backends from the table.
macro_rules! define_registry {
    (@accessors $(
        $(#[$attr:meta])*
        $fn:ident -> $ret:ty { $($variant:ident => $value:expr),* }
    )*) => {
        impl BackendId {$(
            $(#[$attr])*
            pub const fn $fn(self) -> $ret {
                match self { $(BackendId::$variant => $value,)* }
            }
        )*}
    };
    (@dispatch $this:expr, $b:ident => $call:expr, [$($variant:ident $feature:literal)*]) => {
        match $this {
            $(#[cfg(feature = $feature)] AnyBackend::$variant($b) => $call,)*
            #[cfg(not(any($(feature = $feature),*)))]
            _ => unreachable!("no backend is compiled in"),
        }
    };
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident {
            name: $name:literal,
            ty: $ty:ty,
            kind: $kind:ident,
            feature: $feature:literal,
            default_feature: $default_feature:literal,
            about: $about:literal,
            known_answers: $known_answers:expr,
            faults: $faults:expr,
            baseline: $baseline:expr $(,)?
        }
    )*) => {
        /// Every backend of the project, compiled in or not, in the order
        /// the CLI and the docs list them.
        ///
        /// ```
        /// use secrets::BackendId;
        /// for id in BackendId::ALL.iter().filter(|id| id.is_compiled()) {
        ///     println!("{}: {} (feature `{}`)", id.name(), id.about(), id.feature());
        /// }
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum BackendId {
            $(
                #[doc = concat!("`\"", $name, "\"`: ", $about, " (feature `", $feature, "`).")]
                $variant,
            )*
        }

        impl BackendId {
            /// Every backend, in the registry's order.
            ///
            /// ```
            /// let names: Vec<&str> = secrets::BackendId::ALL.iter().map(|id| id.name()).collect();
            /// assert_eq!(names, secrets::BACKEND_NAMES);
            /// ```
            pub const ALL: &'static [BackendId] = &[$(BackendId::$variant),*];
        }

        // One `const fn` per property, each a match over every row.
        define_registry! { @accessors
            /// The stable name (`"os"`, `"chacha20"`, …): accepted by
            /// [`AnyBackend::from_name`](crate::AnyBackend::from_name) and
            /// the CLI's `--backend`; scripts depend on it.
            ///
            /// ```
            /// assert_eq!(secrets::BackendId::CtrDrbgAes256.name(), "ctr-drbg-aes256");
            /// ```
            name -> &'static str { $($variant => $name),* }

            /// OS, hardware or DRBG.
            ///
            /// ```
            /// assert_eq!(secrets::BackendId::ChaCha20.kind(), secrets::BackendKind::Drbg);
            /// ```
            kind -> BackendKind { $($variant => BackendKind::$kind),* }

            /// The cargo feature of the `secrets` crate that compiles it in.
            ///
            /// ```
            /// assert_eq!(secrets::BackendId::RdSeed.feature(), "rdrand");
            /// ```
            feature -> &'static str { $($variant => $feature),* }

            /// The `default-backend-*` feature that makes it the default.
            ///
            /// ```
            /// assert_eq!(secrets::BackendId::ChaCha20.default_feature(), "default-backend-chacha20");
            /// ```
            default_feature -> &'static str { $($variant => $default_feature),* }

            /// One line on what it is.
            ///
            /// ```
            /// println!("{}", secrets::BackendId::Os.about());
            /// ```
            about -> &'static str { $($variant => $about),* }

            /// The known answers the conformance suite checks.
            ///
            /// ```
            /// use secrets::{BackendId, registry::KnownAnswers};
            /// assert!(matches!(BackendId::CtrDrbgAes128.known_answers(), KnownAnswers::Cavp { file: "CTR_DRBG", .. }));
            /// ```
            known_answers -> KnownAnswers { $($variant => $known_answers),* }

            /// How the conformance suite injects faults.
            ///
            /// ```
            /// use secrets::{BackendId, registry::Faults};
            /// assert_eq!(BackendId::ChaCha8.faults(), Faults::EntropySource);
            /// ```
            faults -> Faults { $($variant => $faults),* }

            /// The raw primitive `cargo xtask bench` compares it with.
            ///
            /// ```
            /// use secrets::{BackendId, registry::Baseline};
            /// assert_eq!(BackendId::CtrDrbgAes128.baseline(), Baseline::AesCtr { key_bits: 128 });
            /// ```
            baseline -> Baseline { $($variant => $baseline),* }

            /// Whether this build compiled it in.
            ///
            /// ```
            /// assert_eq!(secrets::BackendId::Os.is_compiled(), cfg!(feature = "os"));
            /// ```
            is_compiled -> bool { $($variant => cfg!(feature = $feature)),* }

            /// Whether this build enabled its `default-backend-*` feature.
            ///
            /// ```
            /// let chosen: Vec<_> = secrets::BackendId::ALL.iter().filter(|id| id.is_default_feature_enabled()).collect();
            /// assert!(chosen.len() <= 1); // two are a compile error
            /// ```
            is_default_feature_enabled -> bool { $($variant => cfg!(feature = $default_feature)),* }
        }

        impl BackendId {
            /// The backend with this stable name, compiled in or not.
            ///
            /// ```
            /// use secrets::BackendId;
            /// assert_eq!(BackendId::from_name("chacha12"), Some(BackendId::ChaCha12));
            /// assert_eq!(BackendId::from_name("urandom"), None);
            /// ```
            pub fn from_name(name: &str) -> Option<BackendId> {
                match name {
                    $($name => Some(BackendId::$variant),)*
                    _ => None,
                }
            }

            /// A fresh instance: a DRBG seeded from the OS, a hardware
            /// backend checked and self-tested.
            ///
            /// # Errors
            /// [`Error::Unavailable`] when it is not compiled in (naming the
            /// feature to enable) or cannot run here; the source's error.
            ///
            /// ```
            /// let backend = secrets::BackendId::Os.construct();
            /// assert_eq!(backend.is_ok(), cfg!(feature = "os"));
            /// ```
            pub fn construct(self) -> Result<crate::AnyBackend, Error> {
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BackendId::$variant => <$ty>::new().map(crate::AnyBackend::$variant),
                        #[cfg(not(feature = $feature))]
                        BackendId::$variant => Err(Error::unavailable(
                            $name,
                            concat!("not compiled in: enable the `", $feature,
                                    "` feature of the `secrets` crate"),
                        )),
                    )*
                }
            }

            /// A DRBG built over `source` instead of the OS, optionally
            /// reseeding every `reseed_interval_bytes` (raised to the
            /// mechanism's minimum): how the fault checks feed a DRBG a
            /// failing source, and how an application seeds any DRBG from
            /// RDSEED or its own source by name.
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] for a backend that is a source
            /// itself; as [`construct`](Self::construct) otherwise.
            ///
            /// ```
            /// # #[cfg(all(feature = "ctr-drbg", feature = "os"))] {
            /// use secrets::{BackendId, backends::OsRng};
            /// // CTR_DRBG seeded from the OS explicitly, reseeding every MiB.
            /// let drbg = BackendId::CtrDrbgAes256.with_source(Box::new(OsRng::new()?), Some(1 << 20))?;
            /// assert_eq!(drbg.id(), BackendId::CtrDrbgAes256);
            /// // A source is not built over another source.
            /// assert!(BackendId::Os.with_source(Box::new(OsRng::new()?), None).is_err());
            /// # }
            /// # Ok::<(), secrets::Error>(())
            /// ```
            pub fn with_source(
                self,
                source: Box<dyn EntropySource>,
                reseed_interval_bytes: Option<u64>,
            ) -> Result<crate::AnyBackend, Error> {
                let _ = (&source, reseed_interval_bytes);
                match self {
                    $(
                        #[cfg(feature = $feature)]
                        BackendId::$variant => {
                            <$ty as WithSource>::with_source(source, reseed_interval_bytes)
                                .map(crate::AnyBackend::$variant)
                        }
                        #[cfg(not(feature = $feature))]
                        BackendId::$variant => self.construct(),
                    )*
                }
            }
        }

        /// The stable names of every backend, in the registry's order.
        ///
        /// ```
        /// assert!(secrets::BACKEND_NAMES.contains(&"ctr-drbg-aes256"));
        /// assert_eq!(secrets::BACKEND_NAMES[0], "os");
        /// ```
        pub const BACKEND_NAMES: [&str; BackendId::ALL.len()] = [$($name),*];

        /// The message for a name that is none of ours.
        pub(crate) const UNKNOWN_NAME: &str =
            concat!("unknown backend; valid names are ", join_names!($($name),*));

        /// One of the backends compiled into this build, chosen by its
        /// stable name ([`AnyBackend::from_name`](crate::AnyBackend::from_name)).
        ///
        /// Dispatch is a `match` (no allocation, no virtual call). Which
        /// variants exist depends on the backend features; every compiled
        /// backend is available here whatever the default backend of the
        /// free functions is.
        ///
        /// ```
        /// use secrets::{AnyBackend, Backend, Secrets};
        /// # #[cfg(feature = "os")] {
        /// let mut os = AnyBackend::from_name("os")?;
        /// assert_eq!(os.name(), "os");
        /// let mut handle = Secrets::new(os);
        /// # }
        /// # let mut handle = Secrets::new(AnyBackend::new_default()?);
        /// assert_eq!(handle.try_token_hex(16)?.len(), 32);
        /// # Ok::<(), secrets::Error>(())
        /// ```
        #[non_exhaustive]
        pub enum AnyBackend {
            $(
                #[cfg(feature = $feature)]
                #[doc = concat!("`\"", $name, "\"`: ", $about, " (feature `", $feature, "`).")]
                $variant($ty),
            )*
        }

        /// Matches every compiled variant; the arm for a build without any
        /// backend is unreachable (that build stops at the compile error of
        /// `select_default!`) and keeps that error alone.
        impl AnyBackend {
            /// Which backend this is.
            ///
            /// ```
            /// let backend = secrets::AnyBackend::new_default()?;
            /// assert_eq!(backend.id().name(), secrets::default_backend_name());
            /// # Ok::<(), secrets::Error>(())
            /// ```
            pub fn id(&self) -> BackendId {
                match self {
                    $(#[cfg(feature = $feature)] AnyBackend::$variant(_) => BackendId::$variant,)*
                    #[cfg(not(any($(feature = $feature),*)))]
                    _ => unreachable!("no backend is compiled in"),
                }
            }
        }

        impl rand_core::TryRng for AnyBackend {
            type Error = Error;

            #[inline]
            fn try_next_u32(&mut self) -> Result<u32, Error> {
                define_registry!(@dispatch self, b => rand_core::TryRng::try_next_u32(b), [$($variant $feature)*])
            }

            #[inline]
            fn try_next_u64(&mut self) -> Result<u64, Error> {
                define_registry!(@dispatch self, b => rand_core::TryRng::try_next_u64(b), [$($variant $feature)*])
            }

            #[inline]
            fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
                define_registry!(@dispatch self, b => rand_core::TryRng::try_fill_bytes(b, dst), [$($variant $feature)*])
            }
        }

        impl secrets_core::Backend for AnyBackend {
            fn name(&self) -> &'static str {
                self.id().name()
            }

            fn kind(&self) -> BackendKind {
                self.id().kind()
            }

            fn self_test(&mut self) -> Result<(), Error> {
                define_registry!(@dispatch self, b => secrets_core::Backend::self_test(b), [$($variant $feature)*])
            }

            fn reseed(&mut self) -> Result<(), Error> {
                define_registry!(@dispatch self, b => secrets_core::Backend::reseed(b), [$($variant $feature)*])
            }
        }

        /// The backends compiled into this build, as listed by
        /// [`compiled_backends`](crate::compiled_backends).
        pub(crate) static COMPILED: &[crate::BackendInfo] = &[
            $(
                #[cfg(feature = $feature)]
                crate::BackendInfo::of(BackendId::$variant),
            )*
        ];

        reject_two_defaults!($($default_feature),*);
        select_default!(@chain [] $(($default_feature, $ty, $name))*);
    };
}

/// The table. One row per backend, grouped by the kind and the cargo
/// feature they share; read the module docs before adding one.
///
/// Exported (hidden) so that tools in the workspace — the no-panic check —
/// can generate code per backend type from the same rows. The callback gets
/// every row with all its fields, the types named through
/// `$crate::backends` and the values through `$crate::registry`.
#[doc(hidden)]
#[macro_export]
macro_rules! __backend_table {
    ($callback:ident) => {
        $crate::__backend_table! { @rows $callback
            Os "os" [
                /// The operating system.
                Os { name: "os", ty: OsRng, default_feature: "default-backend-os", about: "the kernel's generator (getrandom; the vDSO on Linux)", known_answers: SelfTestOnly, faults: NotInjectable("the OS source cannot be faulted from user space"), baseline: GetrandomFill }
            ]
            Hardware "rdrand" [
                /// RDRAND.
                RdRand { name: "rdrand", ty: RdRand, default_feature: "default-backend-rdrand", about: "the CPU's RDRAND, health-tested (x86-64)", known_answers: SelfTestOnly, faults: HealthTests(RdRand), baseline: BareInstruction(RdRand) }
                /// RDSEED.
                RdSeed { name: "rdseed", ty: RdSeed, default_feature: "default-backend-rdseed", about: "the CPU's RDSEED, health-tested (x86-64)", known_answers: SelfTestOnly, faults: HealthTests(RdSeed), baseline: BareInstruction(RdSeed) }
            ]
            Drbg "chacha" [
                /// ChaCha8.
                ChaCha8 { name: "chacha8", ty: ChaCha8Drbg, default_feature: "default-backend-chacha8", about: "ChaCha8 DRBG with fast key erasure, seeded from the OS", known_answers: Rfc8439, faults: EntropySource, baseline: ChaChaKeystream { rounds: 8 } }
                /// ChaCha12.
                ChaCha12 { name: "chacha12", ty: ChaCha12Drbg, default_feature: "default-backend-chacha12", about: "ChaCha12 DRBG with fast key erasure, seeded from the OS", known_answers: Rfc8439, faults: EntropySource, baseline: ChaChaKeystream { rounds: 12 } }
                /// ChaCha20.
                ChaCha20 { name: "chacha20", ty: ChaCha20Drbg, default_feature: "default-backend-chacha20", about: "ChaCha20 DRBG with fast key erasure, seeded from the OS", known_answers: Rfc8439, faults: EntropySource, baseline: ChaChaKeystream { rounds: 20 } }
            ]
            Drbg "ctr-drbg" [
                /// CTR_DRBG AES-128.
                CtrDrbgAes128 { name: "ctr-drbg-aes128", ty: CtrDrbgAes128Rng, default_feature: "default-backend-ctr-drbg-aes128", about: "NIST SP 800-90A CTR_DRBG on AES-128 with df, seeded from the OS", known_answers: Cavp { file: "CTR_DRBG", section: "AES-128" }, faults: EntropySource, baseline: AesCtr { key_bits: 128 } }
                /// CTR_DRBG AES-256.
                CtrDrbgAes256 { name: "ctr-drbg-aes256", ty: CtrDrbgAes256Rng, default_feature: "default-backend-ctr-drbg-aes256", about: "NIST SP 800-90A CTR_DRBG on AES-256 with df, seeded from the OS", known_answers: Cavp { file: "CTR_DRBG", section: "AES-256" }, faults: EntropySource, baseline: AesCtr { key_bits: 256 } }
            ]
            Drbg "hash-drbg" [
                /// Hash_DRBG SHA-256.
                HashDrbgSha256 { name: "hash-drbg-sha256", ty: HashDrbgSha256Rng, default_feature: "default-backend-hash-drbg-sha256", about: "NIST SP 800-90A Hash_DRBG on SHA-256, seeded from the OS", known_answers: Cavp { file: "Hash_DRBG", section: "SHA-256" }, faults: EntropySource, baseline: Hashgen(Sha256) }
                /// Hash_DRBG SHA-512.
                HashDrbgSha512 { name: "hash-drbg-sha512", ty: HashDrbgSha512Rng, default_feature: "default-backend-hash-drbg-sha512", about: "NIST SP 800-90A Hash_DRBG on SHA-512, seeded from the OS", known_answers: Cavp { file: "Hash_DRBG", section: "SHA-512" }, faults: EntropySource, baseline: Hashgen(Sha512) }
            ]
            Drbg "hmac-drbg" [
                /// HMAC_DRBG SHA-256.
                HmacDrbgSha256 { name: "hmac-drbg-sha256", ty: HmacDrbgSha256Rng, default_feature: "default-backend-hmac-drbg-sha256", about: "NIST SP 800-90A HMAC_DRBG on SHA-256, seeded from the OS", known_answers: Cavp { file: "HMAC_DRBG", section: "SHA-256" }, faults: EntropySource, baseline: HmacChain(Sha256) }
                /// HMAC_DRBG SHA-512.
                HmacDrbgSha512 { name: "hmac-drbg-sha512", ty: HmacDrbgSha512Rng, default_feature: "default-backend-hmac-drbg-sha512", about: "NIST SP 800-90A HMAC_DRBG on SHA-512, seeded from the OS", known_answers: Cavp { file: "HMAC_DRBG", section: "SHA-512" }, faults: EntropySource, baseline: HmacChain(Sha512) }
            ]
        }
    };
    // Each group's kind and feature onto its rows; the values' short names
    // resolved in `$crate::registry`.
    (@rows $callback:ident $(
        $kind:ident $feature:literal [$(
            $(#[doc = $doc:literal])*
            $variant:ident {
                name: $name:literal,
                ty: $ty:ident,
                default_feature: $default_feature:literal,
                about: $about:literal,
                known_answers: $known_answers:expr,
                faults: $faults:expr,
                baseline: $baseline:expr $(,)?
            }
        )*]
    )*) => {
        $callback! {$($(
            $(#[doc = $doc])*
            $variant {
                name: $name,
                ty: $crate::backends::$ty,
                kind: $kind,
                feature: $feature,
                default_feature: $default_feature,
                about: $about,
                known_answers: {
                    use $crate::registry::KnownAnswers::*;
                    $known_answers
                },
                faults: {
                    #[allow(unused_imports)] // `Instruction` for hardware only
                    use $crate::registry::{Faults::*, Instruction::*};
                    $faults
                },
                baseline: {
                    #[allow(unused_imports)] // each row uses at most one of the last two
                    use $crate::registry::{Baseline::*, Digest::*, Instruction::*};
                    $baseline
                },
            }
        )*)*}
    };
}

__backend_table!(define_registry);

/// A backend compiled into this build, as listed by
/// [`compiled_backends`](crate::compiled_backends).
///
/// ```
/// for info in secrets::compiled_backends() {
///     let status = match info.check() {
///         Ok(()) => "usable".to_owned(),
///         Err(why) => why.to_string(),
///     };
///     println!("{} ({}, feature `{}`): {status}", info.name, info.kind.label(), info.feature);
/// }
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct BackendInfo {
    /// Which backend.
    pub id: BackendId,
    /// The stable name (`"os"`, `"chacha20"`, …), accepted by
    /// [`AnyBackend::from_name`](crate::AnyBackend::from_name) and the CLI's
    /// `--backend`.
    pub name: &'static str,
    /// OS, hardware or DRBG.
    pub kind: BackendKind,
    /// The cargo feature of this crate that compiled it in.
    pub feature: &'static str,
    /// One line on what it is.
    pub about: &'static str,
}

impl BackendInfo {
    pub(crate) const fn of(id: BackendId) -> Self {
        BackendInfo {
            id,
            name: id.name(),
            kind: id.kind(),
            feature: id.feature(),
            about: id.about(),
        }
    }

    /// Whether the backend works on this machine now: constructs it
    /// (checking CPU support, seeding a DRBG) and runs its self-test. The
    /// error says why not (e.g. "backend `rdseed` is unavailable: the CPU has
    /// no RDSEED").
    ///
    /// ```
    /// for backend in secrets::compiled_backends() {
    ///     println!("{}: {:?}", backend.name, backend.check());
    /// }
    /// ```
    ///
    /// # Errors
    /// Why the backend cannot run here.
    pub fn check(&self) -> Result<(), Error> {
        use secrets_core::Backend;
        self.id.construct()?.self_test()
    }

    /// Whether this is the default backend of the free functions.
    ///
    /// ```
    /// let default = secrets::compiled_backends().iter().find(|b| b.is_default());
    /// assert_eq!(default.map(|b| b.name), Some(secrets::default_backend_name()));
    /// ```
    pub fn is_default(&self) -> bool {
        self.name == DEFAULT_BACKEND_NAME
    }
}
