//! Importance: what matters to customers (stated or derived), what staff and leadership think
//! matters, and the importance × performance matrix.

use serde::Serialize;

use crate::analysis::metrics::{AspectMetrics, ImportanceSource, Quadrant};
use crate::report::charts::{self, DotChart, DotRow, MatrixChart, MatrixPoint};
use crate::report::render::format::{self, ABSENT};

use super::ReportContext;
use super::actions::listing;
use super::sheet_cells::suppressed_note;
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// One row of the importance table.
#[derive(Debug, Serialize)]
pub struct ImportanceRowView {
    /// Aspect label.
    pub label: String,
    /// Customers' stated importance.
    pub customers: String,
    /// All employees' predicted importance.
    pub employees: String,
    /// Management's predicted importance.
    pub management: String,
    /// Board's predicted importance.
    pub board: String,
    /// Derived importance.
    pub derived: String,
    /// Quadrant label.
    pub quadrant: String,
    /// Quadrant id, for colouring.
    pub quadrant_id: &'static str,
}

/// The importance section.
#[derive(Debug, Serialize)]
pub struct ImportanceView {
    /// Intro with the scale.
    pub intro: String,
    /// Rows, sorted by customers' importance, most important first.
    pub rows: Vec<ImportanceRowView>,
    /// The matrix is built on derived importance.
    pub derived: bool,
    /// Whether a matrix chart exists.
    pub has_matrix: bool,
    /// Misplaced-priority sentence.
    pub misplaced: Option<String>,
}

