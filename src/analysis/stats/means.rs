//! Tests and intervals of means: Welch's t-test and its contrast form, the one-sample (and
//! paired) t-test, the interval of one mean and Hedges' g.

use serde::Serialize;

use super::Summary;
use super::student_t::{student_t_quantile, student_t_sf};

/// Result of Welch's unequal-variance t-test for mean(a) − mean(b).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Welch {
    /// Difference of the means, mean(a) − mean(b).
    pub diff: f64,
    /// Standard error of the difference, sqrt(s₁²/n₁ + s₂²/n₂).
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom (not rounded).
    pub df: f64,
    /// Test statistic, diff / se.
    pub t: f64,
    /// Two-sided p-value from Student's t with `df` degrees of freedom.
    pub p: f64,
    /// Lower bound of the confidence interval for the difference.
    pub ci_low: f64,
    /// Upper bound of the confidence interval for the difference.
    pub ci_high: f64,
}

/// Welch's t-test for mean(a) − mean(b), with a two-sided confidence interval.
///
/// `se = sqrt(s₁²/n₁ + s₂²/n₂)`, Welch–Satterthwaite df, two-sided p from Student's t, and
/// `CI = diff ± t((1 + confidence)/2, df)·se` (so `confidence = 0.95` gives the 95% CI of
/// docs/definitions.md). `confidence` should lie in (0, 1); outside [0, 1] the CI bounds are NaN.
///
/// Returns `None` when either group has fewer than two values or se is 0 (the test is undefined).
pub fn welch(a: &Summary, b: &Summary, confidence: f64) -> Option<Welch> {
    let (mean_a, var_a) = (a.mean()?, a.variance()?);
    let (mean_b, var_b) = (b.mean()?, b.variance()?);
    // Kish's effective n: the count itself when unweighted.
    let (n_a, n_b) = (a.n_eff(), b.n_eff());
    let (v_a, v_b) = (var_a / n_a, var_b / n_b);
    let se2 = v_a + v_b;
    // Welch–Satterthwaite, written with the shares of se² so that tiny variances cannot
    // underflow when squared: df = se⁴ / (v_a²/(n_a−1) + v_b²/(n_b−1)).
    let (r_a, r_b) = (v_a / se2, v_b / se2);
    let df = 1.0 / (r_a * r_a / (n_a - 1.0) + r_b * r_b / (n_b - 1.0));
    t_test(mean_a - mean_b, se2, df, confidence)
}

/// Welch-type t-test for a contrast of independent group means, `Σ cᵢ·meanᵢ` — e.g. the change
/// of a mirror gap between two waves, `(E₂ − C₂) − (E₁ − C₁)` with coefficients `+1, −1, −1, +1`.
///
/// `se = sqrt(Σ cᵢ² sᵢ²/nᵢ)`, Satterthwaite df `se⁴ / Σ (cᵢ² sᵢ²/nᵢ)²/(nᵢ − 1)`, two-sided p from
/// Student's t, CI as in [`welch`]. With the two terms `(1, a), (−1, b)` it is [`welch`].
/// Returns `None` when a group has fewer than two values or se is 0.
pub fn welch_contrast(terms: &[(f64, &Summary)], confidence: f64) -> Option<Welch> {
    let mut diff = 0.0;
    let mut parts = Vec::with_capacity(terms.len());
    for (c, s) in terms {
        diff += c * s.mean()?;
        parts.push((c * c * s.variance()? / s.n_eff(), s.n_eff() - 1.0));
    }
    let se2: f64 = parts.iter().map(|p| p.0).sum();
    let df = 1.0
        / parts
            .iter()
            .map(|(v, d)| (v / se2).powi(2) / d)
            .sum::<f64>();
    t_test(diff, se2, df, confidence)
}

/// The t-test of a difference `diff` with squared standard error `se2` and `df` degrees of
/// freedom: two-sided p and the interval `diff ± t((1 + confidence)/2, df)·se`. `None` when
/// se is 0 or not finite, or p is undefined.
fn t_test(diff: f64, se2: f64, df: f64, confidence: f64) -> Option<Welch> {
    let se = se2.sqrt();
    if se == 0.0 || !se.is_finite() {
        return None;
    }
    let t = diff / se;
    // The upper tail keeps small p-values accurate (1 − cdf would cancel).
    let p = (2.0 * student_t_sf(t.abs(), df)).min(1.0);
    if p.is_nan() {
        return None;
    }
    let half_width = student_t_quantile((1.0 + confidence) / 2.0, df) * se;
    Some(Welch {
        diff,
        se,
        df,
        t,
        p,
        ci_low: diff - half_width,
        ci_high: diff + half_width,
    })
}

/// Hedges' g of mean(a) − mean(b): Cohen's d with the pooled SD,
/// `s_p = sqrt(((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2))`, times the small-sample
/// correction `J = 1 − 3/(4(n_a + n_b) − 9)`. `None` when either group has fewer than two
/// values or the pooled SD is 0.
pub fn hedges_g(a: &Summary, b: &Summary) -> Option<f64> {
    let (mean_a, var_a) = (a.mean()?, a.variance()?);
    let (mean_b, var_b) = (b.mean()?, b.variance()?);
    // Kish's effective sizes: the counts themselves when unweighted.
    let (n_a, n_b) = (a.n_eff(), b.n_eff());
    let pooled = (((n_a - 1.0) * var_a + (n_b - 1.0) * var_b) / (n_a + n_b - 2.0)).sqrt();
    if pooled == 0.0 || !pooled.is_finite() {
        return None;
    }
    let j = 1.0 - 3.0 / (4.0 * (n_a + n_b) - 9.0);
    Some(j * (mean_a - mean_b) / pooled)
}

/// Two-sided confidence interval of one mean, `mean ± t((1 + confidence)/2, n − 1)·s/√n`.
/// `None` with fewer than two values.
pub fn mean_interval(s: &Summary, confidence: f64) -> Option<(f64, f64)> {
    let (mean, sd) = (s.mean()?, s.sd()?);
    // Kish's effective size: the count itself when unweighted.
    let n = s.n_eff();
    if s.n() < 2 || n <= 1.0 {
        return None;
    }
    let half = student_t_quantile((1.0 + confidence) / 2.0, n - 1.0) * sd / n.sqrt();
    Some((mean - half, mean + half))
}

/// Two-sided p-value of a one-sample t-test of `mean` against `mu` from n values with sample
/// SD `sd` (also the paired t-test, on the differences). `None` with fewer than two values or
/// SD 0.
pub fn one_sample_t(mean: f64, sd: f64, n: u64, mu: f64) -> Option<f64> {
    if n < 2 || sd.is_nan() || sd <= 0.0 {
        return None;
    }
    let t = (mean - mu) / (sd / (n as f64).sqrt());
    let p = (2.0 * student_t_sf(t.abs(), (n - 1) as f64)).min(1.0);
    (!p.is_nan()).then_some(p)
}
