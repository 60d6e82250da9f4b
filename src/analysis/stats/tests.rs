use super::student_t::student_t_sf;
use super::*;
use proptest::prelude::*;

/// `p = (0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216)` adjusted
/// as R's `p.adjust(p, "BH")` and `p.adjust(p, "holm")` do, worked by hand step by step:
/// BH m·p/i = 0.01, 0.04, 0.13, 0.1025, 0.084, 0.1, 0.105714, 0.25625,
/// 0.235556, 0.216, then the running minimum from the largest; Holm (m − i + 1)·p = 0.01,
/// 0.072, 0.312, 0.287, 0.252, 0.3, 0.296, 0.615, 0.424, 0.216, then the running maximum).
#[test]
fn bh_and_holm_match_p_adjust() {
    use crate::config::Correction;
    let p = [
        0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216,
    ];
    let bh = [
        0.01,
        0.04,
        0.084,
        0.084,
        0.084,
        0.1,
        0.105714285714286,
        0.216,
        0.216,
        0.216,
    ];
    let holm = [
        0.01, 0.072, 0.312, 0.312, 0.312, 0.312, 0.312, 0.615, 0.615, 0.615,
    ];
    // Shuffled, with a missing entry: the order of the family and absent tests do not
    // matter.
    let perm = [3, 9, 0, 7, 1, 5, 8, 2, 6, 4];
    let mut input: Vec<Option<f64>> = perm.iter().map(|&i| Some(p[i])).collect();
    input.insert(4, None);
    for (method, want) in [(Correction::Bh, bh), (Correction::Holm, holm)] {
        let mut q = adjust(&input, method);
        assert_eq!(q.remove(4), None);
        for (k, &i) in perm.iter().enumerate() {
            assert_near(q[k].unwrap(), want[i], 1e-12);
        }
    }
    assert_eq!(adjust(&input, Correction::None), input);
    // Capped at 1.
    let q = adjust(&[Some(0.6), Some(0.9)], Correction::Holm);
    assert_eq!(q, [Some(1.0), Some(1.0)]);
}

/// Worked example (by hand): customers 6, 7, 8, 7 (mean 7, s² = 2/3), staff 8, 9, 9, 8, 9, 9
/// (mean 8.6667, s² = 4/15). s_p² = (3·2/3 + 5·4/15)/8 = 0.416667, s_p = 0.645497,
/// d = 1.666667/0.645497 = 2.581989, J = 1 − 3/31 = 0.903226, g = 2.332119.
#[test]
fn hedges_g_of_a_worked_example() {
    let c: Summary = [6.0, 7.0, 8.0, 7.0].into_iter().collect();
    let e: Summary = [8.0, 9.0, 9.0, 8.0, 9.0, 9.0].into_iter().collect();
    let sp = ((3.0 * 2.0 / 3.0 + 5.0 * 4.0 / 15.0) / 8.0f64).sqrt();
    let want = (1.0 - 3.0 / 31.0) * (52.0 / 6.0 - 7.0) / sp;
    assert_near(hedges_g(&e, &c).unwrap(), want, 1e-12);
    assert_near(want, 2.332119, 1e-6);
    assert_near(hedges_g(&c, &e).unwrap(), -want, 1e-12);
    let one: Summary = [1.0].into_iter().collect();
    assert_eq!(hedges_g(&one, &c), None);
}

/// Cohen's h: 0.5 against 0.25 is 2·asin(0.7071) − 2·asin(0.5) = π/2 − π/3 = 0.523599.
#[test]
fn cohens_h_of_two_rates() {
    assert_near(cohens_h(0.5, 0.25), std::f64::consts::PI / 6.0, 1e-12);
}

/// Mean interval: 6, 7, 8, 7 → mean 7, s = 0.816497, t(0.975, 3) = 3.182446,
/// half width 3.182446·0.816497/2 = 1.299228.
#[test]
fn interval_of_a_mean() {
    let c: Summary = [6.0, 7.0, 8.0, 7.0].into_iter().collect();
    let (lo, hi) = mean_interval(&c, 0.95).unwrap();
    assert_near(lo, 7.0 - 1.299228, 1e-5);
    assert_near(hi, 7.0 + 1.299228, 1e-5);
}

/// One-sample t: 6, 7, 8, 7 against 6 → t = 1/(0.816497/2) = 2.449490 with 3 df; the
/// two-sided p of t(3) at 2.449490 is 0.091721 (closed form for 3 df:
/// p = 1 − (2/π)(atan(t/√3) + (t/√3)/(1 + t²/3))).
#[test]
fn one_sample_t_of_a_worked_example() {
    let t: f64 = 1.0 / ((2.0f64 / 3.0).sqrt() / 2.0);
    let x = t / 3f64.sqrt();
    let want = 1.0 - 2.0 / std::f64::consts::PI * (x.atan() + x / (1.0 + x * x));
    let p = one_sample_t(7.0, (2.0f64 / 3.0).sqrt(), 4, 6.0).unwrap();
    assert_near(p, want, 1e-10);
    assert_near(p, 0.091721, 1e-6);
    assert_eq!(one_sample_t(7.0, 0.0, 4, 6.0), None);
}

/// Wilson interval, Newcombe (1998) example: 81 of 263 → 0.2553 to 0.3662.
#[test]
fn wilson_interval_of_a_proportion() {
    let (lo, hi) = wilson(81, 263, 0.95).unwrap();
    assert_near(lo, 0.2553, 1e-4);
    assert_near(hi, 0.3662, 1e-4);
    assert_eq!(wilson(0, 0, 0.95), None);
}

