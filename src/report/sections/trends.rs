//! The development over waves: a table of every key figure per wave with its change and
//! significance, and small multiples of the customers' rating and staff's estimate per aspect
//! (the overall grade first), so a decline across every aspect shows at a glance.

use super::parts::{Keys, Row, Section, Table, pct};
use super::sheet_cells::{shown_difference, yes_no};
use crate::config::Config;
use crate::report::charts::{self, MultiplesChart, Panel};
use crate::report::render::format::{self, ABSENT};
use crate::report::render::i18n::Texts;
use crate::report::workbook::{Cell, Column, Mark, Num, Sheet, Tone};

use super::ReportContext;

/// Panels per row of the small multiples.
const COLUMNS: usize = 4;

/// The section's texts in the translation tables and its chart file.
pub const KEYS: Keys = Keys {
    title: "trends_title",
    intro: "trends_intro",
    chart_title: "trends_chart_title",
    chart_alt: "trends_chart_alt",
    detail: "trends_detail",
    chart_file: "trends.svg",
};

/// The development over waves: key figures per wave with the change and its significance;
/// `None` before the second wave.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let tr = ctx.trends?;
    if tr.waves.len() < 2 {
        return None;
    }
    let headers: Vec<String> = tr
        .waves
        .iter()
        .map(|id| ctx.wave_label(id))
        .chain([t.get("col_change")])
        .collect();
    let rows = tr
        .figures
        .iter()
        .filter(|f| !f.id.ends_with(".gap") || f.id == "overall.gap")
        .filter_map(|f| {
            let label = trend_label(config, &f.id, t)?;
            let is_rate = f.id.ends_with("rate") || f.id.ends_with("share");
            let value = |x: Option<f64>| {
                if is_rate {
                    pct(x, lang)
                } else {
                    format::opt(x, if f.id.ends_with(".mae") { 2 } else { 1 }, lang)
                }
            };
            let mut cells: Vec<String> = f.values.iter().map(|v| value(*v)).collect();
            // The change as printed: the difference of the two printed values.
            let n = f.values.len();
            let pair = f.change.and(f.values[n - 1].zip(f.values[n - 2]));
            let change = match (pair, is_rate) {
                (Some((now, before)), true) => format!(
                    "{} {}",
                    format::difference(now * 100.0, before * 100.0, 0, lang),
                    t.get("pp")
                ),
                (Some((now, before)), false) => {
                    let decimals = if f.id.ends_with(".mae") { 2 } else { 1 };
                    format::difference(now, before, decimals, lang)
                }
                (None, _) => ABSENT.to_string(),
            };
            cells.push(if f.significant {
                format!("{change} *")
            } else {
                change
            });
            Some(Row {
                label,
                cells,
                emphasis: f.significant,
            })
        })
        .collect();
    let finding = tr.stagnation.as_ref().map(|s| {
        t.fill(
            if s.stagnant {
                "trends_stagnant"
            } else {
                "trends_moving"
            },
            &[
                ("waves", &s.waves.len().to_string()),
                ("range", &format::number(s.range, 2, lang)),
                ("threshold", &format::number(s.threshold, 2, lang)),
            ],
        )
    });
    Some(Section {
        finding,
        figures: vec![],
        table: Some(Table { headers, rows }),
        // The figures per wave are a detail table; the section shows the small multiples.
        appendix: true,
        detail: None,
        ..Default::default()
    })
}

