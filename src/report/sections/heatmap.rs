//! Which layer misjudges which aspect: a layer × aspect heatmap of each layer's estimate minus
//! the customers' mean, with n per layer and small layers marked indicative.

use serde::Serialize;

use super::ReportContext;
use crate::analysis::metrics::by_gap;
use crate::report::charts::{self, HeatColumn, HeatmapChart, palette};
use crate::report::render::format;

/// Chart file of the heatmap.
pub const FILE: &str = "heatmap.svg";

/// The heatmap section.
#[derive(Debug, Serialize)]
pub struct HeatmapView {
    /// Heading.
    pub title: String,
    /// What the reader sees.
    pub intro: String,
    /// The largest misjudgement of a layer that is not indicative, as a sentence.
    pub finding: Option<String>,
    /// Note under the chart: what the colours and "indicative" mean.
    pub note: String,
    /// One column per layer with figures.
    pub columns: Vec<HeatColumnView>,
    /// One row per aspect, in the order of the mirror.
    pub rows: Vec<HeatRowView>,
    /// The chart file, once drawn.
    pub chart: Option<&'static str>,
    /// Alt text of the chart.
    pub alt: String,
}

/// A layer column.
#[derive(Debug, Serialize)]
pub struct HeatColumnView {
    /// Layer label.
    pub label: String,
    /// Respondents.
    pub n: u64,
    /// Fewer respondents than the indicative threshold.
    pub indicative: bool,
}

/// An aspect row.
#[derive(Debug, Serialize)]
pub struct HeatRowView {
    /// Aspect label.
    pub label: String,
    /// Per column: the printed difference, "—" when absent.
    pub cells: Vec<String>,
    /// Per column: the difference of the printed means, for the colour.
    #[serde(skip)]
    pub values: Vec<Option<f64>>,
}

/// The heatmap of a report; `None` when no layer has figures.
pub fn view(ctx: &ReportContext<'_>) -> Option<HeatmapView> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let min = config.anonymity.min_customers;
    let shown: Vec<usize> = m
        .figures
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.suppressed && l.mae.is_some())
        .map(|(i, _)| i)
        .collect();
    if shown.is_empty() {
        return None;
    }
    let columns: Vec<HeatColumnView> = shown
        .iter()
        .map(|&i| {
            let l = &m.figures.layers[i];
            let n = l.n.unwrap_or(0);
            HeatColumnView {
                label: ctx.layer(&l.id),
                n,
                indicative: n < min,
            }
        })
        .collect();
    let mut best: Option<(f64, String)> = None;
    let rows = by_gap(&m.figures.aspects)
        .into_iter()
        .filter(|a| a.comparison.customer.mean.is_some())
        .map(|a| {
            let customer = a.comparison.customer.mean;
            let mut cells = Vec::new();
            let mut values = Vec::new();
            for (col, &i) in shown.iter().enumerate() {
                let estimate = a.by_layer[i].comparison.and_then(|c| c.employee.mean);
                match (estimate, customer) {
                    (Some(e), Some(c)) => {
                        let diff = format::printed(e, 1) - format::printed(c, 1);
                        cells.push(format::difference(e, c, 1, lang));
                        values.push(Some(diff));
                        if !columns[col].indicative
                            && best.as_ref().is_none_or(|(d, _)| diff.abs() > d.abs())
                        {
                            let sentence = t.fill(
                                "heatmap_finding",
                                &[
                                    ("layer", &columns[col].label),
                                    ("aspect", &ctx.aspect(&a.id)),
                                    ("estimate", &format::number(e, 1, lang)),
                                    ("customer", &format::number(c, 1, lang)),
                                    ("diff", &format::difference(e, c, 1, lang)),
                                ],
                            );
                            best = Some((diff, sentence));
                        }
                    }
                    _ => {
                        cells.push(format::ABSENT.to_string());
                        values.push(None);
                    }
                }
            }
            HeatRowView {
                label: ctx.aspect(&a.id),
                cells,
                values,
            }
        })
        .collect();
    Some(HeatmapView {
        title: t.get("heatmap_title"),
        intro: t.get("heatmap_intro"),
        finding: best.filter(|(d, _)| d.abs() >= 0.5).map(|(_, s)| s),
        note: t.fill("heatmap_note", &[("min", &min.to_string())]),
        columns,
        rows,
        chart: None,
        alt: t.get("heatmap_alt"),
    })
}

/// The heatmap chart of a view.
pub fn chart(ctx: &ReportContext<'_>, view: &HeatmapView) -> anyhow::Result<String> {
    let t = ctx.texts;
    let r = &ctx.config.scales.rating;
    let chart = HeatmapChart {
        title: String::new(),
        rows: view.rows.iter().map(|r| r.label.clone()).collect(),
        columns: view
            .columns
            .iter()
            .map(|c| HeatColumn {
                label: c.label.clone(),
                note: if c.indicative {
                    t.fill("heatmap_n_indicative", &[("n", &c.n.to_string())])
                } else {
                    t.fill("heatmap_n", &[("n", &c.n.to_string())])
                },
                faint: c.indicative,
            })
            .collect(),
        cells: view
            .rows
            .iter()
            .map(|r| {
                r.values
                    .iter()
                    .zip(&r.cells)
                    .map(|(v, s)| v.map(|v| (v, s.clone())))
                    .collect()
            })
            .collect(),
        // A fifth of the rating scale (2 points on 1–10) gets the full colour.
        limit: (r.max - r.min) / 4.5,
        positive: palette::BLIND_SPOT,
        negative: palette::HIDDEN_STRENGTH,
        legend: (t.get("heatmap_legend_over"), t.get("heatmap_legend_under")),
    };
    charts::heatmap_svg(&chart)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;
    use crate::config::Language;

    #[test]
    fn heatmap_of_the_sample_organization() {
        let s = sample::last_wave();
        let view = view(&s.context()).unwrap();
        insta::assert_yaml_snapshot!(view);
    }

    #[test]
    fn cells_are_differences_of_the_printed_means_and_the_chart_prints_them() {
        let s = sample::last_wave().in_language(Language::En);
        let ctx = s.context();
        let v = view(&ctx).unwrap();
        for row in &v.rows {
            for (cell, value) in row.cells.iter().zip(&row.values) {
                if let Some(x) = value {
                    assert_eq!(cell, &format::signed(*x, 1, Language::En));
                }
            }
        }
        let svg = chart(&ctx, &v).unwrap();
        for c in &v.columns {
            assert!(svg.contains(&format!("n = {}", c.n)), "{}", c.label);
        }
    }

    #[test]
    fn no_layer_with_figures_means_no_heatmap() {
        let mut s = sample::last_wave();
        for l in &mut s.metrics.figures.layers {
            l.suppressed = true;
        }
        assert!(view(&s.context()).is_none());
    }
}
