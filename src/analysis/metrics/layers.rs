//! Layer accuracy — "who knows the customer best": per layer the mean absolute error and the
//! bias of its predictions over the aspects (kept for transparency), the deviation beyond
//! noise, and how well its importance ranking matches the customers' (Spearman).
//!
//! A raw mae grows with sampling noise (E|x̄ − μ| ≈ 0.8·σ/√n), so a board of five always looks
//! further from the customer than a frontline of forty. The deviation beyond noise removes that
//! part: per aspect `(x̄_L − x̄_C)² − s_L²/n_L − s_C²/n_C` (an unbiased estimate of the squared
//! difference of the true means), averaged over the aspects. Layers are compared with the
//! first layer (the one closest to the customer) by a seeded permutation test of the layer
//! labels, and ranked only where they differ.

use serde::Serialize;

use super::accumulate::EmployeeRow;
use super::{AspectMetrics, settle};
use crate::config::Config;
use crate::stats::{SeededRng, Summary, adjust, quantile, spearman};

/// How well one layer predicts the customer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerAccuracy {
    /// Layer id.
    pub id: String,
    /// Respondents in the layer; absent when suppressed.
    pub n: Option<u64>,
    /// Below the anonymity threshold, or hidden to protect a layer that is.
    pub suppressed: bool,
    /// Mean over aspects of |layer mean − customer mean|.
    pub mae: Option<f64>,
    /// Mean over aspects of (layer mean − customer mean).
    pub bias: Option<f64>,
    /// Mean over aspects of `(x̄_L − x̄_C)² − s_L²/n_L − s_C²/n_C`: the squared deviation beyond
    /// sampling noise (can be below 0 when the layer is as close as noise allows).
    pub deviation_squared: Option<f64>,
    /// `sqrt(max(deviation_squared, 0))`: the deviation beyond noise in rating points.
    pub deviation: Option<f64>,
    /// Lower bound of the 95% bootstrap interval of `deviation` (organization level).
    pub deviation_ci_low: Option<f64>,
    /// Upper bound of the 95% bootstrap interval of `deviation` (organization level).
    pub deviation_ci_high: Option<f64>,
    /// This layer against the first layer (organization level, layers other than the first).
    pub versus_first: Option<LayerTest>,
    /// 1 = closest to the customer, among the layers that are distinguishable from each other
    /// (see `distinguishable`); absent otherwise.
    pub rank: Option<u32>,
    /// The layer differs from the first layer (or, for the first layer, some layer differs
    /// from it): only then is it ranked. Otherwise "not distinguishable at this sample size".
    pub distinguishable: bool,
    /// Aspects where both means exist.
    pub aspects_compared: usize,
    /// Spearman's rho of the layer's predicted importance profile with the customers'.
    pub importance_spearman: Option<f64>,
}

/// A layer's deviation beyond noise against the first layer's.
#[derive(Debug, Clone, Serialize)]
pub struct LayerTest {
    /// The layer compared with (the first layer).
    pub against: String,
    /// `deviation_squared` of this layer minus that of the first layer.
    pub difference: f64,
    /// Two-sided permutation p-value (layer labels permuted among the two layers' employees).
    pub p: f64,
    /// `p` adjusted over the comparisons of the layers with the first layer.
    pub q: f64,
    /// `q < alpha` and the two layers together have at least `statistics.min_for_tests`
    /// respondents.
    pub significant: bool,
}

