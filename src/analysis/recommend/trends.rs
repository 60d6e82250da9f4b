//! Rules on the development over waves: a significant decline (`significant_decline`) and a
//! grade that hardly moves (`stagnation`).

use super::{Ctx, Finding, finding};

/// The overall grade, or an aspect's customer score, fell significantly (q, changes family)
/// and by at least `min_change` since the previous wave.
pub(super) fn significant_decline(x: &Ctx) -> Vec<Finding> {
    let config = x.config;
    let Some(trends) = x.trends else {
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
pub(super) fn stagnation(x: &Ctx) -> Vec<Finding> {
    let m = x.m;
    let Some(s) = x.trends.and_then(|t| t.stagnation.as_ref()) else {
        return Vec::new();
    };
    if !s.stagnant {
        return Vec::new();
    }
    let grade = m.figures.overall.customer.mean.unwrap_or(0.0);
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
