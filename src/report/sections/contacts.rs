//! Contacts: after a logged contact the employee estimates the customer's rating and the
//! customer gives it; how well the two agree, overall and per department.

use crate::report::charts::{self, BarChart, BarGroup};
use crate::report::render::format::{self, ABSENT};

use super::parts::{Keys, Row, Section, Table, figure, pct, value};
use super::sheet_cells::{shown_difference, suppressed_note};
use super::{ReportContext, pass_mark};
use crate::analysis::metrics::interactions::Agreement;
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "interactions_title",
    intro: "interactions_intro",
    chart_title: "interactions_chart_title",
    chart_alt: "interactions_chart_alt",
    detail: "interactions_detail",
    chart_file: "interactions.svg",
};

/// Interaction agreement: employee's estimate against the customer's rating.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let m = ctx.group;
    let i = m.interactions.as_ref()?;
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    let figures = vec![
        figure(t.get("interactions_logged"), i.logged.to_string()),
        figure(t.get("interactions_response"), pct(i.response_rate, lang)),
        figure(t.get("interactions_employee"), f1(i.employee_mean)),
        figure(t.get("interactions_customer"), f1(i.customer_mean)),
        figure(
            t.get("interactions_diff"),
            format::opt_difference(i.employee_mean, i.customer_mean, 1, lang),
        ),
        figure(t.get("interactions_r"), format::opt(i.pearson, 2, lang)),
        figure(
            t.get("interactions_missed"),
            pct(i.missed_unhappy_share, lang),
        ),
    ];
    let rows = m
        .departments()
        .iter()
        .filter_map(|d| {
            let g = d.interactions.as_ref()?;
            let cells = match &g.agreement {
                Some(a) => vec![
                    a.pairs.to_string(),
                    f1(a.employee_mean),
                    f1(a.customer_mean),
                    format::opt_difference(a.employee_mean, a.customer_mean, 1, lang),
                    pct(a.missed_unhappy_share, lang),
                ],
                None => vec![ABSENT.to_string(); 5],
            };
            Some(Row {
                label: d.name.clone(),
                cells,
                emphasis: false,
            })
        })
        .collect::<Vec<_>>();
    let finding = Some(t.fill(
        "interactions_finding",
        &[
            (
                "diff",
                &format::opt_difference(i.employee_mean, i.customer_mean, 1, lang),
            ),
            ("missed", &pct(i.missed_unhappy_share, lang)),
            ("pairs", &i.pairs.to_string()),
        ],
    ));
    let detail = (!rows.is_empty()).then(|| Table {
        headers: vec![
            t.get("col_pairs"),
            t.get("interactions_employee"),
            t.get("interactions_customer"),
            t.get("interactions_diff"),
            t.get("interactions_missed"),
        ],
        rows,
    });
    Some(Section {
        finding,
        figures,
        table: None,
        detail,
        ..Default::default()
    })
}

/// Interaction agreement: employee's estimate and customer's rating, overall and per
/// department.
/// The report's own figures are labelled with the whole organization, or with the department
/// of a department report.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, t, lang, m) = (ctx.config, ctx.texts, ctx.lang(), ctx.group);
    let whole =
        (ctx.group.department).map_or_else(|| t.get("whole_organization"), |d| d.name.clone());
    let Some(i) = m.interactions else {
        return Ok(None);
    };
    let mut groups = vec![BarGroup {
        label: whole,
        values: vec![
            value(i.customer_mean, 1, lang),
            value(i.employee_mean, 1, lang),
        ],
        absent: ABSENT.into(),
    }];
    for d in m.departments() {
        let Some(g) = &d.interactions else { continue };
        let a = g.agreement.as_ref();
        groups.push(BarGroup {
            label: d.name.clone(),
            values: vec![
                value(a.and_then(|a| a.customer_mean), 1, lang),
                value(a.and_then(|a| a.employee_mean), 1, lang),
            ],
            absent: ABSENT.into(),
        });
    }
    let scale = &config.scales.rating;
    let chart = BarChart {
        title: t.get("interactions_chart_title"),
        x_label: t.get("mirror_x_label"),
        scale_min: scale.min,
        scale_max: scale.max,
        // Customers first, so the series take the customers' and employees' colours.
        series: vec![
            t.get("interactions_customer"),
            t.get("interactions_employee"),
        ],
        groups,
        reference: Some((config.pass_mark(), pass_mark(ctx))),
        colors: Vec::new(),
    };
    charts::bars_svg(&chart).map(Some)
}

