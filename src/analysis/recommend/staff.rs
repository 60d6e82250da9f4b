//! Rules on staff: weak enablement, the orientation ladder's drop, unhappy customers staff
//! missed and a declining mood.

use super::{Ctx, Finding, finding, summary};
use crate::analysis::stats::{mean_interval, one_sample_t, welch};

/// Staff feel least enabled by one item: its mean's 95% interval lies at or below the
/// threshold, from at least `min_for_tests` employees.
pub(super) fn weak_enablement(x: &Ctx) -> Vec<Finding> {
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

/// Staff find themselves customer-oriented, the organization much less so: a drop of at least
/// the threshold, significant by Welch's test (conservative: the answers are paired), from at
/// least `min_for_tests` employees.
pub(super) fn orientation_drop(x: &Ctx) -> Vec<Finding> {
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
pub(super) fn missed_unhappy(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let Some(i) = m.interactions else {
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
pub(super) fn mood_decline(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let Some(recent) = m.mood.and_then(|x| x.last_two_weeks.as_ref()) else {
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
