//! View models of the report sections beyond the mirror: orientation ladder, enablement,
//! complaint handling, interactions, mood and the development over waves. Each returns
//! `None` when its data is absent; the report then leaves the section out with a note.

use serde::Serialize;

use super::format::{self, ABSENT};
use super::i18n::Texts;
use crate::config::{Config, Language};
use crate::metrics::WaveMetrics;
use crate::model::{ENABLEMENT_ITEMS, Organization};

/// A label and a preformatted value.
#[derive(Debug, Serialize)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// The value.
    pub value: String,
}

fn figure(label: String, value: String) -> Figure {
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
}

fn pct(x: Option<f64>, lang: Language) -> String {
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
            format::opt_signed(i.mean_diff, 1, lang),
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
                    format::opt_signed(a.mean_diff, 1, lang),
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
            ("diff", &format::opt_signed(i.mean_diff, 1, lang)),
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

/// Daily mood: happy share over the wave and the last two weeks.
pub fn mood(m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
    let mood = m.mood.as_ref()?;
    let mut figures = vec![
        figure(t.get("mood_entries"), mood.entries.to_string()),
        figure(t.get("mood_share"), pct(mood.happy_share, lang)),
    ];
    let mut finding = None;
    if let Some(r) = &mood.last_two_weeks {
        figures.push(figure(t.get("mood_recent"), pct(r.happy_share, lang)));
        if let Some(change) = r.change {
            let points = format::signed(change * 100.0, 0, lang);
            let significant = r.p.is_some_and(|p| p < 0.05);
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
    Some(Section {
        finding,
        figures,
        table: None,
        detail: None,
        ..Default::default()
    })
}

/// The development over waves: key figures per wave with the change and its significance.
pub fn trends(config: &Config, org: &Organization, m: &WaveMetrics, t: &Texts) -> Option<Section> {
    let lang = t.lang();
    let tr = m.trends.as_ref()?;
    if tr.waves.len() < 2 {
        return None;
    }
    let headers: Vec<String> = tr
        .waves
        .iter()
        .map(|id| {
            org.waves
                .iter()
                .find(|w| &w.id == id)
                .map_or(id.clone(), |w| w.label().to_string())
        })
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
            let change = match (f.change, is_rate) {
                (Some(c), true) => {
                    format!("{} {}", format::signed(c * 100.0, 0, lang), t.get("pp"))
                }
                (c, false) => {
                    format::opt_signed(c, if f.id.ends_with(".mae") { 2 } else { 1 }, lang)
                }
                (None, true) => ABSENT.to_string(),
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
