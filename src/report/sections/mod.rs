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
pub mod summary;
pub mod themes;
pub mod trends;
pub mod workbook;

use crate::analysis::metrics::WaveMetrics;
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
    /// The figures of the report: the organization's, or a department's in a department report.
    pub metrics: &'a WaveMetrics,
    /// The report's action cards (the organization's or the department's), highest priority
    /// first.
    pub actions: &'a [Recommendation],
    /// The report language's translation table.
    pub texts: &'a Texts,
    /// Organization or department report.
    pub kind: Kind<'a>,
}

/// Which report a section is part of.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    /// The organization report.
    Organization,
    /// The report of one department, set against the whole organization.
    Department {
        /// Department name.
        name: &'a str,
        /// The whole organization's figures.
        org: &'a WaveMetrics,
    },
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
