//! `metrics.json`: the published document of a wave, made from the analysis' typed parts — the
//! figures with the trends beside them under `trends` and the action cards under
//! `recommendations` (`docs/metrics.md`).

use serde::Serialize;

use crate::analysis::WaveAnalysis;
use crate::analysis::metrics::{Trends, WaveMetrics};
use crate::analysis::recommend::Recommendation;

/// The document `metrics.json` holds: every figure of [`WaveMetrics`] at the top level, the
/// development over the waves as `trends` and the action cards, highest priority first, as
/// `recommendations`.
#[derive(Debug, Serialize)]
pub struct MetricsJson<'a> {
    /// The figures.
    #[serde(flatten)]
    pub metrics: &'a WaveMetrics,
    /// The development over the waves up to this one.
    pub trends: &'a Trends,
    /// The action cards.
    pub recommendations: &'a [Recommendation],
}

impl<'a> MetricsJson<'a> {
    /// The published document of one analysed wave.
    pub fn of(analysis: &'a WaveAnalysis) -> Self {
        MetricsJson {
            metrics: &analysis.metrics,
            trends: &analysis.trends,
            recommendations: &analysis.actions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trends and the cards sit beside the figures, not inside them; every figure stays at
    /// the top level.
    #[test]
    fn the_document_is_the_figures_with_the_trends_and_cards_beside_them() {
        let a = crate::analysis::sample().2.pop().unwrap();
        assert!(
            !a.actions.is_empty(),
            "the sample's last wave has action cards"
        );
        let doc = serde_json::to_value(MetricsJson::of(&a)).unwrap();
        let figures = serde_json::to_value(&a.metrics).unwrap();
        let mut without_cards = doc.as_object().unwrap().clone();
        let cards = without_cards.remove("recommendations").unwrap();
        assert_eq!(cards, serde_json::to_value(&a.actions).unwrap());
        let trends = without_cards.remove("trends").unwrap();
        assert_eq!(trends, serde_json::to_value(&a.trends).unwrap());
        assert_eq!(serde_json::Value::Object(without_cards), figures);
    }
}
