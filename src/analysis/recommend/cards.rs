//! Consolidation: findings on one subject, or of one rule over several subjects, become one
//! action card; a decline in most aspects becomes one `broad_decline` card.

use std::collections::BTreeMap;

use super::{BROAD_DECLINE, Finding, Recommendation, order};
use crate::analysis::metrics::{Group, Trends};
use crate::config::Config;

/// Merge findings into cards (see the module documentation).
pub fn consolidate(
    m: Group<'_>,
    trends: Option<&Trends>,
    config: &Config,
    all: Vec<Finding>,
) -> Vec<Recommendation> {
    let is_aspect = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|id| m.figures.aspects.iter().any(|a| a.id == id))
    };
    let mut cards = Vec::new();
    let (declines, rest): (Vec<Finding>, Vec<Finding>) = all
        .into_iter()
        .partition(|f| f.rule == "significant_decline");
    let (aspect_declines, grade_decline): (Vec<Finding>, Vec<Finding>) =
        declines.into_iter().partition(|f| is_aspect(&f.subject));
    let broad_min = ((config.recommendations.broad_decline_share * m.figures.aspects.len() as f64)
        .ceil() as usize)
        .max(3);
    let mut aspect_findings: Vec<Finding> = rest
        .iter()
        .filter(|f| is_aspect(&f.subject))
        .cloned()
        .collect();
    if aspect_declines.len() >= broad_min {
        cards.push(broad_decline(m, trends, aspect_declines, grade_decline));
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
    m: Group<'_>,
    trends: Option<&Trends>,
    mut aspects: Vec<Finding>,
    grade: Vec<Finding>,
) -> Recommendation {
    aspects.sort_by(|a, b| a.evidence["change"].total_cmp(&b.evidence["change"]));
    let mean_change =
        aspects.iter().map(|f| f.evidence["change"]).sum::<f64>() / aspects.len() as f64;
    let mut evidence: BTreeMap<&'static str, f64> = BTreeMap::new();
    evidence.insert("aspects", aspects.len() as f64);
    evidence.insert("total", m.figures.aspects.len() as f64);
    evidence.insert("mean_change", mean_change);
    evidence.insert("largest_change", aspects[0].evidence["change"]);
    let overall = trends.and_then(|t| t.figures.iter().find(|f| f.id == "overall"));
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
