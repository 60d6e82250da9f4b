//! Complaint handling: the survey's complaint questions against the benchmark and, when
//! present, the complaint log (handling times, open complaints, top categories).

use crate::report::charts::{self, BarChart, BarGroup};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::parts::{Keys, Row, Section, Table, figure, pct, value};
use crate::analysis::metrics::complaints::Verdict;
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "complaints_title",
    intro: "complaints_intro",
    chart_title: "complaints_chart_title",
    chart_alt: "complaints_chart_alt",
    detail: "complaints_detail",
    chart_file: "complaints.svg",
};

/// Complaint handling from the survey and, when present, the complaint log.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let c = &ctx.group.figures.complaints;
    // The survey questions and the complaint log are independent: either makes a section.
    if c.respondents == 0 && c.log.is_none() {
        return None;
    }
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    let mut figures = Vec::new();
    if c.respondents > 0 {
        figures.extend([
            figure(t.get("complaints_rate"), pct(c.rate, lang)),
            figure(t.get("complaints_score"), f1(c.score_mean)),
            figure(
                t.get("complaints_benchmark"),
                format::number(c.benchmark, 1, lang),
            ),
            figure(t.get("complaints_resolution"), pct(c.resolution_rate, lang)),
            figure(t.get("complaints_repeat"), pct(c.repeat_rate, lang)),
            figure(t.get("complaints_staff"), f1(c.staff.employee.mean)),
        ]);
    }
    let mut detail = None;
    if let Some(log) = &c.log {
        figures.push(figure(t.get("complaints_logged"), log.logged.to_string()));
        figures.push(figure(t.get("complaints_median_days"), f1(log.median_days)));
        figures.push(figure(t.get("complaints_p90_days"), f1(log.p90_days)));
        figures.push(figure(t.get("complaints_open"), log.open.to_string()));
        detail = Some(Table {
            headers: vec![
                t.get("col_complaints"),
                t.get("col_repeats"),
                t.get("col_repeat_share"),
            ],
            rows: log
                .top_categories
                .iter()
                .map(|k| Row {
                    label: k.category.clone(),
                    cells: vec![
                        k.complaints.to_string(),
                        k.repeats.to_string(),
                        pct(k.repeat_share, lang),
                    ],
                    emphasis: false,
                })
                .collect(),
        });
    }
    // "Below the benchmark" only when the interval of the complainants' mean lies below it.
    let finding = c.score_mean.map(|score| {
        use crate::analysis::metrics::complaints::Verdict;
        let key = match c.benchmark_verdict {
            Some(Verdict::Below) => "complaints_finding_below",
            Some(Verdict::Above) => "complaints_finding_above",
            _ => "complaints_finding_same",
        };
        let source = c.benchmark_source.as_deref().map_or(String::new(), |src| {
            let src = match c.benchmark_year {
                Some(y) => format!("{src} {y}"),
                None => src.to_string(),
            };
            format!(", {}", t.fill("benchmark_source", &[("source", &src)]))
        });
        t.fill(
            key,
            &[
                ("score", &format::number(score, 1, lang)),
                ("benchmark", &format::number(c.benchmark, 1, lang)),
                ("source", &source),
                ("ci_low", &f1(c.score_ci_low)),
                ("ci_high", &f1(c.score_ci_high)),
                ("staff", &f1(c.staff.employee.mean)),
                ("complainants", &c.score.n.to_string()),
            ],
        )
    });
    Some(Section {
        finding,
        figures,
        table: None,
        detail,
        ..Default::default()
    })
}

/// Complaint handling: complainants' score and staff's prediction against the benchmark.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let c = &ctx.group.figures.complaints;
    if c.score_mean.is_none() && c.staff.employee.mean.is_none() {
        return Ok(None);
    }
    let groups = vec![
        BarGroup {
            label: t.get("complaints_score"),
            values: vec![value(c.score_mean, 1, lang)],
            absent: ABSENT.into(),
        },
        BarGroup {
            label: t.get("complaints_staff"),
            values: vec![value(c.staff.employee.mean, 1, lang)],
            absent: ABSENT.into(),
        },
    ];
    let scale = &config.scales.rating;
    let benchmark = t.fill(
        "benchmark_label",
        &[("value", &format::number(c.benchmark, 1, lang))],
    );
    let chart = BarChart {
        title: t.get("complaints_chart_title"),
        x_label: t.get("mirror_x_label"),
        scale_min: scale.min,
        scale_max: scale.max,
        series: vec![t.get("complaints_score")],
        groups,
        reference: Some((c.benchmark, benchmark)),
        colors: Vec::new(),
    };
    charts::bars_svg(&chart).map(Some)
}

