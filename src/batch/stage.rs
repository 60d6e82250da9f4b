//! One wave folder of an organization, rebuilt: `metrics.json` and every report built into a
//! staging folder, which is published with one atomic swap only when every report in it was
//! built ([`crate::batch::publish`]); otherwise the previous version stays, whole.

use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use crate::analysis::WaveAnalysis;
use crate::batch::build::{Ctx, Outcome, build_report, secs};
use crate::batch::hash::Fingerprint;
use crate::batch::manifest::{ReportEntry, Status};
use crate::batch::plan::{ReportJob, WavePlan, jobs_of, kept_reason, slash};
use crate::batch::publish::{self, STAMP_FORMAT, Staging, Stamp, StampedReport, json_bytes};
use crate::model::Organization;
use crate::report::json::MetricsJson;

/// What became of a wave folder that was rebuilt.
pub(super) struct WaveBuild {
    /// One manifest entry per report job of the folder.
    pub(super) entries: Vec<ReportEntry>,
    /// Whether the folder as built is what is published now.
    pub(super) published: bool,
}

impl WaveBuild {
    fn failed(entries: Vec<ReportEntry>) -> WaveBuild {
        WaveBuild {
            entries,
            published: false,
        }
    }
}

/// Build a wave folder in staging and publish it when every report in it was built.
pub(super) fn build_wave(
    ctx: &Ctx,
    org: &Organization,
    plan: &WavePlan,
    analysis: &WaveAnalysis,
    fingerprint: &Fingerprint,
) -> WaveBuild {
    let metrics = &analysis.metrics;
    let reason = plan.rebuild.as_deref().unwrap_or_default();
    let input_hash = fingerprint.combined();
    let findings = metrics.data_quality.findings.len();
    let jobs: Vec<ReportJob> = jobs_of(org, plan).collect();
    let fail = |error: &str| -> Vec<ReportEntry> {
        jobs.iter()
            .map(|job| {
                let mut e = job.entry(Status::Failed);
                e.error = Some(error.to_string());
                e.input_hash = Some(input_hash.clone());
                e.findings = findings;
                e
            })
            .collect()
    };
    let metrics_json = match json_bytes(&MetricsJson::of(analysis)) {
        Ok(bytes) => bytes,
        Err(e) => return WaveBuild::failed(fail(&format!("{e:#}"))),
    };
    if jobs.is_empty() {
        match restamp_unchanged_metrics(ctx.out, org, plan, &metrics_json, fingerprint, findings) {
            Ok(true) => {
                return WaveBuild {
                    entries: Vec::new(),
                    published: true,
                };
            }
            Ok(false) => {}
            Err(e) => tracing::debug!("{}/{}: {e:#}", org.id, plan.wave.id),
        }
    }
    let staging = match Staging::create(ctx.out, &org.id, &plan.wave.id).and_then(|s| {
        let path = s.path().join("metrics.json");
        std::fs::write(&path, &metrics_json)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(s)
    }) {
        Ok(s) => s,
        Err(e) => return WaveBuild::failed(fail(&format!("{e:#}"))),
    };
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| build_report(ctx, org, plan.wave, analysis, &job.kind, staging.path()))
        .collect();
    let first_failure = jobs
        .iter()
        .zip(&results)
        .find(|(_, r)| matches!(r, Outcome::Failed(_)))
        .map(|(job, _)| job.id());
    // Errors name files in staging; after the build they are in the `.failed` folder.
    let staging_path = staging.path().to_string_lossy().into_owned();
    let mut failed_path = None;
    let published = match &first_failure {
        Some(_) => {
            failed_path = staging.keep_failed().ok();
            Err(String::new())
        }
        None => stamp_of(staging.path(), fingerprint, findings, &jobs, &results)
            .and_then(|stamp| staging.commit(&stamp))
            .map_err(|e| format!("{e:#}")),
    };
    let relocate = |e: String| match &failed_path {
        Some(p) => e.replace(&staging_path, &p.to_string_lossy()),
        None => e,
    };
    let wave_path = Path::new(&org.id).join(&plan.wave.id);
    let entries = jobs
        .iter()
        .zip(results)
        .map(|(job, result)| {
            let mut entry = job.entry(Status::Built);
            entry.input_hash = Some(input_hash.clone());
            entry.findings = findings;
            entry.reason = Some(kept_reason(plan, &job.kind, reason));
            match (result, &published, &first_failure) {
                (Outcome::Skipped(why), _, _) => {
                    entry.status = Status::Skipped;
                    entry.reason = Some(why);
                }
                (Outcome::Failed(e), _, _) => {
                    entry.status = Status::Failed;
                    entry.error = Some(relocate(format!("{e:#}")));
                }
                (Outcome::Built(b), Ok(()), _) => {
                    entry.duration = secs(b.duration);
                    entry.typst = secs(b.typst);
                    entry.warnings = b.warnings;
                    entry.files = b.files.iter().map(|f| slash(&wave_path.join(f))).collect();
                }
                (Outcome::Built(b), Err(e), failed) => {
                    entry.status = Status::Failed;
                    entry.duration = secs(b.duration);
                    entry.typst = secs(b.typst);
                    entry.error = Some(match failed {
                        Some(other) => format!(
                            "built but not published: {other} of the same wave failed; \
                             the previous version of the folder stays"
                        ),
                        None => e.clone(),
                    });
                }
            }
            entry
        })
        .collect();
    WaveBuild {
        entries,
        published: published.is_ok(),
    }
}

