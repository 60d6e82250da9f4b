//! Rules on the mirror: staff over- or underestimating customers' scores (`blind_spot`,
//! `hidden_strength`) and a leadership layer far from the customer (`layer_disconnect`).

use super::{Ctx, Finding, Tested, finding};
use crate::analysis::metrics::{Comparison, Group};
use crate::config::Config;

/// Importance of an aspect relative to the scale's top, 0–1 (1 when unknown: err on caution).
fn importance_weight(m: Group<'_>, config: &Config, i: usize) -> f64 {
    let scale = &config.scales.importance;
    m.figures.aspects[i]
        .importance
        .customer
        .mean
        .map_or(1.0, |x| {
            ((x - scale.min) / (scale.max - scale.min)).clamp(0.0, 1.0)
        })
}

/// What a rule reads of a comparison's test.
pub(super) fn tested(c: &Comparison) -> Tested {
    Tested {
        gap: c.gap,
        significant: c.significant,
        g: c.g,
    }
}

/// The evidence of a tested gap: the gap, both means, its interval, q (of the action family),
/// g and the group sizes.
fn gap_evidence(c: &Comparison, q: Option<f64>) -> Option<Vec<(&'static str, f64)>> {
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
pub(super) fn blind_spot(x: &Ctx) -> Vec<Finding> {
    let s = &x.config.recommendations;
    x.per_aspect(|i, a| {
        let c = &a.comparison;
        let (key, gap) = x.speaking_gap(("mirror", &a.id), tested(c), s.min_gap, 1.0)?;
        let mut evidence = gap_evidence(c, x.q(&key))?;
        evidence.push(("target", s.min_gap));
        let weight = 0.5 + importance_weight(x.m, x.config, i);
        Some(finding(Some(&a.id), gap * weight, &evidence))
    })
}

/// Customers are significantly more positive than staff think: tell staff. Target: the gap
/// within `min_gap` next wave.
pub(super) fn hidden_strength(x: &Ctx) -> Vec<Finding> {
    let s = &x.config.recommendations;
    x.per_aspect(|_, a| {
        let c = &a.comparison;
        let (key, gap) = x.speaking_gap(("mirror", &a.id), tested(c), s.min_gap, -1.0)?;
        let mut evidence = gap_evidence(c, x.q(&key))?;
        evidence.push(("target", -s.min_gap));
        Some(finding(Some(&a.id), -gap, &evidence))
    })
}

/// A leadership layer knows the customer clearly less well than the first layer: its
/// deviation beyond noise is significantly larger (permutation test) and by at least
/// `layer_disconnect_deviation`.
pub(super) fn layer_disconnect(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let threshold = config.recommendations.layer_disconnect_deviation;
    let Some(front) = m.figures.layers.first() else {
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
            let layer = &m.figures.layers[l];
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
