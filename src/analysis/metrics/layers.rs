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
use crate::analysis::stats::{SeededRng, adjust, quantile, spearman};
use crate::config::Config;

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
    /// One-sided permutation p-value: this layer deviates more than the first.
    pub p_further: f64,
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
}

/// Per-aspect count, sum and sum of squares of a group of employees: what the deviation beyond
/// noise needs, cheap to build for the thousands of relabelled groups of the permutation test.
#[derive(Clone)]
struct Sums(Vec<(f64, f64, f64)>);

impl Sums {
    fn new(k: usize) -> Sums {
        Sums(vec![(0.0, 0.0, 0.0); k])
    }

    fn clear(&mut self) {
        self.0.iter_mut().for_each(|x| *x = (0.0, 0.0, 0.0));
    }

    fn add(&mut self, row: &[f64]) {
        for (acc, &x) in self.0.iter_mut().zip(row) {
            if !x.is_nan() {
                acc.0 += 1.0;
                acc.1 += x;
                acc.2 += x * x;
            }
        }
    }

    /// Add another group's sums (one block of [`blocks`]).
    fn merge(&mut self, other: &[(f64, f64, f64)]) {
        for (acc, x) in self.0.iter_mut().zip(other) {
            acc.0 += x.0;
            acc.1 += x.1;
            acc.2 += x.2;
        }
    }

    /// `total − part` into `self`.
    fn set_difference(&mut self, total: &Sums, part: &Sums) {
        for ((d, a), b) in self.0.iter_mut().zip(&total.0).zip(&part.0) {
            *d = (a.0 - b.0, a.1 - b.1, a.2 - b.2);
        }
    }

    /// Mean over aspects of `(x̄ − c)² − s²/n − s_c²/n_c`.
    fn excess(&self, reference: &Reference) -> Option<f64> {
        let (mut sum, mut terms) = (0.0, 0usize);
        for (&(n, s, ss), r) in self.0.iter().zip(&reference.0) {
            let Some((c, c_var)) = r else {
                continue;
            };
            if n < 2.0 {
                continue;
            }
            let mean = s / n;
            let var = ((ss - s * mean) / (n - 1.0)).max(0.0);
            sum += (mean - c).powi(2) - var / n - c_var;
            terms += 1;
        }
        (terms > 0).then(|| sum / terms as f64)
    }
}

/// The employees' predicted scores in one flat array, row `i`'s aspect `a` at `i·k + a` (NaN
/// where missing): a resampled or relabelled group is an index gather over it.
struct Table {
    k: usize,
    cells: Vec<f64>,
}

impl Table {
    fn row(&self, i: usize) -> &[f64] {
        &self.cells[i * self.k..(i + 1) * self.k]
    }

    /// The sums of the rows `members`.
    fn sums(&self, members: &[usize]) -> Sums {
        let mut s = Sums::new(self.k);
        for &i in members {
            s.add(self.row(i));
        }
        s
    }
}

/// Most employees per layer bootstrapped row by row. A larger layer is bootstrapped in this
/// many blocks (see [`block_draws`]), so an interval costs at most `bootstrap × BLOCKS × k`
/// additions whatever the layer's size.
const BLOCKS: usize = 2000;

/// Most employees per layer in the permutation test: a larger layer is represented by a seeded
/// random sample of this many (the test is then exact for the sample; with hundreds per layer
/// its power is not the limit).
const MAX_PER_LAYER: usize = 1000;

/// `members`, or a seeded random sample of [`MAX_PER_LAYER`] of them (in row order).
fn capped(mut members: Vec<usize>, seed: u64, layer: usize) -> Vec<usize> {
    if members.len() > MAX_PER_LAYER {
        let mut rng = SeededRng::new(seed ^ (0x5A3 << 24) ^ layer as u64);
        rng.shuffle(&mut members);
        members.truncate(MAX_PER_LAYER);
        members.sort_unstable();
    }
    members
}

/// The bootstrap distribution of a layer's `D²`: its rows `members` resampled with replacement
/// `resamples` times.
fn row_draws(
    table: &Table,
    members: &[usize],
    reference: &Reference,
    resamples: usize,
    rng: &mut SeededRng,
) -> Vec<f64> {
    let mut draws = Vec::with_capacity(resamples);
    let mut s = Sums::new(table.k);
    for _ in 0..resamples {
        s.clear();
        for _ in 0..members.len() {
            s.add(table.row(members[rng.below(members.len())]));
        }
        if let Some(x) = s.excess(reference) {
            draws.push(x);
        }
    }
    draws
}

