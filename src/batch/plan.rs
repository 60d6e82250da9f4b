//! What a run asks for and what of it is stale: the report jobs (organization × wave ×
//! kind), and per wave folder whether its stamp still vouches for every file in it or why it
//! must be rebuilt.

use std::path::{Path, PathBuf};

use crate::batch::hash::Fingerprint;
use crate::batch::manifest::{ReportEntry, Status};
use crate::batch::publish::{self, Stamp};
use crate::batch::shard::Shard;
use crate::config::Config;
use crate::model::{Organization, Wave};

/// Which waves get a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WaveChoice {
    /// The latest wave of each organization.
    #[default]
    Latest,
    /// This wave (organizations without it are skipped).
    One(String),
    /// Every wave.
    All,
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Only these organization ids (all when empty).
    pub orgs: Vec<String>,
    /// Which waves get a report.
    pub waves: WaveChoice,
    /// Rebuild even what is up to date.
    pub force: bool,
    /// Only say what would be built.
    pub dry_run: bool,
    /// Only this shard's organizations.
    pub shard: Option<Shard>,
    /// Worker threads = the most typst processes at once (default: the number of cores).
    pub jobs: Option<usize>,
    /// The identity shared by every shard of one run (`--run-id`), see [`BatchResult`].
    pub run_id: Option<String>,
}

/// The kind of a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportKind {
    /// The report of the whole organization.
    Organization,
    /// The report of one department (by id).
    Department(String),
}

impl ReportKind {
    /// `organization` or `department/<id>`: the key in stamps and report ids.
    pub fn key(&self) -> String {
        match self {
            ReportKind::Organization => "organization".into(),
            ReportKind::Department(id) => format!("department/{id}"),
        }
    }

    /// The inverse of [`ReportKind::key`].
    pub fn from_key(key: &str) -> Option<ReportKind> {
        match key.split_once('/') {
            None if key == "organization" => Some(ReportKind::Organization),
            Some(("department", id)) if !id.is_empty() => Some(ReportKind::Department(id.into())),
            _ => None,
        }
    }

    /// Its folder inside the wave folder (`""` for the organization report).
    pub fn subdir(&self) -> PathBuf {
        match self {
            ReportKind::Organization => PathBuf::new(),
            ReportKind::Department(id) => Path::new("departments").join(id),
        }
    }
}

/// The reports an organization has per wave: its own, and (when `reports.departments` is on)
/// one `ReportKind::Department(id)` per department of `org.yaml`, built into
/// `departments/<id>/` of the wave folder. A department that must not get a report (too few
/// respondents) is declined when it is built: `skipped` with the reason, without holding up
/// the rest of the wave.
pub fn report_kinds(config: &Config, org: &Organization) -> Vec<ReportKind> {
    let departments = if config.reports.departments {
        &org.meta.departments[..]
    } else {
        &[]
    };
    std::iter::once(ReportKind::Organization)
        .chain(
            departments
                .iter()
                .map(|d| ReportKind::Department(d.id.clone())),
        )
        .collect()
}

/// One report job: the unit of the manifest and of typst scheduling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportJob {
    /// Organization id.
    pub org: String,
    /// Wave id; `None` when the organization could not be read at all.
    pub wave: Option<String>,
    /// Organization or department report.
    pub kind: ReportKind,
}

impl ReportJob {
    /// `org/wave/organization`, `org/wave/department/<id>`, or `org/organization`.
    pub fn id(&self) -> String {
        match &self.wave {
            Some(w) => format!("{}/{w}/{}", self.org, self.kind.key()),
            None => format!("{}/{}", self.org, self.kind.key()),
        }
    }

    /// A manifest entry for this job with `status` and nothing else filled in.
    pub(super) fn entry(&self, status: Status) -> ReportEntry {
        let (kind, department) = match &self.kind {
            ReportKind::Organization => ("organization".to_string(), None),
            ReportKind::Department(id) => ("department".to_string(), Some(id.clone())),
        };
        let path = self.wave.as_ref().map(|w| {
            let p = Path::new(&self.org).join(w);
            match self.kind {
                ReportKind::Organization => slash(&p),
                ReportKind::Department(_) => slash(&p.join(self.kind.subdir())),
            }
        });
        ReportEntry {
            id: self.id(),
            org: self.org.clone(),
            wave: self.wave.clone(),
            kind,
            department,
            status,
            reason: None,
            error: None,
            input_hash: None,
            duration: 0.0,
            typst: 0.0,
            warnings: Vec::new(),
            findings: 0,
            path,
            files: Vec::new(),
        }
    }
}

