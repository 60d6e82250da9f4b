//! Enablement (docs/definitions.md): whether employees feel enabled to serve the customer — tools,
//! training, processes, information, support — per item, overall, per layer and per
//! department, and the weakest item.

use serde::Serialize;

use super::{GroupStats, settle};
use crate::analysis::stats::Summary;
use crate::model::ENABLEMENT_ITEMS;

/// One enablement item of a group.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Column name, e.g. `enable_tools`.
    pub id: &'static str,
    /// n, mean and SD.
    #[serde(flatten)]
    pub stats: GroupStats,
}

/// The five items of one group and its weakest.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// The items in [`ENABLEMENT_ITEMS`] order.
    pub items: Vec<Item>,
    /// The item with the lowest mean (the first in item order on a tie).
    pub weakest: Option<&'static str>,
}

/// The profile of one group from its item summaries.
pub fn profile(items: &[Summary; 5]) -> Profile {
    let items: Vec<Item> = ENABLEMENT_ITEMS
        .iter()
        .zip(items)
        .map(|(id, s)| Item {
            id,
            stats: s.into(),
        })
        .collect();
    let weakest = items
        .iter()
        .filter_map(|i| Some((i.id, settle(i.stats.mean?))))
        .reduce(|a, b| if b.1 < a.1 { b } else { a })
        .map(|(id, _)| id);
    Profile { items, weakest }
}

/// A layer's enablement; absent when the layer is suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct LayerProfile {
    /// Layer id.
    pub layer: String,
    /// Below the anonymity threshold, or hidden to protect a layer that is.
    pub suppressed: bool,
    /// The items, absent when suppressed.
    #[serde(flatten)]
    pub profile: Option<Profile>,
}

/// Enablement of a group and of its layers.
#[derive(Debug, Clone, Serialize)]
pub struct Enablement {
    /// All employees of the group.
    #[serde(flatten)]
    pub overall: Profile,
    /// Per configured layer.
    pub by_layer: Vec<LayerProfile>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weakest_item_has_the_lowest_mean() {
        let s = |v: &[f64]| v.iter().copied().collect::<Summary>();
        // Means: tools 4, training 3, processes 2.5, information 2.5 (tie: first wins), support —.
        let p = profile(&[
            s(&[4.0, 4.0]),
            s(&[3.0, 3.0]),
            s(&[2.0, 3.0]),
            s(&[2.5]),
            s(&[]),
        ]);
        assert_eq!(p.weakest, Some("enable_processes"));
        assert_eq!(p.items[1].stats.mean, Some(3.0));
        assert_eq!(p.items[4].stats.n, 0);
    }
}