#[test]
fn the_seeded_generator_is_uniform_and_reproducible() {
    let mut a = SeededRng::new(7);
    let mut b = SeededRng::new(7);
    let xs: Vec<usize> = (0..6000).map(|_| a.below(6)).collect();
    let ys: Vec<usize> = (0..6000).map(|_| b.below(6)).collect();
    assert_eq!(xs, ys);
    for k in 0..6 {
        let c = xs.iter().filter(|&&x| x == k).count();
        assert!((850..1150).contains(&c), "{k}: {c}");
    }
}

/// `below` draws what plain rejection sampling (`x < MAX − MAX % n`, then `x % n`) draws
/// from the same stream, also where rejections are frequent (n just above 2^63): seeded
/// p-values and intervals do not depend on how the bound is checked.
#[test]
fn below_is_plain_rejection_sampling() {
    for n in [1usize, 2, 6, 1000, 2001, (1 << 63) + 1, usize::MAX] {
        let (mut a, mut b) = (SeededRng::new(3), SeededRng::new(3));
        for _ in 0..2000 {
            let zone = u64::MAX - u64::MAX % n as u64;
            let plain = loop {
                let x = b.next_u64();
                if x < zone {
                    break (x % n as u64) as usize;
                }
            };
            assert_eq!(a.below(n), plain, "n = {n}");
        }
    }
}

/// `actual` is within `tol` of `expected`, absolutely.
#[track_caller]
fn assert_near(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected} ± {tol}, got {actual} (off by {:e})",
        (actual - expected).abs()
    );
}

fn summary_of(values: &[f64]) -> Summary {
    values.iter().copied().collect()
}

// ---- Summary -------------------------------------------------------------------------

#[test]
fn summary_from_stored_parts_tests_like_the_original() {
    let a = summary_of(&[6.0, 7.0, 8.0, 7.0]);
    let b = summary_of(&[8.0, 9.0, 9.0, 8.0, 9.0, 9.0]);
    let a2 = Summary::from_parts(a.n(), a.mean().unwrap(), a.variance().unwrap());
    let b2 = Summary::from_parts(b.n(), b.mean().unwrap(), b.sd().unwrap().powi(2));
    let (w, w2) = (welch(&b, &a, 0.95).unwrap(), welch(&b2, &a2, 0.95).unwrap());
    assert_near(w2.p, w.p, 1e-12);
    assert_near(w2.df, w.df, 1e-9);
    assert_eq!(Summary::from_parts(1, 7.0, f64::NAN).variance(), None);
}

#[test]
fn welch_contrast_of_two_groups_is_welch() {
    let a = summary_of(&[6.0, 7.0, 8.0, 7.0]);
    let b = summary_of(&[8.0, 9.0, 9.0, 8.0, 9.0, 9.0]);
    let w = welch(&b, &a, 0.95).unwrap();
    let c = welch_contrast(&[(1.0, &b), (-1.0, &a)], 0.95).unwrap();
    assert_near(c.diff, w.diff, 1e-12);
    assert_near(c.se, w.se, 1e-12);
    assert_near(c.df, w.df, 1e-9);
    assert_near(c.p, w.p, 1e-12);
}

#[test]
fn welch_contrast_of_a_gap_change_adds_the_four_variances() {
    // Gap wave 1: E1 − C1; wave 2: E2 − C2. Change = (E2 − C2) − (E1 − C1).
    // Means: C1 7, E1 52/6, C2 = (5, 6, 7) → 6, E2 = (8, 8, 9, 9) → 8.5.
    // Change = (8.5 − 6) − (52/6 − 7) = 2.5 − 5/3 = 5/6.
    // Variances of the means: C1 (2/3)/4, E1 (4/15)/6, C2 1/3, E2 (1/3)/4.
    let c1 = summary_of(&[6.0, 7.0, 8.0, 7.0]);
    let e1 = summary_of(&[8.0, 9.0, 9.0, 8.0, 9.0, 9.0]);
    let c2 = summary_of(&[5.0, 6.0, 7.0]);
    let e2 = summary_of(&[8.0, 8.0, 9.0, 9.0]);
    let w = welch_contrast(&[(1.0, &e2), (-1.0, &c2), (-1.0, &e1), (1.0, &c1)], 0.95).unwrap();
    assert_near(w.diff, 5.0 / 6.0, 1e-12);
    let v = [
        2.0 / 3.0 / 4.0,
        4.0 / 15.0 / 6.0,
        1.0 / 3.0,
        1.0 / 3.0 / 4.0,
    ];
    let dfs = [3.0, 5.0, 2.0, 3.0];
    let se2: f64 = v.iter().sum();
    assert_near(w.se, se2.sqrt(), 1e-12);
    let df = se2 * se2 / v.iter().zip(dfs).map(|(v, d)| v * v / d).sum::<f64>();
    assert_near(w.df, df, 1e-9);
}

#[test]
fn summary_mean_and_sample_variance_match_hand_computation() {
    // 2 4 4 4 5 5 7 9: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
    // sample variance 32/7 (the population variance would be 32/8 = 4).
    let s = summary_of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    assert_eq!(s.n(), 8);
    assert_near(s.mean().unwrap(), 5.0, 1e-12);
    assert_near(s.variance().unwrap(), 32.0 / 7.0, 1e-12);
    assert_near(s.sd().unwrap(), (32.0f64 / 7.0).sqrt(), 1e-12);
}

