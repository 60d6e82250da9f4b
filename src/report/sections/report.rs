//! The whole report's view: the cover texts, the summary and every section's view, as the
//! template and the deck read them.

use serde::Serialize;

use crate::analysis::metrics::{Group, GroupFigures};
use crate::report::render::format;
use crate::report::render::voices::Voices;

use super::parts::Section;
use super::{
    ReportContext, actions, complaints, contacts, enablement, importance, ladder, layers, method,
    mirror, mood, summary, trends,
};

/// Everything the report template needs.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// Typst `lang` code.
    pub lang: &'static str,
    /// Translation table.
    pub t: std::collections::BTreeMap<String, String>,
    /// Organization display name.
    pub org_name: String,
    /// Wave label.
    pub wave_label: String,
    /// Written-out report date, when known.
    pub report_date: Option<String>,
    /// Agency name.
    pub agency: String,
    /// Account manager.
    pub account_manager: Option<String>,
    /// "200 customers and 60 employees".
    pub respondents: String,
    /// Page footer.
    pub footer: String,
    /// Introduction of the summary.
    pub summary_intro: String,
    /// Key figures of the summary.
    pub key_figures: Vec<summary::KeyFigure>,
    /// Findings of the summary, as sentences.
    pub findings: Vec<String>,
    /// The mirror section.
    pub mirror: mirror::MirrorView,
    /// The layers section.
    pub layers: layers::LayersView,
    /// The importance section.
    pub importance: importance::ImportanceView,
    /// All recommended actions, highest priority first.
    pub actions: Vec<actions::ActionView>,
    /// How many cards the actions section shows in full; the rest are listed.
    pub actions_in_body: usize,
    /// "indicative: fewer than N customers", when the customer group is that small.
    pub indicative: Option<String>,
    /// Orientation ladder.
    pub ladder: Option<Section>,
    /// Enablement.
    pub enablement: Option<Section>,
    /// Complaint handling.
    pub complaints: Option<Section>,
    /// Interactions.
    pub interactions: Option<Section>,
    /// Mood.
    pub mood: Option<Section>,
    /// Development over waves.
    pub trends: Option<Section>,
    /// One line per section left out for lack of data.
    pub absent: Vec<String>,
    /// Set in a department report: the department and the organization to compare with.
    pub department: Option<DepartmentView>,
    /// What customers and staff say.
    pub voices: Voices,
    /// The methodology section.
    pub method: method::MethodView,
}

/// The department of a department report, set against the whole organization.
#[derive(Debug, Serialize)]
pub struct DepartmentView {
    /// Department name.
    pub name: String,
    /// Cover line: "Afdeling X".
    pub heading: String,
    /// The sentence that places the department in the organization.
    pub comparison: String,
}

/// Build the view of a report: the organization's, or a department's set against the whole
/// organization (the department's name on the cover and in the footer, and no employee open
/// answers: they appear only at organization level).
pub fn build(
    ctx: &ReportContext<'_>,
    report_date: Option<String>,
    mut voices: Voices,
) -> ReportView {
    let (config, org, wave) = (ctx.config, ctx.org, ctx.wave);
    let (m, t, lang) = (ctx.group, ctx.texts, ctx.lang());
    let mirror = mirror::view(ctx);
    let layers = layers::view(ctx);
    let importance = importance::view(ctx);
    let findings = summary::findings(ctx, &layers, &importance);
    let n_c = m.n.customers.to_string();
    let n_e = m.n.employees.to_string();
    let mut footer = t.fill(
        "footer",
        &[
            ("agency", &config.agency.name),
            ("org", &org.meta.name),
            ("wave", wave.label()),
        ],
    );
    let department = ctx.group.department.map(|d| {
        footer = format!("{footer} · {}", d.name);
        voices.frustrations.clear();
        voices.strategies.clear();
        department(&d.name, m, ctx)
    });
    ReportView {
        lang: lang.code(),
        t: t.all().clone(),
        org_name: org.meta.name.clone(),
        wave_label: wave.label().to_string(),
        report_date,
        agency: config.agency.name.clone(),
        account_manager: org.meta.account_manager.as_ref().map(|a| a.name.clone()),
        respondents: t.fill(
            "cover_respondents",
            &[("customers", &n_c), ("employees", &n_e)],
        ),
        footer,
        summary_intro: t.fill("summary_intro", &[("org", &org.meta.name)]),
        key_figures: summary::key_figures(ctx),
        findings,
        mirror,
        layers,
        importance,
        actions: actions::view(ctx),
        actions_in_body: actions::ACTIONS_IN_BODY,
        indicative: m.figures.indicative.then(|| {
            t.fill(
                "indicative_note",
                &[("min", &config.anonymity.min_customers.to_string())],
            )
        }),
        ladder: ladder::view(ctx),
        enablement: enablement::view(ctx),
        complaints: complaints::view(ctx),
        interactions: contacts::view(ctx),
        mood: mood::view(ctx),
        trends: trends::view(ctx),
        absent: Vec::new(),
        department,
        voices,
        method: method::view(ctx),
    }
}

/// The sentence that places the department (figures `dept`) in the organization (`org`).
fn department(name: &str, dept: Group<'_>, ctx: &ReportContext<'_>) -> DepartmentView {
    let org = dept.org;
    let (t, lang) = (ctx.texts, ctx.lang());
    let grade = |f: &GroupFigures| format::opt(f.overall.customer.mean, 1, lang);
    let gap = |f: &GroupFigures| {
        let o = &f.overall;
        format::opt_difference(o.employee.mean, o.customer.mean, 1, lang)
    };
    DepartmentView {
        name: name.to_string(),
        heading: t.fill("department_heading", &[("department", name)]),
        comparison: t.fill(
            "department_comparison",
            &[
                ("department", name),
                ("grade", &grade(dept.figures)),
                ("gap", &gap(dept.figures)),
                ("org_grade", &grade(&org.figures)),
                ("org_gap", &gap(&org.figures)),
            ],
        ),
    }
}
