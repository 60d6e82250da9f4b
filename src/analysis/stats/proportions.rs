//! Proportions: the pooled two-proportion z-test (counts, and weighted shares with Kish's
//! effective sizes), the Wilson score interval and Cohen's h.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// Result of a pooled two-proportion z-test.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ZTest {
    /// Difference of the proportions, x1/n1 − x2/n2.
    pub diff: f64,
    /// Test statistic, diff / sqrt(p̂(1 − p̂)(1/n1 + 1/n2)) with the pooled p̂.
    pub z: f64,
    /// Two-sided p-value from the standard normal distribution.
    pub p: f64,
}

/// Pooled two-proportion z-test, for rate changes between waves: p1 = x1/n1, p2 = x2/n2,
/// pooled p̂ = (x1 + x2)/(n1 + n2), `z = (p1 − p2) / sqrt(p̂(1 − p̂)(1/n1 + 1/n2))`, two-sided p
/// from the standard normal.
///
/// `None` when n1 or n2 is 0, when x1 > n1 or x2 > n2, or when the pooled proportion is 0 or 1
/// (no variation, so the test is undefined).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<ZTest> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    // u128 so that the sums cannot overflow.
    let successes = u128::from(x1) + u128::from(x2);
    let trials = u128::from(n1) + u128::from(n2);
    if successes == 0 || successes == trials {
        return None;
    }
    let (n1, n2) = (n1 as f64, n2 as f64);
    let diff = x1 as f64 / n1 - x2 as f64 / n2;
    let pooled = successes as f64 / trials as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let z = diff / se;
    let p = (2.0 * Normal::standard().sf(z.abs())).min(1.0);
    Some(ZTest { diff, z, p })
}

/// The pooled two-proportion z-test of weighted shares: `p1` and `p2` are weighted shares,
/// `n1` and `n2` Kish's effective sizes of their groups; pooled p̂ = (p1·n1 + p2·n2)/(n1 + n2)
/// and `z` as in [`two_proportion_z`], which it equals for unweighted counts.
///
/// `None` when an effective size is not positive, a share lies outside [0, 1], or the pooled
/// proportion is 0 or 1.
pub fn two_proportion_z_eff(p1: f64, n1: f64, p2: f64, n2: f64) -> Option<ZTest> {
    let share = 0.0..=1.0;
    if n1.is_nan() || n2.is_nan() || n1 <= 0.0 || n2 <= 0.0 {
        return None;
    }
    if !share.contains(&p1) || !share.contains(&p2) {
        return None;
    }
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    if pooled <= 0.0 || pooled >= 1.0 {
        return None;
    }
    let diff = p1 - p2;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let z = diff / se;
    let p = (2.0 * Normal::standard().sf(z.abs())).min(1.0);
    Some(ZTest { diff, z, p })
}

/// Wilson score interval of a proportion `x/n` (two-sided, `confidence`). `None` when n is 0.
pub fn wilson(x: u64, n: u64, confidence: f64) -> Option<(f64, f64)> {
    if n == 0 || x > n {
        return None;
    }
    let z = Normal::standard().inverse_cdf((1.0 + confidence) / 2.0);
    let (x, n) = (x as f64, n as f64);
    let p = x / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Cohen's h of two proportions, `2·asin(√p₁) − 2·asin(√p₂)`: the effect size of a rate
/// change.
pub fn cohens_h(p1: f64, p2: f64) -> f64 {
    2.0 * p1.clamp(0.0, 1.0).sqrt().asin() - 2.0 * p2.clamp(0.0, 1.0).sqrt().asin()
}
