//! `docs/metrics.md` is the contract of `metrics.json`: this checks it against real output
//! (the sample organization's latest wave, with trends over its three waves).
//!
//! - every documented path occurs in the output;
//! - every top-level key of the output is documented;
//! - every key of a documented object (type `object`, not "as …" another section) is documented;
//! - values documented as `GroupStats` or `Comparison` have exactly the fields of those types.
//!
//! When the output changes on purpose, update `docs/metrics.md` (and `schema_version` when
//! the change is incompatible).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use spiegel::config::Config;
use spiegel::input::discover::discover;

/// A row of a documentation table: path, type, meaning.
struct Row {
    path: String,
    ty: String,
    meaning: String,
}

/// The rows of the main sections and of the shared types' sections.
fn documented() -> (Vec<Row>, BTreeMap<String, Vec<String>>) {
    let text = std::fs::read_to_string("docs/metrics.md").unwrap();
    let (mut rows, mut types) = (Vec::new(), BTreeMap::<String, Vec<String>>::new());
    let mut current_type: Option<String> = None;
    for line in text.lines() {
        if let Some(t) = line.strip_prefix("### ") {
            current_type = Some(t.trim().to_string());
            continue;
        }
        if line.starts_with("## ") {
            current_type = None;
            continue;
        }
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = rest.split(" | ").collect();
        let path = cells[0].trim_end_matches('`').to_string();
        match &current_type {
            Some(t) => types.entry(t.clone()).or_default().push(path),
            None => rows.push(Row {
                path,
                ty: cells[1].trim().to_string(),
                meaning: cells[2].trim_end_matches('|').trim().to_string(),
            }),
        }
    }
    (rows, types)
}

/// Every path of the output (objects, arrays and leaves) with the values found there.
fn paths<'a>(v: &'a Value, at: String, out: &mut BTreeMap<String, Vec<&'a Value>>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                paths(x, p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                paths(x, format!("{at}[]"), out);
            }
        }
        _ => {}
    }
    out.entry(at).or_default().push(v);
}

fn sample() -> Value {
    let config = Config::load(Path::new("config/spiegel.yaml")).unwrap();
    let found = discover(Path::new("data")).unwrap();
    let org = &found.organizations[0];
    // As the pipeline does: every wave measured, trends attached, cards decided.
    let waves = spiegel::analysis::analyze_org(&config, org).unwrap();
    let last = spiegel::report::json::MetricsJson::of(waves.last().unwrap());
    let bytes = spiegel::batch::json::json_bytes(&last).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn metrics_json_matches_its_documented_schema() {
    let (rows, types) = documented();
    assert!(rows.len() > 100, "docs/metrics.md lost its tables?");
    let out = sample();
    assert_eq!(out["schema_version"], 3);
    let mut found = BTreeMap::new();
    paths(&out, String::new(), &mut found);
    let documented: BTreeSet<&str> = rows.iter().map(|r| r.path.as_str()).collect();

    let missing: Vec<&str> = documented
        .iter()
        .copied()
        .filter(|p| !found.contains_key(*p))
        .collect();
    assert!(
        missing.is_empty(),
        "documented but not in metrics.json: {missing:?}"
    );

    let top: Vec<&String> = out
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !documented.contains(k.as_str()))
        .collect();
    assert!(top.is_empty(), "undocumented top-level families: {top:?}");

    for row in &rows {
        let ty = row.ty.trim_end_matches('?');
        let values = &found[row.path.as_str()];
        let objects = values.iter().filter_map(|v| v.as_object());
        if let Some(fields) = types.get(ty) {
            for obj in objects {
                let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
                let mut want: Vec<&str> = fields.iter().map(String::as_str).collect();
                want.sort_unstable();
                assert_eq!(keys, want, "{} is not a {ty}", row.path);
            }
        } else if ty == "object" && !row.meaning.starts_with("as `") {
            for obj in objects {
                for k in obj.keys() {
                    let child = format!("{}.{k}", row.path);
                    assert!(
                        documented.contains(child.as_str()),
                        "{child} is in metrics.json but not in docs/metrics.md"
                    );
                }
            }
        }
    }
}
