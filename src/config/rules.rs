//! `recommendations:` — the thresholds of the rules that turn metrics into recommended actions
//! (docs/rules.md): what counts as practically relevant. Significance comes from the tests
//! (`statistics:`). The rules themselves live in the analysis layer; their ids are declared
//! here so that the configuration can check `disabled` without looking up a layer (a test in
//! `analysis::recommend` keeps the two lists equal).

use serde::{Deserialize, Serialize};

/// Every rule id, in the order of the rule table, and the consolidated `broad_decline` card.
pub const RULE_IDS: &[&str] = &[
    "blind_spot",
    "hidden_strength",
    "misplaced_priority",
    "underestimated_need",
    "complaint_below_benchmark",
    "complaints_not_learned",
    "layer_disconnect",
    "weak_enablement",
    "orientation_drop",
    "missed_unhappy",
    "mood_decline",
    "significant_decline",
    "stagnation",
    "broad_decline",
];

/// Thresholds of the rules, `recommendations:` in the config.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSettings {
    /// Blind spot / hidden strength: smallest significant gap (rating points) that counts.
    pub min_gap: f64,
    /// Smallest Hedges' g of a gap or importance gap that counts (0.2 = a small effect).
    pub min_effect_size: f64,
    /// Misplaced priority: the leadership layers' predicted importance this far above the
    /// customers' (importance points).
    pub misplaced_priority_gap: f64,
    /// Underestimated need: customers' importance this far above all staff's prediction.
    pub underestimated_need_gap: f64,
    /// Layer disconnect: a leadership layer's deviation beyond noise this far above the first
    /// layer's (rating points).
    #[serde(alias = "layer_disconnect_mae")]
    pub layer_disconnect_deviation: f64,
    /// Complaint handling below benchmark: the score among complainants this far under the
    /// configured benchmark (rating points; 0 = any shortfall whose interval lies below it).
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
    /// Decline: smallest significant drop of a customer score since the previous wave that
    /// counts (rating points).
    pub min_change: f64,
    /// Broad decline: a significant decline in at least this share of the aspects (and at
    /// least three) makes one "broad decline" card.
    pub broad_decline_share: f64,
    /// Smallest number of complainants / rated interactions before those rules speak.
    pub min_cases: u64,
    /// Rules switched off, by id.
    pub disabled: Vec<String>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_gap: 0.5,
            min_effect_size: 0.2,
            misplaced_priority_gap: 0.7,
            underestimated_need_gap: 0.4,
            layer_disconnect_deviation: 0.3,
            complaint_benchmark_margin: 0.0,
            repeat_rate: 0.25,
            weak_enablement: 3.0,
            orientation_drop: 0.8,
            missed_unhappy_share: 0.08,
            mood_decline: 0.05,
            min_change: 0.2,
            broad_decline_share: 0.5,
            min_cases: 10,
            disabled: Vec::new(),
        }
    }
}
