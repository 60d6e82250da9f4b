//! The rows of the portfolio page (`out/index.html`) from a run's manifest and the
//! `metrics.json` files the run published; the page itself is drawn by
//! [`crate::report::portfolio`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::batch::manifest::{Manifest, ReportEntry, Status};
use crate::config::{Config, Language};
use crate::report::document::Renderer;
use crate::report::portfolio::{self, PortfolioFigures, PortfolioRow};
use crate::report::render::i18n::Texts;

/// Called after a run or a merge has written `out/manifest.json`: the portfolio page
/// `out/index.html` ([`crate::report::portfolio`]) is built — one row per organization from
/// `manifest.reports` (status, error or reason, `path` of each report) and the key figures of
/// its newest reported wave: from `fresh` when the run published that wave folder, else from
/// `out/<path>/metrics.json`. Not called by a shard of a sharded run; `spiegel
/// merge-manifests` calls it once all shards are merged (with no fresh figures). A dry run
/// does not call it.
pub fn publish_portfolio(
    config: &Config,
    out: &Path,
    manifest: &Manifest,
    fresh: &[PortfolioFigures],
) -> anyhow::Result<()> {
    let renderer = Renderer::new()?;
    let rows = rows_from_manifest(config, out, manifest, &renderer, fresh)?;
    // The page's date is the run's start, so the page says how fresh it is.
    let generated = manifest.run.started.get(..10).unwrap_or_default();
    let html =
        portfolio::portfolio_html(&config.agency.name, generated, &rows, Language::default());
    write_portfolio(out, &html)
}

/// Write `html` to `out_dir/index.html` atomically (a temporary file in the same folder,
/// renamed over the old page), so a reader never sees half a page.
pub fn write_portfolio(out_dir: &Path, html: &str) -> anyhow::Result<()> {
    super::publish::write_atomic(&out_dir.join("index.html"), html.as_bytes())
}

