//! The departments side by side (organization report only): grade, mirror gap, biggest blind
//! spot, missed dissatisfaction and mood per department, with the reason a department's figures
//! or its own report are withheld.

use serde::Serialize;

use super::ReportContext;
use crate::analysis::metrics::DepartmentMetrics;
use crate::report::charts::{self, HeatColumn, HeatmapChart, MirrorRow, palette};
use crate::report::render::format::{self, ABSENT};

/// Chart file of the department comparison.
pub const FILE: &str = "departments.svg";

/// Chart file of the departments' gaps per aspect.
pub const GAPS_FILE: &str = "departments-gaps.svg";

/// The department comparison.
#[derive(Debug, Serialize)]
pub struct DepartmentsView {
    /// Heading.
    pub title: String,
    /// What the page shows.
    pub intro: String,
    /// Column headers after the department name.
    pub headers: Vec<String>,
    /// One row per department, in the organization's order.
    pub rows: Vec<DepartmentRow>,
    /// Notes: what "indicative" means, and why reports were withheld.
    pub notes: Vec<String>,
    /// The chart file, once drawn.
    pub chart: Option<&'static str>,
    /// Alt text of the chart.
    pub alt: String,
    /// Heading of the gaps per aspect.
    pub gaps_title: String,
    /// The heatmap of the gaps per aspect, once drawn.
    pub gaps_chart: Option<&'static str>,
    /// Alt text of the heatmap.
    pub gaps_alt: String,
}

/// One department.
#[derive(Debug, Serialize)]
pub struct DepartmentRow {
    /// Department name.
    pub name: String,
    /// Cells in header order.
    pub cells: Vec<String>,
    /// Its employees' figures are withheld.
    pub withheld: bool,
}

/// Why a department gets no report of its own, as a translation key.
fn withheld_key(ctx: &ReportContext<'_>, d: &DepartmentMetrics) -> Option<&'static str> {
    let a = &ctx.config.anonymity;
    if d.suppressed || d.n.employees.is_none_or(|n| n < a.min_employees) {
        Some("dept_withheld_employees")
    } else if d.n.customers < a.min_customers {
        Some("dept_withheld_customers")
    } else {
        None
    }
}

/// The comparison of an organization report with at least two departments.
pub fn view(ctx: &ReportContext<'_>) -> Option<DepartmentsView> {
    if ctx.group.department.is_some() {
        return None;
    }
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let departments: Vec<&DepartmentMetrics> = m
        .departments()
        .iter()
        .filter(|d| d.n.customers > 0 || d.n.employees.is_some_and(|n| n > 0))
        .collect();
    if departments.len() < 2 {
        return None;
    }
    let pct = |x: Option<f64>| {
        x.map_or_else(
            || ABSENT.to_string(),
            |x| format!("{}%", format::number(x * 100.0, 0, lang)),
        )
    };
    let has_interactions = departments.iter().any(|d| d.interactions.is_some());
    let has_mood = departments.iter().any(|d| d.mood.is_some());
    let mut headers = vec![
        t.get("col_customers_n"),
        t.get("dept_col_grade"),
        t.get("col_gap"),
        t.get("dept_col_blind_spot"),
    ];
    if has_interactions {
        headers.push(t.get("dept_col_missed"));
    }
    if has_mood {
        headers.push(t.get("dept_col_mood"));
    }
    if config.reports.departments {
        headers.push(t.get("dept_col_report"));
    }
    let mut withheld_reports = 0;
    let rows = departments
        .iter()
        .map(|d| {
            let withheld = d.suppressed || d.n.employees.is_none();
            let o = &d.figures.overall;
            let mut grade = ctx.f1(o.customer.mean);
            if d.figures.indicative && o.customer.mean.is_some() {
                grade.push_str(" ¹");
            }
            let gap = match (o.employee.mean, o.customer.mean) {
                (Some(s), Some(c)) => format::difference(s, c, 1, lang),
                _ => ABSENT.to_string(),
            };
            let blind = d
                .figures
                .aspects
                .iter()
                .filter_map(|a| Some((a, a.comparison.gap?)))
                .filter(|(_, g)| *g > 0.0)
                .max_by(|x, y| x.1.total_cmp(&y.1))
                .and_then(|(a, _)| {
                    let c = &a.comparison;
                    let diff = format::difference(c.employee.mean?, c.customer.mean?, 1, lang);
                    Some(format!("{} ({diff})", ctx.aspect(&a.id)))
                })
                .unwrap_or_else(|| ABSENT.to_string());
            let mut cells = vec![d.n.customers.to_string(), grade, gap, blind];
            if has_interactions {
                let missed = d
                    .interactions
                    .as_ref()
                    .and_then(|g| g.agreement.as_ref())
                    .and_then(|a| a.missed_unhappy_share);
                cells.push(pct(missed));
            }
            if has_mood {
                let mood = d
                    .mood
                    .as_ref()
                    .and_then(|g| g.series.as_ref())
                    .and_then(|s| s.happy_share);
                cells.push(pct(mood));
            }
            if config.reports.departments {
                cells.push(match withheld_key(ctx, d) {
                    Some(key) => {
                        withheld_reports += 1;
                        let min = if key == "dept_withheld_employees" {
                            config.anonymity.min_employees
                        } else {
                            config.anonymity.min_customers
                        };
                        t.fill(key, &[("min", &min.to_string())])
                    }
                    None => t.get("dept_report_yes"),
                });
            }
            DepartmentRow {
                name: d.name.clone(),
                cells,
                withheld,
            }
        })
        .collect();
    let a = &config.anonymity;
    let mut notes = vec![t.fill(
        "dept_note_indicative",
        &[("min", &a.min_customers.to_string())],
    )];
    if departments
        .iter()
        .any(|d| d.suppressed || d.n.employees.is_none())
    {
        notes.push(t.fill("dept_note_hidden", &[("min", &a.min_employees.to_string())]));
    }
    if withheld_reports > 0 {
        notes.push(t.fill(
            "dept_note_reports_withheld",
            &[
                ("count", &withheld_reports.to_string()),
                ("min_employees", &a.min_employees.to_string()),
                ("min_customers", &a.min_customers.to_string()),
            ],
        ));
    }
    Some(DepartmentsView {
        title: t.get("dept_title"),
        intro: t.get("dept_intro"),
        headers,
        rows,
        notes,
        chart: None,
        alt: t.get("dept_alt"),
        gaps_title: t.get("dept_gaps_title"),
        gaps_chart: None,
        gaps_alt: t.get("dept_gaps_alt"),
    })
}

/// Grade and staff's prediction per department, as a mirror (staff's dot absent where hidden).
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let rows: Vec<MirrorRow> = ctx
        .group
        .departments()
        .iter()
        .filter_map(|d| {
            Some(MirrorRow {
                label: d.name.clone(),
                customer: d.figures.overall.customer.mean?,
                customer_ci: d.figures.overall.customer.mean_interval(0.95),
                employee: d.figures.overall.employee.mean,
                significant: d.figures.overall.significant,
            })
        })
        .collect();
    if rows.len() < 2 {
        return Ok(None);
    }
    charts::mirror_svg(&super::mirror::chart_of(ctx, rows)).map(Some)
}

