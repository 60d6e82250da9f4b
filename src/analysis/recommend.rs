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
    /// Complaint handling below benchmark: the score among complainants this far under the
    /// configured benchmark (rating points; 0 = any shortfall).
    pub complaint_benchmark_margin: f64,
    /// Complaints not learned from: share of complainants (or logged complaints) that are a
    /// repeat of an earlier problem.
    pub repeat_rate: f64,
    /// Weak enablement: the weakest item's mean at or below this value (enablement scale).
    pub weak_enablement: f64,
    /// Orientation ladder drop: self minus organization at or above this (orientation scale).
    pub orientation_drop: f64,
    /// Missed unhappy customers: share of rated interactions where the employee thought the
    /// customer was satisfied and the customer was not.
    pub missed_unhappy_share: f64,
    /// Mood decline: happy share of the last two weeks this far below the wave (a share).
    pub mood_decline: f64,
    /// Smallest number of complainants / rated interactions before those rules speak.
    pub min_cases: u64,
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
            complaint_benchmark_margin: 0.0,
            repeat_rate: 0.25,
            weak_enablement: 3.0,
            orientation_drop: 0.8,
            missed_unhappy_share: 0.08,
            mood_decline: 0.05,
            min_cases: 10,
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

const fn rule(id: &'static str, weight: f64, evaluate: Evaluator) -> Rule {
    Rule {
        id,
        weight,
        evaluate,
    }
}

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

/// The complaint-handling score among complainants is below the national benchmark.
fn complaint_below_benchmark(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let s = &config.recommendations;
    let c = &m.complaints;
    let (Some(score), Some(diff)) = (c.score_mean, c.benchmark_diff) else {
        return Vec::new();
    };
    if c.score.n < s.min_cases || diff >= -s.complaint_benchmark_margin {
        return Vec::new();
    }
    vec![rec(
        None,
        -diff * 1.5,
        &[("score", score), ("benchmark", c.benchmark), ("gap", diff)],
    )]
}

/// Complaints get handled but the same problems come back: a high repeat rate.
fn complaints_not_learned(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let s = &config.recommendations;
    let c = &m.complaints;
    let survey = c.repeat_rate.filter(|_| c.repeat_n >= s.min_cases);
    let log = c
        .log
        .as_ref()
        .filter(|l| l.logged >= s.min_cases)
        .and_then(|l| l.repeat_share);
    let Some(rate) = survey.into_iter().chain(log).reduce(f64::max) else {
        return Vec::new();
    };
    if rate < s.repeat_rate {
        return Vec::new();
    }
    vec![rec(
        None,
        rate * 4.0,
        &[("repeat_rate", rate), ("threshold_rate", s.repeat_rate)],
    )]
}

/// Staff feel least enabled by one item (tools, training, processes, information, support).
fn weak_enablement(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let e = &m.enablement.overall;
    let Some(id) = e.weakest else {
        return Vec::new();
    };
    let Some(mean) = e
        .items
        .iter()
        .find(|i| i.id == id)
        .and_then(|i| i.stats.mean)
    else {
        return Vec::new();
    };
    let threshold = config.recommendations.weak_enablement;
    if mean > threshold {
        return Vec::new();
    }
    let others: Vec<f64> = e
        .items
        .iter()
        .filter(|i| i.id != id)
        .filter_map(|i| i.stats.mean)
        .collect();
    let mut evidence = vec![("item_mean", mean)];
    if !others.is_empty() {
        evidence.push((
            "others_mean",
            others.iter().sum::<f64>() / others.len() as f64,
        ));
    }
    vec![rec(Some(id), (threshold - mean + 0.5) * 1.5, &evidence)]
}

/// Staff find themselves customer-oriented, the organization much less so.
fn orientation_drop(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let l = &m.orientation.overall;
    let (Some(drop), Some(me), Some(org)) = (
        l.drop,
        l.self_orientation.mean,
        l.organization_orientation.mean,
    ) else {
        return Vec::new();
    };
    if drop < config.recommendations.orientation_drop {
        return Vec::new();
    }
    vec![rec(
        None,
        drop * 1.5,
        &[("self", me), ("organization", org), ("drop", drop)],
    )]
}

