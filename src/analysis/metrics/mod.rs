//! Metrics: the figures of docs/definitions.md, one file per family, computed from mergeable
//! accumulators that rows stream into ([`accumulate`]). [`measure`] streams a wave's files
//! through them; [`compute`] does the same for rows already read. [`trends::per_wave`] gives
//! the development over waves. [`Group`] is the view of the group a report is about: the
//! whole organization or one department. With the trends and the action cards decided from them
//! (`analysis::recommend`) they are what `metrics.json` holds (`docs/metrics.md`).

pub mod accumulate;
pub mod anonymity;
pub mod complaints;
pub mod departments;
pub mod enablement;
pub mod families;
pub mod gap;
pub mod group;
pub mod importance;
pub mod interactions;
pub mod layers;
pub mod mood;
pub mod orientation;
pub mod themes;
pub mod trends;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::analysis::stats::Summary;
use crate::config::{Category, Config, Language};
use crate::error::SourceError;
use crate::input::ingest::{DataQuality, FileKind, WaveData, read_wave_into};
use crate::model::{Organization, Wave};
use accumulate::{CustomerAcc, EmployeeAcc, WaveAccumulator};
use anonymity::{suppress, suppress_table};

pub use accumulate::QUOTES_KEPT;
pub use departments::DepartmentMetrics;
pub use gap::Comparison;
pub use group::Group;
pub use importance::{AspectImportance, ImportanceSource, Quadrant};
pub use layers::LayerAccuracy;
pub use trends::Trends;

/// Version of the `metrics.json` layout; bumped on any incompatible change.
/// 2: orientation, enablement, complaints, interactions, mood, departments, trends.
/// 3: `q` and Hedges' `g` beside every test, `significant` from `q`; importance tests; the
/// layers' deviation beyond noise, its interval and the comparison with the first layer
/// (`rank` only where layers differ); the benchmark's provenance and interval; action cards.
pub const SCHEMA_VERSION: u32 = 3;

/// A figure rounded to 9 decimals, for decisions on ties: ranks (Spearman, layer ranking),
/// quadrants against the crosshair and the weakest item. Summation order moves the last bits
/// of a mean, and a decision must not depend on row order.
pub(crate) fn settle(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// n, mean and SD of a group; the mean and SD are absent for a suppressed or empty group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GroupStats {
    /// Number of non-missing values.
    pub n: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1).
    pub sd: Option<f64>,
    /// Kish's effective sample size `(Σw)² / Σw²` of a weighted group, the n its tests use;
    /// absent when the group is unweighted (then it is `n`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_eff: Option<f64>,
}

impl GroupStats {
    /// The summary these figures describe, weighted when `n_eff` is given.
    pub fn summary(&self) -> Summary {
        let variance = self.sd.map_or(0.0, |sd| sd * sd);
        match (self.mean, self.n_eff) {
            (Some(mean), Some(n_eff)) => {
                Summary::from_weighted_parts(self.n, n_eff, mean, variance)
            }
            (Some(mean), None) => Summary::from_parts(self.n, mean, variance),
            (None, _) => Summary::new(),
        }
    }

    /// Two-sided confidence interval of the mean (Student's t; Kish's effective size for a
    /// weighted group). `None` with fewer than two values.
    pub fn mean_interval(&self, confidence: f64) -> Option<(f64, f64)> {
        crate::analysis::stats::mean_interval(&self.summary(), confidence)
    }
}