#[test]
fn summary_is_accurate_far_from_zero() {
    // The shifted example from Wikipedia, "Algorithms for calculating variance":
    // 1e9 + {4, 7, 13, 16} has mean 1e9 + 10 and sample variance (36+9+9+36)/3 = 30,
    // where the naive sum-of-squares formula loses every digit.
    let s = summary_of(&[1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0]);
    assert_near(s.mean().unwrap(), 1e9 + 10.0, 1e-6);
    assert_near(s.variance().unwrap(), 30.0, 1e-6);
}

#[test]
fn summary_of_too_few_values_has_no_mean_or_variance() {
    let empty = Summary::new();
    assert_eq!(empty.n(), 0);
    assert_eq!(empty.mean(), None);
    assert_eq!(empty.variance(), None);
    assert_eq!(empty.sd(), None);

    let one = summary_of(&[3.5]);
    assert_eq!(one.mean(), Some(3.5));
    assert_eq!(one.variance(), None);
    assert_eq!(one.sd(), None);
}

#[test]
fn missing_values_are_ignored() {
    let mut s = Summary::new();
    for x in [Some(1.0), None, Some(3.0), None] {
        s.push_opt(x);
    }
    assert_eq!(s.n(), 2);
    assert_eq!(s.mean(), Some(2.0));
    assert_eq!(s.variance(), Some(2.0));
}

#[test]
fn extend_continues_where_push_left_off() {
    let mut s = Summary::new();
    s.push(1.0);
    s.extend([2.0, 3.0, 4.0]);
    // mean 2.5; squared deviations 2.25+0.25+0.25+2.25 = 5; variance 5/3.
    assert_eq!(s.n(), 4);
    assert_near(s.mean().unwrap(), 2.5, 1e-12);
    assert_near(s.variance().unwrap(), 5.0 / 3.0, 1e-12);
}

#[test]
fn organization_summary_is_the_merge_of_its_departments() {
    // Departments {1, 2, 3} and {10, 20}: whole = {1, 2, 3, 10, 20}, sum 36, mean 7.2,
    // squared deviations 38.44+27.04+17.64+7.84+163.84 = 254.8, variance 254.8/4 = 63.7.
    let mut org = summary_of(&[1.0, 2.0, 3.0]);
    org.merge(&summary_of(&[10.0, 20.0]));
    assert_eq!(org.n(), 5);
    assert_near(org.mean().unwrap(), 7.2, 1e-12);
    assert_near(org.variance().unwrap(), 63.7, 1e-12);
}

#[test]
fn merging_with_an_empty_summary_changes_nothing() {
    let dept = summary_of(&[1.0, 2.0, 4.0]);
    let mut a = dept;
    a.merge(&Summary::new());
    assert_eq!(a, dept);
    let mut b = Summary::new();
    b.merge(&dept);
    assert_eq!(b, dept);
}

// ---- Welch ---------------------------------------------------------------------------

/// Checks a Welch result against values printed by R's `t.test` (t and df to the printed
/// digits, p to ~1e-4, the CI to its 7 printed decimals).
#[track_caller]
fn assert_welch_matches(w: &Welch, t: f64, df: f64, p: f64, ci: (f64, f64)) {
    assert_near(w.t, t, 1e-4);
    assert_near(w.df, df, 1e-3);
    assert_near(w.p, p, 1e-4);
    assert_near(w.ci_low, ci.0, 1e-6);
    assert_near(w.ci_high, ci.1, 1e-6);
}

#[test]
fn welch_matches_published_worked_example() {
    // R documentation of stats::t.test, example `t.test(extra ~ group, data = sleep)`
    // (Student's 1908 sleep data, R `datasets::sleep`). R prints:
    //   t = -1.8608, df = 17.776, p-value = 0.07939
    //   95 percent confidence interval: -3.3654832  0.2054832
    //   mean in group 1 0.75, mean in group 2 2.33
    let group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    let group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    let w = welch(&summary_of(&group1), &summary_of(&group2), 0.95).unwrap();
    assert_near(w.diff, 0.75 - 2.33, 1e-12);
    assert_welch_matches(&w, -1.8608, 17.776, 0.07939, (-3.3654832, 0.2054832));
}

#[test]
fn welch_matches_r_documentation_example_with_outlier() {
    // R documentation of stats::t.test, example `t.test(1:10, y = c(7:20, 200))`:
    //   t = -1.6329, df = 14.165, p-value = 0.1245
    //   95 percent confidence interval: -47.242900  6.376233
    let x: Vec<f64> = (1..=10).map(f64::from).collect();
    let y: Vec<f64> = (7..=20).chain([200]).map(f64::from).collect();
    let w = welch(&summary_of(&x), &summary_of(&y), 0.95).unwrap();
    assert_welch_matches(&w, -1.6329, 14.165, 0.1245, (-47.242900, 6.376233));
}

#[test]
fn welch_matches_published_exam_booklet_example() {
    // Statology, "How to Perform Welch's t-test in R" (exam scores with / without a prep
    // booklet). Published R output:
    //   t = 2.2361, df = 14.354, p-value = 0.04171
    //   95 percent confidence interval: 0.3048395 13.8618272
    let booklet = [
        90.0, 85.0, 88.0, 89.0, 94.0, 91.0, 79.0, 83.0, 87.0, 88.0, 91.0, 90.0,
    ];
    let no_booklet = [
        67.0, 90.0, 71.0, 95.0, 88.0, 83.0, 72.0, 66.0, 75.0, 86.0, 93.0, 84.0,
    ];
    let w = welch(&summary_of(&booklet), &summary_of(&no_booklet), 0.95).unwrap();
    assert_welch_matches(&w, 2.2361, 14.354, 0.04171, (0.3048395, 13.8618272));
}

