//! Complaint handling (docs/definitions.md): from the survey the complaint rate, and among complainants
//! the mean complaint score, the resolution and repeat rates and the difference to the
//! benchmark, with staff's predicted complaint score set against it; from the complaint log
//! (`complaints.csv`) the median and 90th-percentile days to resolve, the open backlog, the
//! share of repeat complaints and the categories that recur most.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gap::Comparison;
use crate::analysis::stats::{Summary, mean_interval};
use crate::config::Config;
use crate::model::{ComplaintRecord, CustomerResponse, Resolution};

/// Customers' complaint answers of one group, mergeable.
#[derive(Debug, Clone, Default)]
pub struct SurveyAcc {
    /// Answered the `complaint` question.
    pub answered: u64,
    /// Complained (`complaint = 1`).
    pub complained: u64,
    /// Complainants' satisfaction with the handling.
    pub score: Summary,
    /// Complainants who answered `complaint_resolved`.
    pub resolution_answered: u64,
    /// … and said it was resolved.
    pub resolved: u64,
    /// Complainants who answered `complaint_repeat`.
    pub repeat_answered: u64,
    /// … and said the problem happened before.
    pub repeats: u64,
    /// The three shares as weighted means of 0/1 answers (complained, resolved, repeat), for
    /// weighted customers.
    pub weighted: [Summary; 3],
}

impl SurveyAcc {
    /// Add one customer.
    pub fn push(&mut self, r: &CustomerResponse) {
        let Some(complained) = r.complaint else {
            return;
        };
        let w = r.weight.unwrap_or(1.0);
        let one = |yes: bool| f64::from(u8::from(yes));
        self.answered += 1;
        self.weighted[0].push_weighted(one(complained), w);
        if !complained {
            return;
        }
        self.complained += 1;
        self.score.push_weighted_opt(r.complaint_score, w);
        if let Some(resolved) = r.complaint_resolved {
            self.resolution_answered += 1;
            self.resolved += u64::from(resolved);
            self.weighted[1].push_weighted(one(resolved), w);
        }
        if let Some(repeat) = r.complaint_repeat {
            self.repeat_answered += 1;
            self.repeats += u64::from(repeat);
            self.weighted[2].push_weighted(one(repeat), w);
        }
    }

    /// Combine `other` into `self`.
    pub fn merge(&mut self, o: &SurveyAcc) {
        self.answered += o.answered;
        self.complained += o.complained;
        self.score.merge(&o.score);
        self.resolution_answered += o.resolution_answered;
        self.resolved += o.resolved;
        self.repeat_answered += o.repeat_answered;
        self.repeats += o.repeats;
        for (a, b) in self.weighted.iter_mut().zip(&o.weighted) {
            a.merge(b);
        }
    }
}

/// A share from the counts, or the weighted share when the answers were weighted; with
/// Kish's effective size of the group in that case.
fn share_of(count: u64, n: u64, weighted: &Summary) -> (Option<f64>, Option<f64>) {
    if weighted.is_weighted() {
        (weighted.mean(), Some(weighted.n_eff()))
    } else {
        (share(count, n), None)
    }
}

/// `count / n`, absent when `n` is 0.
pub fn share(count: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| count as f64 / n as f64)
}

/// Where the complainants' mean stands against the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The 95% interval lies below the benchmark.
    Below,
    /// The 95% interval lies above the benchmark.
    Above,
    /// The benchmark lies within the interval.
    NotDistinguishable,
}