/// The importance table, most important to customers first, with the quadrants.
pub fn view(ctx: &ReportContext<'_>) -> ImportanceView {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    // The table's two leadership columns: the last two layers marked `leadership: true`
    // (management and board in the shipped configuration).
    let (mgmt, board) = match config.leadership_layers().as_slice() {
        [] => (None, None),
        [one] => (None, Some(*one)),
        [.., a, b] => (Some(*a), Some(*b)),
    };
    let mut aspects: Vec<_> = m.figures.aspects.iter().collect();
    aspects.sort_by(|a, b| {
        let key = |x: &AspectMetrics| x.importance.customer.mean.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    let layer_imp = |a: &AspectMetrics, l: Option<usize>| {
        format::opt(l.and_then(|l| a.importance.by_layer[l].mean), 1, lang)
    };
    let rows = aspects
        .iter()
        .map(|a| ImportanceRowView {
            label: config.aspect_label(&a.id, lang).to_string(),
            customers: format::opt(a.importance.customer.mean, 1, lang),
            employees: format::opt(a.importance.employee.mean, 1, lang),
            management: layer_imp(a, mgmt),
            board: layer_imp(a, board),
            derived: format::opt(a.importance.derived, 2, lang),
            // A protected aspect is never called superfluous: it keeps its attention.
            quadrant: a.quadrant.map_or_else(
                || ABSENT.to_string(),
                |q| match q {
                    Quadrant::PossibleOverkill if config.is_protected(&a.id) => {
                        t.get("quadrant_possible_overkill_protected")
                    }
                    _ => t.get(&format!("quadrant_{}", q.id())),
                },
            ),
            quadrant_id: a.quadrant.map_or("", Quadrant::id),
        })
        .collect();
    // Misplaced priority: only as the rules found it (tested, relevant, and never for a
    // protected aspect, whose card explains instead).
    let misplaced = ctx
        .actions
        .iter()
        .find(|c| c.rule == "misplaced_priority" && !c.evidence.contains_key("protected"))
        .and_then(|c| {
            let e = &c.evidence;
            let leaders: Vec<String> = config
                .leadership_layers()
                .into_iter()
                .map(|l| config.layers[l].label.get(lang).to_string())
                .collect();
            Some(t.fill(
                "finding_misplaced",
                &[
                    ("layer", &listing(&leaders, t)),
                    ("aspect", config.aspect_label(c.subject.as_deref()?, lang)),
                    (
                        "layer_imp",
                        &format::number(*e.get("layer_importance")?, 1, lang),
                    ),
                    (
                        "customer_imp",
                        &format::number(*e.get("customer_importance")?, 1, lang),
                    ),
                ],
            ))
        });
    let imp = &config.scales.importance;
    ImportanceView {
        intro: t.fill(
            "importance_intro",
            &[
                ("min", &format::number(imp.min, 0, lang)),
                ("max", &format::number(imp.max, 0, lang)),
            ],
        ),
        rows,
        derived: m.figures.importance.source == Some(ImportanceSource::Derived),
        has_matrix: m.figures.importance.source.is_some(),
        misplaced,
    }
}

/// Customers' stated importance against staff's prediction, per aspect, most important first,
/// as a dot plot; management and the board as their own dots when they may be shown.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<String> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    // The top leadership layer (the last in the configuration's order, the board in the
    // shipped questionnaire) is drawn in the board's colour, the ones below it in
    // management's: by position, so a configuration with other layer ids keeps both colours.
    let all_leaders = config.leadership_layers();
    let top = all_leaders.last().copied();
    let leadership: Vec<usize> = all_leaders
        .into_iter()
        .filter(|&l| {
            m.figures
                .aspects
                .iter()
                .any(|a| a.importance.by_layer[l].mean.is_some())
        })
        .collect();
    let mut series = vec![t.get("customers"), t.get("employees_prediction")];
    let mut colors = vec![charts::palette::CUSTOMER, charts::palette::EMPLOYEE];
    colors.extend(leadership.iter().map(|&l| {
        if Some(l) == top {
            charts::palette::BOARD
        } else {
            charts::palette::MANAGEMENT
        }
    }));
    series.extend(
        leadership
            .iter()
            .map(|&l| config.layers[l].label.get(lang).to_string()),
    );
    let mut aspects: Vec<_> = m.figures.aspects.iter().collect();
    aspects.sort_by(|a, b| {
        let key = |x: &&AspectMetrics| x.importance.customer.mean.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    let rows = aspects
        .iter()
        .map(|a| {
            let mut values = vec![a.importance.customer.mean, a.importance.employee.mean];
            values.extend(leadership.iter().map(|&l| a.importance.by_layer[l].mean));
            DotRow {
                label: config.aspect_label(&a.id, lang).to_string(),
                values,
            }
        })
        .collect();
    let scale = &config.scales.importance;
    let chart = DotChart {
        // The report's figure caption names it.
        title: String::new(),
        x_label: t.get("importance_chart_x"),
        scale_min: scale.min,
        scale_max: scale.max,
        series: series.into_iter().zip(colors).collect(),
        rows,
    };
    charts::dots_svg(&chart)
}

/// The importance × performance matrix; `None` without importance figures.
pub fn matrix_chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let (config, m, t, lang) = (ctx.config, ctx.group, ctx.texts, ctx.lang());
    let (Some(source), Some(cross_x), Some(cross_y)) = (
        m.figures.importance.source,
        m.figures.importance.crosshair_performance,
        m.figures.importance.crosshair_importance,
    ) else {
        return Ok(None);
    };
    let points = m
        .figures
        .aspects
        .iter()
        .filter_map(|a| {
            let importance = match source {
                ImportanceSource::Stated => a.importance.customer.mean,
                ImportanceSource::Derived => a.importance.derived,
            };
            Some(MatrixPoint {
                label: config.aspect_label(&a.id, lang).to_string(),
                performance: a.comparison.customer.mean?,
                importance: importance?,
                quadrant: corner(a.quadrant?),
            })
        })
        .collect();
    let y_key = match source {
        ImportanceSource::Stated => "matrix_y_label",
        ImportanceSource::Derived => "matrix_y_label_derived",
    };
    let chart = MatrixChart {
        title: t.get("matrix_title"),
        x_label: t.get("matrix_x_label"),
        y_label: t.get(y_key),
        quadrant_labels: [
            t.get("quadrant_concentrate_here"),
            t.get("quadrant_keep_up_the_good_work"),
            t.get("quadrant_low_priority"),
            t.get("quadrant_possible_overkill"),
        ],
        cross_x,
        cross_y,
        points,
    };
    charts::matrix_svg(&chart).map(Some)
}

/// Where a quadrant lies in the matrix chart: importance up, performance right.
fn corner(q: Quadrant) -> charts::Corner {
    match q {
        Quadrant::ConcentrateHere => charts::Corner::TopLeft,
        Quadrant::KeepUpTheGoodWork => charts::Corner::TopRight,
        Quadrant::LowPriority => charts::Corner::BottomLeft,
        Quadrant::PossibleOverkill => charts::Corner::BottomRight,
    }
}

/// Importance: stated, predicted (all staff and per layer), derived, performance and
/// quadrant; sorted by customers' importance as in the report; the crosshairs below.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let (t, m) = (c.texts, c.group);
    let first = m.figures.aspects.first()?;
    let mut columns = vec![
        Column::text(t.get("col_aspect")),
        Column::number(t.get("col_imp_customers"), Num::Dec1),
        Column::number(t.get("col_imp_employees"), Num::Dec1),
        Column::number(t.get("xl_col_importance_gap"), Num::Signed1),
    ];
    for li in &first.importance.by_layer {
        columns.push(Column::number(c.layer(&li.layer), Num::Dec1));
    }
    columns.extend([
        Column::number(t.get("col_derived"), Num::Dec2),
        Column::number(t.get("xl_col_performance"), Num::Dec1),
        Column::text(t.get("col_quadrant")),
    ]);
    let mut s = Sheet::new(t.get("xl_sheet_importance"), columns);
    let suppressed: Vec<bool> = first
        .importance
        .by_layer
        .iter()
        .map(|li| {
            m.figures
                .layers
                .iter()
                .any(|l| l.id == li.layer && l.suppressed)
        })
        .collect();
    let mut aspects: Vec<&AspectMetrics> = m.figures.aspects.iter().collect();
    aspects.sort_by(|a, b| {
        let key = |x: &AspectMetrics| x.importance.customer.mean.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    for a in aspects {
        let imp = &a.importance;
        let mut row = vec![
            Cell::Text(c.aspect(&a.id)),
            imp.customer.mean.into(),
            imp.employee.mean.into(),
            imp.gap.into(),
        ];
        for (li, &hidden) in imp.by_layer.iter().zip(&suppressed) {
            row.push(Cell::unless_suppressed(hidden, li.mean));
        }
        row.extend([
            imp.derived.into(),
            a.comparison.customer.mean.into(),
            a.quadrant.map_or(Cell::Empty, |q| {
                Cell::Text(t.get(&format!("quadrant_{}", q.id())))
            }),
        ]);
        s.row(row);
    }
    if let Some(source) = m.figures.importance.source {
        s.note(t.get("def_quadrant"));
        if source == ImportanceSource::Derived {
            s.note(t.get("matrix_intro_derived"));
        }
        let (x, y) = (
            m.figures.importance.crosshair_performance,
            m.figures.importance.crosshair_importance,
        );
        s.figure(t.get("xl_crosshair_performance"), x, Num::Dec2);
        s.figure(t.get("xl_crosshair_importance"), y, Num::Dec2);
    }
    if suppressed.iter().any(|&h| h) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn importance_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }

    /// The leadership layers' colours follow their place, not their ids: a configuration that
    /// calls management and the board otherwise still gets both colours.
    #[test]
    fn leadership_colours_do_not_depend_on_the_layer_ids() {
        let mut s = sample::last_wave();
        let shipped = chart(&s.context()).unwrap();
        for l in s.config.leadership_layers() {
            s.config.layers[l].id = format!("leiding{l}");
        }
        let renamed = chart(&s.context()).unwrap();
        for c in [charts::palette::MANAGEMENT, charts::palette::BOARD] {
            let colour = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(
                shipped.to_uppercase().contains(&colour),
                "{colour} in the chart"
            );
            assert!(
                renamed.to_uppercase().contains(&colour),
                "{colour}, other layer ids"
            );
        }
    }
}
