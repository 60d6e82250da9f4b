//! The mergeable accumulator of one series: mean and variance by Welford's update, merged
//! with the pairwise formula of Chan, Golub and LeVeque; weighted values use Kish's effective n.

use serde::Serialize;

/// Mergeable running mean and variance of a series of values.
///
/// Values are added with Welford's update and two summaries are combined with the pairwise
/// formula of Chan, Golub and LeVeque, so a statistic over an organization is the merge of its
/// departments. Values are expected to be finite; a NaN poisons the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    n: u64,
    mean: f64,
    /// Sum of squared deviations from the running mean (weighted when weights are used).
    m2: f64,
    /// Sum of the weights (`n` when unweighted).
    #[serde(skip)]
    w: f64,
    /// Sum of the squared weights (`n` when unweighted).
    #[serde(skip)]
    w2: f64,
    /// Some weight was not 1: the variance and the test sizes use the Kish effective n.
    #[serde(skip)]
    weighted: bool,
}

impl Summary {
    /// An empty summary (n = 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.push_weighted(x, 1.0);
    }

    /// Adds one value with weight `w` (finite, ≥ 0; a zero weight adds nothing): West's
    /// weighted form of Welford's update. With `w = 1` every operation is the unweighted
    /// one, bit for bit (`delta * 1 / n` is `delta / n`).
    pub fn push_weighted(&mut self, x: f64, w: f64) {
        if w == 0.0 {
            return;
        }
        self.n += 1;
        self.w += w;
        self.w2 += w * w;
        self.weighted |= w != 1.0;
        let delta = x - self.mean;
        self.mean += delta * w / self.w;
        // The second factor uses the updated mean; this is what keeps m2 accurate.
        self.m2 += w * delta * (x - self.mean);
    }

    /// Adds a value with weight `w` if there is one.
    pub fn push_weighted_opt(&mut self, x: Option<f64>, w: f64) {
        if let Some(x) = x {
            self.push_weighted(x, w);
        }
    }

    /// Adds a value if there is one; a missing answer (`None`) is ignored.
    pub fn push_opt(&mut self, x: Option<f64>) {
        if let Some(x) = x {
            self.push(x);
        }
    }

    /// Combines `other` into `self`, as if all of its values had been pushed here.
    pub fn merge(&mut self, other: &Summary) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        // Sums of weights: n_a and n_b exactly when unweighted.
        let (n_a, n_b) = (self.w, other.w);
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * (n_b / n);
        self.m2 += other.m2 + delta * delta * (n_a * n_b / n);
        self.n += other.n;
        self.w = n;
        self.w2 += other.w2;
        self.weighted |= other.weighted;
    }

    /// A summary from stored figures: `n` values with this mean and sample variance (n − 1),
    /// e.g. read back from `metrics.json` to test a change between waves. The variance is
    /// ignored when n < 2.
    pub fn from_parts(n: u64, mean: f64, variance: f64) -> Summary {
        if n == 0 {
            return Summary::new();
        }
        let m2 = if n > 1 {
            variance * (n - 1) as f64
        } else {
            0.0
        };
        Summary {
            n,
            mean,
            m2,
            w: n as f64,
            w2: n as f64,
            weighted: false,
        }
    }

    /// A weighted summary from stored figures: `n` values with Kish effective size `n_eff`,
    /// this weighted mean and variance (as [`Summary::variance`] gives it).
    pub fn from_weighted_parts(n: u64, n_eff: f64, mean: f64, variance: f64) -> Summary {
        if n == 0 || n_eff.is_nan() || n_eff <= 0.0 {
            return Summary::new();
        }
        // With the weights scaled to sum to n_eff, Σw = Σw² = n_eff.
        let m2 = if n_eff > 1.0 {
            variance * (n_eff - 1.0)
        } else {
            0.0
        };
        Summary {
            n,
            mean,
            m2,
            w: n_eff,
            w2: n_eff,
            weighted: true,
        }
    }

    /// Whether some value had a weight other than 1.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// Kish's effective sample size `(Σw)² / Σw²`: the number of unweighted values that
    /// would give a mean as precise. `n` when unweighted.
    pub fn n_eff(&self) -> f64 {
        if self.weighted {
            self.w * self.w / self.w2
        } else {
            self.n as f64
        }
    }

    /// Sum of the weights (`n` when unweighted).
    pub fn weight(&self) -> f64 {
        self.w
    }

    /// Number of values.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Arithmetic mean (weighted: `Σwx / Σw`); `None` when there are no values.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    /// Sample variance (divisor n − 1); `None` when there are fewer than two values.
    /// Weighted: `Σw(x − x̄)² / Σw · n_eff / (n_eff − 1)`, the same correction with Kish's
    /// effective n (`None` when n_eff ≤ 1).
    pub fn variance(&self) -> Option<f64> {
        if self.weighted {
            let n_eff = self.n_eff();
            return (self.n > 1 && n_eff > 1.0).then(|| self.m2 / self.w * n_eff / (n_eff - 1.0));
        }
        (self.n > 1).then(|| self.m2 / (self.n - 1) as f64)
    }

    /// Sample standard deviation (divisor n − 1); `None` when there are fewer than two values.
    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }
}

impl FromIterator<f64> for Summary {
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        let mut summary = Summary::new();
        summary.extend(iter);
        summary
    }
}

impl Extend<f64> for Summary {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, iter: I) {
        for x in iter {
            self.push(x);
        }
    }
}
