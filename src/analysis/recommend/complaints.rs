//! Rules on complaint handling: below the benchmark (`complaint_below_benchmark`) and the
//! same problems coming back (`complaints_not_learned`).

use super::{Ctx, Finding, finding};
use crate::analysis::metrics::complaints::Verdict;
use crate::analysis::stats::wilson;

/// The complaint-handling score among complainants is below the benchmark: the 95% interval
/// of their mean lies below it (and by at least the margin).
pub(super) fn complaint_below_benchmark(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let c = &m.figures.complaints;
    let (Some(score), Some(diff), Some(lo), Some(hi)) = (
        c.score_mean,
        c.benchmark_diff,
        c.score_ci_low,
        c.score_ci_high,
    ) else {
        return Vec::new();
    };
    if c.score.n < s.min_cases
        || c.benchmark_verdict != Some(Verdict::Below)
        || !x.passes("benchmark")
        || diff > -s.complaint_benchmark_margin
    {
        return Vec::new();
    }
    vec![finding(
        None,
        -diff * 1.5,
        &[
            ("score", score),
            ("benchmark", c.benchmark),
            ("gap", diff),
            ("ci_low", lo),
            ("ci_high", hi),
            ("n_complainants", c.score.n as f64),
            ("target", c.benchmark),
        ],
    )]
}

/// Complaints get handled but the same problems come back: a repeat rate whose 95% Wilson
/// interval lies above the threshold (survey), or a logged share above it (the log is a
/// census, not a sample).
pub(super) fn complaints_not_learned(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    let c = &m.figures.complaints;
    let survey = c
        .repeat_rate
        .filter(|_| c.repeat_n >= s.min_cases)
        .and_then(|rate| {
            let (lo, hi) = wilson(c.repeats, c.repeat_n, 0.95)?;
            (lo > s.repeat_rate && x.passes("repeat")).then_some((rate, Some((lo, hi)), c.repeat_n))
        });
    let log = c
        .log
        .as_ref()
        .filter(|l| l.logged >= s.min_cases)
        .and_then(|l| Some((l.repeat_share?, None, l.logged)))
        .filter(|(rate, _, _)| *rate >= s.repeat_rate);
    let Some((rate, interval, n)) = survey
        .into_iter()
        .chain(log)
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return Vec::new();
    };
    let mut evidence = vec![
        ("repeat_rate", rate),
        ("threshold_rate", s.repeat_rate),
        ("n_cases", n as f64),
        ("target", s.repeat_rate),
    ];
    if let Some((lo, hi)) = interval {
        evidence.push(("ci_low_rate", lo));
        evidence.push(("ci_high_rate", hi));
    }
    vec![finding(None, rate * 4.0, &evidence)]
}
