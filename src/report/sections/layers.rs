//! Who knows the customer best: per layer the mean absolute deviation of its prediction,
//! its bias, rank and how well it ranks the aspects' importance.

use serde::Serialize;

use crate::report::charts::{self, BarChart, BarGroup};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::sheet_cells::suppressed_note;
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// One row of the layers table.
#[derive(Debug, Serialize)]
pub struct LayerRowView {
    /// Layer label.
    pub label: String,
    /// n, or "—".
    pub n: String,
    /// Mean absolute deviation.
    pub mae: String,
    /// Bias.
    pub bias: String,
    /// Rank.
    pub rank: String,
    /// Spearman of importance.
    pub spearman: String,
    /// Suppressed.
    pub suppressed: bool,
}

/// The layers section.
#[derive(Debug, Serialize)]
pub struct LayersView {
    /// One row per configured layer.
    pub rows: Vec<LayerRowView>,
    /// Note on suppression, when a layer is hidden.
    pub suppressed_note: Option<String>,
    /// The sentence on the best and worst layer.
    pub finding: Option<String>,
    /// Some layer has figures, so the layers chart exists.
    pub has_chart: bool,
}

/// Who knows the customer best: the layers table and the sentence on the best and worst layer.
pub fn view(ctx: &ReportContext<'_>) -> LayersView {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let label = |id| config.layer_label(id, lang).to_string();
    let rows: Vec<LayerRowView> = m
        .figures
        .layers
        .iter()
        .map(|l| LayerRowView {
            label: label(&l.id),
            n: l.n.map_or_else(|| ABSENT.to_string(), |n| n.to_string()),
            mae: format::opt(l.mae, 2, lang),
            bias: format::opt_signed(l.bias, 2, lang),
            rank: l.rank.map_or_else(|| ABSENT.to_string(), |r| r.to_string()),
            spearman: format::opt_signed(l.importance_spearman, 2, lang),
            suppressed: l.suppressed,
        })
        .collect();
    let suppressed_note = m.figures.layers.iter().any(|l| l.suppressed).then(|| {
        t.fill(
            "suppressed_note",
            &[("min", &config.anonymity.min_employees.to_string())],
        )
    });
    let ranked: Vec<_> = {
        let mut v: Vec<_> = m
            .figures
            .layers
            .iter()
            .filter(|l| l.rank.is_some())
            .collect();
        v.sort_by_key(|l| l.rank);
        v
    };
    let shown = m
        .figures
        .layers
        .iter()
        .filter(|l| l.deviation.is_some())
        .count();
    let finding = match (ranked.first(), ranked.last()) {
        (Some(best), Some(worst)) if ranked.len() >= 2 => Some(t.fill(
            "finding_best_layer",
            &[
                ("best", &label(&best.id)),
                ("best_mae", &format::opt(best.deviation, 2, lang)),
                ("worst", &label(&worst.id)),
                ("worst_mae", &format::opt(worst.deviation, 2, lang)),
            ],
        )),
        _ if shown >= 2 => Some(t.get("finding_layers_not_distinguishable")),
        _ => None,
    };
    LayersView {
        rows,
        suppressed_note,
        finding,
        has_chart: m.figures.layers.iter().any(|l| l.mae.is_some()),
    }
}

/// Mean absolute deviation per layer; `None` when no layer can be shown.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    if m.figures.layers.iter().all(|l| l.mae.is_none()) {
        return Ok(None);
    }
    let max = m
        .figures
        .layers
        .iter()
        .filter_map(|l| l.mae)
        .fold(0.0, f64::max);
    let groups = m
        .figures
        .layers
        .iter()
        .map(|l| BarGroup {
            label: config.layer_label(&l.id, lang).to_string(),
            values: vec![l.mae.map(|x| (x, format::number(x, 2, lang)))],
            absent: format::ABSENT.to_string(),
        })
        .collect();
    let chart = BarChart {
        title: t.get("layers_chart_title"),
        x_label: t.get("layers_chart_x"),
        scale_min: 0.0,
        scale_max: max.ceil().max(1.0),
        series: vec![t.get("col_mae")],
        groups,
        reference: None,
        colors: vec![charts::palette::EMPLOYEE],
    };
    charts::bars_svg(&chart).map(Some)
}

/// Who knows the customer best: mae, bias, rank and importance correlation per layer.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    if c.group.figures.layers.is_empty() {
        return None;
    }
    let mut s = Sheet::new(
        t.get("xl_sheet_layers"),
        vec![
            Column::text(t.get("col_layer")),
            Column::number(t.get("col_n"), Num::Int),
            Column::number(t.get("col_mae"), Num::Dec2),
            Column::number(t.get("col_bias"), Num::Signed2),
            Column::number(t.get("col_rank"), Num::Int),
            Column::number(t.get("xl_col_aspects_compared"), Num::Int),
            Column::number(t.get("col_spearman"), Num::Signed2),
        ],
    );
    for l in &c.group.figures.layers {
        let hidden = l.suppressed;
        s.row(vec![
            Cell::Text(c.layer(&l.id)),
            Cell::unless_suppressed(hidden, l.n),
            Cell::unless_suppressed(hidden, l.mae),
            Cell::unless_suppressed(hidden, l.bias),
            Cell::unless_suppressed(hidden, l.rank),
            Cell::unless_suppressed(hidden, l.aspects_compared),
            Cell::unless_suppressed(hidden, l.importance_spearman),
        ]);
    }
    s.note(t.get("layers_note"));
    if c.group.figures.layers.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn layers_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }
}