/// Employees think the customer left satisfied while the customer did not.
fn missed_unhappy(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let s = &config.recommendations;
    let Some(i) = &m.interactions else {
        return Vec::new();
    };
    let Some(share) = i.missed_unhappy_share else {
        return Vec::new();
    };
    if i.pairs < s.min_cases || share < s.missed_unhappy_share {
        return Vec::new();
    }
    let mut evidence = vec![("missed_share", share), ("pairs", i.pairs as f64)];
    if let Some(d) = i.mean_diff {
        evidence.push(("difference", d));
    }
    vec![rec(None, share * 15.0, &evidence)]
}

/// Daily mood of the last two weeks clearly below the wave's.
fn mood_decline(m: &WaveMetrics, config: &Config) -> Vec<Recommendation> {
    let Some(recent) = m.mood.as_ref().and_then(|x| x.last_two_weeks.as_ref()) else {
        return Vec::new();
    };
    let (Some(change), Some(now), Some(wave)) =
        (recent.change, recent.happy_share, recent.wave_share)
    else {
        return Vec::new();
    };
    let significant = recent.p.is_none_or(|p| p < config.alpha);
    if change > -config.recommendations.mood_decline || !significant {
        return Vec::new();
    }
    vec![rec(
        None,
        -change * 20.0,
        &[
            ("recent_share", now),
            ("wave_share", wave),
            ("share_change", change),
        ],
    )]
}

/// The overall grade, or an aspect's customer score, fell significantly since the previous
/// wave.
fn significant_decline(m: &WaveMetrics, _config: &Config) -> Vec<Recommendation> {
    let Some(trends) = &m.trends else {
        return Vec::new();
    };
    trends
        .figures
        .iter()
        .filter(|f| f.significant && f.change.is_some_and(|c| c < 0.0))
        .filter_map(|f| {
            let subject = if f.id == "overall" {
                None
            } else {
                Some(f.id.strip_prefix("aspect.")?.strip_suffix(".customer")?)
            };
            let change = f.change?;
            let now = (*f.values.last()?)?;
            let weight = if subject.is_none() { 3.0 } else { 2.0 };
            let evidence = [("now", now), ("previous", now - change), ("change", change)];
            Some(rec(subject, -change * weight, &evidence))
        })
        .collect()
}

