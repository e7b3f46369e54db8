//! Tidy checks of the backend registry: what cargo cannot generate from it
//! (the feature lists of Cargo.toml files) agrees with it, and every row
//! builds the backend it names. A failure says which line to add.

use secrets::{BACKEND_NAMES, Backend, BackendId, BackendKind, Error};

fn manifest(relative: &str) -> toml::Table {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.parse().unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn features(manifest: &toml::Table) -> &toml::Table {
    manifest
        .get("features")
        .and_then(toml::Value::as_table)
        .expect("a [features] table")
}

fn list(value: Option<&toml::Value>) -> Vec<&str> {
    value
        .and_then(toml::Value::as_array)
        .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn facade_features_match_the_registry() {
    let facade = manifest("Cargo.toml");
    let features = features(&facade);
    let mut missing = Vec::new();
    for id in BackendId::ALL {
        if !features.contains_key(id.feature()) {
            missing.push(format!(
                "{} = [\"dep:<its crate>\"]   # backend `{}`",
                id.feature(),
                id.name()
            ));
        }
        let implied = list(features.get(id.default_feature()));
        if implied != [id.feature()] {
            missing.push(format!("{} = [\"{}\"]", id.default_feature(), id.feature()));
        }
    }
    assert!(
        missing.is_empty(),
        "crates/secrets/Cargo.toml [features] must have these lines:\n{}",
        missing.join("\n")
    );
    let stale: Vec<&String> = features
        .keys()
        .filter(|f| f.starts_with("default-backend-"))
        .filter(|f| {
            !BackendId::ALL
                .iter()
                .any(|id| id.default_feature() == f.as_str())
        })
        .collect();
    assert!(
        stale.is_empty(),
        "crates/secrets/Cargo.toml has default-backend features with no registry row: {stale:?}"
    );
}

/// The command and the tasks compile every backend in.
#[test]
fn tools_enable_every_backend_feature() {
    for (path, table) in [
        ("../secrets-cli/Cargo.toml", "dependencies"),
        ("../../xtask/Cargo.toml", "dependencies"),
        ("../../fuzz/nopanic/Cargo.toml", "dependencies"),
    ] {
        let manifest = manifest(path);
        let enabled = list(
            manifest
                .get(table)
                .and_then(|t| t.get("secrets"))
                .and_then(|s| s.get("features")),
        );
        for id in BackendId::ALL {
            assert!(
                enabled.contains(&id.feature()),
                "{path}: the `secrets` dependency must enable feature \"{}\" (backend `{}`)",
                id.feature(),
                id.name()
            );
        }
    }
}

#[test]
fn names_are_unique_stable_and_listed_in_order() {
    assert_eq!(BACKEND_NAMES.len(), BackendId::ALL.len());
    for (name, id) in BACKEND_NAMES.iter().zip(BackendId::ALL) {
        assert_eq!(*name, id.name());
        assert_eq!(BackendId::from_name(name), Some(*id));
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{name}: names are lowercase, digits and '-'"
        );
        assert!(!id.about().is_empty());
        assert!(id.default_feature().starts_with("default-backend-"));
        assert_eq!(id.default_feature(), format!("default-backend-{name}"));
    }
    let mut sorted = BACKEND_NAMES.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), BACKEND_NAMES.len(), "duplicate names");
    assert_eq!(BackendId::from_name("urandom"), None);
}

/// Every compiled row builds the backend it names, of the kind it says;
/// the others say which feature to enable.
#[test]
fn every_row_builds_what_it_names() {
    for id in BackendId::ALL {
        match id.construct() {
            Ok(backend) => {
                assert!(id.is_compiled());
                assert_eq!(backend.name(), id.name());
                assert_eq!(backend.kind(), id.kind());
                assert_eq!(backend.id(), *id);
            }
            Err(Error::Unavailable { backend, reason }) => {
                assert_eq!(backend, id.name());
                if id.is_compiled() {
                    assert_eq!(id.kind(), BackendKind::Hardware, "{reason}");
                } else {
                    assert!(reason.contains(id.feature()), "{reason}");
                }
            }
            Err(other) => panic!("{}: {other}", id.name()),
        }
    }
}

/// The fault hook builds DRBGs over a given source and refuses sources.
#[cfg(feature = "os")]
#[test]
fn with_source_builds_drbgs_only() {
    for id in BackendId::ALL.iter().filter(|id| id.is_compiled()) {
        let source = Box::new(secrets::backends::OsRng::new().unwrap());
        let built = id.with_source(source, Some(1 << 20));
        match id.kind() {
            BackendKind::Drbg => assert_eq!(built.map(|b| b.id()).ok(), Some(*id)),
            _ => assert!(built.unwrap_err().is_invalid_argument(), "{}", id.name()),
        }
    }
}
