//! `out/manifest.json`: what a run did, per report, for schedulers and for the portfolio page.
//!
//! ```json
//! {
//!   "format": 1,
//!   "spiegel_version": "0.1.0",
//!   "run": { "started": "2026-11-23T02:00:00Z", "duration": 81.4, "jobs": 2,
//!            "shard": null, "merged_from": [], "missing_shards": [],
//!            "options": { "orgs": [], "wave": null, "all_waves": false, "force": false } },
//!   "totals": { "organizations": 3, "reports": 3, "built": 1, "unchanged": 1,
//!               "skipped": 0, "failed": 1, "findings": 4, "warnings": 0 },
//!   "reports": [
//!     { "id": "acme/2026-Q3/organization", "org": "acme", "wave": "2026-Q3",
//!       "kind": "organization", "department": null,
//!       "status": "built", "reason": "inputs changed: data", "error": null,
//!       "input_hash": "…", "duration": 0.41, "typst": 0.17,
//!       "warnings": [], "findings": 2, "path": "acme/2026-Q3",
//!       "files": ["acme/2026-Q3/report.pdf", "…"] }
//!   ]
//! }
//! ```
//!
//! Keys are sorted, reports are sorted by id. `status` is `built`, `unchanged`, `skipped`
//! (with `reason`) or `failed` (with `error`, naming file and line where it applies).
//! `duration` is the seconds spent on the report itself (render and typst), `typst` the part
//! of it spent in typst. A sharded run writes `manifest.shard-K-of-N.json` instead;
//! [`merge`] joins those into `manifest.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::batch::json::json_bytes;
use crate::batch::publish::write_atomic;
use crate::batch::shard::Shard;

/// Version of the manifest layout.
pub const FORMAT: u32 = 1;

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// The spiegel version that wrote it.
    pub spiegel_version: String,
    /// About the run.
    pub run: RunInfo,
    /// Counts over `reports`.
    pub totals: Totals,
    /// Every report the run was asked for, sorted by id.
    pub reports: Vec<ReportEntry>,
    /// The e-mails of `spiegel deliver` (or `run --deliver`) after this run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliveries: Vec<DeliveryRecord>,
}

/// About the run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Start, UTC, RFC 3339.
    pub started: String,
    /// Wall time in seconds.
    pub duration: f64,
    /// Worker threads, and so the most typst processes at once.
    pub jobs: usize,
    /// `K/N` for one shard of a sharded run.
    pub shard: Option<String>,
    /// The shard manifests merged into this one.
    pub merged_from: Vec<String>,
    /// Shards without a manifest at merge time.
    pub missing_shards: Vec<u32>,
    /// The selection the run was started with.
    pub options: RunOptionsRecord,
    /// What every shard of one run shares (`--run-id`, or the configuration and program
    /// hashes plus the day); `merge-manifests` merges only shards of one identity.
    #[serde(default)]
    pub identity: Option<String>,
    /// When the previous run was interrupted (killed, disk full) before it wrote its
    /// manifest: the start time it had recorded.
    #[serde(default)]
    pub interrupted_before: Option<String>,
    /// Shard manifests lying in the folder that belong to another run (another identity);
    /// they were not merged and their shards count as missing.
    #[serde(default)]
    pub foreign_shards: Vec<String>,
}

/// The run's selection, as given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunOptionsRecord {
    /// `--org` (empty: all).
    pub orgs: Vec<String>,
    /// `--wave`.
    pub wave: Option<String>,
    /// `--all-waves`.
    pub all_waves: bool,
    /// `--force`.
    pub force: bool,
}

/// Counts over the reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Distinct organizations.
    pub organizations: usize,
    /// Reports listed.
    pub reports: usize,
    /// Built in this run.
    pub built: usize,
    /// Up to date already.
    pub unchanged: usize,
    /// Not built, for a reason.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
    /// Data findings over all reports.
    pub findings: usize,
    /// typst warnings over all reports.
    pub warnings: usize,
}

