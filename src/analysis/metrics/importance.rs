//! Importance: customers' stated importance, staff's predicted importance, derived
//! importance (Pearson r of an aspect with the overall grade), and the
//! importance–performance matrix (Martilla & James) with data-centred crosshairs.

use serde::Serialize;

use super::accumulate::{CustomerAcc, EmployeeAcc};
use super::gap::Comparison;
use super::{AspectMetrics, GroupStats, settle};
use crate::analysis::stats::{Summary, hedges_g, welch};
use crate::config::Config;

/// Importance figures of one aspect.
#[derive(Debug, Clone, Serialize)]
pub struct AspectImportance {
    /// Customers' stated importance.
    pub customer: GroupStats,
    /// All employees' predicted importance.
    pub employee: GroupStats,
    /// Employee mean − customer mean.
    pub gap: Option<f64>,
    /// Welch's two-sided p-value of `gap`.
    pub p: Option<f64>,
    /// `p` adjusted within the importance family.
    pub q: Option<f64>,
    /// Hedges' g of `gap`.
    pub g: Option<f64>,
    /// `q < alpha` from at least `statistics.min_for_tests` employees.
    pub significant: bool,
    /// The leadership layers (`leadership: true`, those shown) together: their predicted
    /// importance against the customers' stated importance, tested; absent without
    /// leadership layers.
    pub leadership: Option<Comparison>,
    /// Predicted importance per layer (suppressed layers have no mean).
    pub by_layer: Vec<LayerImportance>,
    /// Pearson r of the aspect score with the overall grade, over customers with both.
    pub derived: Option<f64>,
}

/// A layer's predicted importance of an aspect.
#[derive(Debug, Clone, Serialize)]
pub struct LayerImportance {
    /// Layer id.
    pub layer: String,
    /// Mean predicted importance; absent when suppressed or empty.
    pub mean: Option<f64>,
    /// Predicted importance − customers' stated importance.
    pub gap: Option<f64>,
}

/// A quadrant of the importance–performance matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High importance, low performance.
    ConcentrateHere,
    /// High importance, high performance.
    KeepUpTheGoodWork,
    /// Low importance, low performance.
    LowPriority,
    /// Low importance, high performance.
    PossibleOverkill,
}

impl Quadrant {
    /// The quadrant of a point; a value equal to a crosshair counts as high.
    pub fn of(performance: f64, importance: f64, cross_x: f64, cross_y: f64) -> Quadrant {
        match (importance >= cross_y, performance >= cross_x) {
            (true, false) => Quadrant::ConcentrateHere,
            (true, true) => Quadrant::KeepUpTheGoodWork,
            (false, false) => Quadrant::LowPriority,
            (false, true) => Quadrant::PossibleOverkill,
        }
    }

    /// Identifier used in files and translation keys.
    pub fn id(self) -> &'static str {
        match self {
            Quadrant::ConcentrateHere => "concentrate_here",
            Quadrant::KeepUpTheGoodWork => "keep_up_the_good_work",
            Quadrant::LowPriority => "low_priority",
            Quadrant::PossibleOverkill => "possible_overkill",
        }
    }
}

/// Which importance the matrix uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportanceSource {
    /// Customers' stated importance.
    Stated,
    /// Correlation with the overall grade.
    Derived,
}

/// How the matrix was built.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixSummary {
    /// Stated or derived importance on the y axis.
    pub source: Option<ImportanceSource>,
    /// Crosshair on the performance axis: mean of the aspects' performance.
    pub crosshair_performance: Option<f64>,
    /// Crosshair on the importance axis: mean of the aspects' importance.
    pub crosshair_importance: Option<f64>,
}

