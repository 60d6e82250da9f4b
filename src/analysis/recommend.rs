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
//! `rule_<id>_target`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::metrics::WaveMetrics;
use crate::metrics::complaints::Verdict;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::stats::{Summary, adjust, mean_interval, one_sample_t, welch, wilson};

pub use crate::config::RuleSettings;

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

/// What a rule sees: the metrics, the config, and the action family's adjusted p-values.
pub struct Ctx<'a> {
    m: &'a WaveMetrics,
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
}

/// The action family: every test of this report that can lead to an action, from a group
/// large enough to test, by key, with its raw p-value (one-sided where the rule has a
/// direction). They are corrected together, on top of the declared families, so that on data
/// where nothing is going on a report rarely carries any action at all
/// (`tests/it/calibration.rs` measures how rarely). Which tests enter depends on group sizes
/// only, never on the size of an effect: screening by effect would let noise choose the
/// family.
pub fn action_tests(m: &WaveMetrics, config: &Config) -> Vec<(String, f64)> {
    let s = &config.recommendations;
    let min_n = config.statistics.min_for_tests;
    let mut out = Vec::new();
    let mut push = |key: String, p: Option<f64>, relevant: bool| {
        if let Some(p) = p.filter(|_| relevant) {
            out.push((key, p));
        }
    };
    for a in &m.aspects {
        // Blind spot or hidden strength.
        let c = &a.comparison;
        push(format!("mirror:{}", a.id), c.p, c.employee.n >= min_n);
        // Staff underrating what customers find important (underestimated need).
        let imp = &a.importance;
        push(
            format!("importance:{}", a.id),
            one_sided(imp.p, imp.gap.map(|g| g < 0.0)),
            imp.employee.n >= min_n,
        );
        // Leadership overrating it (misplaced priority).
        if let Some(l) = &imp.leadership {
            push(
                format!("leadership:{}", a.id),
                one_sided(l.p, l.gap.map(|g| g > 0.0)),
                l.employee.n >= min_n,
            );
        }
    }
    for &l in &config.leadership_layers() {
        let Some(layer) = m.layers.get(l).filter(|_| l > 0) else {
            continue;
        };
        if let Some(t) = &layer.versus_first {
            push(format!("layer:{}", layer.id), Some(t.p_further), true);
        }
    }
    let c = &m.complaints;
    if let (Some(mean), Some(sd)) = (c.score.mean, c.score.sd) {
        let relevant = c.score.n >= s.min_cases;
        push(
            "benchmark".into(),
            one_sided(
                one_sample_t(mean, sd, c.score.n, c.benchmark),
                Some(mean < c.benchmark),
            ),
            relevant,
        );
    }
    if let Some(rate) = c.repeat_rate.filter(|_| c.repeat_n > 0) {
        let thr = s.repeat_rate.clamp(1e-9, 1.0 - 1e-9);
        let z = (rate - thr) / (thr * (1.0 - thr) / c.repeat_n as f64).sqrt();
        push(
            "repeat".into(),
            Some(Normal::standard().sf(z)),
            c.repeat_n >= s.min_cases,
        );
    }
    let e = &m.enablement.overall;
    if let Some(item) = e.weakest.and_then(|id| e.items.iter().find(|i| i.id == id))
        && let (Some(mean), Some(sd)) = (item.stats.mean, item.stats.sd)
    {
        let thr = s.weak_enablement;
        push(
            "enablement".into(),
            one_sided(one_sample_t(mean, sd, item.stats.n, thr), Some(mean < thr)),
            item.stats.n >= min_n,
        );
    }
    let l = &m.orientation.overall;
    let ladder = welch(
        &summary(l.self_orientation),
        &summary(l.organization_orientation),
        0.95,
    );
    push(
        "orientation".into(),
        one_sided(ladder.map(|w| w.p), ladder.map(|w| w.diff > 0.0)),
        l.organization_orientation.n >= min_n,
    );
    if let Some(i) = &m.interactions
        && let (Some(d), Some(sd)) = (i.mean_diff, i.diff_sd)
    {
        push(
            "missed".into(),
            one_sided(one_sample_t(d, sd, i.pairs, 0.0), Some(d > 0.0)),
            i.pairs >= s.min_cases,
        );
    }
    let recent = m.mood.as_ref().and_then(|x| x.last_two_weeks.as_ref());
    let change = recent.and_then(|r| r.change);
    push(
        "mood".into(),
        one_sided(recent.and_then(|r| r.p), change.map(|c| c < 0.0)),
        true,
    );
    if let Some(t) = &m.trends {
        for f in &t.figures {
            let subject = if f.id == "overall" {
                Some("overall")
            } else {
                f.id.strip_prefix("aspect.")
                    .and_then(|x| x.strip_suffix(".customer"))
            };
            if let Some(id) = subject {
                push(
                    format!("decline:{id}"),
                    one_sided(f.p, f.change.map(|c| c < 0.0)),
                    true,
                );
            }
        }
    }
    out
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

/// The one-sided p-value from a two-sided one of a symmetric test: half of it when the effect
/// lies in the direction the rule is about, otherwise one minus half.
fn one_sided(p: Option<f64>, in_direction: Option<bool>) -> Option<f64> {
    let (p, right) = (p?, in_direction?);
    Some(if right { p / 2.0 } else { 1.0 - p / 2.0 })
}

/// Every finding of every enabled rule, highest priority first.
pub fn findings(m: &WaveMetrics, config: &Config) -> Vec<Finding> {
    let tests = action_tests(m, config);
    let p: Vec<Option<f64>> = tests.iter().map(|t| Some(t.1)).collect();
    let q = adjust(&p, config.statistics.multiple_comparisons);
    let x = Ctx {
        m,
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

/// The action cards of a wave, highest priority first.
pub fn recommend(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    consolidate(m, config, findings(m, config))
}

/// Merge findings into cards (see the module documentation).
pub fn consolidate(m: &WaveMetrics, config: &Config, all: Vec<Finding>) -> Vec<Recommendation> {
    let is_aspect = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|id| m.aspects.iter().any(|a| a.id == id))
    };
    let mut cards = Vec::new();
    let (declines, rest): (Vec<Finding>, Vec<Finding>) = all
        .into_iter()
        .partition(|f| f.rule == "significant_decline");
    let (aspect_declines, grade_decline): (Vec<Finding>, Vec<Finding>) =
        declines.into_iter().partition(|f| is_aspect(&f.subject));
    let broad_min = ((config.recommendations.broad_decline_share * m.aspects.len() as f64).ceil()
        as usize)
        .max(3);
    let mut aspect_findings: Vec<Finding> = rest
        .iter()
        .filter(|f| is_aspect(&f.subject))
        .cloned()
        .collect();
    if aspect_declines.len() >= broad_min {
        cards.push(broad_decline(m, aspect_declines, grade_decline));
    } else {
        aspect_findings.extend(aspect_declines);
        cards.extend(grade_decline.into_iter().map(|f| single(vec![f])));
    }

    // Per aspect: one group led by its most urgent finding.
    aspect_findings.sort_by(order);
    let mut by_aspect: Vec<(String, Vec<Finding>)> = Vec::new();
    for f in aspect_findings {
        let id = f.subject.clone().unwrap_or_default();
        match by_aspect.iter_mut().find(|(a, _)| *a == id) {
            Some((_, v)) => v.push(f),
            None => by_aspect.push((id, vec![f])),
        }
    }
    // Aspects led by the same rule: one card listing them. Protected aspects get cards of
    // their own, so no card's advice reaches them unless it is meant for them.
    type Groups = Vec<Vec<Finding>>;
    let mut by_rule: Vec<((&'static str, bool), Groups)> = Vec::new();
    for (_, group) in by_aspect {
        let lead = (group[0].rule, group[0].evidence.contains_key("protected"));
        match by_rule.iter_mut().find(|(r, _)| *r == lead) {
            Some((_, v)) => v.push(group),
            None => by_rule.push((lead, vec![group])),
        }
    }
    for (_, groups) in by_rule {
        cards.push(listing(groups));
    }

    // Layers: one card for every leadership layer that is far from the customer.
    let (layer_findings, other): (Vec<Finding>, Vec<Finding>) = rest
        .into_iter()
        .filter(|f| !is_aspect(&f.subject))
        .partition(|f| f.rule == "layer_disconnect");
    if !layer_findings.is_empty() {
        cards.push(listing(
            layer_findings.into_iter().map(|f| vec![f]).collect(),
        ));
    }
    cards.extend(other.into_iter().map(|f| single(vec![f])));
    cards.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(a.rule.cmp(b.rule))
            .then(a.subject.cmp(&b.subject))
    });
    cards
}

/// A card from findings on one subject, the first leading.
fn single(findings: Vec<Finding>) -> Recommendation {
    let lead = &findings[0];
    Recommendation {
        rule: lead.rule,
        priority: lead.priority,
        subject: lead.subject.clone(),
        subjects: lead.subject.iter().cloned().collect(),
        evidence: lead.evidence.clone(),
        target: lead.evidence.get("target").copied(),
        findings,
    }
}

/// A card over several subjects led by the same rule: `groups` are per subject its findings,
/// most urgent first.
fn listing(mut groups: Vec<Vec<Finding>>) -> Recommendation {
    groups.sort_by(|a, b| order(&a[0], &b[0]));
    let subjects = groups.iter().filter_map(|g| g[0].subject.clone()).collect();
    let mut card = single(groups.concat());
    card.subjects = subjects;
    card
}

/// One card for a significant decline in most aspects, with the overall grade's change.
fn broad_decline(
    m: &WaveMetrics,
    mut aspects: Vec<Finding>,
    grade: Vec<Finding>,
) -> Recommendation {
    aspects.sort_by(|a, b| a.evidence["change"].total_cmp(&b.evidence["change"]));
    let mean_change =
        aspects.iter().map(|f| f.evidence["change"]).sum::<f64>() / aspects.len() as f64;
    let mut evidence: BTreeMap<&'static str, f64> = BTreeMap::new();
    evidence.insert("aspects", aspects.len() as f64);
    evidence.insert("total", m.aspects.len() as f64);
    evidence.insert("mean_change", mean_change);
    evidence.insert("largest_change", aspects[0].evidence["change"]);
    let overall = m
        .trends
        .as_ref()
        .and_then(|t| t.figures.iter().find(|f| f.id == "overall"));
    if let Some(f) = overall {
        if let (Some(change), Some(Some(now))) = (f.change, f.values.last()) {
            evidence.insert("now", *now);
            evidence.insert("previous", now - change);
            evidence.insert("change", change);
            evidence.insert("target", now - change);
        }
        if let Some(q) = f.q {
            evidence.insert("q", q);
        }
    }
    let priority = grade
        .iter()
        .map(|f| f.priority)
        .chain(aspects.iter().map(|f| f.priority))
        .fold(0.0, f64::max)
        + 1.0;
    let subjects = aspects.iter().filter_map(|f| f.subject.clone()).collect();
    Recommendation {
        rule: BROAD_DECLINE,
        priority: (priority * 100.0).round() / 100.0,
        subject: None,
        subjects,
        target: evidence.get("target").copied(),
        evidence,
        findings: grade.into_iter().chain(aspects).collect(),
    }
}

fn finding(subject: Option<&str>, severity: f64, evidence: &[(&'static str, f64)]) -> Finding {
    Finding {
        rule: "",
        priority: severity,
        subject: subject.map(str::to_string),
        evidence: evidence.iter().copied().collect(),
    }
}

/// Importance of an aspect relative to the scale's top, 0–1 (1 when unknown: err on caution).
fn importance_weight(m: &WaveMetrics, config: &Config, i: usize) -> f64 {
    let scale = &config.scales.importance;
    m.aspects[i].importance.customer.mean.map_or(1.0, |x| {
        ((x - scale.min) / (scale.max - scale.min)).clamp(0.0, 1.0)
    })
}

/// The evidence of a tested gap: the gap, both means, its interval, q (of the action family),
/// g and the group sizes.
fn gap_evidence(
    c: &crate::metrics::Comparison,
    q: Option<f64>,
) -> Option<Vec<(&'static str, f64)>> {
    Some(vec![
        ("gap", c.gap?),
        ("customer", c.customer.mean?),
        ("staff", c.employee.mean?),
        ("ci_low", c.ci_low?),
        ("ci_high", c.ci_high?),
        ("q", q?),
        ("g", c.g?),
        ("n_customers", c.customer.n as f64),
        ("n_staff", c.employee.n as f64),
    ])
}

/// Staff overestimate an aspect: a significant gap of at least `min_gap` and a relevant effect
/// size. Priority: the gap, weighted by the aspect's importance to customers. Target: the gap
/// under `min_gap` next wave.
fn blind_spot(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.aspects
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let c = &a.comparison;
            let key = format!("mirror:{}", a.id);
            let gap = c
                .gap
                .filter(|g| c.significant && x.passes(&key) && *g >= s.min_gap)?;
            c.g.filter(|g| *g >= s.min_effect_size)?;
            let mut evidence = gap_evidence(c, x.q(&key))?;
            evidence.push(("target", s.min_gap));
            Some(finding(
                Some(&a.id),
                gap * (0.5 + importance_weight(m, config, i)),
                &evidence,
            ))
        })
        .collect()
}

/// Customers are significantly more positive than staff think: tell staff. Target: the gap
/// within `min_gap` next wave.
fn hidden_strength(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.aspects
        .iter()
        .filter_map(|a| {
            let c = &a.comparison;
            let key = format!("mirror:{}", a.id);
            let gap = c
                .gap
                .filter(|g| c.significant && x.passes(&key) && *g <= -s.min_gap)?;
            c.g.filter(|g| *g <= -s.min_effect_size)?;
            let mut evidence = gap_evidence(c, x.q(&key))?;
            evidence.push(("target", -s.min_gap));
            Some(finding(Some(&a.id), -gap, &evidence))
        })
        .collect()
}

/// The leadership layers together think an aspect matters much more to customers than it
/// does (tested). On a protected aspect the card says staff overrate its importance relative
/// to customers and never advises giving it less attention (`protected` in the evidence).
fn misplaced_priority(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.aspects
        .iter()
        .filter_map(|a| {
            let c = a.importance.leadership.as_ref()?;
            let key = format!("leadership:{}", a.id);
            let gap = c
                .gap
                .filter(|g| c.significant && x.passes(&key) && *g >= s.misplaced_priority_gap)?;
            c.g.filter(|g| *g >= s.min_effect_size)?;
            let mut evidence = vec![
                ("layer_importance", c.employee.mean?),
                ("customer_importance", c.customer.mean?),
                ("gap", gap),
                ("ci_low", c.ci_low?),
                ("ci_high", c.ci_high?),
                ("q", x.q(&key)?),
                ("n_customers", c.customer.n as f64),
                ("n_staff", c.employee.n as f64),
                ("target", s.misplaced_priority_gap),
            ];
            // A protected aspect keeps its attention: the card only explains, so it weighs less.
            let protected = config.is_protected(&a.id);
            if protected {
                evidence.push(("protected", 1.0));
            }
            let weight = if protected { 0.5 } else { 2.0 };
            Some(finding(Some(&a.id), gap * weight, &evidence))
        })
        .collect()
}

/// Customers find an aspect important that staff (all layers) underrate (tested).
fn underestimated_need(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.aspects
        .iter()
        .filter_map(|a| {
            let imp = &a.importance;
            let key = format!("importance:{}", a.id);
            let gap = imp
                .gap
                .filter(|g| imp.significant && x.passes(&key) && -g >= s.underestimated_need_gap)?;
            imp.g.filter(|g| *g <= -s.min_effect_size)?;
            Some(finding(
                Some(&a.id),
                -gap * 2.0,
                &[
                    ("customer_importance", imp.customer.mean?),
                    ("staff_importance", imp.employee.mean?),
                    ("gap", gap),
                    ("q", x.q(&key)?),
                    ("n_customers", imp.customer.n as f64),
                    ("n_staff", imp.employee.n as f64),
                    ("target", -s.underestimated_need_gap),
                ],
            ))
        })
        .collect()
}

/// A leadership layer knows the customer clearly less well than the first layer: its
/// deviation beyond noise is significantly larger (permutation test) and by at least
/// `layer_disconnect_deviation`.
fn layer_disconnect(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let threshold = config.recommendations.layer_disconnect_deviation;
    let Some(front) = m.layers.first() else {
        return Vec::new();
    };
    let Some(front_dev) = front.deviation else {
        return Vec::new();
    };
    config
        .leadership_layers()
        .into_iter()
        .filter(|&l| l > 0)
        .filter_map(|l| {
            let layer = &m.layers[l];
            let test = layer.versus_first.as_ref()?;
            let dev = layer.deviation?;
            let difference = dev - front_dev;
            let key = format!("layer:{}", layer.id);
            let q = x.q(&key)?;
            let relevant = test.difference > 0.0 && difference >= threshold;
            (test.significant && x.passes(&key) && relevant).then(|| {
                let mut evidence = vec![
                    ("layer_deviation", dev),
                    ("frontline_deviation", front_dev),
                    ("difference", difference),
                    ("q", q),
                    ("n_layer", layer.n.unwrap_or(0) as f64),
                    ("n_frontline", front.n.unwrap_or(0) as f64),
                    ("target", front_dev + threshold),
                ];
                if let (Some(lo), Some(hi)) = (layer.deviation_ci_low, layer.deviation_ci_high) {
                    evidence.push(("ci_low", lo));
                    evidence.push(("ci_high", hi));
                }
                finding(Some(&layer.id), difference * 2.0, &evidence)
            })
        })
        .collect()
}

/// The complaint-handling score among complainants is below the benchmark: the 95% interval
/// of their mean lies below it (and by at least the margin).
fn complaint_below_benchmark(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let c = &m.complaints;
    let (Some(score), Some(diff), Some(lo), Some(hi)) = (
        c.score_mean,
        c.benchmark_diff,
        c.score_ci_low,
        c.score_ci_high,
    ) else {
        return Vec::new();
    };
    if c.score.n < s.min_cases
        || c.benchmark_verdict != Some(Verdict::Below)
        || !x.passes("benchmark")
        || diff > -s.complaint_benchmark_margin
    {
        return Vec::new();
    }
    vec![finding(
        None,
        -diff * 1.5,
        &[
            ("score", score),
            ("benchmark", c.benchmark),
            ("gap", diff),
            ("ci_low", lo),
            ("ci_high", hi),
            ("n_complainants", c.score.n as f64),
            ("target", c.benchmark),
        ],
    )]
}

/// Complaints get handled but the same problems come back: a repeat rate whose 95% Wilson
/// interval lies above the threshold (survey), or a logged share above it (the log is a
/// census, not a sample).
fn complaints_not_learned(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let c = &m.complaints;
    let survey = c
        .repeat_rate
        .filter(|_| c.repeat_n >= s.min_cases)
        .and_then(|rate| {
            let (lo, hi) = wilson(c.repeats, c.repeat_n, 0.95)?;
            (lo > s.repeat_rate && x.passes("repeat")).then_some((rate, Some((lo, hi)), c.repeat_n))
        });
    let log = c
        .log
        .as_ref()
        .filter(|l| l.logged >= s.min_cases)
        .and_then(|l| Some((l.repeat_share?, None, l.logged)))
        .filter(|(rate, _, _)| *rate >= s.repeat_rate);
    let Some((rate, interval, n)) = survey
        .into_iter()
        .chain(log)
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return Vec::new();
    };
    let mut evidence = vec![
        ("repeat_rate", rate),
        ("threshold_rate", s.repeat_rate),
        ("n_cases", n as f64),
        ("target", s.repeat_rate),
    ];
    if let Some((lo, hi)) = interval {
        evidence.push(("ci_low_rate", lo));
        evidence.push(("ci_high_rate", hi));
    }
    vec![finding(None, rate * 4.0, &evidence)]
}