/// Accuracy of every layer. `sizes` are the layers' respondents and `hidden` whether each is
/// suppressed; the layer means come from `aspects[].by_layer`. Ranks and the comparison with
/// the first layer are added by [`compare`], where the employees' rows are at hand.
pub fn accuracy(
    config: &Config,
    aspects: &[AspectMetrics],
    sizes: &[u64],
    hidden: &[bool],
) -> Vec<LayerAccuracy> {
    config
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let mut errors = Vec::new();
            let mut excess = Vec::new();
            let (mut cust_imp, mut layer_imp) = (Vec::new(), Vec::new());
            if !hidden[l] {
                for a in aspects {
                    let lc = &a.by_layer[l];
                    let customer = a.comparison.customer;
                    let Some(employee) = lc.comparison.map(|c| c.employee) else {
                        continue;
                    };
                    if let (Some(c), Some(e)) = (customer.mean, employee.mean) {
                        errors.push(e - c);
                        if let (Some(sc), Some(se)) = (customer.sd, employee.sd) {
                            excess.push(
                                (e - c).powi(2)
                                    - se * se / employee.n as f64
                                    - sc * sc / customer.n as f64,
                            );
                        }
                    }
                }
                for a in aspects {
                    let li = &a.importance.by_layer[l];
                    if let (Some(c), Some(e)) = (a.importance.customer.mean, li.mean) {
                        cust_imp.push(settle(c));
                        layer_imp.push(settle(e));
                    }
                }
            }
            let k = errors.len() as f64;
            let has = !errors.is_empty();
            let deviation_squared =
                (!excess.is_empty()).then(|| excess.iter().sum::<f64>() / excess.len() as f64);
            LayerAccuracy {
                id: layer.id.clone(),
                n: (!hidden[l]).then_some(sizes[l]),
                suppressed: hidden[l],
                mae: has.then(|| errors.iter().map(|d| d.abs()).sum::<f64>() / k),
                bias: has.then(|| errors.iter().sum::<f64>() / k),
                deviation_squared,
                deviation: deviation_squared.map(root),
                deviation_ci_low: None,
                deviation_ci_high: None,
                versus_first: None,
                rank: None,
                distinguishable: false,
                aspects_compared: errors.len(),
                importance_spearman: spearman(&cust_imp, &layer_imp),
            }
        })
        .collect()
}

/// `sqrt(max(x, 0))`.
fn root(x: f64) -> f64 {
    x.max(0.0).sqrt()
}

/// Customers' mean and squared standard error per aspect: the fixed reference.
struct Reference(Vec<Option<(f64, f64)>>);

impl Reference {
    fn new(aspects: &[AspectMetrics]) -> Reference {
        Reference(
            aspects
                .iter()
                .map(|a| {
                    let c = a.comparison.customer;
                    Some((c.mean?, c.sd? * c.sd? / c.n as f64))
                })
                .collect(),
        )
    }

    /// The deviation beyond noise of the employees `members` (indices into `rows`).
    fn excess(&self, rows: &[&[Option<f64>]], members: impl Iterator<Item = usize> + Clone) -> Option<f64> {
        let (mut sum, mut terms) = (0.0, 0usize);
        for (a, reference) in self.0.iter().enumerate() {
            let Some((c, c_var)) = reference else {
                continue;
            };
            let mut s = Summary::new();
            for i in members.clone() {
                s.push_opt(rows[i].get(a).copied().flatten());
            }
            if let (Some(m), Some(v)) = (s.mean(), s.variance()) {
                sum += (m - c).powi(2) - v / s.n() as f64 - c_var;
                terms += 1;
            }
        }
        (terms > 0).then(|| sum / terms as f64)
    }
}