#[test]
fn welch_matches_hand_computation_with_closed_form_t2_distribution() {
    // a = {0, 2}: mean 1, s² = (1 + 1)/1 = 2.   b = {3, 5}: mean 4, s² = 2.
    // s²/n is 2/2 = 1 for both, so se = sqrt(1 + 1) = √2,
    // df = (1 + 1)² / (1²/1 + 1²/1) = 4/2 = 2, diff = −3, t = −3/√2.
    // With 2 df Student's t has a closed form: F(t) = 1/2 + t / (2·sqrt(2 + t²)), so
    //   p = 1 − |t|/sqrt(2 + t²) = 1 − (3/√2)/sqrt(13/2) = 1 − 3/√13,
    //   t(0.975, 2) = (2·0.975 − 1)/sqrt(2·0.975·0.025) = 0.95/sqrt(0.04875) ≈ 4.3027.
    let w = welch(&summary_of(&[0.0, 2.0]), &summary_of(&[3.0, 5.0]), 0.95).unwrap();
    let sqrt2 = 2.0f64.sqrt();
    assert_near(w.diff, -3.0, 1e-12);
    assert_near(w.se, sqrt2, 1e-12);
    assert_near(w.df, 2.0, 1e-12);
    assert_near(w.t, -3.0 / sqrt2, 1e-12);
    assert_near(w.p, 1.0 - 3.0 / 13.0f64.sqrt(), 1e-9);
    let t_crit = 0.95 / 0.04875f64.sqrt();
    assert_near(w.ci_low, -3.0 - t_crit * sqrt2, 1e-8);
    assert_near(w.ci_high, -3.0 + t_crit * sqrt2, 1e-8);
}

#[test]
fn welch_df_and_se_match_hand_computation_for_unequal_groups() {
    // a = {2, 4, 6}: mean 4, s² = (4 + 0 + 4)/2 = 4, s²/n = 4/3.
    // b = {1, 3, 5, 7, 9}: mean 5, s² = (16 + 4 + 0 + 4 + 16)/4 = 10, s²/n = 2.
    // se² = 4/3 + 2 = 10/3; df = (10/3)² / ((4/3)²/2 + 2²/4) = (100/9) / (17/9) = 100/17.
    // t = (4 − 5)/sqrt(10/3) = −sqrt(0.3).
    let w = welch(
        &summary_of(&[2.0, 4.0, 6.0]),
        &summary_of(&[1.0, 3.0, 5.0, 7.0, 9.0]),
        0.95,
    )
    .unwrap();
    assert_near(w.diff, -1.0, 1e-12);
    assert_near(w.se, (10.0f64 / 3.0).sqrt(), 1e-12);
    assert_near(w.df, 100.0 / 17.0, 1e-12);
    assert_near(w.t, -(0.3f64.sqrt()), 1e-12);
    // The p-value and the CI agree: the (1 − p) interval ends exactly at zero.
    let at_p = welch(
        &summary_of(&[2.0, 4.0, 6.0]),
        &summary_of(&[1.0, 3.0, 5.0, 7.0, 9.0]),
        1.0 - w.p,
    )
    .unwrap();
    assert_near(at_p.ci_high, 0.0, 1e-9);
}

