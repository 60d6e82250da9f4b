//! The report's view model: metrics turned into the texts and preformatted numbers a
//! template shows. All wording comes from the translation tables.

use serde::Serialize;

use super::format::{self, ABSENT};
use super::i18n::Texts;
use super::sections::{self, Section};
use super::voices::Voices;
use crate::config::{Config, Language};
use crate::metrics::{ImportanceSource, Quadrant, WaveMetrics};
use crate::model::{Organization, Wave};
use crate::recommend::Recommendation;

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
    pub key_figures: Vec<KeyFigure>,
    /// Findings of the summary, as sentences.
    pub findings: Vec<String>,
    /// The mirror section.
    pub mirror: MirrorView,
    /// The layers section.
    pub layers: LayersView,
    /// The importance section.
    pub importance: ImportanceView,
    /// All recommended actions, highest priority first.
    pub actions: Vec<ActionView>,
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
    pub method: MethodView,
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

/// A recommended action as shown.
#[derive(Debug, Serialize)]
pub struct ActionView {
    /// Rank, 1 = most urgent.
    pub rank: usize,
    /// Short title.
    pub title: String,
    /// What to do.
    pub action: String,
    /// The numbers behind it.
    pub evidence: String,
    /// The measurable target for the next wave (empty when the card has none).
    pub target: String,
    /// Titles of the other findings merged into the card (empty when none).
    pub also: String,
}

/// A key figure.
#[derive(Debug, Serialize)]
pub struct KeyFigure {
    /// What it is.
    pub label: String,
    /// The figure.
    pub value: String,
}

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

/// One row of the layers table.
#[derive(Debug, Serialize)]
pub struct LayerRowView {
    /// Layer label.
    pub label: String,
    /// n, or "—".
    pub n: String,
    /// Mean absolute deviation.
    pub mae: String,
    /// Bias.
    pub bias: String,
    /// Rank.
    pub rank: String,
    /// Spearman of importance.
    pub spearman: String,
    /// Suppressed.
    pub suppressed: bool,
}

/// The layers section.
#[derive(Debug, Serialize)]
pub struct LayersView {
    /// One row per configured layer.
    pub rows: Vec<LayerRowView>,
    /// Note on suppression, when a layer is hidden.
    pub suppressed_note: Option<String>,
    /// The sentence on the best and worst layer.
    pub finding: Option<String>,
    /// Some layer has figures, so the layers chart exists.
    pub has_chart: bool,
}

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

/// Respondents of one group.
#[derive(Debug, Serialize)]
pub struct GroupRowView {
    /// Group name.
    pub label: String,
    /// Respondents, or "—" when suppressed.
    pub n: String,
}

/// One row of a file accounting table.
#[derive(Debug, Serialize)]
pub struct FileRowView {
    /// File name.
    pub file: String,
    /// Rows read.
    pub read: String,
    /// Rows used.
    pub used: String,
    /// Rows rejected.
    pub rejected: String,
    /// Values set missing.
    pub invalid: String,
}

/// The methodology section.
#[derive(Debug, Serialize)]
pub struct MethodView {
    /// Intro sentence.
    pub intro: String,
    /// Respondents per group.
    pub groups: Vec<GroupRowView>,
    /// Accounting per file.
    pub files: Vec<FileRowView>,
    /// Heading of the findings list, when there are findings.
    pub findings_heading: Option<String>,
    /// The first findings.
    pub findings: Vec<String>,
    /// "… and N more", when cut.
    pub findings_more: Option<String>,
    /// Definitions.
    pub definitions: Vec<String>,
    /// The test families and the correction method, in one paragraph.
    pub tests: String,
}

/// Findings shown in the report before the rest is left to `metrics.json`.
const FINDINGS_SHOWN: usize = 15;