/// Organization level: the bootstrap interval of every shown layer's deviation, the
/// permutation test of every other layer against the first, and ranks where layers differ.
/// `rows` are the wave's employees.
pub fn compare(
    config: &Config,
    layers: &mut [LayerAccuracy],
    aspects: &[AspectMetrics],
    rows: &[EmployeeRow],
) {
    let mut rows: Vec<&EmployeeRow> = rows.iter().collect();
    rows.sort_by(|a, b| (a.layer, &a.id).cmp(&(b.layer, &b.id)));
    let scores: Vec<&[Option<f64>]> = rows.iter().map(|r| r.scores.as_slice()).collect();
    let reference = Reference::new(aspects);
    let stats = &config.statistics;
    let of_layer = |l: usize| -> Vec<usize> { (0..rows.len()).filter(|&i| rows[i].layer == l).collect() };

    // Bootstrap interval of each shown layer's deviation: its employees resampled, the
    // customers' means held fixed (their noise is removed analytically).
    for (l, layer) in layers.iter_mut().enumerate() {
        if layer.suppressed || layer.deviation_squared.is_none() {
            continue;
        }
        let members = of_layer(l);
        if members.len() < 2 {
            continue;
        }
        let mut rng = SeededRng::new(stats.seed ^ (0xB007 << 16) ^ l as u64);
        let mut draws = Vec::with_capacity(stats.permutations);
        let mut sample = vec![0usize; members.len()];
        for _ in 0..stats.permutations {
            for s in sample.iter_mut() {
                *s = members[rng.below(members.len())];
            }
            if let Some(x) = reference.excess(&scores, sample.iter().copied()) {
                draws.push(x);
            }
        }
        layer.deviation_ci_low = quantile(&draws, 0.025).map(root);
        layer.deviation_ci_high = quantile(&draws, 0.975).map(root);
    }

    // Permutation test of each other shown layer against the first.
    let first = 0;
    if layers.is_empty() || layers[first].suppressed {
        return;
    }
    let base = of_layer(first);
    let mut tested: Vec<(usize, f64, f64, usize)> = Vec::new(); // (layer, difference, p, pooled n)
    for l in 1..layers.len() {
        if layers[l].suppressed {
            continue;
        }
        let other = of_layer(l);
        let observed = match (
            reference.excess(&scores, other.iter().copied()),
            reference.excess(&scores, base.iter().copied()),
        ) {
            (Some(x), Some(y)) => x - y,
            _ => continue,
        };
        let mut pool: Vec<usize> = base.iter().chain(&other).copied().collect();
        let mut rng = SeededRng::new(stats.seed ^ (0x9E7 << 20) ^ l as u64);
        let mut extreme = 0usize;
        for _ in 0..stats.permutations {
            rng.shuffle(&mut pool);
            let (b, o) = pool.split_at(base.len());
            let diff = match (
                reference.excess(&scores, o.iter().copied()),
                reference.excess(&scores, b.iter().copied()),
            ) {
                (Some(x), Some(y)) => x - y,
                _ => continue,
            };
            if settle(diff.abs()) >= settle(observed.abs()) {
                extreme += 1;
            }
        }
        let p = (1 + extreme) as f64 / (1 + stats.permutations) as f64;
        tested.push((l, observed, p, pool.len()));
    }
    let q = adjust(
        &tested.iter().map(|t| Some(t.2)).collect::<Vec<_>>(),
        stats.multiple_comparisons,
    );
    let against = layers[first].id.clone();
    for ((l, difference, p, pooled), q) in tested.into_iter().zip(q) {
        let q = q.unwrap_or(1.0);
        layers[l].versus_first = Some(LayerTest {
            against: against.clone(),
            difference,
            p,
            q,
            significant: q < config.alpha && pooled as u64 >= stats.min_for_tests,
        });
    }

    // Rank only the layers that differ from the first (and the first, when some do).
    let differ: Vec<usize> = (1..layers.len())
        .filter(|&l| layers[l].versus_first.as_ref().is_some_and(|t| t.significant))
        .collect();
    if differ.is_empty() {
        return;
    }
    let mut ranked: Vec<usize> = std::iter::once(first).chain(differ).collect();
    ranked.sort_by(|&a, &b| {
        let key = |i: usize| settle(layers[i].deviation_squared.unwrap_or(f64::INFINITY));
        key(a).total_cmp(&key(b)).then(a.cmp(&b))
    });
    for (rank, i) in ranked.into_iter().enumerate() {
        layers[i].rank = Some(rank as u32 + 1);
        layers[i].distinguishable = true;
    }
}
