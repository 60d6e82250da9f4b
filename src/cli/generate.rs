//! `spiegel generate`: write realistic synthetic survey data with planted effects.

use std::path::PathBuf;

use clap::Args;

use super::Global;
use crate::config::Config;
use crate::synth::generate;

/// Arguments of `spiegel generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of organizations.
    #[arg(long, default_value_t = 3)]
    orgs: usize,
    /// Waves per organization.
    #[arg(long, default_value_t = 3)]
    waves: usize,
    /// Random seed; the same seed gives the same files.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Mean customer respondents per organization and wave.
    #[arg(long, default_value_t = 200)]
    customers: usize,
    /// Mean employee respondents per organization and wave.
    #[arg(long, default_value_t = 60)]
    employees: usize,
    /// Mean logged interactions per organization and wave.
    #[arg(long, default_value_t = 300)]
    interactions: usize,
    /// Working days of fieldwork (mood records) per wave, 1–60.
    #[arg(long, default_value_t = 20)]
    mood_days: usize,
    /// `realistic` (the sample's mix of planted effects), `null` (nothing going on) or one
    /// planted effect: blind-spot, hidden-strength, leadership-importance, distant-board,
    /// broad-decline (docs/statistics.md).
    #[arg(long, default_value = "realistic")]
    scenario: generate::Scenario,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

/// Generate into `--out` with the configured questionnaire and layers.
pub fn run(global: &Global, args: GenerateArgs) -> anyhow::Result<u8> {
    let GenerateArgs {
        orgs,
        waves,
        seed,
        customers,
        employees,
        interactions,
        mood_days,
        scenario,
        out,
    } = args;
    let config = Config::load(&global.config)?;
    let (aspects, layers) = (config.aspect_ids(), config.layer_ids());
    let q = generate::Questionnaire {
        aspects: &aspects,
        layers: &layers,
    };
    let opts = generate::GenerateOptions {
        orgs,
        waves,
        seed,
        customers_per_wave: customers,
        employees_per_wave: employees,
        interactions_per_wave: interactions,
        mood_days,
        scenario,
    };
    let r = generate::generate(&q, &opts, &out)?;
    tracing::info!(
        "wrote {} organizations × {} waves: {} files, {} rows into {}",
        r.organizations,
        waves,
        r.files,
        r.rows,
        out.display()
    );
    Ok(0)
}
