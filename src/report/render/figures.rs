//! Chart inputs for the sections beyond the mirror: metrics → the generic bar and line
//! charts of `crate::charts`, with every text from the translation tables.

use super::format::{self, ABSENT};
use super::i18n::Texts;
use crate::charts::{self, BarChart, BarGroup, palette};
use crate::config::{Config, Language};
use crate::metrics::WaveMetrics;
use crate::model::ENABLEMENT_ITEMS;

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
        colors: palette::STAFF_TONES.to_vec(),
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
        colors: vec![palette::EMPLOYEE],
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
        colors: Vec::new(),
    };
    charts::bars_svg(&chart).map(Some)
}

/// Interaction agreement: employee's estimate and customer's rating, overall and per
/// department.
/// `whole` labels the report's own figures: the whole organization, or the department of a
/// department report.
pub fn interactions(
    config: &Config,
    m: &WaveMetrics,
    t: &Texts,
    whole: String,
) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let Some(i) = &m.interactions else {
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
    for d in &m.departments {
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
        reference: Some((config.pass_mark(), pass_mark(config, lang, t))),
        colors: Vec::new(),
    };
    charts::bars_svg(&chart).map(Some)
}

/// Legend text of the pass mark line.
pub(crate) fn pass_mark(config: &Config, lang: Language, t: &Texts) -> String {
    t.fill(
        "pass_mark",
        &[("value", &format::number(config.pass_mark(), 1, lang))],
    )
}
