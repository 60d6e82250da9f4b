//! The methodology appendix: who answered, what was read and rejected per file, the
//! data-quality findings, the definitions and the tests used.

use serde::Serialize;

use crate::analysis::metrics::Group;
use crate::report::render::format::{self, ABSENT};
use crate::report::render::i18n::Texts;

use super::ReportContext;
use crate::input::ingest::Effect;
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// Findings listed on their own sheet before the rest is left to `metrics.json`.
const MAX_FINDINGS: usize = 50_000;

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

/// The methodology appendix: respondents per group, the accounting per file, the data-quality
/// findings and the definitions.
pub fn view(ctx: &ReportContext<'_>) -> MethodView {
    let (config, org, wave) = (ctx.config, ctx.org, ctx.wave);
    let (m, t, lang) = (ctx.group, ctx.texts, ctx.lang());
    let group = |label: String, n: String| GroupRowView { label, n };
    let mut groups = vec![
        group(t.get("group_customers"), m.n.customers.to_string()),
        group(t.get("group_employees_all"), m.n.employees.to_string()),
    ];
    for l in &m.figures.layers {
        let label = config.layer_label(&l.id, lang).to_string();
        groups.push(group(
            label,
            l.n.map_or_else(|| ABSENT.to_string(), |n| n.to_string()),
        ));
    }
    let files = m
        .org
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
    let all = &m.org.data_quality.findings;
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
fn weights_definition(m: Group<'_>, t: &Texts) -> Option<String> {
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

/// Rows read, used and rejected per input file.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let q = &c.group.org.data_quality;
    let mut s = Sheet::new(
        t.get("xl_sheet_quality"),
        vec![
            Column::text(t.get("col_file")),
            Column::number(t.get("col_rows_read"), Num::Int),
            Column::number(t.get("col_rows_used"), Num::Int),
            Column::number(t.get("col_rows_rejected"), Num::Int),
            Column::number(t.get("col_values_missing"), Num::Int),
        ],
    );
    for (name, f) in &q.files {
        s.row(vec![
            Cell::Text(name.clone()),
            f.rows_read.into(),
            f.rows_used.into(),
            f.rejected().into(),
            f.values_missing.values().sum::<u64>().into(),
        ]);
    }
    if q.findings.is_empty() {
        s.note(t.get("quality_clean"));
    } else {
        s.note(t.fill(
            "xl_quality_see_findings",
            &[("count", &q.findings.len().to_string())],
        ));
    }
    Some(s)
}

/// Every data-quality finding with file, line and column; only when there are findings.
pub fn findings_sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let all = &c.group.org.data_quality.findings;
    if all.is_empty() {
        return None;
    }
    let mut s = Sheet::new(
        t.get("xl_sheet_findings"),
        vec![
            Column::text(t.get("col_file")),
            Column::number(t.get("xl_col_line"), Num::Int),
            Column::number(t.get("xl_col_column"), Num::Int),
            Column::text(t.get("xl_col_reason")),
            Column::text(t.get("xl_col_effect")),
            Column::long_text(t.get("xl_col_message")),
        ],
    );
    for f in all.iter().take(MAX_FINDINGS) {
        // The file name only: the files of a wave share a folder, and local paths stay out.
        let file = f.at.file.file_name().map_or_else(
            || f.at.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let effect = match f.effect {
            Effect::ValueMissing => "xl_effect_value_missing",
            Effect::RowRejected => "xl_effect_row_rejected",
            Effect::Note => "xl_effect_note",
        };
        s.row(vec![
            Cell::Text(file),
            f.at.line.into(),
            if f.at.column == 0 {
                Cell::Empty
            } else {
                f.at.column.into()
            },
            Cell::Text(f.reason.to_string()),
            Cell::Text(t.get(effect)),
            Cell::Text(f.at.message.clone()),
        ]);
    }
    if all.len() > MAX_FINDINGS {
        s.note(t.fill(
            "quality_more",
            &[("count", &(all.len() - MAX_FINDINGS).to_string())],
        ));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn method_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }
}
