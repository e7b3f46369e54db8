//! The conformance suite (`secrets-conformance`) on the OS backend: API
//! semantics, the SP 800-22 battery, sampling uniformity, fork.

#[test]
fn the_os_backend_conforms() {
    secrets_conformance::assert_conforms("os", &|| {
        secrets_os::OsRng::new().map_err(|e| e.to_string())
    });
}
