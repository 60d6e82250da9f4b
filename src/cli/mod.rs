//! Command-line interface. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::log::LogFormat;
use crate::shard::Shard;

/// spiegel — mirror-survey (spiegelonderzoek) reports: customers' ratings set against how
/// staff think customers rate them, per organization, as PDF reports with charts.
#[derive(Debug, Parser)]
#[command(name = "spiegel", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file.
    #[arg(long, short, global = true, default_value = "config/spiegel.yaml")]
    pub config: PathBuf,
    /// Log format on stderr: `human` (with a progress bar on a terminal) or `json` (one
    /// object per line, for schedulers).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute metrics and render the reports of every organization that changed.
    ///
    /// Exit status: 0 all reports delivered or up to date, 1 some failed (the others were
    /// delivered), 2 configuration or usage error (nothing was run).
    Run {
        /// Only this organization (repeatable).
        #[arg(long = "org")]
        orgs: Vec<String>,
        /// Report this wave instead of the latest (organizations without it are skipped).
        #[arg(long, conflicts_with = "all_waves")]
        wave: Option<String>,
        /// Report every wave, not only the latest.
        #[arg(long)]
        all_waves: bool,
        /// Rebuild even reports whose inputs did not change.
        #[arg(long)]
        force: bool,
        /// Only say what would be built; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Only the organizations of shard K of N (0-based K, e.g. `--shard
        /// $JOB_COMPLETION_INDEX/4`); writes `manifest.shard-K-of-N.json`.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Data folder (overrides `paths.data`).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output folder (overrides `paths.output`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads and the most typst processes at once (default: number of cores).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// After the run, e-mail new and changed reports to the account managers (as
        /// `spiegel deliver`; not with `--shard`: deliver after `merge-manifests`).
        #[arg(long, conflicts_with_all = ["shard", "dry_run"])]
        deliver: bool,
    },
    /// E-mail each account manager one message with their organizations' new and changed
    /// reports (settings: `delivery:` in the configuration; docs/delivery.md). Every report
    /// version is delivered once; a failed send is retried by the next run.
    ///
    /// Exit status: 0 all messages accepted (or nothing to send), 1 some failed (they are
    /// retried next time), 2 configuration or usage error.
    Deliver {
        /// Write the messages as .eml files (into `--outbox`) instead of sending them;
        /// nothing is recorded as delivered.
        #[arg(long)]
        dry_run: bool,
        /// Folder for the .eml files of a dry run (default: `<output>/outbox`).
        #[arg(long, requires = "dry_run")]
        outbox: Option<PathBuf>,
        /// Data folder (overrides `paths.data`): where the account managers are read.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Output folder (overrides `paths.output`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check the configuration and all data without rendering; print every problem with
    /// file, line and column. Exit status 0 when there is none, 1 otherwise.
    Validate {
        /// Data folder (overrides `paths.data`).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Merge the manifests of a sharded run (`manifest.shard-K-of-N.json`) into
    /// `manifest.json`. Exit status 1 when a shard is missing or a report failed.
    MergeManifests {
        /// Output folder the shards wrote to (default: `paths.output`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The number of shards N (default: the N of the newest shard manifest).
        #[arg(long, value_name = "N")]
        shards: Option<u32>,
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
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
}
