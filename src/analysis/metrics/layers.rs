//! Layer accuracy — "who knows the customer best": per layer the mean absolute error and
//! the bias of its predictions over the aspects, ranked by mae; plus how well its
//! importance ranking matches the customers' (Spearman).

use serde::Serialize;

use super::{AspectMetrics, settle};
use crate::config::Config;
use crate::stats::spearman;

/// How well one layer predicts the customer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerAccuracy {
    /// Layer id.
    pub id: String,
    /// Respondents in the layer; absent when suppressed.
    pub n: Option<u64>,
    /// Below the anonymity threshold, or hidden to protect a layer that is.
    pub suppressed: bool,
    /// Mean over aspects of |layer mean − customer mean|.
    pub mae: Option<f64>,
    /// Mean over aspects of (layer mean − customer mean).
    pub bias: Option<f64>,
    /// 1 = smallest mae.
    pub rank: Option<u32>,
    /// Aspects where both means exist.
    pub aspects_compared: usize,
    /// Spearman's rho of the layer's predicted importance profile with the customers'.
    pub importance_spearman: Option<f64>,
}

/// Accuracy of every layer, ranked by mae. `sizes` are the layers' respondents and `hidden`
/// whether each is suppressed; the layer means come from `aspects[].by_layer`.
pub fn accuracy(
    config: &Config,
    aspects: &[AspectMetrics],
    sizes: &[u64],
    hidden: &[bool],
) -> Vec<LayerAccuracy> {
    let mut out: Vec<LayerAccuracy> = config
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let mut errors = Vec::new();
            let (mut cust_imp, mut layer_imp) = (Vec::new(), Vec::new());
            if !hidden[l] {
                for a in aspects {
                    let lc = &a.by_layer[l];
                    if let (Some(c), Some(e)) = (
                        a.comparison.customer.mean,
                        lc.comparison.and_then(|c| c.employee.mean),
                    ) {
                        errors.push(e - c);
                    }
                    let li = &a.importance.by_layer[l];
                    if let (Some(c), Some(e)) = (a.importance.customer.mean, li.mean) {
                        cust_imp.push(settle(c));
                        layer_imp.push(settle(e));
                    }
                }
            }
            let k = errors.len() as f64;
            let has = !errors.is_empty();
            LayerAccuracy {
                id: layer.id.clone(),
                n: (!hidden[l]).then_some(sizes[l]),
                suppressed: hidden[l],
                mae: has.then(|| errors.iter().map(|d| d.abs()).sum::<f64>() / k),
                bias: has.then(|| errors.iter().sum::<f64>() / k),
                rank: None,
                aspects_compared: errors.len(),
                importance_spearman: spearman(&cust_imp, &layer_imp),
            }
        })
        .collect();
    let mut ranked: Vec<usize> = (0..out.len()).filter(|&i| out[i].mae.is_some()).collect();
    ranked.sort_by(|&a, &b| {
        settle(out[a].mae.unwrap())
            .total_cmp(&settle(out[b].mae.unwrap()))
            .then(a.cmp(&b))
    });
    for (rank, i) in ranked.into_iter().enumerate() {
        out[i].rank = Some(rank as u32 + 1);
    }
    out
}
