//! The building blocks of a section's view: a finding, key figures and tables, every value a
//! preformatted string. The template prints any section made of them the same way.

use serde::Serialize;

use crate::config::Language;
use crate::report::render::format::{self, ABSENT};

/// A label and a preformatted value.
#[derive(Debug, Serialize)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// The value.
    pub value: String,
}

pub(crate) fn figure(label: String, value: String) -> Figure {
    Figure { label, value }
}

/// A table row: a label and preformatted cells.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Row label.
    pub label: String,
    /// Cells, in column order.
    pub cells: Vec<String>,
    /// The row stands out (significant change, weakest item, ...).
    pub emphasis: bool,
}

/// A table with a header.
#[derive(Debug, Serialize)]
pub struct Table {
    /// Column headers after the label column.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
}

/// A section: a sentence with the finding, figures and a table.
#[derive(Debug, Default, Serialize)]
pub struct Section {
    /// Heading (set by the renderer from the translation table).
    pub title: String,
    /// Introduction (set by the renderer).
    pub intro: String,
    /// Caption and alt text of the chart (set by the renderer).
    pub chart_title: String,
    /// Alt text of the chart.
    pub chart_alt: String,
    /// Heading of the detail table.
    pub detail_title: String,
    /// The main finding, as a sentence.
    pub finding: Option<String>,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// The table.
    pub table: Option<Table>,
    /// A second table (complaint categories, departments, ...).
    pub detail: Option<Table>,
    /// File name of the section's chart, when one was drawn.
    pub chart: Option<&'static str>,
    /// The table is a detail table: printed in the appendix, not in the section.
    pub appendix: bool,
}

/// A share as a whole percentage, "—" when absent.
pub(crate) fn pct(x: Option<f64>, lang: Language) -> String {
    x.map_or_else(
        || ABSENT.to_string(),
        |x| format!("{}%", format::number(x * 100.0, 0, lang)),
    )
}

/// A bar's value with its printed label, for the bar charts.
pub(crate) fn value(x: Option<f64>, decimals: usize, lang: Language) -> Option<(f64, String)> {
    x.map(|x| (x, format::number(x, decimals, lang)))
}

/// Where a section's texts are in the translation tables, and its chart's file name.
#[derive(Debug)]
pub struct Keys {
    /// Heading.
    pub title: &'static str,
    /// Introduction; may use `{benchmark}`.
    pub intro: &'static str,
    /// Caption of the chart.
    pub chart_title: &'static str,
    /// Alt text of the chart.
    pub chart_alt: &'static str,
    /// Heading of the detail table.
    pub detail: &'static str,
    /// File name of the chart.
    pub chart_file: &'static str,
}