impl From<&Summary> for GroupStats {
    fn from(s: &Summary) -> Self {
        GroupStats {
            n: s.n(),
            mean: s.mean(),
            sd: s.sd(),
            n_eff: s.is_weighted().then(|| s.n_eff()),
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
    /// The figures an organization shares with each of its departments.
    #[serde(flatten)]
    pub figures: GroupFigures,
    /// The orientation ladder, overall and per layer.
    pub orientation: orientation::Orientation,
    /// Enablement, overall and per layer.
    pub enablement: enablement::Enablement,
    /// Interaction agreement; absent when `interactions.csv` is absent.
    pub interactions: Option<interactions::Agreement>,
    /// Mood per ISO week; absent when `mood.csv` is absent.
    pub mood: Option<mood::MoodSeries>,
    /// Everything per department (customers served by it against its employees).
    pub departments: Vec<DepartmentMetrics>,
    /// Open answers coded into the configuration's themes, per group.
    pub themes: themes::ThemeMetrics,
    /// Rows read, used and rejected per file, and every finding.
    pub data_quality: DataQuality,
    /// The latest date in the wave's dated records; the report's date without a fieldwork
    /// period in `wave.yaml`. Not part of `metrics.json`.
    #[serde(skip)]
    pub last_date: Option<crate::model::Date>,
}

/// The figures a group of customers and employees has, whether the group is the whole
/// organization ([`WaveMetrics`]) or one department ([`DepartmentMetrics`]): same types,
/// same `metrics.json` keys. Both hold them flattened, so the file's layout is unchanged.
#[derive(Debug, Clone, Serialize)]
pub struct GroupFigures {
    /// Fewer customers than `anonymity.min_customers`: the customer figures are indicative.
    pub indicative: bool,
    /// The overall grade: the group's customers against its employees' prediction.
    pub overall: Comparison,
    /// Per aspect, in questionnaire order (a department's with the department × layer
    /// comparisons in `by_layer`).
    pub aspects: Vec<AspectMetrics>,
    /// Per layer: how well it knows the customer, ranked by mae.
    pub layers: Vec<LayerAccuracy>,
    /// How the group's importance–performance matrix was built.
    pub importance: importance::MatrixSummary,
    /// Complaint handling from the survey, and from the complaint log when present.
    pub complaints: complaints::ComplaintMetrics,
}

/// Respondent counts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    /// Customer respondents used.
    pub customers: u64,
    /// Employee respondents used.
    pub employees: u64,
    /// Kish's effective number of customers when they are weighted (absent: unweighted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customers_eff: Option<f64>,
    /// Kish's effective number of employees when they are weighted (absent: unweighted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employees_eff: Option<f64>,
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

/// Aspects ordered by gap, largest overestimation first; aspects without a gap last. The
/// order of the mirror chart and table in the report and the workbook.
pub fn by_gap(aspects: &[AspectMetrics]) -> Vec<&AspectMetrics> {
    let mut v: Vec<&AspectMetrics> = aspects.iter().collect();
    let key = |x: &AspectMetrics| x.comparison.gap.unwrap_or(f64::NEG_INFINITY);
    v.sort_by(|a, b| key(b).total_cmp(&key(a)));
    v
}

/// The first slice's figures for one group: the mirror, the layers, the matrix.
#[derive(Debug, Clone)]
pub(crate) struct Slice {
    pub overall: Comparison,
    pub aspects: Vec<AspectMetrics>,
    pub layers: Vec<LayerAccuracy>,
    pub importance: importance::MatrixSummary,
}

impl Slice {
    /// The group's figures: this slice and the group's complaint handling, indicative with
    /// fewer than `anonymity.min_customers` of its `customers`.
    pub fn figures(
        self,
        config: &Config,
        customers: u64,
        complaints: complaints::ComplaintMetrics,
    ) -> GroupFigures {
        GroupFigures {
            indicative: customers < config.anonymity.min_customers,
            overall: self.overall,
            aspects: self.aspects,
            layers: self.layers,
            importance: self.importance,
            complaints,
        }
    }
}

/// The mirror, layers and matrix of `customers` against `staff` (empty when hidden) and its
/// per-layer groups `cells` (with whether each is hidden).
pub(crate) fn slice(
    config: &Config,
    customers: &CustomerAcc,
    staff: &EmployeeAcc,
    cells: &[(EmployeeAcc, bool)],
) -> Slice {
    let overall = Comparison::new(&customers.overall, &staff.overall, config.alpha);
    let layer_refs: Vec<(&EmployeeAcc, bool)> = cells.iter().map(|(c, h)| (c, *h)).collect();
    let mut aspects: Vec<AspectMetrics> = config
        .questionnaire
        .aspects
        .iter()
        .enumerate()
        .map(|(i, aspect)| {
            let per_layer: Vec<(Summary, bool)> =
                cells.iter().map(|(c, h)| (c.scores[i], *h)).collect();
            AspectMetrics {
                id: aspect.id.clone(),
                category: aspect.category,
                comparison: Comparison::new(&customers.scores[i], &staff.scores[i], config.alpha),
                by_layer: gap::by_layer(config, &customers.scores[i], &per_layer),
                importance: importance::aspect(config, customers, staff, &layer_refs, i),
                quadrant: None,
            }
        })
        .collect();
    let matrix = importance::assign_quadrants(&mut aspects);
    let sizes: Vec<u64> = cells.iter().map(|(c, _)| c.respondents).collect();
    let hidden: Vec<bool> = cells.iter().map(|(_, h)| *h).collect();
    let layers = layers::accuracy(config, &aspects, &sizes, &hidden);
    Slice {
        overall,
        aspects,
        layers,
        importance: matrix,
    }
}

/// Orientation and enablement of `staff` and its per-layer `cells`.
pub(crate) fn employee_families(
    config: &Config,
    staff: &EmployeeAcc,
    cells: &[(EmployeeAcc, bool)],
) -> (orientation::Orientation, enablement::Enablement) {
    let layer_ids = config.layers.iter().map(|l| l.id.clone());
    let ladder = orientation::Orientation {
        overall: orientation::ladder(&staff.orientation),
        by_layer: layer_ids
            .clone()
            .zip(cells)
            .map(|(layer, (c, hidden))| orientation::LayerLadder {
                layer,
                suppressed: *hidden,
                ladder: (!hidden).then(|| orientation::ladder(&c.orientation)),
            })
            .collect(),
    };
    let enabled = enablement::Enablement {
        overall: enablement::profile(&staff.enablement),
        by_layer: layer_ids
            .zip(cells)
            .map(|(layer, (c, hidden))| enablement::LayerProfile {
                layer,
                suppressed: *hidden,
                profile: (!hidden).then(|| enablement::profile(&c.enablement)),
            })
            .collect(),
    };
    (ladder, enabled)
}

/// Which employee groups are hidden, decided once per wave over every breakdown.
#[derive(Debug, Clone)]
pub(crate) struct Hidden {
    /// Extended departments × layers table (slot rows + layer totals; layer columns +
    /// department totals), from [`suppress_table`].
    pub table: Vec<Vec<bool>>,
    /// Interactions per department slot, from [`suppress`] on distinct employees.
    pub interactions: Vec<bool>,
}

impl Hidden {
    fn decide(config: &Config, acc: &WaveAccumulator) -> Hidden {
        let slots = acc.departments.slots();
        let layers = acc.layers();
        let mut sizes = vec![vec![0u64; layers + 1]; slots + 1];
        for slot in 0..slots {
            for l in 0..layers {
                let n = acc.employees.get(slot)[l].respondents;
                sizes[slot][l] += n;
                sizes[slot][layers] += n;
                sizes[slots][l] += n;
                sizes[slots][layers] += n;
            }
        }
        let mut unshown = vec![false; slots + 1];
        unshown[0] = true; // employees without a department
        let min = config.anonymity.min_employees;
        let table = suppress_table(&sizes, min, &unshown);
        let interaction_sizes: Vec<u64> = (0..slots)
            .map(|s| acc.interactions.get(s).group_size())
            .collect();
        let interactions = suppress(&interaction_sizes, min);
        Hidden {
            table,
            interactions,
        }
    }

    /// Whether the layer totals (organization-wide) of `layer` are hidden.
    pub fn layer(&self, layer: usize) -> bool {
        self.table[self.table.len() - 1][layer]
    }
}

/// What [`measure`] produces: the metrics, and the few raw rows the report still quotes.
#[derive(Debug)]
pub struct Measured {
    /// The metrics of the wave.
    pub metrics: WaveMetrics,
    /// A [`WaveData`] holding only the open answers the report may quote (a bounded selection,
    /// see [`accumulate::QuoteSample`]) and the data quality; not the full rows.
    pub quotes: WaveData,
}

/// Stream the files of one wave through the accumulators: nothing but the per-group
/// accumulators and a bounded selection of open answers is kept, so memory does not grow with
/// the number of rows.
pub fn measure(config: &Config, org: &Organization, wave: &Wave) -> Result<Measured, SourceError> {
    let mut acc = WaveAccumulator::new(config);
    let quality = read_wave_into(config, org, wave, &mut acc)?;
    Ok(finish(config, org, wave, acc, quality))
}

/// Compute the metrics of one wave from rows already read (same figures as [`measure`]).
pub fn compute(config: &Config, org: &Organization, wave: &Wave, data: &WaveData) -> WaveMetrics {
    let mut acc = WaveAccumulator::new(config);
    acc.add_all(data);
    finish(config, org, wave, acc, data.quality.clone()).metrics
}

fn finish(
    config: &Config,
    org: &Organization,
    wave: &Wave,
    mut acc: WaveAccumulator,
    quality: DataQuality,
) -> Measured {
    // Departments of org.yaml get a slot even without data, so they are listed.
    for d in &org.meta.departments {
        acc.departments.slot(Some(&d.id));
    }
    acc.canonicalize(|id| {
        let known = &org.meta.departments;
        known.iter().position(|d| d.id == id).unwrap_or(known.len())
    });
    let hidden = Hidden::decide(config, &acc);
    let layers = acc.layers();
    let customers = acc.all_customers();
    let mut staff = acc.empty_employees();
    let cells: Vec<(EmployeeAcc, bool)> = (0..layers)
        .map(|l| {
            let cell = acc.layer_employees(l);
            staff.merge(&cell);
            (cell, hidden.layer(l))
        })
        .collect();
    let first = slice(config, &customers, &staff, &cells);
    let (orientation, enablement) = employee_families(config, &staff, &cells);
    let has_file = |kind: FileKind| quality.has_file(kind);
    let (interactions_csv, mood_csv, complaints_csv) =
        (FileKind::Interactions, FileKind::Mood, FileKind::Complaints);
    let mut complaints = complaints::survey(config, &customers.complaints, &staff.complaint_score);
    let slots = acc.departments.slots();
    if has_file(complaints_csv) {
        let mut all = complaints::LogAcc::default();
        (0..slots).for_each(|s| all.merge(acc.complaint_log.get(s)));
        complaints.log = Some(complaints::log(&all));
    }
    let interactions = has_file(interactions_csv).then(|| {
        let mut all = interactions::InteractionAcc::default();
        (0..slots).for_each(|s| all.merge(acc.interactions.get(s)));
        interactions::agreement(&all)
    });
    let mood = has_file(mood_csv)
        .then(|| mood::breakdown(&acc.mood, slots, config.anonymity.min_employees));
    let families = departments::Families {
        complaint_log: has_file(complaints_csv),
        interactions: has_file(interactions_csv),
        mood: mood.as_ref().map(|m| &m.by_slot),
    };
    let departments = departments::all(config, org, &acc, &hidden, &families);
    let mut first = first;
    layers::compare(
        config,
        &mut first.layers,
        &first.aspects,
        &acc.employee_rows,
    );
    let mut metrics = WaveMetrics {
        schema_version: SCHEMA_VERSION,
        org: org.id.clone(),
        org_name: org.meta.name.clone(),
        wave: wave.id.clone(),
        wave_label: wave.label().to_string(),
        language: org.meta.language,
        n: Counts {
            customers: customers.respondents,
            employees: staff.respondents,
            customers_eff: customers
                .weights
                .is_weighted()
                .then(|| customers.weights.n_eff()),
            employees_eff: staff.weights.is_weighted().then(|| staff.weights.n_eff()),
        },
        figures: first.figures(config, customers.respondents, complaints),
        orientation,
        enablement,
        interactions,
        mood: mood.map(|m| m.overall),
        departments,
        themes: acc.themes.finish(&config.themes),
        data_quality: quality.clone(),
        last_date: acc.last_date,
    };
    families::correct(config, &mut metrics);
    Measured {
        metrics,
        quotes: acc.quotes.into_wave_data(quality),
    }
}
