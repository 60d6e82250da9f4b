//! Command-line interface. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// spiegel — mirror-survey (spiegelonderzoek) reports: customers' ratings set against how
/// staff think customers rate them, per organization, as PDF reports with charts.
#[derive(Debug, Parser)]
#[command(name = "spiegel", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file.
    #[arg(long, short, global = true, default_value = "config/spiegel.yaml")]
    pub config: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute metrics and render the reports of every organization.
    Run {
        /// Only this organization (repeatable).
        #[arg(long = "org")]
        orgs: Vec<String>,
        /// Report this wave instead of the latest.
        #[arg(long)]
        wave: Option<String>,
        /// Data folder (overrides `paths.data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output folder (overrides `paths.output`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: number of cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Check the configuration and all data without rendering.
    Validate {
        /// Data folder (overrides `paths.data`).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Write realistic synthetic survey data with planted effects.
    Generate {
        /// Number of organizations.
        #[arg(long, default_value_t = 3)]
        orgs: usize,
        /// Waves per organization.
        #[arg(long, default_value_t = 3)]
        waves: usize,
        /// Random seed; the same seed gives the same files.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
}
