//! The recommended actions: each card's title, action, evidence and target, filled in from
//! the translation tables with the evidence formatted by its name.

use serde::Serialize;

use crate::analysis::recommend::Recommendation;
use crate::config::{Config, Language};
use crate::report::render::format;
use crate::report::render::i18n::Texts;

use super::ReportContext;
use crate::report::workbook::{Cell, Column, Num, Sheet};

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
pub fn view(ctx: &ReportContext<'_>) -> Vec<ActionView> {
    ctx.actions
        .iter()
        .enumerate()
        .map(|(i, card)| card_view(ctx.config, i + 1, card, ctx.texts))
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
pub(crate) fn listing(items: &[String], t: &Texts) -> String {
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

/// Every action card with its texts, in the report's order: what a reader needs, no internal
/// rule ids or priority scores (those stay in `metrics.json`).
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let mut s = Sheet::new(
        t.get("xl_sheet_actions"),
        vec![
            Column::number(t.get("col_rank"), Num::Int),
            Column::text(t.get("xl_col_title")),
            Column::long_text(t.get("xl_col_action")),
            Column::long_text(t.get("evidence")),
            Column::long_text(t.get("xl_col_target")),
        ],
    );
    for (i, r) in c.actions.iter().enumerate() {
        let a = card_view(c.config, i + 1, r, c.texts);
        s.row(vec![
            (i + 1).into(),
            Cell::Text(a.title),
            Cell::Text(a.action),
            Cell::Text(a.evidence),
            Cell::Text(a.target),
        ]);
    }
    if c.actions.is_empty() {
        s.note(t.get("actions_none"));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::analysis::metrics::Quadrant;
    use crate::report::sections::{importance, sample};

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
        let s = sample::organization(0);
        let t = &s.texts;
        let c = card(
            "blind_spot",
            &["afspraken_nakomen", "wachttijd", "bereikbaarheid"],
            &[("gap", 1.2), ("target", 0.5)],
        );
        let v = card_view(&s.config, 1, &c, t);
        assert_eq!(
            v.title,
            "Blinde vlek: Afspraken nakomen, Wachttijd en Bereikbaarheid"
        );
        assert!(v.target.contains("0,5"), "{}", v.target);
    }

    #[test]
    fn a_protected_aspect_is_never_advised_less_attention() {
        let mut s = sample::organization(1);
        let t = &s.texts;
        let c = card("misplaced_priority", &["privacy"], &[("protected", 1.0)]);
        let v = card_view(&s.config, 1, &c, t);
        assert!(v.title.starts_with("Belang overschat"), "{}", v.title);
        assert!(!v.action.contains("Verleg aandacht"), "{}", v.action);
        // Nor is it called superfluous in the importance table.
        let privacy = s
            .metrics
            .figures
            .aspects
            .iter()
            .position(|a| a.id == "privacy");
        s.metrics.figures.aspects[privacy.unwrap()].quadrant = Some(Quadrant::PossibleOverkill);
        let rows = importance::view(&s.context()).rows;
        let row = rows.iter().find(|r| r.label.contains("privacy")).unwrap();
        assert_eq!(row.quadrant, t.get("quadrant_possible_overkill_protected"));
    }

    #[test]
    fn actions_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }
}
