//! Departments (docs/definitions.md, docs/anonymity.md): everything of the organization level for one department — the
//! customers it served against its own employees, per layer too — plus its complaint log,
//! interactions and mood.
//!
//! Anonymity: a department's employee figures (and each department × layer cell) are only
//! shown when the suppression over the departments × layers table allows it; a department
//! whose customers are fewer than `anonymity.min_customers` is marked indicative.

use serde::Serialize;

use super::accumulate::{EmployeeAcc, WaveAccumulator};
use super::complaints;
use super::enablement::Enablement;
use super::interactions::{self, GroupAgreement};
use super::mood::GroupMood;
use super::orientation::Orientation;
use super::{GroupFigures, Hidden, employee_families, slice};
use crate::config::Config;
use crate::model::Organization;

/// Respondents of a department.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentCounts {
    /// Customers served by the department.
    pub customers: u64,
    /// Its employees; absent when suppressed.
    pub employees: Option<u64>,
}

/// Everything computed for one department.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentMetrics {
    /// Department id (as in `org.yaml` and the CSV files).
    pub id: String,
    /// Display name from `org.yaml` (the id when unknown).
    pub name: String,
    /// Respondent counts.
    pub n: DepartmentCounts,
    /// Indication, overall grade, aspects, layers, importance matrix and complaints of the
    /// department's customers against its employees.
    #[serde(flatten)]
    pub figures: GroupFigures,
    /// The department's employees are too few to show (or hidden to protect a group that
    /// is): every employee figure of the department as a whole is absent; department × layer
    /// cells carry their own `suppressed`.
    pub suppressed: bool,
    /// Orientation ladder; absent when suppressed.
    pub orientation: Option<Orientation>,
    /// Enablement; absent when suppressed.
    pub enablement: Option<Enablement>,
    /// Interaction agreement; absent when `interactions.csv` is absent.
    pub interactions: Option<GroupAgreement>,
    /// Mood; absent when `mood.csv` is absent.
    pub mood: Option<GroupMood>,
}

/// Which optional families the wave has, and the mood per department slot.
pub(crate) struct Families<'a> {
    pub complaint_log: bool,
    pub interactions: bool,
    pub mood: Option<&'a Vec<GroupMood>>,
}

/// Every department: those of `org.yaml` in their order, then any other seen in the data.
pub(crate) fn all(
    config: &Config,
    org: &Organization,
    acc: &WaveAccumulator,
    hidden: &Hidden,
    families: &Families<'_>,
) -> Vec<DepartmentMetrics> {
    // The slots are in canonical order already (`WaveAccumulator::canonicalize`).
    let order: Vec<(usize, &str)> = (1..acc.departments.slots())
        .filter_map(|s| Some((s, acc.departments.id(s)?)))
        .collect();
    order
        .into_iter()
        .map(|(slot, id)| department(config, org, acc, hidden, families, slot, id))
        .collect()
}

fn department(
    config: &Config,
    org: &Organization,
    acc: &WaveAccumulator,
    hidden: &Hidden,
    families: &Families<'_>,
    slot: usize,
    id: &str,
) -> DepartmentMetrics {
    let layers = acc.layers();
    let row = &hidden.table[slot];
    let suppressed = row[layers];
    let customers = acc.customers.get(slot);
    let cells: Vec<(EmployeeAcc, bool)> =
        (0..layers).map(|l| (acc.cell(slot, l), row[l])).collect();
    let everyone = acc.department_employees(slot);
    let staff = if suppressed {
        acc.empty_employees()
    } else {
        everyone.clone()
    };
    let first = slice(config, customers, &staff, &cells);
    let (orientation, enablement) = employee_families(config, &staff, &cells);
    let mut complaints = complaints::survey(config, &customers.complaints, &staff.complaint_score);
    if families.complaint_log {
        complaints.log = Some(complaints::log(acc.complaint_log.get(slot)));
    }
    let interactions = families.interactions.then(|| {
        let hide = hidden.interactions[slot];
        GroupAgreement {
            suppressed: hide,
            agreement: (!hide).then(|| interactions::agreement(acc.interactions.get(slot))),
        }
    });
    DepartmentMetrics {
        id: id.to_string(),
        name: org.department_name(id).to_string(),
        n: DepartmentCounts {
            customers: customers.respondents,
            employees: (!suppressed).then_some(everyone.respondents),
        },
        figures: first.figures(config, customers.respondents, complaints),
        suppressed,
        orientation: (!suppressed).then_some(orientation),
        enablement: (!suppressed).then_some(enablement),
        interactions,
        mood: families.mood.map(|m| m[slot].clone()),
    }
}

/// Why no department of this wave gets a report of its own: all respondents belong to one
/// department, so the organization report already is that department's report. `None` when
/// two or more departments have respondents.
pub fn single_department_reason(m: &super::WaveMetrics) -> Option<String> {
    let with_respondents = m
        .departments
        .iter()
        .filter(|d| d.n.customers > 0 || d.suppressed || d.n.employees.is_some_and(|n| n > 0))
        .count();
    (with_respondents <= 1).then(|| {
        "one department: the organization report is the report of its only department".to_string()
    })
}

impl DepartmentMetrics {
    /// Why this department gets no report of its own, if it does not: its employees are too
    /// few to show, or it served too few customers (docs/anonymity.md).
    pub fn report_skip_reason(&self, config: &Config) -> Option<String> {
        let min_e = config.anonymity.min_employees;
        let min_c = config.anonymity.min_customers;
        if self.suppressed || self.n.employees.is_none_or(|n| n < min_e) {
            return Some(format!(
                "fewer than {min_e} employees (or hidden to protect a smaller group)"
            ));
        }
        if self.n.customers < min_c {
            return Some(format!(
                "fewer than {min_c} customers ({})",
                self.n.customers
            ));
        }
        None
    }
}