/// What became of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Built in this run.
    Built,
    /// Its inputs did not change and its files exist.
    Unchanged,
    /// Not built, see `reason`.
    Skipped,
    /// Failed, see `error`; the previous version of the report, if any, is still there.
    Failed,
    /// `--dry-run`: would be built.
    WouldBuild,
}

impl Status {
    /// The word used in logs and the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Built => "built",
            Status::Unchanged => "unchanged",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::WouldBuild => "would build",
        }
    }
}

/// One report of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    /// `org/wave/organization` or `org/wave/department/<id>`.
    pub id: String,
    /// Organization id.
    pub org: String,
    /// Wave id (absent when the organization could not even be read).
    pub wave: Option<String>,
    /// `organization` or `department`.
    pub kind: String,
    /// The department id of a department report.
    pub department: Option<String>,
    /// What became of it.
    pub status: Status,
    /// Why it was built, skipped or would be built.
    pub reason: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// [`crate::batch::hash::Fingerprint::combined`] of its inputs.
    pub input_hash: Option<String>,
    /// Seconds spent on this report (render and typst).
    pub duration: f64,
    /// Seconds of that spent in typst.
    pub typst: f64,
    /// typst warnings.
    pub warnings: Vec<String>,
    /// Data findings of its wave (problems in the data that did not stop the report).
    pub findings: usize,
    /// Its folder, relative to the output folder.
    pub path: Option<String>,
    /// Its files, relative to the output folder.
    pub files: Vec<String>,
}

/// One message of a delivery run, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// Recipient address (empty when the organization has none).
    pub to: String,
    /// `sent`, `failed`, `written` (dry run: an .eml file), `marked` (`--mark-delivered`) or
    /// `skipped` (no address).
    pub status: String,
    /// The report ids it carried.
    pub reports: Vec<String>,
    /// Why it failed or was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The .eml file of a dry run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Totals {
    /// Count `reports`.
    pub fn of(reports: &[ReportEntry]) -> Totals {
        let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
        let orgs: std::collections::BTreeSet<&str> =
            reports.iter().map(|r| r.org.as_str()).collect();
        Totals {
            organizations: orgs.len(),
            reports: reports.len(),
            built: count(Status::Built),
            unchanged: count(Status::Unchanged),
            skipped: count(Status::Skipped),
            failed: count(Status::Failed),
            findings: reports.iter().map(|r| r.findings).sum(),
            warnings: reports.iter().map(|r| r.warnings.len()).sum(),
        }
    }
}

impl Manifest {
    /// A manifest of `reports` (sorted here) with totals.
    pub fn new(run: RunInfo, mut reports: Vec<ReportEntry>) -> Manifest {
        reports.sort_by(|a, b| a.id.cmp(&b.id));
        Manifest {
            format: FORMAT,
            spiegel_version: env!("CARGO_PKG_VERSION").to_string(),
            run,
            totals: Totals::of(&reports),
            reports,
            deliveries: Vec::new(),
        }
    }

    /// Read a manifest file.
    pub fn read(path: &Path) -> anyhow::Result<Manifest> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))
    }

    /// Write it atomically.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        write_atomic(path, &json_bytes(self)?)
    }
}

/// `out/manifest.json`, or `out/manifest.shard-K-of-N.json` for a shard.
pub fn path(out: &Path, shard: Option<Shard>) -> PathBuf {
    match shard {
        None => out.join("manifest.json"),
        Some(s) => out.join(format!("manifest.{}.json", s.file_stem())),
    }
}

/// The shard manifests found in `out`, by shard count, then index.
fn shard_manifests(out: &Path) -> anyhow::Result<BTreeMap<u32, BTreeMap<u32, PathBuf>>> {
    let mut found: BTreeMap<u32, BTreeMap<u32, PathBuf>> = BTreeMap::new();
    let entries = std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix("manifest.shard-")
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        let Some((k, n)) = rest.split_once("-of-") else {
            continue;
        };
        if let (Ok(k), Ok(n)) = (k.parse::<u32>(), n.parse::<u32>()) {
            found.entry(n).or_default().insert(k, entry.path());
        }
    }
    Ok(found)
}

