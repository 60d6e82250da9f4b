//! The files next to a report's PDF that are made for the people who receive it: the
//! PowerPoint deck ([`crate::report::pptx`]) of an organization report, and `summary.json`,
//! the report's title and headline that the delivery e-mail quotes.

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::analysis::metrics::WaveMetrics;
use crate::config::{Config, Language};
use crate::model::Organization;
use crate::report::document::RenderedReport;
use crate::report::render::i18n::Texts;

/// The summary file's name.
pub const SUMMARY: &str = "summary.json";
/// The deck's file name.
pub const DECK: &str = "report.pptx";

/// `summary.json`: what an e-mail says of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Organization display name.
    pub org_name: String,
    /// Department display name, for a department report.
    pub department: Option<String>,
    /// Wave label.
    pub wave_label: String,
    /// The report's language.
    pub language: Language,
    /// The summary's first finding: the sentence a reader should take away.
    pub headline: String,
}

/// Write `summary.json` and, for an organization report when `reports.pptx` is on,
/// `report.pptx` into `dir`; returns their names relative to the wave folder (`sub` is the
/// report's folder inside it).
#[allow(clippy::too_many_arguments)]
pub fn write(
    config: &Config,
    org: &Organization,
    metrics: &WaveMetrics,
    report: &RenderedReport,
    texts: &Texts,
    department: Option<&str>,
    dir: &Path,
    sub: &Path,
) -> anyhow::Result<Vec<String>> {
    let v = &report.view;
    let summary = Summary {
        org_name: v.org_name.clone(),
        department: department.map(str::to_string),
        wave_label: v.wave_label.clone(),
        language: texts.lang(),
        headline: v
            .findings
            .first()
            .cloned()
            .unwrap_or_else(|| v.summary_intro.clone()),
    };
    let mut files = vec![(SUMMARY, serde_json::to_vec_pretty(&summary)?)];
    if department.is_none() && config.reports.pptx {
        // The same colour as the PDF's: the brand colour when white text on it is readable.
        let brand = crate::report::pptx::Rgb::parse(&crate::report::sections::brand::accent(
            &org.meta.brand,
            &config.agency,
        ));
        let deck =
            crate::report::pptx::content::organization_deck(config, metrics, report, texts, brand)?;
        files.push((DECK, crate::report::pptx::write(&deck)?));
    }
    let mut names = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        names.push(sub.join(name).to_string_lossy().replace('\\', "/"));
    }
    Ok(names)
}