#[test]
fn welch_swapping_groups_mirrors_the_result() {
    let a = summary_of(&[0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
    let b = summary_of(&[1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
    let ab = welch(&a, &b, 0.95).unwrap();
    let ba = welch(&b, &a, 0.95).unwrap();
    assert_near(ba.diff, -ab.diff, 1e-12);
    assert_near(ba.t, -ab.t, 1e-12);
    assert_near(ba.df, ab.df, 1e-12);
    assert_near(ba.p, ab.p, 1e-12);
    assert_near(ba.ci_low, -ab.ci_high, 1e-12);
    assert_near(ba.ci_high, -ab.ci_low, 1e-12);
}

#[test]
fn welch_with_huge_groups_becomes_the_z_test() {
    // n = 10¹⁰ per group, both variances 1: se = sqrt(2·10⁻¹⁰), df = 2(n − 1) ≈ 2·10¹⁰.
    // A difference of 1.96·se gives t = 1.96 and p = 2·Q(1.96) = 0.0499957902964408.
    let n = 10_000_000_000u64;
    let se = (2.0 / n as f64).sqrt();
    let group = |mean: f64| Summary::from_parts(n, mean, 1.0);
    let w = welch(&group(1.96 * se), &group(0.0), 0.95).unwrap();
    assert_near(w.t, 1.96, 1e-9);
    assert_near(w.df, 2.0 * (n - 1) as f64, 1.0);
    assert_near(w.p, 0.049_995_790_296_440_8, 1e-9);
}

#[test]
fn welch_is_undefined_for_tiny_or_constant_groups() {
    let ok = summary_of(&[1.0, 2.0, 3.0]);
    assert_eq!(welch(&summary_of(&[1.0]), &ok, 0.95), None);
    assert_eq!(welch(&ok, &Summary::new(), 0.95), None);
    // Both groups constant: se = 0.
    assert_eq!(
        welch(
            &summary_of(&[2.0, 2.0]),
            &summary_of(&[5.0, 5.0, 5.0]),
            0.95
        ),
        None
    );
}

#[test]
fn welch_with_one_constant_group_uses_the_other_groups_df() {
    // a constant: s²/n = 0, so df = (s_b²/n_b)² / ((s_b²/n_b)²/(n_b − 1)) = n_b − 1 = 2.
    // b = {1, 2, 3}: mean 2, s² = 1, se = sqrt(1/3), t = (5 − 2)/sqrt(1/3) = 3·√3.
    let w = welch(
        &summary_of(&[5.0, 5.0]),
        &summary_of(&[1.0, 2.0, 3.0]),
        0.95,
    )
    .unwrap();
    assert_near(w.df, 2.0, 1e-12);
    assert_near(w.t, 3.0 * 3.0f64.sqrt(), 1e-12);
}

// ---- Student's t quantile ------------------------------------------------------------

#[test]
fn student_t_quantile_matches_table_values() {
    // Two-sided 95% critical values from a standard t table (three decimals).
    assert_near(student_t_quantile(0.975, 1.0), 12.706, 5e-4);
    assert_near(student_t_quantile(0.975, 2.0), 4.303, 5e-4);
    assert_near(student_t_quantile(0.975, 10.0), 2.228, 5e-4);
    assert_near(student_t_quantile(0.975, 30.0), 2.042, 5e-4);
    assert_near(student_t_quantile(0.975, 1e6), 1.960, 5e-4);
    // Other rows of the same table: one-sided 95% and two-sided 99%.
    assert_near(student_t_quantile(0.95, 10.0), 1.812, 5e-4);
    assert_near(student_t_quantile(0.995, 10.0), 3.169, 5e-4);
}

#[test]
fn student_t_quantile_matches_closed_forms() {
    use std::f64::consts::PI;
    let probabilities = [
        1e-12, 1e-6, 0.001, 0.025, 0.3, 0.6, 0.9, 0.975, 0.995, 0.999_999,
    ];
    for p in probabilities {
        // df = 1 is the Cauchy distribution: Q(p) = tan(π(p − 1/2)), written as −1/tan(πp)
        // below the median so that it stays accurate in the far tail.
        let expected = if p < 0.5 {
            -1.0 / (PI * p).tan()
        } else {
            (PI * (p - 0.5)).tan()
        };
        assert_near(student_t_quantile(p, 1.0), expected, 1e-9 * expected.abs());
        // df = 2: Q(p) = (2p − 1) / sqrt(2p(1 − p)).
        let expected = (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
        assert_near(student_t_quantile(p, 2.0), expected, 1e-9 * expected.abs());
        // df = 4: Q(p) = sign(p − 1/2)·2·sqrt(q − 1), q = cos(arccos(√α)/3)/√α, α = 4p(1 − p).
        let alpha: f64 = 4.0 * p * (1.0 - p);
        let q = (alpha.sqrt().acos() / 3.0).cos() / alpha.sqrt();
        let expected = (p - 0.5).signum() * 2.0 * (q - 1.0).sqrt();
        assert_near(student_t_quantile(p, 4.0), expected, 1e-8 * expected.abs());
    }
    // Just above the median, where statrs' own inverse loses digits: tan(π·1e-7).
    let expected = (PI * 1e-7).tan();
    assert_near(
        student_t_quantile(0.5 + 1e-7, 1.0),
        expected,
        1e-8 * expected,
    );
    // Infinite df is the standard normal: z(0.975) = 1.959963984540054.
    assert_near(
        student_t_quantile(0.975, f64::INFINITY),
        1.959963984540054,
        1e-12,
    );
}

#[test]
fn student_t_quantile_returns_for_any_df() {
    // statrs' inverse_cdf never returns for df near 1e8; ours must, and must tend to z.
    for df in [1e5, 1e7, 1e8, 1e12, 1e300] {
        assert_near(student_t_quantile(0.975, df), 1.959963984540054, 1e-4);
    }
    let tiny = student_t_quantile(0.975, 1e-3);
    assert!(tiny > 1e100, "q = {tiny}");
    assert_eq!(student_t_quantile(0.0, 5.0), f64::NEG_INFINITY);
    assert_eq!(student_t_quantile(1.0, 5.0), f64::INFINITY);
}

#[test]
fn t_tail_probability_matches_closed_forms() {
    use std::f64::consts::PI;
    for t in [1e-9f64, 1e-5, 0.5, 2.0, 10.0, 1e3, 1e6, 1e12] {
        // df = 1: P(T > t) = atan(1/t)/π.
        let cauchy = (1.0 / t).atan() / PI;
        assert_near(student_t_sf(t, 1.0), cauchy, 1e-13 * cauchy);
        assert_near(student_t_sf(-t, 1.0), 1.0 - cauchy, 1e-13);
        // df = 2: P(T > t) = 1/2 − t/(2·sqrt(2 + t²)) = 1/(s(s + t)) with s = sqrt(2 + t²).
        let s = (2.0 + t * t).sqrt();
        let two = 1.0 / (s * (s + t));
        assert_near(student_t_sf(t, 2.0), two, 1e-13 * two);
    }
    // Very large df: the normal tail, Q(1.96) = 0.0249978951482204.
    assert_near(student_t_sf(1.96, 1e12), 0.024_997_895_148_220_4, 1e-12);
}

#[test]
fn student_t_quantile_is_symmetric_and_centred() {
    assert_near(student_t_quantile(0.5, 7.5), 0.0, 1e-12);
    assert_near(
        student_t_quantile(0.025, 7.5),
        -student_t_quantile(0.975, 7.5),
        1e-10,
    );
}

#[test]
fn student_t_quantile_of_invalid_input_is_nan() {
    assert!(student_t_quantile(1.5, 10.0).is_nan());
    assert!(student_t_quantile(-0.1, 10.0).is_nan());
    assert!(student_t_quantile(f64::NAN, 10.0).is_nan());
    assert!(student_t_quantile(0.975, 0.0).is_nan());
    assert!(student_t_quantile(0.975, -3.0).is_nan());
    assert!(student_t_quantile(0.975, f64::NAN).is_nan());
}

// ---- Pearson -------------------------------------------------------------------------

#[test]
fn pearson_matches_hand_computation() {
    // x = 1..5 (mean 3), y = {2, 4, 5, 4, 5} (mean 4).
    // dx = −2 −1 0 1 2, dy = −2 0 1 0 1: Sxy = 4+0+0+0+2 = 6, Sxx = 10, Syy = 4+0+1+0+1 = 6.
    // r = 6 / sqrt(10·6) = sqrt(0.6).
    let r = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]).unwrap();
    assert_near(r, 0.6f64.sqrt(), 1e-12);
}

#[test]
fn pearson_matches_anscombes_quartet() {
    // Anscombe (1973), "Graphs in Statistical Analysis", as tabulated on Wikipedia
    // ("Anscombe's quartet"): all four data sets have mean x = 9, mean y = 7.50 (to 2
    // decimals) and r = 0.816 (to 3 decimals).
    let x123 = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0];
    let x4 = [8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 19.0, 8.0, 8.0, 8.0];
    let sets: [(&[f64], [f64; 11]); 4] = [
        (
            &x123,
            [
                8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68,
            ],
        ),
        (
            &x123,
            [
                9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74,
            ],
        ),
        (
            &x123,
            [
                7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73,
            ],
        ),
        (
            &x4,
            [
                6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89,
            ],
        ),
    ];
    for (x, y) in sets {
        let mut acc = PairSummary::new();
        for (&xi, &yi) in x.iter().zip(&y) {
            acc.push(xi, yi);
        }
        assert_eq!(acc.n(), 11);
        assert_near(acc.mean_x().unwrap(), 9.0, 1e-12);
        assert_near(acc.mean_y().unwrap(), 7.50, 5e-3);
        assert_near(summary_of(x).variance().unwrap(), 11.0, 1e-12);
        assert_near(summary_of(&y).variance().unwrap(), 4.125, 3e-3);
        // The published 0.816 is truncated, not rounded (set IV is 0.81652…).
        let r = acc.pearson().unwrap();
        assert!((0.816..0.817).contains(&r), "r = {r}");
        assert_eq!(pearson(x, &y), acc.pearson());
    }
}

#[test]
fn pearson_of_a_perfect_line_is_one_and_is_accurate_far_from_zero() {
    // y = 1e9 − 3x: exactly −1, even with values around 1e9.
    let x: Vec<f64> = (0..50).map(|i| 1e9 + f64::from(i)).collect();
    let y: Vec<f64> = x.iter().map(|xi| 1e9 - 3.0 * xi).collect();
    assert_near(pearson(&x, &y).unwrap(), -1.0, 1e-12);
    assert_near(pearson(&x, &x).unwrap(), 1.0, 1e-12);
}

#[test]
fn pearson_is_undefined_for_constant_short_or_mismatched_input() {
    assert_eq!(pearson(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]), None);
    assert_eq!(pearson(&[7.0, 7.0], &[1.0, 2.0]), None);
    assert_eq!(pearson(&[1.0], &[2.0]), None);
    assert_eq!(pearson(&[], &[]), None);
    assert_eq!(pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0]), None);
    let empty = PairSummary::new();
    assert_eq!(empty.mean_x(), None);
    assert_eq!(empty.mean_y(), None);
    assert_eq!(empty.pearson(), None);
}

