//! The mirror: the customers' rating of each aspect against staff's prediction of it, sorted
//! by gap (blind spots first), with the overall grade; in a department report beside the whole
//! organization's gaps.

use serde::Serialize;

use crate::analysis::metrics::{self, Comparison};
use crate::config::Language;
use crate::report::charts::{self, MirrorChart, MirrorRow};
use crate::report::render::format;

use super::ReportContext;
use super::sheet_cells::{category, shown_gap, suppressed_note, yes_no};
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// One row of the mirror table.
#[derive(Debug, Serialize)]
pub struct MirrorRowView {
    /// Aspect id, or [`OVERALL`] for the overall grade.
    pub id: String,
    /// Aspect label.
    pub label: String,
    /// The whole organization's gap, in a department report.
    pub org_gap: Option<String>,
    /// n customers.
    pub n_customers: String,
    /// Customer mean.
    pub customers: String,
    /// n employees.
    pub n_employees: String,
    /// Employee mean.
    pub employees: String,
    /// Gap.
    pub gap: String,
    /// Confidence interval.
    pub ci: String,
    /// p-value.
    pub p: String,
    /// Significant.
    pub significant: bool,
    /// `blind`, `hidden` or empty: colours the gap.
    pub direction: &'static str,
}

/// The mirror section.
#[derive(Debug, Serialize)]
pub struct MirrorView {
    /// Aspects sorted by gap, largest overestimation first.
    pub rows: Vec<MirrorRowView>,
    /// The overall grade.
    pub overall: MirrorRowView,
    /// Table note.
    pub note: String,
}

/// Row id of the overall grade in the mirror table.
pub const OVERALL: &str = "overall";

fn row(id: &str, label: &str, c: &Comparison, lang: Language) -> MirrorRowView {
    let direction = match (c.significant, c.gap) {
        (true, Some(g)) if g > 0.0 => "blind",
        (true, Some(g)) if g < 0.0 => "hidden",
        _ => "",
    };
    MirrorRowView {
        id: id.to_string(),
        label: label.to_string(),
        org_gap: None,
        n_customers: c.customer.n.to_string(),
        customers: format::opt(c.customer.mean, 1, lang),
        n_employees: c.employee.n.to_string(),
        employees: format::opt(c.employee.mean, 1, lang),
        // As printed: the difference of the two printed means.
        gap: format::opt_difference(c.employee.mean, c.customer.mean, 1, lang),
        ci: format::interval(c.ci_low, c.ci_high, 1, lang),
        p: format::p_value(c.p, lang),
        significant: c.significant,
        direction,
    }
}

/// The mirror table: aspects by gap, the overall grade last; in a department report the
/// whole organization's gap beside each of the department's.
pub fn view(ctx: &ReportContext<'_>) -> MirrorView {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let rows = metrics::by_gap(&m.figures.aspects)
        .into_iter()
        .map(|a| row(&a.id, config.aspect_label(&a.id, lang), &a.comparison, lang))
        .collect();
    let mut view = MirrorView {
        rows,
        overall: row(OVERALL, &t.get("overall_grade"), &m.figures.overall, lang),
        note: t.fill(
            "mirror_table_note",
            &[("alpha", &format::plain(config.alpha, lang))],
        ),
    };
    if ctx.group.department.is_some() {
        let org = ctx.group.org;
        let org_gap = |id: &str| {
            let c = if id == OVERALL {
                &org.figures.overall
            } else {
                &org.figures.aspects.iter().find(|a| a.id == id)?.comparison
            };
            Some(format::opt_difference(
                c.employee.mean,
                c.customer.mean,
                1,
                lang,
            ))
        };
        for row in view.rows.iter_mut().chain([&mut view.overall]) {
            row.org_gap = org_gap(&row.id);
        }
    }
    view
}

/// Customers against staff per aspect, by gap.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<String> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let rows = metrics::by_gap(&m.figures.aspects)
        .into_iter()
        .filter_map(|a| {
            Some(MirrorRow {
                label: config.aspect_label(&a.id, lang).to_string(),
                customer: a.comparison.customer.mean?,
                customer_ci: a.comparison.customer.mean_interval(0.95),
                employee: a.comparison.employee.mean,
                significant: a.comparison.significant,
            })
        })
        .collect();
    charts::mirror_svg(&MirrorChart {
        title: t.get("mirror_chart_title"),
        ..chart_of(ctx, rows)
    })
}

/// A mirror chart of `rows` in the report's words and on its rating scale, zoomed in on the
/// figures, without a title: the mirror section, the dashboard's mini mirror and the
/// departments' chart draw it alike.
pub(super) fn chart_of(ctx: &ReportContext<'_>, rows: Vec<MirrorRow>) -> MirrorChart {
    let (t, scale) = (ctx.texts, &ctx.config.scales.rating);
    MirrorChart {
        ci_label: t.get("mirror_ci_label"),
        zoom: true,
        zoom_note: t.fill(
            "mirror_zoom_note",
            &[("min", &format::number(scale.min, 0, ctx.lang()))],
        ),
        title: String::new(),
        x_label: t.get("mirror_x_label"),
        customer_label: t.get("customers"),
        employee_label: t.get("employees_prediction"),
        blind_label: t.get("blind_spot"),
        hidden_label: t.get("hidden_strength"),
        significant_note: t.get("significant_note"),
        scale_min: scale.min,
        scale_max: scale.max,
        rows,
    }
}

