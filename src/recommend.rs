//! Recommended actions: a rule engine that turns metrics into ranked actions with evidence
//! (SPEC §5). Rules are data — a table of (id, weight, evaluator) — thresholds come from the
//! config and texts from the translation tables (`rule_<id>` and `rule_<id>_action`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::metrics::{Quadrant, WaveMetrics};

/// Thresholds of the rules, `recommendations:` in the config.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSettings {
    /// Blind spot / hidden strength: smallest significant gap (rating points) that counts.
    pub min_gap: f64,
    /// Misplaced priority: management's or the board's predicted importance this far above
    /// the customers' (importance points).
    pub misplaced_priority_gap: f64,
    /// Underestimated need: customers' importance this far above all staff's prediction.
    pub underestimated_need_gap: f64,
    /// Layer disconnect: management's or the board's mae this far above the frontline's.
    pub layer_disconnect_mae: f64,
    /// Rules switched off, by id.
    pub disabled: Vec<String>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_gap: 0.5,
            misplaced_priority_gap: 0.7,
            underestimated_need_gap: 0.4,
            layer_disconnect_mae: 0.3,
            disabled: Vec::new(),
        }
    }
}

/// One recommended action.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recommendation {
    /// Rule id, e.g. `blind_spot`.
    pub rule: &'static str,
    /// Higher first; comparable across rules.
    pub priority: f64,
    /// What it is about: an aspect or layer id, when the rule has one.
    pub subject: Option<String>,
    /// The numbers that triggered it, by name (also the placeholders of its texts).
    pub evidence: BTreeMap<&'static str, f64>,
}

type Evaluator = fn(&WaveMetrics, &Config) -> Vec<Recommendation>;

/// A rule: its id, how heavily it weighs, and the function that finds its cases.
struct Rule {
    id: &'static str,
    weight: f64,
    evaluate: Evaluator,
}

/// Every rule, in the order of SPEC §5.
const RULES: &[Rule] = &[
    Rule {
        id: "blind_spot",
        weight: 1.0,
        evaluate: blind_spot,
    },
    Rule {
        id: "hidden_strength",
        weight: 0.5,
        evaluate: hidden_strength,
    },
    Rule {
        id: "misplaced_priority",
        weight: 0.8,
        evaluate: misplaced_priority,
    },
    Rule {
        id: "underestimated_need",
        weight: 0.8,
        evaluate: underestimated_need,
    },
    Rule {
        id: "layer_disconnect",
        weight: 0.7,
        evaluate: layer_disconnect,
    },
];

/// The ids of every rule (for tests and documentation).
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

/// Evaluate every enabled rule and rank the actions, highest priority first.
pub fn recommend(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let disabled = &config.recommendations.disabled;
    let mut out: Vec<Recommendation> = RULES
        .iter()
        .filter(|r| !disabled.iter().any(|d| d == r.id))
        .flat_map(|r| {
            (r.evaluate)(m, config).into_iter().map(move |mut rec| {
                rec.rule = r.id;
                rec.priority = (rec.priority * r.weight * 100.0).round() / 100.0;
                rec
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(a.rule.cmp(b.rule))
            .then(a.subject.cmp(&b.subject))
    });
    out
}

fn rec(subject: Option<&str>, severity: f64, evidence: &[(&'static str, f64)]) -> Recommendation {
    Recommendation {
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

/// Staff overestimate an important aspect: a significant gap ≥ `min_gap` on an aspect in the
/// top half of importance. Priority: the gap, weighted by importance.
fn blind_spot(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let min_gap = config.recommendations.min_gap;
    m.aspects
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            matches!(
                a.quadrant,
                Some(Quadrant::ConcentrateHere | Quadrant::KeepUpTheGoodWork) | None
            )
        })
        .filter_map(|(i, a)| {
            let c = &a.comparison;
            let gap = c.gap.filter(|g| c.significant && *g >= min_gap)?;
            Some(rec(
                Some(&a.id),
                gap * (0.5 + importance_weight(m, config, i)),
                &[
                    ("gap", gap),
                    ("customer", c.customer.mean?),
                    ("staff", c.employee.mean?),
                    ("p", c.p?),
                ],
            ))
        })
        .collect()
}

/// Customers are significantly more positive than staff think: tell staff.
fn hidden_strength(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let min_gap = config.recommendations.min_gap;
    m.aspects
        .iter()
        .filter_map(|a| {
            let c = &a.comparison;
            let gap = c.gap.filter(|g| c.significant && *g <= -min_gap)?;
            Some(rec(
                Some(&a.id),
                -gap,
                &[
                    ("gap", gap),
                    ("customer", c.customer.mean?),
                    ("staff", c.employee.mean?),
                    ("p", c.p?),
                ],
            ))
        })
        .collect()
}

/// Positions of the management and board layers, when configured.
fn leadership(config: &Config) -> Vec<usize> {
    ["management", "board"]
        .iter()
        .filter_map(|id| config.layer_index(id))
        .collect()
}

/// Management or the board think an aspect matters much more to customers than it does.
fn misplaced_priority(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let threshold = config.recommendations.misplaced_priority_gap;
    let layers = leadership(config);
    m.aspects
        .iter()
        .filter_map(|a| {
            let (layer, gap, mean) = layers
                .iter()
                .filter_map(|&l| {
                    let li = &a.importance.by_layer[l];
                    Some((l, li.gap?, li.mean?))
                })
                .max_by(|x, y| x.1.total_cmp(&y.1))?;
            (gap >= threshold).then(|| {
                let mut r = rec(
                    Some(&a.id),
                    gap * 2.0,
                    &[
                        ("layer_importance", mean),
                        ("customer_importance", mean - gap),
                        ("gap", gap),
                    ],
                );
                r.evidence.insert("layer", layer as f64);
                r
            })
        })
        .collect()
}

/// Customers find an aspect important that staff (all layers) underrate.
fn underestimated_need(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let threshold = config.recommendations.underestimated_need_gap;
    m.aspects
        .iter()
        .filter_map(|a| {
            let imp = &a.importance;
            let gap = imp.gap.filter(|g| -g >= threshold)?;
            Some(rec(
                Some(&a.id),
                -gap * 2.0,
                &[
                    ("customer_importance", imp.customer.mean?),
                    ("staff_importance", imp.employee.mean?),
                    ("gap", gap),
                ],
            ))
        })
        .collect()
}

/// Management or the board know the customer clearly less well than the frontline.
fn layer_disconnect(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let threshold = config.recommendations.layer_disconnect_mae;
    let Some(front) = m.layers.first().and_then(|l| l.mae) else {
        return Vec::new();
    };
    leadership(config)
        .into_iter()
        .filter_map(|l| {
            let layer = &m.layers[l];
            let mae = layer.mae?;
            (mae - front >= threshold).then(|| {
                rec(
                    Some(&layer.id),
                    (mae - front) * 2.0,
                    &[
                        ("layer_mae", mae),
                        ("frontline_mae", front),
                        ("difference", mae - front),
                    ],
                )
            })
        })
        .collect()
}
