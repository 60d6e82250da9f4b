//! Interaction agreement (docs/definitions.md): how well employees read the customer right after a
//! contact. The customer response rate; over the interactions with both ratings the number of
//! pairs, the mean difference (employee − customer), Pearson's r, and the *missed unhappy*
//! share: the employee rated at or above the pass mark while the customer rated below it.

use std::collections::HashSet;

use serde::Serialize;

use super::complaints::share;
use crate::analysis::stats::{PairSummary, Summary};
use crate::model::Interaction;

/// Interactions of one group, mergeable.
#[derive(Debug, Clone, Default)]
pub struct InteractionAcc {
    /// Interactions logged.
    pub logged: u64,
    /// With a customer rating.
    pub responded: u64,
    /// (employee rating, customer rating) where both exist.
    pub pairs: PairSummary,
    /// Employee − customer rating where both exist.
    pub diff: Summary,
    /// Pairs with the customer below the pass mark.
    pub unhappy: u64,
    /// … that the employee rated at or above the pass mark.
    pub missed_unhappy: u64,
    /// Distinct employee pseudonyms, for the anonymity threshold.
    pub employees: HashSet<String>,
    /// Interactions without an employee pseudonym.
    pub anonymous: u64,
}

impl InteractionAcc {
    /// Add one interaction.
    pub fn push(&mut self, r: &Interaction, pass_mark: f64) {
        self.logged += 1;
        match &r.employee_id {
            Some(id) => {
                if !self.employees.contains(id) {
                    self.employees.insert(id.clone());
                }
            }
            None => self.anonymous += 1,
        }
        let Some(c) = r.customer_rating else {
            return;
        };
        self.responded += 1;
        let Some(e) = r.employee_rating else {
            return;
        };
        self.pairs.push(e, c);
        self.diff.push(e - c);
        if c < pass_mark {
            self.unhappy += 1;
            if e >= pass_mark {
                self.missed_unhappy += 1;
            }
        }
    }

    /// Combine `other` into `self`.
    pub fn merge(&mut self, o: &InteractionAcc) {
        self.logged += o.logged;
        self.responded += o.responded;
        self.pairs.merge(&o.pairs);
        self.diff.merge(&o.diff);
        self.unhappy += o.unhappy;
        self.missed_unhappy += o.missed_unhappy;
        self.employees.extend(o.employees.iter().cloned());
        self.anonymous += o.anonymous;
    }

    /// Group size for anonymity: distinct employees (at least 1 when anything was logged,
    /// so a group of unnamed employees still counts as small).
    pub fn group_size(&self) -> u64 {
        let n = self.employees.len() as u64;
        if n == 0 && self.logged > 0 { 1 } else { n }
    }
}

/// Interaction agreement of one group.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Interactions logged.
    pub logged: u64,
    /// Interactions the customer rated.
    pub responded: u64,
    /// responded / logged.
    pub response_rate: Option<f64>,
    /// Interactions with both ratings.
    pub pairs: u64,
    /// Mean employee rating over the pairs.
    pub employee_mean: Option<f64>,
    /// Mean customer rating over the pairs.
    pub customer_mean: Option<f64>,
    /// Mean of (employee − customer) over the pairs.
    pub mean_diff: Option<f64>,
    /// SD of (employee − customer).
    pub diff_sd: Option<f64>,
    /// Pearson's r of employee and customer rating.
    pub pearson: Option<f64>,
    /// Pairs with the customer below the pass mark.
    pub unhappy: u64,
    /// Pairs with the employee at or above the pass mark and the customer below it.
    pub missed_unhappy: u64,
    /// missed_unhappy / pairs (docs/definitions.md).
    pub missed_unhappy_share: Option<f64>,
    /// missed_unhappy / unhappy: of the unhappy customers, the share the employee missed.
    pub missed_of_unhappy: Option<f64>,
}

/// Agreement figures of an accumulator.
pub fn agreement(acc: &InteractionAcc) -> Agreement {
    Agreement {
        logged: acc.logged,
        responded: acc.responded,
        response_rate: share(acc.responded, acc.logged),
        pairs: acc.pairs.n(),
        employee_mean: acc.pairs.mean_x(),
        customer_mean: acc.pairs.mean_y(),
        mean_diff: acc.diff.mean(),
        diff_sd: acc.diff.sd(),
        pearson: acc.pairs.pearson(),
        unhappy: acc.unhappy,
        missed_unhappy: acc.missed_unhappy,
        missed_unhappy_share: share(acc.missed_unhappy, acc.pairs.n()),
        missed_of_unhappy: share(acc.missed_unhappy, acc.unhappy),
    }
}

/// A department's interaction agreement; the figures are absent when the department's
/// employees are too few to show (anonymity).
#[derive(Debug, Clone, Serialize)]
pub struct GroupAgreement {
    /// Below the anonymity threshold, or hidden to protect a department that is.
    pub suppressed: bool,
    /// The figures, absent when suppressed.
    #[serde(flatten)]
    pub agreement: Option<Agreement>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(emp: &str, e: Option<f64>, c: Option<f64>) -> Interaction {
        Interaction {
            interaction_id: String::new(),
            employee_id: Some(emp.into()),
            employee_rating: e,
            customer_rating: c,
            ..Interaction::default()
        }
    }

    #[test]
    fn missed_unhappy_is_employee_at_or_above_the_pass_mark_and_customer_below() {
        // 6 logged, 4 customer ratings (rate 4/6), 3 with both ratings:
        // (8, 4) missed unhappy; (5.5, 5) missed (5.5 counts as passing); (5, 7) not.
        // Differences 4, 0.5, −2 → mean 2.5/3. Unhappy customers among the pairs: 2, both missed.
        let rows = [
            i("a", Some(8.0), Some(4.0)),
            i("a", Some(5.5), Some(5.0)),
            i("b", Some(5.0), Some(7.0)),
            i("b", None, Some(3.0)),
            i("c", Some(9.0), None),
            i("c", Some(6.0), None),
        ];
        let mut acc = InteractionAcc::default();
        rows.iter().for_each(|r| acc.push(r, 5.5));
        let a = agreement(&acc);
        assert_eq!((a.logged, a.responded, a.pairs), (6, 4, 3));
        assert_eq!(a.response_rate, Some(4.0 / 6.0));
        assert!((a.mean_diff.unwrap() - 2.5 / 3.0).abs() < 1e-12);
        assert_eq!((a.unhappy, a.missed_unhappy), (2, 2));
        assert_eq!(a.missed_unhappy_share, Some(2.0 / 3.0));
        assert_eq!(a.missed_of_unhappy, Some(1.0));
        assert_eq!(acc.group_size(), 3);
        // Pearson r of x = (8, 5.5, 5), y = (4, 5, 7): mean x 37/6, mean y 16/3;
        // dx = (11, −4, −7)/6, dy = (−4, −1, 5)/3; Σdxdy = (−44 + 4 − 35)/18 = −75/18;
        // Σdx² = 186/36; Σdy² = 42/9; r = (−75/18) / sqrt(186/36 · 42/9) ≈ −0.84856.
        let r = (-75.0 / 18.0) / (186.0f64 / 36.0 * 42.0 / 9.0).sqrt();
        assert!((a.pearson.unwrap() - r).abs() < 1e-12, "{:?}", a.pearson);
    }
}
