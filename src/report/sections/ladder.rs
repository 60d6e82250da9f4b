//! The orientation ladder: how strongly staff feel oriented on their own work, their
//! department and the organization, overall and per layer.

use crate::analysis::metrics::orientation::Ladder;
use crate::report::charts::{self, BarChart, BarGroup, palette};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::parts::{Keys, Row, Section, Table, value};
use super::sheet_cells::suppressed_note;
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "ladder_title",
    intro: "ladder_intro",
    chart_title: "ladder_chart_title",
    chart_alt: "ladder_chart_alt",
    detail: "ladder_detail",
    chart_file: "ladder.svg",
};

/// The orientation ladder: self, department, organization, overall and per layer.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let o = &ctx.group.orientation;
    o.overall.self_orientation.mean?;
    let f = |x: Option<f64>| format::opt(x, 1, lang);
    let ladder_cells = |l: &Ladder| {
        vec![
            f(l.self_orientation.mean),
            f(l.department_orientation.mean),
            f(l.organization_orientation.mean),
            format::opt_signed(l.drop.map(|d| -d), 1, lang),
        ]
    };
    let mut rows = vec![Row {
        label: t.get("all_employees"),
        cells: ladder_cells(&o.overall),
        emphasis: true,
    }];
    for l in &o.by_layer {
        rows.push(Row {
            label: config.layer_label(&l.layer, lang).to_string(),
            cells: l
                .ladder
                .as_ref()
                .map_or_else(|| vec![ABSENT.to_string(); 4], ladder_cells),
            emphasis: false,
        });
    }
    let finding = t.fill(
        "ladder_finding",
        &[
            ("self", &f(o.overall.self_orientation.mean)),
            ("department", &f(o.overall.department_orientation.mean)),
            ("organization", &f(o.overall.organization_orientation.mean)),
        ],
    );
    Some(Section {
        finding: Some(finding),
        figures: vec![],
        table: Some(Table {
            headers: vec![
                t.get("ladder_self"),
                t.get("ladder_department"),
                t.get("ladder_organization"),
                t.get("ladder_drop"),
            ],
            rows,
        }),
        detail: None,
        ..Default::default()
    })
}

/// Orientation ladder: self, department, organization for all staff and per layer.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let o = &ctx.group.orientation;
    if o.overall.self_orientation.mean.is_none() {
        return Ok(None);
    }
    let bars = |l: Option<&Ladder>| {
        let get = |f: fn(&Ladder) -> Option<f64>| value(l.and_then(f), 1, lang);
        vec![
            get(|l| l.self_orientation.mean),
            get(|l| l.department_orientation.mean),
            get(|l| l.organization_orientation.mean),
        ]
    };
    let mut groups = vec![BarGroup {
        label: t.get("all_employees"),
        values: bars(Some(&o.overall)),
        absent: ABSENT.into(),
    }];
    for l in &o.by_layer {
        groups.push(BarGroup {
            label: config.layer_label(&l.layer, lang).to_string(),
            values: bars(l.ladder.as_ref()),
            absent: ABSENT.into(),
        });
    }
    let scale = &config.scales.orientation;
    let chart = BarChart {
        title: t.get("ladder_chart_title"),
        x_label: t.get("ladder_chart_x"),
        scale_min: scale.min,
        scale_max: scale.max,
        series: vec![
            t.get("ladder_self"),
            t.get("ladder_department"),
            t.get("ladder_organization"),
        ],
        groups,
        reference: None,
        colors: palette::STAFF_TONES.to_vec(),
    };
    charts::bars_svg(&chart).map(Some)
}

/// The ladder per group: n, the three rungs and the organization's distance below one's own
/// rating, as the report prints it; a distance at or beyond the rule's signal value in red.
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, o) = (ctx.texts, &ctx.group.orientation);
    o.overall.self_orientation.mean?;
    let threshold = ctx.config.recommendations.orientation_drop;
    let mut s = Sheet::new(
        t.get("xl_sheet_ladder"),
        vec![
            Column::text(t.get("xl_col_group")),
            Column::number(t.get("col_n"), Num::Int),
            Column::number(t.get("ladder_self"), Num::Dec1),
            Column::number(t.get("ladder_department"), Num::Dec1),
            Column::number(t.get("ladder_organization"), Num::Dec1),
            Column::number(t.get("ladder_drop"), Num::Signed1)
                .marked(Mark::AtMost(-threshold, Tone::Bad)),
        ],
    );
    let cells = |l: Option<&Ladder>, hidden: bool| -> Vec<Cell> {
        let get = |f: fn(&Ladder) -> Option<f64>| Cell::unless_suppressed(hidden, l.and_then(f));
        vec![
            Cell::unless_suppressed(hidden, l.map(|l| l.self_orientation.n)),
            get(|l| l.self_orientation.mean),
            get(|l| l.department_orientation.mean),
            get(|l| l.organization_orientation.mean),
            get(|l| l.drop.map(|d| -d)),
        ]
    };
    let mut row = vec![Cell::Text(t.get("all_employees"))];
    row.extend(cells(Some(&o.overall), false));
    s.row(row);
    for l in &o.by_layer {
        let mut row = vec![Cell::Text(ctx.layer(&l.layer))];
        row.extend(cells(l.ladder.as_ref(), l.suppressed));
        s.row(row);
    }
    s.note(t.fill(
        "xl_ladder_note",
        &[("value", &format::number(threshold, 1, ctx.lang()))],
    ));
    if o.by_layer.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(ctx));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{number, printed, row, text};

    #[test]
    fn ladder_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    /// The sheet holds the figures the report prints, per group by label, with n and the
    /// signal value of the rule as its red mark.
    #[test]
    fn ladder_sheet_holds_the_figures_of_the_report() {
        let s = sample::last_wave();
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let table = view(&ctx).unwrap().table.unwrap();
        assert_eq!(sheet.rows.len(), table.rows.len());
        let nums = [Num::Dec1, Num::Dec1, Num::Dec1, Num::Signed1];
        for (r, pdf) in sheet.rows.iter().zip(&table.rows) {
            assert_eq!(text(&r[0]), pdf.label);
            for (k, num) in nums.into_iter().enumerate() {
                assert_eq!(
                    printed(&r[k + 2], num, Language::Nl),
                    pdf.cells[k],
                    "{}",
                    pdf.label
                );
            }
        }
        let o = &s.metrics.orientation;
        assert_eq!(
            number(&sheet.rows[0][1]),
            Some(o.overall.self_orientation.n as f64)
        );
        let front = &o.by_layer[0];
        let r = row(&sheet, &ctx.layer(&front.layer));
        let n = front.ladder.as_ref().unwrap().self_orientation.n;
        assert_eq!(number(&r[1]), Some(n as f64));
        let threshold = s.config.recommendations.orientation_drop;
        assert_eq!(
            sheet.columns[5].marks,
            [Mark::AtMost(-threshold, Tone::Bad)]
        );
    }
}