/// Row label of a trend figure id; `None` for figures the table leaves out.
fn trend_label(config: &Config, id: &str, t: &Texts) -> Option<String> {
    let lang = t.lang();
    let aspect = |a: &str| {
        config
            .questionnaire
            .aspects
            .iter()
            .find(|x| x.id == a)
            .map(|x| x.label.get(lang).to_string())
    };
    Some(match id {
        "overall" => t.get("overall_grade"),
        "overall.gap" => t.get("trend_overall_gap"),
        "complaints.score_mean" => t.get("complaints_score"),
        "complaints.rate" => t.get("complaints_rate"),
        "complaints.resolution_rate" => t.get("complaints_resolution"),
        "complaints.repeat_rate" => t.get("complaints_repeat"),
        "orientation.drop" => t.get("trend_orientation_drop"),
        "interactions.missed_unhappy_share" => t.get("interactions_missed"),
        "mood.happy_share" => t.get("mood_share"),
        _ => {
            if let Some(a) = id
                .strip_prefix("aspect.")
                .and_then(|r| r.strip_suffix(".customer"))
            {
                aspect(a)?
            } else if let Some(l) = id
                .strip_prefix("layer.")
                .and_then(|r| r.strip_suffix(".mae"))
            {
                t.fill("trend_layer_mae", &[("layer", config.layer_label(l, lang))])
            } else if let Some(item) = id.strip_prefix("enablement.") {
                t.fill(
                    "trend_enablement",
                    &[("item", &t.get(&format!("item_{item}")))],
                )
            } else {
                return None;
            }
        }
    })
}

/// Small multiples: the overall grade and every aspect over the waves, customers and staff's
/// estimate on one shared axis; a significant change of the customers' figure is marked.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    let Some(tr) = ctx.trends else {
        return Ok(None);
    };
    if tr.waves.len() < 2 {
        return Ok(None);
    }
    let find = |id: &str| tr.figures.iter().find(|f| f.id == id);
    let value = |x: Option<f64>| x.map(|x| (x, format::number(x, 1, lang)));
    let mut items: Vec<(String, String, String)> = vec![(
        t.get("overall_grade"),
        "overall".into(),
        "overall.gap".into(),
    )];
    items.extend(config.questionnaire.aspects.iter().map(|a| {
        (
            a.label.get(lang).to_string(),
            format!("aspect.{}.customer", a.id),
            format!("aspect.{}.gap", a.id),
        )
    }));
    let mut all = Vec::new();
    let panels: Vec<Panel> = items
        .into_iter()
        .filter_map(|(title, grade_id, gap_id)| {
            let grade = find(&grade_id)?;
            if grade.values.iter().flatten().count() < 2 {
                return None;
            }
            let staff: Vec<Option<f64>> = match find(&gap_id) {
                Some(gap) => grade
                    .values
                    .iter()
                    .zip(&gap.values)
                    .map(|(g, d)| Some((*g)? + (*d)?))
                    .collect(),
                None => vec![None; grade.values.len()],
            };
            all.extend(grade.values.iter().chain(&staff).flatten().copied());
            Some(Panel {
                title,
                values: vec![
                    grade.values.iter().map(|v| value(*v)).collect(),
                    staff.iter().map(|v| value(*v)).collect(),
                ],
                emphasis: grade.significant,
            })
        })
        .collect();
    if panels.is_empty() {
        return Ok(None);
    }
    let scale = &config.scales.rating;
    let lo = all.iter().copied().fold(config.pass_mark(), f64::min);
    let hi = all.iter().copied().fold(f64::MIN, f64::max);
    let chart = MultiplesChart {
        title: String::new(),
        categories: tr.waves.iter().map(|id| ctx.wave_label(id)).collect(),
        series: vec![t.get("customers"), t.get("employees_prediction")],
        emphasis_note: t.get("trends_significant_note"),
        panels,
        y_min: (lo - 0.5).floor().max(scale.min),
        y_max: (hi + 0.5).ceil().min(scale.max),
        reference: Some((config.pass_mark(), super::pass_mark(ctx))),
        columns: COLUMNS,
    };
    charts::multiples_svg(&chart).map(Some)
}

