//! The mirror gap: mean(employee prediction) − mean(customer score), with Welch's t-test.
//! Positive = staff overestimate (blind spot); negative = staff underestimate (hidden strength).

use serde::Serialize;

use super::GroupStats;
use crate::analysis::stats::{Summary, hedges_g, welch};
use crate::config::Config;

/// Customers against employees on one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// Customers' scores.
    pub customer: GroupStats,
    /// Employees' predictions.
    pub employee: GroupStats,
    /// Employee mean − customer mean.
    pub gap: Option<f64>,
    /// Standard error of the gap.
    pub se: Option<f64>,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: Option<f64>,
    /// Two-sided p-value.
    pub p: Option<f64>,
    /// `p` adjusted for multiple comparisons within the test's family (`docs/statistics.md`).
    pub q: Option<f64>,
    /// Hedges' g of the gap (employees against customers, pooled SD).
    pub g: Option<f64>,
    /// Lower bound of the 95% confidence interval of the gap.
    pub ci_low: Option<f64>,
    /// Upper bound of the 95% confidence interval of the gap.
    pub ci_high: Option<f64>,
    /// `q < alpha`, and the employee group has at least `statistics.min_for_tests` respondents.
    pub significant: bool,
}

impl Comparison {
    /// Compare two summaries: employees (`staff`) against customers.
    pub fn new(customers: &Summary, staff: &Summary, alpha: f64) -> Comparison {
        let gap = match (staff.mean(), customers.mean()) {
            (Some(e), Some(c)) => Some(e - c),
            _ => None,
        };
        let test = welch(staff, customers, 0.95);
        Comparison {
            customer: customers.into(),
            employee: staff.into(),
            gap,
            se: test.map(|t| t.se),
            df: test.map(|t| t.df),
            p: test.map(|t| t.p),
            q: test.map(|t| t.p),
            g: hedges_g(staff, customers),
            ci_low: test.map(|t| t.ci_low),
            ci_high: test.map(|t| t.ci_high),
            significant: test.is_some_and(|t| t.p < alpha),
        }
    }

    /// Set the adjusted `q` and decide significance: `q < alpha` from an employee group of at
    /// least `min_for_tests` respondents.
    pub fn settle_significance(&mut self, q: Option<f64>, config: &Config) {
        self.q = q;
        self.significant = q.is_some_and(|q| q < config.alpha)
            && self.employee.n >= config.statistics.min_for_tests;
    }
}

/// A layer's comparison; `None` figures when the layer is suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct LayerComparison {
    /// Layer id.
    pub layer: String,
    /// The layer is below the anonymity threshold (or hidden to protect one that is).
    pub suppressed: bool,
    /// The comparison, absent when suppressed or empty.
    #[serde(flatten)]
    pub comparison: Option<Comparison>,
}

/// The comparison per layer: customers against each layer's employees. `layers` holds per
/// configured layer the employees' summary and whether the layer is hidden.
pub fn by_layer(
    config: &Config,
    customers: &Summary,
    layers: &[(Summary, bool)],
) -> Vec<LayerComparison> {
    config
        .layers
        .iter()
        .zip(layers)
        .map(|(layer, (staff, hidden))| LayerComparison {
            layer: layer.id.clone(),
            suppressed: *hidden,
            comparison: (!hidden && staff.n() > 0)
                .then(|| Comparison::new(customers, staff, config.alpha)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked example computed by hand.
    /// Customers 6, 7, 8, 7 → mean 7, s² = (1+0+1+0)/3 = 2/3.
    /// Staff 8, 9, 9, 8, 9, 9 → mean 52/6 = 8.6667, s² = (4·(1/9) + 2·(4/9))/5 = (12/9)/5 = 0.26667.
    /// gap = 1.6667; se = sqrt(0.66667/4 + 0.26667/6) = sqrt(0.16667 + 0.04444) = 0.45947.
    /// df = 0.21111² / (0.16667²/3 + 0.04444²/5) = 0.044568 / (0.0092593 + 0.00039506) = 4.6163.
    /// t = 3.6274; two-sided p = 0.017347, from integrating the t(4.6164) density numerically
    /// (Simpson's rule, outside this code base).
    #[test]
    fn gap_is_employee_mean_minus_customer_mean_with_welch_test() {
        let customers: Summary = [6.0, 7.0, 8.0, 7.0].into_iter().collect();
        let staff: Summary = [8.0, 9.0, 9.0, 8.0, 9.0, 9.0].into_iter().collect();
        let c = Comparison::new(&customers, &staff, 0.05);
        let gap = 52.0 / 6.0 - 7.0;
        assert!((c.gap.unwrap() - gap).abs() < 1e-12);
        let se = (2.0 / 3.0 / 4.0 + (4.0 / 15.0) / 6.0_f64).sqrt();
        assert!((c.se.unwrap() - se).abs() < 1e-12);
        let (v1, v2): (f64, f64) = (2.0 / 3.0 / 4.0, (4.0 / 15.0) / 6.0);
        let df: f64 = (v1 + v2).powi(2) / (v1 * v1 / 3.0 + v2 * v2 / 5.0);
        assert!((c.df.unwrap() - df).abs() < 1e-9);
        assert!((c.p.unwrap() - 0.017347).abs() < 2e-5, "p = {:?}", c.p);
        assert!(c.significant);
        assert!(c.ci_low.unwrap() > 0.0 && c.ci_low.unwrap() < gap);
        assert!(((c.ci_low.unwrap() + c.ci_high.unwrap()) / 2.0 - gap).abs() < 1e-12);
    }

    #[test]
    fn one_respondent_gives_a_gap_but_no_test() {
        let customers: Summary = [6.0, 7.0].into_iter().collect();
        let staff: Summary = [9.0].into_iter().collect();
        let c = Comparison::new(&customers, &staff, 0.05);
        assert_eq!(c.gap, Some(2.5));
        assert_eq!(c.p, None);
        assert!(!c.significant);
    }
}
