//! Trends over waves (docs/definitions.md): every key figure per wave, the change against the previous
//! wave with its significance (Welch's test for means, from the stored n, mean and SD; the
//! two-proportion z-test for rates), and stagnation of the overall customer grade.
//!
//! Figures are matched by id, not position, so an aspect added or dropped between waves still
//! trends in the waves that have it; a family absent in one wave leaves a gap (`null`) there.
//! Each wave's trends only look back: adding a later wave does not change an earlier wave's
//! `metrics.json`.

use serde::Serialize;

use super::{Comparison, GroupStats, WaveMetrics, settle};
use crate::analysis::stats::{
    Summary, adjust, cohens_h, hedges_g, two_proportion_z, two_proportion_z_eff, welch,
    welch_contrast,
};
use crate::config::Config;

/// Development up to and including one wave.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    /// Wave ids, oldest first, ending with this wave.
    pub waves: Vec<String>,
    /// The previous wave, when there is one.
    pub previous: Option<String>,
    /// Every key figure over `waves`.
    pub figures: Vec<TrendFigure>,
    /// Stagnation of the overall customer grade over the last three waves; absent before the
    /// third wave or when one of them has no grade.
    pub stagnation: Option<Stagnation>,
}

/// One key figure over the waves.
#[derive(Debug, Clone, Serialize)]
pub struct TrendFigure {
    /// Figure id: `overall`, `overall.gap`, `aspect.<id>.customer`, `aspect.<id>.gap`,
    /// `complaints.score_mean`, `complaints.rate`, `complaints.resolution_rate`,
    /// `complaints.repeat_rate`, `layer.<id>.mae`, `enablement.<item>`, `orientation.drop`,
    /// `interactions.missed_unhappy_share`, `mood.happy_share`.
    pub id: String,
    /// Its value per wave of [`Trends::waves`] (`null` where the wave does not have it).
    pub values: Vec<Option<f64>>,
    /// This wave's value minus the previous wave's.
    pub change: Option<f64>,
    /// The test behind `p`: `welch` (means, gaps) or `two_proportion_z` (rates); absent for
    /// figures without a sampling distribution here (layer mae, the orientation drop).
    pub test: Option<&'static str>,
    /// Two-sided p-value of the change.
    pub p: Option<f64>,
    /// `p` adjusted within the family of this wave's changes.
    pub q: Option<f64>,
    /// Hedges' g of the change of a mean (this wave against the previous).
    pub g: Option<f64>,
    /// Cohen's h of the change of a rate.
    pub h: Option<f64>,
    /// `q < alpha`.
    pub significant: bool,
}

/// Stagnation over the last three waves.
#[derive(Debug, Clone, Serialize)]
pub struct Stagnation {
    /// The three waves.
    pub waves: Vec<String>,
    /// Highest minus lowest overall customer grade over them.
    pub range: f64,
    /// `trends.stagnation_threshold`.
    pub threshold: f64,
    /// `range < threshold`.
    pub stagnant: bool,
}

/// What is stored of a key figure in one wave, enough to test a change.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// A mean with its n and SD.
    Mean(GroupStats),
    /// A gap: employees' minus customers' mean.
    Gap(GroupStats, GroupStats),
    /// `count` out of `n`.
    Rate(u64, u64),
    /// A weighted share with Kish's effective size of its group.
    WeightedRate(Option<f64>, f64),
    /// A derived figure without a test.
    Plain(Option<f64>),
}

impl Measure {
    fn value(self) -> Option<f64> {
        match self {
            Measure::Mean(s) => s.mean,
            Measure::Gap(c, e) => Some(e.mean? - c.mean?),
            Measure::Rate(x, n) => (n > 0).then(|| x as f64 / n as f64),
            Measure::WeightedRate(p, _) => p,
            Measure::Plain(v) => v,
        }
    }
}

fn summary(s: GroupStats) -> Summary {
    let var = s.sd.map_or(0.0, |sd| sd * sd);
    match (s.mean, s.n_eff) {
        (Some(mean), Some(n_eff)) => Summary::from_weighted_parts(s.n, n_eff, mean, var),
        (Some(mean), None) => Summary::from_parts(s.n, mean, var),
        (None, _) => Summary::new(),
    }
}

