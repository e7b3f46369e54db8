//! The default backend is the one the `default-backend-*` feature says (or
//! `os` without one), and the free functions really use it.
//!
//! CI runs this file once per feature combination, e.g.
//! `cargo test -p secrets --no-default-features --features default-backend-chacha20 --test default_backend`.

use secrets::Backend;

/// What the enabled features say the default must be: the registry row
/// whose `default-backend-*` feature this build enabled (read with `cfg!` in
/// the facade, independently of the selection code), or `os`.
fn expected_name() -> &'static str {
    let enabled: Vec<&str> = secrets::BackendId::ALL
        .iter()
        .filter(|id| id.is_default_feature_enabled())
        .map(|id| id.name())
        .collect();
    assert!(
        enabled.len() <= 1,
        "the build would not compile with two: {enabled:?}"
    );
    enabled.first().copied().unwrap_or("os")
}

#[test]
fn default_backend_name_follows_the_feature() {
    assert_eq!(secrets::default_backend_name(), expected_name());
}

#[test]
fn the_default_is_listed_once_and_marked() {
    let defaults: Vec<_> = secrets::compiled_backends()
        .iter()
        .filter(|b| b.is_default())
        .map(|b| b.name)
        .collect();
    assert_eq!(defaults, [expected_name()]);
}

#[test]
fn the_default_backend_type_has_that_name() {
    match secrets::DefaultBackend::new() {
        Ok(backend) => assert_eq!(backend.name(), expected_name()),
        // Hardware may be missing on this machine; then the free functions
        // must fail loudly rather than fall back.
        Err(error) => {
            assert!(
                matches!(error, secrets::Error::Unavailable { .. }),
                "{error:?}"
            );
            assert_eq!(secrets::randbelow(10), Err(error));
            assert!(std::panic::catch_unwind(|| secrets::token_hex(16)).is_err());
        }
    }
}

#[test]
fn free_functions_work_on_the_default_backend() {
    if secrets::DefaultBackend::new().is_err() {
        return; // covered by the test above
    }
    assert_eq!(secrets::token_hex(16).len(), 32);
    assert!(secrets::randbelow(10).unwrap() < 10);
    // Each thread gets its own instance and works independently.
    let tokens: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| secrets::token_hex(16)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut unique = tokens.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), tokens.len(), "threads must not share output");
}

#[test]
fn free_functions_work_inside_thread_local_destructors() {
    // A free function called while the thread's instance is gone (thread
    // teardown) uses a fresh instance instead of panicking.
    struct UsesSecretsOnDrop;
    impl Drop for UsesSecretsOnDrop {
        fn drop(&mut self) {
            if secrets::DefaultBackend::new().is_ok() {
                assert_eq!(secrets::token_hex(8).len(), 16);
            }
        }
    }
    thread_local! {
        static GUARD: UsesSecretsOnDrop = const { UsesSecretsOnDrop };
    }
    std::thread::spawn(|| {
        GUARD.with(|_| ());
        assert_eq!(secrets::token_hex(4).len(), 8);
    })
    .join()
    .unwrap();
}