/// Per aspect (rows, in the organization's mirror order) and department (columns): staff's
/// estimate minus the customers' rating, from the printed means. `None` when fewer than two
/// departments have staff figures.
pub fn gaps_chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let min = ctx.config.anonymity.min_customers;
    let shown: Vec<&DepartmentMetrics> = ctx
        .group
        .departments()
        .iter()
        .filter(|d| !d.suppressed && d.figures.overall.employee.mean.is_some())
        .collect();
    if shown.len() < 2 {
        return Ok(None);
    }
    let order = crate::analysis::metrics::by_gap(&ctx.group.figures.aspects);
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    for a in order {
        rows.push(ctx.aspect(&a.id));
        cells.push(
            shown
                .iter()
                .map(|d| {
                    let c = &d.figures.aspects.iter().find(|x| x.id == a.id)?.comparison;
                    let (s, k) = (c.employee.mean?, c.customer.mean?);
                    let diff = format::printed(s, 1) - format::printed(k, 1);
                    Some((diff, format::difference(s, k, 1, lang)))
                })
                .collect(),
        );
    }
    let r = &ctx.config.scales.rating;
    let chart = HeatmapChart {
        title: String::new(),
        rows,
        columns: shown
            .iter()
            .map(|d| {
                let n = d.n.customers.to_string();
                HeatColumn {
                    label: d.name.clone(),
                    note: if d.figures.indicative {
                        t.fill("heatmap_n_indicative", &[("n", &n)])
                    } else {
                        t.fill("heatmap_n", &[("n", &n)])
                    },
                    faint: d.n.customers < min,
                }
            })
            .collect(),
        cells,
        limit: (r.max - r.min) / 4.5,
        positive: palette::BLIND_SPOT,
        negative: palette::HIDDEN_STRENGTH,
        legend: (t.get("dept_gaps_over"), t.get("dept_gaps_under")),
    };
    charts::heatmap_svg(&chart).map(Some)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;
    use crate::config::Language;

    #[test]
    fn departments_of_the_sample_organization() {
        let s = sample::last_wave();
        let view = view(&s.context()).unwrap();
        insta::assert_yaml_snapshot!(view);
    }

    #[test]
    fn a_withheld_department_says_why_and_the_report_counts_it() {
        let mut s = sample::last_wave().in_language(Language::En);
        let d = &mut s.metrics.departments[0];
        d.suppressed = true;
        d.n.employees = None;
        let name = d.name.clone();
        let t = &s.texts;
        let v = view(&s.context()).unwrap();
        let row = v.rows.iter().find(|r| r.name == name).unwrap();
        assert!(row.withheld);
        assert_eq!(
            row.cells.last().unwrap(),
            &t.fill("dept_withheld_employees", &[("min", "5")])
        );
        assert!(
            v.notes.iter().any(|n| n.contains(&t.fill(
                "dept_note_reports_withheld",
                &[
                    ("count", "1"),
                    ("min_employees", "5"),
                    ("min_customers", "10"),
                ],
            ))),
            "{:?}",
            v.notes
        );
    }

    #[test]
    fn a_department_report_has_no_comparison_page() {
        let s = sample::last_wave();
        assert!(view(&s.context()).is_some());
        assert!(view(&s.department_context(|_| true)).is_none());
    }
}