/// The result of [`merge`].
#[derive(Debug)]
pub struct Merged {
    /// The merged manifest, written to `out/manifest.json`.
    pub manifest: Manifest,
    /// Where it was written.
    pub path: PathBuf,
}

/// Merge the shard manifests of an N-shard run in `out` into `out/manifest.json`.
/// `count`: which N, when manifests of several shard counts lie there (default: the N of the
/// most recently written shard manifest). Missing shards are listed in
/// `run.missing_shards`; the caller decides what that means for the exit status.
pub fn merge(out: &Path, count: Option<u32>) -> anyhow::Result<Merged> {
    let found = shard_manifests(out)?;
    let count = match count {
        Some(n) => n,
        None => {
            let newest = found
                .iter()
                .flat_map(|(n, files)| files.values().map(move |p| (*n, p)))
                .max_by_key(|(_, p)| std::fs::metadata(p).and_then(|m| m.modified()).ok());
            match newest {
                Some((n, _)) => n,
                None => anyhow::bail!(
                    "no shard manifests (manifest.shard-K-of-N.json) in {}",
                    out.display()
                ),
            }
        }
    };
    let files = found.get(&count).cloned().unwrap_or_default();
    if files.is_empty() {
        anyhow::bail!(
            "no manifests of a {count}-shard run (manifest.shard-K-of-{count}.json) in {}",
            out.display()
        );
    }
    let mut manifests = Vec::new();
    for path in files.values() {
        manifests.push((path, Manifest::read(path)?));
    }
    // The run being merged is the one of the newest shard manifest; shards of another run
    // (yesterday's, another configuration) are left out and counted missing.
    let newest = files
        .values()
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .cloned();
    let identity = manifests
        .iter()
        .find(|(p, _)| Some(*p) == newest.as_ref())
        .and_then(|(_, m)| m.run.identity.clone());
    let mut reports: BTreeMap<String, ReportEntry> = BTreeMap::new();
    let mut run = RunInfo::default();
    let mut merged_shards = std::collections::BTreeSet::new();
    for (path, m) in manifests {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if m.run.identity != identity || identity.is_none() {
            run.foreign_shards.push(format!(
                "{name} (run {})",
                m.run.identity.as_deref().unwrap_or("without identity")
            ));
            continue;
        }
        if let Some(k) = files.iter().find(|(_, p)| *p == path).map(|(k, _)| *k) {
            merged_shards.insert(k);
        }
        // The merged run starts with the first shard; its duration is the longest shard's
        // (shards run side by side).
        if run.started.is_empty() || m.run.started < run.started {
            run.started.clone_from(&m.run.started);
        }
        run.duration = run.duration.max(m.run.duration);
        run.jobs = run.jobs.max(m.run.jobs);
        run.options = m.run.options.clone();
        run.merged_from.push(name);
        for r in m.reports {
            if let Some(other) = reports.get(&r.id) {
                anyhow::bail!(
                    "report {} appears in two shard manifests ({} and {}); were the shards \
                     run with different organizations?",
                    r.id,
                    other.org,
                    path.display()
                );
            }
            reports.insert(r.id.clone(), r);
        }
    }
    run.identity = identity;
    run.missing_shards = (0..count).filter(|k| !merged_shards.contains(k)).collect();
    let manifest = Manifest::new(run, reports.into_values().collect());
    let path = out.join("manifest.json");
    manifest.write(&path)?;
    Ok(Merged { manifest, path })
}