pub(super) fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// One wave folder of an organization: what is asked of it and whether it is up to date.
pub(super) struct WavePlan<'o> {
    pub(super) wave: &'o Wave,
    /// The reports asked for in this run.
    pub(super) requested: Vec<ReportKind>,
    /// The reports the folder will hold when rebuilt: requested ones plus the ones it holds.
    pub(super) kinds: Vec<ReportKind>,
    pub(super) stamp: Option<Stamp>,
    /// Why the folder must be rebuilt; `None`: up to date.
    pub(super) rebuild: Option<String>,
}

pub(super) fn requested_waves<'o>(
    org: &'o Organization,
    choice: &WaveChoice,
) -> Option<Vec<&'o Wave>> {
    match choice {
        WaveChoice::Latest => Some(org.waves.last().into_iter().collect()),
        WaveChoice::All => Some(org.waves.iter().collect()),
        WaveChoice::One(id) => org.waves.iter().find(|w| &w.id == id).map(|w| vec![w]),
    }
}

/// The jobs a wave plan will build: requested ones, then the kept ones.
pub(super) fn jobs_of<'p>(
    org: &'p Organization,
    plan: &'p WavePlan,
) -> impl Iterator<Item = ReportJob> + 'p {
    plan.kinds.iter().map(move |k| ReportJob {
        org: org.id.clone(),
        wave: Some(plan.wave.id.clone()),
        kind: k.clone(),
    })
}

pub(super) fn plan_wave<'o>(
    out: &Path,
    force: bool,
    org: &Organization,
    wave: &'o Wave,
    wanted: &[&Wave],
    kinds: &[ReportKind],
    fingerprint: &Fingerprint,
) -> WavePlan<'o> {
    let dir = publish::wave_dir(out, &org.id, &wave.id);
    let stamp = publish::read_stamp(&dir);
    let requested: Vec<ReportKind> = if wanted.iter().any(|w| w.id == wave.id) {
        kinds.to_vec()
    } else {
        Vec::new()
    };
    let mut all: Vec<ReportKind> = requested.clone();
    if let Some(s) = &stamp {
        for kind in s.reports.keys().filter_map(|k| ReportKind::from_key(k)) {
            if kinds.contains(&kind) && !all.contains(&kind) {
                all.push(kind);
            }
        }
    }
    let rebuild = why_rebuild(force, stamp.as_ref(), fingerprint, &dir, &requested);
    WavePlan {
        wave,
        requested,
        kinds: all,
        stamp,
        rebuild,
    }
}

/// Why a wave folder must be rebuilt, or `None` when it is up to date.
fn why_rebuild(
    force: bool,
    stamp: Option<&Stamp>,
    fingerprint: &Fingerprint,
    dir: &Path,
    requested: &[ReportKind],
) -> Option<String> {
    if force {
        return Some("forced (--force)".into());
    }
    let Some(stamp) = stamp else {
        return Some(if dir.exists() {
            "not built completely before".into()
        } else {
            "new".into()
        });
    };
    let changed = fingerprint.changed_since(&stamp.fingerprint);
    if !changed.is_empty() || stamp.input_hash != fingerprint.combined() {
        return Some(format!("inputs changed: {}", changed.join(", ")));
    }
    if !dir.join("metrics.json").is_file() {
        return Some("output missing: metrics.json".into());
    }
    for kind in requested {
        let Some(report) = stamp.reports.get(&kind.key()) else {
            return Some("not built before".into());
        };
        if let Some(missing) = report.files.keys().find(|f| !dir.join(f).is_file()) {
            return Some(format!("output missing: {missing}"));
        }
    }
    // Every file is what the stamp says it was when published: a report truncated or
    // replaced by hand (or by a disk error) is rebuilt, not called unchanged forever.
    let altered =
        |file: &str, hash: &str| publish::file_hash(&dir.join(file)).map_or(true, |h| h != hash);
    if altered("metrics.json", &stamp.metrics) {
        return Some("output altered: metrics.json".into());
    }
    for kind in requested {
        if let Some(report) = stamp.reports.get(&kind.key())
            && let Some((file, _)) = report.files.iter().find(|(f, h)| altered(f, h))
        {
            return Some(format!("output altered: {file}"));
        }
    }
    None
}

