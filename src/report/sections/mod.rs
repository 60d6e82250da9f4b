//! Report sections as units. Each file owns one section: its view model (what the template
//! shows, every text from the translation tables and every number preformatted) and its
//! chart, built from one [`ReportContext`]. The generic SVG primitives stay in
//! [`crate::report::charts`]; the sections map metrics onto them.
//!
//! A section's view is a plain value, so `cargo test` guards it with a snapshot
//! (`src/report/sections/snapshots/`) without typst.

pub mod actions;
pub mod brand;
pub mod complaints;
pub mod contacts;
pub mod cover;
pub mod dashboard;
pub mod departments;
pub mod enablement;
pub mod heatmap;
pub mod importance;
pub mod ladder;
pub mod layers;
pub mod method;
pub mod mirror;
pub mod mood;
pub mod parts;
pub mod report;
pub mod sheet_cells;
pub mod summary;
pub mod themes;
pub mod trends;
pub mod workbook;

use crate::analysis::WaveAnalysis;
use crate::analysis::metrics::{Group, Trends};
use crate::analysis::recommend::Recommendation;
use crate::config::{Config, Language};
use crate::model::{Organization, Wave};
use crate::report::render::format;
use crate::report::render::i18n::Texts;

/// Everything a section is built from.
#[derive(Clone, Copy)]
pub struct ReportContext<'a> {
    /// The run's configuration.
    pub config: &'a Config,
    /// The organization reported on.
    pub org: &'a Organization,
    /// The wave reported on.
    pub wave: &'a Wave,
    /// The group reported on: the whole organization, or one department set against it.
    pub group: Group<'a>,
    /// The development over the waves up to this one; none in a department report (the
    /// trends are the organization's).
    pub trends: Option<&'a Trends>,
    /// The report's action cards (the organization's or the department's), highest priority
    /// first.
    pub actions: &'a [Recommendation],
    /// The report language's translation table.
    pub texts: &'a Texts,
}

impl<'a> ReportContext<'a> {
    /// The organization report of an analysed wave: the whole organization, its trends and
    /// its action cards.
    pub fn organization(
        config: &'a Config,
        org: &'a Organization,
        wave: &'a Wave,
        analysis: &'a WaveAnalysis,
        texts: &'a Texts,
    ) -> ReportContext<'a> {
        ReportContext {
            config,
            org,
            wave,
            group: analysis.metrics.group(),
            trends: Some(&analysis.trends),
            actions: &analysis.actions,
            texts,
        }
    }

    /// The report of department `id` of an analysed wave: its own figures and action cards,
    /// without trends (those are the organization's). `None` when the department has no
    /// figures of its own to report (unknown, or its employees are hidden).
    pub fn department(
        organization: ReportContext<'a>,
        analysis: &'a WaveAnalysis,
        id: &str,
    ) -> Option<ReportContext<'a>> {
        let m = &analysis.metrics;
        let group = m.departments.iter().find(|d| d.id == id)?.group(m)?;
        Some(ReportContext {
            group,
            trends: None,
            actions: &analysis.department(id)?.actions,
            ..organization
        })
    }
}

impl ReportContext<'_> {
    /// The report language.
    pub fn lang(&self) -> Language {
        self.texts.lang()
    }

    /// A figure with one decimal, "—" when absent.
    pub fn f1(&self, x: Option<f64>) -> String {
        format::opt(x, 1, self.lang())
    }

    /// Label of an aspect id.
    pub fn aspect(&self, id: &str) -> String {
        self.config.aspect_label(id, self.lang()).to_string()
    }

    /// Label of a layer id.
    pub fn layer(&self, id: &str) -> String {
        self.config.layer_label(id, self.lang()).to_string()
    }

    /// Display label of a wave id of this organization (its id when unknown).
    pub fn wave_label(&self, id: &str) -> String {
        self.org
            .waves
            .iter()
            .find(|w| w.id == id)
            .map_or_else(|| id.to_string(), |w| w.label().to_string())
    }
}

/// Legend text of the pass-mark line in the charts.
pub(crate) fn pass_mark(ctx: &ReportContext<'_>) -> String {
    ctx.texts.fill(
        "pass_mark",
        &[(
            "value",
            &format::number(ctx.config.pass_mark(), 1, ctx.lang()),
        )],
    )
}

#[cfg(test)]
pub(crate) mod sample;

#[cfg(test)]
mod tests {
    use super::*;

    /// A department report reads the department's own figures and cards, without trends; an
    /// unknown department has no report.
    #[test]
    fn a_department_report_is_the_departments_own() {
        let (config, org, mut analysed) = crate::analysis::sample();
        let a = analysed.pop().unwrap();
        let texts = Texts::load(Language::Nl).unwrap();
        let wave = org.waves.last().unwrap();
        let whole = ReportContext::organization(&config, &org, wave, &a, &texts);
        assert!(std::ptr::eq(whole.group.figures, &a.metrics.figures));
        assert!(whole.trends.is_some());
        let d = a
            .metrics
            .departments
            .iter()
            .find(|d| !d.suppressed)
            .unwrap();
        let dept = ReportContext::department(whole, &a, &d.id).unwrap();
        assert!(std::ptr::eq(dept.group.figures, &d.figures));
        assert!(dept.trends.is_none());
        let own = &a.department(&d.id).unwrap().actions;
        assert!(std::ptr::eq(dept.actions, own.as_slice()));
        assert!(ReportContext::department(whole, &a, "no-such-department").is_none());
    }
}
