//! Analysis: statistics ([`stats`]), the metric families ([`metrics`]) and the rule engine
//! that turns metrics into recommended actions ([`recommend`]). Plain data in, plain data out:
//! nothing here touches disk or knows about reports (it reads a wave's files through
//! `input`).
//!
//! [`analyze_org`] is the one entry point: every wave of an organization measured, the
//! development over the waves attached, the action cards decided.

pub mod metrics;
pub mod quotes;
pub mod recommend;
pub mod stats;

use crate::config::Config;
use crate::error::SourceError;
use crate::input::ingest::WaveData;
use crate::model::Organization;
use metrics::{Trends, WaveMetrics};
use recommend::Recommendation;

/// The analysis of one wave, in separate typed parts: the figures, their development over the
/// waves up to this one, the action cards the rule engine decided from both, and the answers a
/// report may quote, and the cards of each department. `metrics.json` is the figures with the
/// trends and the organization's cards beside them (`report::json`).
#[derive(Debug)]
pub struct WaveAnalysis {
    /// Its figures.
    pub metrics: WaveMetrics,
    /// The development over the organization's waves up to and including this one.
    pub trends: Trends,
    /// The action cards, highest priority first.
    pub actions: Vec<Recommendation>,
    /// The action cards of every department that can have them (one whose employees are
    /// shown), in the order of `metrics.departments`; not part of `metrics.json`.
    pub departments: Vec<DepartmentAnalysis>,
    /// The open answers the report may quote and the data quality (not the full rows).
    pub quotes: WaveData,
}

/// The action cards of one department, decided from its own figures (without trends: those
/// are the organization's).
#[derive(Debug)]
pub struct DepartmentAnalysis {
    /// Department id.
    pub id: String,
    /// Its action cards, highest priority first.
    pub actions: Vec<Recommendation>,
}

impl WaveAnalysis {
    /// The analysis of department `id`, when it can have action cards.
    pub fn department(&self, id: &str) -> Option<&DepartmentAnalysis> {
        self.departments.iter().find(|d| d.id == id)
    }
}

/// The cards of every department of `m` whose employees are shown.
fn departments(config: &Config, m: &WaveMetrics) -> Vec<DepartmentAnalysis> {
    m.departments
        .iter()
        .filter_map(|d| {
            Some(DepartmentAnalysis {
                id: d.id.clone(),
                actions: recommend::recommend(d.group(m)?, None, config),
            })
        })
        .collect()
}

/// Analyse every wave of `org`, oldest first: measure each wave (streaming its files), follow
/// the trends (each wave looks back only), then decide the action cards from the figures and
/// their trends, for the organization and each department. The first wave that cannot be read
/// fails the organization.
pub fn analyze_org(config: &Config, org: &Organization) -> Result<Vec<WaveAnalysis>, SourceError> {
    let mut measured = Vec::with_capacity(org.waves.len());
    for wave in &org.waves {
        measured.push(metrics::measure(config, org, wave)?);
    }
    let (all, quotes): (Vec<WaveMetrics>, Vec<WaveData>) =
        measured.into_iter().map(|m| (m.metrics, m.quotes)).unzip();
    let trends = metrics::trends::per_wave(config, &all);
    Ok(all
        .into_iter()
        .zip(trends)
        .zip(quotes)
        .map(|((metrics, trends), quotes)| WaveAnalysis {
            actions: recommend::recommend(metrics.group(), Some(&trends), config),
            departments: departments(config, &metrics),
            metrics,
            trends,
            quotes,
        })
        .collect())
}

/// The shipped configuration, the first sample organization of `data/` and the analysis of
/// its waves, for the tests that need a real analysis.
#[cfg(test)]
pub(crate) fn sample() -> (Config, Organization, Vec<WaveAnalysis>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config/spiegel.yaml")).unwrap();
    let found = crate::input::discover::discover(&root.join("data")).unwrap();
    let org = found.organizations.into_iter().next().unwrap();
    let analysed = analyze_org(&config, &org).unwrap();
    (config, org, analysed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One entry point gives what the three former copies of the sequence gave: every wave
    /// measured, trends looking back, cards decided from the figures and their trends.
    #[test]
    fn analyze_org_measures_follows_trends_and_decides_cards() {
        let (config, org, analysed) = sample();
        let org = &org;
        assert_eq!(analysed.len(), org.waves.len());
        for (k, a) in analysed.iter().enumerate() {
            assert_eq!(a.trends.waves.len(), k + 1);
            assert_eq!(a.trends.waves[k], org.waves[k].id);
            assert_eq!(a.metrics.wave, org.waves[k].id);
            let cards = recommend::recommend(a.metrics.group(), Some(&a.trends), &config);
            assert_eq!(a.actions, cards);
            // Every department with shown employees has its cards, decided without trends.
            let shown: Vec<&str> = (a.metrics.departments.iter())
                .filter(|d| !d.suppressed)
                .map(|d| d.id.as_str())
                .collect();
            let decided: Vec<&str> = a.departments.iter().map(|d| d.id.as_str()).collect();
            assert_eq!(decided, shown);
            for d in &a.departments {
                let m = a.metrics.departments.iter().find(|x| x.id == d.id).unwrap();
                let own = recommend::recommend(m.group(&a.metrics).unwrap(), None, &config);
                assert_eq!(d.actions, own);
            }
        }
        // The cards are the department's own, not copies of the organization's.
        let latest = analysed.last().unwrap();
        assert!(!latest.departments.is_empty());
        assert!(
            latest
                .departments
                .iter()
                .any(|d| d.actions != latest.actions)
        );
        let last = &latest.metrics;
        let alone = metrics::measure(&config, org, org.waves.last().unwrap()).unwrap();
        assert_eq!(alone.metrics.figures.overall, last.figures.overall);
    }
}

#[cfg(test)]
mod weighted_tests;