/// Entries of a wave folder that is not built in this run: `unchanged` for requested
/// reports of an up-to-date folder, `would build` in a dry run.
pub(super) fn planned_entries(
    org: &Organization,
    plan: &WavePlan,
    fingerprint: &Fingerprint,
) -> Vec<ReportEntry> {
    let wave_path = Path::new(&org.id).join(&plan.wave.id);
    match &plan.rebuild {
        None => plan
            .requested
            .iter()
            .map(|kind| {
                let job = ReportJob {
                    org: org.id.clone(),
                    wave: Some(plan.wave.id.clone()),
                    kind: kind.clone(),
                };
                let mut entry = job.entry(Status::Unchanged);
                if let Some(stamp) = &plan.stamp {
                    entry.input_hash = Some(stamp.input_hash.clone());
                    entry.findings = stamp.findings;
                    if let Some(why) = stamp
                        .reports
                        .get(&kind.key())
                        .and_then(|r| r.skipped.clone())
                    {
                        entry.status = Status::Skipped;
                        entry.reason = Some(why);
                    } else if let Some(r) = stamp.reports.get(&kind.key()) {
                        entry.warnings.clone_from(&r.warnings);
                        entry.files = r.files.keys().map(|f| slash(&wave_path.join(f))).collect();
                    }
                }
                entry
            })
            .collect(),
        // Only a dry run leaves a stale folder unbuilt.
        Some(reason) => jobs_of(org, plan)
            .map(|job| {
                let mut entry = job.entry(Status::WouldBuild);
                entry.reason = Some(kept_reason(plan, &job.kind, reason));
                entry.input_hash = Some(fingerprint.combined());
                entry
            })
            .collect(),
    }
}

/// The reason a report is built: the folder's reason, marked when the report was not asked
/// for but is kept up to date because the folder already held it.
pub(super) fn kept_reason(plan: &WavePlan, kind: &ReportKind, reason: &str) -> String {
    if plan.requested.contains(kind) {
        reason.to_string()
    } else {
        format!("kept up to date: {reason}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::publish::{STAMP_FORMAT, StampedReport};

    #[test]
    fn report_kinds_round_trip_through_their_keys() {
        for kind in [
            ReportKind::Organization,
            ReportKind::Department("klantcontact".into()),
        ] {
            assert_eq!(ReportKind::from_key(&kind.key()), Some(kind));
        }
        assert_eq!(ReportKind::from_key("department/"), None);
        assert_eq!(ReportKind::from_key("other"), None);
    }

    #[test]
    fn job_ids_and_folders() {
        let job = ReportJob {
            org: "acme".into(),
            wave: Some("2026-Q3".into()),
            kind: ReportKind::Department("kc".into()),
        };
        assert_eq!(job.id(), "acme/2026-Q3/department/kc");
        let e = job.entry(Status::Built);
        assert_eq!(e.path.as_deref(), Some("acme/2026-Q3/departments/kc"));
        assert_eq!(e.kind, "department");
    }

    fn fp(data: &str) -> Fingerprint {
        Fingerprint {
            data: data.into(),
            config: "c".into(),
            templates: "t".into(),
            fonts: "f".into(),
            program: "p".into(),
        }
    }

    #[test]
    fn a_folder_is_rebuilt_for_each_reason_and_otherwise_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("metrics.json"), "{}").unwrap();
        std::fs::write(dir.join("report.pdf"), "%PDF").unwrap();
        let hash = |f: &str| publish::file_hash(&dir.join(f)).unwrap();
        let now = fp("d");
        let mut stamp = Stamp {
            format: STAMP_FORMAT,
            input_hash: now.combined(),
            fingerprint: now.clone(),
            findings: 0,
            metrics: hash("metrics.json"),
            reports: [(
                "organization".to_string(),
                StampedReport {
                    files: [("report.pdf".to_string(), hash("report.pdf"))].into(),
                    warnings: vec![],
                    skipped: None,
                },
            )]
            .into(),
        };
        let org = [ReportKind::Organization];
        assert_eq!(why_rebuild(false, Some(&stamp), &now, dir, &org), None);
        assert_eq!(why_rebuild(false, Some(&stamp), &now, dir, &[]), None);
        assert_eq!(
            why_rebuild(true, Some(&stamp), &now, dir, &org).as_deref(),
            Some("forced (--force)")
        );
        assert_eq!(
            why_rebuild(false, Some(&stamp), &fp("e"), dir, &org).as_deref(),
            Some("inputs changed: data")
        );
        let dept = [ReportKind::Department("kc".into())];
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &dept).as_deref(),
            Some("not built before")
        );
        assert_eq!(
            why_rebuild(false, None, &now, dir, &org).as_deref(),
            Some("not built completely before")
        );
        // A published file altered by hand (truncated, replaced) is rebuilt.
        std::fs::write(dir.join("report.pdf"), "%PD").unwrap();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output altered: report.pdf")
        );
        std::fs::write(dir.join("metrics.json"), "{ broken").unwrap();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output altered: metrics.json")
        );
        stamp.reports.get_mut("organization").unwrap().files =
            [("gone.svg".to_string(), "h".to_string())].into();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output missing: gone.svg")
        );
    }
}
