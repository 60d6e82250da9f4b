//! The group reported on: the whole organization or one of its departments, as a borrowed
//! view of a wave's metrics. A report and the rules read the group's own figures through it,
//! and the organization's metrics for what a department has no own version of (its name, wave,
//! language, the files it was read from) and for comparison.

use super::departments::DepartmentMetrics;
use super::enablement::Enablement;
use super::interactions::Agreement;
use super::mood::MoodSeries;
use super::orientation::Orientation;
use super::themes::ThemeMetrics;
use super::{Counts, GroupFigures, WaveMetrics};

/// What a report and the rules read about the group reported on.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    /// The whole organization's metrics of the wave: its name, wave, language and data quality
    /// (a department's files are the organization's), and its figures to compare with.
    pub org: &'a WaveMetrics,
    /// The department, when the group is one; `None` for the whole organization.
    pub department: Option<&'a DepartmentMetrics>,
    /// Respondent counts (a department's are unweighted: no effective sizes).
    pub n: Counts,
    /// Indication, overall grade, aspects, layers, importance matrix and complaints.
    pub figures: &'a GroupFigures,
    /// The orientation ladder.
    pub orientation: &'a Orientation,
    /// Enablement.
    pub enablement: &'a Enablement,
    /// Interaction agreement; absent without `interactions.csv` or when hidden.
    pub interactions: Option<&'a Agreement>,
    /// Mood per ISO week; absent without `mood.csv` or when hidden.
    pub mood: Option<&'a MoodSeries>,
}

impl<'a> Group<'a> {
    /// The departments to compare: the organization's; none within a department.
    pub fn departments(&self) -> &'a [DepartmentMetrics] {
        match self.department {
            None => &self.org.departments,
            Some(_) => &[],
        }
    }

    /// The open answers coded into themes: counted for the whole organization only.
    pub fn themes(&self) -> Option<&'a ThemeMetrics> {
        self.department.is_none().then_some(&self.org.themes)
    }
}

impl WaveMetrics {
    /// The whole organization as the group reported on.
    pub fn group(&self) -> Group<'_> {
        Group {
            org: self,
            department: None,
            n: self.n,
            figures: &self.figures,
            orientation: &self.orientation,
            enablement: &self.enablement,
            interactions: self.interactions.as_ref(),
            mood: self.mood.as_ref(),
        }
    }
}

impl DepartmentMetrics {
    /// This department of `org` as the group reported on; `None` when its employees are
    /// hidden (then it has no employee figures to set against its customers).
    pub fn group<'a>(&'a self, org: &'a WaveMetrics) -> Option<Group<'a>> {
        if self.suppressed {
            return None;
        }
        Some(Group {
            org,
            department: Some(self),
            n: Counts {
                customers: self.n.customers,
                employees: self.n.employees?,
                customers_eff: None,
                employees_eff: None,
            },
            figures: &self.figures,
            orientation: self.orientation.as_ref()?,
            enablement: self.enablement.as_ref()?,
            interactions: self
                .interactions
                .as_ref()
                .and_then(|g| g.agreement.as_ref()),
            mood: self.mood.as_ref().and_then(|g| g.series.as_ref()),
        })
    }
}

#[cfg(test)]
mod tests {
    /// The organization's group is its own figures; a department's group is the department's
    /// figures with the organization beside it, and nothing of a hidden department.
    #[test]
    fn a_group_is_the_organization_or_one_shown_department() {
        let a = crate::analysis::sample().2.pop().unwrap();
        let m = &a.metrics;
        let whole = m.group();
        assert!(std::ptr::eq(whole.figures, &m.figures));
        assert_eq!(whole.departments().len(), m.departments.len());
        assert!(whole.themes().is_some());
        let d = m.departments.iter().find(|d| !d.suppressed).unwrap();
        let g = d.group(m).unwrap();
        assert!(std::ptr::eq(g.figures, &d.figures));
        assert!(std::ptr::eq(g.org, m));
        assert_eq!(g.department.map(|x| &x.id), Some(&d.id));
        assert_eq!(g.n.employees, d.n.employees.unwrap());
        assert_eq!(g.n.customers, d.n.customers);
        assert!(g.departments().is_empty() && g.themes().is_none());
        let mut hidden = d.clone();
        hidden.suppressed = true;
        assert!(hidden.group(m).is_none());
    }
}