/// Build the view of an organization report from its figures and action cards.
pub fn build(
    config: &Config,
    org: &Organization,
    wave: &Wave,
    (m, actions): (&WaveMetrics, &[Recommendation]),
    t: &Texts,
    report_date: Option<String>,
    voices: Voices,
) -> ReportView {
    let lang = t.lang();
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    let aspect_label = |id| config.aspect_label(id, lang);
    let layer_label = |id| config.layer_label(id, lang);

    let mirror = mirror_view(config, m, t);
    let layers = layers_view(config, m, t);
    let importance = importance_view(config, m, actions, t);

    let mut findings = news(config, m, actions, t);
    let o = &m.overall;
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
    let found = |rule: &str| -> Vec<&crate::metrics::AspectMetrics> {
        actions
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.rule == rule)
            .filter_map(|f| m.aspects.iter().find(|a| Some(&a.id) == f.subject.as_ref()))
            .collect()
    };
    let gap = |a: &&crate::metrics::AspectMetrics| a.comparison.gap.unwrap_or(0.0);
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

    let best_layer = m
        .layers
        .iter()
        .find(|l| l.rank == Some(1))
        .map(|l| layer_label(&l.id));
    let key_figures = vec![
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
    ];

    let n_c = m.n.customers.to_string();
    let n_e = m.n.employees.to_string();
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
        footer: t.fill(
            "footer",
            &[
                ("agency", &config.agency.name),
                ("org", &org.meta.name),
                ("wave", wave.label()),
            ],
        ),
        summary_intro: t.fill("summary_intro", &[("org", &org.meta.name)]),
        key_figures,
        findings,
        mirror,
        layers,
        importance,
        actions: actions_view(config, actions, t),
        actions_in_body: ACTIONS_IN_BODY,
        indicative: m.indicative.then(|| {
            t.fill(
                "indicative_note",
                &[("min", &config.anonymity.min_customers.to_string())],
            )
        }),
        ladder: sections::orientation(config, m, t),
        enablement: sections::enablement(config, m, t),
        complaints: sections::complaints(m, t),
        interactions: sections::interactions(m, t),
        // Built as units by `crate::report::sections`, set by the renderer.
        mood: None,
        trends: None,
        absent: Vec::new(),
        department: None,
        voices,
        method: method_view(config, org, wave, m, t),
    }
}

/// Row id of the overall grade in the mirror table.
pub const OVERALL: &str = "overall";