/// Every key figure over the waves (the aspects' gaps included): its value per wave, the
/// change as printed with its unit, the test, p and q (raw and as printed) and whether it
/// significantly improved or worsened, coloured like the report (green better, red worse).
pub fn sheet(ctx: &ReportContext<'_>) -> Option<Sheet> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let tr = ctx.trends?;
    if tr.waves.len() < 2 {
        return None;
    }
    let mut columns = vec![Column::text(t.get("xl_col_item"))];
    columns.extend(
        tr.waves
            .iter()
            .map(|id| Column::number(ctx.wave_label(id), Num::Dec1)),
    );
    let assessment = columns.len() + 7;
    let (better, worse) = (t.get("xl_trend_better"), t.get("xl_trend_worse"));
    columns.extend([
        Column::number(t.get("col_change"), Num::Signed1)
            .marked(Mark::TextIs {
                column: assessment,
                text: better.clone(),
                tone: Tone::Good,
            })
            .marked(Mark::TextIs {
                column: assessment,
                text: worse.clone(),
                tone: Tone::Bad,
            }),
        Column::text(t.get("xl_col_unit")),
        Column::text(t.get("xl_col_test")),
        Column::number(t.get("col_p"), Num::P),
        Column::number(t.get("xl_col_q"), Num::P),
        Column::text(t.get("xl_col_q_text")),
        Column::text(t.get("xl_col_significant")),
        Column::text(t.get("xl_col_assessment")),
    ]);
    let mut s = Sheet::new(t.get("xl_sheet_trends"), columns);
    s.freeze_first_column = true;
    for f in &tr.figures {
        let label = trend_label(ctx.config, &f.id, t).or_else(|| {
            let aspect = f.id.strip_prefix("aspect.")?.strip_suffix(".gap")?;
            Some(t.fill("xl_trend_aspect_gap", &[("aspect", &ctx.aspect(aspect))]))
        });
        let Some(label) = label else { continue };
        let is_rate = f.id.ends_with("rate") || f.id.ends_with("share");
        let (num, decimals, unit) = if is_rate {
            (Num::Percent, 0, t.get("pp"))
        } else if f.id.ends_with(".mae") {
            (Num::Dec2, 2, t.get("xl_points"))
        } else {
            (Num::Dec1, 1, t.get("xl_points"))
        };
        let mut row = vec![Cell::Text(label)];
        row.extend(f.values.iter().map(|v| {
            v.filter(|x| x.is_finite())
                .map_or(Cell::Empty, |x| Cell::NumberAs(x, num))
        }));
        // The change as printed: the difference of the last two values as rounded.
        let n = f.values.len();
        let pair = f.change.and(f.values[n - 1].zip(f.values[n - 2]));
        let change = pair.map(|(now, before)| {
            if is_rate {
                let points = shown_difference(Some(now * 100.0), Some(before * 100.0), 0);
                Cell::NumberAs(points.unwrap_or_default(), Num::Signed0)
            } else {
                let shown = shown_difference(Some(now), Some(before), decimals);
                let num = if decimals == 2 {
                    Num::Signed2
                } else {
                    Num::Signed1
                };
                Cell::NumberAs(shown.unwrap_or_default(), num)
            }
        });
        let verdict = pair
            .filter(|_| f.significant)
            .and_then(|(now, before)| improved(&f.id, before, now))
            .map_or(Cell::Empty, |up| {
                Cell::Text(if up { better.clone() } else { worse.clone() })
            });
        row.extend([
            change.unwrap_or(Cell::Empty),
            if pair.is_some() {
                Cell::Text(unit)
            } else {
                Cell::Empty
            },
            f.test.map_or(Cell::Empty, |test| {
                Cell::Text(t.get(&format!("xl_test_{test}")))
            }),
            f.p.into(),
            f.q.into(),
            f.q.map_or(Cell::Empty, |q| Cell::Text(format::p_value(Some(q), lang))),
            yes_no(ctx, f.significant),
            verdict,
        ]);
        s.row(row);
    }
    s.note(t.get("xl_trends_note"));
    Some(s)
}