#[test]
fn pair_summary_of_an_organization_is_the_merge_of_its_departments() {
    // Same hand example as above, split 2 + 3: r must still be sqrt(0.6).
    let (x, y) = ([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 4.0, 5.0, 4.0, 5.0]);
    let mut first = PairSummary::new();
    let mut second = PairSummary::new();
    for i in 0..2 {
        first.push(x[i], y[i]);
    }
    for i in 2..5 {
        second.push(x[i], y[i]);
    }
    first.merge(&second);
    assert_eq!(first.n(), 5);
    assert_near(first.mean_x().unwrap(), 3.0, 1e-12);
    assert_near(first.mean_y().unwrap(), 4.0, 1e-12);
    assert_near(first.pearson().unwrap(), 0.6f64.sqrt(), 1e-12);
}

// ---- Ranks and Spearman --------------------------------------------------------------

#[test]
fn ties_get_average_ranks() {
    assert_eq!(
        average_ranks(&[10.0, 20.0, 20.0, 30.0]),
        [1.0, 2.5, 2.5, 4.0]
    );
    // Unsorted input, a triple tie spanning ranks 2, 3, 4 → 3, and −0.0 ties with 0.0.
    assert_eq!(
        average_ranks(&[5.0, 1.0, 5.0, 9.0, 5.0, -0.0, 0.0]),
        [5.0, 3.0, 5.0, 7.0, 5.0, 1.5, 1.5]
    );
    assert_eq!(average_ranks(&[4.0, 4.0, 4.0]), [2.0, 2.0, 2.0]);
    assert!(average_ranks(&[]).is_empty());
}