fn mirror_row(
    id: &str,
    label: &str,
    c: &crate::metrics::Comparison,
    lang: Language,
) -> MirrorRowView {
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

fn mirror_view(config: &Config, m: &WaveMetrics, t: &Texts) -> MirrorView {
    let lang = t.lang();
    let rows = crate::metrics::by_gap(&m.aspects)
        .into_iter()
        .map(|a| mirror_row(&a.id, config.aspect_label(&a.id, lang), &a.comparison, lang))
        .collect();
    MirrorView {
        rows,
        overall: mirror_row(OVERALL, &t.get("overall_grade"), &m.overall, lang),
        note: t.fill(
            "mirror_table_note",
            &[("alpha", &format::plain(config.alpha, lang))],
        ),
    }
}

/// The real news, first on the summary page: a broad decline, or else a significant change of
/// the overall grade, with direction and size.
fn news(config: &Config, m: &WaveMetrics, actions: &[Recommendation], t: &Texts) -> Vec<String> {
    let lang = t.lang();
    if let Some(card) = actions
        .iter()
        .find(|c| c.rule == crate::recommend::BROAD_DECLINE)
    {
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
        out.extend(grade_change(m, t));
        return out;
    }
    grade_change(m, t).into_iter().collect()
}

/// The overall grade's significant change since the previous wave, when there is one.
fn grade_change(m: &WaveMetrics, t: &Texts) -> Option<String> {
    let lang = t.lang();
    let f = m
        .trends
        .as_ref()?
        .figures
        .iter()
        .find(|f| f.id == "overall")?;
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

fn layers_view(config: &Config, m: &WaveMetrics, t: &Texts) -> LayersView {
    let lang = t.lang();
    let label = |id| config.layer_label(id, lang).to_string();
    let rows: Vec<LayerRowView> = m
        .layers
        .iter()
        .map(|l| LayerRowView {
            label: label(&l.id),
            n: l.n.map_or_else(|| ABSENT.to_string(), |n| n.to_string()),
            mae: format::opt(l.mae, 2, lang),
            bias: format::opt_signed(l.bias, 2, lang),
            rank: l.rank.map_or_else(|| ABSENT.to_string(), |r| r.to_string()),
            spearman: format::opt_signed(l.importance_spearman, 2, lang),
            suppressed: l.suppressed,
        })
        .collect();
    let suppressed_note = m.layers.iter().any(|l| l.suppressed).then(|| {
        t.fill(
            "suppressed_note",
            &[("min", &config.anonymity.min_employees.to_string())],
        )
    });
    let ranked: Vec<_> = {
        let mut v: Vec<_> = m.layers.iter().filter(|l| l.rank.is_some()).collect();
        v.sort_by_key(|l| l.rank);
        v
    };
    let shown = m.layers.iter().filter(|l| l.deviation.is_some()).count();
    let finding = match (ranked.first(), ranked.last()) {
        (Some(best), Some(worst)) if ranked.len() >= 2 => Some(t.fill(
            "finding_best_layer",
            &[
                ("best", &label(&best.id)),
                ("best_mae", &format::opt(best.deviation, 2, lang)),
                ("worst", &label(&worst.id)),
                ("worst_mae", &format::opt(worst.deviation, 2, lang)),
            ],
        )),
        _ if shown >= 2 => Some(t.get("finding_layers_not_distinguishable")),
        _ => None,
    };
    LayersView {
        rows,
        suppressed_note,
        finding,
        has_chart: m.layers.iter().any(|l| l.mae.is_some()),
    }
}

fn importance_view(
    config: &Config,
    m: &WaveMetrics,
    actions: &[Recommendation],
    t: &Texts,
) -> ImportanceView {
    let lang = t.lang();
    // The table's two leadership columns: the last two layers marked `leadership: true`
    // (management and board in the shipped configuration).
    let (mgmt, board) = match config.leadership_layers().as_slice() {
        [] => (None, None),
        [one] => (None, Some(*one)),
        [.., a, b] => (Some(*a), Some(*b)),
    };
    let mut aspects: Vec<_> = m.aspects.iter().collect();
    aspects.sort_by(|a, b| {
        let key = |x: &crate::metrics::AspectMetrics| {
            x.importance.customer.mean.unwrap_or(f64::NEG_INFINITY)
        };
        key(b).total_cmp(&key(a))
    });
    let layer_imp = |a: &crate::metrics::AspectMetrics, l: Option<usize>| {
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
    let misplaced = actions
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
        derived: m.importance.source == Some(ImportanceSource::Derived),
        has_matrix: m.importance.source.is_some(),
        misplaced,
    }
}

fn method_view(
    config: &Config,
    org: &Organization,
    wave: &Wave,
    m: &WaveMetrics,
    t: &Texts,
) -> MethodView {
    let lang = t.lang();
    let group = |label: String, n: String| GroupRowView { label, n };
    let mut groups = vec![
        group(t.get("group_customers"), m.n.customers.to_string()),
        group(t.get("group_employees_all"), m.n.employees.to_string()),
    ];
    for l in &m.layers {
        let label = config.layer_label(&l.id, lang).to_string();
        groups.push(group(
            label,
            l.n.map_or_else(|| ABSENT.to_string(), |n| n.to_string()),
        ));
    }
    let files = m
        .data_quality
        .files
        .iter()
        .map(|(name, s)| FileRowView {
            file: name.clone(),
            read: s.rows_read.to_string(),
            used: s.rows_used.to_string(),
            rejected: s.rejected().to_string(),
            invalid: s.values_missing.values().sum::<u64>().to_string(),
        })
        .collect();
    let all = &m.data_quality.findings;
    let findings = all
        .iter()
        .take(FINDINGS_SHOWN)
        .map(|f| {
            // Show paths relative to the organization folder: shorter, and no local paths leak.
            let mut f = f.clone();
            if let Ok(rel) = f.at.file.strip_prefix(&org.dir) {
                f.at.file = rel.to_path_buf();
            }
            f.to_string()
        })
        .collect();
    let r = &config.scales.rating;
    let imp = &config.scales.importance;
    let n0 = |x: f64| format::number(x, if x.fract() == 0.0 { 0 } else { 1 }, lang);
    let alpha = format::plain(config.alpha, lang);
    let correction = config.statistics.multiple_comparisons.id();
    let tests = t.fill(
        "method_tests",
        &[
            ("method", &t.get(&format!("method_correction_{correction}"))),
            ("alpha", &alpha),
            (
                "min_for_tests",
                &config.statistics.min_for_tests.to_string(),
            ),
        ],
    );
    MethodView {
        tests,
        intro: t.fill(
            "method_intro",
            &[("wave", wave.label()), ("org", &org.meta.name)],
        ),
        groups,
        files,
        findings_heading: (!all.is_empty())
            .then(|| t.fill("quality_findings", &[("count", &all.len().to_string())])),
        findings,
        findings_more: (all.len() > FINDINGS_SHOWN).then(|| {
            t.fill(
                "quality_more",
                &[("count", &(all.len() - FINDINGS_SHOWN).to_string())],
            )
        }),
        definitions: vec![
            t.fill("def_gap", &[("alpha", &alpha)]),
            t.get("def_ci"),
            t.get("def_mae"),
            t.get("def_quadrant"),
            t.fill(
                "def_anonymity",
                &[
                    ("min_employees", &config.anonymity.min_employees.to_string()),
                    ("min_customers", &config.anonymity.min_customers.to_string()),
                ],
            ),
            t.fill(
                "def_scales",
                &[
                    ("rating_min", &n0(r.min)),
                    ("rating_max", &n0(r.max)),
                    ("pass_mark", &n0(config.pass_mark())),
                    ("imp_min", &n0(imp.min)),
                    ("imp_max", &n0(imp.max)),
                ],
            ),
        ]
        .into_iter()
        .chain(weights_definition(m, t))
        .collect(),
    }
}

/// The sentence on weighting, when customers or employees were weighted: weighted means and
/// tests on Kish's effective sample size, with the effective sizes.
fn weights_definition(m: &WaveMetrics, t: &Texts) -> Option<String> {
    let lang = t.lang();
    let mut parts = Vec::new();
    if let Some(eff) = m.n.customers_eff {
        let n = m.n.customers.to_string();
        let eff = format::number(eff, 1, lang);
        parts.push(t.fill("def_weights_customers", &[("n", &n), ("n_eff", &eff)]));
    }
    if let Some(eff) = m.n.employees_eff {
        let n = m.n.employees.to_string();
        let eff = format::number(eff, 1, lang);
        parts.push(t.fill("def_weights_employees", &[("n", &n), ("n_eff", &eff)]));
    }
    (!parts.is_empty()).then(|| t.fill("def_weights", &[("groups", &parts.join("; "))]))
}

/// "percentage points", for changes in a share.
fn points(lang: Language) -> &'static str {
    match lang {
        Language::Nl => "procentpunt",
        Language::En => "percentage points",
    }
}

/// Format one evidence value by its name: gaps and changes signed, p-values bounded, mean
/// absolute errors with two decimals, rates and shares as percentages, layers by label.
fn evidence_value(config: &Config, name: &str, x: f64, lang: Language) -> String {
    match name {
        "p" | "q" => format::p_value(Some(x), lang),
        "g" => format::number(x, 2, lang),
        n if n.starts_with("n_") || n == "aspects" || n == "total" => format::number(x, 0, lang),
        n if n.ends_with("_deviation") => format::number(x, 2, lang),
        "layer" => config
            .layers
            .get(x as usize)
            .map_or_else(String::new, |l| l.label.get(lang).to_string()),
        "pairs" | "waves" => format::number(x, 0, lang),
        "range" => format::number(x, 2, lang),
        n if n.ends_with("_mae") => format::number(x, 2, lang),
        n if n.ends_with("share_change") => {
            format!("{} {}", format::signed(x * 100.0, 0, lang), points(lang))
        }
        n if n.ends_with("rate") || n.ends_with("share") => {
            format!("{}%", format::number(x * 100.0, 0, lang))
        }
        n if n.ends_with("gap") || n.ends_with("difference") || n.ends_with("change") => {
            format::signed(x, 1, lang)
        }
        _ => format::number(x, 1, lang),
    }
}

/// Cards shown in full in the actions section; the rest are listed by title (all of them are
/// in the workbook and `metrics.json`).
pub const ACTIONS_IN_BODY: usize = 7;

/// Every action card with its texts filled in.
fn actions_view(config: &Config, actions: &[Recommendation], t: &Texts) -> Vec<ActionView> {
    actions
        .iter()
        .enumerate()
        .map(|(i, card)| card_view(config, i + 1, card, t))
        .collect()
}

/// Display name of an action's subject: a layer, an enablement item or an aspect.
fn subject_label(config: &Config, s: &str, t: &Texts) -> String {
    let lang = t.lang();
    if config.layer_index(s).is_some() {
        config.layer_label(s, lang).to_string()
    } else if s.starts_with("enable_") {
        t.get(&format!("item_{s}"))
    } else {
        config.aspect_label(s, lang).to_string()
    }
}

/// "a, b and c" in the report language.
fn listing(items: &[String], t: &Texts) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), t.get("list_and")),
    }
}