/// Agreement per group (the report's own figures, then each department): contacts, response,
/// pairs, both means, their difference as printed, r and the missed dissatisfaction, red at
/// or above the signal value of the rule on missed unhappy customers.
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, m) = (ctx.texts, ctx.group);
    let i = m.interactions.as_ref()?;
    let threshold = ctx.config.recommendations.missed_unhappy_share;
    let mut s = Sheet::new(
        t.get("xl_sheet_contacts"),
        vec![
            Column::text(t.get("xl_col_group")),
            Column::number(t.get("interactions_logged"), Num::Int),
            Column::number(t.get("interactions_response"), Num::Percent),
            Column::number(t.get("col_pairs"), Num::Int),
            Column::number(t.get("interactions_employee"), Num::Dec1),
            Column::number(t.get("interactions_customer"), Num::Dec1),
            Column::number(t.get("interactions_diff"), Num::Signed1),
            Column::number(t.get("interactions_r"), Num::Dec2),
            Column::number(t.get("interactions_missed"), Num::Percent)
                .marked(Mark::AtLeast(threshold, Tone::Bad)),
        ],
    );
    let cells = |a: Option<&Agreement>, hidden: bool| -> Vec<Cell> {
        let get = |f: fn(&Agreement) -> Option<f64>| Cell::unless_suppressed(hidden, a.and_then(f));
        vec![
            get(|a| Some(a.logged as f64)),
            get(|a| a.response_rate),
            get(|a| Some(a.pairs as f64)),
            get(|a| a.employee_mean),
            get(|a| a.customer_mean),
            get(|a| shown_difference(a.employee_mean, a.customer_mean, 1)),
            get(|a| a.pearson),
            get(|a| a.missed_unhappy_share),
        ]
    };
    let whole =
        (ctx.group.department).map_or_else(|| t.get("whole_organization"), |d| d.name.clone());
    let mut row = vec![Cell::Text(whole)];
    row.extend(cells(Some(i), false));
    s.row(row);
    let mut hidden_any = false;
    for d in m.departments() {
        let Some(g) = &d.interactions else { continue };
        hidden_any |= g.suppressed;
        let mut row = vec![Cell::Text(d.name.clone())];
        row.extend(cells(g.agreement.as_ref(), g.suppressed));
        s.row(row);
    }
    s.note(t.fill(
        "xl_contacts_note",
        &[("value", &pct(Some(threshold), ctx.lang()))],
    ));
    if hidden_any {
        s.note(suppressed_note(ctx));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{printed, row, text};
    use crate::report::workbook::{Cell, Num};

    #[test]
    fn contacts_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    /// The report's figures in the first row, each department's as in the report's table;
    /// the difference is the difference of the printed means.
    #[test]
    fn contacts_sheet_holds_the_figures_of_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let pdf = view(&ctx).unwrap();
        let whole = row(&sheet, &t.get("whole_organization"));
        let figure = |key: &str| {
            let label = t.get(key);
            pdf.figures
                .iter()
                .find(|f| f.label == label)
                .unwrap()
                .value
                .clone()
        };
        let columns = [
            ("interactions_logged", 1, Num::Int),
            ("interactions_response", 2, Num::Percent),
            ("interactions_employee", 4, Num::Dec1),
            ("interactions_customer", 5, Num::Dec1),
            ("interactions_diff", 6, Num::Signed1),
            ("interactions_r", 7, Num::Dec2),
            ("interactions_missed", 8, Num::Percent),
        ];
        for (key, col, num) in columns {
            assert_eq!(
                printed(&whole[col], num, Language::Nl),
                figure(key),
                "{key}"
            );
        }
        let detail = pdf.detail.unwrap();
        for d in &detail.rows {
            let r = row(&sheet, &d.label);
            if d.cells[0] == format::ABSENT {
                assert!(
                    matches!(r[3], Cell::Empty | Cell::Suppressed),
                    "{}",
                    d.label
                );
                continue;
            }
            let nums = [
                (3, Num::Int),
                (4, Num::Dec1),
                (5, Num::Dec1),
                (6, Num::Signed1),
                (8, Num::Percent),
            ];
            for (k, (col, num)) in nums.into_iter().enumerate() {
                assert_eq!(
                    printed(&r[col], num, Language::Nl),
                    d.cells[k],
                    "{}",
                    d.label
                );
            }
        }
        // A department report labels its own row with the department.
        let dept = s.department_context(|d| d.interactions.is_some());
        let name = &dept.group.department.unwrap().name;
        assert_eq!(&text(&sheet_rows(&dept)[0][0]), name);
    }

    fn sheet_rows(ctx: &ReportContext<'_>) -> Vec<Vec<Cell>> {
        sheet(ctx).unwrap().rows
    }
}
