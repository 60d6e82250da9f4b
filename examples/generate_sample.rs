//! Produces the bundled sample `data/`: three curated organizations × three waves, seed 2026.
//!
//! ```text
//! cargo run --example generate_sample            # writes data/
//! cargo run --example generate_sample -- DIR     # writes DIR/ instead
//! ```
//!
//! Equivalent to `spiegel generate --orgs 3 --waves 3 --seed 2026 --out data` with the
//! questionnaire (aspect and layer ids) of `config/spiegel.yaml`. The output is byte-identical
//! on every platform, so re-running it on an unchanged generator leaves `git status` clean.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Deserialize;
use spiegel::synth::generate::{self, Questionnaire};

/// The parts of `config/spiegel.yaml` the generator needs.
#[derive(Deserialize)]
struct Config {
    layers: Vec<Id>,
    questionnaire: QuestionnaireConfig,
}

#[derive(Deserialize)]
struct QuestionnaireConfig {
    aspects: Vec<Id>,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

fn main() -> Result<()> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("data"), PathBuf::from);
    let config_path = "config/spiegel.yaml";
    let text = std::fs::read_to_string(config_path)
        .with_context(|| format!("reading {config_path} (run from the repository root)"))?;
    let config: Config =
        serde_saphyr::from_str(&text).with_context(|| format!("parsing {config_path}"))?;
    let aspects: Vec<&str> = config
        .questionnaire
        .aspects
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    let layers: Vec<&str> = config.layers.iter().map(|l| l.id.as_str()).collect();
    let q = Questionnaire {
        aspects: &aspects,
        layers: &layers,
    };
    let report = generate::generate(&q, &generate::sample_options(), &out)?;
    eprintln!(
        "{}: {} organizations × {} waves, {} files, {} rows",
        out.display(),
        report.organizations,
        report.waves,
        report.files,
        report.rows
    );
    Ok(())
}