/// Complaint handling of one group of customers (and the matching employees).
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintMetrics {
    /// Customers who answered the complaint question.
    pub respondents: u64,
    /// Customers who complained.
    pub complainants: u64,
    /// Complaint rate: complainants / respondents.
    pub rate: Option<f64>,
    /// Complainants' mean satisfaction with the handling.
    pub score_mean: Option<f64>,
    /// n, mean and SD of that score.
    pub score: super::GroupStats,
    /// Complainants who answered whether it was resolved.
    pub resolution_n: u64,
    /// Of those, resolved.
    pub resolved: u64,
    /// resolved / resolution_n.
    pub resolution_rate: Option<f64>,
    /// Complainants who answered whether the problem happened before.
    pub repeat_n: u64,
    /// Of those, a repeat.
    pub repeats: u64,
    /// repeats / repeat_n: complaints not learned from.
    pub repeat_rate: Option<f64>,
    /// Weighted customers: Kish's effective size behind `rate` (the rates are then weighted
    /// shares); absent when unweighted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_n_eff: Option<f64>,
    /// The same behind `resolution_rate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_n_eff: Option<f64>,
    /// The same behind `repeat_rate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_n_eff: Option<f64>,
    /// The configured benchmark (`complaints.benchmark`).
    pub benchmark: f64,
    /// score_mean − benchmark.
    pub benchmark_diff: Option<f64>,
    /// Where the benchmark comes from (`complaints.benchmark.source`).
    pub benchmark_source: Option<String>,
    /// The year of the benchmark (`complaints.benchmark.year`).
    pub benchmark_year: Option<u32>,
    /// Lower bound of the 95% interval of the complainants' mean (Student's t).
    pub score_ci_low: Option<f64>,
    /// Upper bound of that interval.
    pub score_ci_high: Option<f64>,
    /// `below` when the interval lies below the benchmark, `above` when above it, otherwise
    /// `not_distinguishable`; absent without an interval.
    pub benchmark_verdict: Option<Verdict>,
    /// Staff's predicted complaint score against the complainants' score (gap, Welch test).
    /// The employee side is empty when the group of employees is suppressed.
    pub staff: Comparison,
    /// From the complaint log; absent when `complaints.csv` is absent.
    pub log: Option<ComplaintLog>,
}

/// Complaint handling from the survey answers of `customers` and the predictions of `staff`.
pub fn survey(config: &Config, customers: &SurveyAcc, staff: &Summary) -> ComplaintMetrics {
    let score_mean = customers.score.mean();
    let c = customers;
    let (rate, rate_n_eff) = share_of(c.complained, c.answered, &c.weighted[0]);
    let (resolution_rate, resolution_n_eff) =
        share_of(c.resolved, c.resolution_answered, &c.weighted[1]);
    let (repeat_rate, repeat_n_eff) = share_of(c.repeats, c.repeat_answered, &c.weighted[2]);
    let benchmark = &config.complaints.benchmark;
    let interval = mean_interval(&customers.score, 0.95);
    let verdict = interval.map(|(low, high)| {
        if high < benchmark.value {
            Verdict::Below
        } else if low > benchmark.value {
            Verdict::Above
        } else {
            Verdict::NotDistinguishable
        }
    });
    ComplaintMetrics {
        respondents: customers.answered,
        complainants: customers.complained,
        rate,
        score_mean,
        score: (&customers.score).into(),
        resolution_n: customers.resolution_answered,
        resolved: customers.resolved,
        resolution_rate,
        repeat_n: customers.repeat_answered,
        repeats: customers.repeats,
        repeat_rate,
        rate_n_eff,
        resolution_n_eff,
        repeat_n_eff,
        benchmark: config.complaints.benchmark.value,
        benchmark_diff: score_mean.map(|m| m - config.complaints.benchmark.value),
        benchmark_source: benchmark.source.clone(),
        benchmark_year: benchmark.year,
        score_ci_low: interval.map(|i| i.0),
        score_ci_high: interval.map(|i| i.1),
        benchmark_verdict: verdict,
        staff: Comparison::new(&customers.score, staff, config.alpha),
        log: None,
    }
}

/// The complaint log of one group, mergeable.
#[derive(Debug, Clone, Default)]
pub struct LogAcc {
    /// Complaints logged.
    pub logged: u64,
    /// Still open.
    pub open: u64,
    /// Resolution unknown (unreadable or impossible `resolved`).
    pub unknown: u64,
    /// With a `repeat_of`.
    pub repeats: u64,
    /// Days to resolve → number of complaints (whole days, so this stays small).
    pub days: BTreeMap<i64, u64>,
    /// Per category: (complaints, repeats).
    pub categories: BTreeMap<String, (u64, u64)>,
}

impl LogAcc {
    /// Add one complaint.
    pub fn push(&mut self, r: &ComplaintRecord) {
        self.logged += 1;
        let repeat = r.repeat_of.is_some();
        self.repeats += u64::from(repeat);
        match r.resolution {
            Resolution::Open => self.open += 1,
            Resolution::Unknown => self.unknown += 1,
            Resolution::Resolved(day) => {
                if let Some(received) = r.received {
                    *self.days.entry(received.days_until(day)).or_default() += 1;
                }
            }
        }
        if let Some(c) = &r.category {
            let e = self.categories.entry(c.clone()).or_default();
            e.0 += 1;
            e.1 += u64::from(repeat);
        }
    }

