//! Correlation: the mergeable accumulator of Pearson's r, Pearson's r of slices, average ranks
//! and Spearman's ρ.

/// Mergeable accumulator for Pearson's r over (x, y) pairs.
///
/// Keeps the means, the sums of squared deviations and the co-moment, updated pair by pair and
/// merged like [`Summary`](super::Summary), so it is accurate for values far from zero and an organization's r
/// is the merge of its departments'. Values are expected to be finite.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairSummary {
    n: u64,
    mean_x: f64,
    mean_y: f64,
    m2_x: f64,
    m2_y: f64,
    /// Sum of (x − mean_x)(y − mean_y).
    c_xy: f64,
}

impl PairSummary {
    /// An empty accumulator (n = 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one (x, y) pair.
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / n;
        self.mean_y += dy / n;
        // Old deviation times new deviation, as in Welford's update.
        self.m2_x += dx * (x - self.mean_x);
        self.m2_y += dy * (y - self.mean_y);
        self.c_xy += dx * (y - self.mean_y);
    }

    /// Combines `other` into `self`, as if all of its pairs had been pushed here.
    pub fn merge(&mut self, other: &PairSummary) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let (n_a, n_b) = (self.n as f64, other.n as f64);
        let n = n_a + n_b;
        let dx = other.mean_x - self.mean_x;
        let dy = other.mean_y - self.mean_y;
        let weight = n_a * n_b / n;
        self.mean_x += dx * (n_b / n);
        self.mean_y += dy * (n_b / n);
        self.m2_x += other.m2_x + dx * dx * weight;
        self.m2_y += other.m2_y + dy * dy * weight;
        self.c_xy += other.c_xy + dx * dy * weight;
        self.n += other.n;
    }

    /// Number of pairs.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Mean of the x values; `None` when there are no pairs.
    pub fn mean_x(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean_x)
    }

    /// Mean of the y values; `None` when there are no pairs.
    pub fn mean_y(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean_y)
    }

    /// Pearson's correlation coefficient r, in [−1, 1].
    ///
    /// `None` when there are fewer than two pairs or either variable has zero variance.
    pub fn pearson(&self) -> Option<f64> {
        if self.n < 2 || self.m2_x <= 0.0 || self.m2_y <= 0.0 {
            return None;
        }
        let r = self.c_xy / (self.m2_x * self.m2_y).sqrt();
        // Rounding can push a perfect correlation a hair past ±1.
        (!r.is_nan()).then(|| r.clamp(-1.0, 1.0))
    }
}

/// Pearson's correlation coefficient r of paired slices.
///
/// `None` when the lengths differ, there are fewer than two pairs or either slice is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() {
        return None;
    }
    let mut acc = PairSummary::new();
    for (&xi, &yi) in x.iter().zip(y) {
        acc.push(xi, yi);
    }
    acc.pearson()
}

/// 1-based ranks in input order; tied values get the average of the ranks they span, e.g.
/// `[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`.
///
/// Input is assumed NaN-free (values are ordered with `total_cmp`, and a NaN never ties).
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        // `==` rather than total_cmp, so that −0.0 and 0.0 tie.
        let tied = order[start..]
            .iter()
            .take_while(|&&i| values[i] == values[order[start]])
            .count();
        let end = start + tied;
        // Sorted positions start..end hold the 1-based ranks start+1 ..= end; take their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's rank correlation ρ: Pearson's r of the average ranks (so ties are handled).
///
/// `None` when the lengths differ, there are fewer than two pairs or either rank vector is
/// constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    pearson(&average_ranks(x), &average_ranks(y))
}
