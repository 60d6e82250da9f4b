//! Recommended actions (`docs/statistics.md`, `docs/metrics.md`): rules turn the metrics into
//! findings, and findings on one subject are consolidated into action cards.
//!
//! A rule speaks only on an effect that is significant after the family correction (`q`),
//! practically relevant (the thresholds of `recommendations:` in the config) and measured on a
//! group large enough to test (`statistics.min_for_tests`). Then:
//!
//! - a significant decline in most aspects becomes one `broad_decline` card naming them (with
//!   the overall grade's change);
//! - the findings on one aspect merge into one card led by the most urgent of them;
//! - aspects led by the same rule share one card that lists them; so do leadership layers;
//! - every card carries the evidence of its leading finding (n, interval, q) and a measurable
//!   target for the next wave.
//!
//! Rules are data — a table of (id, weight, evaluator) — thresholds come from the config and
//! texts from the translation tables (`rule_<id>`, `rule_<id>_action`, `rule_<id>_evidence`,
//! `rule_<id>_target`). This file holds the card types, the rule table and the way from
//! findings to cards; [`action_tests`] (the action family) and [`consolidate`] (findings into
//! cards) live in their own files, the rules one file per family: `mirror`, `importance`,
//! `complaints`, `staff` and `trends`.

mod cards;
mod complaints;
mod family;
mod importance;
mod mirror;
mod staff;
mod trends;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::metrics::{AspectMetrics, Group, GroupStats, Trends};
use crate::analysis::stats::{Summary, adjust};
use crate::config::Config;
use complaints::{complaint_below_benchmark, complaints_not_learned};
use importance::{misplaced_priority, underestimated_need};
use mirror::{blind_spot, hidden_strength, layer_disconnect};
use staff::{missed_unhappy, mood_decline, orientation_drop, weak_enablement};
use trends::{significant_decline, stagnation};

pub use crate::config::RuleSettings;
pub use cards::consolidate;
pub use family::action_tests;

/// One finding of one rule.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Rule id, e.g. `blind_spot`.
    pub rule: &'static str,
    /// Higher first; comparable across rules.
    pub priority: f64,
    /// What it is about: an aspect, layer or enablement item id, when the rule has one.
    pub subject: Option<String>,
    /// The numbers that triggered it, by name (also the placeholders of its texts): the
    /// effect, its interval (`ci_low`, `ci_high`), `q`, group sizes, and `target`.
    pub evidence: BTreeMap<&'static str, f64>,
}

/// One action card: the findings on one subject (or of one rule over several subjects) with
/// one message, led by the most urgent finding.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recommendation {
    /// The leading rule (its texts are the card's).
    pub rule: &'static str,
    /// Higher first; comparable across cards.
    pub priority: f64,
    /// The leading subject, when the rule has one.
    pub subject: Option<String>,
    /// Every subject the card names, most urgent first (aspects, layers); empty without one.
    pub subjects: Vec<String>,
    /// The leading finding's evidence (the placeholders of the card's texts).
    pub evidence: BTreeMap<&'static str, f64>,
    /// The measurable target for the next wave (its meaning per rule in
    /// `docs/statistics.md`); also `evidence.target`.
    pub target: Option<f64>,
    /// Every finding merged into the card, leading first.
    pub findings: Vec<Finding>,
}

type Evaluator = fn(&Ctx) -> Vec<Finding>;

/// What a rule sees: the group's figures, the trends up to this wave, the config, and the
/// action family's adjusted p-values.
pub struct Ctx<'a> {
    m: Group<'a>,
    trends: Option<&'a Trends>,
    config: &'a Config,
    /// `q` of every test that can lead to an action, by key (`mirror:<aspect>`, ...).
    q: BTreeMap<String, f64>,
}

impl Ctx<'_> {
    /// The test `key` survives the correction over the action family.
    fn passes(&self, key: &str) -> bool {
        self.q.get(key).is_some_and(|q| *q < self.config.alpha)
    }

    /// The action family's q of `key`.
    fn q(&self, key: &str) -> Option<f64> {
        self.q.get(key).copied()
    }

    /// The findings of a rule on single aspects: `rule` of every aspect (with its index).
    fn per_aspect(&self, rule: impl Fn(usize, &AspectMetrics) -> Option<Finding>) -> Vec<Finding> {
        let aspects = self.m.figures.aspects.iter().enumerate();
        aspects.filter_map(|(i, a)| rule(i, a)).collect()
    }

    /// The key (`<family>:<aspect>`) and gap of an aspect's test when a rule may speak on it:
    /// significant in its own family and in the action family, and both the gap and Hedges'
    /// `g` at least `min_gap` and `recommendations.min_effect_size` in the rule's `direction`
    /// (1 above, −1 below).
    fn speaking_gap(
        &self,
        (family, aspect): (&str, &str),
        t: Tested,
        min_gap: f64,
        direction: f64,
    ) -> Option<(String, f64)> {
        let key = format!("{family}:{aspect}");
        let min_g = self.config.recommendations.min_effect_size;
        let passes = self.passes(&key);
        let gap = t
            .gap
            .filter(|g| t.significant && passes && g * direction >= min_gap)?;
        t.g.filter(|g| g * direction >= min_g)?;
        Some((key, gap))
    }
}