    /// Combine `other` into `self`.
    pub fn merge(&mut self, o: &LogAcc) {
        self.logged += o.logged;
        self.open += o.open;
        self.unknown += o.unknown;
        self.repeats += o.repeats;
        for (d, n) in &o.days {
            *self.days.entry(*d).or_default() += n;
        }
        for (c, (n, r)) in &o.categories {
            let e = self.categories.entry(c.clone()).or_default();
            e.0 += n;
            e.1 += r;
        }
    }
}

/// Type-7 quantile (as [`crate::analysis::stats::quantile`]) of the values a histogram holds.
fn histogram_quantile(hist: &BTreeMap<i64, u64>, q: f64) -> Option<f64> {
    let n: u64 = hist.values().sum();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as u64;
    let fraction = h - lo as f64;
    // The k-th smallest value (0-based).
    let nth = |k: u64| {
        let mut seen = 0;
        for (&v, &count) in hist {
            seen += count;
            if k < seen {
                return v as f64;
            }
        }
        unreachable!("k < n")
    };
    let lower = nth(lo);
    if fraction == 0.0 {
        return Some(lower);
    }
    Some(lower + fraction * (nth(lo + 1) - lower))
}

/// Categories listed as recurring.
pub const TOP_CATEGORIES: usize = 5;

/// Figures of the complaint log.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintLog {
    /// Complaints logged.
    pub logged: u64,
    /// Resolved with both dates known.
    pub resolved: u64,
    /// Open backlog: not resolved at the time of the export.
    pub open: u64,
    /// Complaints whose resolution could not be read.
    pub unknown: u64,
    /// Median days from received to resolved.
    pub median_days: Option<f64>,
    /// 90th percentile of the days to resolve.
    pub p90_days: Option<f64>,
    /// Complaints that repeat an earlier one (`repeat_of` set).
    pub repeats: u64,
    /// repeats / logged.
    pub repeat_share: Option<f64>,
    /// The categories that recur most: by repeats, then by complaints, then by name.
    pub top_categories: Vec<CategoryCount>,
}

/// Complaints and repeats of one category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryCount {
    /// Category as logged.
    pub category: String,
    /// Complaints in it.
    pub complaints: u64,
    /// Of which repeats.
    pub repeats: u64,
    /// repeats / complaints.
    pub repeat_share: Option<f64>,
}

