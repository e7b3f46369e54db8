//! The conformance suite of `secrets-conformance` on a mechanism, for the
//! tests of the crates whose generators are `secrets_drbg::Drbg` over one
//! (secrets-chacha, secrets-ctr-drbg, secrets-hash-drbg, secrets-hmac-drbg),
//! which include this file by path. Not a test target of its own (cargo
//! builds only `tests/*.rs`).

/// The conformance suite of `secrets-conformance` on the engine's RNG over
/// mechanism `M`, under its backend name.
pub fn conforms<M: secrets_drbg::Mechanism>() {
    secrets_conformance::assert_conforms(M::BACKEND_NAME, &|| {
        secrets_drbg::Drbg::<M>::new().map_err(|e| e.to_string())
    });
}

/// A test `$name` for each mechanism: [`conforms`] on it (which the calling
/// file has in scope).
#[macro_export]
macro_rules! conformance_tests {
    ($($name:ident: $mechanism:ty),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                conforms::<$mechanism>();
            }
        )+
    };
}
