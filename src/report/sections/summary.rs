//! The summary: the key figures and the findings that open the report, the real news first.

use serde::Serialize;

use crate::analysis::metrics::{AspectMetrics, Quadrant};
use crate::analysis::recommend::BROAD_DECLINE;
use crate::report::render::format;

use super::ReportContext;
use super::actions::listing;
use super::importance::ImportanceView;
use super::layers::LayersView;
use super::sheet_cells::{shown_gap, yes_no};
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// A key figure.
#[derive(Debug, Serialize)]
pub struct KeyFigure {
    /// What it is.
    pub label: String,
    /// The figure.
    pub value: String,
}

/// The summary's findings, as sentences: the news, the overall gap, the largest blind spot and
/// hidden strength, the layers, where to concentrate and misplaced priorities.
pub fn findings(
    ctx: &ReportContext<'_>,
    layers: &LayersView,
    importance: &ImportanceView,
) -> Vec<String> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    let aspect_label = |id| config.aspect_label(id, lang);
    let mut findings = news(ctx);
    let o = &m.figures.overall;
    if let (Some(c), Some(s), Some(gap)) = (o.customer.mean, o.employee.mean, o.gap) {
        let key = match (o.significant, gap > 0.0) {
            (false, _) => "finding_overall_none",
            (true, true) => "finding_overall_over",
            (true, false) => "finding_overall_under",
        };
        // As printed: the difference of the two printed grades.
        let gap = format::number(
            (format::printed(s, 1) - format::printed(c, 1)).abs(),
            1,
            lang,
        );
        findings.push(t.fill(
            key,
            &[
                ("gap", &gap),
                ("staff", &f1(Some(s))),
                ("customer", &f1(Some(c))),
            ],
        ));
    }
    // The largest blind spot and hidden strength as the rules found them (significant over
    // the action family too, and relevant), so the summary claims no more than the cards.
    let found = |rule: &str| -> Vec<&AspectMetrics> {
        ctx.actions
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.rule == rule)
            .filter_map(|f| {
                m.figures
                    .aspects
                    .iter()
                    .find(|a| Some(&a.id) == f.subject.as_ref())
            })
            .collect()
    };
    let gap = |a: &&AspectMetrics| a.comparison.gap.unwrap_or(0.0);
    let blind = found("blind_spot")
        .into_iter()
        .max_by(|a, b| gap(a).total_cmp(&gap(b)));
    let hidden = found("hidden_strength")
        .into_iter()
        .min_by(|a, b| gap(a).total_cmp(&gap(b)));
    for (aspect, key) in [
        (blind, "finding_blind_spot"),
        (hidden, "finding_hidden_strength"),
    ] {
        if let Some(a) = aspect {
            let c = &a.comparison;
            findings.push(t.fill(
                key,
                &[
                    ("aspect", aspect_label(&a.id)),
                    ("staff", &f1(c.employee.mean)),
                    ("customer", &f1(c.customer.mean)),
                    (
                        "gap",
                        &format::opt_difference(c.employee.mean, c.customer.mean, 1, lang),
                    ),
                ],
            ));
        }
    }
    if blind.is_none() {
        findings.push(t.get("finding_no_blind_spot"));
    }
    findings.extend(layers.finding.clone());
    let concentrate: Vec<&str> = m
        .figures
        .aspects
        .iter()
        .filter(|a| a.quadrant == Some(Quadrant::ConcentrateHere))
        .map(|a| aspect_label(&a.id))
        .collect();
    if !concentrate.is_empty() {
        findings.push(t.fill(
            "finding_concentrate",
            &[("aspects", &concentrate.join(", "))],
        ));
    }
    findings.extend(importance.misplaced.clone());
    findings
}

/// The summary's key figures: both grades, the gap and the best layer.
pub fn key_figures(ctx: &ReportContext<'_>) -> Vec<KeyFigure> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    let layer_label = |id| config.layer_label(id, lang);
    let o = &m.figures.overall;
    let best_layer = m
        .figures
        .layers
        .iter()
        .find(|l| l.rank == Some(1))
        .map(|l| layer_label(&l.id));
    vec![
        KeyFigure {
            label: t.get("kf_customer_grade"),
            value: f1(o.customer.mean),
        },
        KeyFigure {
            label: t.get("kf_staff_grade"),
            value: f1(o.employee.mean),
        },
        KeyFigure {
            label: t.get("kf_gap"),
            value: format::opt_signed(o.gap, 1, lang),
        },
        KeyFigure {
            label: t.get("kf_best_layer"),
            value: best_layer
                .map_or_else(|| t.get("layers_not_distinguishable"), |l| l.to_string()),
        },
    ]
}