#[test]
fn spearman_matches_wikipedia_iq_tv_example() {
    // Wikipedia, "Spearman's rank correlation coefficient", example: IQ against hours of TV
    // per week; Σd² = 194, ρ = 1 − 6·194 / (10·(10² − 1)) = −29/165 = −0.175757…
    let iq = [
        106.0, 86.0, 100.0, 101.0, 99.0, 103.0, 97.0, 113.0, 112.0, 110.0,
    ];
    let tv = [7.0, 0.0, 27.0, 50.0, 28.0, 29.0, 20.0, 12.0, 6.0, 17.0];
    assert_near(spearman(&iq, &tv).unwrap(), -29.0 / 165.0, 1e-12);
}

#[test]
fn spearman_with_ties_is_pearson_of_average_ranks() {
    // x = 1..5 → ranks 1..5 (mean 3); y = {5, 6, 7, 8, 7} → ranks 1, 2, 3.5, 5, 3.5 (mean 3).
    // dx = −2 −1 0 1 2, dy = −2 −1 0.5 2 0.5: Sxy = 4+1+0+2+1 = 8, Sxx = 10,
    // Syy = 4+1+0.25+4+0.25 = 9.5; ρ = 8 / sqrt(95) ≈ 0.8208.
    let rho = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0]).unwrap();
    assert_near(rho, 8.0 / 95.0f64.sqrt(), 1e-12);

    // Ties on both sides: x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4 (both mean 2.5).
    // dx = −1.5 0 0 1.5, dy = −1.5 0.5 −0.5 1.5: Sxy = 4.5, Sxx = 4.5, Syy = 5;
    // ρ = 4.5 / sqrt(22.5) = sqrt(0.9).
    let rho = spearman(&[1.0, 2.0, 2.0, 3.0], &[10.0, 30.0, 20.0, 40.0]).unwrap();
    assert_near(rho, 0.9f64.sqrt(), 1e-12);
}

#[test]
fn spearman_sees_any_monotone_relation_as_perfect() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let y: Vec<f64> = x.iter().map(|v: &f64| v.powi(3)).collect();
    assert_near(spearman(&x, &y).unwrap(), 1.0, 1e-12);
    let y: Vec<f64> = x.iter().map(|v: &f64| (-v).exp()).collect();
    assert_near(spearman(&x, &y).unwrap(), -1.0, 1e-12);
}

#[test]
fn spearman_is_undefined_for_constant_short_or_mismatched_input() {
    assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 3.0, 3.0]), None);
    assert_eq!(spearman(&[1.0], &[1.0]), None);
    assert_eq!(spearman(&[1.0, 2.0], &[1.0, 2.0, 3.0]), None);
}

// ---- Quantiles -----------------------------------------------------------------------

#[test]
fn quantile_interpolates_like_numpy_type_7() {
    // h = (n − 1)·q; result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) on the sorted data.
    // [1, 2, 3, 4], q = 0.9: h = 2.7 → 3 + 0.7·(4 − 3) = 3.7.
    assert_near(quantile(&[1.0, 2.0, 3.0, 4.0], 0.9).unwrap(), 3.7, 1e-12);
    // Same data unsorted, q = 0.25: h = 0.75 → 1 + 0.75·1 = 1.75.
    assert_near(quantile(&[4.0, 1.0, 3.0, 2.0], 0.25).unwrap(), 1.75, 1e-12);
    // [15, 20, 35, 40, 50], q = 0.4: h = 1.6 → 20 + 0.6·(35 − 20) = 29.
    assert_near(
        quantile(&[50.0, 15.0, 40.0, 20.0, 35.0], 0.4).unwrap(),
        29.0,
        1e-12,
    );
    // Days to resolve [2, 3, 5, 8, 13, 21, 34], q = 0.9: h = 5.4 → 21 + 0.4·13 = 26.2.
    let days = [13.0, 2.0, 34.0, 5.0, 3.0, 21.0, 8.0];
    assert_near(quantile(&days, 0.9).unwrap(), 26.2, 1e-12);
}

#[test]
fn quantile_ends_are_minimum_and_maximum() {
    let v = [3.0, -1.0, 7.0, 2.0];
    assert_eq!(quantile(&v, 0.0), Some(-1.0));
    assert_eq!(quantile(&v, 1.0), Some(7.0));
    assert_eq!(quantile(&[42.0], 0.9), Some(42.0));
}

#[test]
fn median_is_middle_value_or_mean_of_middle_two() {
    assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[]), None);
}

#[test]
fn quantile_is_undefined_for_empty_input_or_q_outside_unit_interval() {
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(quantile(&[1.0, 2.0], 1.1), None);
    assert_eq!(quantile(&[1.0, 2.0], -0.1), None);
    assert_eq!(quantile(&[1.0, 2.0], f64::NAN), None);
}

// ---- Two-proportion z-test -----------------------------------------------------------

#[test]
fn two_proportion_z_matches_hand_computation() {
    // 30/50 = 0.6 against 20/50 = 0.4: diff 0.2; pooled 50/100 = 0.5;
    // se = sqrt(0.5·0.5·(1/50 + 1/50)) = sqrt(0.01) = 0.1; z = 0.2/0.1 = 2.
    // Two-sided p = 2·(1 − Φ(2)) = 0.0455002638963584 (the "95.45%" of the 2σ rule).
    let z = two_proportion_z(30, 50, 20, 50).unwrap();
    assert_near(z.diff, 0.2, 1e-12);
    assert_near(z.z, 2.0, 1e-12);
    assert_near(z.p, 0.045_500_263_896_358_4, 1e-9);
}