/// Now as RFC 3339 UTC, to the second.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let day = crate::model::Date::from_days(secs.div_euclid(86_400)).to_string();
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(org: &str, status: Status) -> ReportEntry {
        ReportEntry {
            id: format!("{org}/2026-Q3/organization"),
            org: org.into(),
            wave: Some("2026-Q3".into()),
            kind: "organization".into(),
            department: None,
            status,
            reason: None,
            error: None,
            input_hash: None,
            duration: 0.0,
            typst: 0.0,
            warnings: Vec::new(),
            findings: 1,
            path: None,
            files: Vec::new(),
        }
    }

    fn shard_manifest(out: &Path, k: u32, n: u32, orgs: &[&str]) {
        let run = RunInfo {
            started: format!("2026-11-23T02:00:0{k}Z"),
            shard: Some(format!("{k}/{n}")),
            identity: Some("tonight".into()),
            ..RunInfo::default()
        };
        let reports = orgs.iter().map(|o| entry(o, Status::Built)).collect();
        let shard = Shard { index: k, count: n };
        Manifest::new(run, reports)
            .write(&path(out, Some(shard)))
            .unwrap();
    }

    #[test]
    fn totals_count_statuses_and_organizations() {
        let t = Totals::of(&[
            entry("a", Status::Built),
            entry("b", Status::Failed),
            entry("c", Status::Unchanged),
        ]);
        assert_eq!((t.reports, t.organizations), (3, 3));
        assert_eq!((t.built, t.failed, t.unchanged, t.skipped), (1, 1, 1, 0));
        assert_eq!(t.findings, 3);
    }

    #[test]
    fn merge_joins_the_shards_sorted_and_names_missing_ones() {
        let tmp = tempfile::tempdir().unwrap();
        shard_manifest(tmp.path(), 0, 3, &["c", "a"]);
        shard_manifest(tmp.path(), 2, 3, &["b"]);
        let merged = merge(tmp.path(), None).unwrap();
        let ids: Vec<&str> = merged
            .manifest
            .reports
            .iter()
            .map(|r| r.org.as_str())
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(merged.manifest.run.missing_shards, [1]);
        assert_eq!(merged.manifest.totals.built, 3);
        assert_eq!(merged.manifest.run.started, "2026-11-23T02:00:00Z");
        assert_eq!(Manifest::read(&merged.path).unwrap(), merged.manifest);
    }

    #[test]
    fn a_report_in_two_shards_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        shard_manifest(tmp.path(), 0, 2, &["a"]);
        shard_manifest(tmp.path(), 1, 2, &["a"]);
        let err = merge(tmp.path(), None).unwrap_err().to_string();
        assert!(err.contains("appears in two shard manifests"), "{err}");
    }

    #[test]
    fn a_shard_of_another_run_is_not_merged_and_counts_missing() {
        let tmp = tempfile::tempdir().unwrap();
        shard_manifest(tmp.path(), 0, 2, &["a"]);
        shard_manifest(tmp.path(), 1, 2, &["b"]);
        let old = path(tmp.path(), Some(Shard { index: 1, count: 2 }));
        let mut m = Manifest::read(&old).unwrap();
        m.run.identity = Some("yesterday".into());
        m.write(&old).unwrap();
        // The newest manifest is the reference: make shard 0 the newest.
        std::thread::sleep(std::time::Duration::from_millis(20));
        shard_manifest(tmp.path(), 0, 2, &["a"]);
        let merged = merge(tmp.path(), None).unwrap();
        assert_eq!(merged.manifest.run.missing_shards, [1]);
        assert_eq!(merged.manifest.run.foreign_shards.len(), 1);
        assert!(merged.manifest.run.foreign_shards[0].contains("yesterday"));
        assert_eq!(merged.manifest.totals.reports, 1);
    }

    #[test]
    fn merge_without_shard_manifests_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let err = merge(tmp.path(), None).unwrap_err().to_string();
        assert!(err.contains("no shard manifests"), "{err}");
    }

    #[test]
    fn utc_now_is_rfc3339() {
        let now = utc_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[10] == b'T', "{now}");
    }
}