/// Staff feel least enabled by one item: its mean's 95% interval lies at or below the
/// threshold, from at least `min_for_tests` employees.
fn weak_enablement(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let e = &m.enablement.overall;
    let Some(id) = e.weakest else {
        return Vec::new();
    };
    let Some(item) = e.items.iter().find(|i| i.id == id) else {
        return Vec::new();
    };
    let Some(mean) = item.stats.mean else {
        return Vec::new();
    };
    let threshold = config.recommendations.weak_enablement;
    let stats = summary(item.stats);
    let Some((lo, hi)) = mean_interval(&stats, 0.95) else {
        return Vec::new();
    };
    if item.stats.n < config.statistics.min_for_tests || hi > threshold || !x.passes("enablement") {
        return Vec::new();
    }
    let others: Vec<f64> = e
        .items
        .iter()
        .filter(|i| i.id != id)
        .filter_map(|i| i.stats.mean)
        .collect();
    let mut evidence = vec![
        ("item_mean", mean),
        ("ci_low", lo),
        ("ci_high", hi),
        ("n_staff", item.stats.n as f64),
        ("target", threshold),
    ];
    if !others.is_empty() {
        evidence.push((
            "others_mean",
            others.iter().sum::<f64>() / others.len() as f64,
        ));
    }
    vec![finding(Some(id), (threshold - mean + 0.5) * 1.5, &evidence)]
}