/// The per-aspect sums of [`BLOCKS`] blocks of the rows `members` (more than [`BLOCKS`]),
/// flat: block `b`'s aspect `a` at `b·k + a`. The rows are put in a random order seeded by
/// `seed` and cut into consecutive blocks of ⌊n/B⌋ or ⌈n/B⌉ rows.
fn blocks(table: &Table, members: &[usize], seed: u64) -> Vec<(f64, f64, f64)> {
    let n = members.len();
    let mut order = members.to_vec();
    SeededRng::new(seed).shuffle(&mut order);
    let mut blocks = Vec::with_capacity(BLOCKS * table.k);
    for b in 0..BLOCKS {
        blocks.extend(table.sums(&order[b * n / BLOCKS..(b + 1) * n / BLOCKS]).0);
    }
    blocks
}

/// The bootstrap distribution of `D²` of a layer of more than [`BLOCKS`] employees: its rows,
/// in a seeded random order, are cut into [`BLOCKS`] blocks of ⌊n/B⌋ or ⌈n/B⌉ rows; each
/// resample draws [`BLOCKS`] blocks with replacement and adds up their per-aspect counts, sums
/// and sums of squares. A resample is still a multiset of about n of the layer's rows with the
/// layer's mean, and the variance of its sums is n·Σ̂ up to the sampling error of
/// [`BLOCKS`] block sums (relative error √(2/B) ≈ 3 % on the variance, 1.6 % on the interval's
/// width) — smaller than the Monte Carlo error of the 2.5 % and 97.5 % quantiles of 999
/// resamples (about 4 %).
fn block_draws(
    table: &Table,
    members: &[usize],
    reference: &Reference,
    resamples: usize,
    seed: u64,
    rng: &mut SeededRng,
) -> Vec<f64> {
    let k = table.k;
    let blocks = blocks(table, members, seed);
    let mut draws = Vec::with_capacity(resamples);
    let mut s = Sums::new(k);
    for _ in 0..resamples {
        s.clear();
        for _ in 0..BLOCKS {
            let b = rng.below(BLOCKS);
            s.merge(&blocks[b * k..(b + 1) * k]);
        }
        if let Some(x) = s.excess(reference) {
            draws.push(x);
        }
    }
    draws
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
    let k = aspects.len();
    let table = Table {
        k,
        cells: rows
            .iter()
            .flat_map(|r| (0..k).map(|a| r.scores.get(a).copied().flatten().unwrap_or(f64::NAN)))
            .collect(),
    };
    let reference = Reference::new(aspects);
    let stats = &config.statistics;
    let of_layer =
        |l: usize| -> Vec<usize> { (0..rows.len()).filter(|&i| rows[i].layer == l).collect() };

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
        let draws = if members.len() <= BLOCKS {
            row_draws(&table, &members, &reference, stats.bootstrap, &mut rng)
        } else {
            let seed = stats.seed ^ (0xB10C << 16) ^ l as u64;
            block_draws(
                &table,
                &members,
                &reference,
                stats.bootstrap,
                seed,
                &mut rng,
            )
        };
        layer.deviation_ci_low = quantile(&draws, 0.025).map(root);
        layer.deviation_ci_high = quantile(&draws, 0.975).map(root);
    }

    // Permutation test of each other shown layer against the first: the layer labels are
    // shuffled among the two layers' employees, the statistic recomputed each time.
    let first = 0;
    if layers.is_empty() || layers[first].suppressed {
        return;
    }
    let base = capped(of_layer(first), stats.seed, first);
    // (layer, difference, two-sided p, one-sided p, pooled n)
    let mut tested: Vec<(usize, f64, f64, f64, usize)> = Vec::new();
    for (l, layer) in layers.iter().enumerate().skip(1) {
        if layer.suppressed {
            continue;
        }
        let other = capped(of_layer(l), stats.seed, l);
        let mut pool: Vec<usize> = base.iter().chain(&other).copied().collect();
        let total = table.sums(&pool);
        let (mut part, mut rest) = (Sums::new(k), Sums::new(k));
        let mut split = |o: &[usize]| {
            part.clear();
            for &i in o {
                part.add(table.row(i));
            }
            rest.set_difference(&total, &part);
            Some(part.excess(&reference)? - rest.excess(&reference)?)
        };
        let Some(observed) = split(&other) else {
            continue;
        };
        // Sequential Monte Carlo p-values (Besag & Clifford 1991): stop once both counts
        // reached `STOP` exceedances (p = STOP / relabellings done), else run all
        // `permutations` (p = (1 + count) / (1 + permutations)). A layer that is plainly
        // like the first is settled after a few dozen relabellings.
        const STOP: usize = 20;
        let mut rng = SeededRng::new(stats.seed ^ (0x9E7 << 20) ^ l as u64);
        let (mut extreme, mut further, mut done) = (0usize, 0usize, 0usize);
        while done < stats.permutations && (extreme < STOP || further < STOP) {
            rng.shuffle(&mut pool);
            done += 1;
            let Some(diff) = split(&pool[..other.len()]) else {
                continue;
            };
            extreme += usize::from(settle(diff.abs()) >= settle(observed.abs()));
            further += usize::from(settle(diff) >= settle(observed));
        }
        let p = |count: usize| {
            if count >= STOP && done < stats.permutations {
                (count as f64 / done as f64).min(1.0)
            } else {
                (1 + count) as f64 / (1 + done) as f64
            }
        };
        tested.push((l, observed, p(extreme), p(further), pool.len()));
    }
    let q = adjust(
        &tested.iter().map(|t| Some(t.2)).collect::<Vec<_>>(),
        stats.multiple_comparisons,
    );
    let against = layers[first].id.clone();
    for ((l, difference, p, p_further, pooled), q) in tested.into_iter().zip(q) {
        let q = q.unwrap_or(1.0);
        layers[l].versus_first = Some(LayerTest {
            against: against.clone(),
            difference,
            p,
            p_further,
            q,
            significant: q < config.alpha && pooled as u64 >= stats.min_for_tests,
        });
    }

    // Rank only the layers that differ from the first (and the first, when some do).
    let differ: Vec<usize> = (1..layers.len())
        .filter(|&l| {
            layers[l]
                .versus_first
                .as_ref()
                .is_some_and(|t| t.significant)
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_large_layer_enters_the_permutation_test_as_a_seeded_sample() {
        let all: Vec<usize> = (0..5000).collect();
        let a = capped(all.clone(), 7, 2);
        assert_eq!(a.len(), MAX_PER_LAYER);
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert_eq!(a, capped(all.clone(), 7, 2), "same seed, same sample");
        assert_ne!(a, capped(all, 8, 2));
        let small: Vec<usize> = (0..40).collect();
        assert_eq!(capped(small.clone(), 7, 2), small);
    }
    /// A layer of `n` employees over `k` aspects: aspect `a` of row `i` a pseudo-random score
    /// around `6 + a/4` (every 17th cell missing), and customers at 6 on every aspect.
    fn big_layer(n: usize, k: usize) -> (Table, Reference) {
        let mut rng = SeededRng::new(11);
        let cells = (0..n * k)
            .map(|c| {
                let (i, a) = (c / k, c % k);
                if (i + a) % 17 == 0 {
                    f64::NAN
                } else {
                    let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    (6.0 + a as f64 / 4.0 + 4.0 * (u - 0.5)).round()
                }
            })
            .collect();
        (Table { k, cells }, Reference(vec![Some((6.0, 0.0004)); k]))
    }

    fn interval(draws: &[f64]) -> (f64, f64) {
        (
            quantile(draws, 0.025).unwrap(),
            quantile(draws, 0.975).unwrap(),
        )
    }

    /// The block bootstrap of a large layer gives the interval the row bootstrap gives (up to
    /// the Monte Carlo error of either), for a fraction of the work; the same seed gives the
    /// same interval.
    #[test]
    fn a_large_layer_bootstrapped_in_blocks_matches_the_row_bootstrap() {
        let (n, k) = (10 * BLOCKS, 6);
        let (table, reference) = big_layer(n, k);
        let members: Vec<usize> = (0..n).collect();
        let rows = row_draws(&table, &members, &reference, 999, &mut SeededRng::new(1));
        let blocks = block_draws(&table, &members, &reference, 999, 5, &mut SeededRng::new(1));
        let ((rl, rh), (bl, bh)) = (interval(&rows), interval(&blocks));
        let estimate = table.sums(&members).excess(&reference).unwrap();
        assert!(rl < estimate && estimate < rh && bl < estimate && estimate < bh);
        let width = rh - rl;
        assert!(width > 0.0);
        assert!(
            (bl - rl).abs() < 0.1 * width && (bh - rh).abs() < 0.1 * width,
            "rows [{rl}, {rh}], blocks [{bl}, {bh}]"
        );
        let again = block_draws(&table, &members, &reference, 999, 5, &mut SeededRng::new(1));
        assert_eq!(blocks, again);
        // Another partition into blocks moves the bounds by Monte Carlo error only.
        let other = block_draws(&table, &members, &reference, 999, 6, &mut SeededRng::new(1));
        let (ol, oh) = interval(&other);
        assert_ne!((ol, oh), (bl, bh));
        assert!((ol - bl).abs() < 0.1 * width && (oh - bh).abs() < 0.1 * width);
    }

    /// Every row lands in exactly one block: the blocks add up to the whole layer.
    #[test]
    fn the_blocks_partition_the_layer() {
        let (n, k) = (BLOCKS * 3 + 7, 3);
        let (table, reference) = big_layer(n, k);
        let members: Vec<usize> = (0..n).collect();
        let whole = table.sums(&members);
        let blocks = blocks(&table, &members, 3);
        assert_eq!(blocks.len(), BLOCKS * k);
        let mut added = Sums::new(k);
        for block in blocks.chunks(k) {
            assert!(block.iter().any(|x| x.0 >= 1.0), "no empty block");
            added.merge(block);
        }
        for (a, b) in added.0.iter().zip(&whole.0) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-6 && (a.2 - b.2).abs() < 1e-6);
        }
        assert!(added.excess(&reference).is_some());
    }
}