/// The texts of one action card: the leading rule's title (naming every subject), action,
/// evidence and target, and the titles of the other findings merged into it.
pub fn card_view(config: &Config, rank: usize, card: &Recommendation, t: &Texts) -> ActionView {
    let subjects: Vec<String> = card
        .subjects
        .iter()
        .map(|s| subject_label(config, s, t))
        .collect();
    let evidence = card.evidence.iter().map(|(k, v)| (*k, *v));
    let mut view = texts_of(config, rank, card.rule, &listing(&subjects, t), evidence, t);
    let mut seen = vec![(card.rule, card.subject.clone())];
    let also: Vec<String> = card
        .findings
        .iter()
        .filter(|f| {
            let key = (f.rule, f.subject.clone());
            let new = !seen.contains(&key) && f.rule != card.rule;
            seen.push(key);
            new
        })
        .map(|f| {
            let label = f
                .subject
                .as_deref()
                .map_or(String::new(), |s| subject_label(config, s, t));
            let evidence = f.evidence.iter().map(|(k, v)| (*k, *v));
            texts_of(config, rank, f.rule, &label, evidence, t).title
        })
        .collect();
    if !also.is_empty() {
        view.also = t.fill("card_also", &[("findings", &also.join("; "))]);
    }
    view
}

/// The texts of one recommended action with a single subject (as `metrics.json` gives it).
pub fn action_view<'e>(
    config: &Config,
    rank: usize,
    rule: &str,
    subject: Option<&str>,
    evidence: impl Iterator<Item = (&'e str, f64)>,
    t: &Texts,
) -> ActionView {
    let subject = subject.map_or(String::new(), |s| subject_label(config, s, t));
    texts_of(config, rank, rule, &subject, evidence, t)
}