/// Effect sizes of a change: Hedges' g for means, Cohen's h for rates.
fn effect(before: Measure, after: Measure) -> (Option<f64>, Option<f64>) {
    match (before, after) {
        (Measure::Mean(a), Measure::Mean(b)) => (hedges_g(&summary(b), &summary(a)), None),
        (Measure::Rate(x1, n1), Measure::Rate(x2, n2)) if n1 > 0 && n2 > 0 => (
            None,
            Some(cohens_h(x2 as f64 / n2 as f64, x1 as f64 / n1 as f64)),
        ),
        _ => (None, None),
    }
}

/// The test of a change from `before` to `after`: (test name, p).
fn test(before: Measure, after: Measure) -> (Option<&'static str>, Option<f64>) {
    match (before, after) {
        (Measure::Mean(a), Measure::Mean(b)) => (
            Some("welch"),
            welch(&summary(b), &summary(a), 0.95).map(|w| w.p),
        ),
        (Measure::Gap(c1, e1), Measure::Gap(c2, e2)) => {
            let (c1, e1, c2, e2) = (summary(c1), summary(e1), summary(c2), summary(e2));
            let terms = [(1.0, &e2), (-1.0, &c2), (-1.0, &e1), (1.0, &c1)];
            (Some("welch"), welch_contrast(&terms, 0.95).map(|w| w.p))
        }
        (Measure::Rate(x1, n1), Measure::Rate(x2, n2)) => (
            Some("two_proportion_z"),
            two_proportion_z(x2, n2, x1, n1).map(|z| z.p),
        ),
        // A weighted share on either side: shares and effective sizes.
        (
            a @ (Measure::Rate(..) | Measure::WeightedRate(..)),
            b @ (Measure::Rate(..) | Measure::WeightedRate(..)),
        ) => {
            let eff = |m: Measure| match m {
                Measure::Rate(x, n) => Some(((n > 0).then(|| x as f64 / n as f64)?, n as f64)),
                Measure::WeightedRate(p, n) => Some((p?, n)),
                _ => None,
            };
            let p = eff(a)
                .zip(eff(b))
                .and_then(|((p1, n1), (p2, n2))| two_proportion_z_eff(p2, n2, p1, n1));
            (Some("two_proportion_z"), p.map(|z| z.p))
        }
        _ => (None, None),
    }
}

fn gap(c: &Comparison) -> Measure {
    Measure::Gap(c.customer, c.employee)
}

/// The key figures of one wave, in a fixed order.
fn key_figures(m: &WaveMetrics) -> Vec<(String, Measure)> {
    let mut out = vec![
        (
            "overall".to_string(),
            Measure::Mean(m.figures.overall.customer),
        ),
        ("overall.gap".to_string(), gap(&m.figures.overall)),
    ];
    for a in &m.figures.aspects {
        out.push((
            format!("aspect.{}.customer", a.id),
            Measure::Mean(a.comparison.customer),
        ));
        out.push((format!("aspect.{}.gap", a.id), gap(&a.comparison)));
    }
    let c = &m.figures.complaints;
    out.push(("complaints.score_mean".into(), Measure::Mean(c.score)));
    let rate = |share: Option<f64>, n_eff: Option<f64>, x: u64, n: u64| match n_eff {
        Some(n_eff) => Measure::WeightedRate(share, n_eff),
        None => Measure::Rate(x, n),
    };
    out.push((
        "complaints.rate".into(),
        rate(c.rate, c.rate_n_eff, c.complainants, c.respondents),
    ));
    out.push((
        "complaints.resolution_rate".into(),
        rate(
            c.resolution_rate,
            c.resolution_n_eff,
            c.resolved,
            c.resolution_n,
        ),
    ));
    out.push((
        "complaints.repeat_rate".into(),
        rate(c.repeat_rate, c.repeat_n_eff, c.repeats, c.repeat_n),
    ));
    for l in &m.figures.layers {
        out.push((format!("layer.{}.mae", l.id), Measure::Plain(l.mae)));
    }
    for item in &m.enablement.overall.items {
        out.push((format!("enablement.{}", item.id), Measure::Mean(item.stats)));
    }
    out.push((
        "orientation.drop".into(),
        Measure::Plain(m.orientation.overall.drop),
    ));
    if let Some(i) = &m.interactions {
        out.push((
            "interactions.missed_unhappy_share".into(),
            Measure::Rate(i.missed_unhappy, i.pairs),
        ));
    }
    if let Some(mood) = &m.mood {
        out.push((
            "mood.happy_share".into(),
            Measure::Rate(mood.happy, mood.entries),
        ));
    }
    out
}

