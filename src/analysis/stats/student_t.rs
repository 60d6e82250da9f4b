//! Student's t distribution: its quantile and upper tail probability, accurate where statrs'
//! own are not (near the centre, in the far tails and for very large df).

use statrs::distribution::{Continuous, ContinuousCDF, Normal, StudentsT};
use statrs::function::beta::checked_beta_reg;

/// Above this many degrees of freedom the t quantile comes from its expansion around the normal
/// quantile, whose first omitted term (order df⁻⁵) is negligible here (agreement with the exact
/// inverse is about 1e-13 at df = 1e4, even at p = 1e-12).
const QUANTILE_EXPANSION_DF: f64 = 1e4;

/// Above this many degrees of freedom the t tail probability comes from its expansion around the
/// normal tail: statrs' incomplete beta function goes wrong from about 1e10 df.
const TAIL_EXPANSION_DF: f64 = 1e7;

/// Quantile of Student's t distribution with `df` degrees of freedom (df need not be whole),
/// e.g. `student_t_quantile(0.975, 10.0)` ≈ 2.228.
///
/// `df = f64::INFINITY` gives the standard normal quantile. p = 0 and p = 1 give −∞ and +∞.
/// Returns NaN when p is outside [0, 1] or df is not positive (never panics, always returns).
/// Accurate to better than 1e-9 relative for df ≥ 1 (Welch's df is never below 1); quantiles beyond
/// about 1e154, which only occur for df < 1 or p below ~1e-150, saturate there.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df > QUANTILE_EXPANSION_DF {
        // Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5).
        let z = Normal::standard().inverse_cdf(p);
        if !z.is_finite() || df.is_infinite() {
            return z;
        }
        let z2 = z * z;
        let g1 = z * (z2 + 1.0) / 4.0;
        let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
        let g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
        let g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Work with the smaller tail; 1 − p is exact for p ≥ 0.5.
    let (tail, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    if tail == 0.0 {
        return sign * f64::INFINITY;
    }
    sign * upper_t_quantile(tail, df)
}

/// Solves P(T > x) = `tail` for x ≥ 0, where 0 < tail < 0.5 and 0 < df < ∞.
///
/// statrs' own `inverse_cdf` clamps its starting point (so it is wrong in the far tails for
/// df ≲ 1.5), has no bound on its iteration (it never returns for df near 1e8) and inherits the
/// loss of precision of its CDF near the centre, so the inverse is computed here from
/// [`student_t_sf`]: Newton's method on ln P(T > x) against ln x (nearly linear both near the
/// centre and in the power-law tails), kept inside a bracket that is bisected, in float bit
/// order, whenever a step would leave it. Always terminates.
fn upper_t_quantile(tail: f64, df: f64) -> f64 {
    let Ok(distribution) = StudentsT::new(0.0, 1.0, df) else {
        return f64::NAN;
    };
    let target = tail.ln();
    // Start from the first-order Cornish–Fisher approximation.
    let z = -Normal::standard().inverse_cdf(tail);
    let mut x = z * (1.0 + (z * z + 1.0) / (4.0 * df));
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for _ in 0..200 {
        let sf = student_t_sf(x, df);
        if sf == tail {
            return x;
        }
        if sf > tail {
            lo = x;
        } else {
            hi = x;
        }
        if hi.to_bits() - lo.to_bits() <= 1 {
            return hi;
        }
        let slope = distribution.pdf(x) * x / sf;
        let mut next = x * ((sf.ln() - target) / slope).exp();
        let inside = next > lo && next < hi;
        if !inside {
            // Midpoint in float order: halves the number of floats left in the bracket.
            next = f64::from_bits((lo.to_bits() + hi.to_bits()) / 2);
        }
        if (next - x).abs() <= 2.0 * f64::EPSILON * x {
            return next;
        }
        x = next;
    }
    x
}

/// Upper tail probability P(T > t) of Student's t with `df` (> 0) degrees of freedom.
///
/// Accurate near the centre too: statrs' `sf` evaluates I(df/(df + t²); df/2, 1/2), whose
/// argument rounds to 1 for small t, so here the central probability P(|T| < |t|) =
/// I(t²/(df + t²); 1/2, df/2) is used when t² < df.
pub(super) fn student_t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df > TAIL_EXPANSION_DF {
        // P(T > t) = Q(t) + φ(t)·(t³ + t)/(4·df) + O(df⁻²), with Q and φ of the standard normal.
        let normal = Normal::standard();
        return normal.sf(t) + normal.pdf(t) * t * (t * t + 1.0) / (4.0 * df);
    }
    let t2 = t * t;
    if t2 < df {
        let Ok(central) = checked_beta_reg(0.5, df / 2.0, t2 / (df + t2)) else {
            return f64::NAN;
        };
        if t >= 0.0 {
            0.5 - central / 2.0
        } else {
            0.5 + central / 2.0
        }
    } else {
        // One tail, I(df/(df + t²); df/2, 1/2) / 2; t² = ∞ gives 0, as it should.
        let Ok(both_tails) = checked_beta_reg(df / 2.0, 0.5, df / (df + t2)) else {
            return f64::NAN;
        };
        if t >= 0.0 {
            both_tails / 2.0
        } else {
            1.0 - both_tails / 2.0
        }
    }
}