fn texts_of<'e>(
    config: &Config,
    rank: usize,
    rule: &str,
    subject: &str,
    evidence: impl Iterator<Item = (&'e str, f64)>,
    t: &Texts,
) -> ActionView {
    let lang = t.lang();
    let evidence: Vec<(&str, f64)> = evidence.collect();
    let protected = evidence.iter().any(|(k, _)| *k == "protected");
    let mut values: Vec<(&str, String)> = evidence
        .iter()
        .map(|(k, v)| (*k, evidence_value(config, k, *v, lang)))
        .collect();
    if let Some((_, target)) = evidence.iter().find(|(k, _)| *k == "target") {
        values.push(("target_abs", format::number(target.abs(), 1, lang)));
    }
    let leaders: Vec<String> = config
        .leadership_layers()
        .into_iter()
        .map(|l| config.layers[l].label.get(lang).to_string())
        .collect();
    let leadership = listing(&leaders, t);
    let mut args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let suffix = if subject.is_empty() {
        String::new()
    } else {
        format!(": {subject}")
    };
    args.push(("subject", subject));
    args.push(("subject_suffix", &suffix));
    args.push(("leadership", &leadership));
    // A protected aspect has texts of its own that never advise giving it less attention.
    let key = if protected && t.has(&format!("rule_{rule}_protected")) {
        format!("rule_{rule}_protected")
    } else {
        format!("rule_{rule}")
    };
    let target_key = format!("rule_{rule}_target");
    ActionView {
        rank,
        title: t.fill(&key, &args),
        action: t.fill(&format!("{key}_action"), &args),
        evidence: t.fill(&format!("rule_{rule}_evidence"), &args),
        target: if evidence.iter().any(|(k, _)| *k == "target") && t.has(&target_key) {
            t.fill(&target_key, &args)
        } else {
            String::new()
        },
        also: String::new(),
    }
}

