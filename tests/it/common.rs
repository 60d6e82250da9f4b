//! Helpers shared by the integration tests: where the repository's files are, what the binary
//! printed, and reading what it wrote (JSON files, manifests, fixture organizations).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;

use serde_json::Value;
use spiegel::config::Config;
use spiegel::model::{OrgMeta, Organization, Wave};

/// The repository's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped configuration, `config/spiegel.yaml`.
pub fn shipped_config() -> PathBuf {
    repo().join("config/spiegel.yaml")
}

/// Write `text` to `path`, creating its folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Exit status, stdout and stderr of a finished command, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[track_caller]
pub fn must_succeed(out: &Output) {
    assert!(out.status.success(), "expected success, got {}", text(out));
}

#[track_caller]
pub fn must_exit(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "{}", text(out));
}

#[track_caller]
pub fn must_contain(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// A JSON file, parsed.
pub fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// Report id → (status, reason or error) from a run's `manifest.json`.
pub fn statuses(manifest: &Value) -> BTreeMap<String, (String, String)> {
    manifest["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let why = r["error"].as_str().or(r["reason"].as_str()).unwrap_or("");
            (
                r["id"].as_str().unwrap().to_string(),
                (r["status"].as_str().unwrap().to_string(), why.to_string()),
            )
        })
        .collect()
}

/// blake3 of a file's bytes, in hex.
pub fn hash(path: &Path) -> String {
    blake3::hash(&std::fs::read(path).unwrap())
        .to_hex()
        .to_string()
}

/// The folder names below `data` (the organization ids), sorted.
pub fn org_ids(data: &Path) -> Vec<String> {
    let mut orgs: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    orgs.sort();
    orgs
}

/// Run one of the Python checkers in tests/support, which prints one JSON object a line;
/// `needs` says what to install when it fails.
pub fn python_json_lines(mut cmd: Command, needs: &str) -> Vec<Value> {
    let out = cmd.output().expect("python3 is needed for this test");
    assert!(
        out.status.success(),
        "{needs}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The organization `org` and its wave `wave`, both in the folder `dir` (`org.yaml` next to
/// the wave's files): for reading a fixture wave directly.
pub fn fixture_wave(dir: &Path, org: &str, wave: &str) -> (Organization, Wave) {
    let text = std::fs::read_to_string(dir.join("org.yaml")).unwrap();
    let meta: OrgMeta = serde_saphyr::from_str(&text).unwrap();
    let org = Organization {
        id: org.into(),
        dir: dir.to_path_buf(),
        meta,
        waves: Vec::new(),
    };
    let wave = Wave {
        id: wave.into(),
        dir: dir.to_path_buf(),
        meta: Default::default(),
    };
    (org, wave)
}

/// The aspect ids of the shipped questionnaire, in its order.
pub fn shipped_aspects() -> Vec<&'static str> {
    static SHIPPED: LazyLock<Config> = LazyLock::new(|| Config::load(&shipped_config()).unwrap());
    SHIPPED.aspect_ids()
}