/// The mirror: per aspect customers against all staff, sorted by gap as in the report, and
/// the overall grade last.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let mut s = Sheet::new(
        t.get("xl_sheet_mirror"),
        vec![
            Column::text(t.get("col_aspect")),
            Column::text(t.get("xl_col_category")),
            Column::number(t.get("xl_col_n_customers"), Num::Int),
            Column::number(t.get("xl_col_customer_mean"), Num::Dec1),
            Column::number(t.get("xl_col_customer_sd"), Num::Dec2),
            Column::number(t.get("xl_col_n_employees"), Num::Int),
            Column::number(t.get("xl_col_employee_mean"), Num::Dec1),
            Column::number(t.get("xl_col_employee_sd"), Num::Dec2),
            Column::number(t.get("col_gap"), Num::Signed1),
            Column::number(t.get("xl_col_se"), Num::Dec2),
            Column::number(t.get("xl_col_df"), Num::Dec1),
            Column::number(t.get("xl_col_ci_low"), Num::Signed1),
            Column::number(t.get("xl_col_ci_high"), Num::Signed1),
            Column::number(t.get("col_p"), Num::P),
            Column::text(t.get("xl_col_p_text")),
            Column::text(t.get("xl_col_significant")),
            Column::text(t.get("xl_col_direction")),
        ],
    );
    // The gap (column I) coloured where the significance column (P) says yes.
    s.columns[8] = s.columns[8].clone().coloured_by(15, t.get("xl_yes"));
    let comparison_cells = |cmp: &crate::analysis::metrics::Comparison| -> Vec<Cell> {
        let direction = match (cmp.significant, cmp.gap) {
            (true, Some(g)) if g > 0.0 => Cell::Text(t.get("blind_spot")),
            (true, Some(g)) if g < 0.0 => Cell::Text(t.get("hidden_strength")),
            _ => Cell::Empty,
        };
        vec![
            cmp.customer.n.into(),
            cmp.customer.mean.into(),
            cmp.customer.sd.into(),
            cmp.employee.n.into(),
            cmp.employee.mean.into(),
            cmp.employee.sd.into(),
            shown_gap(cmp).into(),
            cmp.se.into(),
            cmp.df.into(),
            cmp.ci_low.into(),
            cmp.ci_high.into(),
            cmp.p.into(),
            cmp.p.map_or(Cell::Empty, |p| {
                Cell::Text(format::p_value(Some(p), c.lang()))
            }),
            yes_no(c, cmp.significant),
            direction,
        ]
    };
    for a in metrics::by_gap(&c.group.figures.aspects) {
        let mut row = vec![
            Cell::Text(c.aspect(&a.id)),
            Cell::Text(category(c, a.category)),
        ];
        row.extend(comparison_cells(&a.comparison));
        s.row(row);
    }
    let mut row = vec![Cell::Text(t.get("overall_grade")), Cell::Empty];
    row.extend(comparison_cells(&c.group.figures.overall));
    s.row(row);
    s.note(t.fill(
        "mirror_table_note",
        &[("alpha", &format::plain(c.config.alpha, c.lang()))],
    ));
    Some(s)
}

/// The mirror per layer: each layer's prediction, gap and p-value per aspect.
pub fn sheet_by_layer(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let layers = &c.group.figures.layers;
    let first = c.group.figures.aspects.first()?;
    let mut columns = vec![
        Column::text(t.get("col_aspect")),
        Column::number(t.get("xl_col_customer_mean"), Num::Dec1),
    ];
    for lc in &first.by_layer {
        let layer = c.layer(&lc.layer);
        let args = [("layer", layer.as_str())];
        columns.push(Column::number(
            t.fill("xl_col_layer_mean", &args),
            Num::Dec1,
        ));
        columns.push(Column::number(
            t.fill("xl_col_layer_gap", &args),
            Num::Signed1,
        ));
        columns.push(Column::number(t.fill("xl_col_layer_p", &args), Num::P));
    }
    let mut s = Sheet::new(t.get("xl_sheet_mirror_layers"), columns);
    s.freeze_first_column = true;
    for a in metrics::by_gap(&c.group.figures.aspects) {
        let mut row = vec![
            Cell::Text(c.aspect(&a.id)),
            a.comparison.customer.mean.into(),
        ];
        for lc in &a.by_layer {
            let cmp = lc.comparison.as_ref();
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(|x| x.employee.mean),
            ));
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(shown_gap),
            ));
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(|x| x.p),
            ));
        }
        s.row(row);
    }
    if layers.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn mirror_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }
}
