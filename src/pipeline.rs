//! The stages in order, per organization, organizations in parallel:
//! discover → ingest → metrics → render → typst → publish. One failing organization never
//! stops the others; its error is collected.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::discover::discover;
use crate::metrics;
use crate::model::{Organization, Wave};
use crate::publish::{json_bytes, wave_dir, write_atomic};
use crate::recommend::recommend;
use crate::render::{Renderer, format};
use crate::typst::Typst;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Only these organization ids (all when empty).
    pub orgs: Vec<String>,
    /// Report this wave id instead of the latest.
    pub wave: Option<String>,
}

/// Outcome of one organization.
#[derive(Debug, Serialize)]
pub struct OrgOutcome {
    /// Organization id.
    pub org: String,
    /// Wave reported.
    pub wave: Option<String>,
    /// The PDF, when built.
    pub report: Option<PathBuf>,
    /// Error chain, when it failed.
    pub error: Option<String>,
    /// Problems in the data that did not stop the report.
    pub findings: usize,
    /// typst warnings.
    pub warnings: Vec<String>,
    /// Wall time.
    #[serde(serialize_with = "secs")]
    pub duration: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// Run everything the options select.
pub fn run(config: &Config, typst: &Typst, opts: &RunOptions) -> anyhow::Result<Vec<OrgOutcome>> {
    let found = discover(&config.paths.data)?;
    let renderer = Renderer::new()?;
    let wanted = |id: &str| opts.orgs.is_empty() || opts.orgs.iter().any(|o| o == id);
    let known = |id: &str| {
        found.organizations.iter().any(|org| org.id == id)
            || found.failures.iter().any(|f| f.0 == id)
    };
    if let Some(unknown) = opts.orgs.iter().find(|o| !known(o)) {
        anyhow::bail!(
            "no organization '{unknown}' in {}",
            config.paths.data.display()
        );
    }
    let mut outcomes: Vec<OrgOutcome> = found
        .failures
        .into_iter()
        .filter(|(id, _)| wanted(id))
        .map(|(org, e)| OrgOutcome {
            org,
            wave: None,
            report: None,
            error: Some(e.to_string()),
            findings: 0,
            warnings: Vec::new(),
            duration: Duration::ZERO,
        })
        .collect();
    let built: Vec<OrgOutcome> = found
        .organizations
        .par_iter()
        .filter(|org| wanted(&org.id))
        .map(|org| {
            let start = Instant::now();
            let mut outcome = OrgOutcome {
                org: org.id.clone(),
                wave: None,
                report: None,
                error: None,
                findings: 0,
                warnings: Vec::new(),
                duration: Duration::ZERO,
            };
            if let Err(e) = run_org(config, typst, &renderer, org, opts, &mut outcome) {
                outcome.error = Some(format!("{e:#}"));
            }
            outcome.duration = start.elapsed();
            outcome
        })
        .collect();
    outcomes.extend(built);
    outcomes.sort_by(|a, b| a.org.cmp(&b.org));
    Ok(outcomes)
}

fn run_org(
    config: &Config,
    typst: &Typst,
    renderer: &Renderer,
    org: &Organization,
    opts: &RunOptions,
    outcome: &mut OrgOutcome,
) -> anyhow::Result<()> {
    let wave = match &opts.wave {
        Some(id) => org
            .waves
            .iter()
            .find(|w| &w.id == id)
            .with_context(|| format!("organization '{}' has no wave '{id}'", org.id))?,
        None => org.waves.last().context("no waves")?,
    };
    outcome.wave = Some(wave.id.clone());
    // Metrics of every wave, so analysts can compare; the report is of the selected wave.
    // Rows are streamed into accumulators; only the selected wave's quotes are kept.
    let mut all = Vec::with_capacity(org.waves.len());
    let mut data = None;
    for w in &org.waves {
        let measured = metrics::measure(config, org, w)?;
        if w.id == wave.id {
            data = Some(measured.quotes);
        }
        all.push(measured.metrics);
    }
    metrics::attach_trends(config, &mut all);
    for m in &mut all {
        m.recommendations = recommend(m, config);
    }
    for m in &all {
        let dir = wave_dir(&config.paths.output, &org.id, &m.wave);
        write_atomic(&dir.join("metrics.json"), &json_bytes(m)?)?;
    }
    let data = data.context("the selected wave was not computed")?;
    let metrics = all.swap_remove(all.iter().position(|m| m.wave == wave.id).unwrap_or(0));
    outcome.findings = metrics.data_quality.findings.len();

    let dir = wave_dir(&config.paths.output, &org.id, &wave.id);
    let (date, timestamp) = report_date(wave);
    let lang = metrics.language;
    let report = renderer.organization_report(
        config,
        org,
        wave,
        &metrics,
        &data,
        date.as_deref().and_then(|d| format::date(d, lang)),
    )?;
    for (name, svg) in &report.charts {
        write_atomic(&dir.join(name), svg.as_bytes())?;
    }
    write_atomic(&dir.join("report.typ"), report.typ.as_bytes())?;
    let tmp_pdf = format!(".report.pdf.tmp-{}", std::process::id());
    let compiled = typst.compile(&dir, "report.typ", &tmp_pdf, timestamp)?;
    std::fs::rename(dir.join(&tmp_pdf), dir.join("report.pdf"))
        .with_context(|| format!("renaming into {}", dir.join("report.pdf").display()))?;
    outcome.warnings = compiled.warnings;
    outcome.report = Some(dir.join("report.pdf"));
    Ok(())
}

/// The date printed on the report and the PDF's creation time: `SOURCE_DATE_EPOCH` when
/// set, else the end of the wave's fieldwork, else a fixed epoch — never the clock, so two
/// runs on the same input give the same bytes.
fn report_date(wave: &Wave) -> (Option<String>, i64) {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        return (Some(civil_from_days(epoch.div_euclid(86_400))), epoch);
    }
    if let Some(end) = wave.meta.fieldwork.as_ref().map(|f| f.end.clone()) {
        if let Some(days) = days_from_civil(&end) {
            return (Some(end), days * 86_400);
        }
    }
    (None, 946_684_800) // 2000-01-01T00:00:00Z
}

/// Days since 1970-01-01 of an ISO date (Howard Hinnant's algorithm).
fn days_from_civil(iso: &str) -> Option<i64> {
    let mut it = iso.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// ISO date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil("1970-01-01"), Some(0));
        assert_eq!(days_from_civil("2000-01-01"), Some(10_957));
        assert_eq!(civil_from_days(20_539), "2026-03-27");
        assert_eq!(days_from_civil("2026-03-27"), Some(20_539));
    }
}