#[test]
fn two_proportion_z_with_unequal_waves_matches_hand_computation() {
    // 9/10 = 0.9 against 6/20 = 0.3: diff 0.6; pooled 15/30 = 0.5;
    // se² = 0.25·(1/10 + 1/20) = 0.0375; z² = 0.36/0.0375 = 9.6.
    // Normal table: Φ(3.09) = 0.99900, Φ(3.10) = 0.99903, so 0.00194 < p < 0.00200.
    let z = two_proportion_z(9, 10, 6, 20).unwrap();
    assert_near(z.diff, 0.6, 1e-12);
    assert_near(z.z, 9.6f64.sqrt(), 1e-12);
    assert!(z.p > 0.00194 && z.p < 0.00200, "p = {}", z.p);
    // Swapping the waves flips the sign, not the p-value.
    let swapped = two_proportion_z(6, 20, 9, 10).unwrap();
    assert_near(swapped.z, -z.z, 1e-12);
    assert_near(swapped.p, z.p, 1e-15);
}

#[test]
fn equal_rates_give_z_zero_and_p_one() {
    let z = two_proportion_z(40, 80, 10, 20).unwrap();
    assert_eq!(z.diff, 0.0);
    assert_eq!(z.z, 0.0);
    assert_near(z.p, 1.0, 1e-12);
}

#[test]
fn two_proportion_z_is_undefined_without_variation_or_data() {
    assert_eq!(two_proportion_z(0, 10, 0, 20), None); // pooled 0
    assert_eq!(two_proportion_z(10, 10, 20, 20), None); // pooled 1
    assert_eq!(two_proportion_z(1, 0, 1, 10), None);
    assert_eq!(two_proportion_z(1, 10, 0, 0), None);
    assert_eq!(two_proportion_z(11, 10, 1, 10), None); // more successes than trials
}

// ---- Properties ----------------------------------------------------------------------

/// Relative closeness, with `scale` as the floor of the magnitude (for values near zero).
fn close(a: f64, b: f64, rel: f64, scale: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(scale)
}

proptest! {
    #[test]
    fn summary_merge_of_an_arbitrary_split_equals_the_whole(
        values in prop::collection::vec(-1e6f64..1e6, 0..300),
        split in any::<prop::sample::Index>(),
    ) {
        let k = split.index(values.len() + 1);
        let whole = summary_of(&values);
        let mut merged = summary_of(&values[..k]);
        merged.merge(&summary_of(&values[k..]));
        prop_assert_eq!(merged.n(), values.len() as u64);

        // Reference values by the plain two-pass formulas, not by the code under test.
        let scale = values.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        if !values.is_empty() {
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            prop_assert!(close(merged.mean().unwrap(), whole.mean().unwrap(), 1e-9, scale));
            prop_assert!(close(merged.mean().unwrap(), mean, 1e-9, scale));
            if values.len() > 1 {
                let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
                // Rounding in a variance scales with the data's magnitude squared; the
                // floor keeps a near-zero variance from demanding more digits than exist.
                let var_scale = scale * scale * 1e-6;
                let merged_var = merged.variance().unwrap();
                prop_assert!(close(merged_var, whole.variance().unwrap(), 1e-9, var_scale));
                prop_assert!(close(merged_var, var, 1e-9, var_scale));
            }
        }
    }

    #[test]
    fn pair_summary_merge_of_an_arbitrary_split_equals_the_whole(
        pairs in prop::collection::vec((-1e3f64..1e3, -1e3f64..1e3), 0..300),
        split in any::<prop::sample::Index>(),
    ) {
        let k = split.index(pairs.len() + 1);
        let fill = |slice: &[(f64, f64)]| {
            let mut acc = PairSummary::new();
            for &(x, y) in slice {
                acc.push(x, y);
            }
            acc
        };
        let whole = fill(&pairs);
        let mut merged = fill(&pairs[..k]);
        merged.merge(&fill(&pairs[k..]));
        prop_assert_eq!(merged.n(), whole.n());
        match (merged.pearson(), whole.pearson()) {
            (Some(a), Some(b)) => prop_assert!(close(a, b, 1e-9, 1.0)),
            (a, b) => prop_assert_eq!(a, b),
        }
        if let (Some(a), Some(b)) = (merged.mean_x(), whole.mean_x()) {
            prop_assert!(close(a, b, 1e-9, 1e3));
        }
        if let (Some(a), Some(b)) = (merged.mean_y(), whole.mean_y()) {
            prop_assert!(close(a, b, 1e-9, 1e3));
        }
    }

    #[test]
    fn average_ranks_sum_to_the_sum_of_one_to_n(
        values in prop::collection::vec(-5i32..5, 0..100),
    ) {
        // Averaging tied ranks preserves their total, so the sum is always n(n + 1)/2.
        let values: Vec<f64> = values.into_iter().map(f64::from).collect();
        let ranks = average_ranks(&values);
        let n = values.len() as f64;
        prop_assert_eq!(ranks.iter().sum::<f64>(), n * (n + 1.0) / 2.0);
    }

    #[test]
    fn quantile_lies_between_min_and_max_and_grows_with_q(
        values in prop::collection::vec(-1e6f64..1e6, 1..100),
        q1 in 0.0f64..=1.0,
        q2 in 0.0f64..=1.0,
    ) {
        let (lo, hi) = if q1 <= q2 { (q1, q2) } else { (q2, q1) };
        let a = quantile(&values, lo).unwrap();
        let b = quantile(&values, hi).unwrap();
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // Allow a rounding error of the interpolation (a few ulps of the data's magnitude).
        let slack = 1e-9 * min.abs().max(max.abs());
        prop_assert!(min - slack <= a && a <= b + slack && b <= max + slack);
    }
}
