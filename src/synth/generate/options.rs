//! What `spiegel generate` is asked for: the size and seed of a data set, the questionnaire
//! it is written for, what was written, and the checks that refuse impossible requests.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use super::Scenario;
use super::cells::{customer_header, employee_header};

/// How the bundled sample `data/` was produced (`cargo run --example generate_sample` does the
/// same through the library).
pub const SAMPLE_COMMAND: &str = "spiegel generate --orgs 3 --waves 3 --seed 2026 --out data";

/// Size and seed of a generated data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of organizations. The first three are the curated sample organizations; later
    /// ones are synthetic (e.g. "Gemeente Noordwaard").
    pub orgs: usize,
    /// Waves per organization: consecutive quarters ending at 2026-Q3.
    pub waves: usize,
    /// Seed; the same seed and options give byte-identical output.
    pub seed: u64,
    /// Mean number of customer respondents per organization and wave.
    pub customers_per_wave: usize,
    /// Mean number of employee respondents per organization and wave.
    pub employees_per_wave: usize,
    /// Mean number of logged interactions per organization and wave.
    pub interactions_per_wave: usize,
    /// Working days of fieldwork per wave (mood is recorded on each of them), 1–60.
    pub mood_days: usize,
    /// The realistic sample, or a calibration scenario (nothing going on, or one planted
    /// effect); see `docs/statistics.md`.
    pub scenario: Scenario,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            orgs: 3,
            waves: 3,
            seed: 2026,
            customers_per_wave: 200,
            employees_per_wave: 60,
            interactions_per_wave: 300,
            mood_days: 20,
            scenario: Scenario::Realistic,
        }
    }
}

/// The options the bundled sample `data/` was generated with (see [`SAMPLE_COMMAND`]).
pub fn sample_options() -> GenerateOptions {
    GenerateOptions::default()
}

/// The questionnaire the data is generated for: aspect ids and layer ids from the config.
/// Layers are ordered from closest to the customer (frontline) to furthest (board).
#[derive(Debug, Clone, Copy)]
pub struct Questionnaire<'a> {
    pub aspects: &'a [&'a str],
    pub layers: &'a [&'a str],
}

/// What [`generate`] wrote.
#[derive(Debug, Default)]
pub struct GenerateReport {
    /// Organizations written.
    pub organizations: usize,
    /// Waves per organization.
    pub waves: usize,
    /// Files written (YAML and CSV).
    pub files: usize,
    /// CSV data rows written (headers not counted).
    pub rows: u64,
}

/// Upper bound on each per-wave count: far above any real survey, low enough that a typo
/// cannot exhaust memory.
pub(super) const MAX_PER_WAVE: usize = 1_000_000;

pub(super) fn validate(q: &Questionnaire, opts: &GenerateOptions) -> Result<()> {
    if opts.waves == 0 {
        bail!("--waves must be at least 1");
    }
    if opts.waves > 400 {
        bail!(
            "--waves {} is more than a century of quarters; use at most 400",
            opts.waves
        );
    }
    if !(1..=60).contains(&opts.mood_days) {
        bail!(
            "mood_days must be between 1 and 60 (working days of fieldwork within one quarter), got {}",
            opts.mood_days
        );
    }
    for (name, value) in [
        ("customers per wave", opts.customers_per_wave),
        ("employees per wave", opts.employees_per_wave),
        ("interactions per wave", opts.interactions_per_wave),
    ] {
        if value > MAX_PER_WAVE {
            bail!("{name} is {value}; at most {MAX_PER_WAVE} per organization and wave");
        }
    }
    if q.layers.is_empty() {
        bail!("the questionnaire has no layers; employees need at least one layer id");
    }
    let mut seen = BTreeSet::new();
    for layer in q.layers {
        if layer.trim().is_empty() || !seen.insert(*layer) {
            bail!("layer id {layer:?} is empty or appears twice");
        }
    }
    for header in [customer_header(q.aspects), employee_header(q.aspects)] {
        let mut seen = BTreeSet::new();
        for column in &header {
            if column.trim().is_empty() {
                bail!("an aspect id is empty");
            }
            if !seen.insert(column.as_str()) {
                bail!(
                    "column {column:?} would appear twice: aspect ids must be unique and must not clash with fixed columns"
                );
            }
        }
    }
    Ok(())
}