/// The rows of the page from a run's manifest: per organization its newest reported wave, the
/// key figures of that wave, the first action, and links to every report of it. The figures
/// of a wave folder the run published are in `fresh`; the others are read from the
/// `metrics.json` published before.
pub fn rows_from_manifest(
    config: &Config,
    out: &Path,
    manifest: &Manifest,
    renderer: &Renderer,
    fresh: &[PortfolioFigures],
) -> anyhow::Result<Vec<PortfolioRow>> {
    let texts = renderer.texts(Language::default());
    let mut by_org: BTreeMap<&str, Vec<&ReportEntry>> = BTreeMap::new();
    for r in &manifest.reports {
        by_org.entry(r.org.as_str()).or_default().push(r);
    }
    let mut rows = Vec::new();
    for (org, entries) in by_org {
        let wave = entries.iter().filter_map(|e| e.wave.as_deref()).max();
        let mut of_wave: Vec<_> = entries
            .iter()
            .filter(|e| e.wave.as_deref() == wave)
            .collect();
        // The organization report first, then the departments.
        of_wave.sort_by_key(|e| (e.department.is_some(), e.id.clone()));
        let status = if of_wave.iter().any(|e| e.status == Status::Failed) {
            Status::Failed
        } else if of_wave.iter().any(|e| e.status == Status::Built) {
            Status::Built
        } else if of_wave.iter().any(|e| e.status == Status::Unchanged) {
            Status::Unchanged
        } else {
            Status::Skipped
        };
        let detail = of_wave
            .iter()
            .find(|e| e.status == Status::Failed)
            .and_then(|e| e.error.clone())
            .or_else(|| {
                of_wave
                    .iter()
                    .find(|e| e.kind == "organization")
                    .and_then(|e| e.reason.clone())
            });
        let mut row = PortfolioRow {
            org: org.to_string(),
            name: org.to_string(),
            wave: wave.map(str::to_string),
            status: serde_json::to_value(status)?
                .as_str()
                .unwrap_or_default()
                .to_string(),
            detail,
            // Department reports withheld for anonymity.
            withheld_departments: of_wave
                .iter()
                .filter(|e| {
                    e.department.is_some()
                        && e.status == Status::Skipped
                        && e.reason
                            .as_deref()
                            .is_some_and(|r| r.starts_with(super::build::ANONYMITY))
                })
                .count(),
            ..Default::default()
        };
        if let Some(wave) = wave {
            // The run's own figures of a wave folder it published; the published
            // `metrics.json` of one it left alone. A damaged file costs its row the key
            // figures, never the page.
            let figures = match fresh.iter().find(|f| f.org == org && f.wave == wave) {
                Some(f) => Some(f.clone()),
                None => {
                    published_figures(config, out, org, wave, texts).unwrap_or_else(|problem| {
                        tracing::error!("{problem}");
                        row.detail = Some(match row.detail.take() {
                            Some(d) => format!("{d}; {problem}"),
                            None => problem,
                        });
                        None
                    })
                }
            };
            if let Some(f) = &figures {
                row.show(f);
            }
            let department_name = |id: &str| {
                let departments = figures.as_ref().map_or(&[][..], |f| &f.departments[..]);
                departments
                    .iter()
                    .find(|(d, _)| d == id)
                    .map_or(id, |(_, name)| name.as_str())
                    .to_string()
            };
            for e in &of_wave {
                let label = e
                    .department
                    .as_deref()
                    .map(department_name)
                    .unwrap_or_default();
                for f in e
                    .files
                    .iter()
                    .filter(|f| f.ends_with(".pdf") || f.ends_with(".pptx") || f.ends_with(".xlsx"))
                {
                    let kind = match f.rsplit('.').next() {
                        Some("pdf") => "PDF",
                        Some("pptx") => "PowerPoint",
                        _ => "Excel",
                    };
                    let text = match &e.department {
                        Some(_) => texts.fill(
                            "portfolio_link_department",
                            &[("department", &label), ("kind", kind)],
                        ),
                        None => texts.fill("portfolio_link_organization", &[("kind", kind)]),
                    };
                    row.reports.push((text, f.clone()));
                }
            }
            row.reports
                .push(("metrics.json".into(), format!("{org}/{wave}/metrics.json")));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The figures of a published wave folder, from its `metrics.json` (`None` when there is
/// none); `Err` says which file cannot be read and why.
fn published_figures(
    config: &Config,
    out: &Path,
    org: &str,
    wave: &str,
    texts: &Texts,
) -> Result<Option<PortfolioFigures>, String> {
    let path = out.join(org).join(wave).join("metrics.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    // The organization's own questionnaire names the aspect of its first action.
    let own = portfolio::organization_config(config, org);
    PortfolioFigures::from_published(&json, own.as_ref().unwrap_or(config), texts)
        .map(Some)
        .map_err(|e| format!("{} cannot be read: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row shows the same whether its figures come from the run (the wave folder was built)
    /// or from the published `metrics.json` (it was left alone), and a `metrics.json` that
    /// lacks a field the page needs says so in the row.
    #[test]
    fn fresh_and_published_figures_give_the_same_rows() {
        use crate::batch::manifest::RunInfo;
        use crate::batch::plan::{ReportJob, ReportKind};
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = Config::load(&root.join("config/spiegel.yaml")).unwrap();
        config.paths.data = root.join("data");
        let renderer = Renderer::new().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let found = crate::input::discover::discover(&config.paths.data).unwrap();
        let mut fresh = Vec::new();
        let mut reports = Vec::new();
        for org in &found.organizations {
            let own = org.config(&config).unwrap();
            let latest = crate::analysis::analyze_org(&own, org)
                .unwrap()
                .pop()
                .unwrap();
            let dir = out.join(&org.id).join(&latest.metrics.wave);
            std::fs::create_dir_all(&dir).unwrap();
            let json =
                crate::batch::json::json_bytes(&crate::report::json::MetricsJson::of(&latest))
                    .unwrap();
            std::fs::write(dir.join("metrics.json"), json).unwrap();
            let t = renderer.texts(Language::default());
            fresh.push(PortfolioFigures::from_analysis(&own, &latest, t));
            let job = ReportJob {
                org: org.id.clone(),
                wave: Some(latest.metrics.wave.clone()),
                kind: ReportKind::Organization,
            };
            reports.push(job.entry(Status::Built));
        }
        let manifest = Manifest::new(RunInfo::default(), reports);
        let from_run = rows_from_manifest(&config, out, &manifest, &renderer, &fresh).unwrap();
        let from_disk = rows_from_manifest(&config, out, &manifest, &renderer, &[]).unwrap();
        assert_eq!(from_run, from_disk);
        assert_eq!(from_run.len(), found.organizations.len());
        assert!(
            from_run
                .iter()
                .all(|r| r.top_action.is_some() && r.gap.is_some())
        );
        // A field renamed in `metrics.json`: the row names the problem instead of a dash.
        let first = &from_run[0];
        let path = out.join(&first.org).join(first.wave.as_ref().unwrap());
        let json = std::fs::read_to_string(path.join("metrics.json")).unwrap();
        let renamed = json.replacen("\"score_mean\"", "\"mean_score\"", 1);
        assert_ne!(json, renamed);
        std::fs::write(path.join("metrics.json"), renamed).unwrap();
        let rows = rows_from_manifest(&config, out, &manifest, &renderer, &[]).unwrap();
        let detail = rows[0].detail.as_deref().unwrap_or_default();
        assert!(
            detail.contains("metrics.json cannot be read: missing field `score_mean`"),
            "{detail}"
        );
        assert_eq!(rows[0].customer_grade, None);
        // The run's own figures do not read the file.
        let rows = rows_from_manifest(&config, out, &manifest, &renderer, &fresh).unwrap();
        assert_eq!(rows, from_run);
    }

    #[test]
    fn write_portfolio_replaces_the_page_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_portfolio(&out, "old").unwrap();
        write_portfolio(&out, "new").unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.html"]);
    }
}
