//! The rows of the portfolio page (`out/index.html`) from a run's manifest and the
//! `metrics.json` files the run published; the page itself is drawn by
//! [`crate::report::portfolio`].

use std::path::Path;

use crate::report::portfolio::{self, PortfolioRow};

/// Write `html` to `out_dir/index.html` atomically (a temporary file in the same folder,
/// renamed over the old page), so a reader never sees half a page.
pub fn write_portfolio(out_dir: &Path, html: &str) -> anyhow::Result<()> {
    super::publish::write_atomic(&out_dir.join("index.html"), html.as_bytes())
}

/// The rows of the page from a run's manifest and the `metrics.json` files it published: per
/// organization its newest reported wave, the key figures of that wave, the first action, and
/// links to every report of it.
pub fn rows_from_manifest(
    config: &crate::config::Config,
    out: &Path,
    manifest: &crate::batch::manifest::Manifest,
    renderer: &crate::report::render::Renderer,
) -> anyhow::Result<Vec<PortfolioRow>> {
    use crate::batch::manifest::Status;
    let mut by_org: std::collections::BTreeMap<&str, Vec<&crate::batch::manifest::ReportEntry>> =
        Default::default();
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
                            .is_some_and(|r| r.starts_with(super::pipeline::ANONYMITY))
                })
                .count(),
            ..Default::default()
        };
        if let Some(wave) = wave {
            let path = out.join(org).join(wave).join("metrics.json");
            // A damaged metrics.json costs its row the key figures, never the page.
            let metrics: Option<serde_json::Value> = match std::fs::read_to_string(&path) {
                Ok(text) => match serde_json::from_str(&text) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        let problem = format!("{} cannot be read: {e}", path.display());
                        tracing::error!("{problem}");
                        row.detail = Some(match row.detail.take() {
                            Some(d) => format!("{d}; {problem}"),
                            None => problem,
                        });
                        None
                    }
                },
                Err(_) => None,
            };
            if let Some(m) = &metrics {
                // The organization's own questionnaire names the aspect of its first action.
                let own = portfolio::organization_config(config, org);
                portfolio::fill_from_metrics(&mut row, m, own.as_ref().unwrap_or(config), renderer);
            }
            let department_name = |id: &str| {
                let departments = metrics.as_ref().and_then(|m| m["departments"].as_array());
                departments
                    .and_then(|ds| ds.iter().find(|d| d["id"] == id))
                    .and_then(|d| d["name"].as_str())
                    .unwrap_or(id)
                    .to_string()
            };
            for e in &of_wave {
                let label = e
                    .department
                    .as_deref()
                    .map(department_name)
                    .unwrap_or_default();
                let t = renderer.texts(Default::default());
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
                        Some(_) => t.fill(
                            "portfolio_link_department",
                            &[("department", &label), ("kind", kind)],
                        ),
                        None => t.fill("portfolio_link_organization", &[("kind", kind)]),
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

#[cfg(test)]
mod tests {
    use super::*;

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