fn summary(s: crate::metrics::GroupStats) -> Summary {
    match s.mean {
        Some(mean) => Summary::from_parts(s.n, mean, s.sd.map_or(0.0, |sd| sd * sd)),
        None => Summary::new(),
    }
}

/// Staff find themselves customer-oriented, the organization much less so: a drop of at least
/// the threshold, significant by Welch's test (conservative: the answers are paired), from at
/// least `min_for_tests` employees.
fn orientation_drop(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let l = &m.orientation.overall;
    let (Some(drop), Some(me), Some(org)) = (
        l.drop,
        l.self_orientation.mean,
        l.organization_orientation.mean,
    ) else {
        return Vec::new();
    };
    let test = welch(
        &summary(l.self_orientation),
        &summary(l.organization_orientation),
        0.95,
    );
    let Some(test) = test else {
        return Vec::new();
    };
    if drop < config.recommendations.orientation_drop
        || !x.passes("orientation")
        || l.organization_orientation.n < config.statistics.min_for_tests
    {
        return Vec::new();
    }
    vec![finding(
        None,
        drop * 1.5,
        &[
            ("self", me),
            ("organization", org),
            ("drop", drop),
            ("p", test.p),
            ("n_staff", l.organization_orientation.n as f64),
            ("target", config.recommendations.orientation_drop),
        ],
    )]
}

