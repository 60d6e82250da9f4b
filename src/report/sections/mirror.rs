//! The mirror: the customers' rating of each aspect against staff's prediction of it, sorted
//! by gap (blind spots first), with the overall grade; in a department report beside the whole
//! organization's gaps.

use serde::Serialize;

use crate::analysis::metrics::{self, Comparison};
use crate::config::Language;
use crate::report::charts::{self, MirrorChart, MirrorRow};
use crate::report::render::format;

use super::{Kind, ReportContext};

/// One row of the mirror table.
#[derive(Debug, Serialize)]
pub struct MirrorRowView {
    /// Aspect id, or [`OVERALL`] for the overall grade.
    pub id: String,
    /// Aspect label.
    pub label: String,
    /// The whole organization's gap, in a department report.
    pub org_gap: Option<String>,
    /// n customers.
    pub n_customers: String,
    /// Customer mean.
    pub customers: String,
    /// n employees.
    pub n_employees: String,
    /// Employee mean.
    pub employees: String,
    /// Gap.
    pub gap: String,
    /// Confidence interval.
    pub ci: String,
    /// p-value.
    pub p: String,
    /// Significant.
    pub significant: bool,
    /// `blind`, `hidden` or empty: colours the gap.
    pub direction: &'static str,
}

/// The mirror section.
#[derive(Debug, Serialize)]
pub struct MirrorView {
    /// Aspects sorted by gap, largest overestimation first.
    pub rows: Vec<MirrorRowView>,
    /// The overall grade.
    pub overall: MirrorRowView,
    /// Table note.
    pub note: String,
}

/// Row id of the overall grade in the mirror table.
pub const OVERALL: &str = "overall";

fn row(id: &str, label: &str, c: &Comparison, lang: Language) -> MirrorRowView {
    let direction = match (c.significant, c.gap) {
        (true, Some(g)) if g > 0.0 => "blind",
        (true, Some(g)) if g < 0.0 => "hidden",
        _ => "",
    };
    MirrorRowView {
        id: id.to_string(),
        label: label.to_string(),
        org_gap: None,
        n_customers: c.customer.n.to_string(),
        customers: format::opt(c.customer.mean, 1, lang),
        n_employees: c.employee.n.to_string(),
        employees: format::opt(c.employee.mean, 1, lang),
        // As printed: the difference of the two printed means.
        gap: format::opt_difference(c.employee.mean, c.customer.mean, 1, lang),
        ci: format::interval(c.ci_low, c.ci_high, 1, lang),
        p: format::p_value(c.p, lang),
        significant: c.significant,
        direction,
    }
}

/// The mirror table: aspects by gap, the overall grade last; in a department report the
/// whole organization's gap beside each of the department's.
pub fn view(ctx: &ReportContext<'_>) -> MirrorView {
    let (config, m, t, lang) = (ctx.config, ctx.metrics, ctx.texts, ctx.lang());
    let rows = metrics::by_gap(&m.aspects)
        .into_iter()
        .map(|a| row(&a.id, config.aspect_label(&a.id, lang), &a.comparison, lang))
        .collect();
    let mut view = MirrorView {
        rows,
        overall: row(OVERALL, &t.get("overall_grade"), &m.overall, lang),
        note: t.fill(
            "mirror_table_note",
            &[("alpha", &format::plain(config.alpha, lang))],
        ),
    };
    if let Kind::Department { org, .. } = ctx.kind {
        let org_gap = |id: &str| {
            let c = if id == OVERALL {
                &org.overall
            } else {
                &org.aspects.iter().find(|a| a.id == id)?.comparison
            };
            Some(format::opt_difference(
                c.employee.mean,
                c.customer.mean,
                1,
                lang,
            ))
        };
        for row in view.rows.iter_mut().chain([&mut view.overall]) {
            row.org_gap = org_gap(&row.id);
        }
    }
    view
}

/// Customers against staff per aspect, by gap.
pub fn chart(ctx: &ReportContext<'_>) -> anyhow::Result<String> {
    let (config, m, t, lang) = (ctx.config, ctx.metrics, ctx.texts, ctx.lang());
    let rows = metrics::by_gap(&m.aspects)
        .into_iter()
        .filter_map(|a| {
            Some(MirrorRow {
                label: config.aspect_label(&a.id, lang).to_string(),
                customer: a.comparison.customer.mean?,
                employee: a.comparison.employee.mean,
                significant: a.comparison.significant,
            })
        })
        .collect();
    let chart = MirrorChart {
        title: t.get("mirror_chart_title"),
        x_label: t.get("mirror_x_label"),
        customer_label: t.get("customers"),
        employee_label: t.get("employees_prediction"),
        blind_label: t.get("blind_spot"),
        hidden_label: t.get("hidden_strength"),
        significant_note: t.get("significant_note"),
        scale_min: config.scales.rating.min,
        scale_max: config.scales.rating.max,
        rows,
    };
    charts::mirror_svg(&chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::render::i18n::Texts;
    use crate::report::sections::sample;

    #[test]
    fn mirror_of_the_sample_organization() {
        let s = sample::last_wave();
        let t = Texts::load(Language::Nl).unwrap();
        insta::assert_yaml_snapshot!(view(&s.context(&t)));
    }
}
