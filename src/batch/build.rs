//! Building one report: render it into its folder inside the staging folder, write its
//! workbook, deck and charts, and compile its PDF with typst — or decline it when a department
//! may not get one.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::analysis::WaveAnalysis;
use crate::batch::hash;
use crate::batch::plan::{ReportKind, RunOptions, slash};
use crate::config::Config;
use crate::model::{Date, Organization, Wave};
use crate::report::deliverables;
use crate::report::render::{Renderer, format};
use crate::report::sections::ReportContext;
use crate::report::sections::workbook;
use crate::report::typst::Typst;

/// How the reason of a department report withheld for anonymity begins, in the manifest (the
/// portfolio counts these).
pub const ANONYMITY: &str = "anonymity";

/// Everything the workers share.
pub(super) struct Ctx<'a> {
    pub(super) config: &'a Config,
    pub(super) typst: Option<&'a Typst>,
    pub(super) renderer: &'a Renderer,
    pub(super) common: &'a hash::Common,
    pub(super) opts: &'a RunOptions,
    pub(super) out: &'a Path,
}

/// What became of one report job in a build.
pub(super) enum Outcome {
    /// Rendered, compiled and checked; published with its wave folder.
    Built(Built),
    /// Deliberately not built, e.g. a department below the anonymity threshold: `skipped`
    /// with this reason, the rest of its wave folder is published, and it is not tried again
    /// until the inputs change.
    Skipped(String),
    /// It failed; its wave folder is not published.
    Failed(anyhow::Error),
}

impl Outcome {
    fn from_result(r: anyhow::Result<Built>) -> Outcome {
        match r {
            Ok(b) => Outcome::Built(b),
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// A duration in seconds, to the millisecond (as the manifest records it).
pub(super) fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// What building one report produced.
pub(super) struct Built {
    pub(super) files: Vec<String>,
    pub(super) warnings: Vec<String>,
    pub(super) duration: Duration,
    pub(super) typst: Duration,
}

/// Render one report into its folder inside the staging folder and compile it — or decline
/// it when a department may not get a report.
pub(super) fn build_report(
    ctx: &Ctx,
    org: &Organization,
    wave: &Wave,
    analysis: &WaveAnalysis,
    kind: &ReportKind,
    staging: &Path,
) -> Outcome {
    let metrics = &analysis.metrics;
    let texts = ctx.renderer.texts(metrics.language);
    let organization = ReportContext::organization(ctx.config, org, wave, analysis, texts);
    let report = match kind {
        ReportKind::Organization => organization,
        ReportKind::Department(id) => {
            let Some(dept) = metrics.departments.iter().find(|d| &d.id == id) else {
                return Outcome::Skipped(format!("no respondents of department '{id}'"));
            };
            if let Some(reason) =
                crate::analysis::metrics::departments::single_department_reason(metrics)
            {
                return Outcome::Skipped(reason);
            }
            if let Some(reason) = dept.report_skip_reason(ctx.config) {
                return Outcome::Skipped(format!("{ANONYMITY}: {reason}"));
            }
            let Some(report) = ReportContext::department(organization, analysis, id) else {
                return Outcome::Skipped(format!("{ANONYMITY}: the department is hidden"));
            };
            report
        }
    };
    Outcome::from_result(render_and_compile(ctx, analysis, kind, &report, staging))
}

/// Render a report that is to be built (`report`: the organization's or a department's), write
/// its files and compile its PDF.
fn render_and_compile(
    ctx: &Ctx,
    analysis: &WaveAnalysis,
    kind: &ReportKind,
    report: &ReportContext<'_>,
    staging: &Path,
) -> anyhow::Result<Built> {
    let (org, wave) = (report.org, report.wave);
    let (metrics, data) = (&analysis.metrics, &analysis.quotes);
    let start = Instant::now();
    // Without respondents on both sides there is no mirror to draw: say so about the data,
    // not about a chart.
    for (n, file, who) in [
        (metrics.n.customers, "customers.csv", "customer"),
        (metrics.n.employees, "employees.csv", "employee"),
    ] {
        if n == 0 {
            anyhow::bail!(
                "{}: no {who} respondents could be used (the file has no data rows, or every \
                 row was rejected); a report needs the answers of customers and employees",
                wave.dir.join(file).display()
            );
        }
    }
    let sub = kind.subdir();
    let dir = staging.join(&sub);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let (date, timestamp) = report_date(wave, metrics.last_date);
    let date = date
        .as_deref()
        .and_then(|d| format::date(d, metrics.language));
    let rendered = ctx.renderer.render(report, data, date)?;
    // Inside staging nothing is visible yet: plain writes suffice.
    let mut files = vec![
        slash(&sub.join("report.pdf")),
        slash(&sub.join("report.typ")),
        slash(&sub.join("report.xlsx")),
    ];
    let xlsx = workbook::workbook(report)?;
    std::fs::write(dir.join("report.xlsx"), xlsx)
        .with_context(|| format!("writing {}", dir.join("report.xlsx").display()))?;
    let department = report.group.department.map(|d| d.name.as_str());
    let extras = deliverables::write(
        ctx.config,
        org,
        metrics,
        &rendered,
        report.texts,
        department,
        &dir,
        &sub,
    );
    files.extend(extras?);
    for (name, svg) in &rendered.charts {
        std::fs::write(dir.join(name), svg)
            .with_context(|| format!("writing {}", dir.join(name).display()))?;
        files.push(slash(&sub.join(name)));
    }
    std::fs::write(dir.join("report.typ"), &rendered.typ)
        .with_context(|| format!("writing {}", dir.join("report.typ").display()))?;
    let typst = ctx
        .typst
        .context("typst is needed to build a report (not available in a dry run)")?;
    let compiled = typst.compile(&dir, "report.typ", "report.pdf", timestamp)?;
    files.sort();
    Ok(Built {
        files,
        warnings: compiled.warnings,
        duration: start.elapsed(),
        typst: compiled.duration,
    })
}

/// The report's date and the PDF's creation timestamp: `SOURCE_DATE_EPOCH` when set, else the
/// end of the fieldwork in `wave.yaml`, else the latest date in the wave's dated records, else
/// 2000-01-01 (no date printed) — always from the input, so equal inputs give equal bytes.
fn report_date(wave: &Wave, last_record: Option<Date>) -> (Option<String>, i64) {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        return (
            Some(Date::from_days(epoch.div_euclid(86_400)).to_string()),
            epoch,
        );
    }
    if let Some(end) = wave.meta.fieldwork.as_ref().map(|f| f.end) {
        return (Some(end.to_string()), end.days() * 86_400);
    }
    if let Some(last) = last_record {
        return (Some(last.to_string()), last.days() * 86_400);
    }
    (None, 946_684_800) // 2000-01-01T00:00:00Z
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn without_fieldwork_the_report_is_dated_by_its_last_record() {
        let wave = Wave {
            id: "2026-Q1".into(),
            dir: PathBuf::from("x"),
            meta: Default::default(),
        };
        let last = Date::parse_iso("2026-03-27");
        assert_eq!(
            report_date(&wave, last),
            (Some("2026-03-27".into()), 20_539 * 86_400)
        );
        assert_eq!(report_date(&wave, None), (None, 946_684_800));
    }

    #[test]
    fn civil_dates_round_trip() {
        let days = |iso| Date::parse_iso(iso).map(Date::days);
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-01-01"), Some(10_957));
        assert_eq!(Date::from_days(20_539).to_string(), "2026-03-27");
        assert_eq!(days("2026-03-27"), Some(20_539));
    }
}