/// Whether a change of figure `id` from `before` to `now` is for the better: a higher grade,
/// resolution or mood; a smaller gap, deviation, drop, complaint or repeat rate or missed
/// dissatisfaction. `None` when it did not change.
fn improved(id: &str, before: f64, now: f64) -> Option<bool> {
    let lower_is_better = id.ends_with(".gap")
        || id.ends_with(".mae")
        || id == "orientation.drop"
        || id == "complaints.rate"
        || id == "complaints.repeat_rate"
        || id == "interactions.missed_unhappy_share";
    let (before, now) = if id.ends_with(".gap") {
        (before.abs(), now.abs())
    } else {
        (before, now)
    };
    match now.partial_cmp(&before)? {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(!lower_is_better),
        std::cmp::Ordering::Less => Some(lower_is_better),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::charts::test_support::texts;
    use crate::report::sections::sample;
    use crate::report::sections::sheet_cells::read::{number, printed, row, text};

    #[test]
    fn trends_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    #[test]
    fn every_printed_change_is_the_difference_of_the_printed_values() {
        let s = sample::last_wave().in_language(Language::En);
        let t = &s.texts;
        let v = view(&s.context()).unwrap();
        let num = |x: &str| -> Option<f64> {
            let x = x
                .trim_end_matches(" *")
                .trim_end_matches(&*t.get("pp"))
                .trim();
            let x = x.trim_end_matches('%').replace('\u{2212}', "-");
            x.trim_start_matches('+').parse().ok()
        };
        let mut checked = 0;
        for row in &v.table.as_ref().unwrap().rows {
            let n = row.cells.len();
            let (Some(before), Some(now), Some(change)) = (
                num(&row.cells[n - 3]),
                num(&row.cells[n - 2]),
                num(&row.cells[n - 1]),
            ) else {
                continue;
            };
            assert!(
                (change - (now - before)).abs() < 1e-9,
                "{}: {:?}",
                row.label,
                row.cells
            );
            checked += 1;
        }
        assert!(checked > 10, "only {checked} rows checked");
    }

    #[test]
    fn small_multiples_have_the_overall_grade_and_every_aspect() {
        let s = sample::last_wave();
        let t = &s.texts;
        let svg = chart(&s.context()).unwrap().unwrap();
        // Titles may wrap over two lines.
        let joined = texts(&svg).join(" ").replace(" *", "");
        let has = |l: &str| joined.contains(l);
        assert!(has(&t.get("overall_grade")));
        for a in &s.config.questionnaire.aspects {
            assert!(has(a.label.get(Language::Nl)), "{} missing", a.id);
        }
    }

    /// Every row of the report's table, with the same values and change as printed there;
    /// the aspects' gaps in addition.
    #[test]
    fn trends_sheet_holds_the_figures_of_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let ctx = s.context();
        let sheet = sheet(&ctx).unwrap();
        let table = view(&ctx).unwrap().table.unwrap();
        let waves = table.headers.len() - 1;
        for pdf in &table.rows {
            let r = row(&sheet, &pdf.label);
            for k in 0..waves {
                assert_eq!(
                    printed(&r[k + 1], Num::Dec1, Language::Nl),
                    pdf.cells[k],
                    "{}",
                    pdf.label
                );
            }
            let change = pdf.cells[waves].trim_end_matches(" *");
            let unit = text(&r[waves + 2]);
            let ours = printed(&r[waves + 1], Num::Signed1, Language::Nl);
            if unit == t.get("pp") {
                assert_eq!(format!("{ours} {unit}"), change, "{}", pdf.label);
            } else {
                assert_eq!(ours, change, "{}", pdf.label);
            }
        }
        assert!(
            sheet.rows.len() > table.rows.len(),
            "the aspects' gaps are on the sheet"
        );
        let gap = t.fill(
            "xl_trend_aspect_gap",
            &[("aspect", &ctx.aspect(&s.metrics.figures.aspects[0].id))],
        );
        row(&sheet, &gap);
    }

    /// The declining sample organization: its significant falls are marked as worse, in red.
    #[test]
    fn a_significant_fall_is_marked_worse() {
        let s = sample::organization(2);
        let t = &s.texts;
        let sheet = sheet(&s.context()).unwrap();
        let r = row(&sheet, &t.get("overall_grade"));
        let n = r.len();
        assert_eq!(text(&r[n - 2]), t.get("xl_yes"));
        assert_eq!(text(&r[n - 1]), "worsened");
        assert!(number(&r[n - 8]).unwrap() < 0.0);
        assert!(text(&r[n - 3]).starts_with('<') || text(&r[n - 3]).starts_with('0'));
        let marks = &sheet.columns[n - 8].marks;
        assert!(marks.contains(&Mark::TextIs {
            column: n - 1,
            text: "worsened".into(),
            tone: Tone::Bad
        }));
        assert_eq!(improved("complaints.rate", 0.2, 0.1), Some(true));
        assert_eq!(improved("aspect.a.gap", -1.0, 0.5), Some(true));
        assert_eq!(improved("overall", 7.0, 7.0), None);
    }
}
