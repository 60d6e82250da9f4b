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
    }
}
