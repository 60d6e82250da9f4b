//! View models of the report sections beyond the mirror: orientation ladder, enablement,
//! complaint handling, interactions, mood and the development over waves. Each returns
//! `None` when its data is absent; the report then leaves the section out with a note.

use serde::Serialize;

use super::format::{self, ABSENT};
use super::i18n::Texts;
use crate::config::{Config, Language};
use crate::metrics::WaveMetrics;
use crate::model::ENABLEMENT_ITEMS;

/// A label and a preformatted value.
#[derive(Debug, Serialize)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// The value.
    pub value: String,
}

pub(crate) fn figure(label: String, value: String) -> Figure {
    Figure { label, value }
}

/// A table row: a label and preformatted cells.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Row label.
    pub label: String,
    /// Cells, in column order.
    pub cells: Vec<String>,
    /// The row stands out (significant change, weakest item, ...).
    pub emphasis: bool,
}

/// A table with a header.
#[derive(Debug, Serialize)]
pub struct Table {
    /// Column headers after the label column.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
}

/// A section: a sentence with the finding, figures and a table.
#[derive(Debug, Default, Serialize)]
pub struct Section {
    /// Heading (set by the renderer from the translation table).
    pub title: String,
    /// Introduction (set by the renderer).
    pub intro: String,
    /// Caption and alt text of the chart (set by the renderer).
    pub chart_title: String,
    /// Alt text of the chart.
    pub chart_alt: String,
    /// Heading of the detail table.
    pub detail_title: String,
    /// The main finding, as a sentence.
    pub finding: Option<String>,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// The table.
    pub table: Option<Table>,
    /// A second table (complaint categories, departments, ...).
    pub detail: Option<Table>,
    /// File name of the section's chart, when one was drawn.
    pub chart: Option<&'static str>,
    /// The table is a detail table: printed in the appendix, not in the section.
    pub appendix: bool,
}

/// A share as a whole percentage, "—" when absent.
pub(crate) fn pct(x: Option<f64>, lang: Language) -> String {
    x.map_or_else(
        || ABSENT.to_string(),
        |x| format!("{}%", format::number(x * 100.0, 0, lang)),
    )
}

/// The orientation ladder: self, department, organization, overall and per layer.
pub fn orientation(config: &Config, m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
    let o = &m.orientation;
    o.overall.self_orientation.mean?;
    let f = |x: Option<f64>| format::opt(x, 1, lang);
    let ladder_cells = |l: &crate::metrics::orientation::Ladder| {
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

/// Enablement: each item overall and per layer, the weakest item marked.
pub fn enablement(config: &Config, m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
    let e = &m.enablement;
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

/// Complaint handling from the survey and, when present, the complaint log.
pub fn complaints(m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
    let c = &m.complaints;
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
        use crate::metrics::complaints::Verdict;
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

/// Interaction agreement: employee's estimate against the customer's rating.
pub fn interactions(m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
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
        .departments
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
