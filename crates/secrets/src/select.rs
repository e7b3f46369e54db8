//! The one place that picks the default backend of the free functions.
//!
//! Rules (documented for users in the crate docs, "Choosing the default
//! backend"):
//!
//! - Backend features (`os`, `rdrand`, `chacha`, `ctr-drbg`) only add
//!   backends. They never change the default.
//! - The application picks the default with at most one `default-backend-*`
//!   feature; each implies its backend feature.
//! - Two `default-backend-*` features are a compile error naming both.
//! - None means `os`; a build with neither `os` nor a `default-backend-*`
//!   feature is a compile error too, because the free functions would have no
//!   source.
//!
//! Everything else in the crate reads the choice from here:
//! [`DefaultBackend`] and [`DEFAULT_BACKEND_NAME`].

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

reject_two_defaults!(
    "default-backend-os",
    "default-backend-rdrand",
    "default-backend-rdseed",
    "default-backend-chacha8",
    "default-backend-chacha12",
    "default-backend-chacha20",
    "default-backend-ctr-drbg-aes128",
    "default-backend-ctr-drbg-aes256",
);

cfg_if::cfg_if! {
    if #[cfg(feature = "default-backend-rdrand")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_rdrand::RdRand;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "rdrand";
    } else if #[cfg(feature = "default-backend-rdseed")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_rdrand::RdSeed;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "rdseed";
    } else if #[cfg(feature = "default-backend-chacha8")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_chacha::ChaCha8Drbg;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "chacha8";
    } else if #[cfg(feature = "default-backend-chacha12")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_chacha::ChaCha12Drbg;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "chacha12";
    } else if #[cfg(feature = "default-backend-chacha20")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_chacha::ChaCha20Drbg;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "chacha20";
    } else if #[cfg(feature = "default-backend-ctr-drbg-aes128")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_ctr_drbg::CtrDrbgAes128Rng;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "ctr-drbg-aes128";
    } else if #[cfg(feature = "default-backend-ctr-drbg-aes256")] {
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_ctr_drbg::CtrDrbgAes256Rng;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "ctr-drbg-aes256";
    } else if #[cfg(feature = "os")] {
        // `default-backend-os`, or no choice at all: the operating system.
        /// The backend type behind the free functions (chosen by cargo features).
        pub type DefaultBackend = secrets_os::OsRng;
        /// The stable name of [`DefaultBackend`].
        pub const DEFAULT_BACKEND_NAME: &str = "os";
    } else {
        compile_error!(
            "the `secrets` crate has no default backend: its free functions need \
             one. Enable the `os` feature (on by default; did you set \
             `default-features = false`?) or, in the final application only, one \
             `default-backend-*` feature. See the `secrets` crate docs, \
             \"Choosing the default backend\"."
        );
    }
}

/// Creates a fresh instance of the default backend (seeding it, for a DRBG).
pub(crate) fn new_default_backend() -> Result<DefaultBackend, crate::Error> {
    DefaultBackend::new()
}
