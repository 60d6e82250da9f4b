//! Chart inputs for the sections beyond the mirror: metrics → the generic bar and line
//! charts of `crate::charts`, with every text from the translation tables.

use super::format::{self, ABSENT};
use super::i18n::Texts;
use crate::charts::{self, BarChart, BarGroup, LineChart, LineSeries};
use crate::config::{Config, Language};
use crate::metrics::WaveMetrics;
use crate::model::{ENABLEMENT_ITEMS, Organization};

fn value(x: Option<f64>, decimals: usize, lang: Language) -> Option<(f64, String)> {
    x.map(|x| (x, format::number(x, decimals, lang)))
}

/// Orientation ladder: self, department, organization for all staff and per layer.
pub fn ladder(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let o = &m.orientation;
    if o.overall.self_orientation.mean.is_none() {
        return Ok(None);
    }
    let bars = |l: Option<&crate::metrics::orientation::Ladder>| {
        let get = |f: fn(&crate::metrics::orientation::Ladder) -> Option<f64>| {
            value(l.and_then(f), 1, lang)
        };
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
    };
    charts::bars_svg(&chart).map(Some)
}

/// Enablement per item, with the signal value of the weak-enablement rule.
pub fn enablement(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let e = &m.enablement.overall;
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
    };
    charts::bars_svg(&chart).map(Some)
}

/// Complaint handling: complainants' score and staff's prediction against the benchmark.
pub fn complaints(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let c = &m.complaints;
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
    };
    charts::bars_svg(&chart).map(Some)
}

/// Interaction agreement: employee's estimate and customer's rating, overall and per
/// department.
pub fn interactions(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let Some(i) = &m.interactions else {
        return Ok(None);
    };
    let mut groups = vec![BarGroup {
        label: t.get("whole_organization"),
        values: vec![
            value(i.employee_mean, 1, lang),
            value(i.customer_mean, 1, lang),
        ],
        absent: ABSENT.into(),
    }];
    for d in &m.departments {
        let Some(g) = &d.interactions else { continue };
        let a = g.agreement.as_ref();
        groups.push(BarGroup {
            label: d.name.clone(),
            values: vec![
                value(a.and_then(|a| a.employee_mean), 1, lang),
                value(a.and_then(|a| a.customer_mean), 1, lang),
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
        series: vec![
            t.get("interactions_employee"),
            t.get("interactions_customer"),
        ],
        groups,
        reference: Some((config.pass_mark(), pass_mark(config, lang, t))),
    };
    charts::bars_svg(&chart).map(Some)
}

/// Happy share per ISO week, against the wave's share.
pub fn mood(m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let Some(mood) = &m.mood else { return Ok(None) };
    if mood.weeks.is_empty() {
        return Ok(None);
    }
    let pct = |x: Option<f64>| {
        x.map(|x| {
            (
                x * 100.0,
                format!("{}%", format::number(x * 100.0, 0, lang)),
            )
        })
    };
    let chart = LineChart {
        title: t.get("mood_chart_title"),
        y_label: t.get("mood_chart_y"),
        y_min: 0.0,
        y_max: 100.0,
        categories: mood.weeks.iter().map(|w| w.week.clone()).collect(),
        series: vec![LineSeries {
            label: t.get("mood_share"),
            values: mood.weeks.iter().map(|w| pct(w.happy_share)).collect(),
        }],
        reference: mood
            .happy_share
            .map(|s| (s * 100.0, t.get("mood_wave_mean"))),
    };
    charts::lines_svg(&chart).map(Some)
}

/// Overall grade of customers and staff's prediction over the waves.
pub fn trends(
    config: &Config,
    org: &Organization,
    m: &WaveMetrics,
    t: &Texts,
) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let Some(tr) = &m.trends else { return Ok(None) };
    if tr.waves.len() < 2 {
        return Ok(None);
    }
    let find = |id: &str| tr.figures.iter().find(|f| f.id == id);
    let Some(grade) = find("overall") else {
        return Ok(None);
    };
    let staff: Vec<Option<f64>> = match find("overall.gap") {
        Some(gap) => grade
            .values
            .iter()
            .zip(&gap.values)
            .map(|(g, d)| Some((*g)? + (*d)?))
            .collect(),
        None => vec![None; grade.values.len()],
    };
    let all: Vec<f64> = grade
        .values
        .iter()
        .chain(&staff)
        .flatten()
        .copied()
        .collect();
    let lo = all.iter().copied().fold(config.pass_mark(), f64::min);
    let hi = all.iter().copied().fold(f64::MIN, f64::max);
    let scale = &config.scales.rating;
    let chart = LineChart {
        title: t.get("trends_chart_title"),
        y_label: t.get("mirror_x_label"),
        y_min: (lo - 0.5).floor().max(scale.min),
        y_max: (hi + 0.5).ceil().min(scale.max),
        categories: tr
            .waves
            .iter()
            .map(|id| {
                org.waves
                    .iter()
                    .find(|w| &w.id == id)
                    .map_or(id.clone(), |w| w.label().to_string())
            })
            .collect(),
        series: vec![
            LineSeries {
                label: t.get("customers"),
                values: grade.values.iter().map(|v| value(*v, 1, lang)).collect(),
            },
            LineSeries {
                label: t.get("employees_prediction"),
                values: staff.iter().map(|v| value(*v, 1, lang)).collect(),
            },
        ],
        reference: Some((config.pass_mark(), pass_mark(config, lang, t))),
    };
    charts::lines_svg(&chart).map(Some)
}

fn pass_mark(config: &Config, lang: Language, t: &Texts) -> String {
    t.fill(
        "pass_mark",
        &[("value", &format::number(config.pass_mark(), 1, lang))],
    )
}
