//! The generated operation table against its sources: every operation of the
//! spec (plus `sessions.verify` from the 2024-10-01 spec) is there under the
//! official SDK's name, reachable by dotted name and by a typed method, and
//! the spec's deprecated operations are `#[deprecated]`.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use clerk_backend::generated::operations::OPERATIONS;
use clerk_backend::ops::registry;

fn spec_dir() -> PathBuf {
    std::env::var_os("CLERK_OPENAPI_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi"))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `operationId` -> deprecated, from the spec's text: operations sit at
/// `paths:` / `  /path:` / `    method:` / `      key: value`.
fn spec_operations(file: &str) -> BTreeMap<String, bool> {
    let text = read(spec_dir().join(file));
    let mut ops = BTreeMap::new();
    let mut current: Option<(Option<String>, bool)> = None;
    let mut flush = |current: &mut Option<(Option<String>, bool)>| {
        if let Some((Some(id), deprecated)) = current.take() {
            ops.insert(id, deprecated);
        }
    };
    let mut in_paths = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            flush(&mut current);
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        match indent {
            2 => flush(&mut current),
            4 => {
                flush(&mut current);
                let key = line.trim().trim_end_matches(':');
                if ["get", "post", "put", "patch", "delete"].contains(&key) {
                    current = Some((None, false));
                }
            }
            6 => {
                if let Some((id, deprecated)) = current.as_mut() {
                    if let Some(v) = line.trim().strip_prefix("operationId:") {
                        *id = Some(v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned());
                    } else if line.trim() == "deprecated: true" {
                        *deprecated = true;
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut current);
    ops
}

#[test]
fn every_spec_operation_is_in_the_table_with_its_deprecation() {
    let spec = spec_operations("bapi-2026-05-12.yml");
    assert_eq!(spec.len(), 249, "the 2026-05-12 spec has 249 operations");
    let old = spec_operations("bapi-2024-10-01.yml");
    assert_eq!(old.get("VerifySession"), Some(&true), "VerifySession is deprecated in 2024-10-01");

    let table: BTreeMap<&str, bool> = OPERATIONS.iter().map(|op| (op.operation_id, op.deprecated)).collect();
    assert_eq!(OPERATIONS.len(), 250);
    assert_eq!(table.len(), 250, "operation ids are unique");
    for (id, deprecated) in &spec {
        assert_eq!(table.get(id.as_str()), Some(deprecated), "{id}: present, deprecated = {deprecated}");
    }
    assert_eq!(table.get("VerifySession"), Some(&true));
    let verify = registry::lookup("sessions.verify").unwrap();
    assert_eq!((verify.http_method.as_str(), verify.path), ("POST", "/sessions/{session_id}/verify"));
    let deprecated = table.values().filter(|d| **d).count();
    assert_eq!(deprecated, spec.values().filter(|d| **d).count() + 1);
    assert!(deprecated > 1, "the spec does deprecate operations");
}

#[test]
fn names_are_the_official_python_sdk_names() {
    let sigs: serde_json::Value = serde_json::from_str(&read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed/python-signatures.json"),
    ))
    .unwrap();
    let by_id: BTreeMap<&str, &str> = OPERATIONS.iter().map(|op| (op.operation_id, op.name)).collect();
    let mut checked = 0;
    for sig in sigs.as_array().unwrap() {
        let id = sig["operation_id"].as_str().unwrap();
        if id.is_empty() {
            continue; // hand-written helpers of the Python SDK (async twins, interstitial)
        }
        let expected = format!("{}.{}", sig["group"].as_str().unwrap(), sig["name"].as_str().unwrap());
        assert_eq!(by_id.get(id).copied(), Some(expected.as_str()), "{id}");
        checked += 1;
    }
    assert!(checked >= 230, "{checked} names checked");
    for name in ["users.list", "users.get_o_auth_access_token", "organization_invitations.get_all"] {
        assert!(registry::find(name).is_some(), "{name}");
    }
}

/// The generated `resources/<group>.rs` of `group`.
fn resource_source(group: &str) -> String {
    read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("src/generated/resources/{group}.rs")))
}

/// The attribute lines directly above each line defining `fn name(`.
fn attributes_of(source: &str, name: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = source.lines().collect();
    let pattern = format!("fn {name}(");
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("pub ") && l.contains(&pattern))
        .map(|(i, _)| {
            lines[..i]
                .iter()
                .rev()
                .take_while(|l| l.trim_start().starts_with("#["))
                .map(|l| l.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn every_operation_has_typed_methods_and_deprecated_ones_say_so() {
    let mut sources = BTreeMap::new();
    let mut typed = BTreeSet::new();
    for op in OPERATIONS {
        let source = sources.entry(op.group).or_insert_with(|| resource_source(op.group));
        let constant = op.name.to_ascii_uppercase().replace('.', "_");
        assert!(source.contains(&format!("operations::{constant},")), "{}: no typed method calls it", op.name);
        for name in [op.method_name.to_owned(), format!("{}_with", op.method_name)] {
            let defs = attributes_of(source, &name);
            assert_eq!(defs.len(), 2, "{}: `{name}` has an async and a blocking twin", op.name);
            for attrs in defs {
                let marked = attrs.iter().any(|a| a.starts_with("#[deprecated"));
                assert_eq!(marked, op.deprecated, "{}: `{name}` #[deprecated] = {}", op.name, op.deprecated);
            }
        }
        typed.insert(op.name);
    }
    assert_eq!(typed.len(), 250);
}

/// A typed call compiles against the generated surface (and a deprecated one only with an allow).
#[allow(dead_code, deprecated)]
async fn typed_surface_compiles(client: &clerk_backend::Client) -> clerk_backend::Result<()> {
    use clerk_backend::generated::requests::*;
    client.users().list(GetUserListRequest::default()).await?;
    client.sessions().verify(VerifySessionRequest { session_id: "sess_1".into(), ..Default::default() }).await?;
    Ok(())
}

#[test]
fn the_three_uploads_are_multipart_with_a_file_field() {
    use clerk_backend::ops::{BodySpec, ValueType};
    for name in ["users.set_profile_image", "organizations.upload_logo", "oauth_applications.upload_logo"] {
        let op = registry::lookup(name).unwrap();
        let BodySpec::Multipart { fields, .. } = op.body else { panic!("{name}: not multipart") };
        assert!(fields.iter().any(|f| f.ty == ValueType::File), "{name}: no file field");
    }
    let multipart = OPERATIONS.iter().filter(|op| matches!(op.body, BodySpec::Multipart { .. })).count();
    assert_eq!(multipart, 3);
}

#[test]
fn generated_files_say_so_and_live_in_their_own_folder() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/generated");
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let first = read(path.clone()).lines().next().unwrap_or_default().to_owned();
                assert!(first.starts_with("// GENERATED by scripts/generate.py"), "{}: {first}", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen > 10, "{seen} generated files");
}