/// Employees think the customer left satisfied while the customer did not: a share of at
/// least the threshold, and employees rate contacts significantly higher than customers do
/// (paired t-test on the differences).
fn missed_unhappy(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let Some(i) = &m.interactions else {
        return Vec::new();
    };
    let (Some(share), Some(diff), Some(sd)) = (i.missed_unhappy_share, i.mean_diff, i.diff_sd)
    else {
        return Vec::new();
    };
    let Some(p) = one_sample_t(diff, sd, i.pairs, 0.0) else {
        return Vec::new();
    };
    if i.pairs < s.min_cases || share < s.missed_unhappy_share || diff <= 0.0 || !x.passes("missed")
    {
        return Vec::new();
    }
    vec![finding(
        None,
        share * 15.0,
        &[
            ("missed_share", share),
            ("threshold_share", s.missed_unhappy_share),
            ("pairs", i.pairs as f64),
            ("difference", diff),
            ("p", p),
            ("target", s.missed_unhappy_share),
        ],
    )]
}

/// Daily mood of the last two weeks clearly and significantly below the wave's.
fn mood_decline(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let Some(recent) = m.mood.as_ref().and_then(|x| x.last_two_weeks.as_ref()) else {
        return Vec::new();
    };
    let (Some(change), Some(now), Some(wave), Some(p)) = (
        recent.change,
        recent.happy_share,
        recent.wave_share,
        recent.p,
    ) else {
        return Vec::new();
    };
    if change > -config.recommendations.mood_decline || !x.passes("mood") {
        return Vec::new();
    }
    vec![finding(
        None,
        -change * 20.0,
        &[
            ("recent_share", now),
            ("wave_share", wave),
            ("share_change", change),
            ("p", p),
            ("target", wave),
        ],
    )]
}

