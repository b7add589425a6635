//! The API is a contract: `hub schema` (the all-in-one SDL) and `hub schema --module NAME` (each
//! subgraph) must equal the committed snapshots, so every change to the API is a deliberate,
//! reviewed diff. After an intended change, rewrite them with
//! `UPDATE_SNAPSHOTS=1 cargo test -p hub --test api schema_snapshot` and commit the result.

use std::path::{Path, PathBuf};

use crate::helpers::{hub_modules, hub_schema};

fn snapshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/api/snapshots")
}

/// Compares, or with `UPDATE_SNAPSHOTS=1` rewrites; returns what differs.
fn check(path: &Path, printed: &str) -> Option<String> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent")).unwrap();
        std::fs::write(path, printed).unwrap();
        return None;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == printed {
        return None;
    }
    let line = committed
        .lines()
        .zip(printed.lines())
        .position(|(a, b)| a != b)
        .map_or_else(|| committed.lines().count().min(printed.lines().count()) + 1, |index| index + 1);
    Some(format!("{} differs from the printed schema from line {line}", path.display()))
}

#[test]
fn the_printed_schemas_equal_the_committed_snapshots() {
    let mut differences: Vec<String> = Vec::new();
    differences.extend(check(&snapshots().join("schema.graphql"), &hub_schema(None)));
    let modules = hub_modules();
    for module in &modules {
        let path = snapshots().join("subgraphs").join(format!("{module}.graphql"));
        differences.extend(check(&path, &hub_schema(Some(module))));
    }
    // A snapshot of a module the hub no longer has would hide that the module went away.
    for entry in std::fs::read_dir(snapshots().join("subgraphs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let known = name.strip_suffix(".graphql").is_some_and(|module| modules.iter().any(|m| m == module));
        if !known {
            differences.push(format!("snapshots/subgraphs/{name} names no module of `hub modules`"));
        }
    }
    assert!(
        differences.is_empty(),
        "the API changed:\n  {}\nIf that is intended, run `UPDATE_SNAPSHOTS=1 cargo test -p hub --test api schema_snapshot` and commit the snapshots.",
        differences.join("\n  ")
    );
}
