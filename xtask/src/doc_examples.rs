//! `cargo xtask doc-examples`: every public item of every publishable crate
//! has a code example in its documentation.
//!
//! rustdoc's own lint for this (`rustdoc::missing_doc_code_examples`) is
//! unstable and skips items re-exported from private modules, which is how
//! most of our API is laid out; so this task reads rustdoc's JSON output
//! (nightly, `--output-format json`) and checks every item reachable from
//! the crate root: functions, methods of inherent impls, types, traits,
//! constants, statics, macros and modules. Fields and variants are covered
//! by their type's example, trait-impl methods by the trait's; sealing
//! traits (`Sealed`) have nothing to show.
//!
//! Needs the nightly toolchain (`rustup toolchain install nightly`); the JSON
//! goes to `target/doc-examples` so the normal docs are untouched.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Entry point of `cargo xtask doc-examples`.
pub fn main() -> Result<(), String> {
    let root = crate::root_dir();
    let target = root.join("target/doc-examples");
    let mut missing = Vec::new();
    let crates = publishable_libraries(&root)?;
    for (package, lib, features) in &crates {
        crate::run(
            &format!("rustdoc JSON for {package}"),
            Command::new("cargo")
                .current_dir(&root)
                .args(["+nightly", "rustdoc", "-q", "--lib", "-p", package])
                .args(["--features", &features.join(",")])
                .args(["--", "-Z", "unstable-options", "--output-format", "json"])
                .env("CARGO_TARGET_DIR", &target),
        )?;
        let path = target.join("doc").join(format!("{lib}.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        missing.extend(
            items_without_examples(&json)
                .into_iter()
                .map(|item| format!("{package}: {item}")),
        );
    }
    if missing.is_empty() {
        println!(
            "doc-examples: every public item of {} crates has an example",
            crates.len()
        );
        Ok(())
    } else {
        Err(format!(
            "{} public items have no example in their docs:\n  {}",
            missing.len(),
            missing.join("\n  ")
        ))
    }
}

/// (package name, library crate name, features) of every member that may be
/// published and has a library (`src/lib.rs`), from `cargo metadata`. The
/// features are all of its own but the `default-backend-*` ones (two of
/// which are a compile error by design).
fn publishable_libraries(root: &Path) -> Result<Vec<(String, String, Vec<String>)>, String> {
    let text = crate::output_of(crate::cargo().current_dir(root).args([
        "metadata",
        "--no-deps",
        "--format-version",
        "1",
    ]))?;
    let metadata: Value =
        serde_json::from_str(&text).map_err(|e| format!("cargo metadata: {e}"))?;
    let mut crates = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        // `publish = false` is an empty list of registries.
        let unpublished = package["publish"].as_array().is_some_and(Vec::is_empty);
        let lib = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|target| {
                target["src_path"]
                    .as_str()
                    .is_some_and(|path| path.ends_with("/src/lib.rs"))
            });
        let (Some(lib), Some(name), false) = (lib, package["name"].as_str(), unpublished) else {
            continue;
        };
        let features = package["features"].as_object().into_iter().flatten();
        crates.push((
            name.to_owned(),
            lib["name"].as_str().unwrap_or(name).to_owned(),
            features
                .map(|(feature, _)| feature.clone())
                .filter(|f| !f.starts_with("default-backend-"))
                .collect(),
        ));
    }
    Ok(crates)
}

/// "file:line kind name" of every public item without a code example.
fn items_without_examples(json: &Value) -> Vec<String> {
    let Some(index) = json.get("index").and_then(Value::as_object) else {
        return vec!["rustdoc JSON without an index".to_owned()];
    };
    // Whether an item is a member of a trait impl (documented by the trait).
    let mut impl_member: HashMap<String, bool> = HashMap::new();
    for item in index.values() {
        if let Some(imp) = item.get("inner").and_then(|i| i.get("impl")) {
            let of_trait = !imp.get("trait").is_none_or(Value::is_null)
                || imp.get("synthetic").and_then(Value::as_bool) == Some(true)
                || !imp.get("blanket_impl").is_none_or(Value::is_null);
            for member in imp
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                impl_member.insert(member.to_string(), of_trait);
            }
        }
    }
    let mut missing = Vec::new();
    for (id, item) in index {
        if item.get("crate_id").and_then(Value::as_u64) != Some(0) {
            continue;
        }
        let Some(kind) = item
            .get("inner")
            .and_then(Value::as_object)
            .and_then(|i| i.keys().next())
        else {
            continue;
        };
        let skipped_kind = matches!(
            kind.as_str(),
            "impl"
                | "struct_field"
                | "variant"
                | "use"
                | "primitive"
                | "assoc_type"
                | "assoc_const"
        );
        let name = item.get("name").and_then(Value::as_str).unwrap_or("");
        let public = item.get("visibility").and_then(Value::as_str) == Some("public");
        let member_of = impl_member
            .get(id.as_str())
            .or_else(|| impl_member.get(&format!("\"{id}\"")));
        if skipped_kind
            || name == "Sealed"
            || member_of == Some(&true)
            || (!public && member_of.is_none())
        {
            continue;
        }
        let docs = item.get("docs").and_then(Value::as_str).unwrap_or("");
        if docs.contains("```") {
            continue;
        }
        let span = item.get("span");
        let file = span
            .and_then(|s| s.get("filename"))
            .and_then(Value::as_str)
            .unwrap_or("?");
        let line = span
            .and_then(|s| s.get("begin"))
            .and_then(|b| b.get(0))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        missing.push(format!("{file}:{line} {kind} {name}"));
    }
    missing.sort();
    missing
}