/// The [`Trends`] of every wave of one organization, in the order of `waves`, which must be
/// oldest first (the order discovery gives them): each wave's trends look back only.
pub fn per_wave(config: &Config, waves: &[WaveMetrics]) -> Vec<Trends> {
    let figures: Vec<Vec<(String, Measure)>> = waves.iter().map(key_figures).collect();
    let grades: Vec<Option<f64>> = waves
        .iter()
        .map(|m| m.figures.overall.customer.mean)
        .collect();
    let ids: Vec<String> = waves.iter().map(|m| m.wave.clone()).collect();
    (0..waves.len())
        .map(|k| {
            // Figure ids in order of first appearance over waves 0..=k.
            let mut order: Vec<&str> = Vec::new();
            for wave in &figures[..=k] {
                for (id, _) in wave {
                    if !order.contains(&id.as_str()) {
                        order.push(id);
                    }
                }
            }
            let lookup = |w: usize, id: &str| {
                figures[w]
                    .iter()
                    .find(|(fid, _)| fid == id)
                    .map(|(_, m)| *m)
            };
            let trend_figures = order
                .iter()
                .map(|id| {
                    let values = (0..=k)
                        .map(|w| lookup(w, id).and_then(Measure::value))
                        .collect();
                    let (before, after) = match k {
                        0 => (None, None),
                        _ => (lookup(k - 1, id), lookup(k, id)),
                    };
                    let change = before
                        .and_then(Measure::value)
                        .zip(after.and_then(Measure::value))
                        .map(|(b, a)| a - b);
                    let (test, p) = match (before, after) {
                        (Some(b), Some(a)) if change.is_some() => test(b, a),
                        _ => (None, None),
                    };
                    let (g, h) = match (before, after) {
                        (Some(b), Some(a)) if change.is_some() => effect(b, a),
                        _ => (None, None),
                    };
                    TrendFigure {
                        id: id.to_string(),
                        values,
                        change,
                        test,
                        p,
                        q: p,
                        g,
                        h,
                        significant: false,
                    }
                })
                .collect::<Vec<_>>();
            let mut trend_figures = trend_figures;
            correct_changes(config, &mut trend_figures);
            let stagnation = (k >= 2)
                .then(|| {
                    let last: Vec<f64> =
                        grades[k - 2..=k].iter().copied().collect::<Option<_>>()?;
                    let max = last.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let min = last.iter().copied().fold(f64::INFINITY, f64::min);
                    let threshold = config.trends.stagnation_threshold;
                    Some(Stagnation {
                        waves: ids[k - 2..=k].to_vec(),
                        range: max - min,
                        threshold,
                        stagnant: settle(max - min) < threshold,
                    })
                })
                .flatten();
            Trends {
                waves: ids[..=k].to_vec(),
                previous: k.checked_sub(1).map(|p| ids[p].clone()),
                figures: trend_figures,
                stagnation,
            }
        })
        .collect()
}

/// Correct the wave-to-wave changes of one wave, the family of changes (`docs/statistics.md`):
/// `q` is `p` adjusted with the configured method, *significant* means `q < alpha`.
fn correct_changes(config: &Config, figures: &mut [TrendFigure]) {
    let p: Vec<Option<f64>> = figures.iter().map(|f| f.p).collect();
    let q = adjust(&p, config.statistics.multiple_comparisons);
    for (f, q) in figures.iter_mut().zip(q) {
        f.q = q;
        f.significant = q.is_some_and(|q| q < config.alpha);
    }
}
