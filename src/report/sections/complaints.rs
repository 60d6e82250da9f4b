//! Complaint handling: the survey's complaint questions against the benchmark and, when
//! present, the complaint log (handling times, open complaints, top categories).

use crate::report::charts::{self, BarChart, BarGroup};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::parts::{Row, Section, Table, figure, pct, value};

/// Complaint handling from the survey and, when present, the complaint log.
pub fn view(ctx: &ReportContext<'_>) -> Option<Section> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let c = &ctx.metrics.complaints;
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
    let c = &ctx.metrics.complaints;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::render::i18n::Texts;
    use crate::report::sections::sample;

    #[test]
    fn complaints_of_the_sample_organization() {
        let s = sample::last_wave();
        let t = Texts::load(Language::Nl).unwrap();
        insta::assert_yaml_snapshot!(view(&s.context(&t)).unwrap());
    }
}
