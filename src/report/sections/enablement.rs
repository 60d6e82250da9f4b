//! Enablement: whether staff have what they need to serve customers well, per item overall
//! and per layer, the weakest item marked.

use crate::model::ENABLEMENT_ITEMS;
use crate::report::charts::{self, BarChart, BarGroup, palette};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::parts::{Keys, Row, Section, Table, value};
use super::sheet_cells::{suppressed_note, yes_no};
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "enablement_title",
    intro: "enablement_intro",
    chart_title: "enablement_chart_title",
    chart_alt: "enablement_chart_alt",
    detail: "enablement_detail",
    chart_file: "enablement.svg",
};

/// Enablement: each item overall and per layer, the weakest item marked.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let e = &ctx.group.enablement;
    if e.overall.items.iter().all(|i| i.stats.mean.is_none()) {
        return None;
    }
    let mut headers = vec![t.get("all_employees")];
    headers.extend(
        e.by_layer
            .iter()
            .map(|l| config.layer_label(&l.layer, lang).to_string()),
    );
    let rows = ENABLEMENT_ITEMS
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let mut cells = vec![format::opt(e.overall.items[k].stats.mean, 1, lang)];
            cells.extend(e.by_layer.iter().map(|l| {
                format::opt(
                    l.profile.as_ref().and_then(|p| p.items[k].stats.mean),
                    1,
                    lang,
                )
            }));
            Row {
                label: t.get(&format!("item_{id}")),
                cells,
                emphasis: e.overall.weakest == Some(id),
            }
        })
        .collect();
    let finding = e.overall.weakest.map(|id| {
        let mean = e
            .overall
            .items
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.stats.mean);
        t.fill(
            "enablement_finding",
            &[
                ("item", &t.get(&format!("item_{id}"))),
                ("mean", &format::opt(mean, 1, lang)),
            ],
        )
    });
    Some(Section {
        finding,
        figures: vec![],
        table: Some(Table { headers, rows }),
        detail: None,
        ..Default::default()
    })
}

/// Enablement per item, with the signal value of the weak-enablement rule.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let e = &ctx.group.enablement.overall;
    if e.items.iter().all(|i| i.stats.mean.is_none()) {
        return Ok(None);
    }
    let groups = ENABLEMENT_ITEMS
        .iter()
        .zip(&e.items)
        .map(|(id, item)| BarGroup {
            label: t.get(&format!("item_{id}")),
            values: vec![value(item.stats.mean, 1, lang)],
            absent: ABSENT.into(),
        })
        .collect();
    let scale = &config.scales.enablement;
    let chart = BarChart {
        title: t.get("enablement_chart_title"),
        x_label: t.get("enablement_chart_x"),
        scale_min: scale.min,
        scale_max: scale.max,
        series: vec![t.get("all_employees")],
        groups,
        reference: Some((
            config.recommendations.weak_enablement,
            t.get("signal_value"),
        )),
        colors: vec![palette::EMPLOYEE],
    };
    charts::bars_svg(&chart).map(Some)
}

/// Each item per group (all employees, then each layer): n and mean, the weakest item marked;
/// a mean at or below the weak-enablement rule's signal value in red.
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, e) = (ctx.texts, &ctx.group.enablement);
    if e.overall.items.iter().all(|i| i.stats.mean.is_none()) {
        return None;
    }
    let threshold = ctx.config.recommendations.weak_enablement;
    let mut s = Sheet::new(
        t.get("xl_sheet_enablement"),
        vec![
            Column::text(t.get("xl_col_enablement_item")),
            Column::text(t.get("xl_col_group")),
            Column::number(t.get("col_n"), Num::Int),
            Column::number(t.get("enablement_chart_x"), Num::Dec1)
                .marked(Mark::AtMost(threshold, Tone::Bad)),
            Column::text(t.get("xl_col_weakest")),
        ],
    );
    let groups = std::iter::once((t.get("all_employees"), Some(&e.overall), false)).chain(
        e.by_layer
            .iter()
            .map(|l| (ctx.layer(&l.layer), l.profile.as_ref(), l.suppressed)),
    );
    for (group, profile, hidden) in groups {
        for (k, id) in ENABLEMENT_ITEMS.iter().enumerate() {
            let stats = profile.map(|p| &p.items[k].stats);
            let weakest = profile.is_some_and(|p| p.weakest == Some(id));
            s.row(vec![
                Cell::Text(t.get(&format!("item_{id}"))),
                Cell::Text(group.clone()),
                Cell::unless_suppressed(hidden, stats.map(|x| x.n)),
                Cell::unless_suppressed(hidden, stats.and_then(|x| x.mean)),
                if hidden {
                    Cell::Suppressed
                } else {
                    yes_no(ctx, weakest)
                },
            ]);
        }
    }
    s.note(t.fill(
        "xl_enablement_note",
        &[("value", &format::number(threshold, 1, ctx.lang()))],
    ));
    if e.by_layer.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(ctx));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{number, printed, text};

    #[test]
    fn enablement_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    /// Item × group with n and mean as the report prints them; the weakest item marked.
    #[test]
    fn enablement_sheet_holds_the_figures_of_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let table = view(&ctx).unwrap().table.unwrap();
        let e = &s.metrics.enablement;
        assert_eq!(
            sheet.rows.len(),
            ENABLEMENT_ITEMS.len() * (1 + e.by_layer.len())
        );
        // The first rows are all employees, in the report's item order.
        for (r, pdf) in sheet.rows.iter().zip(&table.rows) {
            assert_eq!(text(&r[0]), pdf.label);
            assert_eq!(text(&r[1]), t.get("all_employees"));
            assert_eq!(printed(&r[3], Num::Dec1, Language::Nl), pdf.cells[0]);
            let weakest = text(&r[4]) == t.get("xl_yes");
            assert_eq!(weakest, pdf.emphasis, "{}", pdf.label);
        }
        let first = &e.overall.items[0].stats;
        assert_eq!(number(&sheet.rows[0][2]), Some(first.n as f64));
        // Each layer's column of the report's table, read from the layer's rows.
        let items = ENABLEMENT_ITEMS.len();
        for (l, layer) in e.by_layer.iter().enumerate() {
            let rows = &sheet.rows[(l + 1) * items..(l + 2) * items];
            for (r, pdf) in rows.iter().zip(&table.rows) {
                assert_eq!(text(&r[1]), ctx.layer(&layer.layer));
                if !layer.suppressed {
                    assert_eq!(printed(&r[3], Num::Dec1, Language::Nl), pdf.cells[l + 1]);
                }
            }
        }
        let threshold = s.config.recommendations.weak_enablement;
        assert_eq!(sheet.columns[3].marks, [Mark::AtMost(threshold, Tone::Bad)]);
    }
}
