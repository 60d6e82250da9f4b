//! Test families and their multiplicity correction (`docs/statistics.md`). The tests of a report
//! are grouped in declared families — mirror gaps over aspects; aspect × layer gaps; importance
//! gaps; departments; wave-to-wave changes — and each family is corrected with the configured
//! method (`statistics.multiple_comparisons`: Benjamini–Hochberg by default). `p` stays raw,
//! `q` is adjusted, and *significant* means `q < alpha` (for employee groups only from
//! `statistics.min_for_tests` respondents on).

use serde::Serialize;

use super::gap::Comparison;
use super::importance::AspectImportance;
use super::{AspectMetrics, WaveMetrics};
use crate::analysis::stats::adjust;
use crate::config::Config;

/// The declared families, in the order the methodology section names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Mirror gaps over the aspects (all employees against customers).
    MirrorGaps,
    /// Aspect × layer gaps.
    LayerGaps,
    /// Importance gaps (all employees, and the leadership layers together).
    ImportanceGaps,
    /// Every test within the departments.
    Departments,
    /// Changes since the previous wave.
    Changes,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 5] = [
        Family::MirrorGaps,
        Family::LayerGaps,
        Family::ImportanceGaps,
        Family::Departments,
        Family::Changes,
    ];

    /// Identifier in files and translation keys.
    pub fn id(self) -> &'static str {
        match self {
            Family::MirrorGaps => "mirror_gaps",
            Family::LayerGaps => "layer_gaps",
            Family::ImportanceGaps => "importance_gaps",
            Family::Departments => "departments",
            Family::Changes => "changes",
        }
    }
}

/// Something with a p-value that gets a `q` and a verdict.
enum Test<'a> {
    Gap(&'a mut Comparison),
    /// A test stored as loose fields: its p, where its q and verdict go, and the employee
    /// group's size.
    Fields {
        p: Option<f64>,
        q: &'a mut Option<f64>,
        significant: &'a mut bool,
        n: u64,
    },
}

impl Test<'_> {
    fn p(&self) -> Option<f64> {
        match self {
            Test::Gap(c) => c.p,
            Test::Fields { p, .. } => *p,
        }
    }

    fn settle(&mut self, q: Option<f64>, config: &Config) {
        match self {
            Test::Gap(c) => c.settle_significance(q, config),
            Test::Fields {
                q: slot,
                significant,
                n,
                ..
            } => {
                **slot = q;
                **significant =
                    q.is_some_and(|q| q < config.alpha) && *n >= config.statistics.min_for_tests;
            }
        }
    }
}

fn correct_family(config: &Config, mut tests: Vec<Test<'_>>) {
    let p: Vec<Option<f64>> = tests.iter().map(Test::p).collect();
    let q = adjust(&p, config.statistics.multiple_comparisons);
    for (t, q) in tests.iter_mut().zip(q) {
        t.settle(q, config);
    }
}

fn importance_tests(aspects: &mut [AspectMetrics]) -> Vec<Test<'_>> {
    let mut out = Vec::new();
    for a in aspects {
        let AspectImportance {
            p,
            q,
            significant,
            employee,
            leadership,
            ..
        } = &mut a.importance;
        out.push(Test::Fields {
            p: *p,
            q,
            significant,
            n: employee.n,
        });
        if let Some(c) = leadership {
            out.push(Test::Gap(c));
        }
    }
    out
}

/// Correct every family of one wave except the changes (which the trends correct once they
/// are known, in `trends.rs`).
pub(crate) fn correct(config: &Config, m: &mut WaveMetrics) {
    m.figures
        .overall
        .settle_significance(m.figures.overall.p, config);
    let staff = &mut m.figures.complaints.staff;
    staff.settle_significance(staff.p, config);
    correct_family(
        config,
        m.figures
            .aspects
            .iter_mut()
            .map(|a| Test::Gap(&mut a.comparison))
            .collect(),
    );
    correct_family(
        config,
        m.figures
            .aspects
            .iter_mut()
            .flat_map(|a| a.by_layer.iter_mut())
            .filter_map(|l| l.comparison.as_mut().map(Test::Gap))
            .collect(),
    );
    correct_family(config, importance_tests(&mut m.figures.aspects));
    let mut tests = Vec::new();
    for d in &mut m.departments {
        let staff = &mut d.figures.complaints.staff;
        staff.settle_significance(staff.p, config);
        tests.push(Test::Gap(&mut d.figures.overall));
        for a in &mut d.figures.aspects {
            tests.push(Test::Gap(&mut a.comparison));
            for l in &mut a.by_layer {
                if let Some(c) = l.comparison.as_mut() {
                    tests.push(Test::Gap(c));
                }
            }
        }
    }
    correct_family(config, tests);
}