/// The complaint figures, one per row: value, n, the interval where there is one, the value it
/// is held against (benchmark, signal value) and the verdict; red below the benchmark or where
/// the rules found the same complaints coming back, green above the benchmark.
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, c) = (ctx.texts, &ctx.group.figures.complaints);
    if c.respondents == 0 && c.log.is_none() {
        return None;
    }
    let signal = |key: &str| Cell::Text(t.get(key));
    let mut s = Sheet::new(
        t.get("xl_sheet_complaints"),
        vec![
            Column::text(t.get("xl_col_item")),
            Column::number(t.get("xl_col_value"), Num::Dec1)
                .marked(Mark::TextIs {
                    column: 6,
                    text: t.get("xl_signal_below_benchmark"),
                    tone: Tone::Bad,
                })
                .marked(Mark::TextIs {
                    column: 6,
                    text: t.get("xl_signal_threshold"),
                    tone: Tone::Bad,
                })
                .marked(Mark::TextIs {
                    column: 6,
                    text: t.get("xl_signal_above_benchmark"),
                    tone: Tone::Good,
                }),
            Column::number(t.get("col_n"), Num::Int),
            Column::number(t.get("xl_col_ci_low"), Num::Dec1),
            Column::number(t.get("xl_col_ci_high"), Num::Dec1),
            Column::number(t.get("xl_col_reference"), Num::Dec1),
            Column::text(t.get("xl_col_signal")),
        ],
    );
    let value = |x: Option<f64>, num| {
        x.filter(|x| x.is_finite())
            .map_or(Cell::Empty, |x| Cell::NumberAs(x, num))
    };
    let not_learned = fired(ctx, "complaints_not_learned");
    let threshold = ctx.config.recommendations.repeat_rate;
    if c.respondents > 0 {
        let verdict = match c.benchmark_verdict {
            Some(Verdict::Below) => signal("xl_signal_below_benchmark"),
            Some(Verdict::Above) => signal("xl_signal_above_benchmark"),
            _ => Cell::Empty,
        };
        let rows = [
            (
                t.get("complaints_rate"),
                value(c.rate, Num::Percent),
                c.respondents,
                None,
                Cell::Empty,
                Cell::Empty,
            ),
            (
                t.get("complaints_score"),
                value(c.score_mean, Num::Dec1),
                c.score.n,
                Some((c.score_ci_low, c.score_ci_high)),
                Cell::NumberAs(c.benchmark, Num::Dec1),
                verdict,
            ),
            (
                t.get("complaints_resolution"),
                value(c.resolution_rate, Num::Percent),
                c.resolution_n,
                None,
                Cell::Empty,
                Cell::Empty,
            ),
            (
                t.get("complaints_repeat"),
                value(c.repeat_rate, Num::Percent),
                c.repeat_n,
                None,
                Cell::NumberAs(threshold, Num::Percent),
                if not_learned {
                    signal("xl_signal_threshold")
                } else {
                    Cell::Empty
                },
            ),
            (
                t.get("complaints_staff"),
                value(c.staff.employee.mean, Num::Dec1),
                c.staff.employee.n,
                None,
                Cell::Empty,
                Cell::Empty,
            ),
        ];
        for (label, value, n, ci, reference, signal) in rows {
            let (low, high) = ci.unwrap_or((None, None));
            s.row(vec![
                Cell::Text(label),
                value,
                n.into(),
                low.into(),
                high.into(),
                reference,
                signal,
            ]);
        }
    }
    if let Some(log) = &c.log {
        let rows = [
            (
                t.get("complaints_logged"),
                Cell::NumberAs(log.logged as f64, Num::Int),
            ),
            (
                t.get("complaints_median_days"),
                value(log.median_days, Num::Dec1),
            ),
            (t.get("complaints_p90_days"), value(log.p90_days, Num::Dec1)),
            (
                t.get("complaints_open"),
                Cell::NumberAs(log.open as f64, Num::Int),
            ),
        ];
        for (label, value) in rows {
            s.row(vec![
                Cell::Text(label),
                value,
                log.logged.into(),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    s.note(t.get("xl_complaints_note"));
    Some(s)
}

/// The complaint log's most frequent categories: complaints, repeats and the repeat share,
/// red at or above the signal value of the rule on complaints not learned from.
pub fn categories_sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let t = ctx.texts;
    let log = ctx.group.figures.complaints.log.as_ref()?;
    if log.top_categories.is_empty() {
        return None;
    }
    let threshold = ctx.config.recommendations.repeat_rate;
    let mut s = Sheet::new(
        t.get("xl_sheet_complaint_categories"),
        vec![
            Column::text(t.get("xl_col_category")),
            Column::number(t.get("col_complaints"), Num::Int),
            Column::number(t.get("col_repeats"), Num::Int),
            Column::number(t.get("col_repeat_share"), Num::Percent)
                .marked(Mark::AtLeast(threshold, Tone::Bad)),
        ],
    );
    for k in &log.top_categories {
        s.row(vec![
            Cell::Text(k.category.clone()),
            k.complaints.into(),
            k.repeats.into(),
            k.repeat_share.into(),
        ]);
    }
    s.note(t.fill(
        "xl_signal_value_note",
        &[("value", &pct(Some(threshold), ctx.lang()))],
    ));
    Some(s)
}

/// Whether the rules found `rule` in this wave (on a card of its own or merged into one).
fn fired(ctx: &ReportContext<'_>, rule: &str) -> bool {
    ctx.actions
        .iter()
        .any(|c| c.rule == rule || c.findings.iter().any(|f| f.rule == rule))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{number, printed, row, text};
    use crate::report::workbook::{Cell, Num};

    #[test]
    fn complaints_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    /// Every figure the report shows, with n; the score held against the benchmark with the
    /// report's verdict; the log's categories as in the report's table.
    #[test]
    fn complaints_sheets_hold_the_figures_of_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let pdf = view(&ctx).unwrap();
        let mut checked = 0;
        for f in &pdf.figures {
            if f.label == t.get("complaints_benchmark") {
                continue;
            }
            let r = row(&sheet, &f.label);
            assert_eq!(
                printed(&r[1], Num::Dec1, Language::Nl),
                f.value,
                "{}",
                f.label
            );
            checked += 1;
        }
        assert!(checked >= 8, "{checked} figures");
        let c = &s.metrics.figures.complaints;
        let score = row(&sheet, &t.get("complaints_score"));
        assert_eq!(number(&score[2]), Some(c.score.n as f64));
        assert_eq!(number(&score[3]), c.score_ci_low);
        assert_eq!(number(&score[5]), Some(c.benchmark));
        // The sample's interval contains the benchmark: no verdict; set below, it is named.
        assert_eq!(c.benchmark_verdict, Some(Verdict::NotDistinguishable));
        assert_eq!(score[6], Cell::Empty);
        let mut below = sample::last_wave();
        below.metrics.figures.complaints.benchmark_verdict = Some(Verdict::Below);
        let marked = super::sheet(&below.context()).unwrap();
        let score = row(&marked, &t.get("complaints_score"));
        assert_eq!(text(&score[6]), t.get("xl_signal_below_benchmark"));
        let tone = marked.columns[1].marks.iter().find_map(|m| match m {
            Mark::TextIs {
                column: 6,
                text,
                tone,
            } if *text == t.get("xl_signal_below_benchmark") => Some(*tone),
            _ => None,
        });
        assert_eq!(tone, Some(Tone::Bad));
        let rate = row(&sheet, &t.get("complaints_rate"));
        assert_eq!(number(&rate[2]), Some(c.respondents as f64));

        let categories = categories_sheet(&ctx).unwrap();
        let detail = pdf.detail.unwrap();
        assert_eq!(categories.rows.len(), detail.rows.len());
        for (r, pdf) in categories.rows.iter().zip(&detail.rows) {
            assert_eq!(text(&r[0]), pdf.label);
            let nums = [Num::Int, Num::Int, Num::Percent];
            for (k, num) in nums.into_iter().enumerate() {
                assert_eq!(printed(&r[k + 1], num, Language::Nl), pdf.cells[k]);
            }
        }
    }
}
