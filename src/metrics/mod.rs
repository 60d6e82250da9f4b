//! Metrics: pure functions from typed responses to the figures of SPEC §4, one file per
//! family. [`compute`] puts them together into what `metrics.json` holds.

pub mod anonymity;
pub mod gap;
pub mod importance;
pub mod layers;

use serde::Serialize;

use crate::config::{Category, Config, Language};
use crate::ingest::{DataQuality, WaveData};
use crate::model::{Organization, Wave};
use crate::stats::Summary;

pub use gap::Comparison;
pub use importance::{AspectImportance, ImportanceSource, Quadrant};
pub use layers::LayerAccuracy;

/// Version of the `metrics.json` layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// n, mean and SD of a group; the mean and SD are absent for a suppressed or empty group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GroupStats {
    /// Number of non-missing values.
    pub n: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1).
    pub sd: Option<f64>,
}

impl From<&Summary> for GroupStats {
    fn from(s: &Summary) -> Self {
        GroupStats {
            n: s.n(),
            mean: s.mean(),
            sd: s.sd(),
        }
    }
}

/// Everything computed for one organization and wave.
#[derive(Debug, Clone, Serialize)]
pub struct WaveMetrics {
    /// Layout version of this file.
    pub schema_version: u32,
    /// Organization id (its folder name).
    pub org: String,
    /// Organization display name.
    pub org_name: String,
    /// Wave id (its folder name).
    pub wave: String,
    /// Wave display label.
    pub wave_label: String,
    /// Report language.
    pub language: Language,
    /// Respondent counts.
    pub n: Counts,
    /// The overall grade: customers' grade against staff's prediction.
    pub overall: Comparison,
    /// Per aspect, in questionnaire order.
    pub aspects: Vec<AspectMetrics>,
    /// Per layer: how well it knows the customer, ranked by mae.
    pub layers: Vec<LayerAccuracy>,
    /// How the importance–performance matrix was built.
    pub importance: importance::MatrixSummary,
    /// Rows read, used and rejected per file, and every finding.
    pub data_quality: DataQuality,
    /// Recommended actions, highest priority first (filled by the rule engine).
    pub recommendations: Vec<crate::recommend::Recommendation>,
}

/// Respondent counts.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Customer respondents used.
    pub customers: u64,
    /// Employee respondents used.
    pub employees: u64,
}

/// The figures of one aspect.
#[derive(Debug, Clone, Serialize)]
pub struct AspectMetrics {
    /// Aspect id from the questionnaire.
    pub id: String,
    /// `human` or `functional`.
    pub category: Category,
    /// Customers' score against all employees' prediction.
    #[serde(flatten)]
    pub comparison: Comparison,
    /// The same per layer (suppressed layers have no figures).
    pub by_layer: Vec<gap::LayerComparison>,
    /// Stated, predicted and derived importance.
    pub importance: AspectImportance,
    /// Importance–performance quadrant.
    pub quadrant: Option<Quadrant>,
}

