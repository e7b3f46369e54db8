//! Tidy check of what publishing needs: every publishable crate of the
//! workspace has the metadata crates.io shows, its README exists, its
//! `documentation` URL follows its name (so a rename changes both or this
//! fails), and no placeholder URL is left. The crates.io names are taken
//! (see the README), so a rename is the one step left before publishing.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The member directories listed in the root manifest.
fn members() -> Vec<PathBuf> {
    let root = read_toml(&workspace_root().join("Cargo.toml"));
    root["workspace"]["members"]
        .as_array()
        .expect("workspace.members")
        .iter()
        .map(|m| workspace_root().join(m.as_str().expect("a path")))
        .collect()
}

/// The crates.io categories the workspace uses (crates.io rejects slugs it
/// does not know; extend this list from <https://crates.io/category_slugs>).
const KNOWN_CATEGORIES: &[&str] = &[
    "algorithms",
    "command-line-utilities",
    "cryptography",
    "development-tools::profiling",
    "encoding",
    "hardware-support",
    "no-std",
    "os",
];

#[test]
fn every_publishable_crate_has_complete_metadata() {
    let mut problems = Vec::new();
    let mut publishable = 0;
    for dir in members() {
        let manifest = read_toml(&dir.join("Cargo.toml"));
        let package = manifest["package"].as_table().expect("[package]");
        let name = package["name"].as_str().expect("name");
        if package.get("publish").and_then(toml::Value::as_bool) == Some(false) {
            continue;
        }
        publishable += 1;
        let text = |key: &str| package.get(key).and_then(toml::Value::as_str);
        if text("description").is_none_or(str::is_empty) {
            problems.push(format!("{name}: no description"));
        }
        match text("readme") {
            Some(readme) if dir.join(readme).is_file() => {}
            other => problems.push(format!("{name}: readme {other:?} is not a file")),
        }
        let docs = format!("https://docs.rs/{name}");
        if text("documentation") != Some(docs.as_str()) {
            problems.push(format!("{name}: documentation = \"{docs}\""));
        }
        let keywords: Vec<&str> = package
            .get("keywords")
            .and_then(toml::Value::as_array)
            .map(|k| k.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default();
        let well_formed = |k: &&str| {
            !k.is_empty()
                && k.len() <= 20
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if keywords.is_empty() || keywords.len() > 5 || !keywords.iter().all(well_formed) {
            problems.push(format!(
                "{name}: 1 to 5 keywords of at most 20 ASCII characters: {keywords:?}"
            ));
        }
        let categories: Vec<&str> = package
            .get("categories")
            .and_then(toml::Value::as_array)
            .map(|c| c.iter().filter_map(toml::Value::as_str).collect())
            .unwrap_or_default();
        if categories.is_empty()
            || categories.len() > 5
            || !categories.iter().all(|c| KNOWN_CATEGORIES.contains(c))
        {
            problems.push(format!("{name}: 1 to 5 known categories: {categories:?}"));
        }
    }
    assert!(
        publishable >= 10,
        "only {publishable} publishable crates found"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_placeholder_urls_remain() {
    let root = workspace_root();
    let mut files = vec![root.join("Cargo.toml"), root.join("README.md")];
    files.extend(members().into_iter().map(|dir| dir.join("Cargo.toml")));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("example.invalid"), "{}", file.display());
    }
}

/// Features that exist for tests only (replay tapes, fault hooks): a build
/// that ships must never have them.
const TEST_ONLY_FEATURES: [&str; 2] = ["test-support", "test-hooks"];

/// `(dependency, features)` of one dependency table.
fn dependency_features(table: Option<&toml::Value>) -> Vec<(String, Vec<String>)> {
    let Some(table) = table.and_then(toml::Value::as_table) else {
        return Vec::new();
    };
    table
        .iter()
        .map(|(name, spec)| {
            let features = spec
                .get("features")
                .and_then(toml::Value::as_array)
                .map(|f| {
                    f.iter()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            (name.clone(), features)
        })
        .collect()
}

#[test]
fn test_only_features_are_enabled_only_for_tests() {
    let mut problems = Vec::new();
    for dir in members() {
        let manifest = read_toml(&dir.join("Cargo.toml"));
        let name = manifest["package"]["name"]
            .as_str()
            .expect("name")
            .to_owned();
        // Normal dependencies, also per target: never a test-only feature.
        let mut tables = vec![manifest.get("dependencies")];
        if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
            tables.extend(targets.values().map(|t| t.get("dependencies")));
        }
        for (dependency, features) in tables.into_iter().flat_map(dependency_features) {
            for feature in features
                .iter()
                .filter(|f| TEST_ONLY_FEATURES.contains(&f.as_str()))
            {
                problems.push(format!(
                    "{name}: [dependencies] {dependency} enables `{feature}`"
                ));
            }
        }
        // A feature of the crate may forward a test-only feature only if it
        // is itself one.
        if let Some(own) = manifest.get("features").and_then(toml::Value::as_table) {
            for (feature, enables) in own {
                let forwarded = enables
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(toml::Value::as_str)
                    .filter(|e| {
                        TEST_ONLY_FEATURES
                            .iter()
                            .any(|t| e.ends_with(&format!("/{t}")))
                    });
                for enabled in forwarded {
                    if !TEST_ONLY_FEATURES.contains(&feature.as_str()) {
                        problems.push(format!("{name}: feature `{feature}` enables `{enabled}`"));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "test-only features outside tests:\n{}",
        problems.join("\n")
    );
}