/// What [`Ctx::speaking_gap`] reads of a tested difference: the gap, its significance in its
/// own family and its effect size.
#[derive(Clone, Copy)]
struct Tested {
    gap: Option<f64>,
    significant: bool,
    g: Option<f64>,
}

/// A rule: its id, how heavily it weighs, and the function that finds its cases.
struct Rule {
    id: &'static str,
    weight: f64,
    evaluate: Evaluator,
}

/// Every rule.
const RULES: &[Rule] = &[
    rule("blind_spot", 1.0, blind_spot),
    rule("hidden_strength", 0.5, hidden_strength),
    rule("misplaced_priority", 0.8, misplaced_priority),
    rule("underestimated_need", 0.8, underestimated_need),
    rule("complaint_below_benchmark", 0.9, complaint_below_benchmark),
    rule("complaints_not_learned", 0.8, complaints_not_learned),
    rule("layer_disconnect", 0.7, layer_disconnect),
    rule("weak_enablement", 0.7, weak_enablement),
    rule("orientation_drop", 0.5, orientation_drop),
    rule("missed_unhappy", 0.8, missed_unhappy),
    rule("mood_decline", 0.6, mood_decline),
    rule("significant_decline", 1.0, significant_decline),
    rule("stagnation", 0.6, stagnation),
];

/// The card that consolidates a decline in most aspects (not a rule of its own: it is made
/// from `significant_decline` findings).
pub const BROAD_DECLINE: &str = "broad_decline";

const fn rule(id: &'static str, weight: f64, evaluate: Evaluator) -> Rule {
    Rule {
        id,
        weight,
        evaluate,
    }
}

/// The ids of every rule and card (for tests and documentation).
pub fn rule_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = RULES.iter().map(|r| r.id).collect();
    ids.push(BROAD_DECLINE);
    ids
}

/// Every finding of every enabled rule, highest priority first.
pub fn findings(m: Group<'_>, trends: Option<&Trends>, config: &Config) -> Vec<Finding> {
    let tests = action_tests(m, trends, config);
    let p: Vec<Option<f64>> = tests.iter().map(|t| Some(t.1)).collect();
    let q = adjust(&p, config.statistics.multiple_comparisons);
    let x = Ctx {
        m,
        trends,
        config,
        q: tests
            .into_iter()
            .zip(q)
            .filter_map(|((key, _), q)| Some((key, q?)))
            .collect(),
    };
    let disabled = &config.recommendations.disabled;
    let mut out: Vec<Finding> = RULES
        .iter()
        .filter(|r| !disabled.iter().any(|d| d == r.id))
        .flat_map(|r| {
            (r.evaluate)(&x).into_iter().map(move |mut f| {
                f.rule = r.id;
                f.priority = (f.priority * r.weight * 100.0).round() / 100.0;
                f
            })
        })
        .collect();
    out.sort_by(order);
    out
}

fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    b.priority
        .total_cmp(&a.priority)
        .then(a.rule.cmp(b.rule))
        .then(a.subject.cmp(&b.subject))
}

/// The action cards of a group (the organization, or one department), highest priority first,
/// from its figures and their trends (none without an earlier wave to compare with, and none
/// for a department: the trends are the organization's).
pub fn recommend(m: Group<'_>, trends: Option<&Trends>, config: &Config) -> Vec<Recommendation> {
    consolidate(m, trends, config, findings(m, trends, config))
}

fn finding(subject: Option<&str>, severity: f64, evidence: &[(&'static str, f64)]) -> Finding {
    Finding {
        rule: "",
        priority: severity,
        subject: subject.map(str::to_string),
        evidence: evidence.iter().copied().collect(),
    }
}

fn summary(s: GroupStats) -> Summary {
    match s.mean {
        Some(mean) => Summary::from_parts(s.n, mean, s.sd.map_or(0.0, |sd| sd * sd)),
        None => Summary::new(),
    }
}

#[cfg(test)]
mod tests;