/// The real news, first on the summary page: a broad decline, or else a significant change of
/// the overall grade, with direction and size.
fn news(ctx: &ReportContext<'_>) -> Vec<String> {
    let (config, t, lang) = (ctx.config, ctx.texts, ctx.lang());
    if let Some(card) = ctx.actions.iter().find(|c| c.rule == BROAD_DECLINE) {
        let labels: Vec<String> = card
            .subjects
            .iter()
            .map(|s| config.aspect_label(s, lang).to_string())
            .collect();
        let e = &card.evidence;
        let mut out = vec![t.fill(
            "finding_broad_decline",
            &[
                ("aspects", &e["aspects"].to_string()),
                ("total", &e["total"].to_string()),
                ("mean_change", &format::signed(e["mean_change"], 1, lang)),
                ("subject", &listing(&labels, t)),
            ],
        )];
        out.extend(grade_change(ctx));
        return out;
    }
    grade_change(ctx).into_iter().collect()
}

/// The overall grade's significant change since the previous wave, when there is one.
fn grade_change(ctx: &ReportContext<'_>) -> Option<String> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let f = ctx.trends?.figures.iter().find(|f| f.id == "overall")?;
    if !f.significant {
        return None;
    }
    let (change, now) = (f.change?, (*f.values.last()?)?);
    let key = if change < 0.0 {
        "finding_grade_change_down"
    } else {
        "finding_grade_change_up"
    };
    Some(t.fill(
        key,
        &[
            ("previous", &format::number(now - change, 1, lang)),
            ("now", &format::number(now, 1, lang)),
            ("change", &format::signed(change, 1, lang)),
            ("q", &format::p_value(f.q, lang)),
        ],
    ))
}

/// Key figures: organization, wave, respondents, the overall grade and the top action.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let (m, t) = (c.group, c.texts);
    let mut s = Sheet::new(
        t.get("xl_sheet_overview"),
        vec![
            Column::text(t.get("xl_col_item")),
            Column::text(t.get("xl_col_value")),
        ],
    );
    let o = &m.figures.overall;
    let figure = |x: Option<f64>, num| {
        x.filter(|x| x.is_finite())
            .map_or(Cell::Empty, |x| Cell::NumberAs(x, num))
    };
    let best = m
        .figures
        .layers
        .iter()
        .find(|l| l.rank == Some(1))
        .map_or_else(
            || Cell::Text(t.get("layers_not_distinguishable")),
            |l| Cell::Text(c.layer(&l.id)),
        );
    let top_action = c.actions.first().map_or(Cell::Empty, |r| {
        let a = super::actions::card_view(c.config, 1, r, c.texts);
        Cell::Text(a.title)
    });
    let rows: Vec<(String, Cell)> = vec![
        (t.get("xl_organization"), Cell::Text(m.org.org_name.clone())),
        (t.get("xl_organization_id"), Cell::Text(m.org.org.clone())),
        (t.get("cover_wave"), Cell::Text(m.org.wave_label.clone())),
        (t.get("xl_wave_id"), Cell::Text(m.org.wave.clone())),
        (
            t.get("group_customers"),
            Cell::NumberAs(m.n.customers as f64, Num::Int),
        ),
        (
            t.get("group_employees_all"),
            Cell::NumberAs(m.n.employees as f64, Num::Int),
        ),
        (
            t.get("kf_customer_grade"),
            figure(o.customer.mean, Num::Dec1),
        ),
        (t.get("kf_staff_grade"), figure(o.employee.mean, Num::Dec1)),
        (t.get("kf_gap"), figure(shown_gap(o), Num::Signed1)),
        (t.get("col_p"), figure(o.p, Num::P)),
        (t.get("xl_col_significant"), yes_no(c, o.significant)),
        (t.get("kf_best_layer"), best),
        (
            t.get("xl_actions_count"),
            Cell::NumberAs(c.actions.len() as f64, Num::Int),
        ),
        (t.get("xl_top_action"), top_action),
    ];
    for (label, value) in rows {
        s.row(vec![Cell::Text(label), value]);
    }
    s.note(t.get("xl_overview_note"));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::{importance, layers, sample};

    /// The declining sample organization: the summary opens with the broad decline, then the
    /// grade's fall, each with direction and size.
    #[test]
    fn the_summary_opens_with_the_real_news() {
        let s = sample::organization(2);
        let news = news(&s.context());
        assert_eq!(news.len(), 2, "{news:?}");
        assert!(
            news[0].starts_with("Customers are significantly less satisfied"),
            "{}",
            news[0]
        );
        assert!(
            news[1].starts_with("The customers' overall grade fell from"),
            "{}",
            news[1]
        );
        // Without a significant change there is no such news.
        let s = sample::organization(0).in_language(Language::En);
        let ctx = s.context();
        let overall =
            (s.trends.as_ref()).and_then(|tr| tr.figures.iter().find(|f| f.id == "overall"));
        let significant = overall.is_some_and(|f| f.significant);
        assert_ne!(super::news(&ctx).is_empty(), significant);
    }

    #[test]
    fn summary_of_the_sample_organization() {
        let s = sample::last_wave();
        let ctx = s.context();
        let findings = findings(&ctx, &layers::view(&ctx), &importance::view(&ctx));
        insta::assert_yaml_snapshot!((key_figures(&ctx), findings));
    }
}
