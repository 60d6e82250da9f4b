//! Daily mood: the happy share over the wave and the last two weeks, and per week with
//! readable week labels ("wk 36 · 31 aug").

use crate::report::charts::{self, LineChart, LineSeries};
use crate::report::render::format;

use super::ReportContext;
use super::parts::{Keys, Section, figure, pct};
use super::sheet_cells::{shown_difference, suppressed_note};
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "mood_title",
    intro: "mood_intro",
    chart_title: "mood_chart_title",
    chart_alt: "mood_chart_alt",
    detail: "mood_detail",
    chart_file: "mood.svg",
};

/// The mood section; `None` without `mood.csv`.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let mood = ctx.group.mood.as_ref()?;
    let mut figures = vec![
        figure(t.get("mood_entries"), mood.entries.to_string()),
        figure(t.get("mood_share"), pct(mood.happy_share, lang)),
    ];
    let mut finding = None;
    if let Some(r) = &mood.last_two_weeks {
        figures.push(figure(t.get("mood_recent"), pct(r.happy_share, lang)));
        if let (Some(recent), Some(wave)) = (r.happy_share, r.wave_share) {
            // The change in points as printed: the difference of the two printed percentages.
            let points = format::difference(recent * 100.0, wave * 100.0, 0, lang);
            let significant = r.p.is_some_and(|p| p < ctx.config.alpha);
            let change = format::printed(recent * 100.0, 0) - format::printed(wave * 100.0, 0);
            let key = match (change < 0.0, significant) {
                (true, true) => "mood_finding_down",
                (false, true) => "mood_finding_up",
                _ => "mood_finding_stable",
            };
            finding = Some(t.fill(
                key,
                &[
                    ("recent", &pct(r.happy_share, lang)),
                    ("wave", &pct(r.wave_share, lang)),
                    ("points", &points),
                ],
            ));
        }
    }
    figures.retain(|f| f.value != format::ABSENT);
    Some(Section {
        finding,
        figures,
        ..Default::default()
    })
}

/// Happy share per ISO week, against the wave's share.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let Some(mood) = &ctx.group.mood else {
        return Ok(None);
    };
    if mood.weeks.is_empty() {
        return Ok(None);
    }
    let share = |x: Option<f64>| x.map(|x| (x * 100.0, pct(Some(x), lang)));
    let chart = LineChart {
        title: t.get("mood_chart_title"),
        y_label: t.get("mood_chart_y"),
        y_min: 0.0,
        y_max: 100.0,
        categories: mood
            .weeks
            .iter()
            .map(|w| format::week(&w.week, lang))
            .collect(),
        series: vec![LineSeries {
            label: t.get("mood_share"),
            values: mood.weeks.iter().map(|w| share(w.happy_share)).collect(),
        }],
        reference: mood
            .happy_share
            .map(|s| (s * 100.0, t.get("mood_wave_mean"))),
    };
    charts::lines_svg(&chart).map(Some)
}

/// The happy share per ISO week with the number of smileys, red where it lies the mood rule's
/// signal value or more below the wave's share; below the table the wave, the last two weeks,
/// their difference as printed and its p-value.
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let mood = ctx.group.mood.as_ref()?;
    let decline = ctx.config.recommendations.mood_decline;
    let mut share = Column::number(t.get("mood_share"), Num::Percent);
    if let Some(wave) = mood.happy_share {
        share = share.marked(Mark::AtMost(wave - decline, Tone::Bad));
    }
    let mut s = Sheet::new(
        t.get("xl_sheet_mood"),
        vec![
            Column::text(t.get("xl_col_week")),
            Column::text(t.get("xl_col_week_id")),
            Column::number(t.get("mood_entries"), Num::Int),
            share,
        ],
    );
    for w in &mood.weeks {
        s.row(vec![
            Cell::Text(format::week(&w.week, lang)),
            Cell::Text(w.week.clone()),
            Cell::unless_suppressed(w.suppressed, w.entries),
            Cell::unless_suppressed(w.suppressed, w.happy_share),
        ]);
    }
    s.figure(t.get("mood_entries"), Some(mood.entries as f64), Num::Int);
    s.figure(t.get("xl_mood_wave"), mood.happy_share, Num::Percent);
    if let Some(r) = &mood.last_two_weeks {
        s.figure(t.get("mood_recent"), r.happy_share, Num::Percent);
        let points = shown_difference(
            r.happy_share.map(|x| x * 100.0),
            r.wave_share.map(|x| x * 100.0),
            0,
        );
        s.figure(t.get("xl_mood_change"), points, Num::Signed0);
        s.figure(t.get("col_p"), r.p, Num::P);
        if r.p.is_some() {
            s.footer.push(vec![
                Cell::Text(t.get("xl_col_p_text")),
                Cell::Text(format::p_value(r.p, lang)),
            ]);
        }
    }
    s.note(t.fill(
        "xl_mood_note",
        &[("value", &format::number(decline * 100.0, 0, lang))],
    ));
    if mood.weeks.iter().any(|w| w.suppressed) {
        s.note(suppressed_note(ctx));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::charts::test_support::texts;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{number, printed, text};
    use crate::report::workbook::Num;

    #[test]
    fn mood_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    #[test]
    fn week_labels_are_readable_and_the_last_week_is_labelled() {
        let s = sample::last_wave();
        let svg = chart(&s.context()).unwrap().unwrap();
        let labels = texts(&svg);
        assert!(!labels.iter().any(|l| l.contains("-W")), "{labels:?}");
        let last = &s.metrics.mood.as_ref().unwrap().weeks.last().unwrap().week;
        let want = format::week(last, Language::Nl);
        assert!(labels.contains(&want), "{want} not in {labels:?}");
    }

    /// One row per week with its smileys; below the table the wave's and the last two weeks'
    /// shares and their difference, as the report prints them.
    #[test]
    fn mood_sheet_holds_the_figures_of_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let mood = s.metrics.mood.as_ref().unwrap();
        assert_eq!(sheet.rows.len(), mood.weeks.len());
        for (r, w) in sheet.rows.iter().zip(&mood.weeks) {
            assert_eq!(text(&r[0]), format::week(&w.week, Language::Nl));
            assert_eq!(number(&r[2]), w.entries.map(|n| n as f64));
        }
        let footer = |label: &str| {
            let label = t.get(label);
            sheet
                .footer
                .iter()
                .find(|l| text(&l[0]) == label)
                .unwrap()
                .clone()
        };
        let pdf = view(&ctx).unwrap();
        let shown = |key: &str| {
            let label = t.get(key);
            pdf.figures
                .iter()
                .find(|f| f.label == label)
                .unwrap()
                .value
                .clone()
        };
        let lang = Language::Nl;
        assert_eq!(
            printed(&footer("xl_mood_wave")[1], Num::Percent, lang),
            shown("mood_share")
        );
        assert_eq!(
            printed(&footer("mood_recent")[1], Num::Percent, lang),
            shown("mood_recent")
        );
        let change = printed(&footer("xl_mood_change")[1], Num::Signed0, lang);
        let r = mood.last_two_weeks.as_ref().unwrap();
        let points = format::difference(
            r.happy_share.unwrap() * 100.0,
            r.wave_share.unwrap() * 100.0,
            0,
            lang,
        );
        assert_eq!(change, points);
        assert_eq!(
            text(&footer("xl_col_p_text")[1]),
            format::p_value(r.p, lang)
        );
    }
}
