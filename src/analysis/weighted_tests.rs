//! Weighted figures against hand computations and against an independent implementation.
//!
//! The constants marked "statsmodels/scipy" were computed once with statsmodels 0.15.0 and
//! scipy 1.17.1 (`DescrStatsW(x, weights=w, ddof=0)` for the weighted mean and the
//! population variance; `scipy.stats.ttest_ind_from_stats(..., equal_var=False)` with the
//! Kish effective sizes as `nobs` for Welch's test;
//! `statsmodels.stats.proportion.proportions_ztest` with shares × effective sizes as counts
//! for the weighted two-proportion test) and pasted here; the tests do not need Python.

use crate::analysis::stats::{Summary, welch};

const X: [f64; 8] = [7.0, 8.0, 5.0, 9.0, 6.0, 4.0, 10.0, 7.5];
const WX: [f64; 8] = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.25, 1.75];
const Y: [f64; 6] = [6.0, 9.0, 8.0, 7.0, 8.0, 9.0];
const WY: [f64; 6] = [2.0, 0.5, 1.0, 1.0, 3.0, 0.5];

fn weighted(x: &[f64], w: &[f64]) -> Summary {
    let mut s = Summary::new();
    for (x, w) in x.iter().zip(w) {
        s.push_weighted(*x, *w);
    }
    s
}

fn near(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

#[test]
fn weighted_mean_and_kish_n_by_hand() {
    // Σw = 11, Σwx = 72.625, Σw² = 20.625: mean 6.6022…, n_eff = 121 / 20.625 = 5.8666….
    let s = weighted(&X, &WX);
    near(s.mean().unwrap(), 72.625 / 11.0, 1e-12);
    near(s.n_eff(), 121.0 / 20.625, 1e-12);
    assert_eq!(s.n(), 8);
    assert!(s.is_weighted());
    // Σw(x − x̄)² / Σw, corrected with n_eff / (n_eff − 1).
    let mean = 72.625 / 11.0;
    let pop: f64 = X
        .iter()
        .zip(WX)
        .map(|(x, w)| w * (x - mean).powi(2))
        .sum::<f64>()
        / 11.0;
    let n_eff = 121.0 / 20.625;
    near(s.variance().unwrap(), pop * n_eff / (n_eff - 1.0), 1e-12);
}

#[test]
fn weighted_figures_equal_statsmodels_and_scipy() {
    let a = weighted(&X, &WX);
    let b = weighted(&Y, &WY);
    // statsmodels/scipy: mean, var(ddof=0), n_eff, var · n_eff / (n_eff − 1).
    near(a.mean().unwrap(), 6.6022727272727275, 1e-12);
    near(a.n_eff(), 5.866666666666666, 1e-12);
    near(a.variance().unwrap(), 4.268212951432129, 1e-12);
    near(b.mean().unwrap(), 7.5, 1e-12);
    near(b.n_eff(), 4.129032258064516, 1e-12);
    near(b.variance().unwrap(), 1.3195876288659794, 1e-12);
    // statsmodels/scipy: Welch's test with the effective sizes.
    let w = welch(&a, &b, 0.95).unwrap();
    near(w.t, -0.8772944407890918, 1e-9);
    near(w.p, 0.4066852970926583, 1e-9);
}

#[test]
fn merging_weighted_parts_equals_pushing_all() {
    let all = weighted(&[X.as_slice(), &Y].concat(), &[WX.as_slice(), &WY].concat());
    let mut merged = weighted(&X, &WX);
    merged.merge(&weighted(&Y, &WY));
    near(merged.mean().unwrap(), all.mean().unwrap(), 1e-12);
    near(merged.variance().unwrap(), all.variance().unwrap(), 1e-12);
    near(merged.n_eff(), all.n_eff(), 1e-12);
    assert_eq!(merged.n(), 14);
}

#[test]
fn weights_of_one_are_the_unweighted_figures_bit_for_bit() {
    let plain: Summary = X.iter().copied().collect();
    let ones = weighted(&X, &[1.0; 8]);
    assert_eq!(plain, ones);
    assert!(!ones.is_weighted());
    assert_eq!(ones.n_eff(), 8.0);
    // A zero weight adds nothing.
    let mut zero = ones;
    zero.push_weighted(100.0, 0.0);
    assert_eq!(zero, ones);
}

#[test]
fn stored_weighted_figures_round_trip_for_trend_tests() {
    let a = weighted(&X, &WX);
    let back =
        Summary::from_weighted_parts(a.n(), a.n_eff(), a.mean().unwrap(), a.variance().unwrap());
    near(back.n_eff(), a.n_eff(), 1e-12);
    near(back.variance().unwrap(), a.variance().unwrap(), 1e-12);
    let b = weighted(&Y, &WY);
    near(welch(&back, &b, 0.95).unwrap().p, 0.4066852970926583, 1e-9);
}

#[test]
fn weighted_two_proportion_test_equals_the_count_test_and_statsmodels() {
    use crate::analysis::stats::{two_proportion_z, two_proportion_z_eff};
    // Unweighted counts: the same test.
    let a = two_proportion_z(12, 40, 20, 45).unwrap();
    let b = two_proportion_z_eff(12.0 / 40.0, 40.0, 20.0 / 45.0, 45.0).unwrap();
    near(a.z, b.z, 1e-12);
    near(a.p, b.p, 1e-12);
    // statsmodels: proportions_ztest([0.55·5.5, 0.3125·7.2], [5.5, 7.2]).
    let w = two_proportion_z_eff(0.55, 5.5, 0.3125, 7.2).unwrap();
    near(w.z, 0.8510471201008272, 1e-9);
    near(w.p, 0.39474317823039695, 1e-9);
    assert!(two_proportion_z_eff(0.0, 5.0, 0.0, 4.0).is_none());
    assert!(two_proportion_z_eff(0.5, 0.0, 0.2, 4.0).is_none());
}