/// Compute the metrics of one wave.
pub fn compute(config: &Config, org: &Organization, wave: &Wave, data: &WaveData) -> WaveMetrics {
    let suppressed = layers::suppressed_layers(config, &data.employees);
    let overall = gap::overall(config, data);
    let mut aspects: Vec<AspectMetrics> = config
        .questionnaire
        .aspects
        .iter()
        .enumerate()
        .map(|(i, aspect)| AspectMetrics {
            id: aspect.id.clone(),
            category: aspect.category,
            comparison: gap::aspect(config, data, i),
            by_layer: gap::aspect_by_layer(config, data, i, &suppressed),
            importance: importance::aspect(config, data, i, &suppressed),
            quadrant: None,
        })
        .collect();
    let matrix = importance::assign_quadrants(&mut aspects);
    let layers = layers::accuracy(config, data, &aspects, &suppressed);
    WaveMetrics {
        schema_version: SCHEMA_VERSION,
        org: org.id.clone(),
        org_name: org.meta.name.clone(),
        wave: wave.id.clone(),
        wave_label: wave.label().to_string(),
        language: org.meta.language,
        n: Counts {
            customers: data.customers.len() as u64,
            employees: data.employees.len() as u64,
        },
        overall,
        aspects,
        layers,
        importance: matrix,
        data_quality: data.quality.clone(),
        recommendations: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::{CustomerResponse, EmployeeResponse, OrgMeta, WaveMeta};

    const CONFIG: &str = "anonymity: { min_employees: 2 }\nlayers:\n  - id: frontline\n    label: { nl: F, en: F }\n  - id: board\n    label: { nl: B, en: B }\nquestionnaire:\n  aspects:\n    - id: a\n      label: { nl: A, en: A }\n      category: human\n    - id: b\n      label: { nl: B, en: B }\n      category: functional\n";

    fn customer(id: &str, overall: f64, scores: [f64; 2], imp: [f64; 2]) -> CustomerResponse {
        CustomerResponse {
            respondent_id: id.into(),
            overall: Some(overall),
            scores: scores.map(Some).to_vec(),
            importance: imp.map(Some).to_vec(),
            ..Default::default()
        }
    }

    fn employee(id: &str, layer: usize, scores: [f64; 2], imp: [f64; 2]) -> EmployeeResponse {
        EmployeeResponse {
            respondent_id: id.into(),
            layer,
            scores: scores.map(Some).to_vec(),
            importance: imp.map(Some).to_vec(),
            enablement: [None; 5],
            ..Default::default()
        }
    }

    /// Hand-checkable wave: customers rate a = 6, 8 (mean 7) and b = 5, 7 (mean 6).
    /// Frontline predicts a = 7 (error 0) and b = 6, 7, 8 → 7 (error +1): mae 0.5, bias +0.5.
    /// Board predicts a = 9 (error +2) and b = 4 (error −2): mae 2, bias 0.
    fn fixture() -> (Config, Organization, Wave, WaveData) {
        let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
        let org = Organization {
            id: "t".into(),
            dir: PathBuf::from("t"),
            meta: OrgMeta {
                name: "T".into(),
                language: Language::Nl,
                account_manager: None,
                departments: vec![],
            },
            waves: vec![],
        };
        let wave = Wave {
            id: "w".into(),
            dir: PathBuf::from("w"),
            meta: WaveMeta::default(),
        };
        let data = WaveData {
            customers: vec![
                customer("c1", 6.0, [6.0, 5.0], [5.0, 3.0]),
                customer("c2", 9.0, [8.0, 7.0], [5.0, 3.0]),
            ],
            employees: vec![
                employee("f1", 0, [7.0, 6.0], [4.0, 2.0]),
                employee("f2", 0, [7.0, 7.0], [4.0, 2.0]),
                employee("f3", 0, [7.0, 8.0], [4.0, 2.0]),
                employee("b1", 1, [9.0, 4.0], [2.0, 5.0]),
                employee("b2", 1, [9.0, 4.0], [2.0, 5.0]),
            ],
            quality: DataQuality::default(),
        };
        (config, org, wave, data)
    }

    #[test]
    fn layer_accuracy_is_mae_and_bias_over_aspects_ranked_by_mae() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        let front = &m.layers[0];
        assert_eq!(
            (front.mae, front.bias, front.rank),
            (Some(0.5), Some(0.5), Some(1))
        );
        let board = &m.layers[1];
        assert_eq!(
            (board.mae, board.bias, board.rank),
            (Some(2.0), Some(0.0), Some(2))
        );
    }

    #[test]
    fn importance_profiles_are_compared_by_rank() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        // Customers: a (5) above b (3). Frontline agrees (4 > 2), the board reverses it.
        assert_eq!(m.layers[0].importance_spearman, Some(1.0));
        assert_eq!(m.layers[1].importance_spearman, Some(-1.0));
        // Staff importance gap on a: all five employees (4·3 + 2·2)/5 = 3.2 − 5 = −1.8.
        let gap = m.aspects[0].importance.gap.unwrap();
        assert!((gap - (-1.8)).abs() < 1e-12);
    }

    #[test]
    fn quadrants_use_stated_importance_and_data_centred_crosshairs() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        // Performance 7 and 6 → crosshair 6.5; importance 5 and 3 → crosshair 4.
        assert_eq!(m.importance.source, Some(ImportanceSource::Stated));
        assert_eq!(m.importance.crosshair_performance, Some(6.5));
        assert_eq!(m.importance.crosshair_importance, Some(4.0));
        assert_eq!(m.aspects[0].quadrant, Some(Quadrant::KeepUpTheGoodWork));
        assert_eq!(m.aspects[1].quadrant, Some(Quadrant::LowPriority));
    }

    #[test]
    fn a_layer_below_the_threshold_is_hidden_with_its_smallest_sibling() {
        let (mut config, org, wave, data) = fixture();
        config.anonymity.min_employees = 3;
        let m = compute(&config, &org, &wave, &data);
        // The board (2) is below 3; frontline is then the only other group and would reveal
        // the board by subtraction from the all-staff mean, so it is hidden too.
        assert!(
            m.layers
                .iter()
                .all(|l| l.suppressed && l.mae.is_none() && l.n.is_none())
        );
        assert!(m.aspects[0].by_layer.iter().all(|l| l.comparison.is_none()));
    }
}