/// The overall customer grade hardly moved over the last three waves: the actions taken do
/// not work.
fn stagnation(m: &WaveMetrics, _config: &Config) -> Vec<Recommendation> {
    let Some(s) = m.trends.as_ref().and_then(|t| t.stagnation.as_ref()) else {
        return Vec::new();
    };
    if !s.stagnant {
        return Vec::new();
    }
    let grade = m.overall.customer.mean.unwrap_or(0.0);
    vec![rec(
        None,
        1.0,
        &[
            ("range", s.range),
            ("waves", s.waves.len() as f64),
            ("grade", grade),
        ],
    )]
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::ingest::WaveData;
    use crate::metrics::{Comparison, GroupStats, Trends, compute};
    use crate::model::{CustomerResponse, EmployeeResponse, OrgMeta, Organization, Wave, WaveMeta};

    const CONFIG: &str = "layers:\n  - id: frontline\n    label: { nl: F, en: F }\n  - id: management\n    label: { nl: M, en: M }\n  - id: board\n    label: { nl: B, en: B }\nquestionnaire:\n  aspects:\n    - id: a\n      label: { nl: A, en: A }\n      category: human\n    - id: b\n      label: { nl: B, en: B }\n      category: functional\n";

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
            },
            waves: vec![],
        };
        let wave = Wave {
            id: "w".into(),
            dir: PathBuf::from("w"),
            meta: WaveMeta::default(),
        };
        let scores = |i: u32| vec![Some(6.0 + f64::from(i % 3)), Some(6.0 + f64::from(i % 3))];
        let customers = (0..12)
            .map(|i| CustomerResponse {
                respondent_id: format!("c{i}"),
                overall: Some(7.0),
                scores: scores(i),
                importance: vec![Some(4.0), Some(3.0)],
                ..Default::default()
            })
            .collect();
        let employees = (0..15)
            .map(|i| EmployeeResponse {
                respondent_id: format!("e{i}"),
                layer: (i % 3) as usize,
                overall: Some(7.0),
                scores: scores(i),
                importance: vec![Some(4.0), Some(3.0)],
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

    fn fired(m: &WaveMetrics, config: &Config, rule: &str) -> Vec<Recommendation> {
        recommend(m, config)
            .into_iter()
            .filter(|r| r.rule == rule)
            .collect()
    }

    fn significant(customer: f64, staff: f64, p: f64) -> Comparison {
        let g = |mean| GroupStats {
            n: 100,
            mean: Some(mean),
            sd: Some(1.0),
        };
        Comparison {
            customer: g(customer),
            employee: g(staff),
            gap: Some(staff - customer),
            p: Some(p),
            significant: p < 0.05,
            ..Default::default()
        }
    }

    #[test]
    fn a_quiet_wave_triggers_nothing() {
        let (config, m) = base();
        assert_eq!(recommend(&m, &config), vec![]);
    }

    #[test]
    fn blind_spot_needs_a_significant_gap_of_at_least_the_threshold() {
        let (config, mut m) = base();
        m.aspects[0].comparison = significant(6.0, 7.2, 0.001);
        let r = fired(&m, &config, "blind_spot");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].subject.as_deref(), Some("a"));
        assert!((r[0].evidence["gap"] - 1.2).abs() < 1e-12);
        // Importance 4 on 1–5 weighs 0.75: priority = 1.2 × (0.5 + 0.75) × weight 1.0 = 1.5.
        assert_eq!(r[0].priority, 1.5);
        m.aspects[0].comparison = significant(6.0, 6.4, 0.001); // below the 0.5 threshold
        assert!(fired(&m, &config, "blind_spot").is_empty());
        m.aspects[0].comparison = significant(6.0, 7.2, 0.2); // not significant
        assert!(fired(&m, &config, "blind_spot").is_empty());
    }

    #[test]
    fn hidden_strength_is_a_significant_underestimation() {
        let (config, mut m) = base();
        m.aspects[1].comparison = significant(7.5, 6.7, 0.01);
        let r = fired(&m, &config, "hidden_strength");
        assert_eq!(r.len(), 1);
        assert!((r[0].evidence["gap"] + 0.8).abs() < 1e-12);
    }

    #[test]
    fn misplaced_priority_is_leadership_overrating_importance() {
        let (config, mut m) = base();
        // Board predicts importance 4.8 for b, customers say 3.0: gap 1.8 ≥ 0.7.
        let board = config.layer_index("board").unwrap();
        m.aspects[1].importance.by_layer[board].mean = Some(4.8);
        m.aspects[1].importance.by_layer[board].gap = Some(1.8);
        let r = fired(&m, &config, "misplaced_priority");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence["layer"], board as f64);
        assert!((r[0].evidence["customer_importance"] - 3.0).abs() < 1e-12);
    }

    #[test]
    fn underestimated_need_is_staff_underrating_importance() {
        let (config, mut m) = base();
        m.aspects[0].importance.employee.mean = Some(3.4);
        m.aspects[0].importance.gap = Some(-0.6);
        let r = fired(&m, &config, "underestimated_need");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence["staff_importance"], 3.4);
    }

    #[test]
    fn complaint_handling_below_the_benchmark_fires_with_enough_complainants() {
        let (config, mut m) = base();
        let c = &mut m.complaints;
        c.score = GroupStats {
            n: 20,
            mean: Some(5.1),
            sd: Some(1.0),
        };
        c.score_mean = Some(5.1);
        c.benchmark_diff = Some(5.1 - 5.9);
        let r = fired(&m, &config, "complaint_below_benchmark");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].evidence["benchmark"], 5.9);
        m.complaints.score.n = 9; // fewer than min_cases = 10
        assert!(fired(&m, &config, "complaint_below_benchmark").is_empty());
    }

    #[test]
    fn repeat_complaints_mean_nothing_is_learned() {
        let (config, mut m) = base();
        m.complaints.repeat_n = 20;
        m.complaints.repeat_rate = Some(0.3);
        assert_eq!(
            fired(&m, &config, "complaints_not_learned")[0].evidence["repeat_rate"],
            0.3
        );
        m.complaints.repeat_rate = Some(0.2);
        assert!(fired(&m, &config, "complaints_not_learned").is_empty());
    }

    #[test]
    fn layer_disconnect_is_leadership_knowing_the_customer_less() {
        let (config, mut m) = base();
        m.layers[0].mae = Some(0.4);
        m.layers[2].mae = Some(1.1);
        let r = fired(&m, &config, "layer_disconnect");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].subject.as_deref(), Some("board"));
        assert!((r[0].evidence["difference"] - 0.7).abs() < 1e-12);
    }

    #[test]
    fn weak_enablement_names_the_weakest_item() {
        let (config, mut m) = base();
        let items = &mut m.enablement.overall.items;
        items[2].stats.mean = Some(2.5);
        m.enablement.overall.weakest = Some(items[2].id);
        let r = fired(&m, &config, "weak_enablement");
        assert_eq!(r[0].subject.as_deref(), Some("enable_processes"));
        assert_eq!(r[0].evidence["others_mean"], 4.0);
    }

    #[test]
    fn orientation_drop_from_self_to_organization() {
        let (config, mut m) = base();
        assert!(fired(&m, &config, "orientation_drop").is_empty()); // 4.0 − 3.6 = 0.4
        m.orientation.overall.organization_orientation.mean = Some(3.0);
        m.orientation.overall.drop = Some(1.0);
        assert_eq!(
            fired(&m, &config, "orientation_drop")[0].evidence["drop"],
            1.0
        );
    }

    #[test]
    fn missed_unhappy_customers_in_interactions() {
        let (config, mut m) = base();
        m.interactions = Some(crate::metrics::interactions::Agreement {
            logged: 200,
            responded: 100,
            response_rate: Some(0.5),
            pairs: 100,
            employee_mean: Some(7.5),
            customer_mean: Some(7.0),
            mean_diff: Some(0.5),
            diff_sd: Some(1.0),
            pearson: Some(0.4),
            unhappy: 15,
            missed_unhappy: 12,
            missed_unhappy_share: Some(0.12),
            missed_of_unhappy: Some(0.8),
        });
        let r = fired(&m, &config, "missed_unhappy");
        assert_eq!(r[0].evidence["missed_share"], 0.12);
        assert_eq!(r[0].evidence["pairs"], 100.0);
    }

    #[test]
    fn mood_decline_needs_a_significant_drop_of_the_last_two_weeks() {
        let (config, mut m) = base();
        let recent = |change: f64, p: f64| crate::metrics::mood::RecentMood {
            weeks: vec!["2026-W38".into(), "2026-W39".into()],
            entries: 120,
            happy_share: Some(0.75 + change),
            wave_share: Some(0.75),
            change: Some(change),
            p: Some(p),
        };
        m.mood = Some(crate::metrics::mood::MoodSeries {
            entries: 600,
            happy: 450,
            happy_share: Some(0.75),
            weeks: vec![],
            last_two_weeks: Some(recent(-0.2, 0.001)),
        });
        let r = fired(&m, &config, "mood_decline");
        assert!((r[0].evidence["share_change"] + 0.2).abs() < 1e-12);
        m.mood.as_mut().unwrap().last_two_weeks = Some(recent(-0.2, 0.3));
        assert!(
            fired(&m, &config, "mood_decline").is_empty(),
            "not significant"
        );
        m.mood.as_mut().unwrap().last_two_weeks = Some(recent(-0.03, 0.001));
        assert!(fired(&m, &config, "mood_decline").is_empty(), "too small");
    }

    fn trends(figures: Vec<crate::metrics::trends::TrendFigure>, stagnant: bool) -> Trends {
        Trends {
            waves: vec!["q1".into(), "q2".into(), "q3".into()],
            previous: Some("q2".into()),
            figures,
            stagnation: Some(crate::metrics::trends::Stagnation {
                waves: vec!["q1".into(), "q2".into(), "q3".into()],
                range: 0.05,
                threshold: 0.1,
                stagnant,
            }),
        }
    }

    fn figure(
        id: &str,
        values: [f64; 2],
        significant: bool,
    ) -> crate::metrics::trends::TrendFigure {
        crate::metrics::trends::TrendFigure {
            id: id.into(),
            values: values.iter().map(|v| Some(*v)).collect(),
            change: Some(values[1] - values[0]),
            test: Some("welch"),
            p: Some(if significant { 0.001 } else { 0.4 }),
            significant,
        }
    }

    #[test]
    fn a_significant_decline_of_the_grade_or_an_aspect_since_the_previous_wave() {
        let (config, mut m) = base();
        m.trends = Some(trends(
            vec![
                figure("overall", [7.3, 6.8], true),
                figure("aspect.b.customer", [7.0, 6.0], true),
                figure("aspect.a.customer", [7.0, 6.5], false),
                figure("aspect.a.gap", [0.0, -1.0], true), // a gap, not a customer score
            ],
            false,
        ));
        let r = fired(&m, &config, "significant_decline");
        let subjects: Vec<_> = r.iter().map(|r| r.subject.clone()).collect();
        // Aspect b fell 1.0 (priority 2.0), the grade 0.5 (priority 1.5).
        assert_eq!(subjects, [Some("b".to_string()), None]);
        assert!((r[1].evidence["previous"] - 7.3).abs() < 1e-12);
    }

    #[test]
    fn stagnation_over_three_waves() {
        let (config, mut m) = base();
        m.trends = Some(trends(vec![], true));
        assert_eq!(fired(&m, &config, "stagnation")[0].evidence["range"], 0.05);
        m.trends = Some(trends(vec![], false));
        assert!(fired(&m, &config, "stagnation").is_empty());
    }

    #[test]
    fn rules_can_be_switched_off() {
        let (mut config, mut m) = base();
        m.aspects[0].comparison = significant(6.0, 7.2, 0.001);
        config.recommendations.disabled = vec!["blind_spot".into()];
        assert!(fired(&m, &config, "blind_spot").is_empty());
    }

    #[test]
    fn actions_are_ranked_by_priority() {
        let (config, mut m) = base();
        m.aspects[0].comparison = significant(6.0, 7.2, 0.001); // blind spot, priority 1.5
        m.aspects[1].comparison = significant(7.5, 6.7, 0.01); // hidden strength, 0.8 × 0.5
        let r = recommend(&m, &config);
        let rules: Vec<_> = r.iter().map(|r| r.rule).collect();
        assert_eq!(rules, ["blind_spot", "hidden_strength"]);
        assert_eq!(r[1].priority, 0.4);
    }

    #[test]
    fn every_rule_has_texts_in_both_languages() {
        for lang in [crate::config::Language::Nl, crate::config::Language::En] {
            let t = crate::render::i18n::Texts::load(lang).unwrap();
            for id in rule_ids() {
                for suffix in ["", "_action", "_evidence"] {
                    let key = format!("rule_{id}{suffix}");
                    assert!(!t.get(&key).starts_with('['), "{key} missing in {lang:?}");
                }
            }
        }
    }
}