/// Figures of a complaint log.
pub fn log(acc: &LogAcc) -> ComplaintLog {
    let mut cats: Vec<CategoryCount> = acc
        .categories
        .iter()
        .map(|(c, &(n, r))| CategoryCount {
            category: c.clone(),
            complaints: n,
            repeats: r,
            repeat_share: share(r, n),
        })
        .collect();
    cats.sort_by(|a, b| {
        (b.repeats, b.complaints)
            .cmp(&(a.repeats, a.complaints))
            .then_with(|| a.category.cmp(&b.category))
    });
    cats.truncate(TOP_CATEGORIES);
    ComplaintLog {
        logged: acc.logged,
        resolved: acc.days.values().sum(),
        open: acc.open,
        unknown: acc.unknown,
        median_days: histogram_quantile(&acc.days, 0.5),
        p90_days: histogram_quantile(&acc.days, 0.9),
        repeats: acc.repeats,
        repeat_share: share(acc.repeats, acc.logged),
        top_categories: cats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use std::path::Path;

    fn config() -> Config {
        Config::load(Path::new("config/spiegel.yaml")).unwrap()
    }

    fn customer(
        c: Option<bool>,
        score: Option<f64>,
        res: Option<bool>,
        rep: Option<bool>,
    ) -> CustomerResponse {
        CustomerResponse {
            complaint: c,
            complaint_score: score,
            complaint_resolved: res,
            complaint_repeat: rep,
            ..CustomerResponse::default()
        }
    }

    #[test]
    fn complaint_rate_and_handling_are_computed_among_complainants() {
        // 5 answered (one did not answer), 3 complained: rate 3/5 = 0.6.
        // Complainants' scores 4, 6, 8 → mean 6, benchmark 5.9 → diff +0.1.
        // Resolution answered by 3, resolved 2 → 2/3; repeat answered by 2, 1 repeat → 1/2.
        // A non-complainant's score (9) does not count.
        let rows = [
            customer(Some(true), Some(4.0), Some(true), Some(true)),
            customer(Some(true), Some(6.0), Some(false), None),
            customer(Some(true), Some(8.0), Some(true), Some(false)),
            customer(Some(false), Some(9.0), None, None),
            customer(Some(false), None, None, None),
            customer(None, Some(2.0), Some(true), Some(true)),
        ];
        let mut acc = SurveyAcc::default();
        rows.iter().for_each(|r| acc.push(r));
        let staff: Summary = [7.0, 8.0, 9.0].into_iter().collect();
        let m = survey(&config(), &acc, &staff);
        assert_eq!((m.respondents, m.complainants), (5, 3));
        assert_eq!(m.rate, Some(0.6));
        assert_eq!(m.score_mean, Some(6.0));
        assert!((m.benchmark_diff.unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(m.resolution_rate, Some(2.0 / 3.0));
        assert_eq!(m.repeat_rate, Some(0.5));
        // Staff predict 8 on average: the complaint-handling gap is 8 − 6 = 2.
        assert_eq!(m.staff.gap, Some(2.0));
        assert_eq!(m.staff.employee.n, 3);
    }

    fn record(
        id: &str,
        cat: &str,
        received: &str,
        resolved: Option<&str>,
        repeat_of: Option<&str>,
    ) -> ComplaintRecord {
        ComplaintRecord {
            complaint_id: id.into(),
            department: None,
            category: Some(cat.into()),
            received: Date::parse_iso(received),
            resolution: match resolved {
                None => Resolution::Open,
                Some(d) => Resolution::Resolved(Date::parse_iso(d).unwrap()),
            },
            repeat_of: repeat_of.map(str::to_string),
        }
    }

    #[test]
    fn complaint_log_gives_days_to_resolve_backlog_and_recurring_categories() {
        // Days to resolve: 2, 4, 5, 10, 30 (sorted). Median = 5.
        // p90 (type 7): h = (5 − 1)·0.9 = 3.6 → 10 + 0.6·(30 − 10) = 22.
        let rows = [
            record("k1", "Wachttijd", "2026-03-02", Some("2026-03-04"), None),
            record(
                "k2",
                "Wachttijd",
                "2026-03-02",
                Some("2026-03-06"),
                Some("k1"),
            ),
            record("k3", "Bejegening", "2026-03-02", Some("2026-03-07"), None),
            record(
                "k4",
                "Wachttijd",
                "2026-03-02",
                Some("2026-03-12"),
                Some("k1"),
            ),
            record(
                "k5",
                "Bejegening",
                "2026-03-02",
                Some("2026-04-01"),
                Some("k3"),
            ),
            record("k6", "Post", "2026-03-20", None, None),
            record("k7", "Post", "2026-03-21", None, None),
        ];
        let mut acc = LogAcc::default();
        rows.iter().for_each(|r| acc.push(r));
        let l = log(&acc);
        assert_eq!((l.logged, l.resolved, l.open, l.repeats), (7, 5, 2, 3));
        assert_eq!(l.median_days, Some(5.0));
        assert!((l.p90_days.unwrap() - 22.0).abs() < 1e-12);
        assert_eq!(l.repeat_share, Some(3.0 / 7.0));
        let top: Vec<(&str, u64, u64)> = l
            .top_categories
            .iter()
            .map(|c| (c.category.as_str(), c.complaints, c.repeats))
            .collect();
        assert_eq!(
            top,
            [("Wachttijd", 3, 2), ("Bejegening", 2, 1), ("Post", 2, 0)]
        );
    }

    proptest::proptest! {
        #[test]
        fn histogram_quantile_equals_the_quantile_of_the_values(
            values in proptest::collection::vec(0i64..60, 1..80),
            q in 0.0f64..=1.0,
        ) {
            let mut hist = BTreeMap::new();
            for v in &values {
                *hist.entry(*v).or_insert(0u64) += 1;
            }
            let as_f64: Vec<f64> = values.iter().map(|&v| v as f64).collect();
            let expected = crate::analysis::stats::quantile(&as_f64, q).unwrap();
            let got = histogram_quantile(&hist, q).unwrap();
            proptest::prop_assert!((got - expected).abs() < 1e-9);
        }
    }
}