/// The overall grade, or an aspect's customer score, fell significantly (q, changes family)
/// and by at least `min_change` since the previous wave.
fn significant_decline(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let Some(trends) = &m.trends else {
        return Vec::new();
    };
    let min_change = config.recommendations.min_change;
    trends
        .figures
        .iter()
        .filter(|f| f.significant && f.change.is_some_and(|c| c <= -min_change))
        .filter_map(|f| {
            let subject = if f.id == "overall" {
                None
            } else {
                Some(f.id.strip_prefix("aspect.")?.strip_suffix(".customer")?)
            };
            let key = format!("decline:{}", subject.unwrap_or("overall"));
            if !x.passes(&key) {
                return None;
            }
            let change = f.change?;
            let now = (*f.values.last()?)?;
            let weight = if subject.is_none() { 3.0 } else { 2.0 };
            let mut evidence = vec![
                ("now", now),
                ("previous", now - change),
                ("change", change),
                ("q", x.q(&key)?),
                ("target", now - change),
            ];
            if let Some(g) = f.g {
                evidence.push(("g", g));
            }
            Some(finding(subject, -change * weight, &evidence))
        })
        .collect()
}

/// The overall customer grade hardly moved over the last three waves.
fn stagnation(x: &Ctx) -> Vec<Finding> {
    let m = x.m;
    let Some(s) = m.trends.as_ref().and_then(|t| t.stagnation.as_ref()) else {
        return Vec::new();
    };
    if !s.stagnant {
        return Vec::new();
    }
    let grade = m.overall.customer.mean.unwrap_or(0.0);
    vec![finding(
        None,
        1.0,
        &[
            ("range", s.range),
            ("waves", s.waves.len() as f64),
            ("grade", grade),
            ("target", s.threshold),
        ],
    )]
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::ingest::WaveData;
    use crate::metrics::layers::LayerTest;
    use crate::metrics::trends::{Stagnation, TrendFigure};
    use crate::metrics::{Comparison, GroupStats, Trends, compute};
    use crate::model::{CustomerResponse, EmployeeResponse, OrgMeta, Organization, Wave, WaveMeta};

    const CONFIG: &str = "layers:
  - id: frontline
    label: { nl: F, en: F }
  - id: management
    label: { nl: M, en: M }
    leadership: true
  - id: board
    label: { nl: B, en: B }
    leadership: true
questionnaire:
  aspects:
    - { id: a, label: { nl: A, en: A }, category: human }
    - { id: b, label: { nl: B, en: B }, category: functional }
    - { id: c, label: { nl: C, en: C }, category: functional }
    - { id: d, label: { nl: D, en: D }, category: functional, protected: true }
";

    /// A quiet wave in which no rule fires: staff predict exactly what customers say.
    fn base() -> (Config, WaveMetrics) {
        let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
        let org = Organization {
            id: "t".into(),
            dir: PathBuf::from("t"),
            meta: OrgMeta {
                name: "T".into(),
                language: Default::default(),
                account_manager: None,
                departments: vec![],
                ingest: Default::default(),
                brand: Default::default(),
                questionnaire: Default::default(),
                weights: None,
            },
            waves: vec![],
        };
        let wave = Wave {
            id: "w".into(),
            dir: PathBuf::from("w"),
            meta: WaveMeta::default(),
        };
        let scores = |i: u32| vec![Some(6.0 + f64::from(i % 3)); 4];
        let customers = (0..12)
            .map(|i| CustomerResponse {
                respondent_id: format!("c{i}"),
                overall: Some(7.0),
                scores: scores(i),
                importance: vec![Some(4.0), Some(3.0), Some(3.0), Some(3.0)],
                ..Default::default()
            })
            .collect();
        let employees = (0..15)
            .map(|i| EmployeeResponse {
                respondent_id: format!("e{i}"),
                layer: (i % 3) as usize,
                overall: Some(7.0),
                scores: scores(i),
                importance: vec![Some(4.0), Some(3.0), Some(3.0), Some(3.0)],
                self_orientation: Some(4.0),
                organization_orientation: Some(3.6),
                enablement: [Some(4.0); 5],
                ..Default::default()
            })
            .collect();
        let data = WaveData {
            customers,
            employees,
            ..Default::default()
        };
        let m = compute(&config, &org, &wave, &data);
        (config, m)
    }

    fn cards(m: &WaveMetrics, config: &Config, rule: &str) -> Vec<Recommendation> {
        recommend(m, config)
            .into_iter()
            .filter(|r| r.rule == rule)
            .collect()
    }

    /// A tested comparison of 100 customers and `n_staff` employees (SD 1).
    fn tested(customer: f64, staff: f64, p: f64, n_staff: u64) -> Comparison {
        let g = |mean, n| GroupStats {
            n,
            mean: Some(mean),
            sd: Some(1.0),
            n_eff: None,
        };
        let gap = staff - customer;
        Comparison {
            customer: g(customer, 100),
            employee: g(staff, n_staff),
            gap: Some(gap),
            p: Some(p),
            q: Some(p),
            g: Some(gap),
            ci_low: Some(gap - 0.3),
            ci_high: Some(gap + 0.3),
            significant: p < 0.05 && n_staff >= 10,
            ..Default::default()
        }
    }

    #[test]
    fn a_quiet_wave_triggers_nothing() {
        let (config, m) = base();
        assert_eq!(recommend(&m, &config), vec![]);
    }

    #[test]
    fn blind_spot_needs_a_significant_relevant_gap_from_a_group_large_enough() {
        let (config, mut m) = base();
        m.aspects[0].comparison = tested(6.0, 7.2, 0.001, 100);
        let r = cards(&m, &config, "blind_spot");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].subject.as_deref(), Some("a"));
        assert!((r[0].evidence["gap"] - 1.2).abs() < 1e-12);
        assert_eq!(r[0].evidence["n_staff"], 100.0);
        assert_eq!(r[0].target, Some(0.5));
        // Importance 4 on 1–5 weighs 0.75: priority = 1.2 × (0.5 + 0.75) × weight 1.0 = 1.5.
        assert_eq!(r[0].priority, 1.5);
        m.aspects[0].comparison = tested(6.0, 6.4, 0.001, 100); // below the 0.5 threshold
        assert!(cards(&m, &config, "blind_spot").is_empty());
        m.aspects[0].comparison = tested(6.0, 7.2, 0.2, 100); // not significant
        assert!(cards(&m, &config, "blind_spot").is_empty());
        m.aspects[0].comparison = tested(6.0, 7.2, 0.001, 9); // under min_for_tests
        assert!(cards(&m, &config, "blind_spot").is_empty());
    }

    #[test]
    fn a_significant_family_test_still_needs_the_action_family() {
        let (config, mut m) = base();
        // Significant in its own family, but not over the report's six action tests (four
        // mirror gaps, two leadership layers): q = 6 × 0.01 = 0.06.
        m.aspects[0].comparison = tested(6.0, 7.2, 0.01, 100);
        let tests = action_tests(&m, &config);
        assert_eq!(tests.len(), 6, "{tests:?}");
        assert!(cards(&m, &config, "blind_spot").is_empty());
    }

    #[test]
    fn hidden_strength_is_a_significant_underestimation() {
        let (config, mut m) = base();
        m.aspects[1].comparison = tested(7.5, 6.7, 0.001, 100);
        let r = cards(&m, &config, "hidden_strength");
        assert_eq!(r.len(), 1);
        assert!((r[0].evidence["gap"] + 0.8).abs() < 1e-12);
    }

    #[test]
    fn misplaced_priority_is_leadership_overrating_importance_and_respects_protection() {
        let (config, mut m) = base();
        m.aspects[2].importance.leadership = Some(tested(3.0, 4.8, 0.0001, 12));
        m.aspects[3].importance.leadership = Some(tested(3.0, 4.5, 0.0001, 12));
        let r = cards(&m, &config, "misplaced_priority");
        // The protected aspect gets a card of its own that says so (its texts never advise
        // moving attention away); the other one its usual card.
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].subjects, ["c"]);
        assert!(!r[0].evidence.contains_key("protected"));
        assert_eq!(r[1].subjects, ["d"]);
        assert_eq!(r[1].evidence.get("protected"), Some(&1.0));
        // Leadership under min_for_tests: no claim.
        m.aspects[2].importance.leadership = Some(tested(3.0, 4.8, 0.0001, 8));
        m.aspects[3].importance.leadership = None;
        assert!(cards(&m, &config, "misplaced_priority").is_empty());
    }

    #[test]
    fn underestimated_need_is_staff_underrating_importance() {
        let (config, mut m) = base();
        let imp = &mut m.aspects[0].importance;
        imp.employee.mean = Some(3.4);
        imp.employee.n = 15;
        imp.gap = Some(-0.6);
        imp.g = Some(-0.7);
        imp.p = Some(0.0001);
        imp.q = Some(0.0001);
        imp.significant = true;
        let r = cards(&m, &config, "underestimated_need");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence["staff_importance"], 3.4);
    }

    #[test]
    fn complaint_handling_is_below_the_benchmark_only_when_its_interval_is() {
        let (config, mut m) = base();
        let c = &mut m.complaints;
        c.score = GroupStats {
            n: 40,
            mean: Some(5.1),
            sd: Some(1.0),
            n_eff: None,
        };
        c.score_mean = Some(5.1);
        c.benchmark_diff = Some(5.1 - 5.9);
        c.score_ci_low = Some(4.78);
        c.score_ci_high = Some(5.42);
        c.benchmark_verdict = Some(Verdict::Below);
        let r = cards(&m, &config, "complaint_below_benchmark");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence["benchmark"], 5.9);
        assert_eq!(r[0].evidence["ci_high"], 5.42);
        // 5.8 against 5.9 with an interval over the benchmark: not distinguishable.
        let c = &mut m.complaints;
        c.score.mean = Some(5.8);
        c.score_mean = Some(5.8);
        c.benchmark_diff = Some(5.8 - 5.9);
        c.score_ci_low = Some(5.48);
        c.score_ci_high = Some(6.12);
        c.benchmark_verdict = Some(Verdict::NotDistinguishable);
        assert!(cards(&m, &config, "complaint_below_benchmark").is_empty());
    }

    #[test]
    fn repeat_complaints_mean_nothing_is_learned_when_the_interval_is_above_the_threshold() {
        let (config, mut m) = base();
        m.complaints.repeat_n = 100;
        m.complaints.repeats = 45;
        m.complaints.repeat_rate = Some(0.45);
        let r = cards(&m, &config, "complaints_not_learned");
        assert_eq!(r[0].evidence["repeat_rate"], 0.45);
        // 30 % of 20: the interval reaches far below 25 %.
        m.complaints.repeat_n = 20;
        m.complaints.repeats = 6;
        m.complaints.repeat_rate = Some(0.3);
        assert!(cards(&m, &config, "complaints_not_learned").is_empty());
    }

    #[test]
    fn layer_disconnect_is_a_leadership_layer_significantly_further_from_the_customer() {
        let (config, mut m) = base();
        m.layers[0].deviation = Some(0.2);
        m.layers[2].deviation = Some(1.1);
        m.layers[2].n = Some(6);
        let test = |p: f64| LayerTest {
            against: "frontline".into(),
            difference: 1.17,
            p,
            p_further: p / 2.0,
            q: p,
            significant: p < 0.05,
        };
        m.layers[2].versus_first = Some(test(0.0004));
        let r = cards(&m, &config, "layer_disconnect");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].subjects, ["board"]);
        assert!((r[0].evidence["difference"] - 0.9).abs() < 1e-12);
        m.layers[2].versus_first = Some(test(0.3));
        assert!(cards(&m, &config, "layer_disconnect").is_empty());
    }

    fn trends(figures: Vec<TrendFigure>, stagnant: bool) -> Trends {
        Trends {
            waves: vec!["q1".into(), "q2".into(), "q3".into()],
            previous: Some("q2".into()),
            figures,
            stagnation: Some(Stagnation {
                waves: vec!["q1".into(), "q2".into(), "q3".into()],
                range: 0.05,
                threshold: 0.1,
                stagnant,
            }),
        }
    }

    fn figure(id: &str, values: [f64; 2], significant: bool) -> TrendFigure {
        let p = if significant { 0.0001 } else { 0.4 };
        TrendFigure {
            id: id.into(),
            values: values.iter().map(|v| Some(*v)).collect(),
            change: Some(values[1] - values[0]),
            test: Some("welch"),
            p: Some(p),
            q: Some(p),
            g: None,
            h: None,
            significant,
        }
    }

    #[test]
    fn a_decline_in_one_aspect_merges_with_its_blind_spot_into_one_card() {
        let (config, mut m) = base();
        m.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100);
        m.trends = Some(trends(
            vec![
                figure("overall", [7.3, 6.8], true),
                figure("aspect.a.customer", [7.0, 6.0], true),
                figure("aspect.b.customer", [7.0, 6.9], true), // too small to count
                figure("aspect.c.customer", [7.0, 6.5], false),
                figure("aspect.a.gap", [0.0, -1.0], true), // a gap, not a customer score
            ],
            false,
        ));
        let r = recommend(&m, &config);
        let a: Vec<&Recommendation> = r
            .iter()
            .filter(|c| c.subjects.contains(&"a".to_string()))
            .collect();
        assert_eq!(a.len(), 1, "{r:#?}");
        assert_eq!(a[0].rule, "significant_decline");
        let rules: Vec<&str> = a[0].findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["significant_decline", "blind_spot"]);
        // The grade's decline is a card of its own; nothing on b or c.
        let grade: Vec<_> = r.iter().filter(|c| c.subject.is_none()).collect();
        assert_eq!(grade.len(), 1);
        assert!((grade[0].evidence["previous"] - 7.3).abs() < 1e-12);
        assert!(
            r.iter()
                .all(|c| !c.subjects.iter().any(|s| s == "b" || s == "c"))
        );
    }

    #[test]
    fn a_decline_in_most_aspects_is_one_broad_decline_card() {
        let (config, mut m) = base();
        m.trends = Some(trends(
            vec![
                figure("overall", [7.3, 6.7], true),
                figure("aspect.a.customer", [7.0, 6.4], true),
                figure("aspect.b.customer", [7.0, 6.2], true),
                figure("aspect.c.customer", [7.0, 6.5], true),
                figure("aspect.d.customer", [7.0, 6.9], false),
            ],
            false,
        ));
        let r = recommend(&m, &config);
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].rule, BROAD_DECLINE);
        assert_eq!(r[0].subjects, ["b", "a", "c"]);
        assert_eq!(r[0].evidence["aspects"], 3.0);
        assert!((r[0].evidence["change"] + 0.6).abs() < 1e-12);
        assert_eq!(r[0].findings.len(), 4);
    }

    #[test]
    fn stagnation_over_three_waves() {
        let (config, mut m) = base();
        m.trends = Some(trends(vec![], true));
        assert_eq!(cards(&m, &config, "stagnation")[0].evidence["range"], 0.05);
        m.trends = Some(trends(vec![], false));
        assert!(cards(&m, &config, "stagnation").is_empty());
    }

    #[test]
    fn rules_can_be_switched_off() {
        let (mut config, mut m) = base();
        m.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100);
        config.recommendations.disabled = vec!["blind_spot".into()];
        assert!(cards(&m, &config, "blind_spot").is_empty());
    }

    #[test]
    fn cards_are_ranked_by_priority_and_one_rule_on_several_aspects_is_one_card() {
        let (config, mut m) = base();
        m.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100); // blind spot, priority 1.5
        m.aspects[2].comparison = tested(6.0, 7.0, 0.0001, 100); // blind spot
        m.aspects[1].comparison = tested(7.5, 6.7, 0.0001, 100); // hidden strength, 0.8 × 0.5
        let r = recommend(&m, &config);
        let rules: Vec<_> = r.iter().map(|r| r.rule).collect();
        assert_eq!(rules, ["blind_spot", "hidden_strength"]);
        assert_eq!(r[0].subjects, ["a", "c"]);
        assert_eq!(r[1].priority, 0.4);
    }

    #[test]
    fn every_rule_has_texts_in_both_languages() {
        for lang in [crate::config::Language::Nl, crate::config::Language::En] {
            let t = crate::render::i18n::Texts::load(lang).unwrap();
            for id in rule_ids() {
                for suffix in ["", "_action", "_evidence", "_target"] {
                    let key = format!("rule_{id}{suffix}");
                    assert!(!t.get(&key).starts_with('['), "{key} missing in {lang:?}");
                }
            }
        }
    }
}