/// Turn an organization view into a department view: the department's name on the cover and
/// in the footer, the organization's gaps beside the department's in the mirror table, and
/// no employee open answers (they appear only at organization level).
pub fn for_department(
    view: &mut ReportView,
    name: &str,
    dept: &WaveMetrics,
    org: &WaveMetrics,
    t: &Texts,
) {
    let lang = t.lang();
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
    for row in view
        .mirror
        .rows
        .iter_mut()
        .chain([&mut view.mirror.overall])
    {
        row.org_gap = org_gap(&row.id);
    }
    let f1 = |x: Option<f64>| format::opt(x, 1, lang);
    view.department = Some(DepartmentView {
        name: name.to_string(),
        heading: t.fill("department_heading", &[("department", name)]),
        comparison: t.fill(
            "department_comparison",
            &[
                ("department", name),
                ("grade", &f1(dept.overall.customer.mean)),
                (
                    "gap",
                    &format::opt_difference(
                        dept.overall.employee.mean,
                        dept.overall.customer.mean,
                        1,
                        lang,
                    ),
                ),
                ("org_grade", &f1(org.overall.customer.mean)),
                (
                    "org_gap",
                    &format::opt_difference(
                        org.overall.employee.mean,
                        org.overall.customer.mean,
                        1,
                        lang,
                    ),
                ),
            ],
        ),
    });
    view.footer = format!("{} · {name}", view.footer);
    view.voices.frustrations.clear();
    view.voices.strategies.clear();
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::config::Language;

    fn sample(index: usize) -> (Config, WaveMetrics, Vec<Recommendation>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config/spiegel.yaml")).unwrap();
        let found = crate::discover::discover(&root.join("data")).unwrap();
        let org = &found.organizations[index];
        let a = crate::analysis::analyze_org(&config, org)
            .unwrap()
            .pop()
            .unwrap();
        (config, a.metrics, a.actions)
    }

    fn card(
        rule: &'static str,
        subjects: &[&str],
        evidence: &[(&'static str, f64)],
    ) -> Recommendation {
        Recommendation {
            rule,
            priority: 1.0,
            subject: subjects.first().map(|s| s.to_string()),
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            evidence: evidence.iter().copied().collect::<BTreeMap<_, _>>(),
            target: None,
            findings: Vec::new(),
        }
    }

    #[test]
    fn a_card_names_every_subject_and_its_target() {
        let (config, _, _) = sample(0);
        let t = Texts::load(Language::Nl).unwrap();
        let c = card(
            "blind_spot",
            &["afspraken_nakomen", "wachttijd", "bereikbaarheid"],
            &[("gap", 1.2), ("target", 0.5)],
        );
        let v = card_view(&config, 1, &c, &t);
        assert_eq!(
            v.title,
            "Blinde vlek: Afspraken nakomen, Wachttijd en Bereikbaarheid"
        );
        assert!(v.target.contains("0,5"), "{}", v.target);
    }

    #[test]
    fn a_protected_aspect_is_never_advised_less_attention() {
        let (config, mut m, actions) = sample(1);
        let t = Texts::load(Language::Nl).unwrap();
        let c = card("misplaced_priority", &["privacy"], &[("protected", 1.0)]);
        let v = card_view(&config, 1, &c, &t);
        assert!(v.title.starts_with("Belang overschat"), "{}", v.title);
        assert!(!v.action.contains("Verleg aandacht"), "{}", v.action);
        // Nor is it called superfluous in the importance table.
        let privacy = m.aspects.iter().position(|a| a.id == "privacy").unwrap();
        m.aspects[privacy].quadrant = Some(Quadrant::PossibleOverkill);
        let rows = importance_view(&config, &m, &actions, &t).rows;
        let row = rows.iter().find(|r| r.label.contains("privacy")).unwrap();
        assert_eq!(row.quadrant, t.get("quadrant_possible_overkill_protected"));
    }

    /// The declining sample organization: the summary opens with the broad decline, then the
    /// grade's fall, each with direction and size.
    #[test]
    fn the_summary_opens_with_the_real_news() {
        let (config, m, actions) = sample(2);
        let t = Texts::load(Language::En).unwrap();
        let news = news(&config, &m, &actions, &t);
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
        let (config, m, actions) = sample(0);
        assert!(news_is_empty(&config, &m, &actions, &t));
    }

    fn news_is_empty(
        config: &Config,
        m: &WaveMetrics,
        actions: &[Recommendation],
        t: &Texts,
    ) -> bool {
        let overall = m
            .trends
            .as_ref()
            .and_then(|tr| tr.figures.iter().find(|f| f.id == "overall"));
        let significant = overall.is_some_and(|f| f.significant);
        news(config, m, actions, t).is_empty() != significant
    }
}
