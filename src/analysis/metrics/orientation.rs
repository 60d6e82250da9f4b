//! The orientation ladder (docs/definitions.md): how customer-oriented employees find themselves, their
//! department and the organization — usually in that descending order — overall and per
//! layer, and the drop from self to organization.

use serde::Serialize;

use super::GroupStats;
use crate::analysis::stats::Summary;

/// The three rungs of one group of employees.
#[derive(Debug, Clone, Serialize)]
pub struct Ladder {
    /// "How customer-oriented am I".
    pub self_orientation: GroupStats,
    /// "How customer-oriented is my department".
    pub department_orientation: GroupStats,
    /// "How customer-oriented is the organization".
    pub organization_orientation: GroupStats,
    /// mean(self) − mean(organization): positive when the ladder goes down.
    pub drop: Option<f64>,
}

/// The ladder of one group from its `[self, department, organization]` summaries.
pub fn ladder(rungs: &[Summary; 3]) -> Ladder {
    Ladder {
        self_orientation: (&rungs[0]).into(),
        department_orientation: (&rungs[1]).into(),
        organization_orientation: (&rungs[2]).into(),
        drop: rungs[0].mean().zip(rungs[2].mean()).map(|(s, o)| s - o),
    }
}

/// A layer's ladder; absent when the layer is suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct LayerLadder {
    /// Layer id.
    pub layer: String,
    /// Below the anonymity threshold, or hidden to protect a layer that is.
    pub suppressed: bool,
    /// The ladder, absent when suppressed.
    #[serde(flatten)]
    pub ladder: Option<Ladder>,
}

/// The orientation ladder of a group and of its layers.
#[derive(Debug, Clone, Serialize)]
pub struct Orientation {
    /// All employees of the group.
    #[serde(flatten)]
    pub overall: Ladder,
    /// Per configured layer.
    pub by_layer: Vec<LayerLadder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_drops_from_self_to_organization() {
        // self 4, 5, 4 → 13/3; department 4, 4, 3 → 11/3; organization 3, 3, 2 → 8/3.
        // drop = 13/3 − 8/3 = 5/3.
        let s = |v: [f64; 3]| v.into_iter().collect::<Summary>();
        let l = ladder(&[s([4.0, 5.0, 4.0]), s([4.0, 4.0, 3.0]), s([3.0, 3.0, 2.0])]);
        assert!((l.self_orientation.mean.unwrap() - 13.0 / 3.0).abs() < 1e-12);
        assert!((l.department_orientation.mean.unwrap() - 11.0 / 3.0).abs() < 1e-12);
        assert!((l.drop.unwrap() - 5.0 / 3.0).abs() < 1e-12);
    }
}