/// Importance figures of aspect `i`: customers' stated importance and derived importance
/// from `customers`, all employees' predicted importance from `staff` (empty when hidden),
/// and per layer from `layers` (each layer's employees and whether it is hidden).
pub fn aspect(
    config: &Config,
    customers: &CustomerAcc,
    staff: &EmployeeAcc,
    layers: &[(&EmployeeAcc, bool)],
    i: usize,
) -> AspectImportance {
    let customer = &customers.importance[i];
    let employee = &staff.importance[i];
    let by_layer = config
        .layers
        .iter()
        .zip(layers)
        .map(|(layer, (cell, hidden))| {
            let mean = if *hidden {
                None
            } else {
                cell.importance[i].mean()
            };
            LayerImportance {
                layer: layer.id.clone(),
                mean,
                gap: mean.zip(customer.mean()).map(|(e, c)| e - c),
            }
        })
        .collect();
    let mut leaders = Summary::new();
    let mut any_leader = false;
    for &l in &config.leadership_layers() {
        if let Some((cell, false)) = layers.get(l) {
            leaders.merge(&cell.importance[i]);
            any_leader = true;
        }
    }
    let test = welch(employee, customer, 0.95);
    AspectImportance {
        customer: customer.into(),
        employee: employee.into(),
        gap: employee.mean().zip(customer.mean()).map(|(e, c)| e - c),
        p: test.map(|t| t.p),
        q: test.map(|t| t.p),
        g: hedges_g(employee, customer),
        significant: test.is_some_and(|t| t.p < config.alpha),
        leadership: any_leader.then(|| Comparison::new(customer, &leaders, config.alpha)),
        by_layer,
        derived: customers.derived[i].pearson(),
    }
}

/// The importance used on the matrix's y axis.
fn matrix_importance(a: &AspectMetrics, source: ImportanceSource) -> Option<f64> {
    match source {
        ImportanceSource::Stated => a.importance.customer.mean,
        ImportanceSource::Derived => a.importance.derived,
    }
}

/// Place every aspect in a quadrant. Stated importance is used when customers stated it for
/// every aspect, derived importance otherwise (the two scales do not mix).
pub fn assign_quadrants(aspects: &mut [AspectMetrics]) -> MatrixSummary {
    let all_stated = aspects.iter().all(|a| a.importance.customer.mean.is_some());
    let source = if all_stated {
        ImportanceSource::Stated
    } else {
        ImportanceSource::Derived
    };
    let points: Vec<(usize, f64, f64)> = aspects
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            Some((
                i,
                settle(a.comparison.customer.mean?),
                settle(matrix_importance(a, source)?),
            ))
        })
        .collect();
    if points.is_empty() {
        return MatrixSummary {
            source: None,
            crosshair_performance: None,
            crosshair_importance: None,
        };
    }
    let n = points.len() as f64;
    let cross_x = settle(points.iter().map(|p| p.1).sum::<f64>() / n);
    let cross_y = settle(points.iter().map(|p| p.2).sum::<f64>() / n);
    for &(i, x, y) in &points {
        aspects[i].quadrant = Some(Quadrant::of(x, y, cross_x, cross_y));
    }
    MatrixSummary {
        source: Some(source),
        crosshair_performance: Some(cross_x),
        crosshair_importance: Some(cross_y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrants_follow_martilla_and_james() {
        assert_eq!(Quadrant::of(6.0, 4.5, 7.0, 4.0), Quadrant::ConcentrateHere);
        assert_eq!(
            Quadrant::of(8.0, 4.5, 7.0, 4.0),
            Quadrant::KeepUpTheGoodWork
        );
        assert_eq!(Quadrant::of(6.0, 3.5, 7.0, 4.0), Quadrant::LowPriority);
        assert_eq!(Quadrant::of(8.0, 3.5, 7.0, 4.0), Quadrant::PossibleOverkill);
    }

    #[test]
    fn a_value_on_the_crosshair_counts_as_high() {
        assert_eq!(
            Quadrant::of(7.0, 4.0, 7.0, 4.0),
            Quadrant::KeepUpTheGoodWork
        );
        assert_eq!(Quadrant::of(6.9, 4.0, 7.0, 4.0), Quadrant::ConcentrateHere);
    }
}