/// A wave folder without reports whose `metrics.json` came out byte-identical (typically an
/// older wave when only the latest one's data changed): only its stamp is replaced, with one
/// atomic rename — the folder's one other file is already what the new stamp vouches for.
/// `Ok(false)` when the shortcut does not apply.
fn restamp_unchanged_metrics(
    out: &Path,
    org: &Organization,
    plan: &WavePlan,
    metrics_json: &[u8],
    fingerprint: &Fingerprint,
    findings: usize,
) -> anyhow::Result<bool> {
    let Some(old) = &plan.stamp else {
        return Ok(false);
    };
    let dir = publish::wave_dir(out, &org.id, &plan.wave.id);
    let live = dir.join("metrics.json");
    if !old.reports.is_empty() || std::fs::read(&live).ok().as_deref() != Some(metrics_json) {
        return Ok(false);
    }
    let stamp = Stamp {
        format: STAMP_FORMAT,
        input_hash: fingerprint.combined(),
        fingerprint: fingerprint.clone(),
        findings,
        metrics: blake3::hash(metrics_json).to_hex().to_string(),
        reports: Default::default(),
    };
    publish::write_atomic(&dir.join(publish::STAMP), &json_bytes(&stamp)?)?;
    Ok(true)
}

/// The stamp of a fully built staging folder: inputs, and the hash of every file.
fn stamp_of(
    staging: &Path,
    fingerprint: &Fingerprint,
    findings: usize,
    jobs: &[ReportJob],
    results: &[Outcome],
) -> anyhow::Result<Stamp> {
    let mut reports = std::collections::BTreeMap::new();
    for (job, built) in jobs.iter().zip(results) {
        let b = match built {
            Outcome::Built(b) => b,
            Outcome::Skipped(why) => {
                let skipped = StampedReport {
                    files: Default::default(),
                    warnings: Vec::new(),
                    skipped: Some(why.clone()),
                };
                reports.insert(job.kind.key(), skipped);
                continue;
            }
            Outcome::Failed(_) => continue,
        };
        let files = b
            .files
            .iter()
            .map(|f| Ok((f.clone(), publish::file_hash(&staging.join(f))?)))
            .collect::<anyhow::Result<_>>()?;
        let warnings = b.warnings.clone();
        let skipped = None;
        reports.insert(
            job.kind.key(),
            StampedReport {
                files,
                warnings,
                skipped,
            },
        );
    }
    Ok(Stamp {
        format: STAMP_FORMAT,
        input_hash: fingerprint.combined(),
        fingerprint: fingerprint.clone(),
        findings,
        metrics: publish::file_hash(&staging.join("metrics.json"))?,
        reports,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::batch::hash;
    use crate::batch::plan::{ReportKind, RunOptions, plan_wave, planned_entries};
    use crate::config::Config;
    use crate::input::ingest::WaveData;
    use crate::model::Wave;
    use crate::report::render::Renderer;

    #[test]
    fn a_skipped_report_does_not_block_its_wave_and_stays_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let config = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        let org = Organization {
            id: "acme".into(),
            dir: tmp.path().join("data/acme"),
            meta: serde_saphyr::from_str("name: Acme\n").unwrap(),
            waves: vec![Wave {
                id: "2026-Q1".into(),
                dir: tmp.path().join("data/acme/2026-Q1"),
                meta: Default::default(),
            }],
        };
        let renderer = Renderer::new().unwrap();
        let common = hash::Common::compute(&config).unwrap();
        let opts = RunOptions::default();
        let ctx = Ctx {
            config: &config,
            typst: None,
            renderer: &renderer,
            common: &common,
            opts: &opts,
            out: &out,
        };
        let fingerprint = common.with_data("d".into());
        let kinds = [ReportKind::Department("kc".into())];
        let wanted = [&org.waves[0]];
        let plan_now = || {
            plan_wave(
                &out,
                false,
                &org,
                &org.waves[0],
                &wanted,
                &kinds,
                &fingerprint,
            )
        };
        let plan = plan_now();
        assert_eq!(plan.rebuild.as_deref(), Some("new"));
        let data = WaveData::default();
        let metrics = crate::analysis::metrics::compute(&config, &org, &org.waves[0], &data);
        let analysis = WaveAnalysis {
            trends: crate::analysis::metrics::trends::per_wave(
                &config,
                std::slice::from_ref(&metrics),
            )
            .remove(0),
            metrics,
            actions: Vec::new(),
            departments: Vec::new(),
            quotes: data,
        };
        let built = build_wave(&ctx, &org, &plan, &analysis, &fingerprint);
        assert!(built.published);
        let entries = built.entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].status, Status::Skipped);
        assert!(entries[0].reason.as_deref().unwrap().contains("'kc'"));
        // The wave folder was published all the same, and the skip is remembered.
        let dir = publish::wave_dir(&out, "acme", "2026-Q1");
        assert!(dir.join("metrics.json").is_file());
        let again = plan_now();
        assert_eq!(again.rebuild, None);
        let entries = planned_entries(&org, &again, &fingerprint);
        assert_eq!(entries[0].status, Status::Skipped);
    }
}
